"""``serve [--port N] [--address A]``: the app's Streamlit server, started as every launcher starts it.

``make run``, the replicas behind HAProxy (``scripts/serve_replicas.py``), the
tests and the benchmarks all start servers through :func:`start`, so they run
with the same environment: ``MALLOC_ARENA_MAX=2`` (Streamlit runs each rerun in
a thread of its own and glibc would give every thread a heap that keeps what
was freed in it; see :mod:`sahel_map.app.memory`), the data's own folder on
``PYTHONPATH`` and, where given, the folder layers are published into.

>>> streamlit_command(8600)[-6:]
['run', 'app.py', '--server.port', '8600', '--server.headless', 'true']
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: what every server of the app runs with (set before the process starts: glibc reads it once)
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def streamlit_command(port: int, address: str | None = None, extra: list[str] | tuple = ()) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    if address:
        command += ["--server.address", address]
    return [*command, "--server.headless", "true", *extra]


def server_env(static: Path | None = None, extra: dict | None = None) -> dict:
    """The environment of a server: ours on top of the caller's (``extra`` last, so tests can override)."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, **SERVER_ENV, "PYTHONPATH": path}
    if static is not None:
        env["SAHEL_MAP_STATIC"] = str(static)
    return {**env, **(extra or {})}


def start(
    site: Path,
    port: int,
    static: Path | None = None,
    env: dict | None = None,
    address: str | None = None,
    args: list[str] | tuple = (),
    quiet: bool = True,
) -> subprocess.Popen:
    """Start a server for the app in ``site`` (a folder with ``app.py`` and ``pages/``); see :func:`wait_healthy`."""
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(
        streamlit_command(port, address, args),
        cwd=site,
        env=server_env(static, env),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=output,
    )


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    """Wait for ``url``'s health check; raise if the process ends or the time runs out."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 -- our server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{url}: not healthy after {timeout:.0f} s")


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the app (what make run does)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", help="address to listen on (default: Streamlit's)")


def run(args) -> int:
    command = streamlit_command(args.port, args.address)
    os.chdir(ROOT)
    os.execvpe(command[0], command, server_env())  # noqa: S606 -- this process becomes the server
