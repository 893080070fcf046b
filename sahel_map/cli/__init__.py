"""Command line: ``python -m sahel_map validate | assets | export | analyse | db | serve ...``.

It mirrors what the app does, so layers can be checked and maps produced
without a browser. Bad input gives one clear line per problem and a non-zero
exit, never a traceback; ``--data DIR`` (or ``SAHEL_MAP_GEODATA``) points at
another layer folder and ``--sources FILE`` (or ``SAHEL_MAP_SOURCES``) at
another register.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import analyse as analyse_command
from . import assets as assets_command
from . import db as db_command
from . import export as export_command
from . import serve as serve_command
from . import validate as validate_command

COMMANDS = {
    "validate": validate_command,
    "assets": assets_command,
    "export": export_command,
    "db": db_command,
    "analyse": analyse_command,
    "serve": serve_command,
}


class Parser(argparse.ArgumentParser):
    """Usage errors in one line (argparse's default prints the whole usage first)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m sahel_map", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="layer folder (default geodata/, or $SAHEL_MAP_GEODATA)")
    parser.add_argument("--sources", type=Path, help="source register CSV (default seeds/sources.csv)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # the global options reach every reader through the same variables the app reads
    if args.data is not None:
        os.environ["SAHEL_MAP_GEODATA"] = str(args.data)
    if args.sources is not None:
        os.environ["SAHEL_MAP_SOURCES"] = str(args.sources)
    try:
        return COMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
