"""What every page starts with, so none re-implements loading, the banner, the language or the map.

A page script is a few lines::

    page = Page("Overview")
    view = page.map("overview")
    page.table(analysis.positions_per_force(page.data.frames["military_positions"], view.day))
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ..data.dataset import Dataset
from ..look.i18n import translator
from ..view.view import THEMATIC_LAYERS, View
from ..web.maps import Highlight
from . import cached, controls, state
from .banner import problems_banner
from .downloads import download_panel
from .livemap import render_map
from .text import plain

DEFAULT_DAY = date(2022, 8, 15)


def _leave_pages_directory_mode() -> None:
    """Hand a deep link over to app.py's ``st.navigation`` when Streamlit ran this page directly.

    A server that has just started sees ``pages/`` beside app.py and serves its first link the old
    multipage way: a link straight to a page runs that file alone, with a stray "app" entry in the
    menu and untranslated page names, until some run of app.py calls ``st.navigation``. Switching the
    mode off and rerunning lets app.py route the same URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


class Page:
    """One page: its configuration, language, data and banner; :meth:`map` draws its map and sidebar."""

    def __init__(self, title: str, icon: str = "🗺️"):
        _leave_pages_directory_mode()
        # the link as opened, before the map writes its own view into the address bar
        self.query = st.query_params.to_dict()
        self.lang = state.lang()
        self.t = translator(self.lang)
        st.set_page_config(page_title=f"{self.t(title)} · Sahel Map", page_icon=icon, layout="wide")
        self.data: Dataset = cached.dataset()
        self.view: View | None = None
        problems_banner(self.data, self.t)
        controls.language_picker(self.t)
        from .uploads import session_layers

        self.uploads = session_layers()

    def map(
        self,
        prefix: str,
        *,
        default_day: date = DEFAULT_DAY,
        layers: tuple[str, ...] = THEMATIC_LAYERS,
        center: tuple[float, float] | None = None,
        zoom: float | None = None,
        default_areas: tuple[str, ...] | None = None,
        height: int = 620,
        data: Dataset | None = None,
        downloads: bool = True,
        highlight: Highlight | None = None,
        pick_areas: bool = True,
        extra_for=None,
        caption: str | None = None,
    ) -> View:
        """Map + sidebar controls + URL sync: the body every map page starts with. Returns the View.

        The map is sent before the sidebar widgets (their values are read from
        session state), so its iframe starts loading sooner. ``extra_for(view)`` gives the page's own
        layers (see :mod:`sahel_map.export.rings`): drawn on the map and in its downloads; ``caption``
        a line the download panel offers to print under the title.
        """
        data = data or self.data
        notes = state.init_from_url(prefix, data, default_day, layers, center, zoom, default_areas)
        state.show_notes(notes, self.t)
        view = state.view_from_state(prefix, layers, self.lang)
        requested_center, requested_zoom = st.session_state[f"{prefix}_requested"]
        extra = self.uploads.shown() + (list(extra_for(view)) if extra_for else [])
        output = render_map(
            data,
            view.with_(center=requested_center, zoom=requested_zoom),
            key=f"{prefix}_map",
            height=height,
            highlight=highlight,
            extra=extra,
            follow=prefix,
        )
        state.remember_map(prefix, output)
        st.session_state[f"{prefix}_clicked"] = output.get("last_clicked")
        controls.view_controls(data, prefix, layers, self.t, pick_areas)
        from .uploads import sidebar_uploader

        sidebar_uploader(self.t)
        view = state.view_from_state(prefix, layers, self.lang)
        self.view = view
        state.sync_url(view)
        if downloads:
            download_panel(data, view, prefix, self.t, extra, caption)
        return view

    def link(self, **params: str) -> None:
        """Add the page's own controls (compare dates, a briefing step) to the address bar."""
        state.sync_url(self.view, **params)

    def linked(self, name: str) -> str | None:
        """A page parameter of the link the page was opened with (first run only)."""
        from ..view.urlstate import MAX_VALUE, first

        value = first(self.query.get(name))
        return value if value is not None and len(value) <= MAX_VALUE else None

    def table(self, frame: pd.DataFrame, empty: str | None = None) -> None:
        """A short table as a Markdown table, every cell plain text.

        Not st.dataframe (its grid costs the page a megabyte of JavaScript) and not HTML (Streamlit then
        loads its HTML sanitiser, another 190 kB, before the map's frame can start).
        """
        if not len(frame):
            st.caption(empty or self.t("Nothing on this date."))
            return
        number = self.t.number

        def cell(value) -> str:
            return plain(number(value) if isinstance(value, int) else value, 200)

        lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |", "|" + "---|" * len(frame.columns)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
        st.markdown("\n".join(lines))
