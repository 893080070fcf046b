"""The one time rule: start <= d and (end is null or d < end)."""

from datetime import date, timedelta

import pandas as pd
import pytest

from sahel_map.view.timeline import active_mask, active_on, change_days, clamp, parse_day, period_of, within_window


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "id": ["closed", "open", "static"],
            "start": pd.to_datetime(["2014-08-01", "2022-08-15", None]),
            "end": pd.to_datetime(["2022-08-15", None, None]),
        }
    )


@pytest.mark.parametrize(
    ("day", "active"),
    [
        ("2014-07-31", ["static"]),
        ("2014-08-01", ["closed", "static"]),  # start day counts
        ("2022-08-14", ["closed", "static"]),
        ("2022-08-15", ["open", "static"]),  # end day does not: the site changed hands that day
        ("2030-01-01", ["open", "static"]),  # null end: still active
    ],
)
def test_time_rule(frame, day, active):
    assert list(active_on(frame, day)["id"]) == active


def test_mask_accepts_dates_and_text(frame):
    assert list(active_mask(frame, date(2015, 1, 1))) == list(active_mask(frame, "2015-01-01"))


def test_parse_day_rejects_impossible_dates():
    with pytest.raises(ValueError, match="'2022-02-30' is not a date written YYYY-MM-DD"):
        parse_day("2022-02-30")


def test_event_window_keeps_recent_events_only():
    events = pd.DataFrame(
        {"id": ["old", "recent", "future"], "start": pd.to_datetime(["2020-01-01", "2022-07-01", "2023-01-01"])}
    )
    events["end"] = pd.NaT
    assert list(within_window(events, "2022-08-15", 365)["id"]) == ["recent"]
    assert list(within_window(events, "2022-08-15", None)["id"]) == ["old", "recent"]


def test_change_days_and_clamp(frame):
    assert change_days([frame]) == [date(2014, 8, 1), date(2022, 8, 15)]
    assert clamp(date(2000, 1, 1), date(2012, 1, 1), date(2026, 1, 1)) == date(2012, 1, 1)


def test_days_of_one_period_see_the_same_rows(data):
    """The cache key of the day counts: one period, one set of active positions and zones (real data)."""
    import random

    frames = [data.frames["military_positions"], data.frames["jihadist_zones"]]
    changes = change_days(frames)
    days = random.Random(12).sample(range((date(2026, 1, 1) - date(2012, 1, 1)).days), 150)
    by_period: dict[int, tuple] = {}
    for day in sorted(date(2012, 1, 1) + timedelta(days=n) for n in days):
        rows = tuple(tuple(active_on(f, day)["id"]) for f in frames)
        assert by_period.setdefault(period_of(changes, day), rows) == rows
    assert len(by_period) > 20
    for change in changes[1:40]:
        before, on = change - timedelta(days=1), change
        assert period_of(changes, before) != period_of(changes, on)
        assert any(tuple(active_on(f, before)["id"]) != tuple(active_on(f, on)["id"]) for f in frames)
