"""The web face: what each map holds, escaping in every popup kind, a base map that stays put,
and the browser's time rule, run in Node against the Python one."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pandas as pd
import pytest
from conftest import EVENT, POSITION, ZONE, feature, write_layer

from sahel_map.data.dataset import load_dataset
from sahel_map.view import View
from sahel_map.view.timeline import active_mask, within_window
from sahel_map.web.assets import OWN_FILES
from sahel_map.web.elements import FeatureLayer, SetDay
from sahel_map.web.features import day_number
from sahel_map.web.maps import Highlight, standalone_map, thematic_groups

DAY = date(2021, 6, 1)
HOSTILE = '<img src=x onerror="alert(1)">`${alert(2)}`</script><script>alert(3)</script>'


def layers_of(groups) -> dict[str, FeatureLayer]:
    return {
        group.layer_name: child
        for group in groups
        for child in group._children.values()
        if isinstance(child, FeatureLayer)
    }


def test_each_group_names_its_published_layer_and_the_views_filter(fixture_data):
    urls = {k: f"/app/static/data/{k}.json" for k in fixture_data.layers}
    view = View(day=DAY, layers=("military_positions", "events"), forces=("barkhane",), event_window_days=91)
    groups = thematic_groups(fixture_data, view, published=urls)
    clock = [c for c in groups[0]._children.values() if isinstance(c, SetDay)]
    assert clock and json.loads(str(clock[0].payload)) == day_number(DAY)
    layers = layers_of(groups)
    assert set(layers) == {"military_positions", "events"}
    assert layers["military_positions"].url == urls["military_positions"]
    assert layers["military_positions"].filter == {"field": "force", "cats": ["barkhane"], "ids": None, "window": None}
    assert layers["events"].filter["window"] == 91


def test_exports_embed_every_feature_of_the_selection_with_its_time_span(fixture_data):
    view = View(day=DAY, layers=("military_positions",), forces=("barkhane", "fama"))
    layer = layers_of(thematic_groups(fixture_data, view))["military_positions"]
    spans = {f["properties"]["id"]: (f["properties"]["_t0"], f["properties"]["_t1"]) for f in layer.data["features"]}
    assert spans == {
        "test-gao": (day_number("2014-08-01"), day_number("2022-08-15")),
        "test-kidal": (day_number("2014-08-01"), day_number("2021-10-12")),
        "test-fama-gao": (day_number("2022-08-15"), None),
    }


def test_a_briefing_highlight_rings_its_feature(fixture_data):
    groups = thematic_groups(fixture_data, View(day=DAY), highlight=Highlight("events", "test-attack"))
    ring = layers_of(groups)["highlight"].data["features"][0]
    assert ring["properties"]["_class"] == "sahel-highlight"
    assert ring["geometry"]["coordinates"] == [-1.0, 14.3]


@pytest.mark.parametrize("layer_id", ["military_positions", "jihadist_zones", "events", "tri_border"])
def test_hostile_text_is_escaped_in_every_popup_and_tooltip(tmp_path, layer_id):
    from conftest import fixture_folder

    folder = fixture_folder(tmp_path / "geodata")
    templates = {"military_positions": POSITION, "jihadist_zones": ZONE, "events": EVENT}
    text_fields = {
        "military_positions": ("name", "place", "notes", "description"),
        "jihadist_zones": ("notes", "description"),
        "events": ("title", "description", "notes", "place"),
        "tri_border": ("name", "definition", "notes", "description"),
    }[layer_id]
    if layer_id == "tri_border":
        hostile = json.loads((folder / "tri_border.geojson").read_text())["features"]
        hostile[0]["properties"].update({field: HOSTILE for field in text_fields})
    else:
        hostile = [feature(templates[layer_id], **{field: HOSTILE for field in text_fields})]
    write_layer(folder, layer_id, hostile)
    data = load_dataset(folder)
    assert not data.errors, data.errors
    view = View(day=date(2022, 8, 15), event_window_days=None)
    payload = str(layers_of(thematic_groups(data, view))[layer_id].payload)
    props = layers_of(thematic_groups(data, view))[layer_id].data["features"][0]["properties"]
    for key in ("_popup", "_tooltip"):
        assert "<img" not in props[key] and "<script" not in props[key], key
        assert "&lt;img src=x" in props[key] or key == "_tooltip" and layer_id == "jihadist_zones"
    assert "</script" not in payload and "<img" not in payload  # the script payload cannot close its tag


def test_register_links_are_http_only_in_popups(fixture_dir, tmp_path, monkeypatch):
    register = tmp_path / "sources.csv"
    register.write_text(
        "id,title,publisher,date,url,supports\n"
        f'geonames-cities1000,"{HOSTILE.replace(chr(34), "")}",P,,javascript:alert(4),x\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SAHEL_MAP_SOURCES", str(register))
    data = load_dataset(fixture_dir)
    props = layers_of(thematic_groups(data, View(day=DAY)))["military_positions"].data["features"][0]["properties"]
    assert "javascript" not in props["_popup"].split("href=")[-1] or "href=" not in props["_popup"]
    assert "&lt;img src=x" in props["_popup"]


def test_base_map_is_the_same_for_every_day_so_the_browser_keeps_it(data, monkeypatch):
    """streamlit-folium re-creates the Leaflet map only when its hash key changes; days only change the layers."""
    import streamlit_folium

    from sahel_map.app import livemap

    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: calls.append(kwargs))
    monkeypatch.setattr(livemap, "published", lambda lang: {k: f"/app/static/data/{k}.json" for k in data.layers})
    for day in (date(2014, 1, 1), date(2021, 6, 1), date(2023, 6, 1)):
        livemap.render_map(data, View(day=day), key="k")
    assert len({call["key"] for call in calls}) == 1
    assert len({call["script"] for call in calls}) == 1
    assert len({call["feature_group"] for call in calls}) == 3
    # a rerun sends the layers' addresses and the day, never the features themselves
    assert max(len(call["feature_group"]) for call in calls) < 4000


def test_standalone_map_is_fitted_to_the_view_and_can_replay(data):
    html = standalone_map(data, View(day=DAY)).get_root().render()
    assert "fitBounds" in html and "SahelMap.timeControl" in html


# -- the time rule, in the browser's language ------------------------------------------------------

CASES = [
    # start, end, day, window
    ("2013-01-11", "2014-08-01", "2014-07-31", None),
    ("2013-01-11", "2014-08-01", "2014-08-01", None),
    ("2013-01-11", "2014-08-01", "2013-01-11", None),
    ("2013-01-11", "2014-08-01", "2013-01-10", None),
    ("2013-01-11", None, "2025-10-08", None),
    ("2013-01-11", None, "2012-12-31", None),
    ("2021-05-20", None, "2021-06-01", 365),
    ("2021-05-20", None, "2022-05-20", 365),
    ("2021-05-20", None, "2022-05-19", 365),
    ("2021-05-20", None, "2021-05-19", 365),
    ("2021-05-20", None, "2021-08-19", 91),
    ("2021-05-20", None, "2021-08-18", 91),
    ("2016-02-29", "2016-03-01", "2016-02-29", None),
    ("2016-02-29", "2016-03-01", "2016-03-01", None),
]


def python_rule(start, end, day, window) -> bool:
    frame = pd.DataFrame({"start": pd.to_datetime([start]), "end": pd.to_datetime([end])})
    if window is not None:
        return len(within_window(frame, day, window)) == 1
    return bool(active_mask(frame, day).iloc[0])


def test_the_browser_applies_the_same_time_rule_as_python():
    script = (OWN_FILES / "sahel-map.js").read_text()
    cases = [{"_t0": day_number(s), "_t1": day_number(e), "day": day_number(d), "window": w} for s, e, d, w in CASES]
    program = (
        script + f"\nconsole.log(JSON.stringify({json.dumps(cases)}.map(c => SahelMap.active(c, c.day, c.window))));"
    )
    result = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [python_rule(*case) for case in CASES]
