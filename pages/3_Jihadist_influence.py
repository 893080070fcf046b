"""Jihadist zones by group and level: areas over time and two dates side by side."""

from datetime import date

import streamlit as st

from sahel_map.app import Page, cached
from sahel_map.app.livemap import render_map
from sahel_map.look import charts
from sahel_map.look.tables import labelled
from sahel_map.view import analysis

page = Page("Jihadist influence", "⚠️")
t = page.t
st.title(t("Jihadist influence"))
st.caption(
    t(
        "Zones are approximations drawn from the regions and towns the sources name, not surveyed front lines; "
        "each zone's popup says how it was drawn and how confident we are."
    )
)
view = page.map("zones", layers=("jihadist_zones", "tri_border", "events"))
zones = page.data.frames["jihadist_zones"]

st.subheader(t("Area by group over time (km², equal-area projection)"))
st.altair_chart(charts.area_over_time_chart(cached.zone_area_series(page.data), t), width="stretch")

st.subheader(t("Share of each country, beside the published figures"))
st.caption(
    t(
        "Our zones as a share of each country: solid, where a group holds or is present (control or influence); "
        "dashed, any level, attacks included. Points are published figures of territory outside state control; "
        "open points are governments' own. Hover for each figure's source and what it means."
    )
)
shares = cached.territory_shares(page.data)
st.altair_chart(charts.territory_chart(shares, page.data.figures, t), width="stretch")

st.subheader(t("Compare two dates"))
if "cmp_a" not in st.session_state:
    # ?compare=2017-03-02,2023-06-01 reopens the same comparison
    linked = (page.linked("compare") or "").split(",")
    defaults = [date(2017, 3, 2), date(2023, 6, 1)]
    for key, text, fallback in zip(("cmp_a", "cmp_b"), linked + ["", ""], defaults, strict=False):
        try:
            st.session_state[key] = min(max(date.fromisoformat(text), page.data.first_day), page.data.cutoff)
        except ValueError:
            st.session_state[key] = fallback
left, right = st.columns(2)
first = left.date_input(t("Left map"), min_value=page.data.first_day, max_value=page.data.cutoff, key="cmp_a")
second = right.date_input(t("Right map"), min_value=page.data.first_day, max_value=page.data.cutoff, key="cmp_b")
for side, column, day in (("left", left, first), ("right", right, second)):
    with column:
        compare = view.with_(day=day, layers=("jihadist_zones", "tri_border"), center=(15.5, -1.5), zoom=5)
        render_map(page.data, compare, key=f"cmp_{side}", height=420)
        page.table(labelled(analysis.zone_area_per_group(zones, day), t), t("No zone on this date."))
page.link(compare=f"{first.isoformat()},{second.isoformat()}")
