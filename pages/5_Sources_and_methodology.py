"""How the layers were drawn, what confidence means, and every source."""

import pandas as pd
import streamlit as st

from sahel_map.app import Page
from sahel_map.app.text import plain
from sahel_map.data import codes
from sahel_map.data.paths import ROOT

page = Page("Sources and methodology", "📚")
t, data = page.t, page.data
st.title(t("Sources and methodology"))
st.caption(
    plain(t("Data cut-off: {day}.", day=t.date(data.cutoff)) + " " + str(data.info.get("cutoff_meaning", "")), 1200)
)

counts = pd.DataFrame(
    [
        {t("Layer"): t.code("layer", k), t("Features"): len(v.frame), t("Problems"): len(v.problems)}
        for k, v in data.layers.items()
    ]
)
st.dataframe(counts, hide_index=True)
methodology = ROOT / "docs" / ("methodology.fr.md" if page.lang == "fr" else "methodology.md")
if methodology.exists():
    # our own document, not data: rendered as Markdown
    st.markdown(methodology.read_text(encoding="utf-8"))

st.subheader(t("Confidence"))
st.table(pd.DataFrame({t("Level"): list(codes.CONFIDENCE), t("Meaning"): [t(v) for v in codes.CONFIDENCE.values()]}))

st.subheader(t("All {n} sources", n=t.number(len(data.register))))
cited: dict[str, int] = {}
for layer in data.layers.values():
    for ids in layer.frame["sources"]:
        for source_id in ids:
            cited[source_id] = cited.get(source_id, 0) + 1
register = pd.DataFrame(
    [vars(s) for s in data.register.values()], columns=["id", "title", "publisher", "date", "url", "supports"]
)
# only http(s) addresses become links: a javascript: URL in the register stays out of every link
register["url"] = [s.url if s.linkable else None for s in data.register.values()]
register["cited by"] = register["id"].map(cited).fillna(0).astype(int)
query = st.text_input(t("Filter sources"), placeholder=t("publisher, title or id"), max_chars=200)
if query:
    mask = register.apply(lambda row: query.lower() in " ".join(map(str, row.values)).lower(), axis=1)
    register = register[mask]
st.dataframe(
    register[["id", "publisher", "title", "date", "url", "supports", "cited by"]],
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("url")},
)
