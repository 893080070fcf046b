"""Where the project's files live, resolved from the package location.

``SAHEL_MAP_GEODATA`` and ``SAHEL_MAP_SOURCES`` point the app at another layer
folder or register (the tests use this to open the app on broken fixtures);
they are read when called, not at import.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
SEEDS = ROOT / "seeds"
SOURCES_CSV = SEEDS / "sources.csv"
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"
NODE_MODULES = ROOT / "node_modules"


def geodata_dir() -> Path:
    return Path(os.environ.get("SAHEL_MAP_GEODATA", GEODATA))


def sources_csv() -> Path:
    return Path(os.environ.get("SAHEL_MAP_SOURCES", SOURCES_CSV))
