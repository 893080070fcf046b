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


def _tooltips(layer: UploadedData, frame) -> list[str]:
    lower = {c.lower(): c for c in layer.columns}
    wanted = {
        "acled": ("event_date", "event_type", "location"),
        "ucdp": ("date_start", "side_a", "side_b"),
    }.get(layer.kind) or tuple(n for n in ("name", "title", "id", "label") if n in lower)[:1]
    parts = [popups.escaped_column(frame[lower[n]], 80) for n in wanted if n in lower]
    if not parts:
        first = layer.columns[0] if layer.columns else None
        parts = [popups.escaped_column(frame[first], 80)] if first else []
    if not parts:
        return [""] * len(frame)
    return [" · ".join(p for p in row if p) for row in zip(*parts, strict=True)]


def upload_payload(layer: UploadedData, view: View) -> dict:
    """What the browser needs to draw ``layer``: every feature of its filter, each with its time span."""
    frame = layer.filtered()
    title, columns = popups.record_popup_parts(layer.name, layer.columns)
    values = [popups.escaped_column(frame[c]) for c in layer.columns]
    rows = [list(v) for v in zip(*values, strict=True)] if values else [[] for _ in range(len(frame))]
    t0, t1 = _days(frame["start"]), _days(frame["end"])
    sizes = layer.sizes(frame)
    radii = [styling.upload_radius(s) for s in sizes] if sizes is not None else [styling.upload_radius()] * len(frame)
    tips = _tooltips(layer, frame)
    is_point = (frame.geometry.geom_type == "Point").to_numpy()
    points, shapes = [], []
    xs = ys = []
    if is_point.any():
        centres = frame.geometry.where(is_point)
        xs, ys = centres.x.round(5).tolist(), centres.y.round(5).tolist()
    geo = None
    for i in range(len(frame)):
        if is_point[i]:
            points.append([xs[i], ys[i], t0[i], t1[i], radii[i], rows[i], tips[i]])
        else:
            if geo is None:
                geo = frame.geometry.__geo_interface__["features"]
            shapes.append(
                {
                    "type": "Feature",
                    "geometry": geo[i]["geometry"],
                    "properties": {"_t0": t0[i], "_t1": t1[i], "_v": rows[i], "_tooltip": tips[i]},
                }
            )
    window = view.event_window_days if layer.point_dates else None
    return {
        "key": f"{layer.key}-{layer.fingerprint}-{view.lang}",
        "title": title,
        "columns": columns,
        "colour": layer.colour,
        "window": window,
        "points": points,
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
