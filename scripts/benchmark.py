"""Measure the app's speed in real headless Chromium (figures, not pass/fail).

Prints, for this machine and day:
* cold page load to a populated map, for the app and for a bare Streamlit +
  streamlit-folium page served in the same run (same offline Leaflet files);
* bytes transferred by each page load;
* slider move to updated map: median and p90 over repeated moves;
* server-side export timings (PNG, 40-frame GIF) when sahel_map.export exists.

    make bench            # or: .venv/bin/python scripts/benchmark.py [--moves 15]

Every request that is not to localhost is blocked, as in the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = os.environ.get("SAHEL_MAP_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
BARE_APP = """
import folium, streamlit as st
from streamlit_folium import st_folium
from sahel_map.assets import localize
m = folium.Map(location=[16, -1.5], zoom_start=5, tiles=None)
folium.Marker([16.27, -0.04], tooltip="Gao").add_to(m)
st.title("Bare streamlit-folium page")
st_folium(localize(m), height=620, use_container_width=True, returned_objects=[])
"""
SIGNATURE_JS = """() => {
  const sig = () => Array.from(document.querySelectorAll('[data-feature-id]')).map(e => e.dataset.featureId).sort().join(',')
    + '|' + document.querySelectorAll('path.leaflet-interactive').length;
  window.__sig = sig(); window.__changedAt = 0;
  setInterval(() => { const s = sig(); if (s !== window.__sig) { window.__sig = s; window.__changedAt = Date.now(); } }, 5);
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(script: Path, cwd: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{script} did not start")


# Counts WebSocket bytes in the page (CDP does not see Streamlit's stream here); HTTP bytes come
# from Resource Timing in every frame, the map iframe included.
WS_COUNTER_JS = """
(() => {
  window.__wsBytes = 0;
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (e) => {
      const d = e.data;
      window.__wsBytes += d instanceof ArrayBuffer ? d.byteLength : (d && d.size !== undefined ? d.size : String(d).length);
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
TRANSFER_JS = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""


def page_load(browser, url: str, ready_selector: str) -> tuple[float, int]:
    """Seconds from navigation to ``ready_selector`` in the map iframe, and bytes received."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WS_COUNTER_JS)
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("http://localhost", "ws://localhost", "data:", "blob:"))
            else r.abort()
        ),
    )
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(MAP_IFRAME, timeout=120_000)
    page.frame_locator(MAP_IFRAME).first.locator(ready_selector).first.wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(2000)  # let late requests and reruns finish before counting bytes
    received = page.evaluate("window.__wsBytes")
    for frame in page.frames:
        received += frame.evaluate(TRANSFER_JS)
    context.close()
    return elapsed, received


def slider_moves(browser, url: str, moves: int) -> list[float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(MAP_IFRAME, timeout=120_000)
    frame = next(f for f in page.frames if "st_folium" in f.url)
    page.frame_locator(MAP_IFRAME).first.locator(".sahel-marker").first.wait_for(timeout=120_000)
    frame.evaluate(SIGNATURE_JS)
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    timings = []
    keys = ["PageUp", "PageDown"]
    for i in range(moves):
        before = frame.evaluate("window.__changedAt")
        t0 = frame.evaluate("Date.now()")
        thumb.press(keys[i % 2])
        for _ in range(400):
            changed = frame.evaluate("window.__changedAt")
            if changed != before:
                timings.append((changed - t0) / 1000)
                break
            page.wait_for_timeout(10)
        page.wait_for_timeout(300)
    context.close()
    return timings


def export_timings() -> None:
    try:
        from sahel_map import export
    except ImportError:
        print("exports: sahel_map.export not available")
        return
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        export.export_snapshot(date(2021, 6, 1), "png", Path(tmp) / "map.png")
        png = time.perf_counter() - t0
        t0 = time.perf_counter()
        days = export.animation_days(date(2013, 1, 1), date(2022, 12, 31), "quarter")
        export.export_animation(days, "gif", Path(tmp) / "map.gif")
        gif = time.perf_counter() - t0
    print(f"export PNG (1600 px, 2021-06-01): {png:.2f} s   target <= 2 s")
    print(f"export GIF ({len(days)} frames):       {gif:.2f} s   target <= 40 s for 40 frames")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=15)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        f"# Sahel Map benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, "
        f"{os.cpu_count()} CPU, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP)
        (Path(tmp) / ".streamlit").mkdir()
        (Path(tmp) / ".streamlit" / "config.toml").write_text((ROOT / ".streamlit" / "config.toml").read_text())
        (Path(tmp) / "static").symlink_to(ROOT / "static")
        app_proc, app_url = serve(ROOT / "app.py", ROOT)
        bare_proc, bare_url = serve(bare, Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                page_load(browser, bare_url, ".leaflet-marker-icon")  # warm both servers' imports
                page_load(browser, app_url + "/?date=2022-06-01", ".sahel-marker")
                bare_runs = [page_load(browser, bare_url, ".leaflet-marker-icon") for _ in range(args.loads)]
                app_runs = [
                    page_load(browser, app_url + "/?date=2022-06-01", ".sahel-marker") for _ in range(args.loads)
                ]
                moves = slider_moves(browser, app_url + "/?date=2021-06-01", args.moves)
                browser.close()
        finally:
            app_proc.terminate()
            bare_proc.terminate()
    bare_s = statistics.median(t for t, _ in bare_runs)
    app_s = statistics.median(t for t, _ in app_runs)
    bare_b = statistics.median(b for _, b in bare_runs)
    app_b = statistics.median(b for _, b in app_runs)
    print(f"page load, bare streamlit-folium: {bare_s:.2f} s, {bare_b / 1e6:.2f} MB")
    print(
        f"page load, Sahel Map overview:    {app_s:.2f} s, {app_b / 1e6:.2f} MB  "
        f"(ratio {app_s / bare_s:.2f}x, target <= 1.5x; extra {(app_b - bare_b) / 1e6:.2f} MB, target <= 1 MB)"
    )
    if moves:
        moves.sort()
        p90 = moves[min(len(moves) - 1, int(0.9 * len(moves)))]
        print(
            f"slider move to updated map: median {statistics.median(moves) * 1000:.0f} ms, "
            f"p90 {p90 * 1000:.0f} ms over {len(moves)} moves (target median <= 300 ms)"
        )
    else:
        print("slider move: no change observed")
    export_timings()


if __name__ == "__main__":
    main()
