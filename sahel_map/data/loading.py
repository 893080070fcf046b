"""Read and validate layer files: the one place a GeoJSON layer enters the app.

A layer is read with :func:`load_layer`, which never raises for bad data: it
returns the features that pass every rule as a GeoDataFrame, and a list of
:class:`Problem` objects naming the file, the feature and the field for the
rest.  The app shows those problems in a banner and keeps drawing what is
valid; ``python -m sahel_map validate`` prints them and exits non-zero.

>>> from sahel_map.data.loading import load_layer
>>> layer = load_layer("geodata/military_positions.geojson")
>>> layer.ok, len(layer.frame) > 0
(True, True)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from jsonschema import Draft202012Validator, FormatChecker
from shapely.geometry import shape
from shapely.validation import explain_validity

from .paths import geodata_dir, sources_csv
from .problems import Problem, read_text
from .schema import LAYER_SPECS, REGION_BOUNDS, LayerSpec
from .sources import load_register

_VALIDATORS = {
    layer_id: Draft202012Validator(spec.properties_schema, format_checker=FormatChecker())
    for layer_id, spec in LAYER_SPECS.items()
}


@dataclass
class Layer:
    """A validated thematic layer: its valid features and what was wrong."""

    spec: LayerSpec
    path: Path
    frame: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def ok(self) -> bool:
        return not [p for p in self.problems if not p.warning]


def spec_for(path: Path) -> LayerSpec | None:
    """The layer a file holds, chosen by its file name (``events.geojson`` -> events)."""
    return LAYER_SPECS.get(Path(path).stem)


def _schema_problems(spec: LayerSpec, props: dict, file: str, fid: str) -> list[Problem]:
    problems = []
    for error in _VALIDATORS[spec.id].iter_errors(props):
        if error.validator == "required":
            # jsonschema reports the object; name the property that is missing
            missing = [name for name in error.validator_value if name not in props]
            for name in missing:
                problems.append(Problem(file, fid, name, "required property is missing"))
            continue
        path = ".".join(str(p) for p in error.absolute_path) or None
        problems.append(Problem(file, fid, path, _explain(error)))
    return problems


def _explain(error) -> str:
    """A short sentence for a jsonschema error, naming the allowed values for enums."""
    if error.validator == "enum":
        return f"{error.instance!r} is not a known code (allowed: {', '.join(error.validator_value)})"
    if error.validator in ("format", "pattern") and "date" in str(error.schema):
        return f"{error.instance!r} is not a date written YYYY-MM-DD"
    if error.validator == "anyOf" and isinstance(error.instance, str):
        return f"{error.instance!r} is not a date written YYYY-MM-DD (or null)"
    return error.message


def _geometry_problems(spec: LayerSpec, geometry: Any, file: str, fid: str, outside_ok: bool = False):
    """Check one GeoJSON geometry; return (shapely geometry or None, problems)."""
    if not isinstance(geometry, dict):
        return None, [Problem(file, fid, "geometry", "missing geometry")]
    gtype = geometry.get("type")
    if gtype not in spec.geometry_types:
        allowed = " or ".join(spec.geometry_types)
        return None, [Problem(file, fid, "geometry", f"type {gtype!r}, expected {allowed}")]
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        return None, [Problem(file, fid, "geometry", f"malformed coordinates ({exc})")]
    if geom.is_empty:
        return None, [Problem(file, fid, "geometry", "empty geometry")]
    if not geom.is_valid:
        reason = explain_validity(geom)
        return None, [Problem(file, fid, "geometry", f"invalid geometry: {reason}")]
    if outside_ok:
        return geom, []
    west, south, east, north = REGION_BOUNDS
    minx, miny, maxx, maxy = geom.bounds
    if minx < west or maxx > east or miny < south or maxy > north:
        hint = ""
        if south <= minx <= north and west <= miny <= east:
            hint = " (longitude and latitude look swapped: GeoJSON wants [longitude, latitude])"
        return None, [
            Problem(
                file,
                fid,
                "geometry",
                f"coordinates ({minx:g}, {miny:g}) .. ({maxx:g}, {maxy:g}) fall outside the "
                f"region lon {west:g}..{east:g}, lat {south:g}..{north:g}{hint}",
            )
        ]
    return geom, []


def _date_order_problems(props: dict, file: str, fid: str) -> list[Problem]:
    start, end = props.get("start"), props.get("end")
    try:
        if start and end and date.fromisoformat(end) <= date.fromisoformat(start):
            return [Problem(file, fid, "end", f"{end} is not after start {start}")]
    except (TypeError, ValueError):
        pass  # malformed dates are reported by the schema check
    return []


def validate_features(
    spec: LayerSpec,
    features: Iterable[Any],
    file: str,
    known_sources: set[str] | None,
) -> tuple[list[dict], list[Problem]]:
    """Check features against every rule; return the valid ones and the problems."""
    features = list(features)
    problems: list[Problem] = []
    valid: list[dict] = []
    # only string ids are counted: an object or a list as an id is reported by the schema check
    ids = Counter(
        f["properties"].get("id")
        for f in features
        if isinstance(f, dict) and isinstance(f.get("properties"), dict) and isinstance(f["properties"].get("id"), str)
    )
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem(file, f"#{index}", None, "not a GeoJSON Feature"))
            continue
        props = feature.get("properties")
        if not isinstance(props, dict):
            problems.append(Problem(file, f"#{index}", "properties", "missing properties"))
            continue
        fid = props["id"] if isinstance(props.get("id"), str) and props["id"] else f"#{index}"
        found = _schema_problems(spec, props, file, fid)
        # an event that happened far away (a vote in New York) says so explicitly
        outside_ok = spec.id == "events" and props.get("outside_frame") is True
        geom, geom_problems = _geometry_problems(spec, feature.get("geometry"), file, fid, outside_ok)
        found += geom_problems
        if isinstance(props.get("id"), str) and ids[props["id"]] > 1:
            found.append(Problem(file, fid, "id", f"duplicate id (used {ids[props['id']]} times)"))
        found += _date_order_problems(props, file, fid)
        if known_sources is not None and isinstance(props.get("sources"), list):
            for source_id in props["sources"]:
                if isinstance(source_id, str) and source_id not in known_sources:
                    found.append(Problem(file, fid, "sources", f"{source_id!r} is not registered in seeds/sources.csv"))
        if found:
            problems += found
        else:
            valid.append({**props, "geometry": geom})
            problems += template_warnings(props, file, fid)
    return valid, problems


def _frame(spec: LayerSpec, rows: list[dict]) -> gpd.GeoDataFrame:
    """Build the GeoDataFrame, with ``start``/``end`` as datetimes for the time rule."""
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326") if rows else _empty(spec)
    if spec.time_model == "instant":
        frame["start"] = pd.to_datetime(frame["date"]) if len(frame) else pd.Series(dtype="datetime64[ns]")
        frame["end"] = pd.NaT
    elif spec.time_model == "interval":
        frame["start"] = pd.to_datetime(frame["start"])
        frame["end"] = pd.to_datetime(frame["end"])
    else:
        frame["start"] = pd.NaT
        frame["end"] = pd.NaT
    frame["start"] = frame["start"].astype("datetime64[ns]")
    frame["end"] = frame["end"].astype("datetime64[ns]")
    frame["layer"] = spec.id
    return frame


def _empty(spec: LayerSpec) -> gpd.GeoDataFrame:
    columns = list(spec.properties_schema["properties"]) + ["geometry"]
    return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")


def template_warnings(props: dict, file: str, fid: str) -> list[Problem]:
    """Warn on ``{{``, ``{%`` or ``{#`` in a text field: almost always a paste error.

    The app is safe without this warning (data never reaches a template as code,
    see :mod:`sahel_map.web.elements`); it only helps an editor notice.
    """
    return [
        Problem(file, fid, key, "contains template syntax ({{, {% or {#): shown literally, but check the text", True)
        for key, value in props.items()
        if isinstance(value, str) and TEMPLATE_SYNTAX.search(value)
    ]


TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")


def read_feature_collection(path: Path) -> tuple[dict | None, list[Problem]]:
    """Parse a GeoJSON FeatureCollection, reporting unreadable files as problems."""
    name = path.name
    text, why = read_text(path)
    if text is None:
        return None, [Problem(name, None, None, why)]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(name, None, None, f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}")]
    except RecursionError:
        return None, [Problem(name, None, None, "not usable JSON: nested too deeply")]
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return None, [Problem(name, None, "type", "top level is not a GeoJSON FeatureCollection")]
    if not isinstance(data.get("features"), list):
        return None, [Problem(name, None, "features", "missing or not a list")]
    return data, []


def load_layer(
    path: str | Path,
    known_sources: set[str] | None = None,
    spec: LayerSpec | None = None,
) -> Layer:
    """Read one layer file; never raises for bad data (see the module docstring).

    ``known_sources`` defaults to the ids in ``seeds/sources.csv``; pass an
    explicit set to validate against another register.
    """
    path = Path(path)
    spec = spec or spec_for(path)
    if spec is None:
        raise ValueError(f"{path.name}: not a known layer file (expected one of {', '.join(LAYER_SPECS)})")
    if known_sources is None:
        known_sources = set(load_register(sources_csv())[0])
    data, problems = read_feature_collection(path)
    if data is None:
        return Layer(spec, path, _frame(spec, []), problems)
    rows, problems = validate_features(spec, data["features"], path.name, known_sources)
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    return Layer(spec, path, _frame(spec, rows), problems, metadata)


def load_layers(directory: str | Path | None = None) -> dict[str, Layer]:
    """Every thematic layer in ``directory``, keyed by layer id, in drawing order."""
    directory = Path(directory or geodata_dir())
    known = set(load_register(sources_csv())[0])
    return {
        layer_id: load_layer(directory / f"{layer_id}.geojson", known, spec) for layer_id, spec in LAYER_SPECS.items()
    }


def load_basemap(name: str, directory: str | Path | None = None) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """A basemap layer (``countries``, ``admin1``, ``places``, ``rivers``, ``towns``) and its problems.

    A missing optional part is no problem; an unreadable one is reported and
    left empty, so the map still draws.
    """
    path = Path(directory or geodata_dir()) / f"basemap_{name}.geojson"
    empty = gpd.GeoDataFrame(columns=["name", "iso3", "geometry"], geometry="geometry", crs="EPSG:4326")
    if not path.exists() and not path.is_symlink():
        return empty, ([Problem(path.name, None, None, "file not found")] if name == "countries" else [])
    data, problems = read_feature_collection(path)
    if data is None:
        return empty, problems
    try:
        frame = gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return empty, [Problem(path.name, None, "features", f"not usable GeoJSON features ({type(exc).__name__})")]
    if "name" not in frame:
        frame["name"] = ""
    if name in ("countries", "admin1") and "iso3" not in frame:
        return empty, [Problem(path.name, None, "iso3", "property missing: the basemap needs each shape's iso3 code")]
    return frame, []


def empty_frame(spec: LayerSpec) -> gpd.GeoDataFrame:
    """A layer with no feature but every column, so every page can still draw."""
    return _frame(spec, [])
