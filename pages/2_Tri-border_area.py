"""The Liptako-Gourma tri-border area: what lies inside it, and how that changed."""

import streamlit as st

from sahel_map.app import Page, cached
from sahel_map.app.text import plain
from sahel_map.look import charts
from sahel_map.look.tables import labelled
from sahel_map.view.tables import events_table

page = Page("Tri-border area", "📍")
t = page.t
st.title(t("The tri-border area (Liptako-Gourma)"))
areas = page.data.frames["tri_border"]
if not len(areas):
    st.warning(t("No tri-border definition could be read: see the problems above."))
    st.stop()
definitions = {str(row.id): str(row.name) for row in areas.itertuples()}
if "triborder_definition" not in st.session_state:
    # a shared link names its definition (?areas=...); otherwise the primary one
    linked = [a for a in st.query_params.get("areas", "").split(",") if a in definitions]
    st.session_state.triborder_definition = (linked or [next(iter(definitions))])[0]
chosen = st.selectbox(
    t("Definition of the area"), list(definitions), format_func=definitions.get, key="triborder_definition"
)
st.session_state["triborder_areas"] = (chosen,)
area = areas[areas["id"] == chosen]
approximate = t("Shapes are approximate: see Sources and methodology.")
st.caption(plain(f"{area['definition'].iloc[0]} {approximate}", 1000))
shape = area.geometry.union_all()
inside = page.data.within(shape)
view = page.map("triborder", data=inside, center=(14.8, 0.3), zoom=6, default_areas=(chosen,), pick_areas=False)

st.subheader(t("Inside the area over time"))
left, right = st.columns(2)
with left:
    st.caption(t("Active military positions inside the area, by force (monthly)"))
    st.altair_chart(charts.positions_over_time_chart(cached.positions_series(page.data, chosen), t), width="stretch")
with right:
    st.caption(t("Jihadist zone area inside the area, by group (km², monthly)"))
    st.altair_chart(charts.area_over_time_chart(cached.zone_area_series(page.data, chosen), t), width="stretch")
st.subheader(t("Events inside the area"))
st.dataframe(
    labelled(events_table(inside.frames["events"]), t, {"kind": "event_kind"}), hide_index=True, width="stretch"
)
