"""Shareable views: URL query parameters in and out."""

from datetime import date

from sahel_map.state import ViewState, parse_query, to_query


def test_round_trip():
    view = ViewState(
        day=date(2021, 6, 1),
        layers=("events", "military_positions"),
        forces=("barkhane",),
        center=(16.5, -1.25),
        zoom=7,
        basemap="light",
    )
    parsed, notes = parse_query(to_query(view))
    assert notes == []
    assert parsed == view


def test_issue_example_url():
    view, notes = parse_query({"date": "2023-06-01", "layers": "military_positions,jihadist_zones,tri_border,events"})
    assert notes == []
    assert view.day == date(2023, 6, 1)
    assert set(view.layers) == {"military_positions", "jihadist_zones", "tri_border", "events"}


def test_bad_values_are_ignored_with_a_note():
    view, notes = parse_query(
        {"date": "2023-13-01", "zoom": "far", "center": "x", "basemap": "google", "forces": "barkhane,nope"},
        default_day=date(2022, 8, 15),
    )
    assert view.day == date(2022, 8, 15)
    assert view.forces == ("barkhane",)
    assert len(notes) == 5


def test_zoom_is_bounded():
    assert parse_query({"zoom": "40"})[0].zoom == 12
