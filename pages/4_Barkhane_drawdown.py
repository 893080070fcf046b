"""The Barkhane drawdown as a guided briefing: one step per key event, legible on a projector."""

from html import escape

import streamlit as st

from sahel_map.app import Page
from sahel_map.app.livemap import legend, render_map
from sahel_map.look import charts
from sahel_map.look.popups import sources_html
from sahel_map.view.briefing import step_view
from sahel_map.web.maps import Highlight

page = Page("Barkhane drawdown", "🎞️")
t = page.t
briefings = page.data.briefings
if not briefings:
    st.title(t("Barkhane drawdown"))
    st.error(t("No briefing could be read: see the problems above."))
    st.stop()
names = {key: b.name(page.lang) for key, b in briefings.items()}
if "briefing_id" not in st.session_state:
    linked = page.linked("briefing")
    st.session_state.briefing_id = linked if linked in briefings else next(iter(briefings))
if len(briefings) > 1:
    st.selectbox(t("Briefing"), list(names), format_func=names.get, key="briefing_id")
steps = briefings[st.session_state.briefing_id].steps
if "briefing_step" not in st.session_state:
    # ?step=N (1-based) opens a briefing at a given step, so a step can be shared as a link
    linked = page.linked("step") or "1"
    st.session_state.briefing_step = max(0, min(len(steps) - 1, int(linked) - 1)) if linked.isdigit() else 0
st.session_state.briefing_step = min(st.session_state.briefing_step, len(steps) - 1)


def move(delta: int) -> None:
    # a callback runs before the page is drawn again, so both buttons show the new step's state
    st.session_state.briefing_step = max(0, min(len(steps) - 1, st.session_state.briefing_step + delta))


st.markdown(
    "<style>.briefing-caption{font-size:1.6rem;line-height:1.35} .briefing-date{font-size:1.2rem;color:#555}</style>",
    unsafe_allow_html=True,
)
nav = st.columns([1, 1, 6])
index = st.session_state.briefing_step
nav[0].button(t("◀ Previous"), disabled=index == 0, width="stretch", on_click=move, args=(-1,), shortcut="Left")
nav[1].button(
    t("Next ▶"),
    disabled=index == len(steps) - 1,
    type="primary",
    width="stretch",
    on_click=move,
    args=(1,),
    shortcut="Right",
)
nav[2].progress((index + 1) / len(steps), text=t("Step {n} of {total}", n=index + 1, total=len(steps)))
step = steps[index]
heading, caption = step.text(page.lang)
view = step_view(step, page.lang)
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
page.view = view
page.link(step=str(index + 1), briefing=st.session_state.briefing_id if len(briefings) > 1 else None)

st.subheader(t("Troop numbers"))
st.caption(t("Each point is a sourced figure (authorized, deployed or estimate); dashed lines only join them."))
st.altair_chart(charts.troops_chart(page.data.troops, t, day=view.day), width="stretch")
