"""The ``export`` sub-command (see :mod:`sahel_map.export`)."""

from __future__ import annotations

import argparse

FORMATS = ("png", "pdf", "svg", "html", "geojson", "kml", "gpkg", "gif", "mp4")


def add_export_parser(sub) -> None:
    p = sub.add_parser("export", help="export a map snapshot, layers or an animation")
    p.add_argument("--date", help="day shown, YYYY-MM-DD")
    p.add_argument("--dates", help="several days, comma-separated (png series into --out DIR)")
    p.add_argument("--start", help="first day of an animation")
    p.add_argument("--end", help="last day of an animation")
    p.add_argument("--step", default="quarter", choices=["month", "quarter", "year", "events"])
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True)
    p.add_argument("--layers", help="comma-separated layer ids")
    p.add_argument("--bbox", help="minlon,minlat,maxlon,maxlat")
    p.add_argument("--title")
    p.add_argument("--width", type=int, default=1600)
    p.add_argument("--dpi", type=int, default=150)


def run_export(args: argparse.Namespace) -> int:
    print("export: not available yet")
    return 1
