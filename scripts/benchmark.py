"""Measure the app's speed in real headless Chromium, beside the bare Streamlit + streamlit-folium page.

    make bench            # or: .venv/bin/python scripts/benchmark.py [--loads 5] [--moves 20]

Both apps are served in the same run, from temporary site folders (the app publishes its layers
there, never into the checkout), with every request off this machine blocked. The machine is shared
and noisy, so every figure is printed beside the bare stack's, as a ratio:

* cold page load to a populated map, and the bytes each load transfers;
* a date move, the way each stack does it: the bare page reruns Streamlit for each move; ours draws
  the day in the browser (input to redrawn map) and reruns once when the hand stops;
* updates per second while the thumb is dragged;
* server-side exports (PNG, a 40-frame GIF), coverage answers and the monthly coverage series (cold and
  cached; ``--analysis-only`` runs just those), and the analysis and upload benchmarks when present.

No figure here is a pass/fail test; docs/benchmarks.md keeps the history.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
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
from datetime import date, timedelta
from streamlit_folium import st_folium
from sahel_map.web.assets import localize
day = st.sidebar.slider("Day shown", date(2012, 1, 1), date(2025, 10, 8), date(2021, 6, 1), timedelta(days=1))
m = folium.Map(location=[16, -1.5], zoom_start=5, tiles=None)
group = folium.FeatureGroup("day")
# the marker moves with the day, so each move changes what the map shows (as ours does)
folium.Marker([16.27, -0.04 + (day.toordinal() % 50) / 10], tooltip=str(day)).add_to(group)
st.title("Bare streamlit-folium page")
st_folium(localize(m), height=620, use_container_width=True, feature_group_to_add=group, returned_objects=[])
"""
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "data:", "blob:", "about:")
TRANSFER_JS = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""
# Counts WebSocket bytes in the page (CDP does not see Streamlit's stream here), and the messages the
# page sends: the first asks for the first run, each later one for a rerun.
WS_COUNTER_JS = """
(() => {
  window.__wsBytes = 0;
  window.__wsSent = 0;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { window.__wsSent += 1; return send.call(this, data); };
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
# In the page: press a key on the time control and resolve when the map has drawn the new day
# (its onDay listener fired and one frame was painted). Returns milliseconds.
IN_BROWSER_MOVE_JS = """async (key) => {
  const frame = [...document.querySelectorAll('iframe')].find(f => f.src.includes('st_folium'));
  const map = frame.contentWindow.SahelMap;
  const range = [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)
    .map(r => r.querySelector('.sahel-time-range')).find(Boolean);
  const done = new Promise(resolve => {
    map.listeners.push(function once() {
      map.listeners.splice(map.listeners.indexOf(once), 1);
      frame.contentWindow.requestAnimationFrame(() => resolve(performance.now()));
    });
  });
  const t0 = performance.now();
  range.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
  return (await done) - t0;
}"""
# Drag for `ms` milliseconds: one input event per animation frame; count the days the map drew.
DRAG_JS = """async (ms) => {
  const frame = [...document.querySelectorAll('iframe')].find(f => f.src.includes('st_folium'));
  const map = frame.contentWindow.SahelMap;
  const range = [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)
    .map(r => r.querySelector('.sahel-time-range')).find(Boolean);
  let drawn = 0;
  const count = () => { drawn += 1; };
  map.listeners.push(count);
  const start = performance.now();
  let value = +range.min + 400;
  await new Promise(resolve => {
    function step() {
      value += 3; range.value = value; range.dispatchEvent(new Event('input', {bubbles: true}));
      if (performance.now() - start < ms) { requestAnimationFrame(step); } else { resolve(); }
    }
    requestAnimationFrame(step);
  });
  map.listeners.splice(map.listeners.indexOf(count), 1);
  return drawn / (ms / 1000);
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site(directory: Path, script: str | None = None) -> Path:
    """A folder serving either the app (script None) or a bare script, with its own static/."""
    folder = directory / ("bare" if script else "app")
    (folder / "static" / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "static" / "vendor", folder / "static" / "vendor")
    (folder / ".streamlit").symlink_to(ROOT / ".streamlit")
    if script:
        (folder / "app.py").write_text(script)
    else:
        (folder / "app.py").symlink_to(ROOT / "app.py")
        (folder / "pages").symlink_to(ROOT / "pages")
    return folder


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    """A server as ``make run`` starts it (same environment), in ``folder``."""
    from sahel_map.cli import serve as launcher

    port = free_port()
    proc = launcher.start(folder, port, static=folder / "static", env={"PYTHONPATH": str(ROOT)})
    url = f"http://localhost:{port}"
    launcher.wait_healthy(url, proc, timeout=60)
    return proc, url


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WS_COUNTER_JS)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    return context, context.new_page()


def page_load(browser, url: str, ready_selector: str) -> tuple[float, int, int]:
    """Seconds from navigation to ``ready_selector`` in the map iframe, bytes received, reruns asked for."""
    context, page = new_page(browser)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(MAP_IFRAME, timeout=120_000)
    page.frame_locator(MAP_IFRAME).first.locator(ready_selector).first.wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(2000)  # let late requests and reruns finish before counting bytes
    received = page.evaluate("window.__wsBytes") + sum(frame.evaluate(TRANSFER_JS) for frame in page.frames)
    reruns = page.evaluate("window.__wsSent") - 1
    context.close()
    return elapsed, received, reruns


def map_frame(page):
    page.frame_locator(MAP_IFRAME).first.locator(".leaflet-container").wait_for(timeout=120_000)
    return next(f for f in page.frames if "st_folium" in f.url)


def bare_reruns(browser, url: str, moves: int) -> list[float]:
    """The bare stack's date move: key press on Streamlit's slider to the marker moved in the map."""
    context, page = new_page(browser)
    page.goto(url)
    frame = map_frame(page)
    page.frame_locator(MAP_IFRAME).first.locator(".leaflet-marker-icon").first.wait_for(timeout=120_000)
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    timings = []
    for i in range(moves):
        before = frame.evaluate("() => document.querySelector('.leaflet-marker-icon').getBoundingClientRect().left")
        t0 = time.perf_counter()
        thumb.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        frame.wait_for_function(
            f"() => {{ const m = document.querySelector('.leaflet-marker-icon'); "
            f"return m && m.getBoundingClientRect().left !== {before}; }}",
            timeout=30_000,
        )
        timings.append(time.perf_counter() - t0)
        page.wait_for_timeout(300)
    context.close()
    return timings


def app_moves(browser, url: str, moves: int) -> tuple[list[float], list[float], float]:
    """Ours: input to redrawn map (in the browser), key press to Python's rerun done, drag rate."""
    context, page = new_page(browser)
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function(
        "() => window.SahelMap && SahelMap.layers.length && SahelMap.layers.every(l => l.items)", timeout=120_000
    )
    in_browser, reruns = [], []
    for i in range(moves):
        key = "PageUp" if i % 2 == 0 else "PageDown"
        before = page.evaluate("() => new URLSearchParams(location.search).get('date')")
        t0 = time.perf_counter()
        in_browser.append(page.evaluate(IN_BROWSER_MOVE_JS, key) / 1000)
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('date') !== '{before}'", timeout=30_000)
        # the rerun lands after the control's pause (400 ms) by design: report the server's part
        reruns.append(time.perf_counter() - t0 - 0.4)
        page.wait_for_timeout(300)
    rate = page.evaluate(DRAG_JS, 3000)
    context.close()
    return in_browser, reruns, rate


def median_p90(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def export_timings() -> list[tuple[str, str]]:
    from sahel_map.data import load_dataset
    from sahel_map.export import Options, export
    from sahel_map.view import View

    data = load_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        export("png", data, View(day=date(2021, 6, 1)), Path(tmp) / "map.png")
        png = time.perf_counter() - t0
        t0 = time.perf_counter()
        options = Options(start=date(2013, 1, 1), end=date(2022, 10, 1), step="quarter")
        export("gif", data, View(day=date(2022, 10, 1)), Path(tmp) / "map.gif", options)
        gif = time.perf_counter() - t0
    return [
        ("export PNG (1600 px)", f"{png:.2f} s (target <= 2 s)"),
        ("export GIF (40 frames)", f"{gif:.1f} s (target <= 40 s)"),
    ]


def analysis_timings() -> list[tuple[str, str]]:
    """Coverage answers (sahel_map.view.coverage): one day cold, the monthly series cold and cached.

    Cold: a new dataset object, so no ring, union or area is computed yet (loading the files is not
    counted); cached: the same question asked again."""
    from sahel_map.data import load_dataset
    from sahel_map.view import coverage

    data = load_dataset()
    t0 = time.perf_counter()
    coverage.coverage(data, date(2021, 6, 1), 100, "foreign", "mali")
    single = time.perf_counter() - t0
    t0 = time.perf_counter()
    coverage.coverage(data, date(2021, 6, 1), 250, "barkhane,takuba", "tri_border")
    other = time.perf_counter() - t0
    data = load_dataset()
    t0 = time.perf_counter()
    table = coverage.preset_series(data, 100, "mali", "month")
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    coverage.preset_series(data, 100, "mali", "month")
    cached = time.perf_counter() - t0
    months = table["date"].nunique()
    return [
        ("coverage, one day (cold)", f"{single:.2f} s (target <= 0.5 s)"),
        ("coverage, another radius, forces and area", f"{other:.2f} s (target <= 0.5 s)"),
        (f"coverage series, {months} months x 3 presets (cold)", f"{cold:.2f} s (target <= 10 s)"),
        ("coverage series again (cached)", f"{cached * 1000:.1f} ms (target: instant)"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=15)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--analysis-only", action="store_true", help="only the coverage timings (no browser)")
    args = parser.parse_args()
    if args.analysis_only:
        for name, value in analysis_timings():
            print(f"{name}: {value}")
        return
    from playwright.sync_api import sync_playwright

    print(
        f"# Sahel Map benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        app_proc, app_url = serve(site(Path(tmp)))
        bare_proc, bare_url = serve(site(Path(tmp), BARE_APP))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                page_load(browser, bare_url, ".leaflet-marker-icon")  # warm both servers' imports and caches
                page_load(browser, app_url + "/?date=2022-06-01", ".sahel-marker")
                bare_runs, app_runs = [], []
                for _ in range(args.loads):  # interleaved, so both see the same machine load
                    bare_runs.append(page_load(browser, bare_url, ".leaflet-marker-icon"))
                    app_runs.append(page_load(browser, app_url + "/?date=2022-06-01", ".sahel-marker"))
                bare_moves = bare_reruns(browser, bare_url, args.moves)
                in_browser, reruns, rate = app_moves(browser, app_url + "/?date=2021-06-01", args.moves)
                browser.close()
        finally:
            app_proc.terminate()
            bare_proc.terminate()
    bare_s, app_s = (statistics.median(t for t, _, _ in runs) for runs in (bare_runs, app_runs))
    bare_b, app_b = (statistics.median(b for _, b, _ in runs) for runs in (bare_runs, app_runs))
    bare_r, app_r = (max(r for _, _, r in runs) for runs in (bare_runs, app_runs))
    bare_move, bare_move90 = median_p90(bare_moves)
    move, move90 = median_p90(in_browser)
    rerun, rerun90 = median_p90(reruns)
    rows = [
        ("measure", "bare stack", "Sahel Map", "ratio", "target"),
        (
            "cold page load to a populated map (median)",
            f"{bare_s:.2f} s",
            f"{app_s:.2f} s",
            f"{app_s / bare_s:.2f}x",
            "<= 1.25x",
        ),
        (
            "bytes per page load",
            f"{bare_b / 1e6:.2f} MB",
            f"{app_b / 1e6:.2f} MB",
            f"{app_b / bare_b:.2f}x",
            "<= +1 MB",
        ),
        ("reruns during a page load (most)", str(bare_r), str(app_r), "", "<= 1, after the map"),
        (
            "date move to redrawn map, median",
            f"{bare_move * 1000:.0f} ms (rerun)",
            f"{move * 1000:.0f} ms (browser)",
            f"{move / bare_move:.2f}x",
            "<= 50 ms",
        ),
        (
            "date move to redrawn map, p90",
            f"{bare_move90 * 1000:.0f} ms",
            f"{move90 * 1000:.0f} ms",
            f"{move90 / bare_move90:.2f}x",
            "",
        ),
        (
            "rerun after the hand stops, median (p90)",
            f"{bare_move * 1000:.0f} ms",
            f"{rerun * 1000:.0f} ms ({rerun90 * 1000:.0f})",
            f"{rerun / bare_move:.2f}x",
            "one rerun",
        ),
        ("updates per second while dragging", "1 per rerun", f"{rate:.0f}/s", "", ">= 20/s"),
    ]
    width = [max(len(str(r[i])) for r in rows) for i in range(5)]
    for row in rows:
        print("  ".join(str(cell).ljust(width[i]) for i, cell in enumerate(row)))
    for name, value in export_timings() + analysis_timings():
        print(f"{name}: {value}")
    for script in ("bench_analysis.py", "bench_uploads.py"):
        path = ROOT / "scripts" / script
        if path.exists():
            print(f"## {script}")
            subprocess.run([sys.executable, str(path)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
