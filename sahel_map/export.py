"""Exports: print layouts (PNG/PDF/SVG), a standalone HTML map, vector layers
(GeoJSON/KML/GeoPackage) and the drawdown as an animation (GIF/MP4).

Every export reproduces a view (day, layers, extent) with the network cut off,
and writes through a temporary file in the target folder that is moved into
place only when complete, so a failure never leaves half a file behind.

>>> from datetime import date
>>> [d.isoformat() for d in animation_days(date(2013, 1, 1), date(2013, 12, 31), "quarter")]
['2013-01-01', '2013-04-01', '2013-07-01', '2013-10-01']
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import codes, styling
from .assets import inline_html
from .dataset import Dataset, load_dataset
from .mapping import DEFAULT_CENTER, DEFAULT_ZOOM, THEMATIC_LAYERS, Selection, active_frames, full_map
from .render import DEFAULT_BBOX, Extent, SnapshotRenderer

IMAGE_FORMATS = ("png", "pdf", "svg")
VECTOR_FORMATS = ("geojson", "kml", "gpkg")
ANIMATION_FORMATS = ("gif", "mp4")
ALL_FORMATS = IMAGE_FORMATS + ("html",) + VECTOR_FORMATS + ANIMATION_FORMATS
STEPS = ("month", "quarter", "year", "events")
_FREQ = {"month": "MS", "quarter": "QS", "year": "YS"}


class ExportError(Exception):
    """A problem the user can fix (bad option, empty selection, unwritable path): one clear line."""


@dataclass(frozen=True)
class View:
    """What an export shows: the layers and their filters, the extent, a title."""

    selection: Selection = Selection()
    extent: Extent | None = None
    title: str | None = None
    width: int = 1600
    dpi: int = 150


@contextlib.contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` only if the block succeeds."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {out}: folder {folder} is not writable")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=out.suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _data(data: Dataset | None) -> Dataset:
    return data if data is not None else load_dataset()


def _check_day(data: Dataset, day: date) -> None:
    if not (date(1960, 1, 1) <= day <= data.cutoff):
        raise ExportError(
            f"{day.isoformat()} is outside the data (1960-01-01 to the cut-off {data.cutoff.isoformat()})"
        )


def export_snapshot(day: date, fmt: str, out: Path, view: View = View(), data: Dataset | None = None) -> Path:
    """A print layout of ``day`` as PNG, PDF or SVG."""
    data = _data(data)
    _check_day(data, day)
    renderer = SnapshotRenderer(data, view.extent, view.width, view.dpi, view.selection)
    try:
        renderer.draw(day, view.title)
        with atomic_path(out) as tmp:
            renderer.save(tmp, fmt)
    finally:
        renderer.close()
    return Path(out)


def export_html(day: date, out: Path, view: View = View(), data: Dataset | None = None) -> Path:
    """One HTML file with the interactive map and its data, every script and style inlined."""
    data = _data(data)
    _check_day(data, day)
    extent = view.extent
    center = ((extent.south + extent.north) / 2, (extent.west + extent.east) / 2) if extent else DEFAULT_CENTER
    fmap = full_map(data.basemap, data.frames, day, view.selection, data.register, center=center, zoom=DEFAULT_ZOOM)
    if extent:
        fmap.fit_bounds([[extent.south, extent.west], [extent.north, extent.east]])
    html = inline_html(fmap.get_root().render())
    title = view.title or f"Sahel Map, {day.isoformat()}"
    html = html.replace("<head>", f"<head><title>{escape(title)}</title>", 1)
    with atomic_path(out) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return Path(out)


def active_features(day: date, view: View = View(), data: Dataset | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Exactly the features shown for ``day``: active, selected, and inside the extent."""
    data = _data(data)
    frames = active_frames(data.frames, day, view.selection)
    if view.extent is not None:
        area = view.extent.polygon()
        frames = {k: v[v.intersects(area)] for k, v in frames.items()}
    return {k: v for k, v in frames.items() if len(v)}


def _flat(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lists joined with '; ' and dates as text, for formats without list or date fields."""
    out = frame.drop(columns=["start", "end", "layer"], errors="ignore").copy()
    for column in out.columns:
        if column != "geometry" and out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    # restore the ISO dates of the source file
    for column in ("start", "end"):
        if column in frame:
            out[column] = frame[column].dt.strftime("%Y-%m-%d").where(frame[column].notna(), None)
    out["layer"] = frame.get("layer")
    return out


def export_vector(day: date, fmt: str, out: Path, view: View = View(), data: Dataset | None = None) -> Path:
    """The active features as GeoJSON (one collection, a ``layer`` property), KML or GeoPackage (a layer each)."""
    data = _data(data)
    _check_day(data, day)
    frames = active_features(day, view, data)
    if not frames:
        raise ExportError(f"nothing to export: no feature of {', '.join(view.selection.layers)} is shown on {day}")
    with atomic_path(out) as tmp:
        if fmt == "geojson":
            merged = pd.concat([_geojson_ready(f) for f in frames.values()], ignore_index=True)
            tmp.write_text(
                gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326").to_json(drop_id=True), encoding="utf-8"
            )
        elif fmt == "gpkg":
            tmp.unlink()
            for layer_id, frame in frames.items():
                _flat(frame).to_file(tmp, layer=layer_id, driver="GPKG", engine="pyogrio")
        elif fmt == "kml":
            write_kml(frames, tmp, day)
        else:
            raise ExportError(f"unknown vector format {fmt!r}")
    return Path(out)


def _geojson_ready(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column in ("start", "end"):
        out[column] = frame[column].dt.strftime("%Y-%m-%d").where(frame[column].notna(), None)
    return out


def _kml_colour(hex_colour: str, alpha: int = 255) -> str:
    """KML writes colours aabbggrr."""
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{alpha:02x}{b}{g}{r}"


def write_kml(frames: dict[str, gpd.GeoDataFrame], path: Path, day: date) -> None:
    """KML styled per force and group, readable in Google Earth; one folder per layer."""
    import simplekml

    kml = simplekml.Kml(name=f"Sahel Map, {day.isoformat()}")
    for layer_id, frame in frames.items():
        folder = kml.newfolder(name=codes.LAYER_TITLES[layer_id])
        for row in frame.to_dict("records"):
            geom = row["geometry"]
            name = str(row.get("name") or row.get("title") or codes.GROUPS.get(row.get("group"), row["id"]))
            description = "\n".join(
                f"{k}: {'; '.join(map(str, v)) if isinstance(v, (list, tuple)) else v}"
                for k, v in row.items()
                if k not in ("geometry", "start", "end", "layer") and v is not None and v == v
            )
            polygons = list(getattr(geom, "geoms", [geom])) if geom.geom_type != "Point" else []
            if geom.geom_type == "Point":
                placemark = folder.newpoint(name=name, coords=[(geom.x, geom.y)], description=description)
                colour = (
                    styling.FORCE_STYLES[row["force"]].colour
                    if layer_id == "military_positions"
                    else styling.EVENT_COLOUR
                )
                placemark.style.iconstyle.color = _kml_colour(colour)
                placemark.style.labelstyle.scale = 0.7
            else:
                for polygon in polygons:
                    placemark = folder.newpolygon(
                        name=name,
                        description=description,
                        outerboundaryis=list(polygon.exterior.coords),
                        innerboundaryis=[list(r.coords) for r in polygon.interiors],
                    )
                    colour = styling.GROUP_COLOURS.get(row.get("group"), "#333333")
                    placemark.style.polystyle.color = _kml_colour(colour, 90)
                    placemark.style.linestyle.color = _kml_colour(colour)
                    placemark.style.linestyle.width = 2
            if row.get("start") is not None and row["start"] == row["start"]:
                placemark.timespan.begin = row["start"].date().isoformat()
            if row.get("end") is not None and row["end"] == row["end"]:
                placemark.timespan.end = row["end"].date().isoformat()
    kml.save(str(path))


def animation_days(start: date, end: date, step: str, data: Dataset | None = None) -> list[date]:
    """The frame dates: month, quarter or year starts, or every day the map changes (``events``)."""
    if end < start:
        raise ExportError(f"--end {end} is before --start {start}")
    if step == "events":
        from .timeline import change_days

        frames = [f for k, f in _data(data).frames.items() if k in ("military_positions", "jihadist_zones")]
        days = [d for d in change_days(frames) if start <= d <= end]
        return sorted({start, *days})
    if step not in _FREQ:
        raise ExportError(f"unknown step {step!r} (use {', '.join(STEPS)})")
    days = [d.date() for d in pd.date_range(start, end, freq=_FREQ[step])]
    return days or [start]


def export_animation(
    days: list[date],
    fmt: str,
    out: Path,
    view: View = View(width=1000, dpi=100),
    data: Dataset | None = None,
    progress: Callable[[int, int], None] | None = None,
    seconds_per_frame: float = 0.6,
) -> Path:
    """The days as an animated GIF or an MP4, each frame stamped with its date."""
    import imageio.v3 as iio
    import numpy as np

    data = _data(data)
    for day in (days[0], days[-1]):
        _check_day(data, day)
    renderer = SnapshotRenderer(data, view.extent, view.width, view.dpi, view.selection)
    frames = []
    try:
        for index, day in enumerate(days, start=1):
            renderer.draw(day, view.title or "The Barkhane drawdown and after")
            frames.append(renderer.to_rgb())
            if progress:
                progress(index, len(days))
    finally:
        renderer.close()
    with atomic_path(out) as tmp:
        if fmt == "gif":
            iio.imwrite(tmp, np.stack(frames), extension=".gif", duration=int(seconds_per_frame * 1000), loop=0)
        elif fmt == "mp4":
            _write_mp4(tmp, frames, seconds_per_frame)
        else:
            raise ExportError(f"unknown animation format {fmt!r}")
    return Path(out)


def _write_mp4(path: Path, frames, seconds_per_frame: float) -> None:
    """H.264 MP4 through imageio-ffmpeg, whose wheel ships an ffmpeg binary."""
    import imageio.v2 as iio2

    # H.264 wants even sizes
    height, width = (s - s % 2 for s in frames[0].shape[:2])
    writer = iio2.get_writer(
        str(path),
        format="FFMPEG",
        mode="I",
        fps=1 / seconds_per_frame,
        codec="libx264",
        macro_block_size=2,
        ffmpeg_log_level="error",
        pixelformat="yuv420p",
    )
    try:
        for frame in frames:
            writer.append_data(frame[:height, :width])
    finally:
        writer.close()


def export_series(days: list[date], out_dir: Path, view: View = View(), data: Dataset | None = None) -> list[Path]:
    """One PNG per day into ``out_dir`` (named by date), sharing one basemap drawing."""
    data = _data(data)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ExportError(f"--out {out_dir} must be an existing folder for a series")
    for day in days:
        _check_day(data, day)
    renderer = SnapshotRenderer(data, view.extent, view.width, view.dpi, view.selection)
    written = []
    try:
        for day in days:
            renderer.draw(day, view.title)
            target = out_dir / f"sahel-map-{day.isoformat()}.png"
            with atomic_path(target) as tmp:
                renderer.save(tmp, "png")
            written.append(target)
    finally:
        renderer.close()
    return written


def view_extent(center: tuple[float, float], zoom: int, width_px: int = 1100, height_px: int = 620) -> Extent:
    """The lon/lat box a Leaflet map of that size shows at ``center`` and ``zoom`` (Web Mercator)."""
    import math

    metres_per_px = 2 * math.pi * 6378137 / (256 * 2**zoom)
    x = math.radians(center[1]) * 6378137
    y = math.log(math.tan(math.pi / 4 + math.radians(center[0]) / 2)) * 6378137

    def lon(mx):
        return max(-180.0, min(180.0, math.degrees(mx / 6378137)))

    def lat(my):
        return max(-85.0, min(85.0, math.degrees(2 * math.atan(math.exp(my / 6378137)) - math.pi / 2)))

    half_w, half_h = width_px / 2 * metres_per_px, height_px / 2 * metres_per_px
    return Extent(lon(x - half_w), lat(y - half_h), lon(x + half_w), lat(y + half_h))


__all__ = [
    "ALL_FORMATS",
    "DEFAULT_BBOX",
    "ExportError",
    "Extent",
    "THEMATIC_LAYERS",
    "View",
    "animation_days",
    "export_animation",
    "export_html",
    "export_series",
    "export_snapshot",
    "export_vector",
    "view_extent",
]
