"""Analysts' own files read into layers: GeoJSON, zipped shapefile, GeoPackage, KML/KMZ, CSV/TSV.

Vector formats are read by GDAL through pyogrio; CSV/TSV by pandas, with the
coordinates found in latitude/longitude, lat/lon or y/x columns, or in a WKT
column. ACLED and UCDP GED exports are recognised by their columns, so the
layer knows each event's date, actors, type, fatalities and precision.

Nothing here raises for a bad file: :func:`read_upload` returns an
:class:`UploadResult` whose notes say what is wrong, for which feature and
field, and what to do (as :class:`~sahel_map.data.problems.Problem` lines for
the CLI, translated on the page). No text of a file is ever run: it is data,
shown escaped by :mod:`sahel_map.look.popups`.

>>> import io
>>> csv = b"event_date,latitude,longitude,name\\n2022-03-27,14.5,-4.2,Mopti\\n"
>>> result = read_upload("points.csv", csv)
>>> result.layer.name, len(result.layer.frame), result.layer.frame["start"].iloc[0].date().isoformat()
('points', 1, '2022-03-27')
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely import wkt as shapely_wkt

from .codes import N_
from .problems import Problem

#: the Sahel box (lon/lat) that tells swapped coordinates apart: most points fall inside it one way only
SAHEL_BOX = (-18.0, 4.0, 25.0, 28.0)
VECTOR_SUFFIXES = (".geojson", ".json", ".zip", ".gpkg", ".kml", ".kmz")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIXES = VECTOR_SUFFIXES + TABLE_SUFFIXES
#: what the app reads in a zipped shapefile
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
MAX_ZIP_RATIO = 200  # a zip that inflates more than this is refused (a zip bomb)
GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}
#: names the app gives its own columns; a file's columns of these names are kept as "<name> (file)"
RESERVED = ("geometry", "start", "end", "layer")

ACLED_COLUMNS = frozenset({"event_id_cnty", "event_date", "event_type", "actor1", "latitude", "longitude"})
UCDP_COLUMNS = frozenset({"date_start", "date_end", "side_a", "side_b", "best", "latitude", "longitude"})
#: what each source's rows can be filtered by, in order
FILTER_COLUMNS = {
    "acled": ("event_type", "sub_event_type", "actor1", "actor2", "disorder_type", "country"),
    "ucdp": ("side_a", "side_b", "type_of_violence", "country"),
}
SIZE_COLUMNS = {"acled": "fatalities", "ucdp": "best"}
LABELS = {"acled": N_("ACLED events"), "ucdp": N_("UCDP GED events")}
#: ACLED's attribution, required on anything drawn from its data (ACLED terms of use)
ACLED_CREDIT = N_("Event data: Armed Conflict Location & Event Data Project (ACLED), acleddata.com.")
UCDP_CREDIT = N_("Event data: UCDP Georeferenced Event Dataset (GED), Uppsala University.")
#: ACLED's ``iso`` is ISO 3166-1 numeric; UCDP's ``country_id`` is Gleditsch-Ward: both to ISO3 for the region
ISO_NUMERIC = {
    466: "MLI",
    854: "BFA",
    562: "NER",
    478: "MRT",
    148: "TCD",
    12: "DZA",
    686: "SEN",
    324: "GIN",
    384: "CIV",
    288: "GHA",
    768: "TGO",
    204: "BEN",
    566: "NGA",
    120: "CMR",
    434: "LBY",
}
GLEDITSCH_WARD = {
    432: "MLI",
    439: "BFA",
    436: "NER",
    435: "MRT",
    483: "TCD",
    615: "DZA",
    433: "SEN",
    438: "GIN",
    437: "CIV",
    452: "GHA",
    461: "TGO",
    434: "BEN",
    475: "NGA",
    471: "CMR",
    620: "LBY",
}
#: the three ways ACLED writes ``event_date`` (and the ISO way everyone else does)
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d")
LAT_NAMES = ("latitude", "lat", "y")
LON_NAMES = ("longitude", "lon", "lng", "long", "x")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "where_coordinates_wkt")
DATE_NAMES = ("event_date", "date", "date (file)", "day", "datetime")
START_NAMES = ("start", "start (file)", "start_date", "date_start", "from", "begin")
END_NAMES = ("end", "end (file)", "end_date", "date_end", "to", "until")
EXAMPLES_SHOWN = 3


@dataclass(frozen=True)
class Note:
    """One thing to tell the user about a file: an English template (translated on the page) and its values."""

    template: str
    values: dict = field(default_factory=dict)
    feature: str | None = None
    field: str | None = None
    warning: bool = False

    def text(self, t=None) -> str:
        return t(self.template, **self.values) if t else self.template.format(**self.values)

    def problem(self, file: str) -> Problem:
        return Problem(file, self.feature, self.field, self.text(), self.warning)


@dataclass(frozen=True)
class Mapping:
    """How to read a table the app could not read alone: chosen on the page (or the CLI's defaults)."""

    lat: str | None = None
    lon: str | None = None
    wkt: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    swap: bool = False
    layer: str | None = None  # one GeoPackage layer (default: every layer)


NO_MAPPING = Mapping()


@dataclass
class UploadedData:
    """One uploaded layer: its features (EPSG:4326, ``start``/``end`` when dated) and how it is shown.

    ``columns`` are the file's own attribute columns (shown in popups and
    exports); ``kind`` is ``acled``, ``ucdp`` or ``file``. The display settings
    (colour, visible, filters, size by fatalities) are changed by the page.
    """

    key: str
    name: str
    file: str
    frame: gpd.GeoDataFrame
    columns: list[str]
    kind: str = "file"
    dated: bool = False
    #: a single date per row (events: shown within the event window) rather than start/end spans
    point_dates: bool = True
    colour: str = "#444444"
    visible: bool = True
    filters: dict[str, tuple] = field(default_factory=dict)
    size_by: bool = False
    size_column: str | None = None
    notes: list[Note] = field(default_factory=list)

    @property
    def filter_columns(self) -> list[str]:
        wanted = FILTER_COLUMNS.get(self.kind)
        if wanted:
            return [c for c in wanted if c in self.frame]
        # any text column with a few distinct values can filter a user's own file
        out = []
        for column in self.columns:
            values = self.frame[column]
            textual = values.dtype == object or pd.api.types.is_string_dtype(values)
            if textual and 1 < values.nunique(dropna=True) <= 50:
                out.append(column)
        return out[:6]

    def values_of(self, column: str) -> list[str]:
        """The column's distinct values as text, sorted (the first 500), for the page's filters: read once
        per layer (every rerun of the page asks again)."""
        cache = self.__dict__.setdefault("_values", {})
        if column not in cache:
            cache[column] = sorted({str(v) for v in self.frame[column].dropna().unique()})[:500]
        return cache[column]

    def filtered(self) -> gpd.GeoDataFrame:
        frame = self.frame
        for column, values in self.filters.items():
            if column in frame and values:
                frame = frame[frame[column].astype(str).isin(set(values))]
        return frame

    def sizes(self, frame: pd.DataFrame) -> pd.Series | None:
        """Numeric size values (fatalities) when sized, else ``None``."""
        if not (self.size_by and self.size_column and self.size_column in frame):
            return None
        return pd.to_numeric(frame[self.size_column], errors="coerce").fillna(0).clip(lower=0)

    @property
    def span(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        if not self.dated or not len(self.frame):
            return None
        return self.frame["start"].min(), self.frame["start"].max()

    @property
    def credit_text(self) -> str | None:
        return ACLED_CREDIT if self.kind == "acled" else UCDP_CREDIT if self.kind == "ucdp" else None

    @property
    def fingerprint(self) -> str:
        state = json.dumps(
            [self.key, self.colour, sorted((k, list(v)) for k, v in self.filters.items()), self.size_by], default=str
        )
        return hashlib.blake2b(state.encode()).hexdigest()[:12]


@dataclass
class UploadResult:
    """What reading a file gave: its layer(s), what to tell the user, and what they may choose."""

    file: str
    layers: list[UploadedData] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: the table's columns when the user may pick coordinates or dates in the mapping form
    columns: list[str] = field(default_factory=list)
    #: the coordinates look swapped: offered as a one-click fix
    swap_suggested: bool = False
    #: a table without a recognised date: the mapping form offers its columns
    needs_dates: bool = False
    #: GeoPackage layer names (to choose one)
    sublayers: list[str] = field(default_factory=list)

    @property
    def layer(self) -> UploadedData | None:
        return self.layers[0] if self.layers else None

    @property
    def errors(self) -> list[Note]:
        return [n for n in self.notes if not n.warning]

    @property
    def problems(self) -> list[Problem]:
        return [n.problem(self.file) for n in self.notes]

    @property
    def message(self) -> str:
        """The first thing wrong, as one line (the CLI prints it)."""
        first = self.errors[0] if self.errors else (self.notes[0] if self.notes else None)
        return str(first.problem(self.file)) if first else ""


class Refused(Exception):
    """A file the app cannot read: carries the note saying why."""

    def __init__(self, note: Note):
        super().__init__(note.text())
        self.note = note


def _refuse(template: str, feature=None, field_=None, **values):
    raise Refused(Note(template, values, feature, field_))


# -- entry point ---------------------------------------------------------------------------------


def read_upload(
    name: str, source: bytes | Path, mapping: Mapping = NO_MAPPING, limit_mb: float | None = None
) -> UploadResult:
    """Read one uploaded file (its bytes, or a path) into layers; never raises for a bad file."""
    name = Path(str(name)).name[:120] or "upload"
    result = UploadResult(name)
    try:
        if isinstance(source, (str, Path)):
            from .problems import unreadable

            why = unreadable(Path(source))
            if why:
                _refuse(N_("{why}"), why=why)
            source = Path(source).read_bytes()
        if limit_mb is not None and len(source) > limit_mb * 1024 * 1024:
            _refuse(
                N_("the file is {size} MB, over the upload limit of {limit} MB: filter or split it before uploading"),
                size=f"{len(source) / 1024 / 1024:.1f}",
                limit=f"{limit_mb:g}",
            )
        if not source.strip():
            _refuse(N_("the file is empty: export the layer again and upload the new file"))
        suffix = Path(name).suffix.lower()
        if suffix not in SUFFIXES:
            _refuse(
                N_(
                    "files ending {suffix} are not read: upload GeoJSON, a zipped shapefile, GeoPackage, "
                    "KML/KMZ or CSV/TSV"
                ),
                suffix=suffix or "(no extension)",
            )
        if suffix in TABLE_SUFFIXES:
            _read_table(result, source, suffix, mapping)
        else:
            _read_vector(result, source, suffix, mapping)
    except Refused as refused:
        result.layers = []
        result.notes.append(refused.note)
    except Exception as exc:  # noqa: BLE001 -- GDAL and pandas raise many kinds; the user gets one line
        result.layers = []
        result.notes.append(
            Note(
                N_("the file cannot be read ({reason}): check it opens in QGIS, or export it again"),
                {"reason": _short(exc)},
            )
        )
    for index, layer in enumerate(result.layers):
        digest = hashlib.blake2b(f"{name}\0{index}\0{len(layer.frame)}".encode()).hexdigest()[:8]
        layer.key = f"upload-{digest}-{index}"
    return result


def _short(exc: Exception) -> str:
    """An exception as a short line without server paths."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = re.sub(r"(/[^\s:'\"]+)+", "…", text)
    return text[:160]


# -- vector formats (GDAL through pyogrio) ----------------------------------------------------------


def _read_vector(result: UploadResult, data: bytes, suffix: str, mapping: Mapping) -> None:
    import pyogrio

    if suffix in (".geojson", ".json"):
        _check_geojson(data)
    with tempfile.TemporaryDirectory(prefix="sahel-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        target = str(path)
        if suffix == ".zip":
            target = _shapefile_in_zip(path)
        if suffix == ".kmz":
            target = _kml_in_kmz(path)
        try:
            names = [str(n) for n in pyogrio.list_layers(target)[:, 0]]
        except Exception as exc:  # noqa: BLE001
            _refuse(
                N_("GDAL cannot open it ({reason}): check the format matches the file's extension"), reason=_short(exc)
            )
        if suffix == ".gpkg":
            result.sublayers = names
            if mapping.layer:
                if mapping.layer not in names:
                    _refuse(N_("the GeoPackage has no layer {layer!r}"), layer=mapping.layer[:60])
                names = [mapping.layer]
        frames = []
        for layer_name in names:
            frame = gpd.read_file(target, layer=layer_name, engine="pyogrio")
            if "geometry" not in frame or frame.geometry.isna().all():
                if suffix == ".gpkg":
                    continue  # an attribute table of the GeoPackage
                _refuse(N_("no feature has a geometry: check the file holds points, lines or polygons"))
            frames.append((layer_name, frame))
    if not frames:
        _refuse(N_("the file has no features: check the right layer was exported"))
    stem = Path(result.file).stem
    for layer_name, frame in frames:
        # a layer picked from a GeoPackage of several keeps its name: "camps.gpkg: zones"
        label = stem if len(result.sublayers or frames) == 1 else f"{stem}: {layer_name}"
        frame = _to_degrees(frame, result)
        layer = _layer(result, frame, label)
        if layer is not None:
            result.layers.append(layer)
    if not result.layers and not result.errors:
        _refuse(N_("the file has no features: check the right layer was exported"))


def _check_geojson(data: bytes) -> None:
    """Readable messages for broken GeoJSON before GDAL sees it (GDAL's own are cryptic)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _refuse(N_("it is not UTF-8 text (byte {at}): save it as UTF-8"), at=exc.start)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        _refuse(
            N_("it is not valid JSON ({reason}, line {line}, column {column}): fix it or export it again"),
            reason=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        )
    if not isinstance(doc, dict) or doc.get("type") not in ("FeatureCollection", "Feature", *GEOMETRY_TYPES):
        _refuse(N_('it is JSON but not GeoJSON (no "type": "FeatureCollection"): export it as GeoJSON'))
    features = doc.get("features", [doc]) if doc.get("type") != "Feature" else [doc]
    if doc.get("type") == "FeatureCollection" and not isinstance(features, list):
        _refuse(N_('"features" is not a list: export it as GeoJSON again'))
    if doc.get("type") == "FeatureCollection" and not features:
        _refuse(N_("the file has no features: check the right layer was exported"))
    for index, feature in enumerate(features if doc.get("type") in ("FeatureCollection", "Feature") else []):
        label = _feature_label(feature, index)
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if geometry is None:
            _refuse(N_("feature {which} has no geometry: give it one or delete it"), label, "geometry", which=label)
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind not in GEOMETRY_TYPES:
            _refuse(
                N_("feature {which} has an unknown geometry type {kind}: use Point, LineString or Polygon"),
                label,
                "geometry",
                which=label,
                kind=repr(str(kind)[:30]),
            )


def _feature_label(feature, index: int) -> str:
    props = feature.get("properties") if isinstance(feature, dict) else None
    for key in ("id", "name", "title"):
        if isinstance(props, dict) and props.get(key) not in (None, ""):
            return f"#{index + 1} ({str(props[key])[:40]})"
    return f"#{index + 1}"


def _shapefile_in_zip(path: Path) -> str:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        _refuse(N_("it is not a readable zip file: zip the shapefile's files again"))
    with archive:
        infos = archive.infolist()
        inflated = sum(i.file_size for i in infos)
        if inflated > MAX_ZIP_RATIO * max(path.stat().st_size, 1) and inflated > 50 * 1024 * 1024:
            _refuse(N_("the zip inflates to {size} MB: upload the shapefile's files only"), size=inflated // 2**20)
        shapes = [i.filename for i in infos if i.filename.lower().endswith(".shp") and not i.is_dir()]
        if not shapes:
            _refuse(
                N_("the zip holds no .shp file: zip the shapefile's .shp, .shx, .dbf and .prj together"),
                field_=None,
            )
        shp = shapes[0]
        base = shp[:-4]
        if not any(i.filename.lower() == (base + ".dbf").lower() for i in infos):
            _refuse(N_("the zip has {shp} but no .dbf beside it: add the .dbf (the attributes)"), shp=Path(shp).name)
    return f"/vsizip/{path}/{shp}"


def _kml_in_kmz(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            kml = [i.filename for i in archive.infolist() if i.filename.lower().endswith(".kml")]
    except zipfile.BadZipFile:
        _refuse(N_("it is not a readable KMZ (a KMZ is a zip holding a .kml): save it from Google Earth again"))
    if not kml:
        _refuse(N_("the KMZ holds no .kml file: save it from Google Earth again"))
    return f"/vsizip/{path}/{kml[0]}"


def _looks_like_degrees(bounds) -> bool:
    x0, y0, x1, y1 = bounds
    return -180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90


def _to_degrees(frame: gpd.GeoDataFrame, result: UploadResult) -> gpd.GeoDataFrame:
    """Reprojected to EPSG:4326 when the CRS is declared; refused when the numbers are clearly not degrees."""
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if not len(frame):
        return frame
    if frame.crs is not None:
        if not frame.crs.equals("EPSG:4326"):
            frame = frame.to_crs("EPSG:4326")
        return frame
    bounds = frame.total_bounds
    if not _looks_like_degrees(bounds):
        _refuse(
            N_(
                "the coordinates are not degrees (x from {x0} to {x1}) and the file does not say which coordinate "
                "system they are in: add the .prj, or save the layer in EPSG:4326 (WGS 84)"
            ),
            x0=f"{bounds[0]:.0f}",
            x1=f"{bounds[2]:.0f}",
        )
    return frame.set_crs("EPSG:4326")


# -- tables -------------------------------------------------------------------------------------------


def _read_table(result: UploadResult, data: bytes, suffix: str, mapping: Mapping) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.split("\n", 1)[0]
    sep = (
        "\t"
        if suffix == ".tsv" or first.count("\t") > first.count(",")
        else (";" if first.count(";") > first.count(",") else ",")
    )
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.ParserError as exc:
        _refuse(N_("the table cannot be read ({reason}): check every row has the same columns"), reason=_short(exc))
    except pd.errors.EmptyDataError:
        _refuse(N_("the file is empty: export the layer again and upload the new file"))
    table.columns = [str(c).strip() for c in table.columns]
    result.columns = list(table.columns)
    if not len(table):
        _refuse(N_("the table has a header but no rows: export it again with its rows"))
    lower = {c.lower(): c for c in table.columns}
    kind = "acled" if set(lower) >= ACLED_COLUMNS else "ucdp" if set(lower) >= UCDP_COLUMNS else "file"
    geometry = _table_geometry(result, table, lower, mapping)
    frame = gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")
    frame = frame[frame.geometry.notna()]
    if not len(frame):
        _refuse(N_("no row has usable coordinates: check the latitude and longitude columns"))
    layer = _layer(result, frame, str(LABELS[kind]) if kind != "file" else Path(result.file).stem, kind, mapping)
    if layer is not None:
        result.layers.append(layer)


def _pick(lower: dict[str, str], names) -> str | None:
    return next((lower[n] for n in names if n in lower), None)


def _table_geometry(result: UploadResult, table: pd.DataFrame, lower: dict, mapping: Mapping):
    lat_col = mapping.lat or _pick(lower, LAT_NAMES)
    lon_col = mapping.lon or _pick(lower, LON_NAMES)
    wkt_col = mapping.wkt or (None if (lat_col and lon_col) else _pick(lower, WKT_NAMES))
    if wkt_col and wkt_col in table:
        geoms = []
        bad = []
        for index, text in enumerate(table[wkt_col]):
            try:
                geoms.append(shapely_wkt.loads(text) if isinstance(text, str) and text.strip() else None)
            except Exception:  # noqa: BLE001 -- shapely's GEOSException and ValueError
                geoms.append(None)
                bad.append(index)
        _note_rows(
            result,
            bad,
            wkt_col,
            N_("{count} row(s) have no readable WKT geometry (first: line {rows}): they are left out"),
        )
        series = gpd.GeoSeries(geoms)
        if series.notna().any() and not _looks_like_degrees(series.total_bounds):
            _refuse(
                N_(
                    "the WKT coordinates are not degrees and a table cannot say which coordinate system they are in: "
                    "save it in EPSG:4326 (WGS 84)"
                )
            )
        return series.values
    if not (lat_col and lon_col) or lat_col not in table or lon_col not in table:
        _refuse(
            N_(
                "no latitude/longitude columns found: name them latitude and longitude (or lat/lon, y/x), "
                "give a WKT column, or pick them below"
            ),
            field_="latitude",
        )
    lat = pd.to_numeric(table[lat_col].str.replace(",", ".", regex=False), errors="coerce")
    lon = pd.to_numeric(table[lon_col].str.replace(",", ".", regex=False), errors="coerce")
    missing = list(np.flatnonzero(lat.isna() | lon.isna()))
    _note_rows(
        result,
        missing,
        lat_col,
        N_("{count} row(s) have no numeric coordinates (first: line {rows}): they are left out"),
    )
    both = lat.notna() & lon.notna()
    if not both.any():
        _refuse(
            N_("no row has numeric coordinates in {lat} and {lon}: pick the right columns below"),
            lat=lat_col,
            lon=lon_col,
        )
    if mapping.swap:
        lat, lon = lon, lat
    else:
        inside = _share_inside(lon[both], lat[both])
        swapped = _share_inside(lat[both], lon[both])
        if swapped > 0.5 and inside < 0.2:
            result.swap_suggested = True
            result.notes.append(
                Note(
                    N_(
                        "latitude and longitude look swapped ({share} of the points fall in the Sahel when swapped): "
                        "use the one-click fix below"
                    ),
                    {"share": f"{swapped:.0%}"},
                    field=lat_col,
                    warning=True,
                )
            )
    if (lat[both].abs() > 90).any() or (lon[both].abs() > 180).any():
        if not mapping.swap and (lon[both].abs() <= 90).all() and (lat[both].abs() <= 180).all():
            result.swap_suggested = True
            _refuse(
                N_("latitude is over 90 degrees: latitude and longitude are swapped, use the fix below"), field_=lat_col
            )
        _refuse(
            N_(
                "the coordinates are not degrees (up to {most}) and a table cannot say which coordinate system they "
                "are in: give latitude and longitude in degrees (WGS 84)"
            ),
            field_=lat_col,
            most=f"{max(lat[both].abs().max(), lon[both].abs().max()):.0f}",
        )
    return gpd.points_from_xy(lon.where(both), lat.where(both))


def _share_inside(lon: pd.Series, lat: pd.Series) -> float:
    if not len(lon):
        return 0.0
    x0, y0, x1, y1 = SAHEL_BOX
    return float(((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)).mean())


def _note_rows(result: UploadResult, rows: list[int], column: str, template: str) -> None:
    if rows:
        shown = ", ".join(str(r + 2) for r in rows[:EXAMPLES_SHOWN])  # line numbers: the header is line 1
        result.notes.append(Note(template, {"count": len(rows), "rows": shown}, field=column, warning=True))


def parse_dates(values: pd.Series) -> tuple[pd.Series, str | None]:
    """Dates written in any one of :data:`DATE_FORMATS` (the one that reads most rows wins).

    >>> parse_dates(pd.Series(["27 March 2022", "1 April 2022"]))[0].dt.day.tolist()
    [27, 1]
    >>> parse_dates(pd.Series(["27-03-2022"]))[0].iloc[0].isoformat()
    '2022-03-27T00:00:00'
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
        return stamps.astype("datetime64[ns]"), "datetime"
    # each distinct text is read once (100,000 events fall on a few thousand days), then spread to its rows
    codes, uniques = pd.factorize(values.astype("string").str.strip())
    none = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if not len(uniques):
        return none, None
    text = pd.Series(uniques, dtype="string")
    rows_per_text = np.bincount(codes[codes >= 0], minlength=len(text))
    tried = [(fmt, pd.to_datetime(text, format=fmt, errors="coerce")) for fmt in DATE_FORMATS]
    tried.sort(key=lambda pair: -int(rows_per_text[pair[1].notna().to_numpy()].sum()))
    best_format, best = tried[0]
    if not best.notna().any():
        return none, None
    for _, parsed in tried[1:]:  # a column mixing two ways of writing dates: each row read its own way
        best = best.fillna(parsed)
    # a missing text has code -1: it picks the NaT put last
    stamps = np.append(best.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    return pd.Series(stamps[codes], index=values.index), best_format


def _dates(result: UploadResult, frame: gpd.GeoDataFrame, column: str) -> pd.Series:
    parsed, _ = parse_dates(frame[column])
    bad = list(np.flatnonzero(parsed.isna() & frame[column].notna()))
    _note_rows(
        result,
        bad,
        column,
        N_(
            "{count} row(s) have a date that is not 2022-03-27, 27 March 2022 or 27-03-2022 (first: line {rows}): "
            "they are always shown"
        ),
    )
    return parsed.dt.normalize()


# -- the layer --------------------------------------------------------------------------------------


def _clean_columns(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    renames = {}
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        name = str(column)
        if name.lower() in RESERVED:
            name = f"{name} (file)"
        renames[column] = name
    frame = frame.rename(columns=renames)
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    return frame


def _layer(
    result: UploadResult, frame: gpd.GeoDataFrame, label: str, kind: str = "file", mapping: Mapping = NO_MAPPING
) -> UploadedData | None:
    if not len(frame):
        return None
    frame = _clean_columns(frame.reset_index(drop=True))
    columns = [c for c in frame.columns if c != "geometry"]
    lower = {c.lower(): c for c in columns}
    point_dates = True
    start = end = None
    if kind == "acled":
        start = _dates(result, frame, lower["event_date"])
    elif kind == "ucdp":
        start = _dates(result, frame, lower["date_start"])
    else:
        date_col = mapping.date or _pick(lower, DATE_NAMES)
        start_col = mapping.start or (None if date_col else _pick(lower, START_NAMES))
        end_col = mapping.end or (_pick(lower, END_NAMES) if start_col else None)
        if date_col and date_col in frame:
            start = _dates(result, frame, date_col)
        elif start_col and start_col in frame:
            start = _dates(result, frame, start_col)
            if end_col and end_col in frame:
                end = _dates(result, frame, end_col)
                point_dates = False
        else:
            result.needs_dates = True
            result.columns = result.columns or columns
    out = frame.copy()
    out["start"] = start if start is not None else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    out["end"] = end if end is not None else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if kind == "acled" and "iso" in lower:
        out["iso3"] = pd.to_numeric(out[lower["iso"]], errors="coerce").map(ISO_NUMERIC)
    if kind == "ucdp" and "country_id" in lower:
        out["iso3"] = pd.to_numeric(out[lower["country_id"]], errors="coerce").map(GLEDITSCH_WARD)
    size_column = SIZE_COLUMNS.get(kind) or next(
        (lower[n] for n in ("fatalities", "deaths", "killed", "best") if n in lower), None
    )
    return UploadedData(
        key="",
        name=label[:80],
        file=result.file,
        frame=out,
        columns=[c for c in out.columns if c not in ("geometry", "start", "end")],
        kind=kind,
        dated=bool(out["start"].notna().any()),
        point_dates=point_dates,
        size_column=size_column,
        notes=list(result.notes),
    )


def with_mapping(result: UploadResult, source: bytes, mapping: Mapping, limit_mb: float | None = None) -> UploadResult:
    """Read the file again with the user's choices (coordinates, dates, swap, layer)."""
    return read_upload(result.file, source, mapping, limit_mb)


def describe(result: UploadResult) -> list[str]:
    """What the app would do with the file, in English lines (``validate FILE``)."""
    lines = []
    for layer in result.layers:
        kind = {"acled": "recognised as an ACLED export", "ucdp": "recognised as a UCDP GED export"}.get(
            layer.kind, "read as a layer of its own"
        )
        line = f"{result.file}: {kind}, layer {layer.name!r}: {len(layer.frame)} feature(s)"
        span = layer.span
        if span:
            line += f", dated {span[0].date().isoformat()} to {span[1].date().isoformat()}"
            line += " (each shown within the event window)" if layer.point_dates else " (start to end)"
        else:
            line += ", undated (always shown)"
        kinds = sorted(set(layer.frame.geometry.geom_type))
        line += f", geometry {', '.join(kinds)}"
        lines.append(line)
    if result.swap_suggested:
        lines.append(f"{result.file}: latitude and longitude look swapped (the page offers a one-click fix)")
    if result.needs_dates:
        lines.append(f"{result.file}: no date column recognised (the page lets you pick one)")
    return lines


__all__ = [
    "ACLED_CREDIT",
    "Mapping",
    "Note",
    "UploadResult",
    "UploadedData",
    "describe",
    "parse_dates",
    "read_upload",
    "replace",
]
