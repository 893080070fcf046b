"""Checks across layers: the data must agree with itself. Each finding is a warning naming the feature.

* an event attributed to a group lies inside, or within 25 km of, a zone of that group active on its
  date, or its notes say why not ("outside its zones");
* no "control" zone of a jihadist group covers a position of a state or foreign force active the
  same day (draw "influence" there, or cut the town out with a recipe's ``minus``);
* a position's ``successor`` names a force that has a position within 5 km from that day, or its notes
  say why not ("successor elsewhere");
* no position starts before its operation began (:data:`~sahel_map.data.codes.OPERATION_STARTS`),
  or its notes say why ("before the operation date");
* a town label of the basemap named like a place of the layers sits within 50 km of the features
  placed there (the Sahelian town, not a namesake elsewhere).

``python -m sahel_map validate`` prints these; the app loads data whatever they say.

>>> from sahel_map.data import load_dataset
>>> [str(p) for p in consistency(load_dataset())]
[]
"""

from __future__ import annotations

from collections.abc import Iterator

import geopandas as gpd
import pandas as pd

from . import codes
from .dataset import Dataset
from .problems import Problem

EQUAL_AREA = "ESRI:102022"  # metres
EVENT_REACH_M = 25_000
SUCCESSOR_REACH_M = 5_000
LABEL_REACH_M = 50_000
#: actor spellings that mean a group code
ALIASES = {"Ansarul Islam": "ansarul_islam"}


def _active(frame: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    return (frame["start"].isna() | (frame["start"] <= day)) & (frame["end"].isna() | (day < frame["end"]))


def _says(notes, phrase: str) -> bool:
    return isinstance(notes, str) and phrase in notes


def events_near_their_groups(events: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> Iterator[Problem]:
    for event in events.itertuples():
        if getattr(event, "outside_frame", None) is True or _says(getattr(event, "notes", None), "outside its zones"):
            continue
        actors = event.actors if isinstance(event.actors, (list, tuple)) else []
        for group in sorted({ALIASES.get(a, a) for a in actors} & set(codes.GROUPS)):
            own = zones[(zones["group"] == group) & _active(zones, event.start)]
            distance = own.geometry.distance(event.geometry).min() if len(own) else float("inf")
            if distance > EVENT_REACH_M:
                where = f"{distance / 1000:.0f} km from its nearest active zone" if len(own) else "no active zone"
                yield Problem(
                    "events.geojson",
                    event.id,
                    "actors",
                    f"{group}: {where} on {event.start.date()} (explain in notes: 'outside its zones')",
                    True,
                )


def control_zones_clear_of_positions(zones: gpd.GeoDataFrame, positions: gpd.GeoDataFrame) -> Iterator[Problem]:
    state = positions[positions["force"] != "cma"]
    far_end = pd.Timestamp.max
    for zone in zones[zones["level"] == "control"].itertuples():
        end = zone.end if pd.notna(zone.end) else far_end
        overlapping = state[(state["start"] < end) & (state["end"].fillna(far_end) > zone.start)]
        for position in overlapping[overlapping.intersects(zone.geometry)].itertuples():
            yield Problem(
                "jihadist_zones.geojson",
                zone.id,
                "level",
                f"control zone covers {position.id} ({position.force}) held at the same time: draw 'influence' "
                "there or cut the town out",
                True,
            )


def successors_take_over(positions: gpd.GeoDataFrame) -> Iterator[Problem]:
    for position in positions.itertuples():
        successor = (
            getattr(position, "successor", None) if isinstance(getattr(position, "successor", None), str) else ""
        )
        force = successor.split()[0] if successor else ""
        if (
            force not in codes.FORCES
            or pd.isna(position.end)
            or _says(getattr(position, "notes", None), "successor elsewhere")
        ):
            continue
        theirs = positions[(positions["force"] == force) & (positions["id"] != position.id)]
        held = theirs[_active(theirs, position.end)]
        distance = held.geometry.distance(position.geometry).min() if len(held) else float("inf")
        if distance > SUCCESSOR_REACH_M:
            yield Problem(
                "military_positions.geojson",
                position.id,
                "successor",
                f"no {force} position within 5 km on {position.end.date()} (explain in notes: 'successor elsewhere')",
                True,
            )


def positions_after_their_operation(positions: gpd.GeoDataFrame) -> Iterator[Problem]:
    for position in positions.itertuples():
        began = codes.OPERATION_STARTS.get(position.force)
        if (
            began
            and position.start < pd.Timestamp(began)
            and not _says(getattr(position, "notes", None), "before the operation date")
        ):
            yield Problem(
                "military_positions.geojson",
                position.id,
                "start",
                f"{position.start.date()} is before {position.force} began ({began})",
                True,
            )


def town_labels_where_the_layers_put_them(data: Dataset, frames: dict) -> Iterator[Problem]:
    """A label named like a place of the layers sits near that place (not on a namesake elsewhere)."""
    towns = data.basemap.towns
    if towns is None or not len(towns):
        return
    towns = towns.to_crs(EQUAL_AREA)
    located = pd.concat(
        [frames[k][["place", "geometry"]] for k in ("military_positions", "events") if "place" in frames[k]]
    )
    for town in towns.itertuples():
        same = located[located["place"] == town.name]
        if len(same) and same.geometry.distance(town.geometry).min() > LABEL_REACH_M:
            yield Problem(
                "basemap_towns.geojson",
                str(town.name),
                "geometry",
                f"{same.geometry.distance(town.geometry).min() / 1000:.0f} km from the features placed at "
                f"{town.name}: a namesake elsewhere?",
                True,
            )


def consistency(data: Dataset) -> list[Problem]:
    """Every cross-layer warning of ``data`` (the layers reprojected to metres once)."""
    frames = {k: v.to_crs(EQUAL_AREA) for k, v in data.frames.items() if k != "tri_border"}
    return [
        *events_near_their_groups(frames["events"], frames["jihadist_zones"]),
        *control_zones_clear_of_positions(frames["jihadist_zones"], frames["military_positions"]),
        *successors_take_over(frames["military_positions"]),
        *positions_after_their_operation(frames["military_positions"]),
        *town_labels_where_the_layers_put_them(data, frames),
    ]
