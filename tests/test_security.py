"""Data and input are never code: template syntax in any text stays literal in every face, and hostile
input never crashes, leaks a server path or reaches a viewer as markup."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import folium
import pytest
from conftest import ROOT
from PIL import Image
from pypdf import PdfReader

from sahel_map.data import load_dataset
from sahel_map.export import FORMATS, Options, export
from sahel_map.view import View
from sahel_map.web.maps import standalone_map
from sahel_map.web.safety import UnsafeElementError, check_safe, make_safe, script_json

PAYLOADS = [
    "X{{ 7*191 }}Y",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{% if 1 %}statement{% endif %}",
    "{# a comment #}",
    "unclosed {{ brace",
    "unclosed {% block",
    "}} stray {%- -%}",
]
PAYLOAD = " | ".join(PAYLOADS)


def test_a_stock_folium_geojson_stays_literal_through_our_path():
    fmap = folium.Map(tiles=None)
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 15]}, "properties": {"notes": PAYLOAD}}
        ],
    }
    folium.GeoJson(data, tooltip=folium.GeoJsonTooltip(["notes"]), popup=folium.GeoJsonPopup(["notes"])).add_to(fmap)
    folium.Marker([15, 0], tooltip=PAYLOAD, popup=PAYLOAD).add_to(fmap)
    html = make_safe(fmap).get_root().render()
    assert "X1337Y" not in html and os.getcwd() not in html
    assert "X{{ 7*191 }}Y" in html and "{% if 1 %}statement{% endif %}" in html


def test_the_unpatched_stock_path_is_indeed_dangerous():
    """Why the defence exists: without it, folium evaluates the data (this test fails if folium changes)."""
    fmap = folium.Map(tiles=None)
    folium.Marker([15, 0], tooltip="X{{ 7*191 }}Y").add_to(fmap)
    assert "X1337Y" in fmap.get_root().render()


def test_the_guard_refuses_an_element_added_after_make_safe():
    fmap = make_safe(folium.Map(tiles=None))
    folium.Marker([15, 0], tooltip="x").add_to(fmap)
    with pytest.raises(UnsafeElementError, match="Marker"):
        check_safe(fmap)


def test_elements_folium_adds_while_rendering_render_verbatim_too(monkeypatch):
    """Layer.render adds its ``addTo`` statement after make_safe ran: no output is compiled again."""
    from branca.element import MacroElement
    from jinja2 import Environment

    from sahel_map.web.safety import VerbatimRender, walk

    fmap = folium.Map(tiles=None)
    folium.FeatureGroup(name="group").add_to(fmap)
    make_safe(fmap)
    compiled = []
    original = Environment.from_string
    monkeypatch.setattr(
        Environment,
        "from_string",
        lambda self, source, *a, **k: compiled.append(source) or original(self, source, *a, **k),
    )
    html = fmap.get_root().render()
    monkeypatch.undo()
    added = [e for e in walk(fmap) if type(e).__name__ == "ElementAddToElement"]
    assert added and all(isinstance(e, VerbatimRender) for e in added)
    assert not [e for e in walk(fmap) if isinstance(e, MacroElement) and not isinstance(e, VerbatimRender)]
    assert ".addTo(" in html and not [c for c in compiled if ".addTo(" in c]


def test_script_json_holds_no_template_delimiter_and_parses_back():
    text = str(script_json({"a": PAYLOAD, "nested": [{"b": "</script><script>x</script>"}], "c": {}}))
    for delimiter in ("{{", "{%", "{#", "</script"):
        assert delimiter not in text
    assert json.loads(text)["a"] == PAYLOAD


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """Every text field of every layer, the register and the troop figures carry the payloads."""
    folder = tmp_path_factory.mktemp("hostile") / "geodata"
    shutil.copytree(ROOT / "geodata", folder)
    text_fields = ("name", "place", "notes", "description", "title", "definition", "successor")
    for layer_id in ("military_positions", "jihadist_zones", "events", "tri_border"):
        layer = json.loads((folder / f"{layer_id}.geojson").read_text())
        for feature in layer["features"]:
            for key in text_fields:
                if key in feature["properties"] and isinstance(feature["properties"][key], str):
                    feature["properties"][key] = PAYLOAD
        (folder / f"{layer_id}.geojson").write_text(json.dumps(layer))
    register = folder.parent / "sources.csv"
    with open(ROOT / "seeds" / "sources.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["title"] = row["publisher"] = PAYLOAD
    with open(register, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    troops = (folder / "troop_strength.csv").read_text().splitlines()
    (folder / "troop_strength.csv").write_text(
        "\n".join([troops[0]] + [line.rsplit(",", 1)[0] + ',"' + PAYLOAD + '"' for line in troops[1:]]) + "\n"
    )
    os.environ["SAHEL_MAP_SOURCES"] = str(register)
    try:
        data = load_dataset(folder)
    finally:
        del os.environ["SAHEL_MAP_SOURCES"]
    assert not data.errors, data.errors[:3]
    return data


@pytest.mark.parametrize("fmt", [f for f in FORMATS if FORMATS[f].kind != "animation"])
def test_every_export_shows_the_payloads_literally(tmp_path, hostile_data, fmt):
    view = View(day=date(2021, 6, 1), event_window_days=None)
    out = export(fmt, hostile_data, view, tmp_path / f"x.{fmt}", Options(title=PAYLOAD[:150], caption="{{ 7*191 }}"))
    if fmt == "png":
        with Image.open(out) as image:
            assert image.width == 1600
        return
    if fmt == "pdf":
        text = PdfReader(out).pages[0].extract_text()
    elif fmt == "handout":
        text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    elif fmt == "pptx":
        from pptx import Presentation

        deck = Presentation(out)
        text = " ".join(
            [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
            + [slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide]
        )
    elif fmt == "gpkg":
        import pyogrio

        text = " ".join(str(v) for v in pyogrio.read_dataframe(out, layer="military_positions")["notes"])
    else:
        text = out.read_text(encoding="utf-8")
    assert "X1337Y" not in text and os.getcwd() not in text
    literal = "X{{ 7*191 }}Y" if fmt != "html" else "X\\u007b\\u007b 7*191 \\u007d\\u007dY"
    assert literal in text or "X{{ 7*191 }}Y" in text, fmt


def test_animation_frames_render_with_hostile_text(tmp_path, hostile_data):
    options = Options(
        width=300, dpi=50, title="{{ 7*191 }} $\\foo$", start=date(2020, 1, 1), end=date(2021, 1, 1), step="year"
    )
    out = export("gif", hostile_data, View(day=date(2021, 1, 1)), tmp_path / "a.gif", options)
    with Image.open(out) as image:
        assert image.n_frames == 2


def test_the_exported_html_keeps_text_literal_when_opened(tmp_path, hostile_data, browser):
    view = View(day=date(2021, 6, 1), layers=("military_positions",))
    out = export("html", hostile_data, view, tmp_path / "x.html")
    page = browser.new_page()
    page.goto(out.as_uri())
    marker = page.locator(".leaflet-marker-icon:has([data-feature-id='barkhane-gao'])")
    marker.wait_for(state="attached", timeout=30_000)
    marker.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "X{{ 7*191 }}Y" in popup.inner_text() and "1337" not in popup.inner_text()
    page.close()


def test_a_typed_title_is_plain_text_not_mathtext(tmp_path, data):
    out = export("pdf", data, View(day=date(2021, 6, 1)), tmp_path / "t.pdf", Options(title="Costs $\\foo$ here"))
    assert "Costs $\\foo$ here" in PdfReader(out).pages[0].extract_text()


def test_validate_warns_on_template_syntax_but_passes(tmp_path):
    from conftest import POSITION, feature, write_layer

    write_layer(tmp_path, "military_positions", [feature(POSITION, notes="pasted {{ 7*191 }}")])
    result = subprocess.run(
        [sys.executable, "-m", "sahel_map", "validate", str(tmp_path / "military_positions.geojson")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "military_positions.geojson: test-gao: notes: warning: contains template syntax" in result.stdout


# -- the command line never prints a traceback ----------------------------------------------------


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "sahel_map", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def layer_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "geodata", folder)
    return folder


CASES = {
    "an object as a feature id": lambda f: _edit(
        f, "events.geojson", lambda d: d["features"][0]["properties"].update(id={"x": 1})
    ),
    "deeply nested JSON": lambda f: (f / "events.geojson").write_text("[" * 100_000 + "]" * 100_000),
    "a layer name that is a folder": lambda f: ((f / "events.geojson").unlink(), (f / "events.geojson").mkdir()),
    "a symlink loop": lambda f: (
        (f / "events.geojson").unlink(),
        (f / "events.geojson").symlink_to(f / "events.geojson"),
    ),
    "a FIFO named like a layer": lambda f: ((f / "events.geojson").unlink(), os.mkfifo(f / "events.geojson")),
    "a non-UTF-8 troop file": lambda f: (f / "troop_strength.csv").write_bytes(b"force,date\n\xff\xfe\xfa"),
    "a broken dataset.json": lambda f: (f / "dataset.json").write_text("{"),
    "a broken cut-off date": lambda f: (f / "dataset.json").write_text('{"cutoff": "yesterday"}'),
}


def _edit(folder, name, change):
    data = json.loads((folder / name).read_text())
    change(data)
    (folder / name).write_text(json.dumps(data))


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_and_export_say_one_clear_thing_for_broken_input(tmp_path, case):
    folder = layer_folder(tmp_path)
    CASES[case](folder)
    checked = run("--data", str(folder), "validate", "-q")
    assert checked.returncode == 1, checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr
    assert checked.stdout.strip() and str(tmp_path) not in checked.stdout
    exported = run(
        "--data", str(folder), "export", "--date", "2021-06-01", "--format", "png", "--out", str(tmp_path / "x.png")
    )
    assert exported.returncode == 2 and len(exported.stderr.strip().splitlines()) == 1, exported.stderr
    assert "Traceback" not in exported.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_missing_register_is_one_line(tmp_path):
    result = run("--sources", str(tmp_path / "none.csv"), "validate", "-q")
    assert result.returncode == 1 and "none.csv: -: -: file not found" in result.stdout
    assert "Traceback" not in result.stderr


def test_standalone_map_passes_the_guard(data):
    check_safe(standalone_map(data, View(day=date(2021, 6, 1))))
