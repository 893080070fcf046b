"""Your data: an analyst's own files (GeoJSON, shapefile, GeoPackage, KML, CSV; ACLED and UCDP GED), kept in
this session only, on this map and on every map page."""

import streamlit as st

from sahel_map.app import Page
from sahel_map.app.uploads import uploads_page

page = Page("Your data", "📂")
st.title(page.t("Your data"))
uploads_page(page.t)
page.map("yourdata")
