"""Published shares of territory outside state control: ``geodata/territory_figures.csv``.

One row per figure: ``country`` (ISO3), ``date`` (the day it describes), ``share_outside_state_control``
(per cent), ``kind`` (``independent``: the UN, the press, mediators, research; ``government``: a
government's own figure), ``sources`` (``;``-separated register ids) and ``notes`` (own words). The
Jihadist influence page and ``docs/methodology.md`` set our zones beside them.

>>> figures, problems = load_figures()
>>> problems, sorted(set(figures["country"]))
([], ['BFA', 'MLI'])
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd

from .paths import geodata_dir
from .problems import Problem, read_text

COLUMNS = ["country", "date", "share_outside_state_control", "kind", "sources", "notes"]
KINDS = ("independent", "government")


def load_figures(path: Path | None = None, known_sources: set[str] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    path = Path(path or geodata_dir() / "territory_figures.csv")
    empty = pd.DataFrame(columns=COLUMNS)
    if not path.exists():
        return empty, []  # optional: the page says there is no figure
    text, why = read_text(path)
    if text is None:
        return empty, [Problem(path.name, None, None, why)]
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return empty, [Problem(path.name, None, None, "not a readable CSV")]
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        return empty, [Problem(path.name, None, c, "column missing") for c in missing]
    problems, keep = [], []
    for index, row in raw.iterrows():
        label, found = f"row {index + 2}", []
        try:
            date.fromisoformat(row["date"])
        except ValueError:
            found.append(Problem(path.name, label, "date", f"{row['date'][:20]!r} is not a date written YYYY-MM-DD"))
        try:
            share = float(row["share_outside_state_control"])
            if not 0 <= share <= 100:
                raise ValueError
        except ValueError:
            found.append(Problem(path.name, label, "share_outside_state_control", "not a percentage 0..100"))
        if row["kind"] not in KINDS:
            found.append(Problem(path.name, label, "kind", f"{row['kind'][:20]!r} is not one of {', '.join(KINDS)}"))
        ids = [s.strip() for s in row["sources"].split(";") if s.strip()]
        if not ids:
            found.append(Problem(path.name, label, "sources", "no source"))
        elif known_sources is not None:
            found += [
                Problem(path.name, label, "sources", f"{s!r} is not registered") for s in ids if s not in known_sources
            ]
        problems += found
        keep.append(not found)
    figures = raw[keep].copy()
    figures["date"] = pd.to_datetime(figures["date"])
    figures["share_outside_state_control"] = figures["share_outside_state_control"].astype(float)
    return figures.reset_index(drop=True), problems
