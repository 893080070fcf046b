"""PostGIS as the layer source: the same layers, register and troop figures, read from a database.

``SAHEL_MAP_DATABASE_URL`` (in the environment, or as a top-level key of
``.streamlit/secrets.toml``) switches the thematic layers, the source register
and the troop figures to a PostGIS database; ``dataset.json``, the basemap, the
briefings and the territory figures still come from the data folder. Rows are
checked by the very rules of :mod:`sahel_map.data.loading`, and problems name
the table instead of the file (``military_positions: gao: end: ...``).

The schema, written by ``python -m sahel_map db load`` (see :mod:`sahel_map.cli.db`):

* one table per layer (``military_positions``, ``jihadist_zones``, ``events``,
  ``tri_border``): ``ord`` (feature order), ``properties`` (JSON, kept as
  written, key order included), ``id`` (generated from ``properties->>'id'``),
  ``geom`` (typed, SRID 4326, GiST-indexed);
* ``sources`` (the register) and ``troop_strength`` (the troop figures), column
  for column the CSV files;
* ``layer_metadata`` (each file's ``metadata`` object) and ``data_version``
  (one row), which a trigger bumps on every change to the other tables; the app
  checks it every :data:`VERSION_TTL` seconds and reloads when it moved.

The URL's password never leaves this module: every message shows
:func:`masked` URLs and goes through :func:`scrub`.

>>> masked("postgresql+psycopg://editor:s3cret@db.example:5432/sahel")
'postgresql://editor:***@db.example:5432/sahel'
>>> scrub("connection to db failed for s3cret", "postgresql://editor:s3cret@db.example/sahel")
'connection to db failed for ***'
"""

# SQL here names only this module's own tables (constants, never data): every value is a bound parameter
# ruff: noqa: S608

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pandas as pd

from .paths import ROOT
from .problems import Problem
from .schema import LAYER_SPECS, LayerSpec

ENV = "SAHEL_MAP_DATABASE_URL"
#: how often (seconds) a running app asks the database for its data_version
VERSION_TTL = 30
REGISTER_TABLE = "sources"
TROOPS_TABLE = "troop_strength"
METADATA_TABLE = "layer_metadata"
VERSION_TABLE = "data_version"
REGISTER_COLUMNS = ("id", "title", "publisher", "date", "url", "supports")
TROOP_COLUMNS = ("force", "date", "troops", "kind", "sources", "notes")
CONNECT_TIMEOUT = 5

_ENGINES: dict[str, Any] = {}


class DatabaseError(Exception):
    """A database failure, its message already free of the password."""


def secrets_files() -> list[Path]:
    """Where Streamlit users keep secrets: the working folder's ``.streamlit/``, the checkout's, the home's."""
    return [Path.cwd() / ".streamlit" / "secrets.toml", ROOT / ".streamlit" / "secrets.toml"] + [
        Path.home() / ".streamlit" / "secrets.toml"
    ]


def database_url() -> str | None:
    """The database to read, or None for the data folder (read at each call, not at import)."""
    url = os.environ.get(ENV, "").strip()
    if url:
        return url
    for path in secrets_files():
        try:
            with path.open("rb") as handle:
                value = tomllib.load(handle).get(ENV)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _password(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).password
    except Exception:  # an unreadable URL: scrub() then replaces the whole URL
        return None


def masked(url: str) -> str:
    """The URL as shown to people: ``postgresql://user:***@host:5432/db``."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return "postgresql://***"
    shown = parsed.set(drivername=parsed.drivername.split("+")[0])
    query = {key: ("***" if "pass" in key.lower() else value) for key, value in parsed.query.items()}
    return shown.set(query=query).render_as_string(hide_password=True)


def scrub(text: str, url: str) -> str:
    """``text`` with the URL and its password (raw and URL-encoded) replaced by stars."""
    text = text.replace(url, masked(url))
    password = _password(url)
    if password:
        for form in {password, quote(password, safe=""), quote(password), unquote(password)}:
            if form:
                text = text.replace(form, "***")
    return text


def _reason(exc: BaseException, url: str) -> str:
    """One line on why a database call failed, without the password or SQLAlchemy's boilerplate."""
    inner = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    first = lines[0] if lines else type(inner).__name__
    return scrub(first[:300], url)


def engine(url: str):
    """One pooled SQLAlchemy engine per URL and process, over psycopg 3."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    if url not in _ENGINES:
        parsed = make_url(url)
        if parsed.drivername in ("postgresql", "postgres", "postgis"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.get_backend_name() != "postgresql":
            raise ValueError("not a postgresql:// URL")
        _ENGINES[url] = create_engine(
            parsed,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "sahel_map"},
        )
    return _ENGINES[url]


def dispose(url: str) -> None:
    """Close this process's pooled connections to ``url``."""
    pooled = _ENGINES.pop(url, None)
    if pooled is not None:
        pooled.dispose()


def connect(url: str):
    """A connection, or :class:`DatabaseError` with a masked message."""
    try:
        return engine(url).connect()
    except Exception as exc:
        raise DatabaseError(f"cannot connect to {masked(url)}: {_reason(exc, url)}") from None


def data_version(url: str) -> str:
    """The database's ``data_version`` (a counter as text); raises :class:`DatabaseError`."""
    from sqlalchemy import text

    with connect(url) as conn:
        try:
            value = conn.execute(text(f"SELECT version FROM {VERSION_TABLE}")).scalar()
        except Exception as exc:
            raise DatabaseError(f"{VERSION_TABLE}: {_reason(exc, url)}") from None
    return "" if value is None else str(value)


def _table_exists(conn, name: str) -> bool:
    from sqlalchemy import text

    return conn.execute(text("SELECT to_regclass(:name)"), {"name": name}).scalar() is not None


def _read_layer(conn, spec: LayerSpec, known: set[str], url: str):
    """One layer table, checked as :func:`~sahel_map.data.loading.load_layer` checks a file."""
    import geopandas as gpd
    from shapely.geometry import mapping

    from .loading import Layer, _frame, validate_features

    table = spec.id
    path = Path(table)
    if not _table_exists(conn, table):
        return Layer(spec, path, _frame(spec, []), [Problem(table, None, None, "table not found")])
    try:
        with conn.begin_nested():
            rows = gpd.read_postgis(
                f'SELECT ord, properties::text AS properties, geom FROM "{table}" ORDER BY ord, id',
                conn,
                geom_col="geom",
            )
            metadata = None
            if _table_exists(conn, METADATA_TABLE):
                from sqlalchemy import text

                metadata = conn.execute(
                    text(f"SELECT metadata::text FROM {METADATA_TABLE} WHERE layer = :layer"), {"layer": table}
                ).scalar()
    except Exception as exc:
        return Layer(spec, path, _frame(spec, []), [Problem(table, None, None, _reason(exc, url))])
    features = []
    for row in rows.itertuples():
        try:
            props = json.loads(row.properties)
        except (TypeError, ValueError):
            props = None
        geometry = mapping(row.geom) if row.geom is not None else None
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    valid, problems = validate_features(spec, features, table, known)
    problems = [_register_named(p) for p in problems]
    return Layer(spec, path, _frame(spec, valid), problems, json.loads(metadata) if metadata else {})


def _register_named(problem: Problem) -> Problem:
    """Problems about unregistered sources name the register table, not the CSV file."""
    if "registered in seeds/sources.csv" in problem.message:
        return replace(problem, message=problem.message.replace("seeds/sources.csv", f"table {REGISTER_TABLE}"))
    return problem


def _read_register(conn, url: str):
    from sqlalchemy import text

    from .sources import register_from_rows

    if not _table_exists(conn, REGISTER_TABLE):
        return {}, [Problem(REGISTER_TABLE, None, None, "table not found")]
    try:
        with conn.begin_nested():
            result = conn.execute(text(f"SELECT * FROM {REGISTER_TABLE} ORDER BY ord"))
            header = [c for c in result.keys() if c != "ord"]  # noqa: SIM118 (a Result, not a dict)
            rows = [{k: ("" if v is None else str(v)) for k, v in row._mapping.items()} for row in result]
    except Exception as exc:
        return {}, [Problem(REGISTER_TABLE, None, None, _reason(exc, url))]
    return register_from_rows(rows, header, REGISTER_TABLE)


def _read_troops(conn, known: set[str], url: str):
    from sqlalchemy import text

    from .troops import COLUMNS, troops_from_frame

    empty = pd.DataFrame(columns=[*COLUMNS, "force_label"])
    if not _table_exists(conn, TROOPS_TABLE):
        return empty, [Problem(TROOPS_TABLE, None, None, "table not found")]
    columns = ", ".join(f'"{c}"::text AS "{c}"' for c in COLUMNS)
    try:
        with conn.begin_nested():
            raw = pd.read_sql(text(f"SELECT {columns} FROM {TROOPS_TABLE} ORDER BY ord"), conn)
    except Exception as exc:
        return empty, [Problem(TROOPS_TABLE, None, None, _reason(exc, url))]
    raw = raw.fillna("").astype(str)
    return troops_from_frame(raw, TROOPS_TABLE, known)


def load_from_database(url: str):
    """The dataset with layers, register and troop figures from ``url``; never raises for bad data.

    An unreachable database gives an empty dataset with one problem naming the
    masked URL; a missing or unreadable table gives a problem naming the table.
    """
    from sqlalchemy import text

    from .briefings import load_briefings
    from .dataset import Dataset, _cutoff, empty_dataset, load_basemap_parts, read_info
    from .figures import load_figures
    from .paths import geodata_dir

    try:
        conn = connect(url)
    except DatabaseError as exc:
        return empty_dataset([Problem(masked(url), None, None, str(exc))], origin=masked(url))
    with conn:
        try:
            # one snapshot: a reader never sees half of an editor's transaction
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            version = ""
            if _table_exists(conn, VERSION_TABLE):
                version = str(conn.execute(text(f"SELECT version FROM {VERSION_TABLE}")).scalar() or "")
            register, problems = _read_register(conn, url)
            known = set(register)
            layers = {layer_id: _read_layer(conn, spec, known, url) for layer_id, spec in LAYER_SPECS.items()}
            troops, found = _read_troops(conn, known, url)
            problems += [_register_named(p) for p in found]
        except Exception as exc:
            return empty_dataset([Problem(masked(url), None, None, _reason(exc, url))], origin=masked(url))
        finally:
            conn.rollback()
    directory = geodata_dir()
    info, found = read_info(directory)
    problems += found
    basemap, found = load_basemap_parts(directory)
    problems += found
    briefings, found = load_briefings(directory, known)
    problems += found
    figures, found = load_figures(directory / "territory_figures.csv", known)
    problems += found
    return Dataset(
        layers,
        register,
        basemap,
        _cutoff(info, layers),
        info,
        troops,
        problems,
        origin=masked(url),
        version=version,
        briefings=briefings,
        figures=figures,
    )


# -- writing: ``db load`` and ``db dump`` -------------------------------------------------------

_POLYGONAL = "CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'))"

BUMP_FUNCTION = f"""
CREATE OR REPLACE FUNCTION sahel_map_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {VERSION_TABLE} SET version = version + 1, changed = now();
    RETURN NULL;
END
$$
"""


def _schema_statements(previous: int) -> list[str]:
    tables = [*LAYER_SPECS, REGISTER_TABLE, TROOPS_TABLE, METADATA_TABLE, VERSION_TABLE]
    out = ["CREATE EXTENSION IF NOT EXISTS postgis"]
    out += [f'DROP TABLE IF EXISTS "{name}" CASCADE' for name in tables]
    out.append(BUMP_FUNCTION)
    out.append(
        f"CREATE TABLE {VERSION_TABLE} (single boolean PRIMARY KEY DEFAULT true CHECK (single), "
        "version bigint NOT NULL, changed timestamptz NOT NULL DEFAULT now())"
    )
    out.append(f"CREATE TABLE {METADATA_TABLE} (layer text PRIMARY KEY, metadata json NOT NULL)")
    out.append(
        f"CREATE TABLE {REGISTER_TABLE} (ord integer NOT NULL, "
        + ", ".join(f"\"{c}\" text NOT NULL DEFAULT ''" for c in REGISTER_COLUMNS)
        + ")"
    )
    out.append(f"CREATE INDEX {REGISTER_TABLE}_id ON {REGISTER_TABLE} (id)")
    out.append(
        f"CREATE TABLE {TROOPS_TABLE} (ord integer NOT NULL, force text NOT NULL, date date NOT NULL, "
        "troops integer NOT NULL CHECK (troops >= 0), kind text NOT NULL, sources text NOT NULL, "
        "notes text NOT NULL DEFAULT '')"
    )
    for layer_id, spec in LAYER_SPECS.items():
        points = spec.geometry_types == ("Point",)
        geom = "geometry(Point, 4326) NOT NULL" if points else f"geometry(Geometry, 4326) NOT NULL {_POLYGONAL}"
        out.append(
            f'CREATE TABLE "{layer_id}" (ord integer NOT NULL, properties json NOT NULL, '
            f"id text GENERATED ALWAYS AS (properties ->> 'id') STORED, geom {geom})"
        )
        out.append(f'CREATE INDEX "{layer_id}_geom" ON "{layer_id}" USING gist (geom)')
        out.append(f'CREATE INDEX "{layer_id}_id" ON "{layer_id}" (id)')
    out.append(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({int(previous) + 1})")
    return out


def _triggers() -> list[str]:
    return [
        f'CREATE TRIGGER "{name}_bump" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{name}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION sahel_map_bump_version()"
        for name in [*LAYER_SPECS, REGISTER_TABLE, TROOPS_TABLE, METADATA_TABLE]
    ]


def _csv_rows(path: Path) -> list[dict]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_folder(url: str, directory: Path, register_csv: Path) -> str:
    """Replace the database's layers, register and troop figures by the files', in one transaction.

    The caller has checked the files (``db load`` refuses invalid data before
    calling this). Returns the new ``data_version``; raises :class:`DatabaseError`.
    """
    from sqlalchemy import text

    from .loading import read_feature_collection

    collections = {}
    for layer_id in LAYER_SPECS:
        data, problems = read_feature_collection(directory / f"{layer_id}.geojson")
        if data is None:
            raise DatabaseError(str(problems[0]))
        collections[layer_id] = data
    sources = _csv_rows(register_csv)
    troops = _csv_rows(directory / "troop_strength.csv") if (directory / "troop_strength.csv").exists() else []
    try:
        with engine(url).begin() as conn:
            previous = 0
            if _table_exists(conn, VERSION_TABLE):
                previous = conn.execute(text(f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}")).scalar()
            for statement in _schema_statements(previous):
                conn.execute(text(statement))
            for layer_id, data in collections.items():
                if data["features"]:
                    conn.execute(
                        text(
                            f'INSERT INTO "{layer_id}" (ord, properties, geom) '
                            "VALUES (:ord, CAST(:properties AS json), ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326))"
                        ),
                        [
                            {
                                "ord": index,
                                "properties": json.dumps(feature["properties"], ensure_ascii=False),
                                "geometry": json.dumps(feature["geometry"]),
                            }
                            for index, feature in enumerate(data["features"])
                        ],
                    )
                if isinstance(data.get("metadata"), dict):
                    conn.execute(
                        text(f"INSERT INTO {METADATA_TABLE} VALUES (:layer, CAST(:metadata AS json))"),
                        {"layer": layer_id, "metadata": json.dumps(data["metadata"], ensure_ascii=False)},
                    )
            if sources:
                columns = ", ".join(f'"{c}"' for c in REGISTER_COLUMNS)
                values = ", ".join(f":{c}" for c in REGISTER_COLUMNS)
                conn.execute(
                    text(f"INSERT INTO {REGISTER_TABLE} (ord, {columns}) VALUES (:ord, {values})"),
                    [{"ord": i, **{c: row.get(c) or "" for c in REGISTER_COLUMNS}} for i, row in enumerate(sources)],
                )
            if troops:
                conn.execute(
                    text(
                        f"INSERT INTO {TROOPS_TABLE} (ord, force, date, troops, kind, sources, notes) "
                        "VALUES (:ord, :force, CAST(:date AS date), CAST(:troops AS integer), :kind, :sources, :notes)"
                    ),
                    [{"ord": i, **{c: row.get(c) or "" for c in TROOP_COLUMNS}} for i, row in enumerate(troops)],
                )
            for statement in _triggers():
                conn.execute(text(statement))
            return str(conn.execute(text(f"SELECT version FROM {VERSION_TABLE}")).scalar())
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(f"{masked(url)}: nothing loaded: {_reason(exc, url)}") from None


def dump(url: str, out_dir: Path) -> list[Path]:
    """Write the database's layers as GeoJSON, the register and troop figures as CSV; return the files."""
    import csv
    import io

    from sqlalchemy import text

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with connect(url) as conn:
        try:
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            for layer_id in LAYER_SPECS:
                rows = conn.execute(
                    text(f'SELECT properties::text, ST_AsGeoJSON(geom, 17) FROM "{layer_id}" ORDER BY ord, id')
                ).all()
                metadata = conn.execute(
                    text(f"SELECT metadata::text FROM {METADATA_TABLE} WHERE layer = :layer"), {"layer": layer_id}
                ).scalar()
                collection: dict[str, Any] = {"type": "FeatureCollection"}
                if metadata:
                    collection["metadata"] = json.loads(metadata)
                collection["features"] = [
                    {"type": "Feature", "geometry": json.loads(geometry), "properties": json.loads(props)}
                    for props, geometry in rows
                ]
                path = out_dir / f"{layer_id}.geojson"
                path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
                written.append(path)
            for name, columns, select in (
                (REGISTER_TABLE, REGISTER_COLUMNS, ", ".join(f'"{c}"' for c in REGISTER_COLUMNS)),
                (TROOPS_TABLE, TROOP_COLUMNS, "force, to_char(date, 'YYYY-MM-DD'), troops::text, kind, sources, notes"),
            ):
                buffer = io.StringIO()
                writer = csv.writer(buffer)  # CRLF, as the csv module (and the shipped files) write it
                writer.writerow(columns)
                writer.writerows(conn.execute(text(f"SELECT {select} FROM {name} ORDER BY ord")).all())
                path = out_dir / f"{name}.csv"
                path.write_text(buffer.getvalue(), encoding="utf-8")
                written.append(path)
        except Exception as exc:
            raise DatabaseError(f"{masked(url)}: {_reason(exc, url)}") from None
        finally:
            conn.rollback()
    return written
