"""Military positions: the map, a filterable table, and who held each site when."""

import streamlit as st

from sahel_map.app import Page
from sahel_map.look import charts
from sahel_map.look.tables import labelled, show_value
from sahel_map.view.tables import filter_positions, positions_table

page = Page("Military positions", "🪖")
t = page.t
st.title(t("Military positions"))
view = page.map("positions", layers=("military_positions", "events"))

st.subheader(t("All positions"))
table = positions_table(page.data.frames["military_positions"], view.day)
filters = st.columns(4)
force = filters[0].multiselect(t("Force"), sorted(set(table["force"])), format_func=lambda c: t.code("force", c))
nations = sorted({n for ns in table["nations"] for n in ns})
nation = filters[1].multiselect(t("Nation"), nations, format_func=lambda c: show_value([c], "countries", t))
kind = filters[2].multiselect(t("Kind"), sorted(set(table["kind"])), format_func=lambda c: t.code("kind", c))
status = filters[3].multiselect(
    t("Status on the date"), ["active", "not yet", "ended"], format_func=lambda s: show_value(s, "status", t)
)
shown = filter_positions(table, force=force, nation=nation, kind=kind, status=status)
st.dataframe(labelled(shown, t), hide_index=True, width="stretch")

st.subheader(t("Who held each site when"))
st.caption(
    t(
        "One row per place and force: where one bar ends and another starts, the site changed hands. "
        "The black line is the date shown."
    )
)
st.altair_chart(
    charts.holdings_gantt(page.data.frames["military_positions"], page.data.cutoff, view.day, t), width="stretch"
)
