"""Data shared by every session of a process, loaded once and again only when it changes.

``st.cache_resource`` holds one copy per process (never per session): the
layers, the register, the basemap, and the URLs of the published layers. The
cache key is the data's fingerprint (file paths, sizes and modification
times, or the database's ``data_version``), so an edited file is picked up
without a restart.
"""

from __future__ import annotations

import hashlib
import os

import streamlit as st

from ..data.dataset import Dataset, fingerprint, load_dataset
from ..data.postgis import VERSION_TTL, DatabaseError, data_version, database_url
from ..web.publish import publish


def version_ttl() -> float:
    """Seconds between two looks at the database's data_version (``SAHEL_MAP_VERSION_TTL``, default 30)."""
    try:
        return max(0.5, float(os.environ.get("SAHEL_MAP_VERSION_TTL", VERSION_TTL)))
    except ValueError:
        return VERSION_TTL


@st.cache_data(show_spinner=False, max_entries=8, ttl=VERSION_TTL)
def _database_version(url: str, ttl: float, slot: int) -> str:
    try:
        return data_version(url)
    except DatabaseError:
        return ""  # unreachable: the dataset's own load reports why, without the password


def _source_key() -> tuple:
    """The files' fingerprint, or the database's data_version (asked again every :func:`version_ttl` s)."""
    url = database_url()
    if not url:
        return fingerprint()
    import time

    ttl = version_ttl()
    # the slot changes every ttl seconds, so a new data_version is seen within ttl without a restart
    version = _database_version(url, ttl, int(time.time() // ttl))
    # the URL is hashed: a cache key is never shown, but it need not hold the password either
    return ("postgis", hashlib.sha256(url.encode()).hexdigest()[:16], version)


@st.cache_resource(show_spinner="Loading layers…", max_entries=2)
def _cached_dataset(key: tuple) -> Dataset:
    data = load_dataset(url=database_url()) if key[:1] == ("postgis",) else load_dataset()
    data.cache_key = key
    return data


def _key_of(data: Dataset) -> tuple:
    """The version of *this* dataset, for the caches computed from it.

    Not :func:`_source_key` asked again: the data_version may move between loading a page's data and
    computing from it, and figures of the old data would then be cached under the new version.
    """
    return getattr(data, "cache_key", None) or ("object", id(data))


def dataset() -> Dataset:
    """The validated layers, loaded once per process and again only when the data changes."""
    return _cached_dataset(_source_key())


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_published(key: tuple) -> dict[str, dict[str, str]]:
    return publish(dataset())


def published(lang: str) -> dict[str, str]:
    """URLs of the layers as static JSON in ``lang`` (see :mod:`sahel_map.web.publish`)."""
    return _cached_published(_source_key())[lang]


@st.cache_data(show_spinner=False, max_entries=4)
def _territory_shares(key: tuple, _data: Dataset):
    from ..view.analysis import month_starts, territory_shares

    return territory_shares(
        _data.frames["jihadist_zones"], _data.basemap.countries, month_starts(_data.first_day, _data.cutoff)
    )


def territory_shares(data: Dataset):
    """The monthly shares of each country under our zones, computed once per data version."""
    return _territory_shares(_key_of(data), data)


@st.cache_resource(show_spinner=False, max_entries=4)
def _change_days(key: tuple, _data: Dataset) -> list:
    from ..view.timeline import change_days

    return change_days([_data.frames["military_positions"], _data.frames["jihadist_zones"]])


@st.cache_data(show_spinner=False, max_entries=1024)
def _day_counts(key: tuple, period: int, _data: Dataset, _day):
    from ..view.analysis import counts_for_day

    return counts_for_day(_data.frames, _day)


def day_counts(data: Dataset, day):
    """Positions per force and zone areas for a day, shared by every session (zones are unions: not free).

    Cached per period (:func:`~sahel_map.view.timeline.period_of`), not per day: a slider moved a few
    days within one period costs a cache hit, not a union of the zones.
    """
    from ..view.timeline import period_of

    key = _key_of(data)
    return _day_counts(key, period_of(_change_days(key, data), day), data, day)


@st.cache_data(show_spinner=False, max_entries=16)
def _series(key: tuple, name: str, area_id: str | None, _data: Dataset):
    from ..view import analysis

    data = _data
    zones = data.frames["jihadist_zones"]
    if area_id is not None:
        areas = data.frames["tri_border"]
        shape = areas.loc[areas["id"] == area_id].geometry.union_all()
        data = data.within(shape)
        zones = data.frames["jihadist_zones"].copy()
        zones["geometry"] = zones.geometry.intersection(shape)
    months = analysis.month_starts(data.first_day, data.cutoff)
    if name == "zone_area":
        return analysis.zone_area_over_time(zones, months)
    return analysis.positions_over_time(data.frames["military_positions"], months)


def zone_area_series(data: Dataset, area_id: str | None = None):
    """Monthly km² per group (inside one tri-border definition when ``area_id`` is given), once per data version."""
    return _series(_key_of(data), "zone_area", area_id, data)


def positions_series(data: Dataset, area_id: str | None = None):
    """Monthly active positions per force (inside one tri-border definition when given), once per data version."""
    return _series(_key_of(data), "positions", area_id, data)


@st.cache_data(show_spinner=False, max_entries=64)
def _coverage_presets(key: tuple, radius_km: float, area: str, step: str, custom, _data: Dataset):
    from ..view.coverage import PRESETS, preset_series

    sets = dict(PRESETS) | ({"custom": custom} if custom else {})
    return preset_series(_data, radius_km, area, step, sets=sets)


def coverage_presets(data: Dataset, radius_km: float, area: str, step: str = "month", custom=None):
    """Coverage of ``area`` by each force preset (and a ``custom`` set of forces) at every step from 2013 to
    the cut-off, once per data version."""
    return _coverage_presets(_key_of(data), float(radius_km), area, step, tuple(custom or ()), data)


@st.cache_resource(show_spinner=False, max_entries=64)
def _coverage_rings(key: tuple, radius_km: float, forces: tuple[str, ...], _data: Dataset):
    from ..view.coverage import model_for

    return model_for(_data).rings(radius_km, forces)


def coverage_rings(data: Dataset, radius_km: float, forces: tuple[str, ...]):
    """Every ring of ``forces`` for one radius, with its position's time span (for the map)."""
    return _coverage_rings(_key_of(data), float(radius_km), tuple(forces), data)
