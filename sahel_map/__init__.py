"""Sahel Map: sourced, dated layers of the security situation in Mali and the central Sahel.

A small public API over focused subpackages::

    from sahel_map import load_dataset, View
    data = load_dataset()                                   # validated layers + problems
    view = View(date(2021, 6, 1), layers=("military_positions",), forces=("barkhane",))
    view.active_frames(data.frames)["military_positions"]  # what that map shows

Subpackages, each importing only those before it:

* ``data``: the data contract (codes, schema), readers that report problems instead of raising;
* ``view``: the :class:`View` (what a map shows, and its URL), the time rule, analysis, briefings;
* ``look``: colours, shapes, legends, popups, charts, translations;
* ``web``: folium/Leaflet maps, offline assets, the published layers;
* ``export``: the one registry of output formats and their writers;
* ``app``: the Streamlit building blocks the pages use;
* ``cli``: ``python -m sahel_map validate | assets | export | analyse | db``.

``data`` and ``view`` import no folium, Streamlit or matplotlib.
"""

from .data import Dataset, Problem, load_dataset
from .view import Extent, View, active_on

__version__ = "0.2.0"
__all__ = ["Dataset", "Extent", "Problem", "View", "active_on", "load_dataset"]
