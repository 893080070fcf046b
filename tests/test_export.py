"""Exports: what each one holds is checked against an independent reading of the data, and each file
is opened by a program that did not write it."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import imageio_ffmpeg
import numpy as np
import pyogrio
import pytest
from conftest import ROOT
from matplotlib.colors import to_hex
from PIL import Image
from pypdf import PdfReader

from sahel_map.export import FORMATS, ExportError, Options, export, frame_days
from sahel_map.export.snapshot import Layout, Snapshot
from sahel_map.look import styling
from sahel_map.view import Extent, View

DAY = date(2021, 6, 1)


def active_by_hand(path, day: date) -> set[str]:
    """The ids a layer file holds for ``day``, read with json alone: start <= day < end."""
    features = json.loads(path.read_text())["features"]
    iso = day.isoformat()
    return {
        f["properties"]["id"]
        for f in features
        if f["properties"]["start"] <= iso and (f["properties"]["end"] is None or iso < f["properties"]["end"])
    }


# -- print layouts: the artists drawn ------------------------------------------------------------


def drawn_points(snapshot: Snapshot) -> dict[str, int]:
    """Marker count per colour in the map axes (scatter collections), from the artists themselves."""
    counts: dict[str, int] = {}
    for collection in snapshot.ax.collections:
        offsets = collection.get_offsets()
        faces = collection.get_facecolor()
        edges = collection.get_edgecolor()
        if len(offsets) and len(offsets) < 200 and collection.get_zorder() == 5:
            colours = faces if len(faces) and faces[0][3] > 0 else edges
            key = to_hex(colours[0])
            counts[key] = counts.get(key, 0) + len(offsets)
    return counts


def zone_colours(snapshot: Snapshot) -> set[str]:
    return {to_hex(c.get_edgecolor()[0]) for c in snapshot.ax.collections if c.get_zorder() == 3.1}


def test_print_layout_draws_each_active_position_in_its_force_colour(fixture_data, fixture_dir):
    view = View(day=DAY)
    snapshot = Snapshot(fixture_data, view, Layout(800, 100))
    snapshot.draw(view)
    active = active_by_hand(fixture_dir / "military_positions.geojson", DAY)
    assert active == {"test-gao", "test-kidal", "test-minusma-timbuktu"}
    assert drawn_points(snapshot) == {
        styling.FORCE_STYLES["barkhane"].colour.lower(): 2,
        styling.FORCE_STYLES["minusma"].colour.lower(): 1,
    }
    assert zone_colours(snapshot) == {styling.GROUP_COLOURS["isgs"].lower(), styling.GROUP_COLOURS["jnim"].lower()}
    texts = [t.get_text() for t in snapshot.fig.texts]
    assert "1 June 2021" in texts
    snapshot.close()


def test_print_layout_follows_the_date_and_the_selection(fixture_data):
    later = View(day=date(2023, 6, 1), forces=("fama", "wagner"))
    snapshot = Snapshot(fixture_data, later, Layout(800, 100))
    snapshot.draw(later)
    assert drawn_points(snapshot) == {
        styling.FORCE_STYLES["fama"].colour.lower(): 1,
        styling.FORCE_STYLES["wagner"].colour.lower(): 1,
    }
    assert zone_colours(snapshot) == {styling.GROUP_COLOURS["isgs"].lower()}  # the JNIM square ended in 2023
    legend = [t.get_text() for t in snapshot.legend.get_texts()]
    assert any("FAMa" in label for label in legend) and any("Wagner" in label for label in legend)
    assert not any("Barkhane" in label for label in legend)
    snapshot.close()


def test_tri_border_line_uses_the_one_dash_of_the_style_table(fixture_data):
    view = View(day=DAY, layers=("tri_border",))
    snapshot = Snapshot(fixture_data, view, Layout(800, 100))
    snapshot.draw(view)
    lines = [c for c in snapshot.ax.collections if c.get_zorder() == 2]
    assert len(lines) == 1
    offset, dashes = lines[0].get_linestyle()[0]
    width = lines[0].get_linewidth()[0]
    assert tuple(round(d / width, 2) for d in dashes) == tuple(
        round(d, 2) for d in styling.mpl_dash(styling.AREA_STYLE.dash, 2.2)[1]
    )
    snapshot.close()


@pytest.mark.parametrize("layout", [Layout(1600, 150), Layout(1920, 150, 16 / 9), Layout(3200, 300), Layout(900, 150)])
def test_every_legend_label_and_text_lies_inside_the_figure(data, layout):
    view = View(day=date(2022, 3, 1))  # every force and many groups at once: the longest legend
    snapshot = Snapshot(data, view, layout)
    snapshot.draw(view, title="Briefing map")
    snapshot.fig.canvas.draw()  # legend texts take their place when drawn
    renderer = snapshot.fig.canvas.get_renderer()
    figure_box = snapshot.fig.bbox
    boxes = [t.get_window_extent(renderer) for t in snapshot.legend.get_texts()]
    boxes += [t.get_window_extent(renderer) for t in snapshot.fig.texts]
    assert boxes
    for box in boxes:
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 + 0.5, box
        assert figure_box.y0 <= box.y0 and box.y1 <= figure_box.y1 + 0.5, box
    snapshot.close()


def test_town_labels_never_overprint_each_other_or_a_marker(data):
    view = View(day=DAY)
    snapshot = Snapshot(data, view, Layout(1600, 150))
    snapshot.draw(view)
    renderer = snapshot.fig.canvas.get_renderer()
    labels = [t for t in snapshot.ax.texts if t.get_zorder() == 6]
    assert len(labels) >= 10
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :])
    markers = np.vstack(
        [c.get_offset_transform().transform(c.get_offsets()) for c in snapshot.ax.collections if c.get_zorder() == 5]
    )
    for box in boxes:
        inside = (
            (markers[:, 0] > box.x0) & (markers[:, 0] < box.x1) & (markers[:, 1] > box.y0) & (markers[:, 1] < box.y1)
        )
        assert not inside.any()
    snapshot.close()


def test_the_layout_is_the_same_at_150_and_300_dpi(tmp_path, data):
    """The CLI's --dpi 300 and the app's 300 dpi choice give the same picture, twice as sharp."""
    low = export("png", data, View(day=DAY), tmp_path / "low.png", Options(dpi=150))
    high = export("png", data, View(day=DAY), tmp_path / "high.png", Options(dpi=300))
    with Image.open(low) as a, Image.open(high) as b:
        assert b.width == 2 * a.width and abs(b.height - 2 * a.height) <= 2
        assert round(b.info["dpi"][0]) == 300
        small = np.asarray(b.convert("L").resize(a.size)).astype(float)
        diff = np.abs(small - np.asarray(a.convert("L")).astype(float)).mean()
    assert diff < 12, diff  # the same picture, not a re-flowed one


def test_sixteen_by_nine_for_slides(tmp_path, data):
    out = export("png", data, View(day=DAY), tmp_path / "slide.png", Options(width=1920, aspect="16:9"))
    with Image.open(out) as image:
        assert image.size == (1920, 1080)


REFERENCES = ROOT / "tests" / "reference"


@pytest.mark.parametrize(("name", "day"), [("fixture-2021-06-01", DAY), ("fixture-2023-06-01", date(2023, 6, 1))])
def test_small_render_matches_its_reference_image(tmp_path, fixture_data, name, day, request):
    """A renderer that drops a layer, a colour or the date no longer matches (tolerance for font hinting)."""
    out = export("png", fixture_data, View(day=day), tmp_path / f"{name}.png", Options(width=600, dpi=75))
    reference = REFERENCES / f"{name}.png"
    if request.config.getoption("--update-references"):
        reference.parent.mkdir(exist_ok=True)
        reference.write_bytes(out.read_bytes())
    with Image.open(out) as got, Image.open(reference) as want:
        assert got.size == want.size
        diff = np.abs(np.asarray(got.convert("RGB")).astype(int) - np.asarray(want.convert("RGB")).astype(int))
    assert (diff.max(axis=2) > 60).mean() < 0.002, "the render differs from tests/reference (--update-references)"


def test_pdf_has_one_page_with_title_date_and_credit(tmp_path, data):
    out = export("pdf", data, View(day=DAY), tmp_path / "map.pdf", Options(title="Briefing map"))
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Briefing map" in text and "1 June 2021" in text and "Data cut-off" in text


def test_svg_keeps_text_as_editable_text(tmp_path, data):
    out = export("svg", data, View(day=DAY), tmp_path / "map.svg", Options(title="Briefing map"))
    root = ET.parse(out).getroot()
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Briefing map" in texts and "1 June 2021" in texts
    assert any("Barkhane" in t for t in texts)  # legend labels too


def test_french_layout(tmp_path, data):
    out = export("pdf", data, View(day=date(2022, 8, 15), lang="fr"), tmp_path / "carte.pdf")
    text = PdfReader(out).pages[0].extract_text()
    assert "15 août 2022" in text and "Légende" in text and "Sources" in text


# -- vector formats: exactly the active features ---------------------------------------------------


def test_geojson_holds_exactly_the_active_features_and_round_trips(tmp_path, fixture_data, fixture_dir):
    view = View(day=DAY, layers=("military_positions",))
    out = export("geojson", fixture_data, view, tmp_path / "layers.geojson")
    read = pyogrio.read_dataframe(out)
    assert set(read["id"]) == active_by_hand(fixture_dir / "military_positions.geojson", DAY)
    gao = read[read["id"] == "test-gao"].iloc[0]
    assert str(gao["start"])[:10] == "2014-08-01" and str(gao["end"])[:10] == "2022-08-15"
    raw = json.loads(out.read_text())
    assert raw["features"][0]["properties"]["sources"] == ["geonames-cities1000"]  # lists kept as lists


def test_events_follow_the_same_window_in_every_face(tmp_path, fixture_data):
    """The app shows the last 12 months of events; so do the exports, unless told otherwise."""
    view = View(day=DAY, layers=("events",))
    ids = set(pyogrio.read_dataframe(export("geojson", fixture_data, view, tmp_path / "a.geojson"))["id"])
    assert ids == {"test-attack"}  # 2021-05-20 is in the window; the 2015 attack is not
    every = view.with_(event_window_days=None)
    ids = set(pyogrio.read_dataframe(export("geojson", fixture_data, every, tmp_path / "b.geojson"))["id"])
    assert ids == {"test-attack", "test-old"}


def test_kml_opens_in_gdal_with_every_feature(tmp_path, fixture_data, fixture_dir):
    view = View(day=DAY, layers=("military_positions", "jihadist_zones"))
    out = export("kml", fixture_data, view, tmp_path / "layers.kml")
    layers = [name for name, _ in pyogrio.list_layers(out)]
    assert {"Military positions", "Jihadist zones"} <= set(layers)
    positions = pyogrio.read_dataframe(out, layer="Military positions")
    assert sorted(positions["Name"]) == ["Test base, Gao", "Test base, Kidal", "Test camp, Timbuktu"]
    text = out.read_text()
    assert "<TimeSpan" in text and "<begin>2014-08-01</begin>" in text


def test_kml_refers_only_to_google_earths_standard_pushpin(tmp_path, data):
    """Colours are set on the standard pushpin, which Google Earth ships: no icon of ours to fetch."""
    import re

    out = export("kml", data, View(day=DAY), tmp_path / "layers.kml")
    assert set(re.findall(r"<href>([^<]*)", out.read_text())) == {
        "http://maps.google.com/mapfiles/kml/pushpin/ylw-pushpin.png"
    }


def test_gpkg_has_a_layer_per_thematic_layer(tmp_path, fixture_data):
    view = View(day=DAY)
    out = export("gpkg", fixture_data, view, tmp_path / "layers.gpkg")
    expected = view.shown_frames(fixture_data.frames)
    layers = dict(pyogrio.list_layers(out))
    assert set(layers) == set(expected) == {"military_positions", "jihadist_zones", "events", "tri_border"}
    for layer_id, frame in expected.items():
        assert sorted(pyogrio.read_dataframe(out, layer=layer_id)["id"]) == sorted(frame["id"])


def test_bbox_limits_every_format(tmp_path, fixture_data):
    kidal = View(day=DAY, layers=("military_positions",), extent=Extent(0.5, 17.5, 2.5, 19.5))
    ids = set(pyogrio.read_dataframe(export("geojson", fixture_data, kidal, tmp_path / "k.geojson"))["id"])
    assert ids == {"test-kidal"}
    html = export("html", fixture_data, kidal, tmp_path / "k.html").read_text()
    assert 'data-feature-id=\\"test-kidal\\"' in html or "test-kidal" in html
    assert "test-gao" not in html  # the HTML export clips to the chosen area like the others


def test_empty_selection_is_refused_and_leaves_nothing(tmp_path, fixture_data):
    ocean = View(day=DAY, layers=("military_positions",), extent=Extent(-30, 0, -25, 5))
    with pytest.raises(ExportError, match="nothing to export"):
        export("geojson", fixture_data, ocean, tmp_path / "empty.geojson")
    assert list(tmp_path.iterdir()) == []


# -- animations ----------------------------------------------------------------------------------


def test_frame_days_include_both_ends():
    days = frame_days(date(2013, 1, 1), date(2013, 12, 31), "quarter")
    assert days[0] == date(2013, 1, 1) and days[-1] == date(2013, 12, 31) and len(days) == 5


def test_gif_frames_change_over_time(tmp_path, fixture_data):
    seen = []
    options = Options(width=400, dpi=50, start=date(2013, 1, 1), end=date(2024, 1, 1), step="year")
    out = export(
        "gif", fixture_data, View(day=date(2024, 1, 1)), tmp_path / "d.gif", options, lambda i, n: seen.append((i, n))
    )
    with Image.open(out) as image:
        assert image.n_frames == 12
        image.seek(0)
        first = image.convert("RGB").tobytes()
        image.seek(image.n_frames - 1)
        assert image.convert("RGB").tobytes() != first  # the map changes over time
    assert seen[-1] == (12, 12)


def test_mp4_is_read_back_by_ffmpeg(tmp_path, fixture_data):
    options = Options(width=400, dpi=50, start=date(2013, 1, 1), end=date(2020, 1, 1), step="year")
    out = export("mp4", fixture_data, View(day=date(2020, 1, 1)), tmp_path / "d.mp4", options)
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert frames == 8


def test_events_step_follows_the_changes(data):
    days = frame_days(date(2021, 10, 1), date(2022, 8, 31), "events", data)
    assert date(2022, 8, 15) in days and date(2021, 10, 12) in days


# -- the command line ----------------------------------------------------------------------------


def run_cli(*args, env=None):
    import os

    return subprocess.run(
        [sys.executable, "-m", "sahel_map", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
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
        (["--date", "2021-06-01", "--format", "png", "--width", "0"], "export: --width 0 is outside"),
        (["--date", "2031-06-01", "--format", "png"], "export: 2031-06-01 is outside the data"),
        (["--link", "?date=2021-06-01&layers=nope", "--format", "png"], "export: --link: unknown layer ignored: nope"),
    ],
)
def test_cli_bad_input_gives_one_line_and_leaves_nothing(tmp_path, args, message):
    result = run_cli("export", *args, "--out", str(tmp_path / "out.file"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["missing/x.png", "."])
def test_cli_refuses_a_folder_or_a_missing_folder_as_out(tmp_path, where):
    result = run_cli("export", "--date", "2021-06-01", "--format", "png", "--out", str(tmp_path / where))
    assert result.returncode == 2 and "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_cli_refuses_data_with_problems_instead_of_dropping_features(tmp_path):
    import shutil

    shutil.copytree(ROOT / "geodata", tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "military_positions.geojson").read_text()
    (tmp_path / "military_positions.geojson").write_text(text[: len(text) // 2])  # truncated
    result = run_cli(
        "--data", str(tmp_path), "export", "--date", "2021-06-01", "--format", "png", "--out", str(tmp_path / "x.png")
    )
    assert result.returncode == 2
    assert "military_positions.geojson" in result.stderr and "not valid JSON" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_cli_refuses_a_data_folder_that_does_not_exist(tmp_path):
    result = run_cli(
        "--data",
        str(tmp_path / "nowhere"),
        "export",
        "--date",
        "2021-06-01",
        "--format",
        "png",
        "--out",
        str(tmp_path / "x.png"),
    )
    assert result.returncode == 2 and "data folder not found" in result.stderr
    assert str(tmp_path) not in result.stderr  # no server path


def test_cli_series_writes_one_png_per_date(tmp_path):
    result = run_cli(
        "export", "--dates", "2021-06-01,2023-06-01", "--format", "png", "--width", "600", "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sahel-map-2021-06-01.png", "sahel-map-2023-06-01.png"]


def test_cli_link_reproduces_a_shared_view(tmp_path, data):
    link = "http://localhost:8501/?date=2021-06-01&layers=military_positions&forces=barkhane&bbox=0.5,17.5,2.5,19.5"
    result = run_cli("export", "--link", link, "--format", "geojson", "--out", str(tmp_path / "v.geojson"))
    assert result.returncode == 0, result.stderr
    ids = set(pyogrio.read_dataframe(tmp_path / "v.geojson")["id"])
    assert ids and all(i.startswith("barkhane-") for i in ids)
    assert "barkhane-kidal" in ids and "barkhane-gao" not in ids


def test_cli_help_lists_every_format_of_the_registry():
    help_text = run_cli("export", "--help").stdout
    for key in FORMATS:
        assert key in help_text
