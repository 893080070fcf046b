"""Sidebar controls of a map page: date, key dates, layers, forces, groups, events, areas, basemap.

They keep their values in session state under the page's prefix (seeded from
the URL by :mod:`sahel_map.app.state`); :func:`~sahel_map.app.state.view_from_state`
turns those into the View.
"""

from __future__ import annotations

import streamlit as st

from ..data import codes
from ..data.dataset import Dataset
from ..look.i18n import LANGUAGES, Translator
from ..web.maps import BASEMAP_LABELS
from .state import LANG_KEY
from .timecontrol import time_control


def language_picker(t: Translator) -> None:
    st.sidebar.segmented_control(
        "Language / Langue",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=LANG_KEY,
        required=True,
        help=t("Interface language"),
    )


def date_controls(data: Dataset, prefix: str, t: Translator) -> None:
    """The time control, with its key dates and its line of help (one element, see :mod:`.timecontrol`)."""
    with st.sidebar:
        time_control(data, prefix, t)


def _set_all(key: str, table: dict[str, str]) -> None:
    st.session_state[key] = list(table)


def _picked(key: str) -> None:
    st.session_state[key] = st.session_state[f"{key}_pick"]


def _seed(key: str, default) -> str:
    """The key of a widget that edits ``st.session_state[key]`` from inside a lazy expander.

    Streamlit forgets a widget's value in a run that does not draw the widget (a closed expander), so
    the value lives under ``key`` and the widget, under ``key + "_pick"``, is seeded from it each run
    and writes back through :func:`_picked`.
    """
    st.session_state[f"{key}_pick"] = st.session_state.get(key, default)
    return f"{key}_pick"


def _only(key: str, only_key: str) -> None:
    choice = st.session_state.get(only_key)
    if choice:
        st.session_state[key] = [choice]
        st.session_state[only_key] = None


def _lazy_expander(label: str, key: str):
    """A sidebar expander whose content the page builds only while it is open.

    Its label may change (it says what is chosen): the browser then draws a new expander, which
    opens as ``expanded`` says, so it is told whether the reader had it open.
    """
    return st.sidebar.expander(label, expanded=bool(st.session_state.get(key)), key=key, on_change="rerun")


def code_picker(title: str, table_name: str, table: dict[str, str], key: str, t: Translator) -> None:
    """Every code as a pill (whole labels, never truncated), with "All" and "Only…".

    The expander's content is built only while it is open: a closed picker costs the page one
    element, not seven, and its label says how many codes are shown.
    """
    chosen = st.session_state.get(key, list(table))
    label = t("{title}: {shown} of {total}", title=title, shown=len(chosen), total=len(table))
    box = _lazy_expander(label, f"{key}_open")
    if not box.open:
        return
    with box:
        st.pills(
            title,
            list(table),
            selection_mode="multi",
            format_func=lambda code: t.code(table_name, code),
            key=_seed(key, list(table)),
            on_change=_picked,
            args=(key,),
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
    sidebar.pills(
        t("Layers"),
        list(layers),
        selection_mode="multi",
        format_func=lambda layer_id: t.code("layer", layer_id),
        key=f"{prefix}_layers",
    )
    state = st.session_state
    shown = state.get(f"{prefix}_layers") or []
    if "military_positions" in shown:
        code_picker(t("Forces"), "force", codes.FORCES, f"{prefix}_forces", t)
    if "jihadist_zones" in shown:
        code_picker(t("Groups"), "group", codes.GROUPS, f"{prefix}_groups", t)
    if "events" in shown:
        # 0 stands for "no window" in the widget: pills read None as "nothing chosen"
        labels = {0: t("All up to the date"), 365: t("Last 12 months"), 91: t("Last 3 months")}
        key = f"{prefix}_window"
        window = state.get(key) or 0
        if window not in labels:
            labels[window] = t("Last {n} days", n=window)
        state[f"{key}_pick"] = window
        sidebar.pills(
            t("Events shown"),
            list(labels),
            format_func=labels.get,
            key=f"{key}_pick",
            on_change=_window_picked,
            args=(key,),
            required=True,
        )
    if pick_areas and "tri_border" in shown:
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


def _window_picked(key: str) -> None:
    st.session_state[key] = st.session_state[f"{key}_pick"] or None


def _areas_changed(prefix: str, primary: list[str]) -> None:
    picked = st.session_state.get(f"{prefix}_areas_pick") or []
    st.session_state[f"{prefix}_areas"] = None if sorted(picked) == sorted(primary) else tuple(picked)


def basemap_control(prefix: str, t: Translator) -> None:
    """The basemap, in an expander that names the one shown and builds its choices only while open."""
    key = f"{prefix}_basemap"
    current = st.session_state.get(key, "offline")
    label = t("Basemap: {name}", name=t(BASEMAP_LABELS.get(current, BASEMAP_LABELS["offline"])))
    box = _lazy_expander(label, f"{key}_open")
    if box.open:
        box.radio(
            t("Basemap"),
            list(BASEMAP_LABELS),
            format_func=lambda name: t(BASEMAP_LABELS[name]),
            key=_seed(key, "offline"),
            on_change=_picked,
            args=(key,),
            label_visibility="collapsed",
        )
        box.caption(t("Online basemaps need the network; the offline vector basemap always works."))


def view_controls(data: Dataset, prefix: str, layers: tuple[str, ...], t: Translator, pick_areas: bool = True) -> None:
    date_controls(data, prefix, t)
    layer_controls(data, prefix, layers, t, pick_areas)
    basemap_control(prefix, t)
    st.sidebar.caption(t("Data cut-off: {day}", day=t.date(data.cutoff)))
