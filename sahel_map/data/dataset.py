"""Everything a page needs, loaded once: validated layers, the source register, the basemap.

:func:`load_dataset` never raises for bad data: every file it reads (layers,
register, troop figures, ``dataset.json``, basemap parts) that is missing or
broken becomes a :class:`~sahel_map.data.problems.Problem`, and what is valid
is still returned, so the app shows a banner and keeps drawing.

>>> data = load_dataset()
>>> data.cutoff.isoformat() >= "2025-01-01", len(data.frames["military_positions"]) > 50
(True, True)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .briefings import Briefing, load_briefings
from .figures import load_figures
from .loading import Layer, load_basemap, load_layer
from .paths import geodata_dir, show, sources_csv
from .problems import Problem, read_text
from .schema import LAYER_SPECS
from .sources import Source, load_register
from .troops import load_troops

#: the slider's first day: the year the north of Mali fell, before Serval
TIMELINE_START = date(2012, 1, 1)
#: regions are drawn for the three Liptako-Gourma countries only: elsewhere they are clutter
ADMIN1_SHOWN = ("MLI", "BFA", "NER")
#: about 500 m: invisible at the zooms the map allows for the basemap, and it halves the data
DISPLAY_TOLERANCE_DEG = 0.005
BASEMAP_PARTS = ("countries", "admin1", "rivers", "places", "towns")


@dataclass
class Basemap:
    """The offline vector basemap layers, already simplified for display."""

    countries: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame | None = None
    rivers: gpd.GeoDataFrame | None = None
    places: gpd.GeoDataFrame | None = None
    towns: gpd.GeoDataFrame | None = None


@dataclass
class Dataset:
    layers: dict[str, Layer]
    register: dict[str, Source]
    basemap: Basemap
    cutoff: date
    info: dict
    troops: pd.DataFrame
    #: problems in files other than the thematic layers (register, troops, dataset.json, basemap)
    file_problems: list[Problem] = field(default_factory=list)
    #: where the data came from: a folder, or a database's masked URL (see :mod:`sahel_map.data.postgis`)
    origin: str = "geodata"
    version: str = ""
    briefings: dict[str, Briefing] = field(default_factory=dict)
    #: published shares of territory outside state control (see :mod:`sahel_map.data.figures`)
    figures: pd.DataFrame | None = None

    @property
    def frames(self) -> dict[str, gpd.GeoDataFrame]:
        return {layer_id: layer.frame for layer_id, layer in self.layers.items()}

    @property
    def problems(self) -> list[Problem]:
        return [p for layer in self.layers.values() for p in layer.problems] + self.file_problems

    @property
    def errors(self) -> list[Problem]:
        """Problems that left something out (warnings excluded)."""
        return [p for p in self.problems if not p.warning]

    @property
    def first_day(self) -> date:
        return TIMELINE_START

    def within(self, area) -> Dataset:
        """The same dataset with each thematic layer cut down to features touching ``area``."""
        layers = {
            layer_id: replace(layer, frame=layer.frame[layer.frame.intersects(area)], problems=[])
            if layer_id != "tri_border"
            else layer
            for layer_id, layer in self.layers.items()
        }
        return replace(self, layers=layers, file_problems=[])

    def _memo(self, name: str, compute):
        # figures read from the layers once per loaded dataset: every rerun of every page asks for them
        # (a copy made by replace() has its own __dict__, so it computes its own)
        if name not in self.__dict__:
            self.__dict__[name] = compute()
        return self.__dict__[name]

    @property
    def from_database(self) -> bool:
        """Whether the layers were read from PostGIS (``origin`` is then the database's masked URL)."""
        return self.origin.startswith("postgresql")

    def key_dates(self) -> list[tuple[date, str]]:
        """Quick-jump dates: events flagged ``key`` in ``events.geojson``, in order."""

        def compute():
            events = self.layers["events"].frame
            if "key" not in events or not len(events):
                return []
            keyed = events[events["key"].astype("boolean").fillna(False)].sort_values("start")
            return [(row.start.date(), str(row.title)) for row in keyed.itertuples()]

        return list(self._memo("_key_dates", compute))

    def area_names(self) -> dict[str, str]:
        """The tri-border definitions, id to name, in file order."""

        def compute():
            areas = self.layers["tri_border"].frame
            return {str(i): str(name) for i, name in zip(areas["id"], areas["name"], strict=True)}

        return dict(self._memo("_area_names", compute))

    def primary_areas(self) -> list[str]:
        """The tri-border definitions drawn when none is picked: those flagged ``primary`` (or all)."""

        def compute():
            areas = self.layers["tri_border"].frame
            return [str(i) for i in areas.loc[primary_mask(areas), "id"]]

        return list(self._memo("_primary_areas", compute))


def primary_mask(areas: pd.DataFrame) -> pd.Series:
    """The tri-border definitions flagged ``primary`` (all of them when no row carries the flag)."""
    if "primary" not in areas:
        return pd.Series(True, index=areas.index)
    return areas["primary"].astype("boolean").fillna(False).astype(bool)


def fingerprint(directory: Path | None = None) -> tuple:
    """Changes whenever a layer file or the register changes (for cache keys)."""
    directory = Path(directory or geodata_dir())
    files = sorted(directory.glob("*.geojson")) + [
        sources_csv(),
        directory / "dataset.json",
        directory / "troop_strength.csv",
    ]
    out = []
    for path in files:
        try:
            out.append((str(path), path.stat().st_mtime_ns, path.stat().st_size))
        except OSError:
            out.append((str(path), None, None))
    return tuple(out)


def _for_display(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not len(frame):
        return frame
    frame = frame.copy()
    frame["geometry"] = frame.geometry.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True).set_precision(1e-4)
    return frame


def read_info(directory: Path) -> tuple[dict, list[Problem]]:
    """``dataset.json``: title, the data cut-off and what it means, the licence."""
    path = directory / "dataset.json"
    text, why = read_text(path)
    if text is None:
        return {}, [Problem(path.name, None, None, why)]
    try:
        info = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f": line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        return {}, [Problem(path.name, None, None, f"not valid JSON{where}")]
    if not isinstance(info, dict):
        return {}, [Problem(path.name, None, None, "top level is not an object")]
    try:
        date.fromisoformat(str(info.get("cutoff")))
    except ValueError:
        return {k: v for k, v in info.items() if k != "cutoff"}, [
            Problem(path.name, None, "cutoff", f"{str(info.get('cutoff'))[:40]!r} is not a date written YYYY-MM-DD")
        ]
    return info, []


def _newest_day(layers: dict[str, Layer]) -> date | None:
    days = [
        stamp
        for layer in layers.values()
        for column in ("start", "end")
        for stamp in layer.frame[column].dropna()
        if column in layer.frame
    ]
    return max(days).date() if days else None


def load_basemap_parts(directory: Path) -> tuple[Basemap, list[Problem]]:
    parts, problems = {}, []
    for name in BASEMAP_PARTS:
        frame, found = load_basemap(name, directory)
        parts[name], problems = frame, problems + found
    admin1 = parts["admin1"]
    if "iso3" in admin1:
        admin1 = admin1[admin1["iso3"].isin(ADMIN1_SHOWN)]
    basemap = Basemap(
        countries=_for_display(parts["countries"]),
        admin1=_for_display(admin1),
        rivers=parts["rivers"],
        places=parts["places"],
        towns=parts["towns"],
    )
    return basemap, problems


def load_dataset(directory: Path | str | None = None, url: str | None = None) -> Dataset:
    """Every layer, the register, troop figures and basemap of a folder (default ``geodata/``).

    With ``url``, the layers, register and troop figures come from that PostGIS
    database instead (:mod:`sahel_map.data.postgis`).
    """
    if url:
        from .postgis import load_from_database

        return load_from_database(url)
    directory = Path(directory or geodata_dir())
    if not directory.is_dir():
        return empty_dataset([Problem(show(directory), None, None, "data folder not found")])
    register, problems = load_register(sources_csv())
    known = set(register)
    layers = {
        layer_id: load_layer(directory / f"{layer_id}.geojson", known, spec) for layer_id, spec in LAYER_SPECS.items()
    }
    info, found = read_info(directory)
    problems += found
    troops, found = load_troops(directory / "troop_strength.csv", known)
    problems += found
    basemap, found = load_basemap_parts(directory)
    problems += found
    briefings, found = load_briefings(directory, known)
    problems += found
    figures, found = load_figures(directory / "territory_figures.csv", known)
    problems += found
    cutoff = _cutoff(info, layers)
    return Dataset(
        layers,
        register,
        basemap,
        cutoff,
        info,
        troops,
        problems,
        origin=show(directory),
        briefings=briefings,
        figures=figures,
    )


def _cutoff(info: dict, layers: dict[str, Layer]) -> date:
    """The cut-off of ``dataset.json``; without one, the newest date in the data (never today's date)."""
    try:
        return date.fromisoformat(str(info["cutoff"]))
    except (KeyError, ValueError):
        return _newest_day(layers) or TIMELINE_START


def empty_dataset(problems: list[Problem], origin: str = "none") -> Dataset:
    """A dataset with no feature, carrying the problems that explain why (``origin``: what was read)."""
    from .loading import empty_frame

    layers = {
        layer_id: Layer(spec, Path(f"{layer_id}.geojson"), empty_frame(spec)) for layer_id, spec in LAYER_SPECS.items()
    }
    countries = gpd.GeoDataFrame(columns=["name", "iso3", "geometry"], geometry="geometry", crs="EPSG:4326")
    troops, _ = load_troops(Path("/nonexistent/troop_strength.csv"))
    return Dataset(layers, {}, Basemap(countries), TIMELINE_START, {}, troops, problems, origin=origin)
