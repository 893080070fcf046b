"""Counts and areas for a day, and their change over time.

Areas are computed in the Africa Albers Equal Area Conic projection
(ESRI:102022), so km² are comparable across the region.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd

from ..data import codes
from .timeline import active_on

EQUAL_AREA_CRS = "ESRI:102022"


@dataclass
class DayCounts:
    positions: pd.DataFrame
    zones: pd.DataFrame


def positions_per_force(frame: gpd.GeoDataFrame, day: date | str) -> pd.DataFrame:
    active = active_on(frame, day)
    counts = active.groupby("force").size() if len(active) else pd.Series(dtype=int)
    rows = [{"force": f, "positions": int(counts.get(f, 0))} for f in codes.FORCES]
    return pd.DataFrame([r for r in rows if r["positions"]], columns=["force", "positions"])


def area_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    """Each feature's area in km², in an equal-area projection."""
    if not len(frame):
        return pd.Series(dtype=float)
    return frame.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6


def zone_area_per_group(frame: gpd.GeoDataFrame, day: date | str) -> pd.DataFrame:
    """Area per group and level; overlapping zones of one group and level are dissolved first."""
    active = active_on(frame, day)
    rows = []
    if len(active):
        dissolved = active.dissolve(by=["group", "level"], as_index=False)
        for row, area in zip(dissolved.itertuples(), area_km2(dissolved), strict=True):
            rows.append({"group": row.group, "level": row.level, "area_km2": round(float(area))})
    return pd.DataFrame(rows, columns=["group", "level", "area_km2"])


def counts_for_day(frames: Mapping[str, gpd.GeoDataFrame], day: date | str) -> DayCounts:
    return DayCounts(
        positions=positions_per_force(frames["military_positions"], day),
        zones=zone_area_per_group(frames["jihadist_zones"], day),
    )


def month_starts(first: date, last: date) -> list[date]:
    return [d.date() for d in pd.date_range(first, last, freq="MS")]


def positions_over_time(frame: gpd.GeoDataFrame, days: Iterable[date]) -> pd.DataFrame:
    """Long table: day, force, active positions (for a line or area chart)."""
    rows = []
    for day in days:
        active = active_on(frame, day)
        for force, n in active.groupby("force").size().items():
            rows.append({"date": pd.Timestamp(day), "force": force, "positions": int(n)})
    return pd.DataFrame(rows, columns=["date", "force", "positions"])


def zone_area_over_time(frame: gpd.GeoDataFrame, days: Iterable[date]) -> pd.DataFrame:
    """Long table: day, group, km² (all levels dissolved together)."""
    rows = []
    projected = frame.to_crs(EQUAL_AREA_CRS) if len(frame) else frame
    for day in days:
        active = active_on(projected, day)
        if not len(active):
            continue
        for group, part in active.groupby("group"):
            rows.append(
                {
                    "date": pd.Timestamp(day),
                    "group": group,
                    "area_km2": round(float(part.geometry.union_all().area / 1e6)),
                }
            )
    return pd.DataFrame(rows, columns=["date", "group", "area_km2"])


#: the levels that mean territory out of the state's hands (the "attacks" level is contested ground)
HELD_LEVELS = ("control", "influence")


def territory_shares(
    zones: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    days: Iterable[date],
    iso3: Iterable[str] = ("MLI", "BFA", "NER"),
) -> pd.DataFrame:
    """Long table: day, country, share of the country under any zone, and under control or influence.

    Each share is the union of the zones active that day, cut to the country, over the country's area,
    both in the equal-area projection. A union is computed once per distinct set of active zones.

    >>> from sahel_map.data import load_dataset
    >>> data = load_dataset()
    >>> table = territory_shares(data.frames["jihadist_zones"], data.basemap.countries, [date(2012, 7, 1)], ["MLI"])
    >>> 0.5 < table["share_all"].iloc[0] < 0.8
    True
    """
    if "iso3" not in countries or not len(countries):
        return pd.DataFrame(columns=["date", "country", "share_all", "share_held"])
    projected = zones.to_crs(EQUAL_AREA_CRS) if len(zones) else zones
    shapes = countries[countries["iso3"].isin(list(iso3))].to_crs(EQUAL_AREA_CRS)
    rows, cache = [], {}
    for day in days:
        active = active_on(projected, day)
        for country in shapes.itertuples():
            for column, levels in (("share_all", None), ("share_held", HELD_LEVELS)):
                part = active if levels is None else active[active["level"].isin(levels)]
                key = (country.iso3, frozenset(part["id"]))
                if key not in cache:
                    inside = part.geometry.intersection(country.geometry) if len(part) else []
                    covered = gpd.GeoSeries(inside, crs=EQUAL_AREA_CRS).union_all().area if len(part) else 0.0
                    cache[key] = covered / country.geometry.area
                rows.append(
                    {"date": pd.Timestamp(day), "country": country.iso3, "measure": column, "share": cache[key]}
                )
    table = pd.DataFrame(rows, columns=["date", "country", "measure", "share"])
    return table.pivot_table(index=["date", "country"], columns="measure", values="share").reset_index()
