"""Sahel Map: the entry point (`streamlit run app.py`). Each page is a short script in pages/."""

import streamlit as st

PAGES = [
    st.Page("pages/0_Overview.py", title="Overview", icon=":material/map:", default=True),
    st.Page("pages/1_Military_positions.py", title="Military positions", icon=":material/military_tech:"),
    st.Page("pages/2_Tri-border_area.py", title="Tri-border area", icon=":material/join_inner:"),
    st.Page("pages/3_Jihadist_influence.py", title="Jihadist influence", icon=":material/warning:"),
    st.Page("pages/4_Barkhane_drawdown.py", title="Barkhane drawdown", icon=":material/slideshow:"),
    st.Page("pages/5_Sources_and_methodology.py", title="Sources and methodology", icon=":material/menu_book:"),
]

st.navigation(PAGES).run()
