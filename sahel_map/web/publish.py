"""Publish the layers as static JSON files the browser fetches once and caches.

Sending every feature (with its popup) on each Streamlit rerun made a slider
move cost over a megabyte; instead the app writes each layer's full GeoJSON
once per data version and language to ``static/data/<layer>-<lang>-<hash>.json``
(served by Streamlit at ``/app/static/data/``), and each rerun sends only the
layer's URL and filter. File names carry a hash of the content, so a changed
layer gets a new URL, every replica of the app writes the same names, and no
browser keeps a stale copy. Files no current version uses are removed.

Only the curated layers are published: an analyst's uploaded layer is never
written here (every viewer can fetch ``static/``), see :mod:`sahel_map.app.uploads`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from ..data.dataset import Dataset
from ..data.paths import static_dir
from ..look.i18n import LANGUAGES
from .features import basemap_collections, layer_collection

URL_PREFIX = "/app/static/data"
#: a published file no longer in use is kept this long, for pages still open on the old version
GRACE_SECONDS = 3600


def data_dir() -> Path:
    return static_dir() / "data"


def _write(directory: Path, name: str, payload: dict) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    filename = f"{name}-{digest}.json"
    target = directory / filename
    if target.exists():
        os.utime(target)  # in use again: not stale
    else:
        # write then rename, so a concurrent reader (or another replica) never sees half a file
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    return f"{URL_PREFIX}/{filename}"


def publish(data: Dataset, directory: Path | None = None) -> dict[str, dict[str, str]]:
    """Write every layer (in each language) and basemap collection; return ``{lang: {key: URL}}``.

    Keys are the thematic layer ids and ``basemap_<name>`` for the basemap parts.
    """
    directory = directory or data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    basemap = {
        f"basemap_{name}": _write(directory, f"basemap_{name}", collection)
        for name, collection in basemap_collections(data.basemap).items()
    }
    urls = {
        lang: {
            layer_id: _write(
                directory, f"{layer_id}-{lang}", layer_collection(layer_id, layer.frame, data.register, lang)
            )
            for layer_id, layer in data.layers.items()
        }
        | basemap
        for lang in LANGUAGES
    }
    prune(directory, {url.rsplit("/", 1)[1] for by_key in urls.values() for url in by_key.values()})
    return urls


def prune(directory: Path, keep: set[str], grace: float = GRACE_SECONDS) -> list[Path]:
    """Remove published files not in ``keep`` and untouched for ``grace`` seconds."""
    removed = []
    now = time.time()
    for path in directory.glob("*.json"):
        try:
            if path.name not in keep and now - path.stat().st_mtime > grace:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # another process removed it first
    return removed
