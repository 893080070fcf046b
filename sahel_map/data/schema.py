"""The layer data contract, as JSON Schemas (draft 2020-12) for feature properties.

Each thematic layer is one GeoJSON file in ``geodata/`` whose stem is the layer
id (``military_positions.geojson`` -> ``military_positions``).  The schemas
check properties; geometry, region and cross-feature rules (unique ids, dates in
order, registered sources) live in :mod:`sahel_map.loading`.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import codes

ISO_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
SLUG = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_.-]*$", "maxLength": 120}
TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
OPTIONAL_TEXT = {"type": ["string", "null"], "maxLength": 4000}
ISO3 = {"type": "string", "pattern": r"^[A-Z]{3}$"}


def _enum(table: dict[str, str]) -> dict:
    return {"type": "string", "enum": sorted(table)}


COMMON_PROPERTIES = {
    "id": SLUG,
    "sources": {"type": "array", "minItems": 1, "items": SLUG, "uniqueItems": True},
    "confidence": _enum(codes.CONFIDENCE),
    "notes": OPTIONAL_TEXT,
    "description": OPTIONAL_TEXT,
    #: the description in French, where the data has one (the interface shows it with ?lang=fr)
    "description_fr": OPTIONAL_TEXT,
}
COMMON_REQUIRED = ["id", "sources", "confidence"]
DATED = {"start": ISO_DATE, "end": {"anyOf": [ISO_DATE, {"type": "null"}]}}


def _schema(properties: dict, required: list[str]) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {**COMMON_PROPERTIES, **properties},
        "required": COMMON_REQUIRED + required,
    }


@dataclass(frozen=True)
class LayerSpec:
    """What a thematic layer file must hold."""

    id: str
    title: str
    geometry_types: tuple[str, ...]
    properties_schema: dict
    #: ``"interval"`` (start/end), ``"instant"`` (a single ``date``) or ``"static"``.
    time_model: str


MILITARY_POSITIONS = LayerSpec(
    id="military_positions",
    title="Military positions",
    geometry_types=("Point",),
    time_model="interval",
    properties_schema=_schema(
        {
            **DATED,
            "name": TEXT,
            "place": TEXT,
            "country": ISO3,
            "force": _enum(codes.FORCES),
            "nations": {"type": "array", "items": ISO3, "uniqueItems": True},
            "kind": _enum(codes.POSITION_KINDS),
            "successor": {"type": ["string", "null"], "maxLength": 200},
        },
        ["name", "place", "force", "nations", "kind", "start", "end"],
    ),
)

JIHADIST_ZONES = LayerSpec(
    id="jihadist_zones",
    title="Jihadist zones",
    geometry_types=("Polygon", "MultiPolygon"),
    time_model="interval",
    properties_schema=_schema(
        {
            **DATED,
            "group": _enum(codes.GROUPS),
            "level": _enum(codes.ZONE_LEVELS),
            "approximate": {"type": "boolean"},
        },
        ["group", "level", "start", "end", "approximate", "notes"],
    ),
)

TRI_BORDER = LayerSpec(
    id="tri_border",
    title="Tri-border area",
    geometry_types=("Polygon", "MultiPolygon"),
    time_model="static",
    properties_schema=_schema(
        {
            "name": TEXT,
            "area": _enum(codes.AREA_KINDS),
            "definition": TEXT,
            "approximate": {"type": "boolean"},
            "primary": {"type": "boolean"},
        },
        ["name", "area", "definition", "approximate"],
    ),
)

EVENTS = LayerSpec(
    id="events",
    title="Events",
    geometry_types=("Point",),
    time_model="instant",
    properties_schema=_schema(
        {
            "date": ISO_DATE,
            "kind": _enum(codes.EVENT_KINDS),
            "title": TEXT,
            "description": TEXT,
            "actors": {"type": "array", "items": {"type": "string", "maxLength": 80}},
            "place": {"type": ["string", "null"], "maxLength": 200},
            "country": ISO3,
            "key": {"type": "boolean"},
            "outside_frame": {"type": "boolean"},
            #: best estimate of the dead, where sources give one (their range goes in notes)
            "fatalities": {"type": ["integer", "null"], "minimum": 0},
        },
        ["date", "kind", "title", "description", "actors"],
    ),
)

#: thematic layers in drawing order (bottom first)
LAYER_SPECS: dict[str, LayerSpec] = {spec.id: spec for spec in (TRI_BORDER, JIHADIST_ZONES, EVENTS, MILITARY_POSITIONS)}

#: geographic frame every feature must fall in: west/south/east/north, degrees.
#: Wide enough for Mauritania to Chad, tight enough in latitude (from 4 degrees
#: North) that a point with longitude and latitude swapped falls outside it.
REGION_BOUNDS = (-18.0, 4.0, 25.0, 28.0)
