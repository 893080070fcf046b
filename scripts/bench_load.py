"""Many viewers on one server: 1, 10 and 25 real browser pages against one app on localhost.

    make bench-load       # or: .venv/bin/python scripts/bench_load.py [--viewers 1,10,25] [--moves 30] [--seconds 120]

Every viewer opens the overview and moves the date ``--moves`` times over ``--seconds``. One of them is
a real Chromium page: it measures what a viewer sees, the in-browser update (key to redrawn map, no
server involved) and the rerun (key to the address bar holding the new day, which Python writes at the
end of its run; the control's 400 ms pause is subtracted). The others are protocol-level clients:
Streamlit's own websocket messages (``streamlit.proto``), each a real session that opens the page and
sends the time control's new day as a widget state, timing each rerun to its ``script_finished`` and
checking the page answered for that day. Real browsers for all 25 would measure this 2-core machine's
rendering of 25 maps, not the server; the protocol clients put the server under the same load.

Viewers move independently, as an audience does: each protocol client starts at its own offset within
one move's interval (spread evenly), so their moves do not all land in the same millisecond.
``--together`` starts them all at once instead: the worst case, 25 reruns queued behind each other.

It reports errors (page errors, failed waits), p50 / p95 per viewer count and the ratio to one viewer,
the server's memory per added session, and whether memory comes back when the sessions close.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
from benchmark import ARGS, CHROMIUM, IN_BROWSER_MOVE_JS, LOCAL, MAP_IFRAME, serve, site  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def viewer(browser, url: str, moves: int, seconds: float, out: dict) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    await context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    page = await context.new_page()
    page.on("pageerror", lambda e: out["errors"].append(str(e)[:120]))
    try:
        await page.goto(url, timeout=180_000)
        await page.frame_locator(MAP_IFRAME).first.locator(".sahel-marker").first.wait_for(timeout=180_000)
        out["contexts"].append(context)
        for i in range(moves):
            started = time.perf_counter()
            before = await page.evaluate("() => new URLSearchParams(location.search).get('date')")
            t0 = time.perf_counter()
            out["browser"].append(
                await page.evaluate(IN_BROWSER_MOVE_JS, "PageUp" if i % 2 == 0 else "PageDown") / 1000
            )
            await page.wait_for_function(
                f"() => new URLSearchParams(location.search).get('date') !== '{before}'", timeout=60_000
            )
            out["rerun"].append(time.perf_counter() - t0 - 0.4)
            await asyncio.sleep(max(0.0, seconds / moves - (time.perf_counter() - started)))
    except Exception as exc:  # counted, not raised: one failed viewer is a figure of the run
        out["errors"].append(f"{type(exc).__name__}: {str(exc)[:120]}")


async def protocol_viewer(host: str, moves: int, seconds: float, out: dict, offset: float = 0.0) -> None:
    """One session over Streamlit's websocket: after ``offset`` seconds, open the page, then send the day."""
    import json
    from datetime import date, timedelta

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from sahel_map.look.i18n import translator

    async def run(socket, day: str | None, state: dict) -> tuple[float, bool]:
        message = BackMsg()
        message.rerun_script.query_string = "date=2021-06-01"
        message.rerun_script.page_script_hash = state.get("page", "")
        if day is not None:
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id, widget.json_value = state["time"], json.dumps({"day": day})
        wanted = translator("en").date(date.fromisoformat(day)) if day else None
        seen = wanted is None
        t0 = time.perf_counter()
        await socket.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await socket.recv())
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                state["page"] = forward.new_session.page_script_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "bidi_component" and element.bidi_component.id.endswith(
                    "overview_time"
                ):
                    state["time"] = element.bidi_component.id
                if wanted and element.WhichOneof("type") == "heading" and wanted in element.heading.body:
                    seen = True
            elif kind == "script_finished":
                return time.perf_counter() - t0, seen

    await asyncio.sleep(offset)
    try:
        async with websockets.connect(
            f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], max_size=None
        ) as socket:
            state: dict = {}
            await run(socket, None, state)
            out["sessions"] += 1
            day = date(2021, 6, 1)
            for i in range(moves):
                started = time.perf_counter()
                day = day + timedelta(days=31 if i % 2 == 0 else -31)
                took, answered = await run(socket, day.isoformat(), state)
                out["rerun"].append(took)
                if not answered:
                    out["errors"].append(f"no page for {day}")
                await asyncio.sleep(max(0.0, seconds / moves - (time.perf_counter() - started)))
            out["open"].append(socket)
            await out["closing"].wait()
    except Exception as exc:
        out["errors"].append(f"{type(exc).__name__}: {str(exc)[:120]}")


def protocol_record(errors: list | None = None) -> dict:
    """What protocol viewers write into: errors (shared with the browser's when given), rerun times, open
    sockets, sessions opened, and the event that lets them close."""
    return {
        "errors": [] if errors is None else errors,
        "rerun": [],
        "open": [],
        "sessions": 0,
        "closing": asyncio.Event(),
    }


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def run(counts: list[int], moves: int, seconds: float, together: bool = False) -> None:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = serve(site(Path(tmp)))
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                warm = {"errors": [], "browser": [], "rerun": [], "contexts": []}
                await viewer(browser, url + "/?date=2021-06-01", 1, 1, warm)
                for context in warm["contexts"]:
                    await context.close()
                await asyncio.sleep(5)
                host = url.removeprefix("http://")
                # the protocol clients' baseline: one of them alone, the same moves over the same time
                alone = protocol_record()
                alone["closing"].set()
                await protocol_viewer(host, moves, seconds, alone)
                print(
                    f"# load benchmark, {time.strftime('%Y-%m-%d %H:%M')}, one Chromium page + protocol clients, {moves} moves "
                    f"over {seconds:.0f} s each, "
                    + ("all starting together" if together else "starting at spread offsets")
                )
                print(
                    "viewers  errors  in-browser update p50/p95 ms  browser's rerun p50/p95 ms  "
                    "protocol rerun p50/p95 ms   server MB: idle -> open (per session) -> closed"
                )
                p95_alone = p(alone["rerun"], 0.95)
                print(
                    f"{'1 proto':>7}  {len(alone['errors']):>6}  {'':28}  {'':26}  "
                    f"{p(alone['rerun'], 0.5) * 1000:5.0f} / {p95_alone * 1000:5.0f} (1.00x)"
                )
                baseline = None
                for n in counts:
                    idle = rss_mb(proc.pid)
                    out = {"errors": [], "browser": [], "rerun": [], "contexts": []}
                    others = protocol_record(errors=out["errors"])
                    step = 0.0 if together else seconds / moves / max(1, n - 1)
                    clients = [
                        asyncio.create_task(protocol_viewer(host, moves, seconds, others, i * step))
                        for i in range(n - 1)
                    ]
                    await viewer(browser, url + "/?date=2021-06-01", moves, seconds, out)
                    # every session still open: the memory they hold together
                    while len(others["open"]) < n - 1 and not all(c.done() for c in clients):
                        await asyncio.sleep(0.5)
                    opened = rss_mb(proc.pid)
                    others["closing"].set()
                    await asyncio.gather(*clients)
                    for context in out["contexts"]:
                        await context.close()
                    await asyncio.sleep(30)  # Streamlit drops a session shortly after its socket closes
                    closed = rss_mb(proc.pid)
                    b50, b95 = p(out["browser"], 0.5), p(out["browser"], 0.95)
                    r50, r95 = p(out["rerun"], 0.5), p(out["rerun"], 0.95)
                    if baseline is None:
                        baseline = (b95, r95)
                    protocol = (
                        f"{p(others['rerun'], 0.5) * 1000:5.0f} / {p(others['rerun'], 0.95) * 1000:5.0f} "
                        f"({p(others['rerun'], 0.95) / p95_alone:.2f}x)"
                        if others["rerun"]
                        else ""
                    )
                    print(
                        f"{n:>7}  {len(out['errors']):>6}  {b50 * 1000:5.0f} / {b95 * 1000:5.0f} ({b95 / baseline[0]:.2f}x)"
                        f"{'':8}  {r50 * 1000:5.0f} / {r95 * 1000:5.0f} ({r95 / baseline[1]:.2f}x){'':6}  "
                        f"{protocol:26}  {idle:6.0f} -> {opened:6.0f} ({(opened - idle) / n:5.1f}) -> {closed:6.0f}"
                    )
                    for error in sorted(set(out["errors"]))[:5]:
                        print(f"         error: {error}")
                await browser.close()
        finally:
            proc.terminate()
    print("ratios: to the same measure with one viewer (the browser's) or one protocol client alone (the clients')")
    print(
        "targets: 0 errors; p95 at 25 viewers <= 1.5x one viewer in the browser, <= 3x for reruns; "
        "<= 15 MB per added session; memory returned when sessions close"
    )
    print("shared data is held once per process (st.cache_resource: the layers, the published URLs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", default="1,10,25")
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--together", action="store_true", help="start every viewer at once (the worst case)")
    args = parser.parse_args()
    asyncio.run(run([int(v) for v in args.viewers.split(",")], args.moves, args.seconds, args.together))


if __name__ == "__main__":
    main()
