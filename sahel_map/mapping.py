"""Build folium maps: the offline base map, and the thematic layers for a day.

The base map (basemap, controls, legend) does not depend on the date, so pages
render it once and send only the thematic feature groups from
:func:`thematic_groups` as streamlit-folium's ``feature_group_to_add``: moving
the time slider then swaps layers inside the live Leaflet map instead of
re-creating it.  :func:`full_map` puts both together for exports, and
:func:`timeline_map` builds the in-browser animation (Leaflet.timeline).

Features are drawn by one small Leaflet layer, :class:`FeatureLayer`, whose
markers, styles, popups and tooltips are precomputed (and escaped) in Python
and embedded as JSON, so no text from data reaches JavaScript unquoted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from html import escape

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from folium.plugins import Fullscreen, MeasureControl, MousePosition, Timeline, TimelineSlider
from folium.template import Template
from folium.utilities import JsCode

from . import codes, popups, styling
from .assets import localize
from .sources import Source
from .timeline import active_on, within_window

DEFAULT_CENTER = (16.0, -1.5)
DEFAULT_ZOOM = 5

#: thematic layer ids, in drawing order (bottom first)
THEMATIC_LAYERS = ("tri_border", "jihadist_zones", "events", "military_positions")

ONLINE_BASEMAPS: dict[str, dict] = {
    "openstreetmap": {
        "label": "OpenStreetMap (online)",
        "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attr": "&copy; OpenStreetMap contributors",
    },
    "satellite": {
        "label": "Satellite imagery, Esri (online)",
        "tiles": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attr": "Tiles &copy; Esri, Maxar, Earthstar Geographics",
    },
    "light": {
        "label": "Light, CARTO (online)",
        "tiles": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "attr": "&copy; OpenStreetMap contributors &copy; CARTO",
    },
    "dark": {
        "label": "Dark, CARTO (online)",
        "tiles": "https://{s}.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}{r}.png",
        "attr": "&copy; OpenStreetMap contributors &copy; CARTO",
    },
}
BASEMAPS = {"offline": "Offline vector basemap (Natural Earth)"} | {
    key: value["label"] for key, value in ONLINE_BASEMAPS.items()
}

POINT_TO_LAYER = JsCode(
    """function (feature, latlng) {
    var p = feature.properties, s = p._size || 18;
    return L.marker(latlng, {
        icon: L.divIcon({html: p._icon, className: 'sahel-marker', iconSize: [s, s], iconAnchor: [s / 2, s / 2]}),
        alt: p._label, title: p._label, riseOnHover: true
    });
}"""
)
ON_EACH_FEATURE = JsCode(
    """function (feature, layer) {
    var p = feature.properties;
    if (p._popup) { layer.bindPopup(p._popup, {maxWidth: 380}); }
    if (p._tooltip) { layer.bindTooltip(p._tooltip, {sticky: true}); }
}"""
)
STYLE = JsCode("function (feature) { return feature.properties._style || {}; }")


class FeatureLayer(folium.map.Layer):
    """A GeoJSON layer whose features carry their own icon, style, popup and tooltip."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data|tojson }}, {
            pointToLayer: {{ this.point_to_layer }},
            onEachFeature: {{ this.on_each_feature }},
            style: {{ this.style }}
        });
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, name: str | None = None, show: bool = True, control: bool = False):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "FeatureLayer"
        self.data = data
        self.point_to_layer = POINT_TO_LAYER
        self.on_each_feature = ON_EACH_FEATURE
        self.style = STYLE


class MapCss(MacroElement):
    """Page CSS for the map: background, marker and label classes, projector sizes."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-container { background: #dfe8ee; }
        .sahel-marker { background: none; border: none; }
        .sahel-place-label { background: none; border: none; color: #333; font: 600 11px system-ui, sans-serif;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; }
        .sahel-popup a { color: #0b5394; }
        {{ this.extra }}
        </style>
        {% endmacro %}
        """
    )

    def __init__(self, extra: str = ""):
        super().__init__()
        self._name = "MapCss"
        self.extra = extra


class Legend(MacroElement):
    """A legend control; its HTML is built (and escaped) by :func:`styling.legend_html`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create('div', 'sahel-legend-control');
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position


@dataclass(frozen=True)
class Selection:
    """What to draw: layer ids, and within them which forces and groups (``None`` = all)."""

    layers: tuple[str, ...] = THEMATIC_LAYERS
    forces: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    event_window_days: int | None = None

    def wants_force(self, force: str) -> bool:
        return self.forces is None or force in self.forces

    def wants_group(self, group: str) -> bool:
        return self.groups is None or group in self.groups


@dataclass
class Basemap:
    """The offline vector basemap layers, already simplified for display."""

    countries: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame | None = None
    rivers: gpd.GeoDataFrame | None = None
    places: gpd.GeoDataFrame | None = None
    extra: dict = field(default_factory=dict)


def _feature_collection(frame: gpd.GeoDataFrame, props: list[dict]) -> dict:
    geometries = frame.geometry.__geo_interface__["features"] if len(frame) else []
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": g["geometry"], "properties": p}
            for g, p in zip(geometries, props, strict=True)
        ],
    }


def _tagged(feature_id: str, svg: str) -> str:
    """Marker HTML carrying the feature id, so a viewer's browser (and tests) can tell markers apart."""
    return f'<span class="sahel-feature" data-feature-id="{escape(str(feature_id), quote=True)}">{svg}</span>'


def position_features(frame: gpd.GeoDataFrame, register: Mapping[str, Source], marker_size: int = 18) -> dict:
    props = [
        {
            "id": row["id"],
            "force": row["force"],
            "_icon": _tagged(row["id"], styling.force_marker_svg(row["force"], marker_size)),
            "_size": marker_size,
            "_label": f"{row['name']} ({codes.FORCES[row['force']]})",
            "_popup": popups.position_popup(row, register),
            "_tooltip": escape(popups.tooltip_text(row)),
        }
        for row in frame.to_dict("records")
    ]
    return _feature_collection(frame, props)


def zone_features(frame: gpd.GeoDataFrame, register: Mapping[str, Source]) -> dict:
    props = [
        {
            "id": row["id"],
            "group": row["group"],
            "_style": styling.zone_style(row["group"], row["level"]),
            "_popup": popups.zone_popup(row, register),
            "_tooltip": escape(f"{codes.GROUPS[row['group']]}: {row['level']}"),
        }
        for row in frame.to_dict("records")
    ]
    return _feature_collection(frame, props)


def event_features(frame: gpd.GeoDataFrame, register: Mapping[str, Source]) -> dict:
    props = [
        {
            "id": row["id"],
            "kind": row["kind"],
            "_icon": _tagged(row["id"], styling.event_marker_svg(row["kind"])),
            "_size": 14,
            "_label": f"{row['date']}: {row['title']}",
            "_popup": popups.event_popup(row, register),
            "_tooltip": escape(f"{row['date']}: {row['title']}"),
        }
        for row in frame.to_dict("records")
    ]
    return _feature_collection(frame, props)


def area_features(frame: gpd.GeoDataFrame, register: Mapping[str, Source]) -> dict:
    props = [
        {
            "id": row["id"],
            "_style": styling.AREA_STYLE,
            "_popup": popups.area_popup(row, register),
            "_tooltip": escape(str(row["name"])),
        }
        for row in frame.to_dict("records")
    ]
    return _feature_collection(frame, props)


def active_frames(
    layers: Mapping[str, gpd.GeoDataFrame], day: date | str, selection: Selection
) -> dict[str, gpd.GeoDataFrame]:
    """Each selected layer's features active on ``day``, narrowed to the selected forces and groups."""
    out: dict[str, gpd.GeoDataFrame] = {}
    for layer_id in THEMATIC_LAYERS:
        if layer_id not in selection.layers or layer_id not in layers:
            continue
        frame = layers[layer_id]
        if layer_id == "events":
            frame = within_window(frame, day, selection.event_window_days)
            if "outside_frame" in frame:  # announced far away: in the chronology, not on the map
                frame = frame[frame["outside_frame"].astype("boolean").fillna(False).eq(False)]
        else:
            frame = active_on(frame, day)
        if layer_id == "military_positions" and selection.forces is not None:
            frame = frame[frame["force"].isin(selection.forces)]
        if layer_id == "jihadist_zones" and selection.groups is not None:
            frame = frame[frame["group"].isin(selection.groups)]
        out[layer_id] = frame
    return out


def thematic_groups(
    layers: Mapping[str, gpd.GeoDataFrame],
    day: date | str,
    selection: Selection,
    register: Mapping[str, Source],
    marker_size: int = 18,
) -> list[folium.FeatureGroup]:
    """Feature groups for ``day``: one per zone group, per force, and for events and areas.

    Names are what the map's layer control lists, so each force and group can be
    switched off there as well as in the sidebar.
    """
    groups: list[folium.FeatureGroup] = []
    frames = active_frames(layers, day, selection)
    if "tri_border" in frames:
        group = folium.FeatureGroup(name=codes.LAYER_TITLES["tri_border"])
        FeatureLayer(area_features(frames["tri_border"], register)).add_to(group)
        groups.append(group)
    if "jihadist_zones" in frames:
        zones = frames["jihadist_zones"]
        for code in codes.GROUPS:
            if selection.wants_group(code):
                group = folium.FeatureGroup(name=f"Zones: {codes.GROUPS[code]}")
                FeatureLayer(zone_features(zones[zones["group"] == code], register)).add_to(group)
                groups.append(group)
    if "events" in frames:
        group = folium.FeatureGroup(name=codes.LAYER_TITLES["events"])
        FeatureLayer(event_features(frames["events"], register)).add_to(group)
        groups.append(group)
    if "military_positions" in frames:
        positions = frames["military_positions"]
        for code in codes.FORCES:
            if selection.wants_force(code):
                group = folium.FeatureGroup(name=f"Positions: {codes.FORCES[code]}")
                subset = positions[positions["force"] == code]
                FeatureLayer(position_features(subset, register, marker_size)).add_to(group)
                groups.append(group)
    return groups


def _basemap_style(fill: str, stroke: str, weight: float, fill_opacity: float = 1.0) -> JsCode:
    return {"color": stroke, "weight": weight, "fillColor": fill, "fillOpacity": fill_opacity, "opacity": 1}


def add_offline_basemap(fmap: folium.Map, basemap: Basemap) -> None:
    """Countries, regions, rivers and town labels as vector layers (no tiles, no network)."""

    def collection(frame, style):
        props = [{"_style": style, "_tooltip": escape(str(name))} for name in frame.get("name", [""] * len(frame))]
        return _feature_collection(frame, props)

    group = folium.FeatureGroup(name="Basemap (Natural Earth)", control=False)
    if len(basemap.countries):
        countries = basemap.countries
        other = countries[countries["iso3"] != "MLI"]
        mali = countries[countries["iso3"] == "MLI"]
        FeatureLayer(collection(other, _basemap_style("#f4f1ea", "#8a8a8a", 1))).add_to(group)
        FeatureLayer(collection(mali, _basemap_style("#fbf8f0", "#444444", 2))).add_to(group)
    if basemap.admin1 is not None and len(basemap.admin1):
        style = {"color": "#9a9a9a", "weight": 0.8, "dashArray": "3 3", "fill": False, "interactive": False}
        FeatureLayer(collection(basemap.admin1, style)).add_to(group)
    if basemap.rivers is not None and len(basemap.rivers):
        style = {"color": "#6aa6cf", "weight": 1.6, "opacity": 0.9, "interactive": False}
        FeatureLayer(collection(basemap.rivers, style)).add_to(group)
    if basemap.places is not None and len(basemap.places):
        props = [
            {
                "_icon": f'<span class="sahel-place-label">&#9679; {escape(str(name))}</span>',
                "_size": 0,
                "_label": escape(str(name)),
            }
            for name in basemap.places["name"]
        ]
        FeatureLayer(_feature_collection(basemap.places, props)).add_to(group)
    group.add_to(fmap)


def base_map(
    basemap: Basemap | None,
    *,
    tiles: str = "offline",
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    legend: str | None = None,
    extra_css: str = "",
    controls: bool = True,
) -> folium.Map:
    """The date-independent map: basemap, scale, coordinates, fullscreen, measure, legend.

    ``tiles`` is ``"offline"`` (the default vector basemap) or a key of
    :data:`ONLINE_BASEMAPS`, which needs the network.
    """
    fmap = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=3,
        max_zoom=12,
        prefer_canvas=False,
    )
    MapCss(extra_css).add_to(fmap)
    if tiles == "offline":
        if basemap is not None:
            add_offline_basemap(fmap, basemap)
    else:
        spec = ONLINE_BASEMAPS[tiles]
        folium.TileLayer(tiles=spec["tiles"], attr=spec["attr"], name=spec["label"], control=False).add_to(fmap)
    if controls:
        Fullscreen(position="topleft").add_to(fmap)
        MeasureControl(
            position="topleft",
            primary_length_unit="kilometers",
            secondary_length_unit=None,
            primary_area_unit="sqkilometers",
            secondary_area_unit=None,
        ).add_to(fmap)
        MousePosition(position="bottomleft", separator=" , ", prefix="lat, lon:", num_digits=4).add_to(fmap)
    if legend:
        Legend(legend).add_to(fmap)
    return localize(fmap)


def full_map(
    basemap: Basemap | None,
    layers: Mapping[str, gpd.GeoDataFrame],
    day: date | str,
    selection: Selection,
    register: Mapping[str, Source],
    **kwargs,
) -> folium.Map:
    """A complete, self-contained map for ``day`` (used for exports and static views)."""
    fmap = base_map(basemap, **kwargs)
    for group in thematic_groups(layers, day, selection, register):
        group.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return localize(fmap)


GET_INTERVAL = JsCode(
    """function (feature) {
    var p = feature.properties;
    return {start: p._t0, end: p._t1, startExclusive: false, endExclusive: true};
}"""
)


def _with_interval(collection: dict, frame: pd.DataFrame, until: date) -> dict:
    """Add the millisecond interval Leaflet.timeline reads (open ends run to ``until``)."""
    last = pd.Timestamp(until) + pd.Timedelta(days=1)
    for feature, start, end in zip(collection["features"], frame["start"], frame["end"], strict=True):
        feature["properties"]["_t0"] = int(start.timestamp() * 1000)
        feature["properties"]["_t1"] = int((end if pd.notna(end) else last).timestamp() * 1000)
    return collection


def timeline_map(
    basemap: Basemap | None,
    layers: Mapping[str, gpd.GeoDataFrame],
    selection: Selection,
    register: Mapping[str, Source],
    start: date,
    end: date,
    *,
    playback_seconds: int = 40,
    **kwargs,
) -> folium.Map:
    """The drawdown animated in the browser: Leaflet.timeline with play, pause and step."""
    fmap = base_map(basemap, **kwargs)
    timelines = []
    if "jihadist_zones" in selection.layers and "jihadist_zones" in layers:
        zones = layers["jihadist_zones"]
        if selection.groups is not None:
            zones = zones[zones["group"].isin(selection.groups)]
        data = _with_interval(zone_features(zones, register), zones, end)
        timelines.append(Timeline(data, get_interval=GET_INTERVAL, style=STYLE, on_each_feature=ON_EACH_FEATURE))
    if "military_positions" in selection.layers and "military_positions" in layers:
        positions = layers["military_positions"]
        if selection.forces is not None:
            positions = positions[positions["force"].isin(selection.forces)]
        data = _with_interval(position_features(positions, register), positions, end)
        timelines.append(
            Timeline(data, get_interval=GET_INTERVAL, point_to_layer=POINT_TO_LAYER, on_each_feature=ON_EACH_FEATURE)
        )
    for timeline in timelines:
        timeline.add_to(fmap)
    slider = TimelineSlider(
        auto_play=False,
        start=int(pd.Timestamp(start).timestamp() * 1000),
        end=int(pd.Timestamp(end).timestamp() * 1000),
        date_options="YYYY-MM-DD",
        enable_playback=True,
        enable_keyboard_controls=True,
        show_ticks=False,
        steps=max(1, (end - start).days // 15),
        playback_duration=playback_seconds * 1000,
    )
    slider.add_timelines(*timelines).add_to(fmap)
    return localize(fmap)


def page_css_for_projector(scale: float) -> str:
    """Larger popups, tooltips and legend for a projector."""
    return (
        f".sahel-legend {{ font-size: {12 * scale:.0f}px !important; }}"
        f".leaflet-tooltip, .leaflet-popup-content {{ font-size: {12 * scale:.0f}px; }}"
    )


def static_html(element: Element) -> str:
    """The full HTML page folium renders for a map (assets still as local URLs)."""
    return element.get_root().render()
