"""Overview: the whole picture for one day, with counts per force and group."""

import streamlit as st

from sahel_map.app import Page, cached
from sahel_map.look.tables import labelled

page = Page("Overview")
t = page.t
st.title(t("Sahel Map: Mali and the central Sahel"))
st.caption(
    t(
        "Foreign and Malian military positions, jihadist zones and key events from 2012 to the data cut-off. "
        "Move the date in the sidebar; click any feature for its dates, confidence and sources."
    )
)
view = page.map("overview")
counts = cached.day_counts(page.data, view.day)
left, right = st.columns(2)
with left:
    st.subheader(t("Positions active on {day}", day=t.date(view.day)))
    page.table(labelled(counts.positions, t))
with right:
    st.subheader(t("Zone area by group (km², equal-area)"))
    page.table(labelled(counts.zones, t), t("No zone on this date."))
