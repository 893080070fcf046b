"""Where the project's files live, resolved from the package location.

``SAHEL_MAP_GEODATA`` and ``SAHEL_MAP_SOURCES`` point the app at another layer
folder or register (the tests use this to open the app on broken fixtures).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEODATA = Path(os.environ.get("SAHEL_MAP_GEODATA", ROOT / "geodata"))
SEEDS = ROOT / "seeds"
SOURCES_CSV = Path(os.environ.get("SAHEL_MAP_SOURCES", SEEDS / "sources.csv"))
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"
NODE_MODULES = ROOT / "node_modules"
