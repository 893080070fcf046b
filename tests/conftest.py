"""Shared fixtures: small layer files, the served app, and a real headless Chromium."""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
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


def make_site(directory: Path) -> Path:
    """A folder that serves the app with its own ``static/`` (published layers land there, not in the
    checkout): the scripts and the vendored files are links to the checkout's."""
    site = directory / "site"
    (site / "static" / "data").mkdir(parents=True)
    for name in ("app.py", "pages", ".streamlit"):
        (site / name).symlink_to(ROOT / name)
    # a copy, not a link: Streamlit's static server refuses files that resolve outside static/
    shutil.copytree(ROOT / "static" / "vendor", site / "static" / "vendor")
    return site


def _serve(env_extra: dict | None = None, site: Path | None = None, port: int | None = None):
    """A server of the app started as ``make run`` starts it (:mod:`sahel_map.cli.serve`), in a site of its own."""
    import tempfile

    from sahel_map.cli import serve

    port = port or _free_port()
    site = site or make_site(Path(tempfile.mkdtemp(prefix="sahel-site-")))
    # tests put ROOT first on PYTHONPATH so a checkout's package wins over anything installed
    env = {"PYTHONPATH": str(ROOT), **(env_extra or {})}
    process = serve.start(site, port, static=site / "static", env=env)
    url = f"http://localhost:{port}"
    serve.wait_healthy(url, process, timeout=60)
    return process, url


@pytest.fixture(scope="session", autouse=True)
def private_static(tmp_path_factory):
    """In-process pages (AppTest) publish into a temporary folder, never into the checkout's static/."""
    static = tmp_path_factory.mktemp("static")
    shutil.copytree(ROOT / "static" / "vendor", static / "vendor")
    os.environ["SAHEL_MAP_STATIC"] = str(static)
    yield static
    del os.environ["SAHEL_MAP_STATIC"]


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


def offline_context(browser, **options):
    """A context and its page that abort every request not to this machine (``page.blocked`` lists them)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
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
    return context, page


@pytest.fixture
def offline_page(browser):
    """A page that aborts every request not to this machine, and records what it blocked."""
    context, page = offline_context(browser)
    yield page
    context.close()


def fixture_folder(directory: Path) -> Path:
    """A small data folder: positions of three forces over time, two zones, events, one area, a basemap.

    Small enough that a test can say by hand what a map of it shows.
    """
    import json

    def point(lon, lat):
        return {"type": "Point", "coordinates": [lon, lat]}

    def square(lon, lat, half):
        return {
            "type": "Polygon",
            "coordinates": [
                [
                    [lon - half, lat - half],
                    [lon + half, lat - half],
                    [lon + half, lat + half],
                    [lon - half, lat + half],
                    [lon - half, lat - half],
                ]
            ],
        }

    positions = [
        feature(POSITION),  # barkhane Gao 2014-08-01 .. 2022-08-15 -> fama
        feature(
            POSITION,
            id="test-kidal",
            name="Test base, Kidal",
            place="Kidal",
            start="2014-08-01",
            end="2021-10-12",
            successor=None,
            geometry=point(1.4078, 18.4411),
        ),
        feature(
            POSITION,
            id="test-fama-gao",
            name="Test camp, Gao",
            force="fama",
            nations=["MLI"],
            kind="garrison",
            start="2022-08-15",
            end=None,
            successor=None,
        ),
        feature(
            POSITION,
            id="test-minusma-timbuktu",
            name="Test camp, Timbuktu",
            place="Timbuktu",
            force="minusma",
            nations=["BFA"],
            kind="camp",
            start="2013-07-01",
            end="2023-12-01",
            successor=None,
            geometry=point(-3.0074, 16.7735),
        ),
        feature(
            POSITION,
            id="test-wagner-segou",
            name="Test site, Ségou",
            place="Ségou",
            force="wagner",
            nations=["RUS"],
            kind="forward_base",
            start="2022-01-05",
            end="2025-06-06",
            successor=None,
            geometry=point(-6.2598, 13.4317),
        ),
    ]
    zones = [
        feature(ZONE),  # isgs influence 2018-01-01 .. open, around (0, 15)
        feature(
            ZONE,
            id="test-jnim",
            group="jnim",
            level="control",
            start="2019-01-01",
            end="2023-01-01",
            geometry=square(-4.0, 14.5, 0.8),
        ),
    ]
    events = [
        feature(EVENT),  # 2022-08-15 withdrawal at Gao
        feature(
            EVENT, id="test-attack", date="2021-05-20", kind="attack", title="Test attack", geometry=point(-1.0, 14.3)
        ),
        feature(
            EVENT, id="test-old", date="2015-03-07", kind="attack", title="Old attack", geometry=point(-8.0, 12.65)
        ),
    ]
    areas = [
        {
            "type": "Feature",
            "geometry": square(0.5, 14.8, 1.5),
            "properties": {
                "id": "test-area",
                "name": "Test tri-border",
                "area": "tri_border",
                "definition": "A test square.",
                "approximate": True,
                "primary": True,
                "sources": [SOURCE_ID],
                "confidence": "low",
            },
        }
    ]
    directory.mkdir(parents=True, exist_ok=True)
    write_layer(directory, "military_positions", positions)
    write_layer(directory, "jihadist_zones", zones)
    write_layer(directory, "events", events)
    write_layer(directory, "tri_border", areas)
    (directory / "dataset.json").write_text(json.dumps({"title": "fixture", "cutoff": "2025-10-08"}), encoding="utf-8")
    (directory / "troop_strength.csv").write_text(
        "force,date,troops,kind,sources,notes\nbarkhane,2015-01-01,3000,deployed,geonames-cities1000,fixture\n",
        encoding="utf-8",
    )
    countries = json.loads((ROOT / "geodata" / "basemap_countries.geojson").read_text(encoding="utf-8"))
    countries["features"] = [f for f in countries["features"] if f["properties"].get("iso3") in ("MLI", "BFA", "NER")]
    (directory / "basemap_countries.geojson").write_text(json.dumps(countries), encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory) -> Path:
    return fixture_folder(tmp_path_factory.mktemp("fixture") / "geodata")


@pytest.fixture(scope="session")
def fixture_data(fixture_dir):
    from sahel_map.data import load_dataset

    data = load_dataset(fixture_dir)
    assert not data.errors, data.errors
    return data


@pytest.fixture(scope="session")
def data():
    from sahel_map.data import load_dataset

    return load_dataset()


def pytest_addoption(parser):
    parser.addoption(
        "--update-references", action="store_true", help="rewrite tests/reference/*.png from the current renderer"
    )


# -- a throwaway PostgreSQL + PostGIS cluster, once per test session ------------------------------

PG_PASSWORD = "s3cret-Pg_pw"


def postgis_missing() -> str | None:
    """Why the PostGIS tests cannot run here, or None (``make test-deps`` installs the packages)."""
    import glob

    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return "PostgreSQL is not installed (Debian: apt-get install postgresql; `make test-deps` does it)"
    if not glob.glob("/usr/share/postgresql/*/extension/postgis.control"):
        return "PostGIS is not installed (Debian: apt-get install postgresql-15-postgis-3; `make test-deps` does it)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres user to run the cluster as (pg_ctl refuses root)"
    return None


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as ``postgres`` when the tests run as root."""

    def __init__(self):
        import glob
        import tempfile

        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.dir = Path(tempfile.mkdtemp(prefix="sahel-pg-"))
        self.port = _free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        (self.dir / "pw").write_text(PG_PASSWORD + "\n", encoding="utf-8")
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(self.dir / "pw", "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.dir / "data"),
            "-U",
            "postgres",
            "-A",
            "scram-sha-256",
            "--pwfile",
            str(self.dir / "pw"),
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
        )
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-o", options, "-w", "start")
        self.url = f"postgresql://postgres:{PG_PASSWORD}@127.0.0.1:{self.port}/postgres"
        self._admin("CREATE DATABASE sahel_template")
        import psycopg

        with psycopg.connect(self.dsn("sahel_template"), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        self.count = 0

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / program), *args], check=True, capture_output=True, cwd=self.dir)

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres:{PG_PASSWORD}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, template: str = "sahel_template") -> str:
        """A fresh database with PostGIS (a copy of ``template``, a database name or URL); returns its URL."""
        from sahel_map.data import postgis

        self.count += 1
        name = f"sahel_{self.count}"
        template = template.rsplit("/", 1)[-1]
        # a template must have no session: close this process's pooled connections to it first
        postgis.dispose(self.dsn(template))
        self._admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.dsn(name)

    def stop(self) -> None:
        from sqlalchemy.engine import make_url  # noqa: F401  (engines are disposed with the process)

        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's PostgreSQL cluster (skips, with the reason, where the packages are missing)."""
    reason = postgis_missing()
    if reason:
        print(f"\nPostGIS tests skipped: {reason}")
        pytest.skip(reason)
    cluster = Cluster()
    yield cluster
    cluster.stop()
