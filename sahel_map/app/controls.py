"""Sidebar controls of a map page: date, key dates, layers, forces, groups, events, areas, basemap.

They keep their values in session state under the page's prefix (seeded from
the URL by :mod:`sahel_map.app.state`); :func:`~sahel_map.app.state.view_from_state`
turns those into the View.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..data import codes
from ..data.dataset import Dataset
from ..look.i18n import LANGUAGES, Translator
from ..web.maps import BASEMAP_LABELS
from .state import LANG_KEY
from .timecontrol import time_control

EVENT_WINDOW_CHOICES = (None, 365, 91)


def language_picker(t: Translator) -> None:
    st.sidebar.selectbox(
        "Language / Langue", list(LANGUAGES), format_func=LANGUAGES.get, key=LANG_KEY, help=t("Interface language")
    )


def _jump(prefix: str) -> None:
    choice = st.session_state.get(f"{prefix}_jump")
    if choice:
        st.session_state[f"{prefix}_day"] = date.fromisoformat(choice[:10])
        # cleared, so choosing the same key date again jumps again after the slider moved
        st.session_state[f"{prefix}_jump"] = None


def date_controls(data: Dataset, prefix: str, t: Translator) -> None:
    sidebar = st.sidebar
    sidebar.markdown("### " + t("Date"))
    with sidebar:
        time_control(data, prefix, t)
    sidebar.caption(
        t(
            "Drag, or use the arrow keys (a day), Page Up / Page Down (a month), Home / End. Every layer follows "
            "this day: a feature shows when it started on or before it and had not ended."
        )
    )
    jumps = {f"{d.isoformat()} · {label}": label for d, label in data.key_dates()}
    if jumps:
        sidebar.selectbox(
            t("Jump to a key date"),
            list(jumps),
            index=None,
            placeholder=t("Key dates…"),
            key=f"{prefix}_jump",
            on_change=_jump,
            args=(prefix,),
        )


def _set_all(key: str, table: dict[str, str]) -> None:
    st.session_state[key] = list(table)


def _only(key: str, only_key: str) -> None:
    choice = st.session_state.get(only_key)
    if choice:
        st.session_state[key] = [choice]
        st.session_state[only_key] = None


def code_picker(title: str, table_name: str, table: dict[str, str], key: str, t: Translator) -> None:
    """Every code as a pill (whole labels, never truncated), with "All" and "Only…".

    The expander's label stays the same whatever is chosen, so it stays open
    while the reader removes one code after another.
    """
    chosen = st.session_state.get(key, list(table))
    with st.sidebar.expander(title, expanded=False):
        st.caption(t("{shown} of {total} shown", shown=len(chosen), total=len(table)))
        st.pills(
            title,
            list(table),
            selection_mode="multi",
            format_func=lambda code: t.code(table_name, code),
            key=key,
            label_visibility="collapsed",
        )
        left, right = st.columns([1, 2])
        left.button(t("All"), key=f"{key}_all", on_click=_set_all, args=(key, table), width="stretch")
        right.selectbox(
            t("Only…"),
            list(table),
            index=None,
            format_func=lambda code: t.code(table_name, code),
            placeholder=t("Only…"),
            key=f"{key}_only",
            on_change=_only,
            args=(key, f"{key}_only"),
            label_visibility="collapsed",
        )


def layer_controls(data: Dataset, prefix: str, layers: tuple[str, ...], t: Translator, pick_areas: bool = True) -> None:
    sidebar = st.sidebar
    sidebar.markdown("### " + t("Layers"))
    for layer_id in layers:
        sidebar.checkbox(t.code("layer", layer_id), key=f"{prefix}_layer_{layer_id}")
    state = st.session_state
    if "military_positions" in layers and state.get(f"{prefix}_layer_military_positions"):
        code_picker(t("Forces"), "force", codes.FORCES, f"{prefix}_forces", t)
    if "jihadist_zones" in layers and state.get(f"{prefix}_layer_jihadist_zones"):
        code_picker(t("Groups"), "group", codes.GROUPS, f"{prefix}_groups", t)
    if "events" in layers and state.get(f"{prefix}_layer_events"):
        labels = {None: t("All events up to the date"), 365: t("Last 12 months"), 91: t("Last 3 months")}
        window = state.get(f"{prefix}_window")
        if window not in labels:
            labels[window] = t("Last {n} days", n=window)
        sidebar.selectbox(t("Events shown"), list(labels), format_func=labels.get, key=f"{prefix}_window")
    if pick_areas and "tri_border" in layers and state.get(f"{prefix}_layer_tri_border"):
        names = data.area_names()
        if names:
            primary = data.primary_areas()
            chosen = state.get(f"{prefix}_areas")
            state[f"{prefix}_areas_pick"] = [a for a in (chosen or primary) if a in names]
            sidebar.pills(
                t("Tri-border definitions"),
                list(names),
                selection_mode="multi",
                format_func=names.get,
                key=f"{prefix}_areas_pick",
                on_change=_areas_changed,
                args=(prefix, primary),
            )


def _areas_changed(prefix: str, primary: list[str]) -> None:
    picked = st.session_state.get(f"{prefix}_areas_pick") or []
    st.session_state[f"{prefix}_areas"] = None if sorted(picked) == sorted(primary) else tuple(picked)


def basemap_control(prefix: str, t: Translator) -> None:
    st.sidebar.selectbox(
        t("Basemap"),
        list(BASEMAP_LABELS),
        format_func=lambda key: t(BASEMAP_LABELS[key]),
        key=f"{prefix}_basemap",
        help=t("Online basemaps need the network; the offline vector basemap always works."),
    )


def view_controls(data: Dataset, prefix: str, layers: tuple[str, ...], t: Translator, pick_areas: bool = True) -> None:
    date_controls(data, prefix, t)
    layer_controls(data, prefix, layers, t, pick_areas)
    basemap_control(prefix, t)
    st.sidebar.caption(t("Data cut-off: {day}", day=t.date(data.cutoff)))
