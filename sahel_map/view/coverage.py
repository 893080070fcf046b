"""Coverage: how much of an area lay within R km of the active positions of some forces on a day.

Each position's ring is a geodesic circle: a buffer of R km in the position's own azimuthal
equidistant projection (distances from its centre are true there), carried into the Africa Albers
equal-area projection (:data:`~sahel_map.view.analysis.EQUAL_AREA_CRS`) where the rings are unioned,
cut to the area and measured. Rings are made once per position and radius, and each union once per
set of active positions, so a monthly series costs one union per distinct set, not per month.

>>> from datetime import date
>>> from sahel_map.data import load_dataset
>>> answer = coverage(load_dataset(), date(2021, 6, 1), 100, PRESETS["foreign"], "mali")
>>> 0.05 < answer.share < 0.5, answer.area
(True, 'mali')
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import Point, Polygon

from ..data import codes
from .analysis import EQUAL_AREA_CRS
from .timeline import active_mask, parse_day
from .view import area_mask

#: force presets; ``foreign``: every force from outside Mali in the data, as the issue lists them
PRESETS: dict[str, tuple[str, ...]] = {
    "foreign": ("serval", "barkhane", "france", "takuba", "minusma", "eutm", "g5_sahel", "us"),
    "malian": ("fama",),
    "russian": ("wagner", "africa_corps"),
}
PRESET_LABELS: dict[str, str] = {
    "foreign": codes.N_("Foreign forces"),
    "malian": codes.N_("Malian forces"),
    "russian": codes.N_("Russian forces"),
}
#: area names: a country of the basemap (by ISO3), or the tri-border area in its primary definition
AREAS: dict[str, str | None] = {"mali": "MLI", "burkina_faso": "BFA", "niger": "NER", "tri_border": None}
AREA_LABELS: dict[str, str] = {
    "mali": codes.N_("Mali"),
    "burkina_faso": codes.N_("Burkina Faso"),
    "niger": codes.N_("Niger"),
    "tri_border": codes.N_("Tri-border area"),
}
MIN_RADIUS_KM, MAX_RADIUS_KM = 10, 500
#: vertices per ring: the polygon's area is within 0.04 % of the circle's
VERTICES = 128
STEP_FREQ = {"month": "MS", "quarter": "QS", "year": "YS"}


@dataclass(frozen=True)
class Coverage:
    """One answer: the area, what the rings covered of it, and the share."""

    date: str
    radius_km: float
    area: str
    forces: list[str]
    area_km2: float
    covered_km2: float
    share: float

    def as_dict(self) -> dict:
        return asdict(self)


def check_radius(radius_km: float) -> float:
    try:
        radius = float(radius_km)
    except (TypeError, ValueError):
        raise ValueError(f"radius {str(radius_km)[:20]!r} is not a number of km") from None
    if not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:
        raise ValueError(f"radius {radius:g} km is outside {MIN_RADIUS_KM} to {MAX_RADIUS_KM} km")
    return radius


def parse_forces(raw: str | Iterable[str] | None) -> tuple[str, ...]:
    """Force codes from ``barkhane,takuba``, a preset name (``foreign``) or a mix; default the foreign forces."""
    if raw is None:
        return PRESETS["foreign"]
    parts = [p.strip() for p in (raw.split(",") if isinstance(raw, str) else raw) if str(p).strip()]
    if not parts:
        raise ValueError("no force given")
    out: list[str] = []
    for part in parts:
        found = PRESETS.get(part, (part,) if part in codes.FORCES else None)
        if found is None:
            known = ", ".join([*PRESETS, *codes.FORCES])
            raise ValueError(f"unknown force {part[:30]!r} (known: {known})")
        out += [f for f in found if f not in out]
    return tuple(out)


def check_area(area: str) -> str:
    if area not in AREAS:
        raise ValueError(f"unknown area {str(area)[:30]!r} (known: {', '.join(AREAS)})")
    return area


GEOD = Geod(ellps="WGS84")
_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


def geodesic_rings(lons, lats, radius_km: float, vertices: int = VERTICES) -> list[Polygon]:
    """The geodesic circles of ``radius_km`` around points, as polygons in the equal-area projection.

    Each vertex is the point ``radius_km`` away along a geodesic (:meth:`pyproj.Geod.fwd`), at
    ``vertices`` even azimuths; all rings are computed and projected in two vectorised calls.
    """
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    if not len(lons):
        return []
    azimuths = np.linspace(0.0, 360.0, vertices, endpoint=False)
    lon0 = np.repeat(lons, vertices)
    lat0 = np.repeat(lats, vertices)
    az = np.tile(azimuths, len(lons))
    ring_lons, ring_lats, _ = GEOD.fwd(lon0, lat0, az, np.full(az.shape, radius_km * 1000.0))
    xs, ys = _TO_EQUAL_AREA.transform(ring_lons, ring_lats)
    xs, ys = np.reshape(xs, (len(lons), vertices)), np.reshape(ys, (len(lons), vertices))
    return [Polygon(np.column_stack([x, y])) for x, y in zip(xs, ys, strict=True)]


def aeqd_ring(lon: float, lat: float, radius_km: float, crs=EQUAL_AREA_CRS) -> Polygon:
    """The same circle made the other way: a buffer in the point's own azimuthal equidistant projection
    (slower: one projection per point; kept as an independent check of :func:`geodesic_rings`)."""
    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    transform = Transformer.from_crs(aeqd, crs, always_xy=True).transform
    circle = Point(0, 0).buffer(radius_km * 1000, quad_segs=VERTICES // 4)
    xs, ys = transform(*circle.exterior.coords.xy)
    return Polygon(zip(xs, ys, strict=True))


def step_days(first: date, last: date, step: str) -> list[date]:
    """Month, quarter or year starts from ``first`` to ``last``, both ends included."""
    if step not in STEP_FREQ:
        raise ValueError(f"unknown step {str(step)[:20]!r} (use {', '.join(STEP_FREQ)})")
    if last < first:
        raise ValueError(f"the end {last} is before the start {first}")
    days = [d.date() for d in pd.date_range(first, last, freq=STEP_FREQ[step])]
    return sorted({first, *days, last})


class CoverageModel:
    """The areas and positions of one dataset, with the rings and unions already computed."""

    def __init__(self, data):
        self.data = data
        positions = data.frames["military_positions"]
        self.positions = positions
        self._ids = positions["id"].astype(str).to_numpy()
        self._force = positions["force"].astype(str).to_numpy()
        self._rings: dict[float, list[Polygon]] = {}
        self._unions: dict[tuple[frozenset, float], object] = {}
        self._covered: dict[tuple[frozenset, float, str], float] = {}
        self._areas: dict[str, object] = {}
        self._series: dict[tuple, list[Coverage]] = {}

    def area_shape(self, area: str):
        """The area as one polygon in the equal-area projection (empty when the data lacks it)."""
        check_area(area)
        if area not in self._areas:
            iso3 = AREAS[area]
            if iso3 is None:
                frame = self.data.frames["tri_border"]
                frame = frame[area_mask(frame, None) & (frame.get("area", "tri_border") == "tri_border")]
            else:
                countries = self.data.basemap.countries
                frame = countries[countries["iso3"] == iso3] if "iso3" in countries else countries.iloc[:0]
            shapes = gpd.GeoSeries(frame.geometry, crs=frame.crs or "EPSG:4326").to_crs(EQUAL_AREA_CRS)
            shape = shapely.make_valid(shapes.union_all()) if len(shapes) else Polygon()
            shapely.prepare(shape)
            self._areas[area] = shape
        return self._areas[area]

    def all_rings(self, radius_km: float) -> list[Polygon]:
        """The ring of every position (in file order) for one radius, made once."""
        if radius_km not in self._rings:
            points = self.positions.geometry
            self._rings[radius_km] = geodesic_rings(points.x.to_numpy(), points.y.to_numpy(), radius_km)
        return self._rings[radius_km]

    def active_rows(self, day: date, forces: Sequence[str]) -> np.ndarray:
        """Row numbers of the positions of ``forces`` active on ``day`` (the time rule)."""
        mask = active_mask(self.positions, day).to_numpy(dtype=bool) & np.isin(self._force, list(forces))
        return np.flatnonzero(mask)

    def active(self, day: date, forces: Sequence[str]) -> gpd.GeoDataFrame:
        return self.positions.iloc[self.active_rows(parse_day(day), forces)]

    def union(self, rows: np.ndarray, radius_km: float):
        key = (frozenset(self._ids[rows]), radius_km)
        if key not in self._unions:
            rings = self.all_rings(radius_km)
            self._unions[key] = shapely.union_all([rings[i] for i in rows]) if len(rows) else Polygon()
        return self._unions[key]

    def coverage(self, day, radius_km: float, forces: Iterable[str] | str | None, area: str) -> Coverage:
        day = parse_day(day)
        radius = check_radius(radius_km)
        forces = parse_forces(forces)
        shape = self.area_shape(area)
        rows = self.active_rows(day, forces)
        key = (frozenset(self._ids[rows]), radius, area)
        if key not in self._covered:
            union = self.union(rows, radius)
            self._covered[key] = union.intersection(shape).area / 1e6 if not union.is_empty else 0.0
        area_km2 = shape.area / 1e6
        covered = self._covered[key]
        return Coverage(
            date=day.isoformat(),
            radius_km=radius,
            area=area,
            forces=list(forces),
            area_km2=round(area_km2, 1),
            covered_km2=round(covered, 1),
            share=round(covered / area_km2, 8) if area_km2 else 0.0,
        )

    def series(self, first, last, step: str, radius_km: float, forces, area: str) -> list[Coverage]:
        first, last = parse_day(first), parse_day(last)
        key = (first, last, step, check_radius(radius_km), parse_forces(forces), check_area(area))
        if key not in self._series:
            self._series[key] = [self.coverage(day, radius_km, forces, area) for day in step_days(first, last, step)]
        return self._series[key]

    def rings(self, radius_km: float, forces: Iterable[str]) -> gpd.GeoDataFrame:
        """Every position of ``forces`` with its ring in lon/lat and its time span (for the map)."""
        radius = check_radius(radius_km)
        rows = np.flatnonzero(np.isin(self._force, list(parse_forces(forces))))
        rings = self.all_rings(radius)
        frame = self.positions.iloc[rows]
        out = gpd.GeoDataFrame(
            frame[["id", "name", "force", "start", "end"]].copy(),
            geometry=gpd.GeoSeries([rings[i] for i in rows], index=frame.index, crs=EQUAL_AREA_CRS),
        )
        return out.to_crs("EPSG:4326")


_MODELS: dict[int, tuple[weakref.ref, CoverageModel]] = {}


def model_for(data) -> CoverageModel:
    """One model per dataset object, so repeated answers reuse rings and unions."""
    entry = _MODELS.get(id(data))
    if entry is None or entry[0]() is not data:
        for key in [k for k, (ref, _) in _MODELS.items() if ref() is None]:
            del _MODELS[key]
        entry = (weakref.ref(data), CoverageModel(data))
        _MODELS[id(data)] = entry
    return entry[1]


def coverage(data, day, radius_km: float, forces=None, area: str = "mali") -> Coverage:
    """The share of ``area`` within ``radius_km`` of the positions of ``forces`` active on ``day``."""
    return model_for(data).coverage(day, radius_km, forces, area)


def coverage_series(data, first, last, step: str, radius_km: float, forces=None, area: str = "mali") -> list:
    """:func:`coverage` on every month, quarter or year start from ``first`` to ``last`` (both included)."""
    return model_for(data).series(first, last, step, radius_km, forces, area)


def preset_series(
    data, radius_km: float, area: str, step: str = "month", first=None, last=None, sets=None
) -> pd.DataFrame:
    """Long table for a chart: date, preset, share and covered km², one row per step and preset
    (``sets``: name -> forces, default :data:`PRESETS`), from 2013 to the cut-off unless told otherwise."""
    first = parse_day(first or date(data.first_day.year + 1, 1, 1))
    last = parse_day(last or data.cutoff)
    rows = []
    for preset, forces in (PRESETS if sets is None else sets).items():
        for answer in coverage_series(data, first, last, step, radius_km, forces, area):
            rows.append(
                {
                    "date": pd.Timestamp(answer.date),
                    "preset": preset,
                    "share": answer.share,
                    "covered_km2": answer.covered_km2,
                }
            )
    return pd.DataFrame(rows, columns=["date", "preset", "share", "covered_km2"])
