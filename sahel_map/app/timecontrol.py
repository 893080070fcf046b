"""The page's time control: the day follows the hand in the browser, Streamlit learns it when the hand stops.

A ``st.components.v2`` component (no build step; its script is ``app/static/time_control.js``). While
the viewer drags, steps with the keys (arrows a day, PageUp/PageDown a month, Home/End the ends) or
plays, it sets the day of every map of the page that follows it directly in the browser; once the
movement stops it sends the day to Python, which updates tables, charts and the URL in one rerun.
Its key-date select and its one line of help are part of it, not Streamlit widgets: each widget the
sidebar draws costs the page's main thread (which the map's frame shares) time while the map loads.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import streamlit as st

from ..data.dataset import Dataset
from ..look.i18n import Translator

_STATIC = Path(__file__).with_name("static")
_COMPONENT = st.components.v2.component(
    "sahel_map.time_control",
    js=(_STATIC / "time_control.js").read_text(encoding="utf-8"),
    css=(_STATIC / "time_control.css").read_text(encoding="utf-8"),
)
#: the whole timeline plays in this many seconds at 1x
PLAY_SECONDS = 40


def _committed(prefix: str) -> None:
    state = st.session_state.get(f"{prefix}_time") or {}
    text = state.get("day") if hasattr(state, "get") else None
    with contextlib.suppress(ValueError):  # not a day: keep the one shown
        st.session_state[f"{prefix}_day"] = date.fromisoformat(str(text))


def time_control(data: Dataset, prefix: str, t: Translator) -> None:
    """Draw the control for the page's day (``st.session_state[prefix + "_day"]``)."""
    day: date = st.session_state[f"{prefix}_day"]
    months = [t.date(f"2001-{m:02d}-15").split(" ")[1] for m in range(1, 13)]
    _COMPONENT(
        key=f"{prefix}_time",
        data={
            "day": day.isoformat(),
            "first": data.first_day.isoformat(),
            "last": data.cutoff.isoformat(),
            "follow": prefix,
            "months": months,
            "firstDay": "1er" if t.lang == "fr" else None,
            "seconds": PLAY_SECONDS,
            "keyDates": [[d.isoformat(), title] for d, title in data.key_dates()],
            "labels": {
                "day": t("Day shown"),
                "play": t("Play"),
                "pause": t("Pause"),
                "speed": t("Speed"),
                "jump": t("Jump to a key date"),
                "keyDates": t("Key dates…"),
                "hint": t(
                    "Drag, or use the arrow keys (a day), Page Up / Page Down (a month), Home / End. Every layer "
                    "follows this day: a feature shows when it started on or before it and had not ended."
                ),
            },
        },
        default={"day": day.isoformat()},
        on_day_change=lambda: _committed(prefix),
        height="content",
    )
