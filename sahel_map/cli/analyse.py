"""``analyse coverage | nearest | changes``: the analysis page's answers on the command line.

The same code as the page (:mod:`sahel_map.view.coverage`, :mod:`~sahel_map.view.nearest`,
:mod:`~sahel_map.view.changes`). ``--json`` prints machine-readable answers; without it, a readable
table. Bad input (an impossible date, a radius outside 10 to 500 km, an unknown area or force, a
latitude out of range, ``--to`` before ``--from``) gives one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..data.dataset import load_dataset
from ..view import changes as changes_module
from ..view import coverage as coverage_module
from ..view.nearest import check_point, nearest
from ..view.timeline import parse_day

EXAMPLES = """examples:
  python -m sahel_map analyse coverage --date 2021-06-01 --radius-km 100 --forces barkhane,takuba --area mali --json
  python -m sahel_map analyse coverage --start 2013-01-01 --end 2025-01-01 --step year --radius-km 100 --area mali
  python -m sahel_map analyse nearest --lat 15.92 --lon 2.40 --date 2022-03-01 --json
  python -m sahel_map analyse changes --from 2021-06-01 --to 2022-12-31 --json
"""


def add_parser(sub) -> None:
    p = sub.add_parser(
        "analyse",
        help="coverage, nearest positions and changes between two dates",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = p.add_subparsers(dest="analysis", required=True, parser_class=type(p))
    presets = ", ".join(coverage_module.PRESETS)
    c = kinds.add_parser("coverage", help="the share of an area within R km of the active positions")
    c.add_argument("--date", help="the day, YYYY-MM-DD (or --start/--end/--step for a series)")
    c.add_argument("--start", help="first day of a series")
    c.add_argument("--end", help="last day of a series (included)")
    c.add_argument("--step", default="month", help="month, quarter or year (default month)")
    c.add_argument("--radius-km", required=True, help="ring radius, 10 to 500 km")
    c.add_argument("--forces", help=f"force codes or presets ({presets}), comma-separated (default foreign)")
    c.add_argument("--area", default="mali", help=f"{', '.join(coverage_module.AREAS)} (default mali)")
    c.add_argument("--json", action="store_true", help="print JSON")
    n = kinds.add_parser("nearest", help="the nearest active position of each force to a point")
    n.add_argument("--lat", required=True, help="latitude, degrees")
    n.add_argument("--lon", required=True, help="longitude, degrees")
    n.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    n.add_argument("--json", action="store_true", help="print JSON")
    g = kinds.add_parser("changes", help="what opened, closed and changed hands between two dates")
    g.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    g.add_argument("--to", dest="last", required=True, help="second day, YYYY-MM-DD")
    g.add_argument("--json", action="store_true", help="print JSON")


def _table(rows: list[dict], columns: list[str]) -> str:
    cells = [[str(r.get(c, "")) for c in columns] for r in rows]
    width = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(width[i]) for i, c in enumerate(columns))]
    lines += ["  ".join(v.ljust(width[i]) for i, v in enumerate(row)) for row in cells]
    return "\n".join(lines)


def _float(text: str, what: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        raise ValueError(f"--{what} {str(text)[:20]!r} is not a number") from None


def run_coverage(args) -> str:
    radius = coverage_module.check_radius(_float(args.radius_km, "radius-km"))
    forces = coverage_module.parse_forces(args.forces)
    area = coverage_module.check_area(args.area)
    series = args.start is not None or args.end is not None
    if series and args.date is not None:
        raise ValueError("give --date, or --start and --end, not both")
    if series:
        if args.start is None or args.end is None:
            raise ValueError("a series needs both --start and --end")
        first, last = parse_day(args.start), parse_day(args.end)
        coverage_module.step_days(first, last, args.step)  # checks the step and the order first
        answers = coverage_module.coverage_series(load_dataset(), first, last, args.step, radius, forces, area)
        found = [a.as_dict() for a in answers]
    else:
        if args.date is None:
            raise ValueError("give --date (or --start, --end and --step)")
        found = coverage_module.coverage(load_dataset(), parse_day(args.date), radius, forces, area).as_dict()
    if args.json:
        return json.dumps(found, ensure_ascii=False)
    rows = found if isinstance(found, list) else [found]
    shown = [
        {
            "date": r["date"],
            "area": r["area"],
            "radius_km": f"{r['radius_km']:g}",
            "area_km2": f"{r['area_km2']:,.0f}",
            "covered_km2": f"{r['covered_km2']:,.0f}",
            "share": f"{r['share'] * 100:.1f}%",
        }
        for r in rows
    ]
    return f"forces: {','.join(forces)}\n" + _table(shown, list(shown[0]))


def run_nearest(args) -> str:
    lat, lon = check_point(_float(args.lat, "lat"), _float(args.lon, "lon"))
    rows = nearest(load_dataset(), lat, lon, parse_day(args.date))
    found = [{k: r[k] for k in ("force", "id", "name", "distance_km")} for r in rows]
    if args.json:
        return json.dumps(found, ensure_ascii=False)
    if not found:
        return "no position active on that day"
    return _table(found, ["force", "id", "name", "distance_km"])


def run_changes(args) -> str:
    first, last = changes_module.check_dates(args.first, args.last)
    found = changes_module.changes(load_dataset(), first, last)
    if args.json:
        return json.dumps(found.as_dict(), ensure_ascii=False)
    from ..look.i18n import translator

    table = found.rows().fillna("")
    rows = [{k: (f"{v:g}" if isinstance(v, float) else str(v)) for k, v in r.items()} for r in table.to_dict("records")]
    body = _table(rows, list(table.columns)) if rows else "nothing changed"
    return changes_module.summary(found, translator("en")) + "\n\n" + body


RUNNERS = {"coverage": run_coverage, "nearest": run_nearest, "changes": run_changes}


def run(args) -> int:
    try:
        text = RUNNERS[args.analysis](args)
    except ValueError as exc:
        print(f"analyse {args.analysis}: {exc}", file=sys.stderr)
        return 2
    print(text)
    return 0
