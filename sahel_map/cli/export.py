"""``export``: a map snapshot, the layers, or an animation (every format of the registry).

The View comes from the options (``--date``, ``--layers``...) or from a shared
link (``--link '?date=2021-06-01&layers=...'``), so a view seen in the app can
be reproduced exactly on the command line. Bad input gives one line on stderr
and exit code 2; nothing half-written is left.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..data import codes
from ..data.dataset import load_dataset
from ..export import FORMATS, STEPS, ExportError, Options, export, export_series
from ..export.formats import ASPECTS
from ..view.timeline import parse_day
from ..view.urlstate import parse_query
from ..view.view import EXTENT_PRESETS, THEMATIC_LAYERS, Extent, View

EXAMPLES = """examples:
  python -m sahel_map export --date 2021-06-01 --format png --out mali.png
  python -m sahel_map export --date 2021-06-01 --format png --aspect 16:9 --dpi 300 --out slide.png
  python -m sahel_map export --date 2022-08-15 --format kml --layers military_positions --out gao.kml
  python -m sahel_map export --link '?date=2021-06-01&layers=military_positions&forces=barkhane' --format pdf --out b.pdf
  python -m sahel_map export --start 2013-01-01 --end 2024-12-31 --format gif --out drawdown.gif --step quarter
  python -m sahel_map export --dates 2021-06-01,2023-06-01 --format png --out frames/
  python -m sahel_map export --briefing --format pptx --out drawdown.pptx
  python -m sahel_map export --briefing drawdown --format pdf --lang fr --out drawdown-fr.pdf
"""


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export a map snapshot, layers or an animation",
        description="Formats: " + "; ".join(f"{k} ({f.label})" for k, f in FORMATS.items()),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", required=True, help=", ".join(FORMATS))
    p.add_argument("--out", required=True, help="file to write (a folder for --dates)")
    p.add_argument("--date", help="the day shown, YYYY-MM-DD")
    p.add_argument(
        "--briefing",
        nargs="?",
        const="",
        metavar="ID",
        help="a guided briefing (geodata/briefings/ID.json, default the first) as --format pptx (slide deck) "
        "or pdf (handout, one step per page)",
    )
    p.add_argument("--link", help="a shared link (or just its ?query) whose view to export")
    p.add_argument("--dates", help="several days, comma-separated: one PNG each into the folder --out")
    p.add_argument("--start", help="first day of an animation")
    p.add_argument("--end", help="last day of an animation")
    p.add_argument("--step", default="quarter", help=f"animation frames: {', '.join(STEPS)} (default quarter)")
    p.add_argument("--layers", help=f"comma-separated, from {', '.join(THEMATIC_LAYERS)} (default all)")
    p.add_argument("--forces", help="comma-separated force codes (default all)")
    p.add_argument("--groups", help="comma-separated group codes (default all)")
    p.add_argument("--events", help="events shown: 'all' or the last N days (default 365)")
    p.add_argument("--areas", help="tri-border definition ids (default the primary one)")
    p.add_argument("--bbox", help=f"minlon,minlat,maxlon,maxlat or {', '.join(EXTENT_PRESETS)} (default mali)")
    p.add_argument("--lang", choices=["en", "fr"], help="language of the labels (default en)")
    p.add_argument("--title")
    p.add_argument("--caption", help="a line under the title")
    p.add_argument("--width", type=int, help="image width in pixels (default 1600 at 150 dpi, scaled with --dpi)")
    p.add_argument("--dpi", type=int, default=150, help="resolution (300 for print): same layout, more pixels")
    p.add_argument("--aspect", choices=list(ASPECTS), help="a fixed shape, e.g. 16:9 for slides")
    p.add_argument(
        "--with",
        dest="uploads",
        action="append",
        default=[],
        metavar="FILE",
        help="add one of your own files as a layer (repeatable)",
    )


def _codes(raw: str | None, known, what: str) -> tuple[str, ...] | None:
    if raw is None:
        return None
    wanted = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [part[:30] for part in wanted if part not in known]
    if unknown:
        raise ExportError(f"unknown {what} {', '.join(unknown[:5])} (known: {', '.join(known)})")
    if not wanted:
        raise ExportError(f"--{what}s is empty: nothing to export")
    return tuple(wanted)


def _day(text: str, option: str):
    try:
        return parse_day(text)
    except ValueError as exc:
        raise ExportError(f"{option}: {exc}") from None


def build_view(args, data) -> View:
    """The View the options describe: a link first, then each option on top of it."""
    area_ids = [str(i) for i in data.frames["tri_border"]["id"]]
    if args.link:
        query = {k: v[0] for k, v in parse_qs(urlsplit(args.link).query or args.link.lstrip("?")).items()}
        view, notes = parse_query(query, data.cutoff, areas=area_ids)
        if notes:
            raise ExportError(f"--link: {'; '.join(notes)}")
    else:
        view = View(day=data.cutoff)
    if args.date:
        view = view.with_(day=_day(args.date, "--date"))
    elif not args.link and not (args.start or args.dates):
        raise ExportError("--date is required (or --link, --dates for a series, --start/--end for an animation)")
    if args.layers is not None:
        view = view.with_(layers=_codes(args.layers, THEMATIC_LAYERS, "layer"))
    if args.forces is not None:
        view = view.with_(forces=_codes(args.forces, list(codes.FORCES), "force"))
    if args.groups is not None:
        view = view.with_(groups=_codes(args.groups, list(codes.GROUPS), "group"))
    if args.areas is not None:
        view = view.with_(areas=_codes(args.areas, area_ids, "area"))
    if args.events is not None:
        if args.events == "all":
            view = view.with_(event_window_days=None)
        elif args.events.isdigit() and 1 <= int(args.events) <= 10_000:
            view = view.with_(event_window_days=int(args.events))
        else:
            raise ExportError(f"--events {args.events[:20]!r}: use 'all' or a number of days")
    if args.bbox:
        try:
            view = view.with_(extent=Extent.parse(args.bbox))
        except ValueError as exc:
            raise ExportError(str(exc)) from None
    if args.lang:
        view = view.with_(lang=args.lang)
    return view


def build_options(args) -> Options:
    return Options(
        title=args.title,
        caption=args.caption,
        width=args.width,
        dpi=args.dpi,
        aspect=args.aspect,
        start=_day(args.start, "--start") if args.start else None,
        end=_day(args.end, "--end") if args.end else None,
        step=args.step,
    )


def _progress(index: int, total: int) -> None:
    filled = round(30 * index / total)
    end = "\n" if index == total else ""
    print(
        f"\rrendering [{'#' * filled}{'.' * (30 - filled)}] {index}/{total} frames",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def load_checked():
    """The data, refused with one line when it has problems (an export must not drop features silently)."""
    data = load_dataset()
    errors = data.errors
    if errors:
        raise ExportError(
            f"the data has {len(errors)} problem(s), first: {errors[0]}; run python -m sahel_map validate"
        )
    return data


def run(args) -> int:
    try:
        fmt = args.format.lower()
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {args.format[:20]!r} (use one of {', '.join(FORMATS)})")
        if args.briefing is not None or FORMATS[fmt].kind == "briefing":
            return _briefing(args, fmt)
        data = load_checked()
        extra = _uploads(args.uploads)
        options = build_options(args)
        view = build_view(args, data)
        out = Path(args.out)
        if FORMATS[fmt].kind == "animation":
            if not (args.start and args.end):
                raise ExportError(f"--format {fmt} needs --start and --end")
            view = view.with_(day=options.end)
            export(fmt, data, view, out, options, _progress, extra)
            print(f"wrote {out}")
            return 0
        if args.dates:
            if fmt != "png":
                raise ExportError("--dates writes a PNG series: use --format png")
            days = [_day(part, "--dates") for part in args.dates.split(",") if part.strip()]
            written = export_series(days, data, view, out, options, extra)
            print(f"wrote {len(written)} files into {out}")
            return 0
        export(fmt, data, view, out, options, None, extra)
        print(f"wrote {out}")
        return 0
    except ExportError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 2


def _briefing(args, fmt: str) -> int:
    """A briefing as a deck (``pptx``) or a handout (``pdf``): the steps say what each page shows."""
    from ..view.briefing import step_view

    key = {"pdf": "handout"}.get(fmt, fmt)
    if args.briefing is None or FORMATS[key].kind != "briefing":
        raise ExportError("--briefing makes a slide deck or a handout: use --format pptx or pdf, with --briefing [ID]")
    data = load_checked()
    options = Options(briefing=args.briefing or None)
    from ..export.briefing import briefing_of

    briefing = briefing_of(data, options)
    view = step_view(briefing.steps[0], args.lang or "en")
    out = Path(args.out)
    export(key, data, view, out, options, _progress)
    print(f"wrote {out}")
    return 0


def _uploads(paths: list[str]) -> list:
    if not paths:
        return []
    from ..data.uploads import read_upload
    from ..export.layers import ExtraLayer
    from ..look.styling import upload_colour

    layers = []
    for raw in paths:
        path = Path(raw)
        result = read_upload(path.name, path)
        if not result.layers:
            raise ExportError(f"--with {path.name}: {result.message}")
        for layer in result.layers:
            layer.colour = upload_colour(len(layers))
            layer.key = f"{layer.key}-{len(layers)}"  # the same file twice is two layers
            layers.append(ExtraLayer(layer))
    return layers
