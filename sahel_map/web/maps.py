"""Folium maps: the offline base map, the thematic layers of a :class:`~sahel_map.view.View`, exports.

The base map (basemap, controls, legend) does not depend on the date, so the
live pages render it once and send only the thematic feature groups of
:func:`thematic_groups` (streamlit-folium's ``feature_group_to_add``): moving
the date swaps features inside the live Leaflet map instead of re-creating it,
and the browser itself filters the features by day (``sahel-map.js``), so a
drag of the time control redraws the map without asking the server.
:func:`standalone_map` puts both together for the offline HTML export.

Every map leaves here through :func:`finish`: its CDN files are pointed at the
app's own copies (:mod:`sahel_map.web.assets`) and every element renders
verbatim (:mod:`sahel_map.web.safety`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import folium
from folium.plugins import Fullscreen, MeasureControl, MousePosition

from ..data.dataset import Dataset
from ..look import i18n
from ..view.view import THEMATIC_LAYERS, View, area_mask
from .assets import localize
from .elements import Control, FeatureLayer, Runtime, SetDay, TileWarning, TimeControl
from .features import CATEGORY_FIELDS, basemap_collections, day_number, highlight_feature, layer_collection
from .safety import check_safe, make_safe

ONLINE_BASEMAPS: dict[str, dict] = {
    "openstreetmap": {
        "label": i18n.N_("OpenStreetMap (online)"),
        "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attr": "&copy; OpenStreetMap contributors",
    },
    "satellite": {
        "label": i18n.N_("Satellite imagery, Esri (online)"),
        "tiles": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attr": "Tiles &copy; Esri, Maxar, Earthstar Geographics",
    },
    "light": {
        "label": i18n.N_("Light, CARTO (online)"),
        "tiles": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "attr": "&copy; OpenStreetMap contributors &copy; CARTO",
    },
    "dark": {
        "label": i18n.N_("Dark, CARTO (online)"),
        "tiles": "https://{s}.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}{r}.png",
        "attr": "&copy; OpenStreetMap contributors &copy; CARTO",
    },
}
BASEMAP_LABELS = {"offline": i18n.N_("Offline vector basemap (Natural Earth)")} | {
    key: value["label"] for key, value in ONLINE_BASEMAPS.items()
}


def finish(element):
    """Local assets and verbatim rendering for every element, then the guard that checks it."""
    return check_safe(make_safe(localize(element)))


def projector_css(scale: float) -> str:
    """Larger popups, tooltips and legend for a projector."""
    if scale == 1.0:
        return ""
    return (
        f".sahel-legend {{ font-size: {12 * scale:.0f}px !important; }}"
        f".leaflet-tooltip, .leaflet-popup-content, .sahel-popup, .sahel-popup td, .sahel-popup th "
        f"{{ font-size: {12 * scale:.0f}px !important; }}"
        f".sahel-town-label, .sahel-place-label {{ font-size: {11 * scale:.0f}px; }}"
    )


def add_offline_basemap(fmap: folium.Map, data: Dataset | None, published: Mapping[str, str] | None = None) -> None:
    """Countries, regions, rivers and town labels as vector layers (no tiles, no network).

    With ``published`` (``basemap_<name>`` -> URL) the browser fetches each
    collection once and caches it; otherwise the collections are embedded.
    """
    group = folium.FeatureGroup(name="Basemap (Natural Earth)", control=False)
    names = [k.removeprefix("basemap_") for k in (published or {}) if k.startswith("basemap_")]
    if names:
        for name in names:
            FeatureLayer(url=published[f"basemap_{name}"]).add_to(group)
    elif data is not None:
        for collection in basemap_collections(data.basemap).values():
            FeatureLayer(collection).add_to(group)
    group.add_to(fmap)


def base_map(
    data: Dataset | None,
    view: View,
    *,
    legend: str | None = None,
    scale: float = 1.0,
    controls: bool = True,
    published: Mapping[str, str] | None = None,
    replay: tuple[str, str] | None = None,
) -> folium.Map:
    """The date-independent map: basemap, scale, coordinates, fullscreen, measure, legend.

    ``replay`` (first and last day) adds the in-map time control: play, pause, speed.
    """
    t = i18n.translator(view.lang)
    fmap = folium.Map(
        location=list(view.center),
        zoom_start=view.zoom,
        tiles=None,
        control_scale=True,
        min_zoom=3,
        max_zoom=12,
        zoom_snap=0.25,
        zoom_delta=0.5,
        prefer_canvas=False,
    )
    Runtime(projector_css(scale)).add_to(fmap)
    # the offline basemap is always there: under online tiles it is what shows when they fail
    add_offline_basemap(fmap, data, published)
    if view.basemap in ONLINE_BASEMAPS:
        spec = ONLINE_BASEMAPS[view.basemap]
        tiles = folium.TileLayer(tiles=spec["tiles"], attr=spec["attr"], name=t(spec["label"]), control=False)
        tiles.add_to(fmap)
        TileWarning(tiles, t("The online basemap cannot be reached: showing the offline basemap.")).add_to(fmap)
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
        Control(legend).add_to(fmap)
    if replay:
        time_control(view, *replay).add_to(fmap)
    return finish(fmap)


@dataclass(frozen=True)
class Highlight:
    """A feature to ring on the map (a briefing step's event)."""

    layer: str
    feature_id: str


def thematic_groups(
    data: Dataset,
    view: View,
    published: Mapping[str, str] | None = None,
    scale: float = 1.0,
    highlight: Highlight | None = None,
    extra: list[folium.FeatureGroup] | None = None,
    follow: str | None = None,
) -> list[folium.FeatureGroup]:
    """The feature groups of ``view``: one per layer, each filtered in the browser.

    The first group also sets the day. With ``published`` (layer id -> URL of
    its JSON, see :mod:`sahel_map.web.publish`) the browser fetches each layer
    once; otherwise the view's active features are embedded.
    """
    groups: list[folium.FeatureGroup] = []
    clock = folium.FeatureGroup(name="day", control=False)
    SetDay(day_number(view.day), follow).add_to(clock)
    groups.append(clock)
    frames = data.frames
    for layer_id in THEMATIC_LAYERS:
        if layer_id not in view.layers or layer_id not in frames:
            continue
        group = folium.FeatureGroup(name=layer_id, control=False)
        field = CATEGORY_FIELDS.get(layer_id)
        cats = {"military_positions": view.forces, "jihadist_zones": view.groups}.get(layer_id)
        window = view.event_window_days if layer_id == "events" else None
        ids = _area_ids(data, view) if layer_id == "tri_border" else None
        if published and layer_id in published:
            layer = FeatureLayer(
                url=published[layer_id],
                field=field,
                cats=list(cats) if cats is not None else None,
                ids=ids,
                window=window,
                scale=scale,
            )
        else:
            # embedded (exports): every feature of the selection, so the in-map time control can replay them
            frame = frames[layer_id]
            if cats is not None:
                frame = frame[frame[field].isin(cats)]
            if ids is not None:
                frame = frame[frame["id"].isin(ids)]
            layer = FeatureLayer(
                layer_collection(layer_id, frame, data.register, view.lang), window=window, scale=scale
            )
        layer.add_to(group)
        groups.append(group)
    if highlight is not None:
        frame = frames.get(highlight.layer)
        match = frame[frame["id"] == highlight.feature_id] if frame is not None else []
        if len(match):
            group = folium.FeatureGroup(name="highlight", control=False)
            FeatureLayer(highlight_feature(match.geometry.iloc[0], highlight.feature_id), scale=scale).add_to(group)
            groups.append(group)
    groups += extra or []
    return [finish(group) for group in groups]


def _area_ids(data: Dataset, view: View) -> list[str]:
    """The ids of the tri-border definitions drawn, by the view's one rule (:func:`~sahel_map.view.view.area_mask`)."""
    areas = data.frames["tri_border"]
    return [str(i) for i in areas.loc[area_mask(areas, view.areas), "id"]]


def time_control(view: View, first: str, last: str, seconds: int = 40) -> TimeControl:
    t = i18n.translator(view.lang)
    months = [t.date(f"2001-{m:02d}-15").split(" ")[1] for m in range(1, 13)]
    labels = {"play": t("Play"), "pause": t("Pause"), "day": t("Day shown"), "speed": t("Speed")}
    return TimeControl(first, last, labels, months, seconds, first_day="1er" if view.lang == "fr" else None)


def standalone_map(
    data: Dataset,
    view: View,
    *,
    legend: str | None = None,
    header: str | None = None,
    credit: str | None = None,
    replay: bool = True,
    extra: list[folium.FeatureGroup] | None = None,
) -> folium.Map:
    """One self-contained map of ``view`` (the offline HTML export): basemap, layers, legend, title,
    credit line, fitted to the view's extent, and a time control to replay the other days."""
    fmap = base_map(
        data, view, legend=legend, replay=(data.first_day.isoformat(), data.cutoff.isoformat()) if replay else None
    )
    for group in thematic_groups(data, view, extra=extra):
        group.add_to(fmap)
    if header:
        Control(header, position="topright", css_class="sahel-map-title").add_to(fmap)
    if credit:
        Control(credit, position="bottomleft", css_class="sahel-credit").add_to(fmap)
    box = view.box
    fmap.fit_bounds([[box.south, box.west], [box.north, box.east]])
    return finish(fmap)
