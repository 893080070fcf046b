"""The ``export`` sub-command: ``python -m sahel_map export ...`` (see :mod:`sahel_map.export`).

Bad input gives one line on stderr and exit code 2; nothing half-written is left.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import codes
from .export import (
    ALL_FORMATS,
    ANIMATION_FORMATS,
    IMAGE_FORMATS,
    STEPS,
    VECTOR_FORMATS,
    ExportError,
    Extent,
    View,
    animation_days,
    export_animation,
    export_html,
    export_series,
    export_snapshot,
    export_vector,
)
from .mapping import THEMATIC_LAYERS, Selection
from .timeline import parse_day

EXAMPLES = """examples:
  python -m sahel_map export --date 2021-06-01 --format png --out mali.png
  python -m sahel_map export --date 2022-08-15 --format kml --layers military_positions --out gao.kml
  python -m sahel_map export --start 2013-01-01 --end 2024-12-31 --format gif --out drawdown.gif --step quarter
  python -m sahel_map export --dates 2021-06-01,2023-06-01 --format png --out frames/
"""


def add_export_parser(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export a map snapshot, layers or an animation",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--date", help="the day shown, YYYY-MM-DD")
    p.add_argument("--dates", help="several days, comma-separated: one PNG each into the folder --out")
    p.add_argument("--start", help="first day of an animation")
    p.add_argument("--end", help="last day of an animation")
    p.add_argument("--step", default="quarter", help=f"animation frames: {', '.join(STEPS)} (default quarter)")
    p.add_argument("--format", required=True, help=", ".join(ALL_FORMATS))
    p.add_argument("--out", required=True, help="file to write (a folder for --dates)")
    p.add_argument("--layers", help=f"comma-separated, from {', '.join(THEMATIC_LAYERS)} (default all)")
    p.add_argument("--forces", help="comma-separated force codes (default all)")
    p.add_argument("--groups", help="comma-separated group codes (default all)")
    p.add_argument("--bbox", help="minlon,minlat,maxlon,maxlat (default the central Sahel)")
    p.add_argument("--title")
    p.add_argument("--width", type=int, help="image width in pixels (default 1600; 1000 for animations)")
    p.add_argument("--dpi", type=int, default=150, help="resolution for PNG/PDF (e.g. 300 for print)")


def _codes(raw: str | None, known, what: str) -> tuple[str, ...] | None:
    if raw is None:
        return None
    wanted = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [part for part in wanted if part not in known]
    if unknown:
        raise ExportError(f"unknown {what} {', '.join(unknown)} (known: {', '.join(known)})")
    if not wanted:
        raise ExportError(f"--{what}s is empty: nothing to export")
    return tuple(wanted)


def _day(text: str, option: str) -> date:
    try:
        return parse_day(text)
    except ValueError as exc:
        raise ExportError(f"{option}: {exc}") from None


def _view(args, animation: bool) -> View:
    layers = _codes(args.layers, THEMATIC_LAYERS, "layer") or THEMATIC_LAYERS
    selection = Selection(
        layers=layers,
        forces=_codes(args.forces, list(codes.FORCES), "force"),
        groups=_codes(args.groups, list(codes.GROUPS), "group"),
        event_window_days=365 if animation else None,
    )
    try:
        extent = Extent.parse(args.bbox) if args.bbox else None
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    width = args.width or (1000 if animation else 1600)
    if not 200 <= width <= 8000:
        raise ExportError(f"--width {width} is outside 200..8000 pixels")
    if not 50 <= args.dpi <= 600:
        raise ExportError(f"--dpi {args.dpi} is outside 50..600")
    return View(selection, extent, args.title, width, args.dpi if not animation else 100)


def _progress(index: int, total: int) -> None:
    filled = round(30 * index / total)
    end = "\n" if index == total else ""
    print(
        f"\rrendering [{'#' * filled}{'.' * (30 - filled)}] {index}/{total} frames",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def run_export(args: argparse.Namespace) -> int:
    fmt = args.format.lower()
    try:
        if fmt not in ALL_FORMATS:
            raise ExportError(f"unknown format {args.format!r} (use one of {', '.join(ALL_FORMATS)})")
        out = Path(args.out)
        if fmt in ANIMATION_FORMATS:
            if not (args.start and args.end):
                raise ExportError(f"--format {fmt} needs --start and --end")
            view = _view(args, animation=True)
            days = animation_days(_day(args.start, "--start"), _day(args.end, "--end"), args.step)
            export_animation(days, fmt, out, view, progress=_progress)
            print(f"wrote {out} ({len(days)} frames)")
            return 0
        view = _view(args, animation=False)
        if args.dates:
            if fmt != "png":
                raise ExportError("--dates writes a PNG series: use --format png")
            days = [_day(part, "--dates") for part in args.dates.split(",") if part.strip()]
            written = export_series(days, out, view)
            print(f"wrote {len(written)} files into {out}")
            return 0
        if not args.date:
            raise ExportError("--date is required (or --dates for a series, --start/--end for an animation)")
        day = _day(args.date, "--date")
        if fmt in IMAGE_FORMATS:
            export_snapshot(day, fmt, out, view)
        elif fmt == "html":
            export_html(day, out, view)
        elif fmt in VECTOR_FORMATS:
            export_vector(day, fmt, out, view)
        print(f"wrote {out}")
        return 0
    except ExportError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 2
