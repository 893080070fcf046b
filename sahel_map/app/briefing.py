"""The guided briefing page: one step per key event, in the page or as a presenter view for a projector.

The steps come from the briefing files (:mod:`sahel_map.data.briefings`). The step is in the URL
(``?step=3``): every move writes a new history entry, and on Back / Forward the keys component sends
the address bar's step (the query string a run sees can lag a run behind, so it is never taken as a move). ``?present=1`` or the toggle opens the presenter view: map, caption,
legend and step counter fill the screen with no scrolling, the sidebar folded away, and the clicker's
keys move the steps (→ / PageDown / Space next, ← / PageUp previous, Home first, End last). The keys
are handled by a small local component (``static/briefing_keys.js``), not by Streamlit's button
shortcuts: those take one key per button and lose a press made while the page re-runs.
"""

from __future__ import annotations

import math
import tempfile
from html import escape
from pathlib import Path

import streamlit as st

from ..export import FORMATS, ExportError, Options, export
from ..look import charts, markers, styling
from ..look.popups import sources_html
from ..view.briefing import CORE_PX, fitting_zoom, step_extent, step_view
from ..web.maps import Highlight
from .livemap import legend, render_map
from .page import Page
from .text import plain

_STATIC = Path(__file__).with_name("static")
_KEYS = st.components.v2.component(
    "sahel_map.briefing_keys", js=(_STATIC / "briefing_keys.js").read_text(encoding="utf-8")
)
_PAGE_CSS = (
    "<style>.briefing-caption{font-size:1.6rem;line-height:1.35} .briefing-date{font-size:1.2rem;color:#555}</style>"
)
_PRESENT_CSS = (_STATIC / "presenter.css").read_text(encoding="utf-8")
STEP_KEY, PRESENT_KEY = "briefing_step", "briefing_present"
MOVED_KEY, DONE_KEY, WRITTEN_KEY = "briefing_moved", "briefing_presses_done", "briefing_written"


def _clamp(index: int, count: int) -> int:
    return max(0, min(count - 1, index))


def _url_step(value: str | None, count: int) -> int | None:
    """The 0-based step of a ``step=`` value (1-based), or None."""
    return _clamp(int(value) - 1, count) if value and value.isdigit() and len(value) < 6 else None


def briefing_page(page: Page) -> None:
    t = page.t
    briefings = page.data.briefings
    if not briefings:
        st.title(t("Barkhane drawdown"))
        st.error(t("No briefing could be read: see the problems above."))
        st.stop()
    state = st.session_state
    if "briefing_id" not in state:
        linked = page.linked("briefing")
        state.briefing_id = linked if linked in briefings else next(iter(briefings))
    if PRESENT_KEY not in state:
        state[PRESENT_KEY] = page.linked("present") == "1"
    briefing = briefings[state.briefing_id]
    steps = briefing.steps
    url_step = _url_step(st.query_params.get("step"), len(steps))
    moved = state.pop(MOVED_KEY, False)
    if STEP_KEY not in state:
        state[STEP_KEY] = url_step or 0
    state[STEP_KEY] = _clamp(state[STEP_KEY], len(steps))

    def move(to: str | int) -> None:
        # a callback runs before the page is drawn again, so every control shows the new step
        now = state[STEP_KEY]
        target = {"next": now + 1, "previous": now - 1, "first": 0, "last": len(steps) - 1}.get(to, to)
        state[STEP_KEY] = _clamp(int(target), len(steps))
        state[MOVED_KEY] = True

    def keyed() -> None:
        pressed = state.get("briefing_keys")
        go = getattr(pressed, "go", None) if pressed is not None else None
        wanted = go.get("move") if isinstance(go, dict) else None
        done = state.setdefault(DONE_KEY, [])
        if wanted is None or go.get("n") in done:
            return  # a press sent again after it had been handled
        done.append(go.get("n"))
        del done[:-20]
        if wanted in ("next", "previous", "first", "last"):
            move(wanted)
        elif wanted == "to" and isinstance(go.get("step"), int):
            move(go["step"] - 1)  # Back / Forward to the step of the address bar

    presenting = state[PRESENT_KEY]

    def publish(view) -> None:
        # into the address bar before the map is sent: the map answers with a rerun, which must
        # already carry this step, or it would be taken for a Back to the previous one
        page.view = view
        written = state.get(WRITTEN_KEY)
        if not moved and url_step is not None and url_step != state[STEP_KEY] and url_step != written:
            # the address bar holds a step we did not write and nothing moved: Back / Forward (the keys
            # component sends that step next) or a run that started before the last step reached the
            # address bar; either way writing now would overwrite a history entry
            return
        state[WRITTEN_KEY] = state[STEP_KEY]
        page.link(
            step=str(state[STEP_KEY] + 1),
            briefing=state.briefing_id if len(briefings) > 1 else None,
            present="1" if presenting else None,
        )

    names = {key: b.name(page.lang) for key, b in briefings.items()}
    keys = _KEYS(
        key="briefing_keys",
        data={"screen": state.get("briefing_screen"), "present": presenting, "done": state.get(DONE_KEY, [])},
        on_go_change=keyed,
        on_screen_change=lambda: None,
        height=0,
    )
    if presenting:
        st.set_page_config(initial_sidebar_state="collapsed")
        st.html(f"<style>{_PRESENT_CSS}</style>")
        screen = getattr(keys, "screen", None) or state.get("briefing_screen") or {"w": 1280, "h": 720}
        state["briefing_screen"] = screen
        _presenter(page, steps, move, publish, int(screen["w"]), int(screen["h"]))
    else:
        st.markdown(_PAGE_CSS, unsafe_allow_html=True)
        if len(briefings) > 1:
            st.selectbox(
                t("Briefing"), list(names), format_func=names.get, key="briefing_id", on_change=move, args=("first",)
            )
        st.button(t("🖥 Presenter view (full screen, clicker keys)"), on_click=_present, args=(True,))
        _in_page(page, briefing, steps, move, publish)


def _nav(t, index: int, count: int, move, compact: bool = False) -> None:
    """First / previous / next / last (their keys are handled by the keys component)."""
    columns = st.columns([1, 1, 1, 1] if compact else [1, 2, 2, 1], gap="small")
    first, last = index == 0, index == count - 1
    icons = (":material/first_page:", ":material/chevron_left:", ":material/chevron_right:", ":material/last_page:")
    labels = icons if compact else (icons[0], t("Previous"), t("Next"), icons[3])
    buttons = (
        ("first", t("First step (Home)"), first, "secondary"),
        ("previous", t("Previous step (←, PageUp)"), first, "secondary"),
        ("next", t("Next step (→, PageDown, Space)"), last, "primary"),
        ("last", t("Last step (End)"), last, "secondary"),
    )
    for column, label, icon, (to, help_, disabled, kind) in zip(columns, labels, icons, buttons, strict=True):
        column.button(
            label,
            icon=None if label == icon else icon,
            help=help_,
            disabled=disabled,
            on_click=move,
            args=(to,),
            type=kind,
            width="stretch",
            key=f"briefing_{to}",
        )


def presenter_sizes(width: int, height: int, caption: str) -> tuple[int, int, int]:
    """The map's width and height (pixels) and the caption's font size on a ``width`` x ``height`` screen.

    The caption runs under the map and the legend over the whole width; the map takes what is left.

    >>> presenter_sizes(1280, 720, "x" * 300)
    (930, 444, 28)
    """
    big = height >= 1000
    font = 36 if big else 28
    top, gaps = (84 if big else 70), 60
    per_line = max(20, int((width - 40) / (font * 0.52)))
    lines = max(1, math.ceil(len(caption) / per_line))
    caption_px = math.ceil(lines * font * 1.3)
    map_h = max(240, height - top - caption_px - gaps)
    map_w = int((width - 40) * 0.75)
    return map_w, map_h, font


def _presenter(page: Page, steps, move, publish, width: int, height: int) -> None:
    t, state = page.t, st.session_state
    index = state[STEP_KEY]
    step = steps[index]
    heading, caption = step.text(page.lang)
    map_w, map_h, _ = presenter_sizes(width, height, caption)
    view = step_view(step, page.lang)
    # the step's area, fitted to this screen's map
    view = view.with_(zoom=fitting_zoom(step_extent(step, *CORE_PX), map_w, map_h))
    publish(view)
    top = st.columns([9, 1.6, 4.4, 1.6, 1.4], vertical_alignment="center", gap="small")
    top[0].html(
        f'<div class="present-head"><span class="present-title">{escape(heading)}</span>'
        f'<span class="present-date">{escape(t.date(view.day))}</span></div>'
    )
    step_label = escape(t("Step"))
    top[1].html(f'<div class="present-counter" aria-label="{step_label}">{index + 1} / {len(steps)}</div>')
    with top[2]:
        _nav(t, index, len(steps), move, compact=True)
    with top[3].popover(t("Sources"), width="stretch"):
        st.markdown(sources_html(list(step.sources), page.data.register, page.lang), unsafe_allow_html=True)
    top[4].button(t("✕ Exit"), help=t("Leave the presenter view"), on_click=_present, args=(False,), width="stretch")
    map_column, legend_column = st.columns([3, 1], gap="small")
    # the caption is sent before the map (it sits under it), so a new step's words show at once
    st.html(f'<p class="present-caption">{escape(caption)}</p>')
    with map_column:
        render_map(
            page.data,
            view,
            key="briefing_map",
            height=map_h,
            scale=1.6,
            legend_on_map=False,
            highlight=Highlight("events", step.event) if step.event else None,
        )
    with legend_column:
        legend_w = int((width - 40) * 0.25)
        st.markdown(
            f'<div class="present-legend" style="max-height:{map_h}px">'
            f"{_shown_legend(page, step, view, legend_w, map_h)}</div>",
            unsafe_allow_html=True,
        )


def legend_font(labels: list[str], sections: int, width: int, height: int, largest: int = 26) -> int:
    """The largest font (pixels, at least 13) at which a legend of ``labels`` fits ``width`` x ``height``.

    >>> legend_font(["Barkhane (France, 2014-2022)"] * 4, 1, 300, 460)
    26
    >>> legend_font(["Barkhane (France, 2014-2022)"] * 22, 5, 300, 460) < 19
    True
    """
    for font in range(largest, 13, -1):
        per_line = max(8, int((width - font * 2.2) / (font * 0.55)))
        lines = 1 + sections + sum(math.ceil(len(label) / per_line) for label in labels)
        if lines * font * 1.4 + 12 <= height:
            return font
    return 13


def _shown_legend(page: Page, step, view, width: int, height: int) -> str:
    """The legend of what the step's map really shows, as large as the space beside the map allows."""
    t = page.t
    shown = view.with_(extent=step_extent(step)).shown_frames(page.data.frames)
    entries = styling.translate(styling.legend_for(shown), t)
    titles = {e.section: t(e.section) for e in entries}
    font = legend_font([e.label for e in entries], len(titles), width, height)
    return markers.legend_html(entries, font_px=font, title=t("Legend"), open_=True, section_titles=titles)


def _present(on: bool) -> None:
    st.session_state[PRESENT_KEY] = on


def _in_page(page: Page, briefing, steps, move, publish) -> None:
    t, state = page.t, st.session_state
    index = state[STEP_KEY]
    nav = st.columns([4, 6], vertical_alignment="center")
    with nav[0]:
        _nav(t, index, len(steps), move)
    nav[1].progress((index + 1) / len(steps), text=t("Step {n} of {total}", n=index + 1, total=len(steps)))
    step = steps[index]
    heading, caption = step.text(page.lang)
    view = step_view(step, page.lang)
    publish(view)
    st.title(heading)
    st.markdown(f'<div class="briefing-date">{escape(t.date(view.day))}</div>', unsafe_allow_html=True)
    st.markdown(f'<p class="briefing-caption">{escape(caption)}</p>', unsafe_allow_html=True)
    map_column, legend_column = st.columns([3, 1])
    with map_column:
        render_map(
            page.data,
            view,
            key="briefing_map",
            height=600,
            scale=1.6,
            legend_on_map=False,
            highlight=Highlight("events", step.event) if step.event else None,
        )
    with legend_column:
        # beside the map, not over it: large enough to read from the back of a room
        st.markdown(legend(view, scale=1.5), unsafe_allow_html=True)
    with st.expander(t("Sources for this step")):
        st.markdown(sources_html(list(step.sources), page.data.register, page.lang), unsafe_allow_html=True)
    _deck_downloads(page, briefing)
    st.subheader(t("Troop numbers"))
    st.caption(t("Each point is a sourced figure (authorized, deployed or estimate); dashed lines only join them."))
    st.altair_chart(charts.troops_chart(page.data.troops, t, day=view.day), width="stretch")


def _deck_downloads(page: Page, briefing) -> None:
    """The briefing as a slide deck (PPTX) or a printable handout (PDF), in the page's language."""
    t = page.t
    formats = [key for key, fmt in FORMATS.items() if fmt.kind == "briefing"]
    if not formats or not st.toggle(t("⬇ Slide deck and handout"), key="briefing_download"):
        return
    columns = st.columns(len(formats))
    for column, key in zip(columns, formats, strict=True):
        fmt = FORMATS[key]
        name = f"{briefing.id}-{page.lang}.{fmt.extension}"
        if not column.button(t("Prepare {what}", what=t(fmt.label)), key=f"briefing_prepare_{key}"):
            continue
        view = step_view(briefing.steps[0], page.lang)
        try:
            with tempfile.TemporaryDirectory() as tmp, st.spinner(t("Rendering…")):
                out = export(key, page.data, view, Path(tmp) / name, Options(briefing=briefing.id))
                payload = out.read_bytes()
        except ExportError as exc:
            column.error(plain(exc))
            continue
        column.download_button(
            t("Save {name}", name=name), payload, file_name=name, mime=fmt.mime, key=f"briefing_save_{key}"
        )
