"""An uploaded layer on the live map and in HTML exports: canvas points that filter themselves by day.

The layer is embedded in the session's own map message (never published under
``static/``, which every viewer can fetch). Points are sent compactly, one row
``[lon, lat, t0, t1, radius, values, tooltip]`` each, and drawn as Leaflet
circle markers on one canvas (never a DOM marker per point: 100,000 events
stay one ``<canvas>``); other geometries are GeoJSON features with ``_t0`` /
``_t1``. Either way the browser applies the same time rule as our layers
(``SahelMap.active``): points within the event window, spans from start to end.

Every text (column names, values, the layer name) is escaped here, in Python,
by :mod:`sahel_map.look.popups`; the browser only joins the escaped pieces.
"""

from __future__ import annotations

import folium
import pandas as pd
from folium.template import Template

from ..data.uploads import UploadedData
from ..look import popups, styling
from ..view.view import View
from .features import EPOCH
from .safety import VerbatimRender, script_json


def _days(series: pd.Series) -> list:
    numbers = ((series - EPOCH) / pd.Timedelta(days=1)).round()
    return [None if pd.isna(n) else int(n) for n in numbers]


def _tooltip_columns(layer: UploadedData, columns: list[str]) -> list[int]:
    """Which columns the hover tooltip joins (date, type, place for ACLED; sides for UCDP; else a name)."""
    lower = {c.lower(): i for i, c in enumerate(columns)}
    wanted = {
        "acled": ("event_date", "event_type", "location"),
        "ucdp": ("date_start", "side_a", "side_b"),
    }.get(layer.kind) or ("name", "title", "label", "id")
    picked = [lower[n] for n in wanted if n in lower]
    if layer.kind == "file":
        picked = picked[:1]
    return picked or ([0] if columns else [])


def _encoded(series: pd.Series) -> dict:
    """A column as its distinct escaped values and one index per row (``codes`` null when every row has
    the same value, ``"row"`` when every row has its own): ACLED repeats its types, actors and places, so 100,000 rows send each text once,
    and each distinct text is escaped once."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) == len(series) and len(series) > 1:  # every row its own value: the values in row order
        return {"values": popups.escaped_column(series), "codes": "row"}
    values = popups.escaped_column(pd.Series(uniques, dtype=object))
    if (codes < 0).any():
        codes = codes.copy()
        codes[codes < 0] = len(values)
        values.append("")
    return {"values": values, "codes": None if len(values) == 1 else codes.tolist()}


def upload_payload(layer: UploadedData, view: View) -> dict:
    """What the browser needs to draw ``layer``: every feature of its filter, each with its time span.

    Columnar: ``x``/``y`` (null for non-points), ``t0``/``t1`` (day numbers), ``r`` (radius), and per
    column its distinct escaped values and a code per row; non-point geometries as GeoJSON features
    whose ``_i`` is their row.
    """
    frame = layer.filtered()
    columns = [c for c in layer.columns if frame[c].notna().any() and (frame[c].astype(str) != "").any()]
    title, names = popups.record_popup_parts(layer.name, columns)
    sizes = layer.sizes(frame)
    is_point = (frame.geometry.geom_type == "Point").to_numpy()
    xs = ys = [None] * len(frame)
    if is_point.any():
        centres = frame.geometry.where(is_point)
        xs = [None if pd.isna(v) else v for v in centres.x.round(5)]
        ys = [None if pd.isna(v) else v for v in centres.y.round(5)]
    shapes = []
    if not is_point.all():
        geo = frame.geometry.__geo_interface__["features"]
        shapes = [
            {"type": "Feature", "geometry": geo[i]["geometry"], "properties": {"_i": i}}
            for i in range(len(frame))
            if not is_point[i]
        ]
    window = view.event_window_days if layer.point_dates else None
    return {
        "key": f"{layer.key}-{layer.fingerprint}-{view.lang}",
        "title": title,
        "columns": names,
        "colour": layer.colour,
        "window": window,
        "n": len(frame),
        "x": xs,
        "y": ys,
        "t0": _days(frame["start"]),
        "t1": _days(frame["end"]),
        "r": [styling.upload_radius(v) for v in sizes] if sizes is not None else styling.upload_radius(),
        "cells": [_encoded(frame[c]) for c in columns],
        "tip": _tooltip_columns(layer, columns),
        "shapes": {"type": "FeatureCollection", "features": shapes},
    }


class UploadLayer(VerbatimRender):
    """``SahelMap.uploadLayer``: an uploaded layer drawn on canvas, filtered by day in the browser."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.SahelMap.uploadLayer({{ this.payload }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, payload):
        super().__init__()
        self._name = "UploadLayer"
        self.payload = payload


def upload_script(layer: UploadedData, view: View):
    """The layer's escaped payload, built once per layer state, window and language (a rerun that only
    moves the day reuses it: 100,000 rows are escaped once, not on every slider move)."""
    window = view.event_window_days if layer.point_dates else None
    key = (layer.fingerprint, window, view.lang)
    cache = layer.__dict__.setdefault("_web_cache", {})
    if key not in cache:
        cache.clear()
        cache[key] = script_json(upload_payload(layer, view))
    return cache[key]


def upload_group(layer: UploadedData, view: View) -> folium.FeatureGroup:
    """The layer as a feature group for :func:`sahel_map.web.maps.thematic_groups`."""
    group = folium.FeatureGroup(name=f"upload {layer.key}", control=False)
    UploadLayer(upload_script(layer, view)).add_to(group)
    return group
