"""Uploads in real Chromium: hostile files never run script, and a second session sees none of them.

Every fixture file is written here (GeoJSON, CSV, a shapefile written with
geopandas, KML); the payloads sit in properties, cells, column names, a
shapefile attribute and a KML description. Waits are Playwright's own.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from shapely.geometry import Point

from tests.test_browser import MAP_IFRAME

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=1</script>"
MARKER = "zq-private-marker-7781"


def hostile_files(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    geojson = directory / "hostile.geojson"
    geojson.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [-4.2, 14.5]},
                        "properties": {"name": IMG, "notes": SCRIPT, IMG: "a column named like a payload"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    csv = directory / "hostile.csv"
    csv.write_text(f'name,latitude,longitude,"{IMG}"\n"{SCRIPT}",15.5,-1.0,"{IMG}"\n', encoding="utf-8")
    shp_dir = directory / "shp"
    shp_dir.mkdir(exist_ok=True)
    gpd.GeoDataFrame({"name": [IMG]}, geometry=[Point(0.5, 13.5)], crs="EPSG:4326").to_file(
        shp_dir / "camps.shp", engine="pyogrio"
    )
    archive = directory / "camps.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in shp_dir.iterdir():
            z.write(part, part.name)
    kml = directory / "hostile.kml"
    kml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Placemark><name>kml point</name><description><![CDATA[{IMG} {SCRIPT}]]></description>"
        "<Point><coordinates>2.1,13.5</coordinates></Point></Placemark></Document></kml>",
        encoding="utf-8",
    )
    return [geojson, csv, archive, kml]


def the_map(page):
    """The map iframe's frame (to run script in it), once it is there."""
    for _ in range(6):  # a rerun may replace the iframe between finding it and entering it
        expect(page.frame_locator(MAP_IFRAME).first.locator(".leaflet-container")).to_be_visible(timeout=90_000)
        frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
        frame = frame or next((f for f in page.frames if "st_folium" in f.url and not f.is_detached()), None)
        if frame is not None:
            return frame
    raise AssertionError("the map kept being replaced")


def map_frame_with(page, count: int):
    """The map iframe once its uploaded layers have drawn ``count`` features in all."""
    for _ in range(6):  # a rerun may replace the iframe while we wait: then wait on the new one
        frame = the_map(page)
        try:
            frame.wait_for_function(
                f"""() => window.SahelMap && SahelMap.uploadCounts &&
                     SahelMap.uploadCounts().reduce((a, b) => a + b, 0) >= {count}""",
                timeout=30_000,
            )
            return frame
        except PlaywrightError as exc:
            if "detached" not in str(exc) and "Timeout" not in str(exc):
                raise
    raise AssertionError("the map kept being replaced")


OPEN_EVERYTHING = """() => {
    const texts = [];
    SahelMap.layers.filter(l => l.options && l.options.columns).forEach(l => {
        l.items.filter(i => i.shown).forEach(i => {
            const leaf = i.layer;
            const each = leaf.eachLayer ? (f) => leaf.eachLayer(f) : (f) => f(leaf);
            each(part => {
                part.openPopup();
                const popup = part.getPopup() && part.getPopup().getElement();
                if (popup) { texts.push(popup.innerText); }
                if (part.getTooltip()) {
                    part.openTooltip();
                    const tip = part.getTooltip().getElement();
                    if (tip) { texts.push(tip.innerText); }
                }
            });
        });
    });
    return {texts: texts, pwned: typeof window.__pwned, parent: typeof window.parent.__pwned,
            images: document.querySelectorAll('.leaflet-popup img, .leaflet-tooltip img').length,
            scripts: document.querySelectorAll('.leaflet-popup script, .leaflet-tooltip script').length};
}"""


#: every uploaded layer's data held by the map's page
UPLOADED_TEXT = """() => window.SahelMap ? JSON.stringify((SahelMap.layers || []).filter(l => l.options && l.options.cells)
    .map(l => l.options)) : ''"""


def upload(page, url: str, files: list[Path]):
    page.goto(f"{url}/Your_data")
    chooser = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    expect(chooser).to_be_attached(timeout=90_000)
    chooser.set_input_files([str(f) for f in files])


@pytest.fixture(scope="module")
def app_url():
    """A server of their own: sessions with many uploads stay out of the other tests' way."""
    from conftest import _serve

    process, url = _serve()
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_hostile_uploads_never_run_script_in_popups_or_tooltips(app_url, offline_page, tmp_path):
    files = hostile_files(tmp_path / "files")
    upload(offline_page, app_url, files)
    frame = map_frame_with(offline_page, 4)
    # each layer's points on one canvas in their own pane, over the basemap's SVG (not hidden under it)
    assert frame.locator(".leaflet-sahel-uploads-pane canvas").count() == 4
    seen = frame.evaluate(OPEN_EVERYTHING)
    assert seen["pwned"] == "undefined" and seen["parent"] == "undefined"
    assert seen["images"] == 0 and seen["scripts"] == 0
    joined = "\n".join(seen["texts"])
    # the payloads are shown as text: from the GeoJSON property and column name, the CSV cell and column
    # name, the shapefile attribute and the KML description
    assert joined.count(IMG) >= 5, joined
    assert SCRIPT in joined
    assert offline_page.evaluate("typeof window.__pwned") == "undefined"
    # the page itself (file names, layer names, column filters) shows them as text too
    expect(offline_page.get_by_text("hostile.csv").first).to_be_visible()


def test_a_second_session_sees_none_of_the_first_sessions_uploads(app_url, browser, tmp_path):
    csv = tmp_path / "private.csv"
    csv.write_text(f"name,latitude,longitude\n{MARKER},14.5,-4.2\n", encoding="utf-8")
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = first.new_page()
        served = []
        page.on("response", lambda r: served.append(r) if "/media/" in r.url and r.url.endswith(".json") else None)
        upload(page, app_url, [csv])
        frame = map_frame_with(page, 1)
        assert MARKER in frame.evaluate(UPLOADED_TEXT)
        # the map message carries the address of the session's own file (Streamlit's media store), which the
        # map fetched, not the data
        assert any(MARKER in response.text() for response in served), [r.url for r in served]
        # the layer follows the session to another map page (through the app's navigation: a new
        # address typed in the browser is a new session, and starts without it)
        page.locator('[data-testid="stSidebarNav"] a', has_text="Military positions").click()
        page.wait_for_url("**/Military_positions**")
        frame = map_frame_with(page, 1)
        assert MARKER in frame.evaluate(UPLOADED_TEXT)

        other = second.new_page()
        for path in ("/Your_data", "/Military_positions"):
            other.goto(f"{app_url}{path}")
            theirs = map_frame_with(other, 0)
            theirs.wait_for_function("() => SahelMap.layers.length > 0", timeout=90_000)
            assert MARKER not in other.content()
            for each in other.frames:
                assert MARKER not in each.content()
                assert MARKER not in each.evaluate(UPLOADED_TEXT)
            assert theirs.evaluate("() => SahelMap.uploadCounts().length") == 0
    finally:
        first.close()
        second.close()


@pytest.fixture
def hostile_export(tmp_path, data):
    from sahel_map.data.uploads import read_upload
    from sahel_map.export import export
    from sahel_map.export.layers import ExtraLayer
    from sahel_map.view.view import View

    layers = []
    for path in hostile_files(tmp_path / "files"):
        layers += [ExtraLayer(layer) for layer in read_upload(path.name, path).layers]
    out = tmp_path / "map.html"
    export("html", data, View(day=data.cutoff), out, extra=layers)
    return out


def test_the_exported_html_shows_hostile_uploads_as_text(browser, hostile_export):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(hostile_export.as_uri())
        page.wait_for_function("() => window.SahelMap && SahelMap.uploadCounts().length === 4", timeout=60_000)
        seen = page.evaluate(OPEN_EVERYTHING)
        assert seen["pwned"] == "undefined" and seen["images"] == 0
        assert "\n".join(seen["texts"]).count(IMG) >= 5
        legend = page.locator(".sahel-legend").inner_text()
        assert "hostile" in legend
    finally:
        context.close()
