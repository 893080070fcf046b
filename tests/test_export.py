"""Exports, each opened by a program that did not write it."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import imageio_ffmpeg
import pyogrio
import pytest
from conftest import ROOT
from PIL import Image
from pypdf import PdfReader

from sahel_map.dataset import load_dataset
from sahel_map.export import (
    ExportError,
    Extent,
    View,
    active_features,
    animation_days,
    export_animation,
    export_html,
    export_snapshot,
    export_vector,
    view_extent,
)
from sahel_map.mapping import Selection

DAY = date(2021, 6, 1)


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def _distinct_colours(path) -> int:
    with Image.open(path) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1_000_000) or [])


def test_png_is_wide_and_not_blank(tmp_path, data):
    out = export_snapshot(DAY, "png", tmp_path / "map.png", data=data)
    with Image.open(out) as image:
        assert image.format == "PNG" and image.width >= 1600
    assert _distinct_colours(out) > 50


def test_png_at_300_dpi_is_larger(tmp_path, data):
    out = export_snapshot(DAY, "png", tmp_path / "print.png", View(width=2400, dpi=300), data=data)
    with Image.open(out) as image:
        assert image.width == 2400
        assert round(image.info["dpi"][0]) == 300


def test_pdf_has_one_page_with_title_date_and_credit(tmp_path, data):
    out = export_snapshot(DAY, "pdf", tmp_path / "map.pdf", View(title="Briefing map"), data=data)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Briefing map" in text and "1 June 2021" in text and "Data cut-off" in text


def test_svg_is_valid_xml(tmp_path, data):
    out = export_snapshot(DAY, "svg", tmp_path / "map.svg", data=data)
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")


def test_geojson_holds_exactly_the_active_features_and_round_trips(tmp_path, data):
    view = View(Selection(layers=("military_positions",)))
    out = export_vector(DAY, "geojson", tmp_path / "layers.geojson", view, data=data)
    read = pyogrio.read_dataframe(out)
    expected = active_features(DAY, view, data)["military_positions"]
    assert sorted(read["id"]) == sorted(expected["id"])
    gao = read[read["id"] == "barkhane-gao"].iloc[0]
    assert gao["force"] == "barkhane"
    assert str(gao["start"])[:10] == "2014-08-01" and str(gao["end"])[:10] == "2022-08-15"
    raw = json.loads(out.read_text())
    assert raw["features"][0]["properties"]["sources"]  # lists kept as lists
    by_id = dict(zip(expected["id"], expected.geometry, strict=True))
    assert all(geom.equals_exact(by_id[i], 1e-9) for i, geom in zip(read["id"], read.geometry, strict=True))


def test_kml_opens_in_gdal_with_every_feature(tmp_path, data):
    view = View(Selection(layers=("military_positions", "jihadist_zones")))
    out = export_vector(DAY, "kml", tmp_path / "layers.kml", view, data=data)
    expected = active_features(DAY, view, data)
    layers = [name for name, _ in pyogrio.list_layers(out)]
    assert {"Military positions", "Jihadist zones"} <= set(layers)
    positions = pyogrio.read_dataframe(out, layer="Military positions")
    assert len(positions) == len(expected["military_positions"])
    assert "ff" in out.read_text()[:100000]  # styled colours present
    assert "<TimeSpan" in out.read_text() and "<begin>2014-08-01</begin>" in out.read_text()


def test_gpkg_has_a_layer_per_thematic_layer(tmp_path, data):
    out = export_vector(DAY, "gpkg", tmp_path / "layers.gpkg", data=data)
    expected = active_features(DAY, View(), data)
    layers = dict(pyogrio.list_layers(out))
    assert set(layers) == set(expected)
    for layer_id, frame in expected.items():
        assert len(pyogrio.read_dataframe(out, layer=layer_id)) == len(frame)


def test_bbox_limits_the_export(tmp_path, data):
    kidal = View(Selection(layers=("military_positions",)), Extent(0.5, 17.5, 2.5, 19.5))
    ids = set(active_features(DAY, kidal, data)["military_positions"]["id"])
    assert "barkhane-kidal" in ids and "barkhane-gao" not in ids


def test_empty_selection_is_refused_and_leaves_nothing(tmp_path, data):
    ocean = View(Selection(layers=("military_positions",)), Extent(-30, 0, -25, 5))
    with pytest.raises(ExportError, match="nothing to export"):
        export_vector(DAY, "geojson", tmp_path / "empty.geojson", ocean, data=data)
    assert list(tmp_path.iterdir()) == []


def test_animation_days_and_gif(tmp_path, data):
    days = animation_days(date(2013, 1, 1), date(2024, 12, 31), "year")
    assert len(days) >= 10
    seen = []
    out = export_animation(
        days,
        "gif",
        tmp_path / "drawdown.gif",
        View(width=500, dpi=60),
        data=data,
        progress=lambda i, n: seen.append((i, n)),
    )
    with Image.open(out) as image:
        assert image.n_frames == len(days)
        image.seek(0)
        first = image.convert("RGB").tobytes()
        image.seek(image.n_frames - 1)
        assert image.convert("RGB").tobytes() != first  # the map changes over time
    assert seen[-1] == (len(days), len(days))


def test_mp4_is_read_back_by_ffmpeg(tmp_path, data):
    days = animation_days(date(2013, 1, 1), date(2022, 12, 31), "year")
    out = export_animation(days, "mp4", tmp_path / "drawdown.mp4", View(width=400, dpi=50), data=data)
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert frames == len(days)


def test_events_step_follows_the_changes(data):
    days = animation_days(date(2021, 10, 1), date(2022, 8, 31), "events")
    assert date(2022, 8, 15) in days and date(2021, 10, 12) in days


def test_view_extent_matches_leaflet_scale():
    extent = view_extent((16.0, -1.5), 5, 1024, 512)
    assert extent.west < -1.5 < extent.east and extent.south < 16 < extent.north
    assert round(extent.east - extent.west) == 45  # 1024 px at zoom 5 = 1024/8192 of 360 degrees


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "sahel_map", "export", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2021-06-01", "--format", "tiff"], "export: unknown format 'tiff'"),
        (["--date", "2021-02-30", "--format", "png"], "export: --date: '2021-02-30' is not a date written YYYY-MM-DD"),
        (["--date", "2021-06-01", "--format", "geojson", "--bbox=-30,0,-25,5"], "export: nothing to export"),
        (["--date", "2021-06-01", "--format", "png", "--layers", "bases"], "export: unknown layer bases"),
        (["--start", "2020-01-01", "--end", "2019-01-01", "--format", "gif"], "export: --end 2019-01-01 is before"),
        (["--date", "2021-06-01", "--format", "png", "--bbox", "10,10,5,5"], "export: bbox '10,10,5,5'"),
    ],
)
def test_cli_bad_input_gives_one_line_and_leaves_nothing(tmp_path, args, message):
    result = run_cli(*args, "--out", str(tmp_path / "out.file"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_unwritable_path(tmp_path):
    result = run_cli("--date", "2021-06-01", "--format", "png", "--out", str(tmp_path / "missing" / "x.png"))
    assert result.returncode == 2 and "folder" in result.stderr and "does not exist" in result.stderr


def test_cli_series_writes_one_png_per_date(tmp_path):
    result = run_cli("--dates", "2021-06-01,2023-06-01", "--format", "png", "--width", "600", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sahel-map-2021-06-01.png", "sahel-map-2023-06-01.png"]


@pytest.mark.browser
def test_html_export_renders_from_disk_with_the_network_cut(tmp_path, data, browser):
    out = export_html(DAY, tmp_path / "briefing.html", View(Selection(layers=("military_positions",))), data=data)
    context = browser.new_context()
    blocked = []

    def route(route):
        if route.request.url.startswith(("file://", "data:", "about:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(out.as_uri())
    page.wait_for_selector("[data-feature-id='barkhane-gao']", timeout=30_000)
    ids = page.locator("[data-feature-id]").evaluate_all("els => els.map(e => e.dataset.featureId)")
    expected = set(
        active_features(DAY, View(Selection(layers=("military_positions",))), data)["military_positions"]["id"]
    )
    assert set(ids) == expected
    assert blocked == []
    context.close()


def test_kml_refers_only_to_google_earths_standard_pushpin(tmp_path, data):
    """Colours are set on the standard pushpin, which Google Earth ships: no icon of ours to fetch."""
    import re

    out = export_vector(DAY, "kml", tmp_path / "layers.kml", data=data)
    assert set(re.findall(r"<href>([^<]*)", out.read_text())) == {
        "http://maps.google.com/mapfiles/kml/pushpin/ylw-pushpin.png"
    }
