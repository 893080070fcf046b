"""Sahel Map: the entry point (`streamlit run app.py`). Each page is a short script in pages/."""

import streamlit as st

PAGES = [
    st.Page("pages/0_Overview.py", title="Overview", default=True),
    st.Page("pages/1_Military_positions.py", title="Military positions"),
    st.Page("pages/2_Tri-border_area.py", title="Tri-border area"),
    st.Page("pages/3_Jihadist_influence.py", title="Jihadist influence"),
    st.Page("pages/4_Barkhane_drawdown.py", title="Barkhane drawdown"),
    st.Page("pages/5_Sources_and_methodology.py", title="Sources and methodology"),
]

st.navigation(PAGES).run()
