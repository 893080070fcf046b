"""Every file the product writes, from one registry (:data:`FORMATS`).

>>> from datetime import date
>>> from sahel_map import load_dataset, View
>>> from sahel_map.export import export, FORMATS
>>> "png" in FORMATS and FORMATS["kml"].mime
'application/vnd.google-earth.kml+xml'
"""

from . import briefing  # noqa: E402, F401  (registers the briefing deck and handout)
from .atomic import ExportError, atomic_path
from .formats import FORMATS, STEPS, Format, Options, check, export, export_series, file_name, frame_days

__all__ = [
    "FORMATS",
    "STEPS",
    "ExportError",
    "Format",
    "Options",
    "atomic_path",
    "check",
    "export",
    "export_series",
    "file_name",
    "frame_days",
]
