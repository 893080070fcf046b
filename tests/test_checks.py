"""The layers agree with each other: each cross-layer check finds its own small inconsistency."""

from __future__ import annotations

import json

from conftest import EVENT, POSITION, ZONE, feature, fixture_folder, write_layer

from sahel_map.data import load_dataset
from sahel_map.data.checks import consistency


def findings(tmp_path, change) -> list[str]:
    folder = fixture_folder(tmp_path / "geodata")
    change(folder)
    return [str(p) for p in consistency(load_dataset(folder))]


def test_the_fixture_and_the_shipped_data_are_consistent(tmp_path, data):
    assert findings(tmp_path, lambda folder: None) == []
    assert [str(p) for p in consistency(data)] == []


def test_an_event_far_from_its_groups_zones_is_reported_unless_explained(tmp_path):
    far = feature(
        EVENT,
        id="far-attack",
        date="2019-05-01",
        kind="attack",
        actors=["isgs"],
        geometry={"type": "Point", "coordinates": [-10.0, 14.0]},
    )
    found = findings(tmp_path, lambda f: write_layer(f, "events", [far]))
    assert len(found) == 1 and found[0].startswith("events.geojson: far-attack: actors: warning: isgs: 939 km from")
    explained = feature(far, notes="A one-off raid, outside its zones.")
    assert findings(tmp_path / "b", lambda f: write_layer(f, "events", [explained])) == []


def test_a_control_zone_over_a_held_base_is_reported(tmp_path):
    over_gao = feature(
        ZONE,
        id="over-gao",
        level="control",
        start="2016-01-01",
        end="2017-01-01",
        geometry={"type": "Polygon", "coordinates": [[[-1, 15.5], [1, 15.5], [1, 17], [-1, 17], [-1, 15.5]]]},
    )
    found = findings(tmp_path, lambda f: write_layer(f, "jihadist_zones", [over_gao]))
    assert any(
        p.startswith("jihadist_zones.geojson: over-gao: level: warning: control zone covers test-gao") for p in found
    )


def test_a_successor_without_a_position_there_is_reported(tmp_path):
    def change(folder):
        layer = json.loads((folder / "military_positions.geojson").read_text())
        layer["features"] = [f for f in layer["features"] if f["properties"]["id"] != "test-fama-gao"]
        (folder / "military_positions.geojson").write_text(json.dumps(layer))

    assert findings(tmp_path, change) == [
        "military_positions.geojson: test-gao: successor: warning: no fama position within 5 km on 2022-08-15 "
        "(explain in notes: 'successor elsewhere')"
    ]


def test_a_position_before_its_operation_is_reported(tmp_path):
    early = feature(POSITION, id="early-barkhane", start="2013-05-01", end="2014-09-01", successor=None)
    found = findings(tmp_path, lambda f: write_layer(f, "military_positions", [early]))
    assert (
        "military_positions.geojson: early-barkhane: start: warning: 2013-05-01 is before barkhane began (2014-08-01)"
        in found
    )
