"""Troop numbers over time: ``geodata/troop_strength.csv``.

One row per figure: ``force,date,troops,kind,sources,notes`` where ``kind`` is
authorized, deployed or estimate and ``sources`` is a ``;``-separated list of
registered source ids.  Rows that break a rule are reported like layer
problems (``file: row N: field: problem``) and left out.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd

from . import codes
from .paths import geodata_dir
from .problems import Problem, read_text

KINDS = ("authorized", "deployed", "estimate")
COLUMNS = ["force", "date", "troops", "kind", "sources", "notes"]


def load_troops(path: Path | None = None, known_sources: set[str] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Valid rows (``date`` as datetime, ``troops`` as int) and the problems found."""
    path = Path(path or geodata_dir() / "troop_strength.csv")
    name = path.name
    empty = pd.DataFrame(columns=[*COLUMNS, "force_label"])
    text, why = read_text(path)
    if text is None:
        return empty, [Problem(name, None, None, why)]
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return empty, [Problem(name, None, None, f"not a readable CSV ({str(exc).splitlines()[0]})")]
    return troops_from_frame(raw, name, known_sources)


def troops_from_frame(
    raw: pd.DataFrame, name: str, known_sources: set[str] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check troop rows, every column as text (from the CSV, or a table named ``name``)."""
    empty = pd.DataFrame(columns=[*COLUMNS, "force_label"])
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        return empty, [Problem(name, None, c, "column missing") for c in missing]
    problems: list[Problem] = []
    keep = []
    for index, row in raw.iterrows():
        label = f"row {index + 2}"
        found = []
        if row["force"] not in codes.FORCES:
            found.append(Problem(name, label, "force", f"{row['force']!r} is not a known code"))
        try:
            date.fromisoformat(row["date"])
        except ValueError:
            found.append(Problem(name, label, "date", f"{row['date']!r} is not a date written YYYY-MM-DD"))
        if not row["troops"].isdigit():
            found.append(Problem(name, label, "troops", f"{row['troops']!r} is not a whole number"))
        if row["kind"] not in KINDS:
            found.append(Problem(name, label, "kind", f"{row['kind']!r} is not one of {', '.join(KINDS)}"))
        ids = [s.strip() for s in row["sources"].split(";") if s.strip()]
        if not ids:
            found.append(Problem(name, label, "sources", "no source"))
        elif known_sources is not None:
            found += [
                Problem(name, label, "sources", f"{s!r} is not registered in seeds/sources.csv")
                for s in ids
                if s not in known_sources
            ]
        problems += found
        keep.append(not found)
    frame = raw[keep].copy()
    frame["date"] = pd.to_datetime(frame["date"])
    frame["troops"] = frame["troops"].astype(int)
    frame["force_label"] = frame["force"].map(codes.FORCES)
    return frame.sort_values(["force", "date"]).reset_index(drop=True), problems
