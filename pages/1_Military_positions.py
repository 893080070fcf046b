"""Military positions: the map, a filterable table, and who held each site when."""

import streamlit as st

from sahel_map import charts, ui
from sahel_map.tables import filter_positions, positions_table

data = ui.page_setup("Military positions", "🪖")
st.title("Military positions")
view, selection = ui.map_page(data, "positions", layers=("military_positions", "events"))

st.subheader("All positions")
table = positions_table(data.frames["military_positions"], view.day)
filters = st.columns(4)
force = filters[0].multiselect("Force", sorted(table["force"].unique()))
nation = filters[1].multiselect("Nation", sorted({n for ns in table["nations"] for n in ns}))
kind = filters[2].multiselect("Kind", sorted(table["kind"].unique()))
status = filters[3].multiselect("Status on the date", ["active", "not yet", "ended"])
shown = filter_positions(table, force=force, nation=nation, kind=kind, status=status)
st.dataframe(shown, hide_index=True, width="stretch")

st.subheader("Who held each site when")
st.caption(
    "One row per place and force: where one bar ends and another starts, the site changed hands. The black line is the date shown."
)
st.altair_chart(charts.holdings_gantt(data.frames["military_positions"], data.cutoff, view.day), width="stretch")
