"""Data shared by every session of a process, loaded once and again only when it changes.

``st.cache_resource`` holds one copy per process (never per session): the
layers, the register, the basemap, and the URLs of the published layers. The
cache key is the data's fingerprint (file paths, sizes and modification
times, or the database's ``data_version``), so an edited file is picked up
without a restart.
"""

from __future__ import annotations

import streamlit as st

from ..data.dataset import Dataset, fingerprint, load_dataset
from ..web.publish import publish


def _source_key() -> tuple:
    return fingerprint()


@st.cache_resource(show_spinner="Loading layers…", max_entries=2)
def _cached_dataset(key: tuple) -> Dataset:
    return load_dataset()


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
    return _territory_shares(_source_key(), data)
