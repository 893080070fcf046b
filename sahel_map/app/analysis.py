"""The analysis page: coverage, nearest positions and what changed between two dates.

The answers come from :mod:`sahel_map.view.coverage`, :mod:`~sahel_map.view.nearest` and
:mod:`~sahel_map.view.changes` (the CLI's ``analyse`` runs the same code); this module only draws the
controls, the figures, the tables and the layers of :mod:`sahel_map.export.rings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from ..data import codes
from ..export.rings import CoverageRings, NearestLines
from ..look import charts, styling
from ..look.tables import labelled
from ..view import changes as changes_module
from ..view import coverage as coverage_module
from ..view.nearest import nearest
from ..view.view import View
from . import cached
from .text import plain

PREFIX = "analysis"
DEFAULT_RADIUS_KM = 100
DEFAULT_CHANGES = (date(2021, 6, 1), date(2022, 12, 31))


@dataclass(frozen=True)
class Question:
    """What the coverage controls ask: a radius, a set of forces (a preset or ``custom``) and an area."""

    radius_km: int
    preset: str
    forces: tuple[str, ...]
    area: str

    @property
    def colour(self) -> str:
        return styling.COVERAGE_COLOURS.get(self.preset, styling.COVERAGE_COLOURS["custom"])


def coverage_controls(t) -> Question:
    """Radius, forces and area, in a row above the map."""
    presets = [*coverage_module.PRESETS, "custom"]
    labels = {**{k: t(v) for k, v in coverage_module.PRESET_LABELS.items()}, "custom": t("Custom set")}
    radius_column, preset_column, area_column = st.columns([2, 2, 1])
    radius = radius_column.slider(
        t("Radius (km)"),
        coverage_module.MIN_RADIUS_KM,
        coverage_module.MAX_RADIUS_KM,
        DEFAULT_RADIUS_KM,
        step=10,
        key=f"{PREFIX}_radius",
    )
    preset = preset_column.radio(t("Forces"), presets, format_func=labels.get, horizontal=True, key=f"{PREFIX}_preset")
    area = area_column.selectbox(
        t("Area"),
        list(coverage_module.AREAS),
        format_func=lambda a: t(coverage_module.AREA_LABELS[a]),
        key=f"{PREFIX}_area",
    )
    if preset == "custom":
        if f"{PREFIX}_custom" not in st.session_state:
            st.session_state[f"{PREFIX}_custom"] = ["barkhane", "takuba"]
        chosen = st.multiselect(
            t("Forces in the custom set"),
            list(codes.FORCES),
            format_func=lambda f: t.code("force", f),
            key=f"{PREFIX}_custom",
        )
        forces = tuple(chosen) or coverage_module.PRESETS["foreign"]
    else:
        forces = coverage_module.PRESETS[preset]
    return Question(int(radius), preset, forces, area)


def ring_layer(data, question: Question, t) -> CoverageRings:
    rings = cached.coverage_rings(data, question.radius_km, question.forces)
    label = t("Within {km} km of the chosen forces", km=question.radius_km)
    return CoverageRings(rings, question.radius_km, question.colour, label)


def clicked_point(key: str) -> tuple[float, float] | None:
    """The last point clicked on the map (streamlit-folium's ``last_clicked``), if any."""
    value = st.session_state.get(key)
    clicked = value.get("last_clicked") if isinstance(value, dict) else None
    if not clicked:
        clicked = st.session_state.get(f"{PREFIX}_clicked")
    try:
        return float(clicked["lat"]), float(clicked["lng"])
    except (KeyError, TypeError, ValueError):
        return None


def nearest_layer(data, view: View, t) -> NearestLines | None:
    point = clicked_point(f"{PREFIX}_map")
    if point is None:
        return None
    rows = nearest(data, point[0], point[1], view.day)
    labels = tuple(f"{t.code('force', r['force'])}: {r['name']} ({t.number(r['distance_km'], 1)} km)" for r in rows)
    return NearestLines(point[0], point[1], tuple(rows), view.day, labels)


def extra_layers(data, question: Question, t):
    """The page's map layers for a view: the rings, and the lines to the nearest positions."""

    def for_view(view: View) -> list:
        layers = [ring_layer(data, question, t)]
        lines = nearest_layer(data, view, t)
        return layers + ([lines] if lines is not None else [])

    return for_view


def coverage_figure(data, view: View, question: Question, t) -> coverage_module.Coverage:
    answer = coverage_module.coverage(data, view.day, question.radius_km, question.forces, question.area)
    area = t(coverage_module.AREA_LABELS[question.area])
    left, middle, right = st.columns(3)
    left.metric(t("Share of {area} within {km} km", area=area, km=question.radius_km), t.percent(answer.share))
    middle.metric(t("Area covered (km²)"), t.number(answer.covered_km2))
    right.metric(t("Area of {area} (km²)", area=area), t.number(answer.area_km2))
    forces = ", ".join(t.code("force", f) for f in question.forces)
    st.caption(plain(t("On {day}, forces counted: {forces}.", day=t.date(view.day), forces=forces), 800))
    return answer


def coverage_over_time(data, view: View, question: Question, t) -> None:
    custom = question.forces if question.preset == "custom" else None
    table = cached.coverage_presets(data, question.radius_km, question.area, "month", custom)
    st.altair_chart(charts.coverage_chart(table, data.key_dates(), view.day, t, question.radius_km), width="stretch")


def nearest_table(page, view: View) -> None:
    t = page.t
    point = clicked_point(f"{PREFIX}_map")
    if point is None:
        st.caption(t("Click anywhere on the map: the nearest active position of each force is listed here."))
        return
    rows = nearest(page.data, point[0], point[1], view.day)
    st.caption(
        t(
            "Nearest positions on {day} to the point clicked ({lat}, {lon}), geodesic distances:",
            day=t.date(view.day),
            lat=t.number(point[0], 3),
            lon=t.number(point[1], 3),
        )
    )
    frame = pd.DataFrame(
        [{"force": r["force"], "name": r["name"], t("Distance (km)"): t.number(r["distance_km"], 1)} for r in rows],
        columns=["force", "name", t("Distance (km)")],
    )
    page.table(labelled(frame, t), t("No position is active on this date."))


def _changes_dates(data) -> tuple[date, date]:
    for key, default in zip((f"{PREFIX}_changes_from", f"{PREFIX}_changes_to"), DEFAULT_CHANGES, strict=True):
        if key not in st.session_state:
            st.session_state[key] = min(max(default, data.first_day), data.cutoff)
    first, last = st.session_state[f"{PREFIX}_changes_from"], st.session_state[f"{PREFIX}_changes_to"]
    return (last, first) if last < first else (first, last)


def changes_summary(data, t) -> str:
    """The summary of the two dates chosen (computed before the map, so its downloads can print it)."""
    return changes_module.summary(changes_module.changes(data, *_changes_dates(data)), t, brief=True)


def changes_section(page) -> changes_module.Changes:
    t, data = page.t, page.data
    _changes_dates(data)
    left, right = st.columns(2)
    first = left.date_input(t("From"), min_value=data.first_day, max_value=data.cutoff, key=f"{PREFIX}_changes_from")
    last = right.date_input(t("To"), min_value=data.first_day, max_value=data.cutoff, key=f"{PREFIX}_changes_to")
    if last < first:
        st.warning(t("The second date is before the first: swap them."))
        first, last = last, first
    found = changes_module.changes(data, first, last)
    st.markdown(plain(changes_module.summary(found, t), 2000))
    positions = data.frames["military_positions"].set_index("id")

    def position_rows(ids, with_successor=False):
        part = positions.loc[list(ids)].reset_index() if ids else positions.iloc[:0].reset_index()
        columns = ["name", "force", "start", "end"] + (["successor"] if with_successor else [])
        return labelled(part[columns], t)

    opened_column, closed_column = st.columns(2)
    with opened_column:
        st.markdown("**" + t("Opened") + "**")
        page.table(position_rows(found.opened), t("No position opened."))
    with closed_column:
        st.markdown("**" + t("Closed") + "**")
        page.table(position_rows(found.closed), t("No position closed."))
    st.markdown("**" + t("Handed over") + "**")
    page.table(position_rows([h["id"] for h in found.handed_over], True), t("No position changed hands."))
    st.markdown("**" + t("Jihadist zones (km², equal-area)") + "**")
    zones = pd.DataFrame(found.zones, columns=["group", "level", "km2_from", "km2_to"])
    zones = zones.rename(columns={"km2_from": t.date(first), "km2_to": t.date(last)})
    page.table(labelled(zones, t), t("No zone on either date."))
    st.markdown("**" + t("Events in between") + "**")
    events = data.frames["events"].set_index("id").loc[found.events].reset_index()
    page.table(
        labelled(events[["start", "title", "kind"]].rename(columns={"start": "date"}), t, {"kind": "event_kind"}),
        t("No event in between."),
    )
    st.download_button(
        t("Download the changes (CSV)"),
        found.rows().to_csv(index=False).encode("utf-8"),
        file_name=f"sahel-map-changes-{first.isoformat()}-{last.isoformat()}.csv",
        mime="text/csv",
        key=f"{PREFIX}_changes_csv",
    )
    return found
