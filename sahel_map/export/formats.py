"""The one registry of output formats: read by the CLI, the download panel and the docs.

Each :class:`Format` names its label, MIME type, kind and writer; :func:`export`
checks the request once, then writes through a temporary file that is moved
into place only when complete, so a failure never leaves half a file behind.

>>> sorted(k for k, f in FORMATS.items() if f.kind == "image")
['pdf', 'png', 'svg']
>>> from datetime import date
>>> [d.isoformat() for d in frame_days(date(2013, 1, 1), date(2013, 12, 31), "quarter")]
['2013-01-01', '2013-04-01', '2013-07-01', '2013-10-01', '2013-12-31']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from ..data.codes import N_
from ..data.dataset import Dataset
from ..look import i18n, markers, styling
from ..look.credits import credit_line
from ..view.timeline import change_days
from ..view.view import View
from .atomic import ExportError, atomic_path, check_target
from .snapshot import Layout, Snapshot
from .vector import require_features, write_geojson, write_gpkg, write_kml

STEPS = ("month", "quarter", "year", "events")
_FREQ = {"month": "MS", "quarter": "QS", "year": "YS"}
ASPECTS = {"16:9": 16 / 9, "4:3": 4 / 3}
MAX_FRAMES = 400


@dataclass(frozen=True)
class Options:
    """How a file is made (the View says what it shows)."""

    title: str | None = None
    width: int | None = None
    dpi: int = 150
    aspect: str | None = None
    #: animations: first and last day, and one frame per step
    start: date | None = None
    end: date | None = None
    step: str = "quarter"
    #: a caption under the title (e.g. the summary of what changed between two dates)
    caption: str | None = None
    seconds_per_frame: float = 0.6
    #: decks and handouts: the id of the briefing (``geodata/briefings/<id>.json``)
    briefing: str | None = None

    def layout(self, animation: bool = False) -> Layout:
        width = self.width or ((1000 if animation else 1600) * self.dpi // 150)
        return Layout(width, self.dpi, ASPECTS.get(self.aspect) if self.aspect else None)


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    mime: str
    kind: str  # image | html | vector | animation | briefing
    write: Callable[..., None] = field(repr=False)
    description: str = ""
    #: the file name's extension when it is not the key (the briefing handout is a .pdf)
    suffix: str = ""

    @property
    def extension(self) -> str:
        return self.suffix or self.key


# -- writers ------------------------------------------------------------------------------------


def _extras_active(extra, view: View) -> dict:
    return {layer.key: frame for layer in extra if len(frame := layer.shown(view))}


def write_image(data: Dataset, view: View, options: Options, path: Path, progress, extra, fmt: str) -> None:
    snapshot = Snapshot(data, view, options.layout(), extra_layers=list(extra))
    try:
        snapshot.draw(view, options.title, options.caption)
        snapshot.save(path, fmt)
    finally:
        snapshot.close()


def write_html(data: Dataset, view: View, options: Options, path: Path, progress, extra, fmt: str) -> None:
    """One HTML file with the interactive map, its legend, title, date and credit, every script inlined."""
    from ..web.assets import inline_html
    from ..web.maps import standalone_map

    t = i18n.translator(view.lang)
    shown = view.shown_frames(data.frames)
    entries = styling.legend_for(shown)  # the same rows as the print legend
    legend = markers.legend_html(
        styling.translate(entries, t) + [e for layer in extra for e in layer.legend_entries(t)],
        title=t("Legend"),
        section_titles={s: t(s) for s in {e.section for e in entries}},
    )
    title = options.title or t("Security situation in Mali and the central Sahel")
    header = f"<h1>{escape(title)}</h1><div>{escape(t.date(view.day))}</div>"
    if options.caption:
        header += f"<div>{escape(options.caption)}</div>"
    credit = escape(credit_line(data.register, data.cutoff, shown, t, [layer.credit(t) for layer in extra]))
    fmap = standalone_map(
        data.within(view.box.polygon()),
        view,
        legend=legend,
        header=header,
        credit=credit,
        extra=[layer.folium_group(view) for layer in extra],
    )
    html = inline_html(fmap.get_root().render())
    html = html.replace("<head>", f'<head><meta charset="utf-8"><title>{escape(title)}</title>', 1)
    path.write_text(html, encoding="utf-8")


def write_vector(data: Dataset, view: View, options: Options, path: Path, progress, extra, fmt: str) -> None:
    frames = view.shown_frames(data.frames) | _extras_active(extra, view)
    require_features(frames, view)
    if fmt == "geojson":
        write_geojson(frames, path)
    elif fmt == "gpkg":
        write_gpkg(frames, path)
    else:
        write_kml(frames, path, view.day, view.lang)


def frame_days(start: date, end: date, step: str, data: Dataset | None = None) -> list[date]:
    """The frame dates from ``start`` to ``end`` (both included): month, quarter or year starts, or every
    day the map changes (``events``)."""
    if end < start:
        raise ExportError(f"--end {end} is before --start {start}")
    if step == "events":
        if data is None:
            raise ExportError("--step events needs the data")
        frames = [f for k, f in data.frames.items() if k in ("military_positions", "jihadist_zones")]
        days = [d for d in change_days(frames) if start <= d <= end]
    elif step in _FREQ:
        days = [d.date() for d in pd.date_range(start, end, freq=_FREQ[step])]
    else:
        raise ExportError(f"unknown step {step!r} (use {', '.join(STEPS)})")
    return sorted({start, *days, end})


def write_animation(data: Dataset, view: View, options: Options, path: Path, progress, extra, fmt: str) -> None:
    """The days from ``options.start`` to ``options.end`` as an animated GIF or MP4, each frame dated."""
    import imageio.v3 as iio
    import numpy as np

    days = frame_days(options.start or data.first_day, options.end or view.day, options.step, data)
    if len(days) > MAX_FRAMES:
        raise ExportError(f"{len(days)} frames is too many (at most {MAX_FRAMES}): use a longer --step")
    snapshot = Snapshot(data, view, options.layout(animation=True), extra_layers=list(extra))
    t = i18n.translator(view.lang)
    frames = []
    try:
        for index, day in enumerate(days, start=1):
            snapshot.draw(view.with_(day=day), options.title or t("The Barkhane drawdown and after"))
            frames.append(snapshot.to_rgb())
            if progress:
                progress(index, len(days))
    finally:
        snapshot.close()
    if fmt == "gif":
        iio.imwrite(path, np.stack(frames), extension=".gif", duration=int(options.seconds_per_frame * 1000), loop=0)
    else:
        _write_mp4(path, frames, options.seconds_per_frame)


def _write_mp4(path: Path, frames, seconds_per_frame: float) -> None:
    """H.264 MP4 through imageio-ffmpeg, whose wheel ships an ffmpeg binary."""
    import imageio.v2 as iio2

    height, width = (s - s % 2 for s in frames[0].shape[:2])  # H.264 wants even sizes
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


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("png", N_("PNG image (slides)"), "image/png", "image", write_image),
        Format("pdf", N_("PDF (print)"), "application/pdf", "image", write_image),
        Format("svg", N_("SVG (editable vector, text kept as text)"), "image/svg+xml", "image", write_image),
        Format("html", N_("HTML (interactive, works offline)"), "text/html", "html", write_html),
        Format("geojson", N_("GeoJSON (QGIS)"), "application/geo+json", "vector", write_vector),
        Format("kml", N_("KML (Google Earth)"), "application/vnd.google-earth.kml+xml", "vector", write_vector),
        Format("gpkg", N_("GeoPackage (QGIS)"), "application/geopackage+sqlite3", "vector", write_vector),
        Format("gif", N_("Animated GIF of the drawdown"), "image/gif", "animation", write_animation),
        Format("mp4", N_("MP4 video of the drawdown"), "video/mp4", "animation", write_animation),
    )
}


def register(fmt: Format) -> None:
    """Add a format (the briefing deck and handout register themselves, see :mod:`sahel_map.export.briefing`)."""
    FORMATS[fmt.key] = fmt


def check(fmt: str, data: Dataset, view: View, options: Options) -> Format:
    """Refuse a request that cannot succeed, with one line saying why."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {str(fmt)[:20]!r} (use one of {', '.join(FORMATS)})")
    if not (data.first_day <= view.day <= data.cutoff):
        raise ExportError(
            f"{view.day.isoformat()} is outside the data ({data.first_day.isoformat()} to the cut-off "
            f"{data.cutoff.isoformat()})"
        )
    if options.width is not None and not 200 <= options.width <= 8000:
        raise ExportError(f"--width {options.width} is outside 200..8000 pixels")
    if not 50 <= options.dpi <= 600:
        raise ExportError(f"--dpi {options.dpi} is outside 50..600")
    if options.aspect is not None and options.aspect not in ASPECTS:
        raise ExportError(f"--aspect {str(options.aspect)[:10]!r}: use one of {', '.join(ASPECTS)}")
    if options.title is not None and len(options.title) > 200:
        raise ExportError("--title is longer than 200 characters")
    for day in (options.start, options.end):
        if day is not None and not (data.first_day <= day <= data.cutoff):
            raise ExportError(f"{day.isoformat()} is outside the data (to the cut-off {data.cutoff.isoformat()})")
    return FORMATS[fmt]


def export(
    fmt: str,
    data: Dataset,
    view: View,
    out: Path,
    options: Options = Options(),
    progress: Progress | None = None,
    extra: Sequence = (),
) -> Path:
    """Write ``view`` as ``fmt`` to ``out``; raises :class:`ExportError` for anything the user can fix."""
    spec = check(fmt, data, view, options)
    check_target(Path(out))
    with atomic_path(Path(out)) as tmp:
        spec.write(data, view, options, tmp, progress, tuple(extra), fmt)
    return Path(out)


def export_series(
    days: Sequence[date], data: Dataset, view: View, out_dir: Path, options: Options = Options(), extra=()
) -> list[Path]:
    """One PNG per day into ``out_dir`` (named by date), sharing one basemap drawing."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ExportError(f"--out {out_dir} must be an existing folder for a series")
    for day in days:
        check("png", data, view.with_(day=day), options)
    snapshot = Snapshot(data, view, options.layout(), extra_layers=list(extra))
    written = []
    try:
        for day in days:
            snapshot.draw(view.with_(day=day), options.title, options.caption)
            target = out_dir / f"sahel-map-{day.isoformat()}.png"
            with atomic_path(target) as tmp:
                snapshot.save(tmp, "png")
            written.append(target)
    finally:
        snapshot.close()
    return written


def file_name(fmt: str, view: View) -> str:
    return f"sahel-map-{view.day.isoformat()}.{FORMATS[fmt].extension}"
