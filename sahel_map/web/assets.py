"""Front-end files served by the app itself, so maps render with the network cut off.

folium and its plugins declare their JavaScript and CSS as CDN URLs
(``default_js`` / ``default_css``).  :func:`localize` rewrites every one of them,
on the map being built, to the pinned copy under ``static/vendor/`` that
Streamlit serves at ``/app/static/``; a URL that is neither mapped nor listed as
unused raises :class:`UnmappedAssetError`, so a new plugin cannot slip a CDN
request in unnoticed.  :func:`inline_html` embeds the same files in a
standalone HTML export.

The manifest (``assets_manifest.json``) pins package, version, file and a
SRI-style integrity hash; :func:`install` copies the files out of
``node_modules`` (installed by ``npm ci`` from the committed lock file) and
checks each hash.  The project's own front-end files (``web/static/``) are
installed beside them under a folder named by their content hash, so a changed
file always has a new URL and no browser keeps a stale copy.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from branca.element import Element

from ..data.paths import NODE_MODULES, vendor_dir
from .safety import walk

MANIFEST_PATH = Path(__file__).with_name("assets_manifest.json")
#: where Streamlit serves ``static/`` (``server.enableStaticServing``)
STATIC_URL_PREFIX = "/app/static/vendor"


class UnmappedAssetError(RuntimeError):
    """A map element asked for a CDN file that has no local copy."""


@dataclass(frozen=True)
class Asset:
    name: str | None
    package: str
    version: str
    file: str
    integrity: str
    replaces: tuple[str, ...]

    @property
    def relative_path(self) -> PurePosixPath:
        return PurePosixPath(f"{self.package}@{self.version}") / self.file

    @property
    def url(self) -> str:
        return f"{STATIC_URL_PREFIX}/{self.relative_path}"

    @property
    def installed_path(self) -> Path:
        return vendor_dir() / self.relative_path


@dataclass(frozen=True)
class Manifest:
    assets: tuple[Asset, ...]
    drop: dict[str, str]

    @property
    def replacements(self) -> dict[str, Asset]:
        return {url: asset for asset in self.assets for url in asset.replaces}


@cache
def manifest() -> Manifest:
    data = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    assets = tuple(
        Asset(a["name"], a["package"], a["version"], a["file"], a["integrity"], tuple(a["replaces"]))
        for a in data["assets"]
    )
    return Manifest(assets, dict(data["drop"]))


def integrity_of(path: Path) -> str:
    """The ``sha384-<base64>`` digest of a file, as in Subresource Integrity."""
    digest = hashlib.sha384(path.read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


OWN_FILES = Path(__file__).with_name("static")


@cache
def own_folder() -> str:
    """``sahel-map@<hash>``: the folder of the project's own files, named by their content."""
    digest = hashlib.sha256()
    for path in sorted(OWN_FILES.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"sahel-map@{digest.hexdigest()[:12]}"


def _bundled_assets() -> list[Asset]:
    return [a for a in manifest().assets if a.file.endswith(".js")]


def _own_scripts() -> list[Path]:
    return sorted(p for p in OWN_FILES.iterdir() if p.suffix == ".js")


@cache
def bundle_folder() -> str:
    """``sahel-bundle@<hash>``: named by what goes in it (the pinned scripts' hashes, our own scripts)."""
    digest = hashlib.sha256()
    for asset in _bundled_assets():
        digest.update(asset.integrity.encode())
    for path in _own_scripts():
        digest.update(path.read_bytes())
    return f"sahel-bundle@{digest.hexdigest()[:12]}"


def bundle_url() -> str:
    """Leaflet, its plugins and our runtime in one file: streamlit-folium loads scripts one after the
    other, so one request instead of five takes about a quarter of a second off every page load."""
    return f"{STATIC_URL_PREFIX}/{bundle_folder()}/bundle.js"


def bundle_text(vendor: Path) -> str:
    parts = [(vendor / a.relative_path).read_text(encoding="utf-8") for a in _bundled_assets()]
    parts += [path.read_text(encoding="utf-8") for path in _own_scripts()]
    # each file ends its own statements: the separator keeps a missing semicolon from joining two
    return "\n;\n".join(parts) + "\n"


def own_url(name: str) -> str:
    """The URL of one of the project's own files (``sahel-map.js``, ``sahel-map.css``)."""
    return f"{STATIC_URL_PREFIX}/{own_folder()}/{name}"


def install(node_modules: Path = NODE_MODULES, vendor: Path | None = None) -> list[Path]:
    """Copy every manifest file from ``node_modules`` into ``vendor``, checking versions and hashes.

    Raises ``RuntimeError`` naming the file when a package is missing, has another
    version, or a file's hash differs from the manifest.
    """
    vendor = vendor or vendor_dir()
    written = []
    for path in sorted(OWN_FILES.iterdir()):
        target = vendor / own_folder() / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        written.append(target)
    for asset in manifest().assets:
        package_dir = node_modules / asset.package
        package_json = package_dir / "package.json"
        if not package_json.exists():
            raise RuntimeError(f"{asset.package} is not installed in {node_modules} (run `npm ci`)")
        version = json.loads(package_json.read_text(encoding="utf-8"))["version"]
        if version != asset.version:
            raise RuntimeError(f"{asset.package}: installed {version}, manifest pins {asset.version}")
        source = package_dir / asset.file
        found = integrity_of(source)
        if found != asset.integrity:
            raise RuntimeError(f"{asset.package}/{asset.file}: integrity {found} != manifest {asset.integrity}")
        target = vendor / asset.relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    bundle = vendor / bundle_folder() / "bundle.js"
    bundle.parent.mkdir(parents=True, exist_ok=True)
    bundle.write_text(bundle_text(vendor), encoding="utf-8")
    written.append(bundle)
    return written


def missing_files(vendor: Path | None = None) -> list[Path]:
    """Manifest files and own files not (correctly) installed under ``vendor``."""
    vendor = vendor or vendor_dir()
    missing = [
        vendor / a.relative_path
        for a in manifest().assets
        if not (vendor / a.relative_path).exists() or integrity_of(vendor / a.relative_path) != a.integrity
    ]
    for path in sorted(OWN_FILES.iterdir()):
        target = vendor / own_folder() / path.name
        if not target.exists() or target.read_bytes() != path.read_bytes():
            missing.append(target)
    bundle = vendor / bundle_folder() / "bundle.js"
    if not missing and (not bundle.exists() or bundle.read_text(encoding="utf-8") != bundle_text(vendor)):
        missing.append(bundle)
    return missing


def _localize_list(entries, element) -> list[tuple[str, str]]:
    known = manifest()
    replacements = known.replacements
    bundled = {a.url for a in _bundled_assets()} | {own_url(p.name) for p in _own_scripts()}
    local = []
    for name, url in entries:
        if url in replacements:
            url = replacements[url].url
        if url in bundled:
            local.append(("sahel_bundle", bundle_url()))
        elif url.startswith(STATIC_URL_PREFIX + "/"):
            local.append((name, url))
        elif url in known.drop:
            continue
        else:
            raise UnmappedAssetError(
                f"{type(element).__name__} loads {url}, which has no local copy: "
                "add it to sahel_map/assets_manifest.json and package.json"
            )
    return list(dict.fromkeys(local))


def localize(root: Element) -> Element:
    """Point every JS/CSS file that ``root`` and its children declare at the local copies.

    The change is made on the instances (not the folium classes), so it holds for
    this map only and for both folium's own HTML and streamlit-folium's loader.
    """
    for element in walk(root):
        if hasattr(element, "default_js"):
            element.default_js = _localize_list(element.default_js, element)
        if hasattr(element, "default_css"):
            element.default_css = _localize_list(element.default_css, element)
    return root


def declared_urls(root: Element) -> list[str]:
    """Every JS/CSS URL the elements of ``root`` declare (after :func:`localize`, all local)."""
    urls = []
    for element in walk(root):
        urls += [url for _, url in getattr(element, "default_js", [])]
        urls += [url for _, url in getattr(element, "default_css", [])]
    return list(dict.fromkeys(urls))


def local_file(url: str, vendor: Path | None = None) -> Path:
    """The installed file behind a local asset URL (the package's own copy for our own files)."""
    if not url.startswith(STATIC_URL_PREFIX + "/"):
        raise UnmappedAssetError(f"{url} is not a local asset URL")
    relative = url[len(STATIC_URL_PREFIX) + 1 :]
    folder, _, name = relative.partition("/")
    if folder == own_folder():
        return OWN_FILES / name
    path = (vendor or vendor_dir()) / relative
    if ".." in PurePosixPath(relative).parts:
        raise UnmappedAssetError(f"{url} is not a local asset URL")
    return path


_SCRIPT_SRC = re.compile(r'<script src="(/app/static/vendor/[^"]+)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="(/app/static/vendor/[^"]+)"/>')
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


def _css_with_data_uris(css_path: Path) -> str:
    """CSS text with each relative ``url(...)`` replaced by a data URI."""

    def embed(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        file = (css_path.parent / target).resolve()
        if not file.exists():
            return match.group(0)
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(file.read_bytes()).decode('ascii')})"

    return _CSS_URL.sub(embed, css_path.read_text(encoding="utf-8"))


def inline_html(html: str, vendor: Path | None = None) -> str:
    """Embed every local script and stylesheet of a rendered map page in the page itself.

    The result opens from disk with no network and no server.
    """

    def script(match: re.Match) -> str:
        code = local_file(match.group(1), vendor).read_text(encoding="utf-8")
        return "<script>" + code.replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match) -> str:
        return "<style>" + _css_with_data_uris(local_file(match.group(1), vendor)) + "</style>"

    html = _SCRIPT_SRC.sub(script, html)
    html = _CSS_LINK.sub(style, html)
    leftover = re.findall(r'(?:src|href)="(https?://[^"]+\.(?:js|css))"', html)
    if leftover:
        raise UnmappedAssetError(f"page still loads remote files: {', '.join(leftover)}")
    return html
