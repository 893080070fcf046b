"""The Liptako-Gourma tri-border area: what lies inside it, and how that changed."""

import streamlit as st

from sahel_map import analysis, charts, ui
from sahel_map.tables import events_table

data = ui.page_setup("Tri-border area", "📍")
st.title("The tri-border area (Liptako-Gourma)")
areas = data.frames["tri_border"]
definitions = {row.id: row.name for row in areas.itertuples()}
chosen = st.selectbox("Definition of the area", list(definitions), format_func=definitions.get)
area = areas[areas["id"] == chosen]
st.caption(area["definition"].iloc[0] + " Shapes are approximate: see Sources and methodology.")
inside = data.within(area.geometry.union_all())
view, selection = ui.map_page(inside, "triborder", center=(14.8, 0.3), zoom=6, areas=(chosen,))

st.subheader("Inside the area over time")
months = analysis.month_starts(data.first_day, data.cutoff)
left, right = st.columns(2)
with left:
    st.caption("Active military positions inside the area, by force (monthly)")
    table = analysis.positions_over_time(inside.frames["military_positions"], months)
    st.altair_chart(charts.positions_over_time_chart(table), width="stretch")
with right:
    st.caption("Jihadist zone area inside the area, by group (km², monthly)")
    zones = inside.frames["jihadist_zones"].copy()
    zones["geometry"] = zones.geometry.intersection(area.geometry.union_all())
    st.altair_chart(charts.area_over_time_chart(analysis.zone_area_over_time(zones, months)), width="stretch")
st.subheader("Events inside the area")
st.dataframe(events_table(inside.frames["events"]), hide_index=True, width="stretch")
