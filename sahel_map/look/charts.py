"""Altair charts for the pages: who held each site when, troop numbers, counts and areas over time.

Colours and shapes come from :mod:`sahel_map.look.styling` (each scale's
domain and range from the same items), forces are told apart by shape as well
as colour, and every time axis is labelled with years.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import geopandas as gpd
import pandas as pd

from ..data.dataset import TIMELINE_START
from . import styling
from .i18n import Translator

FORCE_SCALE = alt.Scale(
    domain=list(styling.FORCE_STYLES), range=[style.colour for style in styling.FORCE_STYLES.values()]
)
FORCE_SHAPES = alt.Scale(
    domain=list(styling.FORCE_STYLES),
    range=[styling.SHAPES[style.shape].vega for style in styling.FORCE_STYLES.values()],
)
GROUP_SCALE = alt.Scale(domain=list(styling.GROUP_COLOURS), range=list(styling.GROUP_COLOURS.values()))
#: a year per tick, written as a year: never "April October April..." on a wide screen
YEAR_AXIS = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelOverlap=True, title=None)


def _labels(table: str, codes_: list[str], t: Translator) -> str:
    """A Vega expression showing each code's translated label in a legend."""
    pairs = ", ".join(f"{_js(code)}: {_js(t.code(table, code))}" for code in codes_)
    return f"({{{pairs}}})[datum.label] || datum.label"


def _js(text: str) -> str:
    import json

    return json.dumps(str(text))


def _key_dates(day: date | None) -> list:
    if day is None:
        return []
    return [alt.Chart(pd.DataFrame({"day": [pd.Timestamp(day)]})).mark_rule(color="black").encode(x="day:T")]


def holdings_gantt(frame: gpd.GeoDataFrame, cutoff: date, day: date | None, t: Translator) -> alt.Chart:
    """Who held each site when: a row per place and force, so handovers and shared bases both show."""
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table["until"] = table["end"].fillna(pd.Timestamp(cutoff))
    table["shown_from"] = table["start"].clip(lower=pd.Timestamp(TIMELINE_START))
    table["force_label"] = table["force"].map(lambda c: t.code("force", c))
    table["successor_label"] = table.get("successor", pd.Series(index=table.index)).map(
        lambda c: t.code("force", c) if isinstance(c, str) else ""
    )
    first = table.groupby("place")["start"].transform("min")
    table["force_order"] = table["force"].map({f: i for i, f in enumerate(styling.FORCE_STYLES)})
    table["row"] = table["place"] + " · " + table["force_label"].str.split(" \\(").str[0]
    rows = table.assign(first=first).sort_values(["first", "place", "force_order"])["row"].drop_duplicates().tolist()
    x_scale = alt.Scale(domain=[pd.Timestamp(TIMELINE_START).isoformat(), pd.Timestamp(cutoff).isoformat()])
    present = [f for f in styling.FORCE_STYLES if f in set(table["force"])]
    bars = (
        alt.Chart(
            table[
                ["name", "force", "force_label", "row", "shown_from", "until", "start", "successor_label", "confidence"]
            ]
        )
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("shown_from:T", scale=x_scale, axis=YEAR_AXIS),
            x2="until:T",
            y=alt.Y(
                "row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False, labelFontSize=10)
            ),
            color=alt.Color(
                "force:N",
                scale=FORCE_SCALE,
                legend=alt.Legend(title=t("Force"), labelExpr=_labels("force", present, t), labelLimit=280),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("Name")),
                alt.Tooltip("force_label:N", title=t("Force")),
                alt.Tooltip("start:T", format="%Y-%m-%d", title=t("Start")),
                alt.Tooltip("until:T", format="%Y-%m-%d", title=t("Until (or the cut-off)")),
                alt.Tooltip("successor_label:N", title=t("Handed to")),
                alt.Tooltip("confidence:N", title=t("Confidence")),
            ],
        )
    )
    return alt.layer(bars, *_key_dates(day)).properties(height=alt.Step(16))


def troops_chart(
    troops: pd.DataFrame, t: Translator, forces: list[str] | None = None, day: date | None = None
) -> alt.Chart:
    """Troop numbers by force over time; points are the sourced figures (shape = force), lines only join them."""
    data = troops if forces is None else troops[troops["force"].isin(forces)]
    data = data.assign(force_label=data["force"].map(lambda c: t.code("force", c)))
    present = [f for f in styling.FORCE_STYLES if f in set(data["force"])]
    legend = alt.Legend(title=t("Force"), labelExpr=_labels("force", present, t), labelLimit=280)
    base = alt.Chart(data[["force", "force_label", "date", "troops", "kind", "notes"]]).encode(
        x=alt.X("date:T", axis=YEAR_AXIS),
        y=alt.Y("troops:Q", title=t("Troops")),
        color=alt.Color("force:N", scale=FORCE_SCALE, legend=legend),
    )
    chart = base.mark_line(strokeDash=[4, 3], opacity=0.6) + base.mark_point(filled=True, size=70).encode(
        shape=alt.Shape("force:N", scale=FORCE_SHAPES, legend=legend),
        tooltip=[
            alt.Tooltip("force_label:N", title=t("Force")),
            alt.Tooltip("date:T", format="%Y-%m-%d", title=t("Date")),
            alt.Tooltip("troops:Q", title=t("Troops"), format=","),
            alt.Tooltip("kind:N", title=t("Figure")),
            alt.Tooltip("notes:N", title=t("Notes")),
        ],
    )
    return alt.layer(chart, *_key_dates(day)).properties(height=320)


def positions_over_time_chart(table: pd.DataFrame, t: Translator) -> alt.Chart:
    present = [f for f in styling.FORCE_STYLES if f in set(table["force"])]
    return (
        alt.Chart(table)
        .mark_area()
        .encode(
            x=alt.X("date:T", axis=YEAR_AXIS),
            y=alt.Y("positions:Q", stack=True, title=t("Active positions")),
            color=alt.Color(
                "force:N",
                scale=FORCE_SCALE,
                legend=alt.Legend(title=t("Force"), labelExpr=_labels("force", present, t), labelLimit=280),
            ),
            tooltip=[
                alt.Tooltip("force:N", title=t("Force")),
                alt.Tooltip("date:T", format="%Y-%m", title=t("Month")),
                alt.Tooltip("positions:Q", title=t("Positions")),
            ],
        )
        .properties(height=280)
    )


def area_over_time_chart(table: pd.DataFrame, t: Translator) -> alt.Chart:
    present = [g for g in styling.GROUP_COLOURS if g in set(table["group"])]
    return (
        alt.Chart(table)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", axis=YEAR_AXIS),
            y=alt.Y("area_km2:Q", title=t("Area (km², equal-area)")),
            color=alt.Color(
                "group:N",
                scale=GROUP_SCALE,
                legend=alt.Legend(title=t("Group"), labelExpr=_labels("group", present, t), labelLimit=280),
            ),
            strokeDash=alt.StrokeDash("group:N", legend=None),
            tooltip=[
                alt.Tooltip("group:N", title=t("Group")),
                alt.Tooltip("date:T", format="%Y-%m", title=t("Month")),
                alt.Tooltip("area_km2:Q", format=",", title=t("Area (km²)")),
            ],
        )
        .properties(height=280)
    )


COUNTRY_SCALE = alt.Scale(domain=["MLI", "BFA", "NER"], range=["#444444", "#882255", "#0072B2"])


def territory_chart(shares: pd.DataFrame, figures: pd.DataFrame, t: Translator) -> alt.Chart:
    """Our zones as a share of each country (solid: control or influence; dashed: any level), and the
    published figures as points (filled: independent; open: a government's own)."""
    from .places import country_name

    names = {code: country_name(code, t.lang) for code in ("MLI", "BFA", "NER")}
    long = shares.melt(id_vars=["date", "country"], value_vars=["share_held", "share_all"], var_name="measure")
    long["measure"] = long["measure"].map({"share_held": t("control or influence"), "share_all": t("any level")})
    legend = alt.Legend(title=t("Country"), labelExpr=f"({_js_map(names)})[datum.label] || datum.label")
    lines = (
        alt.Chart(long)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", axis=YEAR_AXIS),
            y=alt.Y(
                "value:Q", title=t("Share of the country"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
            ),
            color=alt.Color("country:N", scale=COUNTRY_SCALE, legend=legend),
            strokeDash=alt.StrokeDash("measure:N", title=t("Our zones"), sort="descending"),
            tooltip=[
                alt.Tooltip("date:T", format="%Y-%m", title=t("Month")),
                alt.Tooltip("value:Q", format=".0%", title=t("Share")),
            ],
        )
    )
    points = figures.assign(share=figures["share_outside_state_control"] / 100)
    points["kind_label"] = points["kind"].map(
        {"independent": t("published, independent"), "government": t("published, government")}
    )
    marks = (
        alt.Chart(points[["date", "country", "share", "kind_label", "notes"]])
        .mark_point(size=110, strokeWidth=2.5)
        .encode(
            x="date:T",
            y="share:Q",
            color=alt.Color("country:N", scale=COUNTRY_SCALE, legend=legend),
            shape=alt.Shape(
                "kind_label:N",
                title=t("Figures"),
                legend=alt.Legend(symbolFillColor="#888888", symbolStrokeColor="#444444"),
            ),
            fill=alt.condition(
                alt.datum.kind_label == t("published, independent"),
                "country:N",
                alt.value("white"),
                scale=COUNTRY_SCALE,
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("date:T", format="%Y-%m-%d", title=t("Date")),
                alt.Tooltip("share:Q", format=".0%", title=t("Share")),
                alt.Tooltip("kind_label:N", title=t("Figure")),
                alt.Tooltip("notes:N", title=t("Notes")),
            ],
        )
    )
    return alt.layer(lines, marks).properties(height=300)


def _js_map(table: dict[str, str]) -> str:
    return "{" + ", ".join(f"{_js(k)}: {_js(v)}" for k, v in table.items()) + "}"


def coverage_chart(
    table: pd.DataFrame, key_dates: list[tuple[date, str]], day: date | None, t: Translator, radius_km: float
) -> alt.Chart:
    """The share of the area within ``radius_km`` of each preset's positions (one line per preset), the
    key dates as thin grey rules (hover for what happened) and the day shown as a black rule."""
    from ..view.coverage import PRESET_LABELS

    present = [p for p in styling.COVERAGE_COLOURS if p in set(table["preset"])]
    names = {p: t(PRESET_LABELS.get(p, "Custom set")) for p in present}
    scale = alt.Scale(domain=present, range=[styling.COVERAGE_COLOURS[p] for p in present])
    legend = alt.Legend(title=t("Forces"), labelExpr=f"({_js_map(names)})[datum.label] || datum.label")
    lines = (
        alt.Chart(table)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", axis=YEAR_AXIS),
            y=alt.Y(
                "share:Q",
                title=t("Share within {km} km", km=f"{radius_km:g}"),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("preset:N", scale=scale, legend=legend),
            strokeDash=alt.StrokeDash("preset:N", legend=None),
            tooltip=[
                alt.Tooltip("date:T", format="%Y-%m", title=t("Month")),
                alt.Tooltip("share:Q", format=".1%", title=t("Share")),
                alt.Tooltip("covered_km2:Q", format=",.0f", title=t("Area (km²)")),
            ],
        )
    )
    first = table["date"].min() if len(table) else None
    keyed = pd.DataFrame(
        [
            {"day": pd.Timestamp(d), "title": title}
            for d, title in key_dates
            if first is None or pd.Timestamp(d) >= first
        ],
        columns=["day", "title"],
    )
    rules = (
        alt.Chart(keyed)
        .mark_rule(color="#999999", strokeWidth=1, strokeDash=[2, 3])
        .encode(
            x="day:T",
            tooltip=[
                alt.Tooltip("day:T", format="%Y-%m-%d", title=t("Date")),
                alt.Tooltip("title:N", title=t("Key date")),
            ],
        )
    )
    return alt.layer(rules, lines, *_key_dates(day)).properties(height=320)
