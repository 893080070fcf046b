"""A View is the whole URL: every field goes out and comes back; bad values are dropped with one note."""

from __future__ import annotations

from datetime import date

import pytest

from sahel_map.view import Extent, View, parse_query, to_query


def test_every_field_of_a_view_round_trips():
    view = View(
        day=date(2021, 6, 1),
        layers=("events", "military_positions"),
        forces=("barkhane", "minusma"),
        groups=("jnim",),
        event_window_days=91,
        areas=("lga-alg-quadrilateral",),
        extent=Extent(-5.5, 12.0, 3.25, 18.0),
        center=(16.5, -1.25),
        zoom=6.5,
        basemap="light",
        lang="fr",
    )
    parsed, notes = parse_query(to_query(view), areas=["lga-alg-quadrilateral", "tri-border-afp-2021"])
    assert notes == []
    assert parsed == view


def test_defaults_stay_out_of_the_link():
    assert to_query(View(day=date(2021, 6, 1))) == {
        "date": "2021-06-01",
        "layers": "tri_border,jihadist_zones,events,military_positions",
    }


def test_all_events_and_no_layer_are_said_explicitly():
    view = View(day=date(2021, 6, 1), layers=(), event_window_days=None)
    assert parse_query(to_query(view))[0] == view


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


def test_thousands_of_unknown_codes_make_one_short_note():
    raw = ",".join(f"x{i}" for i in range(3000))
    view, notes = parse_query({"layers": raw[:590]})
    assert len(notes) == 1 and notes[0].startswith("unknown layer ignored: x0, x1, x2, x3, x4 (and ")
    assert view.layers == View(day=view.day).layers  # one unknown name never empties the map


def test_a_very_long_value_is_not_read():
    view, notes = parse_query({"forces": "barkhane," * 20_000, "date": "2" * 100_000})
    assert view.forces is None
    assert sorted(notes) == [
        "date is too long (100,000 characters); ignored",
        "forces is too long (180,000 characters); ignored",
    ]


@pytest.mark.parametrize("value", ["![b](http://127.0.0.1:8799/x.png)", "**SESSION EXPIRED** http://evil.example"])
def test_notes_quote_at_most_a_short_piece_of_the_value(value):
    _, notes = parse_query({"basemap": value})
    assert len(notes) == 1 and len(notes[0]) < 80
