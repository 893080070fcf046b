"""What a map shows, and the answers computed from it: no folium or Streamlit here.

>>> from datetime import date
>>> from sahel_map.data import load_dataset
>>> from sahel_map.view import View
>>> data = load_dataset()
>>> shown = View(date(2021, 6, 1), layers=("military_positions",), forces=("barkhane",)).active_frames(data.frames)
>>> "barkhane-gao" in set(shown["military_positions"]["id"])
True
"""

from .timeline import active_mask, active_on, parse_day
from .urlstate import parse_query, to_query
from .view import DEFAULT_EXTENT, EXTENT_PRESETS, THEMATIC_LAYERS, Extent, View

__all__ = [
    "DEFAULT_EXTENT",
    "EXTENT_PRESETS",
    "THEMATIC_LAYERS",
    "Extent",
    "View",
    "active_mask",
    "active_on",
    "parse_day",
    "parse_query",
    "to_query",
]
