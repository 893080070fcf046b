"""The source register: ``seeds/sources.csv``, one row per public source.

Features cite sources by id; the register gives each id a title, publisher,
date and URL so every feature on the map can show where it comes from.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .paths import SOURCES_CSV

COLUMNS = ("id", "title", "publisher", "date", "url", "supports")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    url: str
    supports: str


def load_sources(path: Path = SOURCES_CSV) -> dict[str, Source]:
    """Read the register into ``{id: Source}``.

    >>> register = load_sources()
    >>> "geonames-cities1000" in register
    True
    """
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        return {
            row["id"].strip(): Source(**{c: (row[c] or "").strip() for c in COLUMNS}) for row in reader if row.get("id")
        }


def check_register(path: Path = SOURCES_CSV) -> list[str]:
    """Problems in the register itself, as ``file: id: field: problem`` lines."""
    problems: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            source_id = (row.get("id") or "").strip()
            label = source_id or f"line {line_no}"
            if not source_id:
                problems.append(f"{path.name}: {label}: id: missing")
            elif source_id in seen:
                problems.append(f"{path.name}: {label}: id: duplicate id")
            seen.add(source_id)
            for field in ("title", "publisher", "url"):
                if not (row.get(field) or "").strip():
                    problems.append(f"{path.name}: {label}: {field}: missing")
            url = (row.get("url") or "").strip()
            if url and not url.startswith(("https://", "http://")):
                problems.append(f"{path.name}: {label}: url: not an http(s) URL")
    return problems
