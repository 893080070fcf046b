"""What a viewer sees, in real headless Chromium, with every request off this machine blocked.

Waits are Playwright's auto-waiting ``expect`` checks and ``wait_for_function``, never fixed sleeps.
"""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def open_map(page, url: str):
    page.goto(url)
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=90_000)
    return frame


def map_frame(page):
    """The map iframe as a Frame (to run script in it)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('st_folium'))", timeout=60_000
    )
    return next(f for f in page.frames if "st_folium" in f.url)


def feature_ids(frame) -> set[str]:
    return set(
        frame.locator(".sahel-marker [data-feature-id]").evaluate_all("els => els.map(e => e.dataset.featureId)")
    )


def wait_for_ids(page, predicate, timeout_ms=60_000) -> set[str]:
    frame = map_frame(page)
    frame.wait_for_function(
        "() => window.SahelMap && window.SahelMap.layers.length > 0 && window.SahelMap.layers.every(l => l.items)",
        timeout=timeout_ms,
    )
    ids: set[str] = set()
    for _ in range(int(timeout_ms / 250)):
        ids = feature_ids(page.frame_locator(MAP_IFRAME).first)
        if predicate(ids):
            return ids
        page.wait_for_timeout(250)  # polling a condition, not waiting for time to pass
    return ids


def test_map_renders_offline_with_features(app_url, offline_page):
    frame = open_map(offline_page, f"{app_url}/?date=2021-06-01&layers=military_positions,events")
    ids = wait_for_ids(offline_page, lambda i: len(i) > 10)
    assert "barkhane-gao" in ids
    # the vector basemap drew country outlines: SVG paths, no tile images
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached()
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
    open_map(offline_page, f"{app_url}/?date={day}&layers=military_positions&forces=barkhane,wagner")
    ids = wait_for_ids(offline_page, lambda i: set(present) <= i)
    assert set(present) <= ids, ids
    assert not set(absent) & ids
    assert all(i.startswith(("barkhane-", "wagner-")) for i in ids)


def test_slider_move_swaps_features_without_recreating_the_map(app_url, offline_page):
    page = offline_page
    frame = open_map(page, f"{app_url}/?date=2021-06-01&layers=military_positions&zoom=6")
    wait_for_ids(page, lambda i: any(x.startswith("barkhane-") for x in i))
    # tag the live Leaflet container; a re-created map would lose the tag
    frame.locator(".leaflet-container").evaluate("el => el.setAttribute('data-test-tag', 'original')")
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    thumb.press("End")  # jump to the data cut-off
    ids = wait_for_ids(page, lambda i: i and not any(x.startswith("barkhane-") for x in i))
    assert ids and not any(i.startswith("barkhane-") for i in ids)
    assert any(i.startswith(("africa-corps-", "fama-")) for i in ids), ids
    expect(frame.locator(".leaflet-container[data-test-tag='original']")).to_have_count(1)
    page.wait_for_function("() => !location.search.includes('date=2021-06-01')", timeout=30_000)
    assert page.blocked == []


def test_url_view_is_restored_and_panning_updates_the_url(app_url, offline_page):
    page = offline_page
    open_map(page, f"{app_url}/?date=2022-03-01&layers=military_positions&center=16.0,-0.5&zoom=7")
    frame = map_frame(page)
    frame.wait_for_function("() => window.map && Math.abs(window.map.getZoom() - 7) < 0.01", timeout=30_000)
    center = frame.evaluate("() => window.map.getCenter()")
    assert abs(center["lat"] - 16.0) < 0.01 and abs(center["lng"] + 0.5) < 0.01
    frame.evaluate("() => window.map.setView([18.4, 1.4], 8)")
    page.wait_for_function(
        "() => location.search.includes('zoom=8') && location.search.includes('center=18.4')", timeout=30_000
    )
    # the rerun that wrote the URL did not pull the map back
    frame.wait_for_function("() => window.map.getZoom() === 8", timeout=10_000)
    # the town labels appear at this zoom, from the offline basemap, above the markers
    label = page.frame_locator(MAP_IFRAME).first.locator(".sahel-town-label", has_text="Kidal")
    expect(label).to_have_count(1)


HOSTILE = '<img src=x onerror="window.top.__pwned=1"><script>window.top.__pwned=2</script>`${window.top.__pwned=3}`{{ 7*191 }}'


@pytest.fixture
def hostile_app(tmp_path):
    """The app served on a copy of the layers with script in every text field of every layer kind and the register."""
    from conftest import ROOT, _serve

    data = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", data)
    fields = {
        "military_positions": ("barkhane-gao", ("name", "notes", "description", "place")),
        "events": ("gossi-handover-2022", ("title", "description", "notes", "place")),
        "tri_border": ("tri-border-afp-2021", ("name", "definition", "notes", "description")),
    }
    for layer_id, (feature_id, names) in fields.items():
        layer = json.loads((data / f"{layer_id}.geojson").read_text())
        target = next(f for f in layer["features"] if f["properties"]["id"] == feature_id)
        target["properties"].update({name: HOSTILE for name in names})
        target["properties"]["sources"].append("hostile-source")
        (data / f"{layer_id}.geojson").write_text(json.dumps(layer))
    zones = json.loads((data / "jihadist_zones.geojson").read_text())
    for zone in zones["features"]:
        zone["properties"].update(notes=HOSTILE, description=HOSTILE)
    (data / "jihadist_zones.geojson").write_text(json.dumps(zones))
    register = tmp_path / "sources.csv"
    shutil.copy(ROOT / "seeds" / "sources.csv", register)
    with open(register, "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(["hostile-source", HOSTILE, HOSTILE, "", "javascript:window.top.__pwned=4", "x"])
    process, url = _serve({"SAHEL_MAP_GEODATA": str(data), "SAHEL_MAP_SOURCES": str(register)})
    yield url
    process.terminate()
    process.wait(timeout=10)


def _open_popup(frame, selector: str):
    target = frame.locator(selector).first
    expect(target).to_be_attached(timeout=30_000)
    target.dispatch_event("mouseover")
    tooltip = frame.locator(".leaflet-tooltip").last
    expect(tooltip).to_be_visible(timeout=10_000)
    tooltip_text = tooltip.inner_text()
    target.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content").last
    expect(popup).to_be_visible(timeout=10_000)
    return tooltip_text, popup


def test_hostile_text_in_every_layer_never_runs_in_the_browser(hostile_app, offline_page):
    page = offline_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame = open_map(page, f"{hostile_app}/?date=2022-08-14&center=16.0,-0.7&zoom=7&events=all")
    for selector in (
        ".leaflet-marker-icon:has([data-feature-id='barkhane-gao'])",
        ".leaflet-marker-icon:has([data-feature-id='gossi-handover-2022'])",
    ):
        tooltip, popup = _open_popup(frame, selector)
        text = popup.inner_text()
        assert "<img src=x" in text and "<script>" in text and "{{ 7*191 }}" in text  # shown as text
        assert "1337" not in text
        expect(popup.locator("img, script")).to_have_count(0)
        expect(popup.locator("a[href^='javascript']")).to_have_count(0)
    # polygons (zones, the tri-border area): their popups open from the path
    paths = frame.locator("path.leaflet-interactive")
    expect(paths.first).to_be_attached()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.blocked == []


def test_hostile_link_gives_one_notice_fetches_nothing_and_settles(app_url, offline_page):
    page = offline_page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    many = ",".join(f"x{i}" for i in range(3000))
    page.goto(f"{app_url}/?date=![b](http://127.0.0.1:8799/x.png)&layers={many}&basemap=**SESSION%20EXPIRED**")
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=30_000)
    toasts = page.locator("[data-testid='stToast']")
    expect(toasts).to_have_count(1, timeout=15_000)
    text = toasts.first.inner_text()
    assert "![b](http" in text or "\\!" not in text  # the Markdown is shown as text
    expect(toasts.first.locator("img, a")).to_have_count(0)
    assert not any(urlsplit(url).port == 8799 for url in requests)
    assert page.blocked == []
    # the map still has its layers: one unknown layer name does not empty it
    wait_for_ids(page, lambda i: len(i) > 5)


def test_html_export_reads_on_its_own_from_disk_with_the_network_cut(tmp_path, data, browser):
    from sahel_map.export import export
    from sahel_map.view import View

    view = View(day=date(2021, 6, 1), layers=("military_positions", "events"))
    out = export("html", data, view, tmp_path / "briefing.html")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    blocked = []
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("file://", "data:", "about:", "blob:"))
            else (blocked.append(r.request.url), r.abort())
        ),
    )
    page = context.new_page()
    page.goto(out.as_uri())
    expect(page.locator("[data-feature-id='barkhane-gao']")).to_be_attached(timeout=30_000)
    ids = set(page.locator(".sahel-marker [data-feature-id]").evaluate_all("els => els.map(e => e.dataset.featureId)"))
    expected = set(view.shown_frames(data.frames)["military_positions"]["id"])
    expected |= set(view.shown_frames(data.frames).get("events", {"id": []})["id"])
    assert ids == expected
    # it reads on its own: title, date, legend, credit
    expect(page.locator(".sahel-map-title h1")).to_have_text("Security situation in Mali and the central Sahel")
    expect(page.locator(".sahel-map-title")).to_contain_text("1 June 2021")
    expect(page.locator(".sahel-legend")).to_contain_text("Barkhane (France, 2014-2022)")
    expect(page.locator(".sahel-credit")).to_contain_text("Data cut-off")
    # the time control replays other days in the file itself
    page.locator(".sahel-time-range").evaluate("el => { el.value = el.max; el.dispatchEvent(new Event('input')); }")
    page.wait_for_function("() => !document.querySelector(\"[data-feature-id='barkhane-gao']\")", timeout=10_000)
    assert blocked == []
    context.close()


def test_the_map_follows_the_time_control_in_the_browser_and_python_learns_when_it_stops(app_url, offline_page):
    page = offline_page
    open_map(page, f"{app_url}/?date=2021-06-01&layers=military_positions")
    frame = map_frame(page)
    wait_for_ids(page, lambda i: "barkhane-gao" in i)
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    thumb.press("PageUp")  # a month on
    frame.wait_for_function("() => SahelMap.isoDay(SahelMap.day) === '2021-07-01'", timeout=5_000)
    page.wait_for_function("() => location.search.includes('date=2021-07-01')", timeout=15_000)
    thumb.press("ArrowLeft")
    frame.wait_for_function("() => SahelMap.isoDay(SahelMap.day) === '2021-06-30'", timeout=5_000)
    page.wait_for_function("() => location.search.includes('date=2021-06-30')", timeout=15_000)
    # play, then pause: the map ran ahead in the browser, and the page learns the day it stopped on
    page.get_by_role("button", name="Play").click()
    frame.wait_for_function("() => SahelMap.day > SahelMap.dayNumber('2022-01-01')", timeout=20_000)
    page.get_by_role("button", name="Pause").click()
    page.wait_for_function("() => !location.search.includes('date=2021-06-30')", timeout=15_000)
    stopped = page.evaluate("() => new URLSearchParams(location.search).get('date')")
    frame.wait_for_function(f"() => SahelMap.isoDay(SahelMap.day) === '{stopped}'", timeout=5_000)
    assert stopped > "2022-01-01"
    assert page.blocked == []


def test_a_key_date_chosen_in_the_time_control_moves_the_map_then_the_page(app_url, offline_page):
    page = offline_page
    open_map(page, f"{app_url}/?date=2021-06-01&layers=military_positions")
    frame = map_frame(page)
    wait_for_ids(page, lambda i: "barkhane-gao" in i)
    jump = page.get_by_role("combobox", name="Jump to a key date")
    expect(jump.locator("option", has_text="Last French soldiers leave Mali")).to_have_count(1)
    jump.select_option("2022-08-15")
    frame.wait_for_function("() => SahelMap.isoDay(SahelMap.day) === '2022-08-15'", timeout=5_000)
    assert "barkhane-gao" not in wait_for_ids(page, lambda i: "barkhane-gao" not in i)  # handed over that day
    page.wait_for_function("() => location.search.includes('date=2022-08-15')", timeout=15_000)
    expect(jump).to_have_value("")  # back to its prompt: the same key date can be chosen again
    date_shown = page.locator("*").evaluate_all(
        "els => els.map(e => e.shadowRoot).filter(Boolean).map(r => r.querySelector('.sahel-time-date'))"
        ".filter(Boolean).map(e => e.textContent)"
    )
    assert date_shown == ["15 August 2022"]


def test_comparison_maps_keep_their_own_dates(app_url, offline_page):
    page = offline_page
    page.goto(f"{app_url}/Jihadist_influence?date=2021-06-01&compare=2017-03-02,2023-06-01")
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].filter(f => f.src.includes('st_folium')).length === 3",
        timeout=90_000,
    )
    for frame in [f for f in page.frames if "st_folium" in f.url]:
        frame.wait_for_function("() => window.SahelMap && SahelMap.day !== null", timeout=60_000)
    thumb = page.get_by_role("slider", name="Day shown").first
    thumb.focus()
    thumb.press("End")
    page.wait_for_function("() => !location.search.includes('date=2021-06-01')", timeout=15_000)
    days = []
    for frame in [f for f in page.frames if "st_folium" in f.url and not f.is_detached()]:
        frame.wait_for_function("() => window.SahelMap && SahelMap.day !== null", timeout=60_000)
        days.append(frame.evaluate("() => SahelMap.isoDay(SahelMap.day)"))
    assert "2017-03-02" in days and "2023-06-01" in days


def test_an_online_basemap_without_network_says_so_over_the_offline_basemap(app_url, offline_page):
    page = offline_page
    frame = open_map(page, f"{app_url}/?date=2021-06-01&layers=military_positions&basemap=openstreetmap")
    warning = frame.locator(".sahel-tile-warning")
    expect(warning).to_be_visible(timeout=30_000)
    expect(warning).to_contain_text("offline basemap")
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached()  # the vector basemap is still drawn
    assert any("tile.openstreetmap.org" in url for url in page.blocked)  # only the tiles were refused


def test_a_briefing_step_rings_its_event_and_labels_its_town(app_url, offline_page):
    page = offline_page
    page.goto(f"{app_url}/Barkhane_drawdown?step=14")
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".sahel-highlight")).to_have_count(1, timeout=60_000)
    ring = frame.locator(".sahel-highlight").bounding_box()
    gao = frame.locator(".leaflet-marker-icon:has([data-feature-id='gao-departure-2022'])")
    expect(gao).to_be_attached()
    box = gao.bounding_box()
    assert abs((ring["x"] + ring["width"] / 2) - (box["x"] + box["width"] / 2)) < 3
    expect(frame.locator(".sahel-town-label", has_text="Gao")).to_have_count(1)


def test_a_deep_link_to_a_fresh_server_gets_the_app_menu(offline_page):
    """The first link a new server gets may name a page: it still gets app.py's menu (no stray "app"
    entry, the page names in the reader's language), not Streamlit's pages-folder mode."""
    from conftest import _serve

    process, url = _serve()
    try:
        offline_page.goto(f"{url}/Military_positions?lang=fr")
        menu = offline_page.get_by_test_id("stSidebarNav")
        expect(menu.get_by_text("Positions militaires")).to_be_visible(timeout=60_000)
        expect(menu.get_by_role("link", name="app", exact=True)).to_have_count(0)
        expect(offline_page.get_by_role("heading", level=1).first).to_contain_text("Positions militaires")
    finally:
        process.terminate()
        process.wait(timeout=10)


# Every message the page sends Streamlit (the first asks for the initial run; each later one, for a rerun),
# and, in every frame, when the first marker was drawn (one clock: Date.now()).
RERUN_REQUESTS_JS = """
(() => {
  window.__sent = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { window.__sent.push(Date.now()); return send.call(this, data); };
  // polled, not observed: a frame's first document (about:blank) is replaced, and its observers with it
  const poll = setInterval(() => {
    if (document.querySelector('.sahel-marker')) { window.__firstMarker = Date.now(); clearInterval(poll); }
  }, 10);
})()
"""


def test_a_cold_load_reruns_once_for_the_map_and_only_after_its_layers_are_drawn(app_url, browser):
    from conftest import offline_context

    context, page = offline_context(browser)
    context.add_init_script(RERUN_REQUESTS_JS)
    open_map(page, f"{app_url}/?date=2022-06-01")
    wait_for_ids(page, lambda i: "barkhane-gao" in i)
    # the map's report (its bounds) reached Python: the rerun it asked for wrote them into the URL
    page.wait_for_function("() => location.search.includes('bbox=')", timeout=30_000)
    drawn = map_frame(page).evaluate("() => window.__firstMarker")
    sent = page.evaluate("() => window.__sent")
    # streamlit-folium reports twice on load (the map exists; the map settled): held and sent as one
    assert len(sent) == 2, sent
    assert sent[1] >= drawn
    context.close()
