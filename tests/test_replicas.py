"""Two replicas behind HAProxy, started by scripts/serve_replicas.py, driven by real Chromium.

Two viewers land on different replicas (the ``X-Sahel-Replica`` header and the
``SERVERID`` cookie say which), each moves the time slider and downloads an
export through the proxy (downloads are plain HTTP requests: they must reach
the replica holding the session); then one replica is stopped and its viewer,
on reload, gets a working page from the other. Every request off this machine
is blocked and none is attempted. SIGTERM to the script stops every process.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT, make_site, offline_context
from playwright.sync_api import expect
from test_browser import MAP_IFRAME, wait_for_ids

pytestmark = pytest.mark.browser
sys.path.insert(0, str(ROOT / "scripts"))

from serve_replicas import haproxy_binary, haproxy_config  # noqa: E402


def free_ports(count: int) -> int:
    """A base port with ``count`` free ports from it."""
    for base in range(20000 + os.getpid() % 20000, 60000, 7):
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sock.bind(("127.0.0.1", port))
                sockets.append(sock)
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free ports")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its parent) is not running
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.fixture(scope="module")
def replicas():
    """``make serve-replicas REPLICAS=2`` on free ports: yields the proxy URL and each replica's pid."""
    if haproxy_binary() is None:
        reason = "haproxy is not installed (Debian: apt-get install haproxy; `make test-deps` does it)"
        print(f"\nReplica tests skipped: {reason}")
        pytest.skip(reason)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    port = free_ports(3)
    site = make_site(Path(tempfile.mkdtemp(prefix="sahel-replicas-site-")))
    log = site / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve_replicas.py"), "--replicas", "2", "--port", str(port)]
            + ["--site", str(site)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    deadline = time.time() + 120
    while "ready:" not in log.read_text() and time.time() < deadline and process.poll() is None:
        time.sleep(0.3)
    text = log.read_text()
    assert "ready:" in text, text[-2000:]
    pids = {name: int(pid) for name, pid in re.findall(r"^(\w+) 127\.0\.0\.1:\d+ pid (\d+)", text, re.M)}
    assert set(pids) == {"replica1", "replica2", "haproxy"}
    yield {"url": f"http://127.0.0.1:{port}", "pids": pids, "process": process}
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    deadline = time.time() + 10
    while any(alive(pid) for pid in pids.values()) and time.time() < deadline:
        time.sleep(0.2)
    assert not [name for name, pid in pids.items() if alive(pid)], "SIGTERM stops every process"


def viewer(browser):
    return offline_context(browser, accept_downloads=True)


def land(page, url: str) -> str:
    """Open the map; the replica that served it (header), checked against the sticky cookie."""
    response = page.goto(f"{url}/?date=2021-06-01&layers=military_positions")
    replica = response.headers["x-sahel-replica"]
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["SERVERID"] == replica
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=90_000)
    return replica


def move_slider(page) -> None:
    wait_for_ids(page, lambda i: any(x.startswith("barkhane-") for x in i))
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    thumb.press("End")  # the data cut-off: Barkhane has left
    ids = wait_for_ids(page, lambda i: i and not any(x.startswith("barkhane-") for x in i))
    assert ids and not any(i.startswith("barkhane-") for i in ids)


def download_export(page) -> bytes:
    page.get_by_text("⬇ Download this view").click()
    page.get_by_role("button", name="Prepare the file").click()
    save = page.get_by_role("button", name=re.compile(r"^Save sahel-map-.*\.png$"))
    expect(save).to_be_visible(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        save.click()
    return Path(info.value.path()).read_bytes()


def test_two_viewers_on_two_replicas_and_a_failover(replicas, browser, tmp_path):
    url = replicas["url"]
    first, page_a = viewer(browser)
    replica_a = land(page_a, url)
    others = []
    for _ in range(4):  # round robin: a new viewer goes to the next replica
        context, page_b = viewer(browser)
        replica_b = land(page_b, url)
        if replica_b != replica_a:
            break
        others.append(context)
    assert {replica_a, replica_b} == {"replica1", "replica2"}
    for page, replica in ((page_a, replica_a), (page_b, replica_b)):
        move_slider(page)
        payload = download_export(page)
        assert payload.startswith(b"\x89PNG\r\n\x1a\n") and len(payload) > 10_000
        assert {c["name"]: c["value"] for c in page.context.cookies()}["SERVERID"] == replica, "still sticky"
    # the replica of viewer A stops; A reloads and is served by the other one
    os.kill(replicas["pids"][replica_a], signal.SIGTERM)
    deadline = time.time() + 20
    while alive(replicas["pids"][replica_a]) and time.time() < deadline:
        time.sleep(0.2)
    assert not alive(replicas["pids"][replica_a])
    response = page_a.reload()
    assert response.headers["x-sahel-replica"] == replica_b
    expect(page_a.frame_locator(MAP_IFRAME).first.locator(".leaflet-container")).to_be_visible(timeout=90_000)
    move_slider_back = page_a.get_by_role("slider", name="Day shown").first
    expect(move_slider_back).to_be_visible()
    ids = wait_for_ids(page_a, lambda i: len(i) > 5)
    assert ids
    # viewer B, on the surviving replica, is untouched
    assert page_b.get_by_role("slider", name="Day shown").first.is_visible()
    # an upload is a plain HTTP request too: it must reach the replica that holds the session
    from test_uploads_browser import UPLOADED_TEXT, map_frame_with, upload

    marker = "zq-through-the-proxy-4411"
    csv = tmp_path / "checkpoints.csv"
    csv.write_text(f"name,latitude,longitude\n{marker},14.5,-4.2\n", encoding="utf-8")
    upload(page_b, url, [csv])
    assert marker in map_frame_with(page_b, 1).evaluate(UPLOADED_TEXT)
    assert page_a.blocked == [] and page_b.blocked == []
    for context in [first, *others]:
        context.close()
    page_b.context.close()


def test_the_generated_config_is_valid_for_haproxy(tmp_path):
    if haproxy_binary() is None:
        pytest.skip("haproxy is not installed")
    config = haproxy_config(8500, [("replica1", "10.0.0.1", 8501), ("replica2", "10.0.0.2", 8501)])
    for line in (
        "cookie SERVERID insert indirect nocache",
        "option httpchk GET /_stcore/health",
        "http-response set-header X-Sahel-Replica %[srv_name]",
        "timeout tunnel",
        "server replica2 10.0.0.2:8501 check cookie replica2",
    ):
        assert line in config
    (tmp_path / "haproxy.cfg").write_text(config)
    checked = subprocess.run([haproxy_binary(), "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True)
    assert checked.returncode == 0, checked.stderr
