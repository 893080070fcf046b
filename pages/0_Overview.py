"""Overview: the whole picture for one day, with counts per force and group."""

import streamlit as st

from sahel_map import analysis, ui

data = ui.page_setup("Overview")
st.title("Sahel Map: Mali and the central Sahel")
st.caption(
    "Foreign and Malian military positions, jihadist zones and key events from 2012 to the data cut-off. "
    "Move the date in the sidebar; click any feature for its dates, confidence and sources."
)
view, selection = ui.map_page(data, "overview")
counts = analysis.counts_for_day(data.frames, view.day)
left, right = st.columns(2)
with left:
    st.subheader(f"Positions active on {view.day.isoformat()}")
    ui.small_table(counts.positions)
with right:
    st.subheader("Zone area by group (km², equal-area)")
    ui.small_table(counts.zones, "No zone on this date.")
