"""``db load --url URL [DIR]`` and ``db dump --url URL OUT_DIR``: the layers in PostGIS and back.

``load`` checks the folder exactly as ``validate`` does and, when a problem is
found, prints it and loads nothing; otherwise it replaces the schema (see
:mod:`sahel_map.data.postgis`) and the data in one transaction and bumps
``data_version``. ``dump`` writes the layers back as GeoJSON, the register as
``sources.csv`` and the troop figures as ``troop_strength.csv``. ``--url``
defaults to ``$SAHEL_MAP_DATABASE_URL``; the password is never printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..data.paths import geodata_dir, show, sources_csv
from ..data.postgis import DatabaseError, database_url, dump, masked, write_folder
from .validate import check


def add_parser(sub) -> None:
    p = sub.add_parser("db", help="load the layers into PostGIS, or dump them back to files")
    actions = p.add_subparsers(dest="action", required=True)
    load = actions.add_parser("load", help="check a layer folder and load it into the database (one transaction)")
    load.add_argument("--url", help="postgresql://user:password@host/db (default $SAHEL_MAP_DATABASE_URL)")
    load.add_argument("directory", nargs="?", type=Path, help="layer folder (default: the data folder)")
    out = actions.add_parser("dump", help="write the database's layers as GeoJSON and its tables as CSV")
    out.add_argument("--url", help="postgresql://user:password@host/db (default $SAHEL_MAP_DATABASE_URL)")
    out.add_argument("out_dir", type=Path, help="folder to write into")


def run(args) -> int:
    url = args.url or database_url()
    if not url:
        print("no database: pass --url or set SAHEL_MAP_DATABASE_URL", file=sys.stderr)
        return 2
    try:
        if args.action == "load":
            directory = args.directory or geodata_dir()
            problems, _ = check([str(directory)])
            errors = [p for p in problems if not p.warning]
            for problem in problems:
                print(problem)
            if errors:
                print(f"{len(errors)} problem(s): nothing loaded into {masked(url)}", file=sys.stderr)
                return 1
            version = write_folder(url, Path(directory), sources_csv())
            print(f"loaded {show(directory)} into {masked(url)}: data_version {version}", file=sys.stderr)
            return 0
        files = dump(url, args.out_dir)
        print(f"wrote {len(files)} file(s) to {show(args.out_dir)} from {masked(url)}", file=sys.stderr)
        return 0
    except DatabaseError as exc:
        print(exc, file=sys.stderr)
        return 1
