"""What a viewer sees, in real headless Chromium, with every request off this machine blocked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def open_map(page, url: str):
    page.goto(url)
    page.wait_for_selector(MAP_IFRAME, timeout=90_000)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    return frame


def marker_titles(frame) -> list[str]:
    return frame.locator(".leaflet-marker-icon.sahel-marker[title]").evaluate_all("els => els.map(e => e.title)")


def feature_ids(frame) -> list[str]:
    return frame.locator(".sahel-marker [data-feature-id]").evaluate_all("els => els.map(e => e.dataset.featureId)")


def wait_for_titles(page, frame, predicate, timeout_s=60):
    for _ in range(int(timeout_s * 4)):
        titles = marker_titles(frame)
        if predicate(titles):
            return titles
        page.wait_for_timeout(250)
    return marker_titles(frame)


def test_map_renders_offline_with_features(app_url, offline_page):
    frame = open_map(offline_page, f"{app_url}/?date=2021-06-01&layers=military_positions,events")
    titles = wait_for_titles(offline_page, frame, lambda t: len(t) > 10)
    assert any("Barkhane" in t for t in titles)
    # the vector basemap drew country outlines: SVG paths, no tile images
    assert frame.locator("path.leaflet-interactive").count() > 5
    assert frame.locator("img.leaflet-tile").count() == 0
    assert offline_page.blocked == []


@pytest.mark.parametrize(
    ("day", "present", "absent"),
    [
        ("2021-06-01", ["barkhane-gao", "barkhane-kidal", "barkhane-tessalit", "barkhane-timbuktu"], ["wagner-gao"]),
        ("2023-06-01", ["wagner-gao", "wagner-timbuktu"], ["barkhane-gao", "barkhane-kidal", "barkhane-niamey"]),
    ],
)
def test_url_date_holds_the_right_barkhane_positions(app_url, offline_page, day, present, absent):
    frame = open_map(offline_page, f"{app_url}/?date={day}&layers=military_positions&forces=barkhane,wagner")
    wait_for_titles(offline_page, frame, lambda t: len(t) > 0)
    ids = set(feature_ids(frame))
    assert set(present) <= ids, ids
    assert not set(absent) & ids


def test_slider_move_swaps_features_without_recreating_the_map(app_url, offline_page):
    page = offline_page
    frame = open_map(page, f"{app_url}/?date=2021-06-01&layers=military_positions&zoom=6")
    wait_for_titles(page, frame, lambda t: any("(Barkhane" in x for x in t))
    # tag the live Leaflet container; a re-created map would lose the tag
    frame.locator(".leaflet-container").evaluate("el => el.setAttribute('data-test-tag', 'original')")
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    thumb.press("End")  # jump to the data cut-off
    wait_for_titles(page, frame, lambda t: t and not any("(Barkhane" in x for x in t))
    ids = feature_ids(frame)
    assert ids and not any(i.startswith("barkhane-") for i in ids)
    assert any(i.startswith(("africa_corps-", "fama-")) for i in ids), ids
    assert frame.locator(".leaflet-container[data-test-tag='original']").count() == 1
    assert page.blocked == []


def _map_view(page):
    frame = next(f for f in page.frames if "st_folium" in f.url)
    return frame, frame.evaluate("() => window.map ? [window.map.getZoom(), window.map.getCenter()] : null")


def test_url_view_is_restored_and_panning_updates_the_url(app_url, offline_page):
    page = offline_page
    open_map(page, f"{app_url}/?date=2022-03-01&layers=military_positions&center=16.0,-0.5&zoom=7")
    page.wait_for_timeout(3000)  # long enough for the map to report its view and the page to rerun
    frame, (zoom, center) = _map_view(page)
    assert zoom == 7 and abs(center["lat"] - 16.0) < 0.01 and abs(center["lng"] + 0.5) < 0.01
    frame.evaluate("() => window.map.setView([18.4, 1.4], 8)")
    for _ in range(40):
        page.wait_for_timeout(250)
        if "zoom=8" in page.url:
            break
    assert "zoom=8" in page.url and "center=18.4" in page.url, page.url
    page.wait_for_timeout(1500)
    assert _map_view(page)[1][0] == 8  # the rerun did not pull the map back
    # the town labels appear at this zoom, from the offline basemap
    assert frame.locator(".sahel-town-label", has_text="Kidal").count() == 1


def test_play_animates_in_the_browser_offline(app_url, offline_page):
    page = offline_page
    page.goto(f"{app_url}/?layers=military_positions")
    page.get_by_text("Play the drawdown in the browser").click()
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-timeline-control").wait_for(timeout=60_000)
    slider = frame.locator(".leaflet-timeline-control input[type=range]")
    slider.wait_for(timeout=30_000)
    # scrub the map's own slider: the markers shown follow its date, without any server round trip
    slider.evaluate(
        "(el) => { el.value = el.min; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }"
    )
    page.wait_for_timeout(500)
    early = set(feature_ids(frame))
    slider.evaluate(
        "(el) => { el.value = el.max; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }"
    )
    page.wait_for_timeout(500)
    late = set(feature_ids(frame))
    assert any(i.startswith("serval-") for i in early), early
    assert late and not any(i.startswith(("serval-", "barkhane-")) for i in late), late
    assert page.blocked == []


HOSTILE = '<img src=x onerror="window.top.__pwned=1"><script>window.top.__pwned=2</script>`${window.top.__pwned=3}`'


@pytest.fixture
def hostile_app(tmp_path):
    """The app served on a copy of the layers where one position carries script in every text field."""
    import csv
    import json
    import shutil

    from conftest import ROOT, _serve

    for path in (ROOT / "geodata").iterdir():
        shutil.copy(path, tmp_path / path.name)
    layer = json.loads((tmp_path / "military_positions.geojson").read_text())
    target = next(f for f in layer["features"] if f["properties"]["id"] == "barkhane-gao")
    target["properties"].update(name=HOSTILE, notes=HOSTILE, description=HOSTILE, place=HOSTILE)
    target["properties"]["sources"].append("hostile-source")
    (tmp_path / "military_positions.geojson").write_text(json.dumps(layer))
    register = tmp_path / "sources.csv"
    shutil.copy(ROOT / "seeds" / "sources.csv", register)
    with open(register, "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(["hostile-source", HOSTILE, HOSTILE, "", "javascript:window.top.__pwned=4", "x"])
    process, url = _serve({"SAHEL_MAP_GEODATA": str(tmp_path), "SAHEL_MAP_SOURCES": str(register)})
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_hostile_text_in_a_layer_never_runs_in_the_browser(hostile_app, offline_page):
    page = offline_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame = open_map(page, f"{hostile_app}/?date=2021-06-01&layers=military_positions&center=16.3,-0.04&zoom=8")
    marker = frame.locator(".leaflet-marker-icon:has([data-feature-id='barkhane-gao'])")
    marker.wait_for(timeout=30_000)
    marker.dispatch_event("mouseover")
    marker.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "<img src=x" in text and "<script>" in text  # shown as text, not parsed as HTML
    assert popup.locator("img, script").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
