"""The credit line of every export: the publishers behind what is shown, the cut-off, the basemap.

>>> from sahel_map.data import load_dataset
>>> from sahel_map.look.i18n import translator
>>> data = load_dataset()
>>> "Data cut-off" in credit_line(data.register, data.cutoff, {}, translator("en"))
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from ..data.sources import Source
from .i18n import Translator

#: sources cited for coordinates only, credited in the fixed part of the line
COORDINATE_SOURCES = {"geonames-cities1000"}


def credit_line(
    register: Mapping[str, Source],
    cutoff: date,
    frames: Mapping,
    t: Translator,
    extra: Iterable[str] = (),
    top: int = 6,
) -> str:
    """Publishers of the sources behind what is drawn, most cited first, and the cut-off."""
    counts: Counter = Counter()
    for frame in frames.values():
        for ids in frame.get("sources", []):
            counts.update(ids if isinstance(ids, (list, tuple)) else [])
    publishers: Counter = Counter()
    for source_id, n in counts.items():
        source = register.get(source_id)
        if source and source_id not in COORDINATE_SOURCES:
            publishers[source.publisher] += n
    named = ", ".join(p for p, _ in publishers.most_common(top)) or t("none for this view")
    line = t(
        "Sources: {named} and others ({count} sources; full list in seeds/sources.csv). Data cut-off "
        "{cutoff}. Zones are approximate. Basemap: Natural Earth. Towns: GeoNames (CC BY 4.0). Sahel Map.",
        named=named,
        count=len(counts),
        cutoff=t.date(cutoff),
    )
    return " ".join([line, *[e for e in extra if e]])
