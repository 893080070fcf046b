"""``assets install | check | list``: the front-end files the app serves itself."""

from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("assets", help="front-end files served by the app (install, check, list)")
    p.add_argument("action", choices=["install", "check", "list"])


def run(args) -> int:
    from ..web import assets

    if args.action == "install":
        try:
            written = assets.install()
        except RuntimeError as exc:
            print(f"assets: {exc}")
            return 1
        print(f"installed {len(written)} file(s) into static/vendor")
        return 0
    if args.action == "check":
        missing = assets.missing_files()
        for path in missing:
            print(f"missing or altered: {path.name}")
        return 1 if missing else 0
    for asset in assets.manifest().assets:
        print(f"{asset.package}@{asset.version}/{asset.file}\t{asset.url}")
    return 0
