"""What is wrong with the data, said on every page: file, feature, field; everything valid still drawn."""

from __future__ import annotations

import streamlit as st

from ..data.dataset import Dataset
from ..look.i18n import Translator
from .text import plain


def problems_banner(data: Dataset, t: Translator) -> None:
    errors = data.errors
    warnings = [p for p in data.problems if p.warning]
    if not errors and not warnings:
        return
    with st.container(border=True):
        if errors:
            files = sorted({p.file for p in errors})
            # validate reads files: a database is checked through a dump of it
            how = (
                t(
                    "For the full list, run python -m sahel_map db dump FOLDER, then python -m sahel_map validate FOLDER."
                )
                if data.from_database
                else t("Run python -m sahel_map validate for the full list.")
            )
            said = t(
                "{n} problem(s) in {files}: what they concern is left out; everything else is shown.",
                n=len(errors),
                files=", ".join(files[:8]),
            )
            st.error(plain(f"{said} {how}", 600), icon="⚠️")
        elif warnings:
            st.warning(plain(t("{n} warning(s) in the data (shown as it is).", n=len(warnings))), icon="ℹ️")
        with st.expander(t("Show the problems")):
            # st.code shows text literally: nothing in a file name or message is rendered
            st.code("\n".join(str(p)[:400] for p in (errors + warnings)[:200]), language=None)
