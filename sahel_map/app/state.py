"""A page's :class:`~sahel_map.view.View` in Streamlit's session state, seeded from and written to the URL.

Each map page keeps its controls under its own key prefix (``overview_day``,
``overview_forces``...). On a page's first run in a session the URL seeds
them (a shared link); afterwards the widgets own them, and the URL is written
back from the View after every run, so the address bar always reproduces what
is shown. Rejected URL values are reported once, in one plain-text notice.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..data import codes
from ..data.dataset import Dataset
from ..view.timeline import clamp
from ..view.urlstate import parse_query, to_query
from ..view.view import DEFAULT_EVENT_WINDOW, THEMATIC_LAYERS, Extent, View
from .text import plain

#: the language is one per session, across pages
LANG_KEY = "lang"


def lang() -> str:
    """The session's language: ``?lang=`` on the first run, then the selector's value."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", "en")
        st.session_state[LANG_KEY] = wanted if wanted in ("en", "fr") else "en"
    return st.session_state[LANG_KEY]


def init_from_url(
    prefix: str,
    data: Dataset,
    default_day: date,
    layers: tuple[str, ...],
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    default_areas: tuple[str, ...] | None = None,
) -> list[str]:
    """Seed the page's controls from the URL once per session; return the notes on ignored values."""
    state = st.session_state
    if state.get(f"{prefix}_init"):
        return []
    query = st.query_params.to_dict()
    area_ids = [str(i) for i in data.frames["tri_border"]["id"]]
    view, notes = parse_query(query, default_day, areas=area_ids)
    if center and "center" not in query:
        view = view.with_(center=center)
    if zoom and "zoom" not in query:
        view = view.with_(zoom=zoom)
    if view.areas is None and default_areas is not None:
        view = view.with_(areas=default_areas)
    view = view.with_(day=clamp(view.day, data.first_day, data.cutoff))
    state[f"{prefix}_init"] = True
    state[f"{prefix}_day"] = view.day
    state[f"{prefix}_layers"] = [layer_id for layer_id in layers if layer_id in view.layers]
    state[f"{prefix}_forces"] = list(view.forces or codes.FORCES)
    state[f"{prefix}_groups"] = list(view.groups or codes.GROUPS)
    state[f"{prefix}_window"] = view.event_window_days
    state[f"{prefix}_areas"] = view.areas
    state[f"{prefix}_basemap"] = view.basemap
    state[f"{prefix}_center"] = view.center
    state[f"{prefix}_zoom"] = view.zoom
    state[f"{prefix}_extent"] = view.extent
    # the view the map is asked to show; it changes only on request (a link, a step), never by echoing
    # back where the viewer panned, which would fight the map while it moves
    state[f"{prefix}_requested"] = (view.center, view.zoom)
    return notes


def show_notes(notes: list[str], t) -> None:
    """What the link asked for that could not be shown: one notice, plain text."""
    if notes:
        st.toast(plain(t("Link: {notes}", notes="; ".join(notes)), 400), icon="🔗")


def view_from_state(prefix: str, layers: tuple[str, ...], lang: str) -> View:
    """The view the page's controls hold, read from session state (before or after they are drawn).

    Streamlit updates a widget's state before the rerun starts, so the page can
    send the map first and draw the sidebar after: the map's iframe starts
    loading sooner.
    """
    state = st.session_state
    shown = state.get(f"{prefix}_layers") or ()
    chosen = tuple(layer_id for layer_id in THEMATIC_LAYERS if layer_id in layers and layer_id in shown)
    forces = tuple(f for f in codes.FORCES if f in state.get(f"{prefix}_forces", codes.FORCES))
    groups = tuple(g for g in codes.GROUPS if g in state.get(f"{prefix}_groups", codes.GROUPS))
    return View(
        day=state[f"{prefix}_day"],
        layers=chosen,
        forces=forces if len(forces) < len(codes.FORCES) else None,
        groups=groups if len(groups) < len(codes.GROUPS) else None,
        event_window_days=state.get(f"{prefix}_window", DEFAULT_EVENT_WINDOW),
        areas=state.get(f"{prefix}_areas"),
        extent=state.get(f"{prefix}_extent"),
        center=state[f"{prefix}_center"],
        zoom=state[f"{prefix}_zoom"],
        basemap=state.get(f"{prefix}_basemap", "offline"),
        lang=lang,
    )


def remember_map(prefix: str, output: dict) -> None:
    """Keep the centre, zoom and bounds the viewer panned to (for the URL and the downloads)."""
    center, zoom, bounds = output.get("center"), output.get("zoom"), output.get("bounds")
    state = st.session_state
    if center and zoom:
        state[f"{prefix}_center"] = (round(center["lat"], 4), round(center["lng"], 4))
        state[f"{prefix}_zoom"] = round(float(zoom) * 4) / 4
    if bounds:
        extent = Extent.from_bounds(bounds)
        if extent is not None:
            state[f"{prefix}_extent"] = extent


def request_view(prefix: str, center: tuple[float, float], zoom: float) -> None:
    """Ask the live map to show ``center`` and ``zoom`` (a briefing step, a button)."""
    st.session_state[f"{prefix}_requested"] = (center, zoom)
    st.session_state[f"{prefix}_center"] = center
    st.session_state[f"{prefix}_zoom"] = zoom


def sync_url(view: View, **page_params: str) -> None:
    """Write the view (and the page's own parameters, e.g. a briefing step) into the address bar."""
    query = to_query(view) | {k: v for k, v in page_params.items() if v is not None}
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
