"""A 100,000-row ACLED-like CSV (synthetic: ACLED's columns, made-up values): parse, drawn map, slider, memory.

    .venv/bin/python scripts/bench_uploads.py [--rows 100000] [--moves 6]

No ACLED data is shipped or fetched: the file is generated here, with a fixed seed, events spread over
2012-2025 and over the Sahel. Figures (targets from issue 14):

* parse: ``read_upload`` on the file (in this process), and the map payload built from it;
* upload to drawn map: file chosen in the page's uploader to the canvas points drawn (<= 10 s);
* slider move with it loaded: a month step drawn in the browser, and the rerun after it (<= 1 s);
* server memory: the Streamlit process's resident memory before and after the upload (<= 300 MB).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import ARGS, CHROMIUM, IN_BROWSER_MOVE_JS, map_frame, new_page, serve, site  # noqa: E402

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
TYPES = ["Battles", "Violence against civilians", "Explosions/Remote violence", "Protests", "Riots"]


def acled_like(rows: int, seed: int = 14) -> pd.DataFrame:
    """Synthetic rows with ACLED's columns: every value made up (no real event, actor or place)."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, 5000, rows), unit="D")
    kinds = rng.integers(0, len(TYPES), rows)
    frame = pd.DataFrame({c: "" for c in COLUMNS}, index=range(rows))
    frame["event_id_cnty"] = [f"SYN{i}" for i in range(rows)]
    frame["event_date"] = days.strftime("%d %B %Y")
    frame["year"] = days.year
    frame["time_precision"] = rng.integers(1, 4, rows)
    frame["disorder_type"] = "Political violence"
    frame["event_type"] = [TYPES[k] for k in kinds]
    frame["sub_event_type"] = [f"Synthetic sub-type {k}" for k in rng.integers(0, 12, rows)]
    frame["actor1"] = [f"Synthetic actor {k}" for k in rng.integers(0, 40, rows)]
    frame["actor2"] = [f"Synthetic actor {k}" for k in rng.integers(0, 40, rows)]
    frame["inter1"], frame["inter2"], frame["interaction"] = 1, 2, 12
    frame["iso"], frame["region"], frame["country"] = 466, "Western Africa", "Synthetic country"
    frame["admin1"] = [f"Synthetic region {k}" for k in rng.integers(0, 10, rows)]
    frame["location"] = [f"Synthetic place {k}" for k in rng.integers(0, 3000, rows)]
    frame["latitude"] = rng.uniform(10, 22, rows).round(4)
    frame["longitude"] = rng.uniform(-12, 8, rows).round(4)
    frame["geo_precision"] = rng.integers(1, 4, rows)
    frame["source"], frame["source_scale"] = "Synthetic source", "Local"
    frame["notes"] = "Synthetic note for benchmarking: " + pd.Series(rng.integers(0, 10**6, rows)).astype(str)
    frame["fatalities"] = rng.poisson(1.5, rows)
    frame["timestamp"] = 1700000000
    return frame


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    for task in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{task}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=6)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from sahel_map.data.uploads import read_upload
    from sahel_map.view.view import View
    from sahel_map.web.uploads import upload_script

    with tempfile.TemporaryDirectory(prefix="sahel-bench-uploads-") as tmp:
        path = Path(tmp) / "acled-synthetic.csv"
        acled_like(args.rows).to_csv(path, index=False)
        size = path.stat().st_size / 2**20
        t0 = time.perf_counter()
        result = read_upload(path.name, path)
        parse = time.perf_counter() - t0
        layer = result.layer
        t0 = time.perf_counter()
        payload = upload_script(layer, View(day=pd.Timestamp("2022-08-15").date()))
        build = time.perf_counter() - t0
        print(f"file: {args.rows} rows, {size:.1f} MB, recognised as {layer.kind}: {layer.name}")
        print(f"parse (read_upload): {parse:.2f} s; map payload: {build:.2f} s, {len(payload) / 2**20:.1f} MB")

        folder = site(Path(tmp))
        proc, url = serve(folder)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                context, page = new_page(browser)
                page.goto(f"{url}/Your_data")
                map_frame(page)
                chooser = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
                chooser.wait_for(state="attached", timeout=120_000)
                idle = rss_mb(proc.pid)
                t0 = time.perf_counter()
                chooser.set_input_files(str(path))
                for _ in range(5):
                    frame = map_frame(page)
                    try:
                        frame.wait_for_function("() => SahelMap.uploadCounts().some(n => n > 0)", timeout=120_000)
                        break
                    except Exception as exc:  # noqa: BLE001 -- the iframe replaced by a rerun: wait on the new one
                        if "detached" not in str(exc):
                            raise
                drawn = time.perf_counter() - t0
                shown = frame.evaluate("() => SahelMap.uploadCounts()[0]")
                markers = frame.evaluate("() => document.querySelectorAll('.leaflet-marker-icon').length")
                canvases = frame.evaluate("() => document.querySelectorAll('canvas').length")
                loaded = rss_mb(proc.pid)
                print(
                    f"upload to drawn map: {drawn:.2f} s ({shown} events in the 365-day window drawn on "
                    f"{canvases} canvas, {markers} DOM markers in all, ours included)"
                )
                in_browser, reruns = [], []
                for i in range(args.moves):
                    key = "PageUp" if i % 2 == 0 else "PageDown"
                    frame = map_frame(page)
                    frame.evaluate(
                        "() => { window.__before = SahelMap.layers.find(l => l.options && l.options.columns); }"
                    )
                    t0 = time.perf_counter()
                    in_browser.append(page.evaluate(IN_BROWSER_MOVE_JS, key) / 1000)
                    frame.wait_for_function(
                        "() => SahelMap.layers.some(l => l.options && l.options.columns && l !== window.__before)"
                        " && SahelMap.uploadCounts().some(n => n > 0)",
                        timeout=60_000,
                    )
                    reruns.append(time.perf_counter() - t0 - 0.4)  # the control waits 400 ms before it reruns
                after = rss_mb(proc.pid)
                print(
                    f"slider move (a month), drawn in the browser: median {np.median(in_browser) * 1000:.0f} ms, "
                    f"max {max(in_browser) * 1000:.0f} ms"
                )
                print(
                    f"rerun after the hand stops (server + new map message): median {np.median(reruns):.2f} s, "
                    f"max {max(reruns):.2f} s"
                )
                print(
                    f"server memory: {idle:.0f} MB before the upload, {loaded:.0f} MB with it, {after:.0f} MB after moves"
                )
                context.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    main()
