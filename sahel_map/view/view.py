"""One :class:`View`: the whole state of a map, and the whole of its URL.

Every face of the product reads the same object: the live map, the download
panel, the command-line export, the briefing steps and the analysis. What a
View shows is decided here, once, by :meth:`View.active_frames` (the time rule
and the selection) and :meth:`View.shown_frames` (plus the extent, for exports).

>>> from datetime import date
>>> view = View(day=date(2021, 6, 1), layers=("military_positions",), forces=("barkhane",))
>>> view.wants_force("barkhane"), view.wants_force("wagner")
(True, False)
>>> Extent.parse("mali") == EXTENT_PRESETS["mali"]
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from ..data.dataset import primary_mask
from ..data.schema import LAYER_SPECS
from .timeline import active_on, within_window

#: thematic layer ids, in drawing order (bottom first)
THEMATIC_LAYERS: tuple[str, ...] = tuple(LAYER_SPECS)

#: the event window the app and the exports use unless told otherwise: the last 12 months
DEFAULT_EVENT_WINDOW = 365
EVENT_WINDOWS: dict[int | None, str] = {None: "all", 365: "365", 91: "91"}

BASEMAPS = ("offline", "openstreetmap", "satellite", "light", "dark")


@dataclass(frozen=True)
class Extent:
    """A lon/lat box: west, south, east, north (degrees)."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> Extent:
        """``minlon,minlat,maxlon,maxlat`` or a preset name (see :data:`EXTENT_PRESETS`)."""
        text = str(text).strip()
        if text in EXTENT_PRESETS:
            return EXTENT_PRESETS[text]
        shown = text[:60]
        try:
            west, south, east, north = (float(v) for v in text.split(","))
        except ValueError:
            presets = ", ".join(EXTENT_PRESETS)
            raise ValueError(f"bbox {shown!r} is not minlon,minlat,maxlon,maxlat nor a preset ({presets})") from None
        if not all(map(math.isfinite, (west, south, east, north))) or not (
            -180 <= west < east <= 180 and -85 <= south < north <= 85
        ):
            raise ValueError(f"bbox {shown!r}: need minlon < maxlon and minlat < maxlat, in degrees")
        return cls(west, south, east, north)

    @classmethod
    def around(cls, center: tuple[float, float], zoom: float, width_px: int, height_px: int) -> Extent:
        """The box a Leaflet map of that size shows at ``center`` and ``zoom`` (Web Mercator)."""
        radius = 6378137
        metres_per_px = 2 * math.pi * radius / (256 * 2**zoom)
        x = math.radians(center[1]) * radius
        y = math.log(math.tan(math.pi / 4 + math.radians(center[0]) / 2)) * radius

        def lon(mx):
            return max(-180.0, min(180.0, math.degrees(mx / radius)))

        def lat(my):
            return max(-85.0, min(85.0, math.degrees(2 * math.atan(math.exp(my / radius)) - math.pi / 2)))

        half_w, half_h = width_px / 2 * metres_per_px, height_px / 2 * metres_per_px
        return cls(lon(x - half_w), lat(y - half_h), lon(x + half_w), lat(y + half_h))

    @classmethod
    def from_bounds(cls, bounds: Mapping) -> Extent | None:
        """From Leaflet's ``{"_southWest": {"lat", "lng"}, "_northEast": {...}}`` (what the live map reports)."""
        try:
            sw, ne = bounds["_southWest"], bounds["_northEast"]
            west, east = max(-180.0, float(sw["lng"])), min(180.0, float(ne["lng"]))
            south, north = max(-85.0, float(sw["lat"])), min(85.0, float(ne["lat"]))
        except (KeyError, TypeError, ValueError):
            return None
        if not (west < east and south < north):
            return None
        return cls(round(west, 4), round(south, 4), round(east, 4), round(north, 4))

    def polygon(self):
        return box(self.west, self.south, self.east, self.north)

    @property
    def center(self) -> tuple[float, float]:
        return ((self.south + self.north) / 2, (self.west + self.east) / 2)

    def __str__(self) -> str:
        return f"{self.west:g},{self.south:g},{self.east:g},{self.north:g}"


#: named extents for exports (``--bbox mali``); ``mali`` is the default: Mali and the tri-border area
EXTENT_PRESETS: dict[str, Extent] = {
    "mali": Extent(-12.5, 9.8, 4.8, 25.2),
    "tri_border": Extent(-2.8, 12.2, 4.2, 16.8),
    "sahel": Extent(-17.5, 8.5, 24.0, 24.5),
}
DEFAULT_EXTENT = EXTENT_PRESETS["mali"]
#: the live maps open on the same focused view: Mali and the tri-border area on a 940 x 620 px map
DEFAULT_CENTER = (17.3, -3.8)
DEFAULT_ZOOM = 5.75


@dataclass(frozen=True)
class View:
    """What a map shows: the day, the layers and, within them, which forces, groups and areas.

    ``None`` for ``forces``/``groups`` means all of them; ``areas`` names the
    tri-border definitions drawn (``None``: the primary one). ``extent`` is
    the box an export shows (``None``: :data:`DEFAULT_EXTENT`); the live map
    keeps it in step with what the viewer panned to.
    """

    day: date
    layers: tuple[str, ...] = THEMATIC_LAYERS
    forces: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    event_window_days: int | None = DEFAULT_EVENT_WINDOW
    areas: tuple[str, ...] | None = None
    extent: Extent | None = None
    center: tuple[float, float] = DEFAULT_CENTER
    zoom: float = DEFAULT_ZOOM
    basemap: str = "offline"
    lang: str = "en"

    def with_(self, **changes) -> View:
        return replace(self, **changes)

    def wants_force(self, force: str) -> bool:
        return self.forces is None or force in self.forces

    def wants_group(self, group: str) -> bool:
        return self.groups is None or group in self.groups

    @property
    def box(self) -> Extent:
        return self.extent or DEFAULT_EXTENT

    def active_frames(self, layers: Mapping[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
        """Each selected layer's features active on the day, narrowed to the selected forces, groups and areas."""
        out: dict[str, gpd.GeoDataFrame] = {}
        for layer_id in THEMATIC_LAYERS:
            if layer_id not in self.layers or layer_id not in layers:
                continue
            frame = layers[layer_id]
            if layer_id == "events":
                frame = within_window(frame, self.day, self.event_window_days)
                if "outside_frame" in frame:  # announced far away: in the chronology, not on the map
                    frame = frame[~frame["outside_frame"].astype("boolean").fillna(False)]
            else:
                frame = active_on(frame, self.day)
            if layer_id == "military_positions" and self.forces is not None:
                frame = frame[frame["force"].isin(self.forces)]
            if layer_id == "jihadist_zones" and self.groups is not None:
                frame = frame[frame["group"].isin(self.groups)]
            if layer_id == "tri_border":
                frame = frame[area_mask(frame, self.areas)]
            out[layer_id] = frame
        return out

    def shown_frames(self, layers: Mapping[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
        """What an export of this view holds: the active features that touch the extent, empty layers left out."""
        area = self.box.polygon()
        frames = {k: v[v.intersects(area)] for k, v in self.active_frames(layers).items()}
        return {k: v for k, v in frames.items() if len(v)}


def area_mask(frame: pd.DataFrame, areas: tuple[str, ...] | None) -> pd.Series:
    """Which tri-border definitions to draw: the named ones, or the primary definition."""
    if areas is not None:
        return frame["id"].isin(areas)
    return primary_mask(frame)
