"""Analysis: coverage (the hole the drawdown left), nearest positions, and what changed between two dates."""

import streamlit as st

from sahel_map.app import Page
from sahel_map.app import analysis as faces

page = Page("Analysis", "📐")
t = page.t
st.title(t("Analysis"))
st.caption(
    t(
        "How much of an area lay within reach of each force's positions, which positions were nearest to a "
        "point, and what changed between two dates. Distances and rings are geodesic; areas are measured in an "
        "equal-area projection."
    )
)
question = faces.coverage_controls(t)
view = page.map(
    faces.PREFIX,
    layers=("military_positions", "tri_border", "events"),
    extra_for=faces.extra_layers(page.data, question, t),
    caption=faces.changes_summary(page.data, t),
)
faces.coverage_figure(page.data, view, question, t)
st.subheader(t("Coverage over time"))
faces.coverage_over_time(page.data, view, question, t)
st.subheader(t("Nearest positions"))
faces.nearest_table(page, view)
st.subheader(t("What changed between two dates"))
faces.changes_section(page)
