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

#: JavaScript shared by every map: how features become markers, styles, popups and tooltips,
#: and a cached loader for layer data the app publishes as static JSON (see sahel_map.publish).
RUNTIME_JS = """
window.SahelMap = window.SahelMap || {
    cache: {},
    load: function (url) {
        if (!this.cache[url]) {
            this.cache[url] = fetch(url).then(function (r) {
                if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
                return r.json();
            });
        }
        return this.cache[url];
    },
    pointToLayer: function (scale) {
        return function (feature, latlng) {
            var p = feature.properties, s = (p._size === undefined ? 18 : p._size) * scale;
            return L.marker(latlng, {
                icon: L.divIcon({html: p._icon, className: p._class || 'sahel-marker', iconSize: [s, s],
                                 iconAnchor: [s / 2 - (p._dx || 0) * scale, s / 2 + (p._dy || 0) * scale]}),
                alt: p._label, title: p._label, riseOnHover: true, interactive: !!p._popup
            });
        };
    },
    onEachFeature: function (feature, layer) {
        var p = feature.properties;
        if (p._popup) { layer.bindPopup(p._popup, {maxWidth: 380, maxHeight: 360}); }
        if (p._tooltip) { layer.bindTooltip(p._tooltip, {sticky: true}); }
    },
    style: function (feature) { return feature.properties._style || {}; },
    only: function (collection, ids) {
        if (ids === null) { return collection; }
        var wanted = new Set(ids);
        return {type: 'FeatureCollection',
                features: collection.features.filter(function (f) { return wanted.has(f.properties.id); })};
    }
};
"""
POINT_TO_LAYER = JsCode("window.SahelMap.pointToLayer(1)")
ON_EACH_FEATURE = JsCode("window.SahelMap.onEachFeature")
STYLE = JsCode("window.SahelMap.style")


class Runtime(MacroElement):
    """Defines ``window.SahelMap`` (see :data:`RUNTIME_JS`) before any layer uses it."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        + RUNTIME_JS
        + """
        (function (map) {
            function tag() { map.getContainer().setAttribute('data-zoom', map.getZoom()); }
            map.on('zoomend', tag);
            tag();
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self._name = "SahelRuntime"


class FeatureLayer(folium.map.Layer):
    """A GeoJSON layer whose features carry their own icon, style, popup and tooltip.

    Either the data is embedded (``data``: standalone exports), or the layer
    names a published JSON file (``url``) and the ids to show from it, so a
    page rerun sends a list of ids instead of the features again.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(null, {
            pointToLayer: window.SahelMap.pointToLayer({{ this.scale|tojson }}),
            onEachFeature: window.SahelMap.onEachFeature,
            style: window.SahelMap.style
        });
        {%- if this.url %}
        window.SahelMap.load({{ this.url|tojson }}).then(function (data) {
            {{ this.get_name() }}.addData(window.SahelMap.only(data, {{ this.ids|tojson }}));
        });
        {%- else %}
        {{ this.get_name() }}.addData({{ this.data|tojson }});
        {%- endif %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict | None = None,
        *,
        url: str | None = None,
        ids: list[str] | None = None,
        scale: float = 1.0,
        name: str | None = None,
        show: bool = True,
        control: bool = False,
    ):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "FeatureLayer"
        if (data is None) == (url is None):
            raise ValueError("FeatureLayer takes either data or url")
        self.data = data
        self.url = url
        self.ids = ids
        self.scale = scale

    def features(self) -> list[dict] | list[str]:
        """The embedded features, or the ids to show from the published file."""
        return self.data["features"] if self.data is not None else list(self.ids or [])


class MapCss(MacroElement):
    """Page CSS for the map: background, marker and label classes, projector sizes."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-container { background: #dfe8ee; }
        .sahel-marker, .sahel-place { background: none; border: none; }
        .sahel-place { pointer-events: none; }
        .sahel-town-label { color: #444; font: 11px system-ui, sans-serif; white-space: nowrap;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
        /* town names only from zoom 6 on: at lower zooms they would cover the markers */
        .leaflet-container[data-zoom="3"] .sahel-town, .leaflet-container[data-zoom="4"] .sahel-town,
        .leaflet-container[data-zoom="5"] .sahel-town { display: none; }
        .sahel-place-label { background: none; border: none; color: #333; font: 600 11px system-ui, sans-serif;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; }
        .sahel-popup a { color: #0b5394; }
        .sahel-popup, .sahel-popup p, .sahel-popup td, .sahel-popup th { font: 12px/1.4 system-ui, sans-serif; }
        .sahel-popup b { font-size: 14px; }
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
    #: tri-border definitions to draw, by feature id; ``None``: the primary definition only
    areas: tuple[str, ...] | None = None

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
    towns: gpd.GeoDataFrame | None = None
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
    """Positions as GeoJSON with their marker, popup and tooltip (marker SVG fills ``_size`` px)."""
    offsets = styling.colocated_offsets(frame) if len(frame) else []
    props = [
        {
            "id": row["id"],
            "force": row["force"],
            "_dx": round(dx, 1),
            "_dy": round(dy, 1),
            "_icon": _tagged(row["id"], styling.force_marker_svg(row["force"], "100%")),
            "_size": marker_size,
            "_label": f"{row['name']} ({codes.FORCES[row['force']]})",
            "_popup": popups.position_popup(row, register),
            "_tooltip": escape(popups.tooltip_text(row)),
        }
        for row, (dx, dy) in zip(frame.to_dict("records"), offsets, strict=True)
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
            "_icon": _tagged(row["id"], styling.event_marker_svg(row["kind"], "100%")),
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
        if layer_id == "tri_border":
            if selection.areas is not None:
                frame = frame[frame["id"].isin(selection.areas)]
            elif "primary" in frame:
                frame = frame[frame["primary"].astype("boolean").fillna(False)]
        out[layer_id] = frame
    return out


#: builds the full GeoJSON (markers, styles, popups) for each thematic layer
COLLECTION_BUILDERS = {
    "military_positions": position_features,
    "jihadist_zones": zone_features,
    "events": event_features,
    "tri_border": area_features,
}


def layer_collection(layer_id: str, frame: gpd.GeoDataFrame, register: Mapping[str, Source]) -> dict:
    return COLLECTION_BUILDERS[layer_id](frame, register)


def _feature_layer(layer_id, frame, register, published, scale) -> FeatureLayer:
    if published and layer_id in published:
        return FeatureLayer(url=published[layer_id], ids=[str(i) for i in frame["id"]], scale=scale)
    return FeatureLayer(layer_collection(layer_id, frame, register), scale=scale)


def thematic_groups(
    layers: Mapping[str, gpd.GeoDataFrame],
    day: date | str,
    selection: Selection,
    register: Mapping[str, Source],
    published: Mapping[str, str] | None = None,
    scale: float = 1.0,
) -> list[folium.FeatureGroup]:
    """Feature groups for ``day``: one per zone group, per force, and for events and areas.

    Names are what the map's layer control lists, so each force and group can be
    switched off there as well as in the sidebar.  With ``published`` (layer id
    -> URL of its JSON, see :mod:`sahel_map.publish`) each group carries only the
    ids of its active features; otherwise the features are embedded.
    """
    groups: list[folium.FeatureGroup] = []
    frames = active_frames(layers, day, selection)

    def add(name: str, layer_id: str, frame: gpd.GeoDataFrame) -> None:
        group = folium.FeatureGroup(name=name)
        _feature_layer(layer_id, frame, register, published, scale).add_to(group)
        groups.append(group)

    if "tri_border" in frames:
        add(codes.LAYER_TITLES["tri_border"], "tri_border", frames["tri_border"])
    if "jihadist_zones" in frames:
        zones = frames["jihadist_zones"]
        for code in codes.GROUPS:
            if selection.wants_group(code):
                add(f"Zones: {codes.GROUPS[code]}", "jihadist_zones", zones[zones["group"] == code])
    if "events" in frames:
        add(codes.LAYER_TITLES["events"], "events", frames["events"])
    if "military_positions" in frames:
        positions = frames["military_positions"]
        for code in codes.FORCES:
            if selection.wants_force(code):
                add(f"Positions: {codes.FORCES[code]}", "military_positions", positions[positions["force"] == code])
    return groups


def _basemap_style(fill: str, stroke: str, weight: float, fill_opacity: float = 1.0) -> dict:
    return {"color": stroke, "weight": weight, "fillColor": fill, "fillOpacity": fill_opacity, "opacity": 1}


def basemap_collections(basemap: Basemap) -> dict[str, dict]:
    """The offline basemap as styled GeoJSON collections, bottom layer first."""

    def collection(frame, style):
        names = frame["name"] if "name" in frame else [""] * len(frame)
        return _feature_collection(frame, [{"_style": style, "_tooltip": escape(str(n))} for n in names])

    out: dict[str, dict] = {}
    countries = basemap.countries
    if len(countries):
        out["countries"] = collection(countries[countries["iso3"] != "MLI"], _basemap_style("#f4f1ea", "#8a8a8a", 1))
        out["mali"] = collection(countries[countries["iso3"] == "MLI"], _basemap_style("#fbf8f0", "#444444", 2))
    if basemap.admin1 is not None and len(basemap.admin1):
        style = {"color": "#9a9a9a", "weight": 0.8, "dashArray": "3 3", "fill": False, "interactive": False}
        out["admin1"] = collection(basemap.admin1, style)
    if basemap.rivers is not None and len(basemap.rivers):
        out["rivers"] = collection(
            basemap.rivers, {"color": "#6aa6cf", "weight": 1.6, "opacity": 0.9, "interactive": False}
        )
    if basemap.places is not None and len(basemap.places):
        out["places"] = _labels(basemap.places, "sahel-place-label", "&#9679;", "sahel-place")
    if basemap.towns is not None and len(basemap.towns):
        out["towns"] = _labels(basemap.towns, "sahel-town-label", "&#8226;", "sahel-place sahel-town")
    return out


def _labels(frame: gpd.GeoDataFrame, label_class: str, bullet: str, marker_class: str) -> dict:
    """Name labels as zero-size, non-interactive markers."""
    props = [
        {
            "_icon": f'<span class="{label_class}">{bullet} {escape(str(name))}</span>',
            "_size": 0,
            "_class": marker_class,
            "_label": escape(str(name)),
        }
        for name in frame["name"]
    ]
    return _feature_collection(frame, props)


def add_offline_basemap(fmap: folium.Map, basemap: Basemap | None, published: Mapping[str, str] | None = None) -> None:
    """Countries, regions, rivers and town labels as vector layers (no tiles, no network).

    With ``published`` (``basemap_<name>`` -> URL) the browser fetches each
    collection once and caches it; otherwise the collections are embedded.
    """
    group = folium.FeatureGroup(name="Basemap (Natural Earth)", control=False)
    names = [k.removeprefix("basemap_") for k in (published or {}) if k.startswith("basemap_")]
    if names:
        for name in names:
            FeatureLayer(url=published[f"basemap_{name}"], ids=None).add_to(group)
    elif basemap is not None:
        for collection in basemap_collections(basemap).values():
            FeatureLayer(collection).add_to(group)
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
    published: Mapping[str, str] | None = None,
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
    Runtime().add_to(fmap)
    if tiles == "offline":
        add_offline_basemap(fmap, basemap, published)
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
