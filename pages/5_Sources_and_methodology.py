"""How the layers were drawn, what confidence means, and every source."""

import pandas as pd
import streamlit as st

from sahel_map import codes, ui
from sahel_map.paths import ROOT

data = ui.page_setup("Sources and methodology", "📚")
st.title("Sources and methodology")
st.caption(f"Data cut-off: {data.cutoff.isoformat()}. {data.info.get('cutoff_meaning', '')}")

counts = pd.DataFrame(
    [
        {"layer": codes.LAYER_TITLES[k], "features": len(v.frame), "problems": len(v.problems)}
        for k, v in data.layers.items()
    ]
)
st.dataframe(counts, hide_index=True)
st.markdown((ROOT / "docs" / "methodology.md").read_text(encoding="utf-8"))

st.subheader("Confidence")
st.table(pd.DataFrame({"level": list(codes.CONFIDENCE), "meaning": list(codes.CONFIDENCE.values())}))

st.subheader(f"All {len(data.register)} sources")
cited: dict[str, int] = {}
for layer in data.layers.values():
    for ids in layer.frame["sources"]:
        for source_id in ids:
            cited[source_id] = cited.get(source_id, 0) + 1
register = pd.DataFrame([vars(s) for s in data.register.values()])
register["cited by"] = register["id"].map(cited).fillna(0).astype(int)
query = st.text_input("Filter sources", placeholder="publisher, title or id")
if query:
    mask = register.apply(lambda row: query.lower() in " ".join(map(str, row.values)).lower(), axis=1)
    register = register[mask]
st.dataframe(
    register[["id", "publisher", "title", "date", "url", "supports", "cited by"]],
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("url")},
)
