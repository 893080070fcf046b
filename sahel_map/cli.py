"""Command line: ``python -m sahel_map validate|assets|export ...``.

Mirrors what the app does, so layers can be checked and maps produced without a
browser.  Bad input gives one clear line per problem and a non-zero exit, never
a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import load_layer, read_feature_collection, spec_for
from .paths import geodata_dir, sources_csv
from .schema import LAYER_SPECS
from .sources import check_register, load_sources


def _layer_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    files, problems = [], []
    for raw in paths or [str(geodata_dir())]:
        path = Path(raw)
        if path.is_dir():
            files += sorted(path.glob("*.geojson"))
            # a layer folder holds every thematic layer; a missing one would vanish from the app
            problems += [
                f"{layer_id}.geojson: -: -: missing from {raw}"
                for layer_id in LAYER_SPECS
                if not (path / f"{layer_id}.geojson").exists()
            ]
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{raw}: -: -: file not found")
    return files, problems


def validate(paths: list[str], register: Path | None = None, quiet: bool = False) -> int:
    """Validate layer files or folders; print ``file: feature: field: problem`` lines."""
    register = register or sources_csv()
    files, problems = _layer_files(paths)
    try:
        problems += check_register(register)
        known = set(load_sources(register))
    except (OSError, ValueError) as exc:
        print(f"{register.name}: -: -: {exc}")
        return 1
    checked = 0
    for path in files:
        if spec_for(path) is None:
            if path.name.startswith("basemap_"):
                _, found = read_feature_collection(path)
                problems += [str(p) for p in found]
                checked += 1
            else:
                problems.append(f"{path.name}: -: -: not a known layer file (name it after its layer)")
            continue
        layer = load_layer(path, known)
        problems += [str(p) for p in layer.problems]
        checked += 1
        if not quiet:
            print(f"{path.name}: {len(layer.frame)} valid feature(s)", file=sys.stderr)
    for path in {f.parent for f in files}:
        if (path / "troop_strength.csv").exists():
            from .troops import load_troops

            problems += [str(p) for p in load_troops(path / "troop_strength.csv", known)[1]]
            checked += 1
    for line in problems:
        print(line)
    print(f"{checked} file(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def assets_command(action: str) -> int:
    from . import assets

    if action == "install":
        try:
            written = assets.install()
        except RuntimeError as exc:
            print(f"assets: {exc}")
            return 1
        print(f"installed {len(written)} file(s) into {assets.VENDOR}")
        return 0
    if action == "check":
        missing = assets.missing_files()
        for path in missing:
            print(f"missing or altered: {path}")
        return 1 if missing else 0
    for asset in assets.manifest().assets:
        print(f"{asset.package}@{asset.version}/{asset.file}\t{asset.url}")
    return 0


class Parser(argparse.ArgumentParser):
    """Usage errors in one line (argparse's default prints the whole usage first)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m sahel_map", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_validate = sub.add_parser("validate", help="check layer files against the data contract")
    p_validate.add_argument("paths", nargs="*", help="files or folders (default: geodata/)")
    p_validate.add_argument(
        "--sources", type=Path, default=None, help="source register CSV (default seeds/sources.csv)"
    )
    p_validate.add_argument("-q", "--quiet", action="store_true")
    p_assets = sub.add_parser("assets", help="front-end files served by the app")
    p_assets.add_argument("action", choices=["install", "check", "list"])
    from .export_cli import add_export_parser

    add_export_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths, args.sources, args.quiet)
    if args.command == "assets":
        return assets_command(args.action)
    if args.command == "export":
        from .export_cli import run_export

        return run_export(args)
    return 2
