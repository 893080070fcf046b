"""Tables as readers see them: codes turned into labels, headers translated, dates in words.

>>> import pandas as pd
>>> from sahel_map.look.i18n import translator
>>> shown = labelled(pd.DataFrame({"force": ["minusma"], "positions": [3]}), translator("fr"))
>>> list(shown.columns), shown.iloc[0, 0]
(['Force', 'Positions'], 'MINUSMA (ONU)')
"""

from __future__ import annotations

import pandas as pd

from ..data.codes import N_
from .i18n import Translator
from .places import country_name

#: column -> (header, how values are shown): a code table of Translator.code, "date", "countries", "level"
COLUMNS: dict[str, tuple[str, str | None]] = {
    "name": (N_("Name"), None),
    "place": (N_("Place"), None),
    "force": (N_("Force"), "force"),
    "nations": (N_("Nations"), "countries"),
    "kind": (N_("Kind"), "kind"),
    "event_kind": (N_("Kind"), "event"),
    "start": (N_("Start"), "date"),
    "end": (N_("End"), "date"),
    "date": (N_("Date"), "date"),
    "successor": (N_("Handed to"), "force"),
    "status": (N_("Status on the date"), "status"),
    "confidence": (N_("Confidence"), "confidence_short"),
    "sources": (N_("Sources"), None),
    "positions": (N_("Positions"), None),
    "group": (N_("Group"), "group"),
    "level": (N_("Level"), "level"),
    "area_km2": (N_("Area (km²)"), "number"),
    "title": (N_("Event"), None),
    "actors": (N_("Actors"), None),
    "fatalities": (N_("Dead (best estimate)"), "number"),
    "country": (N_("Country"), "country"),
}
STATUS = {"active": N_("active"), "not yet": N_("not yet"), "ended": N_("ended")}
CONFIDENCE_SHORT = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def show_value(value, how: str | None, t: Translator) -> str:
    if isinstance(value, (list, tuple)):
        if how == "countries":
            return ", ".join(country_name(v, t.lang) for v in value)
        return ", ".join(map(str, value))
    if value is None or (not isinstance(value, (dict, set)) and pd.isna(value)):
        return ""
    if how == "date":
        return t.date(value)
    if how == "number":
        return t.number(value)
    if how == "status":
        return t(STATUS.get(value, str(value)))
    if how == "confidence_short":
        return t(CONFIDENCE_SHORT.get(value, str(value)))
    if how == "level":
        return t.level(value)
    if how == "country":
        return country_name(value, t.lang)
    if how in ("force", "kind", "event", "group"):
        return t.code(how, value)
    return str(value)


def labelled(frame: pd.DataFrame, t: Translator, kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """``frame`` with every known column's values in words and its header translated.

    ``kinds`` maps a column to another entry of :data:`COLUMNS` (``{"kind": "event_kind"}``).
    """
    kinds = kinds or {}
    out = {}
    for column in frame.columns:
        header, how = COLUMNS.get(kinds.get(column, column), (column, None))
        out[t(header) if column in COLUMNS or column in kinds else column] = [
            show_value(v, how, t) for v in frame[column]
        ]
    return pd.DataFrame(out, index=frame.index)
