"""``validate [PATH...]``: check layer files, the register, troop figures, briefings and dataset.json,
and, for a whole data folder, whether the layers agree with each other (:mod:`sahel_map.data.checks`).
A user's own file (any other GeoJSON, a zipped shapefile, GeoPackage, KML/KMZ, CSV/TSV) is read as the
upload page reads it: recognised as ACLED or UCDP GED or not, its features, date range and problems.

Prints one ``file: feature: field: problem`` line per problem (warnings say
``warning:``) and exits 1 when there is a problem, 0 otherwise (also with
warnings, unless ``--strict``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..data.briefings import read_briefing
from ..data.checks import consistency
from ..data.dataset import load_dataset, read_info
from ..data.figures import load_figures
from ..data.loading import load_layer, read_feature_collection, spec_for
from ..data.paths import geodata_dir, show, sources_csv
from ..data.problems import Problem, unreadable
from ..data.schema import LAYER_SPECS
from ..data.sources import load_register
from ..data.troops import load_troops
from ..data.uploads import SUFFIXES as UPLOAD_SUFFIXES


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check layer files against the data contract")
    p.add_argument("paths", nargs="*", help="files or folders (default: the data folder)")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--sources", dest="register", type=Path, help="source register CSV (as the global --sources)")


def _expand(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    """The files to check, and the problems of the paths themselves."""
    files, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.glob("*.geojson"))
            files += [
                p
                for p in (path / "troop_strength.csv", path / "territory_figures.csv", path / "dataset.json")
                if p.exists()
            ]
            files += sorted((path / "briefings").glob("*.json"))
            # a layer folder holds every thematic layer; a missing one would vanish from the app
            problems += [
                Problem(f"{layer_id}.geojson", None, None, f"missing from {show(path)}")
                for layer_id in LAYER_SPECS
                if not (path / f"{layer_id}.geojson").exists()
            ]
            if not (path / "dataset.json").exists():
                problems.append(Problem("dataset.json", None, None, f"missing from {show(path)} (no cut-off date)"))
        else:
            why = unreadable(path)
            if why:
                problems.append(Problem(path.name or raw, None, None, why))
            else:
                files.append(path)
    return files, problems


def check_file(path: Path, known: set[str], direct: bool = False) -> tuple[list[Problem], int | None]:
    """Problems of one file, and its count of valid features (None for non-layer files).

    A file named on the command line (``direct``) that is none of ours is read as a user's upload; in a
    data folder it is a stray file."""
    if spec_for(path) is not None:
        layer = load_layer(path, known)
        return layer.problems, len(layer.frame)
    if path.name == "troop_strength.csv":
        return load_troops(path, known)[1], None
    if path.name == "territory_figures.csv":
        return load_figures(path, known)[1], None
    if path.name == "dataset.json":
        return read_info(path.parent)[1], None
    if path.parent.name == "briefings" and path.suffix == ".json":
        return read_briefing(path, known)[1], None
    if path.name.startswith("basemap_") and path.suffix == ".geojson":
        return read_feature_collection(path)[1], None
    if direct and path.suffix.lower() in UPLOAD_SUFFIXES:
        return check_upload(path)
    return [Problem(path.name, None, None, "not a known layer file (name it after its layer)")], None


def check_upload(path: Path) -> tuple[list[Problem], int | None]:
    """A user's own file (not one of our layers): what the app would do with it, as the upload page would."""
    from ..data.uploads import describe, read_upload

    result = read_upload(path.name, path)
    for line in describe(result):
        print(line, file=sys.stderr)
    return result.problems, None


def check(paths: list[str], register_path: Path | None = None, quiet: bool = True) -> tuple[list[Problem], int]:
    """Every problem ``validate`` reports for ``paths`` (default: the data folder), and the files checked."""
    register, problems = load_register(register_path or sources_csv())
    known = set(register)
    files, path_problems = _expand(paths or [str(geodata_dir())])
    problems = path_problems + problems
    checked = 1
    direct = {Path(p) for p in paths or [] if not Path(p).is_dir()}
    for path in files:
        found, valid = check_file(path, known, path in direct)
        problems += found
        checked += 1
        if valid is not None and not quiet:
            print(f"{path.name}: {valid} valid feature(s)", file=sys.stderr)
    # across layers: only when a whole data folder is checked and its files are sound
    for folder in [Path(p) for p in (paths or [str(geodata_dir())]) if Path(p).is_dir()]:
        if not [p for p in problems if not p.warning]:
            problems += consistency(load_dataset(folder))
    return problems, checked


def run(args) -> int:
    problems, checked = check(args.paths, args.register, args.quiet)
    for problem in problems:
        print(problem)
    errors = [p for p in problems if not p.warning]
    warnings = len(problems) - len(errors)
    print(f"{checked} file(s) checked, {len(errors)} problem(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0
