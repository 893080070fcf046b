"""Everything a page needs, loaded once: validated layers, the source register, the basemap."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .loading import Layer, load_basemap, load_layers
from .mapping import Basemap
from .paths import geodata_dir, sources_csv
from .sources import Source, load_sources
from .timeline import TIMELINE_START
from .troops import load_troops


@dataclass
class Dataset:
    layers: dict[str, Layer]
    register: dict[str, Source]
    basemap: Basemap
    cutoff: date
    info: dict
    troops: pd.DataFrame | None = None
    troop_problems: list = field(default_factory=list)

    @property
    def frames(self) -> dict[str, gpd.GeoDataFrame]:
        return {layer_id: layer.frame for layer_id, layer in self.layers.items()}

    @property
    def problems(self):
        return [problem for layer in self.layers.values() for problem in layer.problems] + self.troop_problems

    @property
    def first_day(self) -> date:
        return TIMELINE_START

    def within(self, area) -> Dataset:
        """The same dataset with each thematic layer cut down to features touching ``area``."""
        from dataclasses import replace

        from .loading import Layer

        layers = {
            layer_id: Layer(layer.spec, layer.path, layer.frame[layer.frame.intersects(area)], [], layer.metadata)
            if layer_id != "tri_border"
            else layer
            for layer_id, layer in self.layers.items()
        }
        return replace(self, layers=layers, troop_problems=[])

    def key_dates(self) -> list[tuple[date, str]]:
        """Quick-jump dates: events flagged ``key`` in ``events.geojson``, in order."""
        events = self.layers["events"].frame
        if "key" not in events or not len(events):
            return []
        keyed = events[events["key"].fillna(False).astype(bool)].sort_values("start")
        return [(row.start.date(), str(row.title)) for row in keyed.itertuples()]


def fingerprint(directory: Path | None = None) -> tuple:
    """Changes whenever a layer file or the register changes (for cache keys)."""
    directory = Path(directory or geodata_dir())
    files = sorted(directory.glob("*.geojson")) + [
        sources_csv(),
        directory / "dataset.json",
        directory / "troop_strength.csv",
    ]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())


ADMIN1_SHOWN = ("MLI", "BFA", "NER")
#: about 500 m: invisible at the zooms the map allows for the basemap, and it halves the data
DISPLAY_TOLERANCE_DEG = 0.005


def _for_display(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not len(frame):
        return frame
    frame = frame.copy()
    frame["geometry"] = frame.geometry.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True).set_precision(1e-4)
    return frame


def load_dataset(directory: Path | None = None) -> Dataset:
    directory = Path(directory or geodata_dir())
    info_path = directory / "dataset.json"
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
    cutoff = date.fromisoformat(info.get("cutoff", date.today().isoformat()))
    admin1 = load_basemap("admin1", directory)
    if "iso3" in admin1:
        # regions are drawn for the three Liptako-Gourma countries only: elsewhere they are clutter
        admin1 = admin1[admin1["iso3"].isin(ADMIN1_SHOWN)]
    basemap = Basemap(
        countries=_for_display(load_basemap("countries", directory)),
        admin1=_for_display(admin1),
        rivers=load_basemap("rivers", directory),
        places=load_basemap("places", directory),
        towns=load_basemap("towns", directory),
    )
    register = load_sources(sources_csv())
    troops, troop_problems = load_troops(directory / "troop_strength.csv", set(register))
    return Dataset(load_layers(directory), register, basemap, cutoff, info, troops, troop_problems)
