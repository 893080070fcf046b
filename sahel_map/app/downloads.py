"""The download panel: export exactly what the map shows, in any format of the registry.

It reads :data:`sahel_map.export.FORMATS` (as the CLI does), and exports the
page's View with the extent the live map really shows (the bounds it
reported), so the file matches the screen.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import streamlit as st

from ..data.codes import N_
from ..data.dataset import Dataset
from ..export import FORMATS, STEPS, ExportError, Options, export, file_name
from ..look.i18n import Translator
from ..view.view import View
from .text import plain


def download_options(
    data: Dataset, view: View, prefix: str, t: Translator, caption: str | None = None
) -> tuple[str, Options]:
    """The format and options the reader picked (widgets only; nothing is rendered here).

    ``caption``: a line the page offers to print under the title (the analysis page's summary)."""
    # a briefing's deck and handout are made from the briefing page, not from one view
    keys = [key for key, f in FORMATS.items() if f.kind != "briefing"]
    fmt = st.selectbox(t("Format"), keys, format_func=lambda k: t(FORMATS[k].label), key=f"{prefix}_fmt")
    kind = FORMATS[fmt].kind
    columns = st.columns(3)
    title = columns[0].text_input(t("Title"), t("Mali and the central Sahel"), key=f"{prefix}_title", max_chars=200)
    if kind == "animation":
        first = columns[1].date_input(
            t("From"), date(2013, 1, 1), min_value=data.first_day, max_value=data.cutoff, key=f"{prefix}_from"
        )
        step = columns[2].selectbox(
            t("One frame per"), list(STEPS), format_func=lambda s: t(STEP_LABELS[s]), key=f"{prefix}_step"
        )
        st.caption(t("Frames from {first} to {last} (the date shown).", first=t.date(first), last=t.date(view.day)))
        return fmt, Options(title=title or None, start=first, end=view.day, step=step)
    dpi = columns[1].selectbox(
        t("Resolution"), [150, 300], key=f"{prefix}_dpi", format_func=lambda d: f"{d} dpi", disabled=kind != "image"
    )
    aspect = columns[2].selectbox(
        t("Shape"),
        [None, "16:9"],
        format_func=lambda a: t("Fitted to the map") if a is None else t("Slide, 16:9"),
        key=f"{prefix}_aspect",
        disabled=kind != "image",
    )
    use_caption = caption is not None and st.checkbox(
        t("Print the summary of what changed under the title"),
        key=f"{prefix}_caption",
        disabled=kind not in ("image", "html"),
    )
    return fmt, Options(title=title or None, dpi=dpi, aspect=aspect, caption=caption if use_caption else None)


STEP_LABELS = {
    "month": N_("month"),
    "quarter": N_("quarter"),
    "year": N_("year"),
    "events": N_("change (every day the map changes)"),
}


def download_panel(
    data: Dataset, view: View, prefix: str, t: Translator, extra: list | None = None, caption: str | None = None
) -> None:
    """Export exactly what the map shows (date, layers, extent) in the format a briefing needs."""
    # a toggle, not an expander: the panel's widgets are only built (and their JavaScript only
    # loaded by the browser) when someone asks for a download
    if not st.toggle(t("⬇ Download this view"), key=f"{prefix}_download"):
        return
    fmt, options = download_options(data, view, prefix, t, caption)
    box = view.box
    st.caption(
        t(
            "Extent: {west}, {south} to {east}, {north} (the map's current view).",
            west=f"{box.west:.2f}",
            south=f"{box.south:.2f}",
            east=f"{box.east:.2f}",
            north=f"{box.north:.2f}",
        )
    )
    if not st.button(t("Prepare the file"), key=f"{prefix}_prepare"):
        return
    name = file_name(fmt, view)
    progress = None
    if FORMATS[fmt].kind == "animation":
        bar = st.progress(0.0, text=t("Rendering frames…"))

        def progress(i: int, n: int) -> None:
            bar.progress(i / n, text=t("Rendering frame {i} of {n}", i=i, n=n))

    try:
        with tempfile.TemporaryDirectory() as tmp, st.spinner(t("Rendering…")):
            out = export(fmt, data, view, Path(tmp) / name, options, progress, extra or [])
            payload = out.read_bytes()
    except ExportError as exc:
        st.error(plain(exc))
        return
    st.download_button(
        t("Save {name}", name=name), payload, file_name=name, mime=FORMATS[fmt].mime, key=f"{prefix}_save"
    )
