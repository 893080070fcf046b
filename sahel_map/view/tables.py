"""Tables built from the layers, holding codes (no Streamlit, no labels: :mod:`sahel_map.look.tables`
turns codes into words in the reader's language)."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd

from .timeline import active_mask, parse_day


def positions_table(frame: gpd.GeoDataFrame, day: date | str) -> pd.DataFrame:
    """One row per position with its status on ``day`` (active, not yet, ended)."""
    stamp = pd.Timestamp(parse_day(day))
    status = pd.Series("ended", index=frame.index)
    status[frame["start"] > stamp] = "not yet"
    status[active_mask(frame, day)] = "active"
    table = pd.DataFrame(
        {
            "name": frame["name"],
            "place": frame["place"],
            "force": frame["force"],
            "nations": frame["nations"].map(lambda v: list(v) if isinstance(v, (list, tuple)) else []),
            "kind": frame["kind"],
            "start": frame["start"].dt.date,
            "end": frame["end"].dt.date,
            "successor": frame.get("successor"),
            "status": status,
            "confidence": frame["confidence"],
            "sources": frame["sources"].map(len),
        }
    )
    return table.sort_values(["start", "place"]).reset_index(drop=True)


def filter_positions(table: pd.DataFrame, force=(), nation=(), kind=(), status=()) -> pd.DataFrame:
    """Rows matching every non-empty filter (a position matches a nation if that nation served there)."""
    mask = pd.Series(True, index=table.index)
    if force:
        mask &= table["force"].isin(force)
    if nation:
        mask &= table["nations"].map(lambda values: bool(set(values) & set(nation)))
    if kind:
        mask &= table["kind"].isin(kind)
    if status:
        mask &= table["status"].isin(status)
    return table[mask]


def events_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": frame["start"].dt.date,
            "title": frame["title"],
            "kind": frame["kind"],
            "place": frame.get("place"),
            "actors": frame["actors"].map(lambda v: ", ".join(v) if isinstance(v, (list, tuple)) else ""),
            "confidence": frame["confidence"],
        }
    ).sort_values("date")
