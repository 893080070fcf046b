"""Each validation rule refuses its own small broken fixture with a precise message."""

from __future__ import annotations

import json

import pytest
from conftest import EVENT, POSITION, ZONE, feature, write_layer

from sahel_map.data.loading import load_layer, load_layers
from sahel_map.data.paths import GEODATA


def problems_of(tmp_path, layer_id, features, known_sources):
    layer = load_layer(write_layer(tmp_path, layer_id, features), known_sources)
    return layer, [str(p) for p in layer.problems]


def test_valid_fixture_loads_with_parsed_dates(tmp_path, known_sources):
    layer, problems = problems_of(tmp_path, "military_positions", [POSITION], known_sources)
    assert problems == []
    assert len(layer.frame) == 1
    assert str(layer.frame["start"].iloc[0].date()) == "2014-08-01"
    assert layer.frame.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (feature(POSITION, start=...), "military_positions.geojson: test-gao: start: required property is missing"),
        (feature(POSITION, start="2014-02-30"), "test-gao: start: '2014-02-30' is not a date written YYYY-MM-DD"),
        (feature(POSITION, end="15/08/2022"), "test-gao: end: '15/08/2022' is not a date written YYYY-MM-DD (or null)"),
        (feature(POSITION, end="2014-07-01"), "test-gao: end: 2014-07-01 is not after start 2014-08-01"),
        (feature(POSITION, force="legion"), "test-gao: force: 'legion' is not a known code"),
        (feature(POSITION, confidence="certain"), "test-gao: confidence: 'certain' is not a known code"),
        (feature(POSITION, sources=["nowhere-2020"]), "test-gao: sources: 'nowhere-2020' is not registered"),
        (feature(POSITION, sources=[]), "test-gao: sources: [] should be non-empty"),
        (feature(POSITION, id="Bad Id!"), "Bad Id!: id: 'Bad Id!' does not match"),
        (
            feature(POSITION, geometry={"type": "Point", "coordinates": [16.27167, -0.04472]}),
            "test-gao: geometry: coordinates (16.2717, -0.04472) .. (16.2717, -0.04472) fall outside the region",
        ),
        (
            feature(POSITION, geometry={"type": "Point", "coordinates": [2.35, 48.85]}),
            "test-gao: geometry: coordinates (2.35, 48.85) .. (2.35, 48.85) fall outside the region",
        ),
        (
            feature(POSITION, geometry={"type": "Polygon", "coordinates": [[[0, 15], [1, 15], [1, 16], [0, 15]]]}),
            "test-gao: geometry: type 'Polygon', expected Point",
        ),
        (feature(POSITION, geometry={"type": "Point", "coordinates": ["x"]}), "test-gao: geometry: malformed"),
    ],
)
def test_each_rule_names_file_feature_and_field(tmp_path, known_sources, bad, expected):
    layer, problems = problems_of(tmp_path, "military_positions", [bad], known_sources)
    assert any(expected in p for p in problems), problems
    assert len(layer.frame) == 0


def test_swapped_coordinates_get_a_hint(tmp_path, known_sources):
    bad = feature(POSITION, geometry={"type": "Point", "coordinates": [16.27167, 2.0]})
    _, problems = problems_of(tmp_path, "military_positions", [bad], known_sources)
    assert "look swapped" in problems[0]


def test_duplicate_ids_are_reported_on_every_copy(tmp_path, known_sources):
    layer, problems = problems_of(tmp_path, "military_positions", [POSITION, POSITION], known_sources)
    assert problems == ["military_positions.geojson: test-gao: id: duplicate id (used 2 times)"] * 2
    assert len(layer.frame) == 0


def test_invalid_polygon_is_refused_with_the_reason(tmp_path, known_sources):
    bowtie = {"type": "Polygon", "coordinates": [[[0, 14], [1, 15], [1, 14], [0, 15], [0, 14]]]}
    _, problems = problems_of(tmp_path, "jihadist_zones", [feature(ZONE, geometry=bowtie)], known_sources)
    assert problems and "test-zone: geometry: invalid geometry: Self-intersection" in problems[0]


def test_zone_level_and_group_codes(tmp_path, known_sources):
    _, problems = problems_of(tmp_path, "jihadist_zones", [feature(ZONE, level="rumour")], known_sources)
    assert problems == [
        "jihadist_zones.geojson: test-zone: level: 'rumour' is not a known code (allowed: attacks, control, influence)"
    ]


def test_one_bad_feature_does_not_lose_the_others(tmp_path, known_sources):
    good_two = feature(POSITION, id="test-kidal")
    layer, problems = problems_of(
        tmp_path, "military_positions", [POSITION, feature(POSITION, id="broken", force="x"), good_two], known_sources
    )
    assert len(problems) == 1 and "broken: force" in problems[0]
    assert sorted(layer.frame["id"]) == ["test-gao", "test-kidal"]


def test_unreadable_json_names_line_and_column(tmp_path, known_sources):
    path = tmp_path / "events.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [\n  {"type": "Feature",,}]}', encoding="utf-8")
    layer = load_layer(path, known_sources)
    assert [str(p) for p in layer.problems] == [
        "events.geojson: -: -: not valid JSON: line 2 column 22: Expecting property name enclosed in double quotes"
    ]
    assert len(layer.frame) == 0


def test_not_a_feature_collection(tmp_path, known_sources):
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps({"type": "Feature"}), encoding="utf-8")
    assert str(load_layer(path, known_sources).problems[0]) == (
        "events.geojson: -: type: top level is not a GeoJSON FeatureCollection"
    )


def test_events_get_start_from_their_date(tmp_path, known_sources):
    layer, problems = problems_of(tmp_path, "events", [EVENT], known_sources)
    assert problems == []
    assert str(layer.frame["start"].iloc[0].date()) == "2022-08-15"
    assert layer.frame["end"].isna().all()


def test_missing_layer_file_is_a_problem_not_a_crash(tmp_path):
    layers = load_layers(tmp_path)
    assert set(layers) == {"tri_border", "jihadist_zones", "events", "military_positions"}
    assert all(str(layer.problems[0]).endswith("file not found") for layer in layers.values())


def test_shipped_geodata_is_valid():
    layers = load_layers(GEODATA)
    problems = [str(p) for layer in layers.values() for p in layer.problems]
    assert problems == []
    assert len(layers["military_positions"].frame) >= 60


def test_no_feature_starts_after_the_data_cutoff():
    import json

    cutoff = json.loads((GEODATA / "dataset.json").read_text())["cutoff"]
    for layer in load_layers(GEODATA).values():
        late = layer.frame[layer.frame["start"] > cutoff]
        assert late.empty, list(late["id"])
