"""Altair charts for the pages: who held each site when, troop numbers, counts and areas over time."""

from __future__ import annotations

from datetime import date

import altair as alt
import geopandas as gpd
import pandas as pd

from . import codes, styling
from .timeline import TIMELINE_START

FORCE_SCALE = alt.Scale(domain=list(codes.FORCES), range=[s.colour for s in styling.FORCE_STYLES.values()])
GROUP_SCALE = alt.Scale(domain=list(codes.GROUPS), range=list(styling.GROUP_COLOURS.values()))


def site_holdings(frame: gpd.GeoDataFrame, cutoff: date) -> pd.DataFrame:
    """One row per position with an end (``cutoff`` when still held), for a Gantt chart."""
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table["until"] = table["end"].fillna(pd.Timestamp(cutoff))
    table["still_held"] = table["end"].isna()
    table["force_label"] = table["force"].map(codes.FORCES)
    return table


def holdings_gantt(frame: gpd.GeoDataFrame, cutoff: date, day: date | None = None) -> alt.Chart:
    """Who held each site when: a row per place and force, so handovers and shared bases both show."""
    table = site_holdings(frame, cutoff)
    table["shown_from"] = table["start"].clip(lower=pd.Timestamp(TIMELINE_START))
    # one row per place and force, places in order of first arrival, forces in legend order
    first = table.groupby("place")["start"].transform("min")
    table["force_order"] = table["force"].map({f: i for i, f in enumerate(codes.FORCES)})
    table["row"] = table["place"] + " · " + table["force_label"].str.split(" \\(").str[0]
    rows = table.assign(first=first).sort_values(["first", "place", "force_order"])["row"].drop_duplicates().tolist()
    x_scale = alt.Scale(domain=[pd.Timestamp(TIMELINE_START).isoformat(), pd.Timestamp(cutoff).isoformat()])
    bars = (
        alt.Chart(table)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("shown_from:T", title=None, scale=x_scale),
            x2="until:T",
            y=alt.Y(
                "row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False, labelFontSize=10)
            ),
            color=alt.Color(
                "force:N", scale=FORCE_SCALE, legend=alt.Legend(title="Force", labelExpr=_labels(), labelLimit=260)
            ),
            tooltip=[
                "name:N",
                "force_label:N",
                alt.Tooltip("start:T", format="%Y-%m-%d"),
                alt.Tooltip("until:T", format="%Y-%m-%d", title="until (or cut-off)"),
                "successor:N",
                "confidence:N",
            ],
        )
    )
    layers = [bars]
    if day is not None:
        layers.append(alt.Chart(pd.DataFrame({"day": [pd.Timestamp(day)]})).mark_rule(color="black").encode(x="day:T"))
    return alt.layer(*layers).properties(height=alt.Step(16))


def _labels(table: dict[str, str] = codes.FORCES) -> str:
    """A Vega expression showing each code's label in a legend."""
    pairs = ", ".join(f"'{k}': '{v}'" for k, v in table.items())
    return f"({{{pairs}}})[datum.label] || datum.label"


def troops_chart(troops: pd.DataFrame, forces: list[str] | None = None, day: date | None = None) -> alt.Chart:
    """Troop numbers by force over time; points are the sourced figures, lines only join them."""
    data = troops if forces is None else troops[troops["force"].isin(forces)]
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("troops:Q", title="Troops"),
        color=alt.Color(
            "force:N", scale=FORCE_SCALE, legend=alt.Legend(title="Force", labelExpr=_labels(), labelLimit=260)
        ),
    )
    chart = base.mark_line(strokeDash=[4, 3], opacity=0.6) + base.mark_point(filled=True, size=60).encode(
        shape=alt.Shape("kind:N", title="Figure"),
        tooltip=["force_label:N", alt.Tooltip("date:T", format="%Y-%m-%d"), "troops:Q", "kind:N", "notes:N"],
    )
    if day is not None:
        chart = chart + alt.Chart(pd.DataFrame({"day": [pd.Timestamp(day)]})).mark_rule(color="black").encode(x="day:T")
    return chart.properties(height=320)


def positions_over_time_chart(table: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(table)
        .mark_area()
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("positions:Q", stack=True, title="Active positions"),
            color=alt.Color(
                "force:N", scale=FORCE_SCALE, legend=alt.Legend(title="Force", labelExpr=_labels(), labelLimit=260)
            ),
            tooltip=["force:N", alt.Tooltip("date:T", format="%Y-%m"), "positions:Q"],
        )
        .properties(height=280)
    )


def area_over_time_chart(table: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(table)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("area_km2:Q", title="Area (km², equal-area)"),
            color=alt.Color(
                "group:N",
                scale=GROUP_SCALE,
                legend=alt.Legend(title="Group", labelExpr=_labels(codes.GROUPS), labelLimit=260),
            ),
            tooltip=["group:N", alt.Tooltip("date:T", format="%Y-%m"), alt.Tooltip("area_km2:Q", format=",")],
        )
        .properties(height=280)
    )
