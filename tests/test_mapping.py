"""Map building: what is drawn for a day, escaping, and a base map that stays put."""

from __future__ import annotations

import json
from datetime import date

import geopandas as gpd
import pytest
from conftest import POSITION, feature, write_layer

from sahel_map.dataset import load_dataset
from sahel_map.loading import load_layer
from sahel_map.mapping import Selection, active_frames, full_map, thematic_groups
from sahel_map.sources import Source

HOSTILE = '<img src=x onerror="alert(1)">`${alert(2)}`</script><script>alert(3)</script>'


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def _position_ids(groups):
    ids = set()
    for group in groups:
        for child in group._children.values():
            ids |= {f["properties"]["id"] for f in child.data["features"] if "force" in f["properties"]}
    return ids


def test_barkhane_positions_follow_the_drawdown(data):
    selection = Selection(layers=("military_positions",), forces=("barkhane",))
    on_2021 = _position_ids(thematic_groups(data.frames, "2021-06-01", selection, data.register))
    on_2023 = _position_ids(thematic_groups(data.frames, "2023-06-01", selection, data.register))
    assert {"barkhane-gao", "barkhane-kidal", "barkhane-tessalit", "barkhane-timbuktu"} <= on_2021
    assert on_2023 == set()  # Barkhane ended in November 2022


def test_selection_filters_forces_groups_and_layers(data):
    frames = active_frames(data.frames, "2022-01-01", Selection(layers=("military_positions",), forces=("wagner",)))
    assert list(frames) == ["military_positions"]
    assert set(frames["military_positions"]["force"]) == {"wagner"}


def test_one_feature_group_per_force_for_the_layer_control(data):
    groups = thematic_groups(data.frames, "2021-06-01", Selection(layers=("military_positions",)), data.register)
    names = [g.layer_name for g in groups]
    assert "Positions: Barkhane (France, 2014-2022)" in names
    assert len(names) == len(set(names)) == 12


def test_hostile_text_is_escaped_in_popups_tooltips_and_script(tmp_path):
    path = write_layer(tmp_path, "military_positions", [feature(POSITION, name=HOSTILE, notes=HOSTILE)])
    layer = load_layer(path, {"geonames-cities1000"})
    register = {"geonames-cities1000": Source("geonames-cities1000", HOSTILE, "x", "", "javascript:alert(4)", "")}
    fmap = full_map(
        None, {"military_positions": layer.frame}, "2020-01-01", Selection(layers=("military_positions",)), register
    )
    html = fmap.get_root().render()
    assert "<img src=x" not in html and "<script>alert(3)" not in html
    payload = next(
        child.data
        for group in fmap._children.values()
        if hasattr(group, "_children")
        for child in group._children.values()
        if hasattr(child, "data")
        and "features" in child.data
        and child.data["features"]
        and "force" in child.data["features"][0]["properties"]
    )
    props = payload["features"][0]["properties"]
    assert "&lt;img src=x" in props["_popup"] and "&lt;img src=x" in props["_tooltip"]
    assert 'href="javascript' not in props["_popup"]


def test_base_map_is_the_same_for_every_day_so_the_browser_keeps_it(data, monkeypatch):
    """streamlit-folium re-creates the Leaflet map only when its hash key changes."""
    import streamlit_folium

    from sahel_map import ui

    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: calls.append(kwargs))
    monkeypatch.setattr(ui, "st_folium", streamlit_folium.st_folium)
    from sahel_map.state import ViewState

    for day in (date(2014, 1, 1), date(2021, 6, 1), date(2023, 6, 1)):
        ui.render_map(data, ViewState(day=day), Selection(), key="k")
    keys = {call["key"] for call in calls}
    scripts = {call["script"] for call in calls}
    groups = [call["feature_group"] for call in calls]
    assert len(keys) == 1 and len(scripts) == 1
    assert len(set(groups)) == 3


def test_full_map_geojson_is_valid_json(data):
    fmap = full_map(data.basemap, data.frames, "2022-08-14", Selection(), data.register)
    for group in fmap._children.values():
        for child in getattr(group, "_children", {}).values():
            if hasattr(child, "data"):
                json.dumps(child.data)
                assert gpd.GeoDataFrame.from_features(child.data["features"]) is not None
