"""PostGIS as a layer source, against a real PostgreSQL + PostGIS cluster started by the suite.

The cluster (tests/conftest.py ``pg_cluster``) runs once per session in a
temporary folder; each test that writes gets its own database, copied from a
template. Where PostgreSQL or PostGIS is missing these tests are skipped with
the reason (``make test-deps`` installs them).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import POSITION, ROOT, SOURCE_ID, ZONE, feature, fixture_folder

from sahel_map.cli import main
from sahel_map.data import postgis
from sahel_map.data.dataset import load_dataset
from sahel_map.data.loading import load_layer


def db_load(url: str, folder: Path, *extra: str) -> int:
    code = main([*extra, "db", "load", "--url", url, str(folder)])
    postgis.dispose(url)
    return code


def sql(url: str, statement: str, **params) -> list:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params or None)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="session")
def fixture_db(pg_cluster, fixture_dir) -> str:
    """The small fixture folder, loaded once; tests copy it with ``pg_cluster.new_database(fixture_db)``."""
    url = pg_cluster.new_database()
    assert db_load(url, fixture_dir) == 0
    return url


@pytest.fixture(scope="session")
def geodata_db(pg_cluster) -> str:
    """The shipped geodata/, loaded once (read-only: the page tests read it)."""
    url = pg_cluster.new_database()
    assert db_load(url, ROOT / "geodata") == 0
    return url


@pytest.fixture(params=["files", "postgis"])
def source(request, monkeypatch, fixture_dir):
    """Load a data folder through either source: ``source(folder) -> Dataset``."""

    def load(folder: Path):
        monkeypatch.setenv("SAHEL_MAP_GEODATA", str(folder))
        if request.param == "files":
            return load_dataset(folder)
        url = request.getfixturevalue("pg_cluster").new_database()
        assert db_load(url, folder) == 0
        return load_dataset(url=url)

    load.kind = request.param
    return load


# -- the same layers from both sources ------------------------------------------------------------


def test_both_sources_give_the_same_dataset(source, fixture_dir):
    data = source(fixture_dir)
    reference = load_dataset(fixture_dir)
    assert data.errors == []
    for layer_id, frame in reference.frames.items():
        got = data.frames[layer_id]
        assert list(got["id"]) == list(frame["id"]), layer_id
        assert got.crs.to_epsg() == 4326
        assert got.geometry.geom_equals_exact(frame.geometry, tolerance=1e-9).all(), layer_id
        assert list(got["start"]) == list(frame["start"]) and list(got["end"].isna()) == list(frame["end"].isna())
    assert set(data.register) == set(reference.register)
    assert data.troops[["force", "troops"]].values.tolist() == reference.troops[["force", "troops"]].values.tolist()
    assert data.cutoff == reference.cutoff
    assert data.origin.startswith("postgresql://postgres:***@127.0.0.1:") if source.kind == "postgis" else True


def test_load_dump_load_round_trips(pg_cluster, tmp_path, monkeypatch):
    first, second = pg_cluster.new_database(), pg_cluster.new_database()
    assert db_load(first, ROOT / "geodata") == 0
    dumped = tmp_path / "dump1"
    # dumped into a copy of the data folder: dataset.json and the basemap stay files
    shutil.copytree(ROOT / "geodata", dumped)
    for name in [*postgis.LAYER_SPECS, "troop_strength"]:
        (dumped / f"{name}.geojson" if name != "troop_strength" else dumped / "troop_strength.csv").unlink()
    assert main(["db", "dump", "--url", first, str(dumped)]) == 0
    assert db_load(second, dumped, "--sources", str(dumped / "sources.csv")) == 0
    again = tmp_path / "dump2"
    assert main(["db", "dump", "--url", second, str(again)]) == 0
    for layer_id in postgis.LAYER_SPECS:
        original = json.loads((ROOT / "geodata" / f"{layer_id}.geojson").read_text(encoding="utf-8"))
        for copy in (dumped, again):
            back = json.loads((copy / f"{layer_id}.geojson").read_text(encoding="utf-8"))
            assert back["metadata"] == original["metadata"]
            assert len(back["features"]) == len(original["features"]) > 0
            for a, b in zip(original["features"], back["features"], strict=True):
                # properties byte for byte (key order included), coordinates to 1e-7 degrees
                assert json.dumps(b["properties"], ensure_ascii=False) == json.dumps(
                    a["properties"], ensure_ascii=False
                )
                assert b["geometry"]["type"] == a["geometry"]["type"]
                assert_close(a["geometry"]["coordinates"], b["geometry"]["coordinates"])
    for name in ("sources.csv", "troop_strength.csv"):
        assert (dumped / name).read_bytes() == (again / name).read_bytes()
    assert (dumped / "sources.csv").read_bytes() == (ROOT / "seeds" / "sources.csv").read_bytes()
    assert (dumped / "troop_strength.csv").read_bytes() == (ROOT / "geodata" / "troop_strength.csv").read_bytes()


def assert_close(a, b):
    if isinstance(a, (int, float)):
        assert abs(a - b) <= 1e-7
        return
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert_close(x, y)


def test_schema_is_typed_indexed_and_versioned(fixture_db):
    columns = dict(
        sql(
            fixture_db,
            "SELECT table_name, format_type(atttypid, atttypmod) FROM information_schema.tables "
            "JOIN pg_attribute ON attrelid = table_name::regclass AND attname = 'geom' "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
    )
    assert columns == {
        "military_positions": "geometry(Point,4326)",
        "events": "geometry(Point,4326)",
        "jihadist_zones": "geometry(Geometry,4326)",
        "tri_border": "geometry(Geometry,4326)",
    }
    gist = {row[0] for row in sql(fixture_db, "SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")}
    assert set(columns) <= gist
    assert sql(fixture_db, "SELECT count(*) FROM data_version") == [(1,)]


# -- invalid data: refused by db load, reported the same way when an editor writes it --------------


def test_db_load_refuses_invalid_data_exactly_as_validate_and_loads_nothing(pg_cluster, tmp_path, capsys):
    url = pg_cluster.new_database()
    good = fixture_folder(tmp_path / "good")
    assert db_load(url, good) == 0
    version = sql(url, "SELECT version FROM data_version")
    bad = fixture_folder(tmp_path / "bad")
    positions = json.loads((bad / "military_positions.geojson").read_text(encoding="utf-8"))
    positions["features"][0]["properties"]["end"] = "2014-07-01"
    positions["features"].append(feature(POSITION, id="test-new", force="legion"))
    (bad / "military_positions.geojson").write_text(json.dumps(positions), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "-q", str(bad)]) == 1
    expected = capsys.readouterr().out
    assert "test-gao: end: 2014-07-01 is not after start 2014-08-01" in expected
    assert db_load(url, bad) == 1
    captured = capsys.readouterr()
    assert captured.out == expected
    assert "nothing loaded" in captured.err
    assert sql(url, "SELECT version FROM data_version") == version
    assert sql(url, "SELECT count(*) FROM military_positions WHERE id = 'test-new'") == [(0,)]


BAD_ROWS = [
    (feature(POSITION, start=...), "test-gao: start: required property is missing"),
    (feature(POSITION, end="15/08/2022"), "test-gao: end: '15/08/2022' is not a date written YYYY-MM-DD (or null)"),
    (feature(POSITION, end="2014-07-01"), "test-gao: end: 2014-07-01 is not after start 2014-08-01"),
    (feature(POSITION, force="legion"), "test-gao: force: 'legion' is not a known code"),
    (feature(POSITION, sources=["nowhere-2020"]), "test-gao: sources: 'nowhere-2020' is not registered in "),
    (
        feature(POSITION, geometry={"type": "Point", "coordinates": [16.27167, -0.04472]}),
        "test-gao: geometry: coordinates (16.2717, -0.04472) .. (16.2717, -0.04472) fall outside the region",
    ),
]


@pytest.mark.parametrize("kind", ["files", "postgis"])
@pytest.mark.parametrize(("bad", "expected"), BAD_ROWS)
def test_a_bad_row_is_reported_like_a_bad_feature(kind, bad, expected, pg_cluster, fixture_db, tmp_path):
    if kind == "files":
        path = tmp_path / "military_positions.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [bad]}), encoding="utf-8")
        problems = [str(p) for p in load_layer(path, {SOURCE_ID}).problems]
        assert any(p.startswith("military_positions.geojson: " + expected) for p in problems), problems
        return
    url = pg_cluster.new_database(fixture_db)
    sql(
        url,
        "UPDATE military_positions SET properties = %(p)s::json, "
        "geom = ST_SetSRID(ST_GeomFromGeoJSON(%(g)s), 4326) WHERE id = 'test-gao'",
        p=json.dumps(bad["properties"]),
        g=json.dumps(bad["geometry"]),
    )
    data = load_dataset(url=url)
    problems = [str(p) for p in data.problems]
    assert any(p.startswith("military_positions: " + expected) for p in problems), problems
    assert "test-gao" not in set(data.frames["military_positions"]["id"])
    assert len(data.frames["military_positions"]) == 4, "the other rows are still drawn"


def test_an_invalid_polygon_and_a_missing_table_are_named(pg_cluster, fixture_db):
    url = pg_cluster.new_database(fixture_db)
    bowtie = {"type": "Polygon", "coordinates": [[[-1, 14], [1, 16], [1, 14], [-1, 16], [-1, 14]]]}
    sql(
        url,
        "UPDATE jihadist_zones SET geom = ST_SetSRID(ST_GeomFromGeoJSON(%(g)s), 4326) WHERE id = 'test-zone'",
        g=json.dumps(bowtie),
    )
    sql(url, "DROP TABLE events")
    sql(url, "INSERT INTO troop_strength VALUES (9, 'legion', '2015-01-01', 10, 'deployed', %(s)s, '')", s=SOURCE_ID)
    problems = [str(p) for p in load_dataset(url=url).problems]
    assert any(
        p.startswith("jihadist_zones: test-zone: geometry: invalid geometry: Self-intersection") for p in problems
    )
    assert "events: -: -: table not found" in problems
    assert any(p.startswith("troop_strength: row ") and "'legion' is not a known code" in p for p in problems)
    assert ZONE["properties"]["id"] == "test-zone"


# -- a new data_version is noticed without a restart ----------------------------------------------


def test_an_edited_row_is_seen_and_republished_without_a_restart(pg_cluster, fixture_db, fixture_dir, monkeypatch):
    import time

    from sahel_map.app import cached

    url = pg_cluster.new_database(fixture_db)
    monkeypatch.setenv("SAHEL_MAP_GEODATA", str(fixture_dir))
    monkeypatch.setenv(postgis.ENV, url)
    monkeypatch.setenv("SAHEL_MAP_VERSION_TTL", "1")
    before = cached.dataset()
    assert before.origin == postgis.masked(url)
    names = dict(zip(before.frames["military_positions"]["id"], before.frames["military_positions"]["name"]))
    assert names["test-kidal"] == "Test base, Kidal"
    url_before = cached.published("en")["military_positions"]
    # an editor's change: the trigger bumps data_version
    sql(
        url,
        "UPDATE military_positions SET properties = jsonb_set(properties::jsonb, '{name}', '\"Camp renamed\"')::json "
        "WHERE id = 'test-kidal'",
    )
    assert int(sql(url, "SELECT version FROM data_version")[0][0]) == int(before.version) + 1
    deadline = time.time() + 15
    while time.time() < deadline:
        after = cached.dataset()
        if after.version != before.version:
            break
        time.sleep(0.2)
    frame = after.frames["military_positions"]
    assert dict(zip(frame["id"], frame["name"]))["test-kidal"] == "Camp renamed"
    url_after = cached.published("en")["military_positions"]
    assert url_after != url_before
    from sahel_map.web.publish import data_dir

    published = data_dir() / url_after.rsplit("/", 1)[1]
    assert "Camp renamed" in published.read_text(encoding="utf-8")


# -- pages read the database ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["files", "postgis"])
def test_overview_page_from_either_source(kind, request, monkeypatch):
    from streamlit.testing.v1 import AppTest

    if kind == "postgis":
        monkeypatch.setenv(postgis.ENV, request.getfixturevalue("geodata_db"))
    at = AppTest.from_file(str(ROOT / "pages" / "0_Overview.py"), default_timeout=120)
    at.query_params["date"] = "2021-06-01"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    import re

    tables = [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown if m.value.startswith("| ")]
    assert "| Barkhane (France, 2014-2022) |" in tables[0] and "Wagner" not in tables[0]


# -- the password never shows ---------------------------------------------------------------------

WRONG = "Wr0ng-Pass%2Fword"


def bad_urls(cluster) -> dict[str, str]:
    closed = cluster.port  # a port nothing listens on: the cluster's, plus one
    return {
        "wrong password": f"postgresql://postgres:{WRONG}@127.0.0.1:{cluster.port}/sahel_template",
        "unreachable host": f"postgresql://postgres:{WRONG}@127.0.0.1:{closed + 1}/sahel",
        "unknown database": f"postgresql://postgres:{WRONG}@127.0.0.1:{cluster.port}/nowhere",
    }


def secrets_of(url: str) -> list[str]:
    from urllib.parse import unquote

    password = url.split(":", 2)[2].split("@", 1)[0]
    return [password, unquote(password)]


@pytest.mark.parametrize("case", ["wrong password", "unreachable host", "unknown database"])
def test_a_bad_url_is_reported_without_its_password(case, pg_cluster, capsys, caplog):
    url = bad_urls(pg_cluster)[case]
    data = load_dataset(url=url)
    assert data.errors, "the failure is reported"
    text = " ".join(str(p) for p in data.problems) + data.origin
    assert "postgresql://postgres:***@127.0.0.1:" in text
    assert main(["db", "load", "--url", url, str(ROOT / "geodata")]) == 1
    assert main(["db", "dump", "--url", url, "/nonexistent/out"]) == 1
    captured = capsys.readouterr()
    for secret in secrets_of(url):
        assert secret not in text
        assert secret not in captured.out + captured.err
        assert secret not in caplog.text
    assert "cannot connect" in captured.err


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:Hidd3n-pw@host:notaport/db",
        "mysql://u:Hidd3n-pw@localhost/db",
        "not a url Hidd3n-pw",
        "postgresql://u:Hidd3n-pw@/db?host=/nonexistent",
    ],
)
def test_an_unusable_url_is_reported_without_its_password(url):
    data = load_dataset(url=url)
    text = " ".join(str(p) for p in data.problems) + data.origin
    assert "cannot connect to " in text and "Hidd3n-pw" not in text


def test_a_bad_table_is_reported_without_the_password(pg_cluster, fixture_db, caplog):
    url = pg_cluster.new_database(fixture_db)
    sql(url, "ALTER TABLE events RENAME COLUMN properties TO props")
    problems = [str(p) for p in load_dataset(url=url).problems]
    assert any(p.startswith("events: -: -: ") and "properties" in p for p in problems), problems
    for secret in secrets_of(url):
        assert secret not in " ".join(problems) and secret not in caplog.text


def test_the_page_banner_never_shows_the_password(pg_cluster, monkeypatch):
    from streamlit.testing.v1 import AppTest

    url = bad_urls(pg_cluster)["wrong password"]
    monkeypatch.setenv(postgis.ENV, url)
    at = AppTest.from_file(str(ROOT / "pages" / "0_Overview.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    banner = " ".join(e.value for e in at.error) + " ".join(c.value for c in at.code)
    assert "postgres\\:\\*\\*\\*\\@127" in banner and "cannot connect to postgresql://postgres:***@127" in banner
    # validate reads files: for a database the banner says to check a dump of it
    assert "db dump FOLDER" in banner and "validate for the full list" not in banner
    page = banner + " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    for secret in secrets_of(url):
        assert secret not in page


def test_the_url_can_come_from_streamlit_secrets(tmp_path, monkeypatch):
    monkeypatch.delenv(postgis.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert postgis.database_url() is None or (ROOT / ".streamlit" / "secrets.toml").exists()
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        'SAHEL_MAP_DATABASE_URL = "postgresql://u:p@db.example/sahel"\n', encoding="utf-8"
    )
    assert postgis.database_url() == "postgresql://u:p@db.example/sahel"
    monkeypatch.setenv(postgis.ENV, "postgresql://env@localhost/x")
    assert postgis.database_url() == "postgresql://env@localhost/x"
    assert postgis.masked("postgresql+psycopg://u:p%40ss@h:5/d") == "postgresql://u:***@h:5/d"


def test_a_page_shows_an_edit_on_its_next_run_without_a_restart(pg_cluster, geodata_db, monkeypatch):
    import re
    import time

    from streamlit.testing.v1 import AppTest

    url = pg_cluster.new_database(geodata_db)
    monkeypatch.setenv(postgis.ENV, url)
    monkeypatch.setenv("SAHEL_MAP_VERSION_TTL", "1")

    def barkhane_count(at) -> str:
        table = next(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown if m.value.startswith("| "))
        return re.search(r"\| Barkhane \(France, 2014-2022\) \| (\d+) \|", table).group(1)

    at = AppTest.from_file(str(ROOT / "pages" / "0_Overview.py"), default_timeout=120)
    at.query_params["date"] = "2021-06-01"
    at.run()
    before = int(barkhane_count(at))
    # an editor ends a Barkhane base before the date shown (the trigger bumps data_version)
    sql(
        url,
        "UPDATE military_positions SET properties = jsonb_set(properties::jsonb, '{end}', '\"2020-01-01\"')::json "
        "WHERE id = 'barkhane-gao'",
    )
    deadline = time.time() + 30
    count = before
    while count == before and time.time() < deadline:
        at.run()
        count = int(barkhane_count(at))
    assert not at.exception
    assert count == before - 1
