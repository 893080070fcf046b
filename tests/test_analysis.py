"""Coverage, nearest positions and changes between two dates: by hand, against pyproj, and on the CLI."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import date, timedelta

import numpy as np
import pytest
from conftest import POSITION, ROOT, feature, fixture_folder, write_layer
from pyproj import Geod

from sahel_map.data import load_dataset
from sahel_map.view import changes as changes_module
from sahel_map.view import coverage as coverage_module
from sahel_map.view.nearest import nearest
from sahel_map.view.timeline import active_on

GEOD = Geod(ellps="WGS84")


def box(west, south, east, north, step=0.5):
    """A lon/lat box with its parallels densified (so it stays a box once projected)."""
    lons = list(np.arange(west, east, step)) + [east]
    lats = list(np.arange(south, north, step)) + [north]
    ring = (
        [[x, south] for x in lons]
        + [[east, y] for y in lats[1:]]
        + [[x, north] for x in reversed(lons[:-1])]
        + [[west, y] for y in reversed(lats[:-1])]
    )
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(scope="module")
def boxes(tmp_path_factory):
    """Two box countries sharing a straight border on the 10th meridian; one position well inside
    the first, one on the border."""
    folder = fixture_folder(tmp_path_factory.mktemp("boxes") / "geodata")
    countries = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": box(-10, 5, 10, 25), "properties": {"name": "West box", "iso3": "MLI"}},
            {"type": "Feature", "geometry": box(10, 5, 30, 25), "properties": {"name": "East box", "iso3": "NER"}},
        ],
    }
    (folder / "basemap_countries.geojson").write_text(json.dumps(countries), encoding="utf-8")
    inside = feature(POSITION, id="inside", geometry={"type": "Point", "coordinates": [0.0, 15.0]}, end=None)
    border = feature(
        POSITION, id="border", force="takuba", geometry={"type": "Point", "coordinates": [10.0, 15.0]}, end=None
    )
    near = feature(
        POSITION, id="near", force="minusma", geometry={"type": "Point", "coordinates": [1.0, 15.0]}, end=None
    )
    write_layer(folder, "military_positions", [inside, border, near])
    data = load_dataset(folder)
    assert not data.errors, data.errors
    return data


def geodesic_area_km2(lon, lat, radius_km, vertices=3600):
    """The reference: the geodesic area (on the ellipsoid) of a very fine ring of geodesic radius R."""
    az = np.linspace(0, 360, vertices, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(vertices, lon), np.full(vertices, lat), az, np.full(vertices, radius_km * 1000.0))
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area) / 1e6


# -- coverage -----------------------------------------------------------------------------------


@pytest.mark.parametrize("radius", [10, 100, 400])
def test_a_ring_wholly_inside_a_country_covers_pi_r_squared(boxes, radius):
    answer = coverage_module.coverage(boxes, date(2020, 1, 1), radius, ["barkhane"], "mali")
    assert answer.covered_km2 == pytest.approx(math.pi * radius**2, rel=0.01)
    assert answer.covered_km2 == pytest.approx(geodesic_area_km2(0.0, 15.0, radius), rel=0.01)
    assert answer.share == pytest.approx(answer.covered_km2 / answer.area_km2, rel=1e-4)
    # the box country itself, against its geodesic area
    west_box = GEOD.geometry_area_perimeter(__import__("shapely").geometry.shape(box(-10, 5, 10, 25)))[0]
    assert answer.area_km2 == pytest.approx(abs(west_box) / 1e6, rel=0.01)


def test_a_ring_on_a_straight_border_is_cut_in_half(boxes):
    west = coverage_module.coverage(boxes, date(2020, 1, 1), 200, ["takuba"], "mali")
    east = coverage_module.coverage(boxes, date(2020, 1, 1), 200, ["takuba"], "niger")
    full = geodesic_area_km2(10.0, 15.0, 200)
    assert west.covered_km2 == pytest.approx(full / 2, rel=0.01)
    assert east.covered_km2 == pytest.approx(full / 2, rel=0.01)


def test_rings_are_unioned_not_added(boxes):
    both = coverage_module.coverage(boxes, date(2020, 1, 1), 200, ["barkhane", "takuba"], "mali")
    assert both.covered_km2 == pytest.approx(
        geodesic_area_km2(0.0, 15.0, 200) + geodesic_area_km2(10.0, 15.0, 200) / 2, rel=0.01
    )
    # two rings d km apart overlap by a lens: the union is two circles less the lens
    r = 100
    d = GEOD.inv(0.0, 15.0, 1.0, 15.0)[2] / 1000
    lens = 2 * r * r * math.acos(d / (2 * r)) - d / 2 * math.sqrt(4 * r * r - d * d)
    overlapping = coverage_module.coverage(boxes, date(2020, 1, 1), r, ["barkhane", "minusma"], "mali")
    assert overlapping.covered_km2 == pytest.approx(2 * math.pi * r * r - lens, rel=0.01)


@pytest.mark.parametrize(("lon", "lat", "radius"), [(0.0, 15.0, 50), (-4.0, 24.0, 500), (2.4, 15.9, 250)])
def test_geodesic_rings_match_a_geodesic_reference(lon, lat, radius):
    ring = coverage_module.geodesic_rings([lon], [lat], radius)[0]
    reference = geodesic_area_km2(lon, lat, radius)
    assert ring.area / 1e6 == pytest.approx(reference, rel=0.01)
    # built the other way (a buffer in the point's own azimuthal equidistant projection): the same circle
    assert coverage_module.aeqd_ring(lon, lat, radius).area / 1e6 == pytest.approx(reference, rel=0.01)
    # and every vertex is R km from the centre along a geodesic
    from pyproj import Transformer

    back = Transformer.from_crs(coverage_module.EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)
    xs, ys = back.transform(*ring.exterior.coords.xy)
    _, _, metres = GEOD.inv(np.full(len(xs), lon), np.full(len(xs), lat), xs, ys)
    assert np.allclose(np.asarray(metres) / 1000, radius, rtol=1e-6)


def test_coverage_follows_the_time_rule(fixture_data):
    # test-gao (barkhane) ends on 2022-08-15: covered the day before, not on the day
    before = coverage_module.coverage(fixture_data, date(2022, 8, 14), 100, ["barkhane"], "mali")
    on = coverage_module.coverage(fixture_data, date(2022, 8, 15), 100, ["barkhane"], "mali")
    assert before.covered_km2 > 20000 and on.covered_km2 == 0
    fama = coverage_module.coverage(fixture_data, date(2022, 8, 15), 100, "malian", "mali")
    assert fama.covered_km2 == pytest.approx(before.covered_km2, rel=1e-6)


def test_tri_border_is_the_primary_definition(fixture_data):
    # the fixture's primary area is a 3 x 3 degree square centred on (0.5, 14.8); Gao is 150 km from its corner
    answer = coverage_module.coverage(fixture_data, date(2020, 1, 1), 500, ["barkhane"], "tri_border")
    assert answer.share == pytest.approx(1.0)
    square = GEOD.geometry_area_perimeter(__import__("shapely").geometry.shape(box(-1, 13.3, 2, 16.3)))[0]
    assert answer.area_km2 == pytest.approx(abs(square) / 1e6, rel=0.01)


def test_presets_and_bad_input():
    assert coverage_module.parse_forces(None) == coverage_module.PRESETS["foreign"]
    assert coverage_module.parse_forces("russian,fama") == ("wagner", "africa_corps", "fama")
    for bad in ("legion", "", " , "):
        with pytest.raises(ValueError):
            coverage_module.parse_forces(bad)
    for radius in (9.9, 501, -5, float("nan")):
        with pytest.raises(ValueError):
            coverage_module.check_radius(radius)
    with pytest.raises(ValueError, match="unknown area"):
        coverage_module.check_area("france")


def test_series_each_step_both_ends_and_cached(data):
    series = coverage_module.coverage_series(data, "2013-01-01", "2014-06-15", "quarter", 100, "foreign", "mali")
    assert [s.date for s in series] == [
        "2013-01-01",
        "2013-04-01",
        "2013-07-01",
        "2013-10-01",
        "2014-01-01",
        "2014-04-01",
        "2014-06-15",
    ]
    assert series[0].covered_km2 == 0  # Serval starts on 11 January 2013
    assert all(s.covered_km2 > 0 for s in series[1:])
    again = coverage_module.coverage_series(data, "2013-01-01", "2014-06-15", "quarter", 100, "foreign", "mali")
    assert again is series
    for answer in series:
        assert answer == coverage_module.coverage(data, answer.date, 100, "foreign", "mali")


def test_the_drawdown_shows(data):
    table = coverage_module.preset_series(data, 100, "mali", "year")
    share = table.pivot(index="date", columns="preset", values="share")
    assert share.loc["2021-01-01", "foreign"] > 0.15 > share.loc["2025-01-01", "foreign"]
    assert share.loc["2021-01-01", "russian"] == 0 < share.loc["2024-01-01", "russian"]


# -- nearest ------------------------------------------------------------------------------------


def test_nearest_against_geod_inv(fixture_data):
    lat, lon, day = 15.0, -1.0, date(2023, 1, 1)
    rows = nearest(fixture_data, lat, lon, day)
    active = active_on(fixture_data.frames["military_positions"], day)
    expected = {}
    for row in active.itertuples():
        _, _, metres = GEOD.inv(lon, lat, row.geometry.x, row.geometry.y)
        if row.force not in expected or metres / 1000 < expected[row.force][1]:
            expected[row.force] = (row.id, metres / 1000)
    assert [r["force"] for r in rows] == sorted(expected, key=lambda f: expected[f][1])
    for r in rows:
        assert r["id"] == expected[r["force"]][0]
        assert r["distance_km"] == pytest.approx(expected[r["force"]][1], abs=0.05)
    assert {r["id"] for r in rows} == {"test-fama-gao", "test-minusma-timbuktu", "test-wagner-segou"}


def test_nearest_keeps_one_position_per_force_and_checks_the_point(fixture_data):
    rows = nearest(fixture_data, 17.0, 0.0, date(2020, 1, 1))
    assert [r["force"] for r in rows].count("barkhane") == 1
    assert rows[0]["id"] == "test-gao"  # Gao is nearer to (17, 0) than Kidal
    assert nearest(fixture_data, 17.0, 0.0, date(2012, 1, 1)) == []
    for lat, lon in ((91, 0), (-90.5, 0), (0, 181)):
        with pytest.raises(ValueError):
            nearest(fixture_data, lat, lon, date(2020, 1, 1))


# -- changes ------------------------------------------------------------------------------------


def test_changes_by_hand(fixture_data):
    found = changes_module.changes(fixture_data, date(2021, 6, 1), date(2022, 12, 31))
    assert found.as_dict() == {
        "from": "2021-06-01",
        "to": "2022-12-31",
        "opened": ["test-wagner-segou", "test-fama-gao"],
        "closed": ["test-gao", "test-kidal"],
        "handed_over": [{"id": "test-gao", "successor": "fama"}],
        "zones": found.as_dict()["zones"],
        "events": ["test-event"],
    }
    zones = {(z["group"], z["level"]): (z["km2_from"], z["km2_to"]) for z in found.zones}
    assert set(zones) == {("isgs", "influence"), ("jnim", "control")}
    assert zones[("isgs", "influence")][0] == zones[("isgs", "influence")][1]
    square = abs(GEOD.geometry_area_perimeter(__import__("shapely").geometry.shape(box(-1, 14, 1, 16)))[0]) / 1e6
    assert zones[("isgs", "influence")][0] == pytest.approx(square, rel=0.01)


def test_changes_at_the_edges_of_a_day(fixture_data):
    # test-gao ends and test-fama-gao starts on 2022-08-15, the day of test-event
    found = changes_module.changes(fixture_data, date(2022, 8, 14), date(2022, 8, 15))
    assert (found.opened, found.closed, found.events) == (["test-fama-gao"], ["test-gao"], ["test-event"])
    found = changes_module.changes(fixture_data, date(2022, 8, 15), date(2022, 8, 16))
    assert (found.opened, found.closed, found.events) == ([], [], [])
    assert changes_module.changes(fixture_data, date(2020, 1, 1), date(2020, 1, 1)).events == []


def test_changes_agree_with_the_time_rule_on_every_pair(fixture_data):
    positions = fixture_data.frames["military_positions"]
    days = [date(2013, 1, 1) + timedelta(days=173 * i) for i in range(30)]
    for first in days[::3]:
        for last in days:
            if last < first:
                continue
            found = changes_module.changes(fixture_data, first, last)
            before, after = set(active_on(positions, first)["id"]), set(active_on(positions, last)["id"])
            assert set(found.opened) == after - before and set(found.closed) == before - after


def test_summary_in_both_languages(fixture_data):
    from sahel_map.look.i18n import translator

    found = changes_module.changes(fixture_data, date(2021, 6, 1), date(2022, 12, 31))
    english = changes_module.summary(found, translator("en"))
    assert english.startswith("Between 1 June 2021 and 31 December 2022, 2 foreign positions closed")
    assert "1 Malian position opened" in english and "1 Russian position opened" in english
    assert "1 was handed over" in english and "1 event is recorded in between." in english
    french = changes_module.summary(found, translator("fr"))
    assert french.startswith("Entre le 1er juin 2021 et le 31 décembre 2022, 2 positions étrangères ont fermé")
    with pytest.raises(ValueError, match="before"):
        changes_module.changes(fixture_data, date(2022, 1, 1), date(2021, 1, 1))


# -- command line -------------------------------------------------------------------------------


def cli(*args, data_dir=None):
    prefix = ["--data", str(data_dir)] if data_dir else []
    return subprocess.run(
        [sys.executable, "-m", "sahel_map", *prefix, "analyse", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_cli_json_shapes(fixture_dir):
    result = cli(
        "coverage",
        "--date",
        "2021-06-01",
        "--radius-km",
        "100",
        "--forces",
        "barkhane",
        "--area",
        "mali",
        "--json",
        data_dir=fixture_dir,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert list(answer) == ["date", "radius_km", "area", "forces", "area_km2", "covered_km2", "share"]
    assert answer["forces"] == ["barkhane"] and answer["covered_km2"] > 0
    result = cli(
        "coverage",
        "--start",
        "2013-01-01",
        "--end",
        "2015-06-01",
        "--step",
        "year",
        "--radius-km",
        "50",
        "--area",
        "tri_border",
        "--json",
        data_dir=fixture_dir,
    )
    series = json.loads(result.stdout)
    assert [a["date"] for a in series] == ["2013-01-01", "2014-01-01", "2015-01-01", "2015-06-01"]
    assert series[0]["forces"] == list(coverage_module.PRESETS["foreign"])
    result = cli("nearest", "--lat", "15.92", "--lon", "2.40", "--date", "2022-03-01", "--json", data_dir=fixture_dir)
    rows = json.loads(result.stdout)
    assert [list(r) for r in rows] == [["force", "id", "name", "distance_km"]] * len(rows)
    assert [r["distance_km"] for r in rows] == sorted(r["distance_km"] for r in rows)
    result = cli("changes", "--from", "2021-06-01", "--to", "2022-12-31", "--json", data_dir=fixture_dir)
    found = json.loads(result.stdout)
    assert list(found) == ["from", "to", "opened", "closed", "handed_over", "zones", "events"]
    assert found["handed_over"] == [{"id": "test-gao", "successor": "fama"}]
    assert list(found["zones"][0]) == ["group", "level", "km2_from", "km2_to"]


def test_cli_tables_without_json(fixture_dir):
    result = cli("coverage", "--date", "2021-06-01", "--radius-km", "100", data_dir=fixture_dir)
    assert result.returncode == 0 and "covered_km2" in result.stdout and "%" in result.stdout
    result = cli("changes", "--from", "2021-06-01", "--to", "2022-12-31", data_dir=fixture_dir)
    assert result.stdout.startswith("Between 1 June 2021 and 31 December 2022") and "test-kidal" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["coverage", "--date", "2021-02-30", "--radius-km", "100"], "is not a date"),
        (["coverage", "--date", "2021-02-01", "--radius-km", "-5"], "outside 10 to 500 km"),
        (["coverage", "--date", "2021-02-01", "--radius-km", "5000"], "outside 10 to 500 km"),
        (["coverage", "--date", "2021-02-01", "--radius-km", "100", "--area", "france"], "unknown area"),
        (["coverage", "--date", "2021-02-01", "--radius-km", "100", "--forces", "legion"], "unknown force"),
        (["coverage", "--start", "2022-01-01", "--end", "2021-01-01", "--radius-km", "100"], "before"),
        (["nearest", "--lat", "95", "--lon", "0", "--date", "2021-01-01"], "latitude 95 is outside"),
        (["nearest", "--lat", "15", "--lon", "0", "--date", "2021-13-01"], "is not a date"),
        (["changes", "--from", "2022-01-01", "--to", "2021-01-01"], "--to 2021-01-01 is before --from 2022-01-01"),
    ],
)
def test_cli_bad_input_one_line_exit_2(fixture_dir, args, message):
    result = cli(*args, data_dir=fixture_dir)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and result.stdout == ""


# -- the page -----------------------------------------------------------------------------------


def run_analysis_page(query=None, state=None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "6_Analysis.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run()


def metric(at, starts: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(starts))


def test_page_coverage_figure_follows_the_radius_and_the_forces(data):
    at = run_analysis_page({"date": "2021-06-01"})
    assert not at.exception
    expected = coverage_module.coverage(data, date(2021, 6, 1), 100, "foreign", "mali")
    assert metric(at, "Share of Mali within 100 km") == f"{expected.share * 100:.1f}%"
    assert metric(at, "Area covered") == f"{round(expected.covered_km2):,}"
    at.session_state["analysis_radius"] = 300
    at.run()
    wider = coverage_module.coverage(data, date(2021, 6, 1), 300, "foreign", "mali")
    assert metric(at, "Share of Mali within 300 km") == f"{wider.share * 100:.1f}%"
    assert wider.share > expected.share + 0.2
    at.radio(key="analysis_preset").set_value("russian").run()
    assert metric(at, "Share of Mali within 300 km") == "0.0%"  # no Russian position before December 2021
    at.radio(key="analysis_preset").set_value("custom").run()
    at.multiselect(key="analysis_custom").set_value(["minusma"]).run()
    alone = coverage_module.coverage(data, date(2021, 6, 1), 300, ["minusma"], "mali")
    assert metric(at, "Share of Mali within 300 km") == f"{alone.share * 100:.1f}%"
    at.selectbox(key="analysis_area").set_value("niger").run()
    niger = coverage_module.coverage(data, date(2021, 6, 1), 300, ["minusma"], "niger")
    assert metric(at, "Share of Niger within 300 km") == f"{niger.share * 100:.1f}%"


def test_page_changes_summary_tables_and_csv(data):
    at = run_analysis_page({"date": "2021-06-01"})
    text = "\n".join(m.value for m in at.markdown)
    assert "Between 1 June 2021 and 31 December 2022" in text
    assert "Barkhane desert platform \\(PfOD\\)" in text or "Barkhane desert platform (PfOD)" in text
    at.date_input(key="analysis_changes_from").set_value(date(2022, 8, 14)).run()
    at.date_input(key="analysis_changes_to").set_value(date(2022, 8, 15)).run()
    found = changes_module.changes(data, date(2022, 8, 14), date(2022, 8, 15))
    from sahel_map.look.i18n import translator

    summary = changes_module.summary(found, translator("en"))
    assert any(m.value.startswith("Between 14 August 2022 and 15 August 2022") for m in at.markdown), summary
    assert not at.exception
    # the download panel offers the summary's first sentence as the caption of an image
    at.toggle(key="analysis_download").set_value(True).run()
    assert at.checkbox(key="analysis_caption").label == "Print the summary of what changed under the title"
    assert not at.exception


def test_page_in_french():
    at = run_analysis_page({"date": "2021-06-01", "lang": "fr"})
    assert not at.exception
    assert at.title[0].value == "Analyse"
    assert any(m.label.startswith("Part – Mali – à moins de 100 km") for m in at.metric)
    assert any(m.value.startswith("Entre le 1er juin 2021 et le 31 décembre 2022") for m in at.markdown)


# -- in the browser -----------------------------------------------------------------------------

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SHOWN_RINGS = "() => SahelMap.shownIds().filter(i => i.startsWith('ring-')).sort()"


def analysis_frame(page, url):
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.frame_locator(MAP_IFRAME).first.locator(".leaflet-container")).to_be_visible(timeout=90_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('st_folium'))", timeout=60_000
    )
    frame = next(f for f in page.frames if "st_folium" in f.url)
    frame.wait_for_function(
        "() => window.SahelMap && SahelMap.shownIds().includes('ring-barkhane-gao')", timeout=60_000
    )
    return frame


@pytest.mark.browser
def test_rings_follow_the_slider_without_rebuilding_the_map(app_url, offline_page):
    page = offline_page
    frame = analysis_frame(page, f"{app_url}/Analysis?date=2021-06-01")
    before = frame.evaluate(SHOWN_RINGS)
    model = coverage_module.model_for(load_dataset())
    expected = sorted(f"ring-{i}" for i in model.active(date(2021, 6, 1), coverage_module.PRESETS["foreign"])["id"])
    assert before == expected
    # the rings are drawn, above the basemap, as paths with a size
    assert (
        frame.evaluate(
            """() => SahelMap.layers.flatMap(l => l.items || []).filter(i => i.shown && i.feature.properties.id
              === 'ring-barkhane-gao').map(i => i.layer.getLayers()[0]._path.getBBox().width)[0]"""
        )
        > 10
    )
    frame.evaluate("() => { SahelMap.map._testMark = 'same map'; }")
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    thumb.press("End")  # the data cut-off: the foreign forces have left Mali
    frame.wait_for_function("() => !SahelMap.shownIds().includes('ring-barkhane-gao')", timeout=10_000)
    page.wait_for_function("() => location.search.includes('date=')  && !location.search.includes('2021-06-01')")
    after = frame.evaluate(SHOWN_RINGS)
    cutoff = load_dataset().cutoff
    assert after == sorted(f"ring-{i}" for i in model.active(cutoff, coverage_module.PRESETS["foreign"])["id"])
    assert frame.evaluate("() => SahelMap.map._testMark") == "same map"
    assert page.blocked == []


@pytest.mark.browser
def test_a_click_lists_the_nearest_positions_and_draws_lines(app_url, offline_page):
    page = offline_page
    frame = analysis_frame(page, f"{app_url}/Analysis?date=2021-06-01")
    # a point of the map with nothing on it: what lies under it is the map itself
    point = frame.evaluate(
        """() => { const p = SahelMap.map.latLngToContainerPoint([21.0, -9.5]); return [p.x, p.y]; }"""
    )
    page.frame_locator(MAP_IFRAME).first.locator(".leaflet-container").click(position={"x": point[0], "y": point[1]})
    page.get_by_text("Nearest positions on 1 June 2021 to the point clicked").wait_for(timeout=30_000)
    frame.wait_for_function("() => SahelMap.shownIds().some(i => i.startsWith('nearest-'))", timeout=30_000)
    lines = frame.evaluate("() => SahelMap.shownIds().filter(i => i.startsWith('nearest-')).sort()")
    expected = nearest(load_dataset(), 21.0, -9.5, date(2021, 6, 1))
    assert lines == sorted(f"nearest-{r['id']}" for r in expected)
    table = next(r for r in page.locator("table").all_inner_texts() if "Distance (km)" in r)
    body = table.strip().splitlines()[1:]
    assert len(body) == len(expected) and expected[0]["name"] in body[0]


# -- exports ------------------------------------------------------------------------------------


def test_exports_carry_the_rings_and_the_summary(tmp_path, fixture_data):
    from pypdf import PdfReader

    from sahel_map.export import Options, export
    from sahel_map.export.rings import CoverageRings
    from sahel_map.look.i18n import translator
    from sahel_map.view import View

    day = date(2020, 1, 1)
    rings = coverage_module.model_for(fixture_data).rings(100, ["barkhane"])
    layer = CoverageRings(rings, 100, "#0072B2", "Within 100 km of the chosen forces")
    view = View(day=day, layers=("military_positions",))
    summary = changes_module.summary(
        changes_module.changes(fixture_data, day, date(2022, 12, 31)), translator("en"), brief=True
    )
    out = export("pdf", fixture_data, view, tmp_path / "map.pdf", Options(caption=summary), extra=[layer])
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Between 1 January 2020 and 31 December 2022" in text
    assert "Within 100 km of the chosen forces" in text  # the legend row
    assert "geodesic circles of 100 km" in text  # the credit line
    vector = json.loads(export("geojson", fixture_data, view, tmp_path / "map.geojson", extra=[layer]).read_text())
    shown = {f["properties"]["id"] for f in vector["features"]}
    assert {"test-gao", "test-kidal"} <= shown  # the positions and, as polygons, their rings
    polygons = [f for f in vector["features"] if f["geometry"]["type"] == "Polygon"]
    assert len(polygons) == 2
    # the PNG with the rings is not the PNG without them
    with_rings = export("png", fixture_data, view, tmp_path / "a.png", extra=[layer]).read_bytes()
    without = export("png", fixture_data, view, tmp_path / "b.png").read_bytes()
    assert with_rings != without


@pytest.mark.browser
def test_a_click_on_an_event_asks_what_was_nearest_to_it(app_url, offline_page):
    from playwright.sync_api import expect

    page = offline_page
    frame = analysis_frame(page, f"{app_url}/Analysis?date=2022-03-01")
    markers = page.frame_locator(MAP_IFRAME).first.locator(
        ".sahel-marker [data-feature-id='banibangou-market-convoy-2021']"
    )
    markers.first.click(force=True)  # an event marker: it opens its popup, and the page hears the click too
    events = load_dataset().frames["events"]
    event = events[events["id"] == "banibangou-market-convoy-2021"].geometry.iloc[0]
    expected = nearest(load_dataset(), event.y, event.x, date(2022, 3, 1))
    frame.wait_for_function("() => SahelMap.shownIds().some(i => i.startsWith('nearest-'))", timeout=30_000)
    lines = frame.evaluate("() => SahelMap.shownIds().filter(i => i.startsWith('nearest-')).sort()")
    assert lines == sorted(f"nearest-{r['id']}" for r in expected)
    expect(page.get_by_text(f"({event.y:.3f}, {event.x:.3f})")).to_have_count(1, timeout=30_000)
