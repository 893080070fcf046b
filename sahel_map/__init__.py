"""Sahel Map: sourced, dated layers of the security situation in Mali and the central Sahel.

A small public API over focused modules::

    from sahel_map import load_layers, active_on
    layers = load_layers()                       # validated GeoDataFrames + problems
    positions = active_on(layers["military_positions"].frame, "2021-06-01")

Modules: ``schema`` and ``loading`` (the data contract), ``timeline`` (the time
rule), ``styling`` and ``popups`` (the look), ``mapping`` (folium maps),
``assets`` (offline front-end files), ``analysis`` (counts and areas),
``export`` (files), ``state`` (shareable URLs), ``ui`` (Streamlit pieces),
``cli`` (the command line).
"""

from .loading import Layer, Problem, load_layer, load_layers
from .timeline import active_mask, active_on

__all__ = ["Layer", "Problem", "active_mask", "active_on", "load_layer", "load_layers"]
