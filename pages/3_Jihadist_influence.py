"""Jihadist zones by group and level: areas over time and two dates side by side."""

from datetime import date

import streamlit as st

from sahel_map import analysis, charts, ui
from sahel_map.mapping import Selection

data = ui.page_setup("Jihadist influence", "⚠️")
st.title("Jihadist influence")
st.caption(
    "Zones are approximations drawn from the towns and regions the sources name, not surveyed front lines; "
    "each zone's popup says how it was drawn and how confident we are."
)
view, selection = ui.map_page(data, "zones", layers=("jihadist_zones", "tri_border", "events"))

st.subheader("Area by group over time (km², equal-area projection)")
table = analysis.zone_area_over_time(data.frames["jihadist_zones"], analysis.month_starts(data.first_day, data.cutoff))
st.altair_chart(charts.area_over_time_chart(table), width="stretch")

st.subheader("Compare two dates")
left_day, right_day = st.columns(2)
first = left_day.date_input("Left map", date(2017, 3, 2), min_value=data.first_day, max_value=data.cutoff, key="cmp_a")
second = right_day.date_input(
    "Right map", date(2023, 6, 1), min_value=data.first_day, max_value=data.cutoff, key="cmp_b"
)
compare = Selection(layers=("jihadist_zones", "tri_border"), groups=selection.groups)
for side, column, day in (("left", left_day, first), ("right", right_day, second)):
    with column:
        ui.render_map(data, view.with_(day=day, center=(16.0, -1.0), zoom=5), compare, key=f"cmp_{side}", height=420)
        st.dataframe(
            analysis.zone_area_per_group(data.frames["jihadist_zones"], day).drop(columns="code"),
            hide_index=True,
            width="stretch",
        )
