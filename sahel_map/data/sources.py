"""The source register: ``seeds/sources.csv``, one row per public source.

Features cite sources by id; the register gives each id a title, publisher,
date and URL so every feature on the map can show where it comes from.

>>> register, problems = load_register()
>>> "geonames-cities1000" in register, problems
(True, [])
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .paths import sources_csv
from .problems import Problem, read_text

COLUMNS = ("id", "title", "publisher", "date", "url", "supports")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    url: str
    supports: str

    @property
    def linkable(self) -> bool:
        """Only http(s) addresses become links: a ``javascript:`` URL in the register stays text."""
        return self.url.lower().startswith(("https://", "http://"))


def load_register(path: Path | None = None) -> tuple[dict[str, Source], list[Problem]]:
    """Read the register into ``{id: Source}`` and the problems found; never raises for a bad file."""
    path = Path(path or sources_csv())
    name = path.name
    text, why = read_text(path)
    if text is None:
        return {}, [Problem(name, None, None, why)]
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        header = list(rows[0].keys()) if rows else next(csv.reader(io.StringIO(text)), [])
    except csv.Error as exc:
        return {}, [Problem(name, None, None, f"not a readable CSV ({exc})")]
    return register_from_rows(rows, header, name)


def register_from_rows(rows: list[dict], header: list[str], name: str) -> tuple[dict[str, Source], list[Problem]]:
    """Check register rows (from the CSV, or a database table named ``name``): ``{id: Source}`` and problems."""
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return {}, [Problem(name, None, c, "column missing") for c in missing]
    register: dict[str, Source] = {}
    problems: list[Problem] = []
    for line_no, row in enumerate(rows, start=2):
        source_id = (row.get("id") or "").strip()
        label = source_id or f"line {line_no}"
        found = []
        if not source_id:
            found.append(Problem(name, label, "id", "missing"))
        elif source_id in register:
            found.append(Problem(name, label, "id", "duplicate id"))
        for field in ("title", "publisher", "url"):
            if not (row.get(field) or "").strip():
                found.append(Problem(name, label, field, "missing"))
        url = (row.get("url") or "").strip()
        if url and not url.lower().startswith(("https://", "http://")):
            found.append(Problem(name, label, "url", "not an http(s) URL"))
        problems += found
        if source_id and source_id not in register:
            # kept even when a field is wrong: features citing it still name it, and links stay text
            register[source_id] = Source(**{c: str(row.get(c) or "").strip() for c in COLUMNS})
    return register, problems
