"""The Barkhane drawdown as a guided briefing: one step per key event, legible on a projector."""

from html import escape

import streamlit as st

from sahel_map import briefing, charts, ui
from sahel_map.popups import sources_html
from sahel_map.state import ViewState

data = ui.page_setup("Barkhane drawdown", "🎞️")
events = data.frames["events"]
steps = briefing.STEPS
if "briefing_step" not in st.session_state:
    # ?step=N (1-based) opens a briefing at a given step, so a step can be shared as a link
    try:
        st.session_state.briefing_step = max(0, min(len(steps) - 1, int(st.query_params.get("step", 1)) - 1))
    except ValueError:
        st.session_state.briefing_step = 0


def move(delta: int) -> None:
    # a callback runs before the page is drawn again, so both buttons show the new step's state
    st.session_state.briefing_step = max(0, min(len(steps) - 1, st.session_state.briefing_step + delta))


st.markdown(
    "<style>.briefing-caption{font-size:1.6rem;line-height:1.35} .briefing-date{font-size:1.2rem;color:#555}</style>",
    unsafe_allow_html=True,
)
nav = st.columns([1, 1, 6])
index = st.session_state.briefing_step
nav[0].button("◀ Previous", disabled=index == 0, width="stretch", on_click=move, args=(-1,))
nav[1].button("Next ▶", disabled=index == len(steps) - 1, type="primary", width="stretch", on_click=move, args=(1,))
nav[2].progress((index + 1) / len(steps), text=f"Step {index + 1} of {len(steps)}")

st.query_params["step"] = str(index + 1)
step = steps[index]
event = briefing.step_event(events, step)
day = event["start"].date()
st.title(step.heading)
st.markdown(
    f'<div class="briefing-date">{day.day} {day:%B %Y} · {escape(event["title"])}</div>',
    unsafe_allow_html=True,
)
st.markdown(f'<p class="briefing-caption">{escape(event["description"])}</p>', unsafe_allow_html=True)
view = ViewState(day=day, layers=step.layers, center=step.center, zoom=step.zoom)
selection = briefing.step_selection(step)
map_column, legend_column = st.columns([3, 1])
with map_column:
    ui.render_map(data, view, selection, key="briefing_map", height=600, scale=1.6, legend_on_map=False)
with legend_column:
    # beside the map, not over it: large enough to read from the back of a room
    st.markdown(ui.map_legend(selection, scale=1.5), unsafe_allow_html=True)
with st.expander("Sources for this step"):
    st.markdown(sources_html(event["sources"], data.register), unsafe_allow_html=True)

st.subheader("Troop numbers")
st.caption("Each point is a sourced figure (authorized, deployed or estimate); dashed lines only join them.")
st.altair_chart(charts.troops_chart(data.troops, day=view.day), width="stretch")
