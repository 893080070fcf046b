"""The data contract and its readers: no folium, Streamlit or matplotlib here.

>>> from sahel_map.data import load_dataset
>>> data = load_dataset()
>>> sorted(data.frames)
['events', 'jihadist_zones', 'military_positions', 'tri_border']
"""

from .dataset import TIMELINE_START, Basemap, Dataset, fingerprint, load_dataset
from .loading import Layer, load_layer, load_layers
from .problems import Problem
from .sources import Source, load_register

__all__ = [
    "TIMELINE_START",
    "Basemap",
    "Dataset",
    "Layer",
    "Problem",
    "Source",
    "fingerprint",
    "load_dataset",
    "load_layer",
    "load_layers",
    "load_register",
]
