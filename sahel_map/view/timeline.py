"""The one time rule, and day arithmetic for the slider.

A feature is active on day ``d`` when ``start <= d`` and (``end`` is null or
``d < end``).  ``end`` is therefore the first day the force no longer held the
site.  Static layers (no ``start``) are always active; events (a single
``date``) are active from that day on, and pages may narrow them to a window.

>>> import pandas as pd
>>> frame = pd.DataFrame({"start": pd.to_datetime(["2013-01-11"]),
...                       "end": pd.to_datetime(["2014-08-01"])})
>>> list(active_mask(frame, "2014-07-31")), list(active_mask(frame, "2014-08-01"))
([True], [False])
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

import pandas as pd

from ..data.dataset import TIMELINE_START

__all__ = [
    "TIMELINE_START",
    "active_mask",
    "active_on",
    "change_days",
    "clamp",
    "parse_day",
    "period_of",
    "within_window",
]


def parse_day(value: str | date | pd.Timestamp) -> date:
    """A calendar day from ``YYYY-MM-DD`` text, a date or a timestamp.

    Raises ``ValueError`` with a readable message for anything else.
    """
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{str(value)[:40]!r} is not a date written YYYY-MM-DD") from None


def active_mask(frame: pd.DataFrame, day: str | date) -> pd.Series:
    """Boolean mask of the rows of ``frame`` active on ``day``, by the time rule."""
    stamp = pd.Timestamp(parse_day(day))
    start = frame["start"]
    end = frame["end"]
    return (start.isna() | (start <= stamp)) & (end.isna() | (stamp < end))


def active_on(frame: pd.DataFrame, day: str | date) -> pd.DataFrame:
    """The rows of ``frame`` active on ``day``."""
    return frame[active_mask(frame, day)]


def within_window(frame: pd.DataFrame, day: str | date, days: int | None) -> pd.DataFrame:
    """Events up to ``day`` and, when ``days`` is set, no older than that many days."""
    active = active_on(frame, day)
    if days is None:
        return active
    earliest = pd.Timestamp(parse_day(day) - timedelta(days=days))
    return active[active["start"] > earliest]


def change_days(frames: list[pd.DataFrame]) -> list[date]:
    """Every day on which some feature starts or ends: where the map changes."""
    stamps: set[pd.Timestamp] = set()
    for frame in frames:
        for column in ("start", "end"):
            if column in frame:
                stamps.update(frame[column].dropna())
    return sorted(stamp.date() for stamp in stamps)


def period_of(changes: list[date], day: str | date) -> int:
    """Which stretch between two change days ``day`` falls in: days of one period see the same rows.

    ``changes`` is :func:`change_days` of the frames. A row's ``start <= d`` and ``d < end`` only flip on a
    change day, so every day from one change day up to the next gives the same :func:`active_on` rows, and
    a figure computed from them can be cached per period instead of per day.

    >>> changes = [date(2014, 8, 1), date(2022, 8, 15)]
    >>> [period_of(changes, d) for d in ("2014-07-31", "2014-08-01", "2022-08-14", "2022-08-15")]
    [0, 1, 1, 2]
    """
    return bisect_right(changes, parse_day(day))


def clamp(day: date, first: date, last: date) -> date:
    """``day`` moved inside ``[first, last]``."""
    return max(first, min(day, last))
