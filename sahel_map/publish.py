"""Publish the layers as static JSON files the browser fetches once and caches.

Sending every feature (with its popup) on each Streamlit rerun made a slider
move cost over a megabyte; instead the app writes each layer's full GeoJSON
once per data version to ``static/data/<layer>-<hash>.json`` (served by
Streamlit at ``/app/static/data/``), and each rerun sends only the ids of the
features active on the chosen day.  File names carry a hash of the content,
so a changed layer gets a new URL and no browser keeps a stale copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .dataset import Dataset
from .mapping import basemap_collections, layer_collection
from .paths import STATIC

DATA_DIR = STATIC / "data"
URL_PREFIX = "/app/static/data"


def _write(directory: Path, name: str, payload: dict) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    filename = f"{name}-{digest}.json"
    target = directory / filename
    if not target.exists():
        # write then rename, so a concurrent reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    return f"{URL_PREFIX}/{filename}"


def publish(data: Dataset, directory: Path = DATA_DIR) -> dict[str, str]:
    """Write every layer and basemap collection; return ``{key: URL}``.

    Keys are the thematic layer ids and ``basemap_<name>`` for the basemap parts.
    """
    directory.mkdir(parents=True, exist_ok=True)
    urls = {
        layer_id: _write(directory, layer_id, layer_collection(layer_id, layer.frame, data.register))
        for layer_id, layer in data.layers.items()
    }
    for name, collection in basemap_collections(data.basemap).items():
        urls[f"basemap_{name}"] = _write(directory, f"basemap_{name}", collection)
    return urls
