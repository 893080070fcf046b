"""Analysts' own layers, held in the session that uploaded them (never published, never shared).

See :mod:`sahel_map.data.uploads` for reading the files; this module keeps the
session's layers and puts them on every map page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

SESSION_KEY = "uploaded_layers"


@dataclass
class SessionLayers:
    """The uploaded layers of one session, in the order they came."""

    layers: list = field(default_factory=list)

    def shown(self) -> list:
        return [layer for layer in self.layers if layer.visible]


def session_layers() -> SessionLayers:
    if SESSION_KEY not in st.session_state:
        st.session_state[SESSION_KEY] = SessionLayers()
    return st.session_state[SESSION_KEY]


def sidebar_uploader(t) -> None:
    """A link to the page where analysts bring their own files."""
    layers = session_layers().layers
    st.sidebar.markdown("### " + t("Your data"))
    if layers:
        st.sidebar.caption(t("{n} uploaded layer(s) in this session.", n=len(layers)))
