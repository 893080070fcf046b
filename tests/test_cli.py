"""`python -m sahel_map validate`: one line per problem, non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from conftest import POSITION, ROOT, ZONE, feature, write_layer


def run(*args):
    return subprocess.run([sys.executable, "-m", "sahel_map", *args], cwd=ROOT, capture_output=True, text=True)


def test_shipped_geodata_validates():
    result = run("validate", "geodata")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 problem(s)" in result.stderr


def test_broken_files_are_listed_file_feature_field(tmp_path):
    write_layer(
        tmp_path, "military_positions", [feature(POSITION, force="legion"), feature(POSITION, id="b", end="2000-01-01")]
    )
    write_layer(tmp_path, "jihadist_zones", [feature(ZONE, geometry={"type": "Point", "coordinates": [0, 15]})])
    (tmp_path / "events.geojson").write_text("{not json", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "events.geojson: -: -: not valid JSON: line 1 column 2: Expecting property name enclosed in double quotes"
        in lines
    )
    assert "jihadist_zones.geojson: test-zone: geometry: type 'Point', expected Polygon or MultiPolygon" in lines
    assert any(
        line.startswith("military_positions.geojson: test-gao: force: 'legion' is not a known code") for line in lines
    )
    assert "military_positions.geojson: b: end: 2000-01-01 is not after start 2014-08-01" in lines
    assert "tri_border.geojson: -: -: missing from" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_single_file_and_missing_path(tmp_path):
    path = write_layer(tmp_path, "events", [])
    assert run("validate", str(path)).returncode == 0
    missing = run("validate", str(tmp_path / "nope.geojson"))
    assert missing.returncode == 1 and "nope.geojson: -: -: file not found" in missing.stdout


def test_unknown_file_name_is_reported(tmp_path):
    write_layer(tmp_path, "my_layer", [])
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "my_layer.geojson: -: -: not a known layer file" in result.stdout


def test_unregistered_source_against_another_register(tmp_path):
    register = tmp_path / "sources.csv"
    register.write_text("id,title,publisher,date,url,supports\nother,T,P,,https://example.org,x\n", encoding="utf-8")
    write_layer(tmp_path, "military_positions", [POSITION])
    result = run("validate", str(tmp_path / "military_positions.geojson"), "--sources", str(register))
    assert result.returncode == 1
    assert (
        "military_positions.geojson: test-gao: sources: 'geonames-cities1000' is not registered in seeds/sources.csv"
        in result.stdout
    )
