"""An uploaded layer on the live map and in HTML exports: canvas points that filter themselves by day.

On the live map the layer's data is a file of the session that uploaded it, at
an address only that session is given (:func:`upload_group`'s ``publish``: the
app passes Streamlit's per-session media store), so a rerun sends a URL, not
the data; in an HTML export it is embedded. It is never published under
``static/``, which every viewer can fetch. Points are sent compactly, one row
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
from markupsafe import Markup

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


def state_key(layer: UploadedData, view: View) -> str:
    """What the payload depends on: the layer's state (data, filters, colour, sizes), the event window
    (dated points only) and the language."""
    window = view.event_window_days if layer.point_dates else None
    return f"{layer.key}-{layer.fingerprint}-{window}-{view.lang}"


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
        "key": state_key(layer, view),
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


def _payload_text(layer: UploadedData, view: View) -> str:
    """The layer's escaped payload, built once per layer state, window and language (a rerun that only
    moves the day reuses it: 100,000 rows are escaped once, not on every slider move)."""
    key = state_key(layer, view)
    cache = layer.__dict__.setdefault("_web_cache", {})
    if key not in cache:
        cache.clear()
        cache[key] = str(script_json(upload_payload(layer, view)))
    return cache[key]


def upload_script(layer: UploadedData, view: View) -> Markup:
    """The payload as JSON safe inside a ``<script>`` (an HTML export embeds it)."""
    return Markup(_payload_text(layer, view))  # noqa: S704 -- built by script_json


def upload_bytes(layer: UploadedData, view: View) -> tuple[str, bytes]:
    """The payload's key and its JSON as UTF-8 bytes, for a session's own URL (cached like the text)."""
    key = state_key(layer, view)
    cache = layer.__dict__.setdefault("_web_bytes", {})
    if key not in cache:
        cache.clear()
        cache[key] = _payload_text(layer, view).encode("utf-8")
        layer.__dict__["_web_cache"].clear()  # the bytes are all a live map needs: hold one copy, not two
    return key, cache[key]


def upload_group(layer: UploadedData, view: View, publish=None) -> folium.FeatureGroup:
    """The layer as a feature group for :func:`sahel_map.web.maps.thematic_groups`.

    ``publish(name, data) -> url`` puts the payload at an address of the viewer's session; the map
    message then carries only that address (the browser fetches it once and keeps it across reruns).
    Without it (or where it returns ``None``) the payload is embedded (HTML exports).
    """
    group = folium.FeatureGroup(name=f"upload {layer.key}", control=False)
    url = None
    if publish is not None:
        key, data = upload_bytes(layer, view)
        url = publish(key, data)
    UploadLayer(script_json({"key": key, "url": url}) if url else upload_script(layer, view)).add_to(group)
    return group
