"""Guided briefings: ``geodata/briefings/<id>.json``, a title and a list of steps, validated like a layer.

Each step has a date, a map view (``{"center": [lat, lon], "zoom": z}`` or
``{"bounds": [west, south, east, north]}``), the layers and forces to show, a
heading and a caption in English and in French (own words), its sources (ids
of the register) and, optionally, the event it is about (ringed on the map).
A second file makes a second briefing, which the briefing page offers.

>>> briefings, problems = load_briefings()
>>> problems, briefings["drawdown"].steps[0].heading
([], 'The north falls')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jsonschema import Draft202012Validator

from . import codes
from .paths import geodata_dir
from .problems import Problem, read_text
from .schema import ISO_DATE, SLUG, TEXT

LAYERS = ["tri_border", "jihadist_zones", "events", "military_positions"]
VIEW = {
    "type": "object",
    "oneOf": [
        {
            "properties": {
                "center": {
                    "type": "array",
                    "prefixItems": [
                        {"type": "number", "minimum": -90, "maximum": 90},
                        {"type": "number", "minimum": -180, "maximum": 180},
                    ],
                    "minItems": 2,
                    "maxItems": 2,
                },
                "zoom": {"type": "number", "minimum": 3, "maximum": 12},
            },
            "required": ["center", "zoom"],
            "additionalProperties": False,
        },
        {
            "properties": {"bounds": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}},
            "required": ["bounds"],
            "additionalProperties": False,
        },
    ],
}
STEP = {
    "type": "object",
    "properties": {
        "heading": TEXT,
        "heading_fr": TEXT,
        "date": ISO_DATE,
        "event": SLUG,
        "caption": TEXT,
        "caption_fr": TEXT,
        "sources": {"type": "array", "items": SLUG, "minItems": 1},
        "view": VIEW,
        "layers": {"type": "array", "items": {"enum": LAYERS}, "minItems": 1, "uniqueItems": True},
        "forces": {"anyOf": [{"type": "null"}, {"type": "array", "items": {"enum": sorted(codes.FORCES)}}]},
    },
    "required": ["heading", "heading_fr", "date", "caption", "caption_fr", "sources", "view", "layers"],
    "additionalProperties": False,
}
BRIEFING = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "id": SLUG,
        "title": TEXT,
        "title_fr": TEXT,
        "description": TEXT,
        "description_fr": TEXT,
        "steps": {"type": "array", "items": STEP, "minItems": 1},
    },
    "required": ["id", "title", "title_fr", "steps"],
    "additionalProperties": False,
}
_VALIDATOR = Draft202012Validator(BRIEFING)


@dataclass(frozen=True)
class Step:
    heading: str
    heading_fr: str
    day: date
    caption: str
    caption_fr: str
    sources: tuple[str, ...]
    layers: tuple[str, ...]
    forces: tuple[str, ...] | None
    center: tuple[float, float] | None = None
    zoom: float | None = None
    bounds: tuple[float, float, float, float] | None = None
    event: str | None = None

    def text(self, lang: str) -> tuple[str, str]:
        """Heading and caption in ``lang``."""
        return (self.heading_fr, self.caption_fr) if lang == "fr" else (self.heading, self.caption)


@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    title_fr: str
    description: str
    description_fr: str
    steps: tuple[Step, ...]

    def name(self, lang: str) -> str:
        return self.title_fr if lang == "fr" else self.title


def _step(raw: dict) -> Step:
    view = raw["view"]
    return Step(
        heading=raw["heading"],
        heading_fr=raw["heading_fr"],
        day=date.fromisoformat(raw["date"]),
        caption=raw["caption"],
        caption_fr=raw["caption_fr"],
        sources=tuple(raw["sources"]),
        layers=tuple(layer for layer in LAYERS if layer in raw["layers"]),
        forces=tuple(raw["forces"]) if raw.get("forces") else None,
        center=tuple(view["center"]) if "center" in view else None,
        zoom=view.get("zoom"),
        bounds=tuple(view["bounds"]) if "bounds" in view else None,
        event=raw.get("event"),
    )


def read_briefing(path: Path, known_sources: set[str] | None = None) -> tuple[Briefing | None, list[Problem]]:
    """One briefing file, or None and the problems that stop it."""
    text, why = read_text(path)
    if text is None:
        return None, [Problem(path.name, None, None, why)]
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None, [Problem(path.name, None, None, "not valid JSON")]
    problems = []
    for error in _VALIDATOR.iter_errors(raw):
        where = ".".join(str(p) for p in error.absolute_path) or None
        problems.append(Problem(path.name, None, where, error.message[:200]))
    if problems:
        return None, problems
    for index, step in enumerate(raw["steps"], start=1):
        try:
            date.fromisoformat(step["date"])
        except ValueError:
            problems.append(Problem(path.name, f"step {index}", "date", f"{step['date']!r} is not a date"))
        for source_id in step["sources"]:
            if known_sources is not None and source_id not in known_sources:
                problems.append(Problem(path.name, f"step {index}", "sources", f"{source_id!r} is not registered"))
    if problems:
        return None, problems
    steps = tuple(_step(step) for step in raw["steps"])
    briefing = Briefing(
        raw["id"], raw["title"], raw["title_fr"], raw.get("description", ""), raw.get("description_fr", ""), steps
    )
    return briefing, []


def load_briefings(
    directory: Path | None = None, known_sources: set[str] | None = None
) -> tuple[dict[str, Briefing], list[Problem]]:
    """Every briefing of ``<data folder>/briefings/``, keyed by id, and the problems found."""
    folder = Path(directory or geodata_dir()) / "briefings"
    briefings, problems = {}, []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        briefing, found = read_briefing(path, known_sources)
        problems += found
        if briefing is not None:
            briefings[briefing.id] = briefing
    return briefings, problems
