"""Build geodata/jihadist_zones.geojson and geodata/tri_border.geojson from recipes.

Zones are not drawn by hand. Each recipe in seeds/zone_recipes.json names what
its sources name -- whole regions, towns, or a looked-up point -- and how far
around them to reach; this script turns that into a polygon:

* ``{"region": "Mopti", "country": "MLI"}``: the Natural Earth admin-1 region
  (Burkina Faso's regions are assembled from its provinces, see BF_REGIONS);
* ``{"place": "Menaka", "buffer_km": 80}``: a buffer around a GeoNames town
  (seeds/gazetteer_sahel.csv);
* ``{"places": [...], "buffer_km": 40}``: the buffered convex hull of towns;
* ``{"point": [lon, lat], "buffer_km": 60}``: a buffer around a coordinate
  whose source the recipe's notes give.

An optional ``minus`` list, in the same part format, is subtracted from the
union before clipping: ``"minus": [{"place": "Menaka", "buffer_km": 10}]`` cuts
a town the sources say the group did not hold (a garrisoned town) out of a zone
drawn around it.

The union (less ``minus``) is clipped to ``clip_countries`` (Natural Earth
countries) and simplified; buffers are computed in the Africa Albers equal-area
projection. The tri-border area whose id is PRIMARY_AREA is written with
``"primary": true`` (the definition drawn by default), the others with false.

    .venv/bin/python scripts/build_zones.py
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import MultiPoint, Point, mapping
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "seeds" / "zone_recipes.json"
GAZETTEER = ROOT / "seeds" / "gazetteer_sahel.csv"
GEODATA = ROOT / "geodata"
EQUAL_AREA = "ESRI:102022"
SIMPLIFY_M = 2000  # display tolerance: 2 km, well under the uncertainty of any zone

# Burkina Faso's 13 regions (2001-2025) by their provinces, as listed by
# statoids.com "Regions of Burkina Faso" (source id statoids-regions-burkina-faso);
# Natural Earth's admin-1 for Burkina Faso holds the 45 provinces.
BF_REGIONS = {
    "Boucle du Mouhoun": ["Balé", "Banwa", "Kossi", "Mou Houn", "Nayala", "Sourou"],
    "Cascades": ["Komoé", "Léraba"],
    "Centre": ["Kadiogo"],
    "Centre-Est": ["Boulgou", "Koulpélogo", "Kouritenga"],
    "Centre-Nord": ["Bam", "Namentenga", "Sanmatenga"],
    "Centre-Ouest": ["Boulkiemdé", "Sanguié", "Sissili", "Ziro"],
    "Centre-Sud": ["Bazéga", "Nahouri", "Zoundwéogo"],
    "Est": ["Gnagna", "Gourma", "Komondjari", "Kompienga", "Tapoa"],
    "Hauts-Bassins": ["Houet", "Kénédougou", "Tuy"],
    "Nord": ["Loroum", "Passoré", "Yatenga", "Zondoma"],
    "Plateau-Central": ["Ganzourgou", "Kourwéogo", "Oubritenga"],
    "Sahel": ["Oudalan", "Séno", "Soum", "Yagha"],
    "Sud-Ouest": ["Bougouriba", "Ioba", "Noumbiel", "Poni"],
}
# Names the recipes use that Natural Earth spells otherwise
REGION_ALIASES = {("MLI", "Tombouctou"): "Timbuktu"}

#: the definition drawn by default; the Tri-border page offers the others
PRIMARY_AREA = "tri-border-afp-2021"
AREA_NAMES = {
    "tri-border-afp-2021": "Tri-border area (AFP definition, 2021)",
    "tri-border-displacement-2019": "Liptako-Gourma crisis zone (displacement areas, 2019)",
    "lga-alg-admin-units": "Liptako-Gourma Authority: member regions",
    "lga-alg-quadrilateral": "Liptako-Gourma Authority: core quadrilateral",
}


def _key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def load_gazetteer() -> dict[str, Point]:
    places: dict[str, Point] = {}
    with open(GAZETTEER, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            places.setdefault(row["name"], Point(float(row["lon"]), float(row["lat"])))
    return places


def load_regions() -> dict[tuple[str, str], shapely.Geometry]:
    admin1 = gpd.read_file(GEODATA / "basemap_admin1.geojson")
    regions = {(row.iso3, _key(row.name)): row.geometry for row in admin1.itertuples()}
    for region, provinces in BF_REGIONS.items():
        regions[("BFA", _key(region))] = unary_union([regions[("BFA", _key(p))] for p in provinces])
    return regions


class RecipeError(ValueError):
    pass


def part_geometry(part: dict, places, regions, to_metres) -> shapely.Geometry:
    """One recipe part (region, place(s) or point), buffered, in metres."""
    buffer_m = float(part.get("buffer_km", 0)) * 1000
    if "region" in part:
        iso3 = part.get("country", "MLI")
        name = REGION_ALIASES.get((iso3, part["region"]), part["region"])
        try:
            geom = to_metres(regions[(iso3, _key(name))])
        except KeyError:
            raise RecipeError(f"unknown region {part['region']!r} in {iso3}") from None
    elif "place" in part or "places" in part:
        names = [part["place"]] if "place" in part else part["places"]
        # a list may mix gazetteer names and looked-up {"point": [lon, lat]} entries
        missing = [n for n in names if isinstance(n, str) and n not in places]
        if missing:
            raise RecipeError(f"place(s) not in the gazetteer: {', '.join(missing)}")
        points = [to_metres(places[n] if isinstance(n, str) else Point(*n["point"])) for n in names]
        geom = points[0] if len(points) == 1 else MultiPoint(points).convex_hull
    elif "point" in part:
        geom = to_metres(Point(*part["point"]))
    else:
        raise RecipeError(f"recipe part {part} names no region, place or point")
    return geom.buffer(buffer_m) if buffer_m else geom


def build_geometry(recipe: dict, places, regions, countries, to_metres, to_degrees) -> shapely.Geometry:
    shape = unary_union([part_geometry(part, places, regions, to_metres) for part in recipe["union"]])
    # "minus": parts in the same format, cut out after the union and before clipping,
    # e.g. a garrisoned town inside a "control" zone
    if recipe.get("minus"):
        shape = shape.difference(
            unary_union([part_geometry(part, places, regions, to_metres) for part in recipe["minus"]])
        )
    clip = (
        unary_union([to_metres(countries[c]) for c in recipe.get("clip_countries", [])])
        if recipe.get("clip_countries")
        else None
    )
    if clip is not None:
        shape = shape.intersection(clip)
    shape = shapely.make_valid(shape.simplify(SIMPLIFY_M, preserve_topology=True))
    polygons = [g for g in getattr(shape, "geoms", [shape]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return to_degrees(unary_union(polygons))


def _rounded(geom: shapely.Geometry) -> dict:
    return mapping(shapely.set_precision(geom, 0.0001))


def main() -> int:
    def to_metres(g):
        return gpd.GeoSeries([g], crs="EPSG:4326").to_crs(EQUAL_AREA).iloc[0]

    def to_degrees(g):
        return gpd.GeoSeries([g], crs=EQUAL_AREA).to_crs("EPSG:4326").iloc[0]

    places = load_gazetteer()
    regions = load_regions()
    countries = {row.iso3: row.geometry for row in gpd.read_file(GEODATA / "basemap_countries.geojson").itertuples()}
    recipes = json.loads(RECIPES.read_text(encoding="utf-8"))
    zones, areas, errors = [], [], []
    for recipe in recipes:
        try:
            geom = build_geometry(recipe["recipe"], places, regions, countries, to_metres, to_degrees)
        except RecipeError as exc:
            errors.append(f"{recipe['id']}: {exc}")
            continue
        common = {k: recipe.get(k) for k in ("id", "sources", "confidence", "description", "notes")}
        if recipe["group"] in ("tri_border", "lga"):
            props = {
                **common,
                "name": AREA_NAMES.get(recipe["id"], recipe["id"]),
                "area": recipe["group"],
                "definition": recipe.get("definition") or recipe.get("description"),
                "approximate": True,
                "primary": recipe["id"] == PRIMARY_AREA,
            }
        else:
            props = {
                **common,
                "group": recipe["group"],
                "level": recipe["level"],
                "start": recipe["start"],
                "end": recipe["end"],
                "approximate": True,
            }
        (areas if "area" in props else zones).append(
            {"type": "Feature", "geometry": _rounded(geom), "properties": props}
        )
    for line in errors:
        print(line, file=sys.stderr)
    meta = {
        "generated_by": "scripts/build_zones.py",
        "recipes": "seeds/zone_recipes.json",
        "method": "buffers and hulls of places named by the sources, clipped to countries; approximate",
    }
    for name, features in (("jihadist_zones", zones), ("tri_border", areas)):
        fc = {"type": "FeatureCollection", "metadata": {**meta, "title": name}, "features": features}
        (GEODATA / f"{name}.geojson").write_text(json.dumps(fc, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{name}: {len(features)} feature(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
