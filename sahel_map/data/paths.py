"""Where the project's files live, resolved from the package location.

Environment variables point the app at other files (the tests use them to open
the app on broken fixtures, and to publish into a temporary folder); they are
read when called, not at import:

* ``SAHEL_MAP_GEODATA``: the layer folder (default ``geodata/``);
* ``SAHEL_MAP_SOURCES``: the source register (default ``seeds/sources.csv``);
* ``SAHEL_MAP_STATIC``: the folder Streamlit serves at ``/app/static`` (default
  ``static/``), where layers are published as JSON.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
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


def static_dir() -> Path:
    return Path(os.environ.get("SAHEL_MAP_STATIC", STATIC))


def vendor_dir() -> Path:
    return static_dir() / "vendor"


def show(path: Path | str) -> str:
    """A path as shown to a user: relative to the checkout when inside it, so no server path leaks."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(ROOT))
    except (ValueError, OSError):
        return path.name
