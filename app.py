"""Sahel Map: the entry point (`streamlit run app.py`). Each page is a short script in pages/."""

import streamlit as st

from sahel_map.app.state import lang
from sahel_map.look.i18n import translator

t = translator(lang())
PAGES = [
    st.Page("pages/0_Overview.py", title=t("Overview"), default=True),
    st.Page("pages/1_Military_positions.py", title=t("Military positions")),
    st.Page("pages/2_Tri-border_area.py", title=t("Tri-border area")),
    st.Page("pages/3_Jihadist_influence.py", title=t("Jihadist influence")),
    st.Page("pages/4_Barkhane_drawdown.py", title=t("Barkhane drawdown")),
    st.Page("pages/5_Sources_and_methodology.py", title=t("Sources and methodology")),
    st.Page("pages/6_Analysis.py", title=t("Analysis")),
    st.Page("pages/7_Your_data.py", title=t("Your data")),
]

st.navigation(PAGES).run()
