"""Shared fixtures: small layer files, the served app, and a real headless Chromium."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("SAHEL_MAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SOURCE_ID = "geonames-cities1000"

POSITION = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [-0.04472, 16.27167]},
    "properties": {
        "id": "test-gao",
        "name": "Test base, Gao",
        "place": "Gao",
        "country": "MLI",
        "force": "barkhane",
        "nations": ["FRA"],
        "kind": "main_base",
        "start": "2014-08-01",
        "end": "2022-08-15",
        "successor": "fama",
        "sources": [SOURCE_ID],
        "confidence": "high",
        "notes": "fixture",
    },
}

ZONE = {
    "type": "Feature",
    "geometry": {"type": "Polygon", "coordinates": [[[-1, 14], [1, 14], [1, 16], [-1, 16], [-1, 14]]]},
    "properties": {
        "id": "test-zone",
        "group": "isgs",
        "level": "influence",
        "start": "2018-01-01",
        "end": None,
        "approximate": True,
        "sources": [SOURCE_ID],
        "confidence": "low",
        "notes": "fixture square",
    },
}

EVENT = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [-0.04472, 16.27167]},
    "properties": {
        "id": "test-event",
        "date": "2022-08-15",
        "kind": "withdrawal",
        "title": "Test event",
        "description": "A fixture event.",
        "actors": ["barkhane"],
        "sources": [SOURCE_ID],
        "confidence": "high",
    },
}


def feature(template: dict, geometry: dict | None = None, **props) -> dict:
    """A copy of a template feature with some properties replaced (None removes one)."""
    out = copy.deepcopy(template)
    for key, value in props.items():
        if value is ... and key in out["properties"]:
            del out["properties"][key]
        else:
            out["properties"][key] = value
    if geometry is not None:
        out["geometry"] = geometry
    return out


def write_layer(directory: Path, layer_id: str, features: list[dict]) -> Path:
    path = directory / f"{layer_id}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture
def known_sources() -> set[str]:
    return {SOURCE_ID}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(env_extra: dict | None = None):
    port = _free_port()
    env = {**os.environ, **(env_extra or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("streamlit did not start")
    return process, url


@pytest.fixture(scope="session")
def app_url():
    """The app served as `make run` serves it, on a free port."""
    process, url = _serve()
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


LOCAL_PREFIXES = ("http://localhost", "http://127.0.0.1", "ws://localhost", "data:", "blob:", "about:")


@pytest.fixture
def offline_page(browser):
    """A page that aborts every request not to this machine, and records what it blocked."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.blocked = []

    def route(route):
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            page.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    yield page
    context.close()
