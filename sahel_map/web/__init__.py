"""The web face: folium/Leaflet maps, the app's own front-end files, the published layers."""

from .maps import base_map, finish, standalone_map, thematic_groups
from .safety import check_safe, make_safe, script_json

__all__ = ["base_map", "check_safe", "finish", "make_safe", "script_json", "standalone_map", "thematic_groups"]
