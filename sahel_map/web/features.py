"""Layers as the GeoJSON the browser draws: each feature with its marker, style, popup and tooltip.

The properties are the few the browser needs (``id``, the category it is
filtered by, the time span as day numbers, and the HTML already built and
escaped by :mod:`sahel_map.look`), never the raw record, so no text from data
reaches the page except through an escaping function.

>>> day_number("1970-01-02"), day_number(None)
(1, None)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from html import escape

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from ..data.dataset import Basemap
from ..data.sources import Source
from ..look import i18n, markers, popups, styling

EPOCH = pd.Timestamp("1970-01-01")
#: capitals of the three countries and their neighbours on the Sahel side; the others are
#: labelled only from zoom 5 on (at zoom 4 the coastal capitals print over each other)
MAJOR_PLACE_COUNTRIES = frozenset({"MLI", "BFA", "NER", "MRT", "TCD"})
#: two labels closer than this print over each other at every zoom the map allows: keep the first
LABEL_SPACING_KM = 50


def day_number(value) -> int | None:
    """Days since 1970-01-01 (the browser's time rule compares these), ``None`` for an open end."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return int((pd.Timestamp(value) - EPOCH) / pd.Timedelta(days=1))


def collection(frame: gpd.GeoDataFrame, props: list[dict]) -> dict:
    geometries = frame.geometry.__geo_interface__["features"] if len(frame) else []
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": g["geometry"], "properties": p}
            for g, p in zip(geometries, props, strict=True)
        ],
    }


def _span(row: Mapping) -> dict:
    return {"_t0": day_number(row.get("start")), "_t1": day_number(row.get("end"))}


def _tagged(feature_id: str, svg: str) -> str:
    """Marker HTML carrying the feature id, so a viewer's browser (and tests) can tell markers apart."""
    return f'<span class="sahel-feature" data-feature-id="{escape(str(feature_id), quote=True)}">{svg}</span>'


def position_features(
    frame: gpd.GeoDataFrame, register: Mapping[str, Source], lang: str = "en", marker_size: int = 18
) -> dict:
    """Positions with their marker, popup and tooltip (the marker SVG fills ``_size`` px)."""
    t = i18n.translator(lang)
    offsets = styling.colocated_offsets(frame) if len(frame) else []
    props = [
        {
            "id": row["id"],
            "force": row["force"],
            **_span(row),
            "_dx": round(dx, 1),
            "_dy": round(dy, 1),
            "_icon": _tagged(row["id"], markers.force_marker_svg(row["force"], "100%")),
            "_size": marker_size,
            "_label": f"{row['name']} ({t.code('force', row['force'])})",
            "_popup": popups.position_popup(row, register, lang),
            "_tooltip": escape(popups.tooltip_text(row, lang)),
        }
        for row, (dx, dy) in zip(frame.to_dict("records"), offsets, strict=True)
    ]
    return collection(frame, props)


def zone_features(frame: gpd.GeoDataFrame, register: Mapping[str, Source], lang: str = "en") -> dict:
    t = i18n.translator(lang)
    props = [
        {
            "id": row["id"],
            "group": row["group"],
            **_span(row),
            "_style": styling.zone_style(row["group"], row["level"]),
            "_popup": popups.zone_popup(row, register, lang),
            "_tooltip": escape(f"{t.code('group', row['group'])}: {t.level(row['level'])}"),
        }
        for row in frame.to_dict("records")
    ]
    return collection(frame, props)


def event_features(frame: gpd.GeoDataFrame, register: Mapping[str, Source], lang: str = "en") -> dict:
    """Events on the map; those announced far away (a vote in New York) are in the chronology only."""
    t = i18n.translator(lang)
    if "outside_frame" in frame:
        frame = frame[~frame["outside_frame"].astype("boolean").fillna(False).astype(bool)]
    props = [
        {
            "id": row["id"],
            "kind": row["kind"],
            **_span(row),
            "_icon": _tagged(row["id"], markers.event_marker_svg(row["kind"], "100%")),
            "_size": 14,
            "_label": f"{t.date(row['start'])}: {row['title']}",
            "_popup": popups.event_popup(row, register, lang),
            "_tooltip": escape(f"{t.date(row['start'])}: {row['title']}"),
        }
        for row in frame.to_dict("records")
    ]
    return collection(frame, props)


def area_features(frame: gpd.GeoDataFrame, register: Mapping[str, Source], lang: str = "en") -> dict:
    props = [
        {
            "id": row["id"],
            **_span(row),
            "_style": styling.area_style(),
            "_popup": popups.area_popup(row, register, lang),
            "_tooltip": escape(str(row["name"])),
        }
        for row in frame.to_dict("records")
    ]
    return collection(frame, props)


#: builds the full GeoJSON (markers, styles, popups) for each thematic layer
BUILDERS: dict[str, Callable[..., dict]] = {
    "military_positions": position_features,
    "jihadist_zones": zone_features,
    "events": event_features,
    "tri_border": area_features,
}
#: the property each layer is filtered by in the browser (forces, groups)
CATEGORY_FIELDS = {"military_positions": "force", "jihadist_zones": "group"}


def layer_collection(layer_id: str, frame: gpd.GeoDataFrame, register: Mapping[str, Source], lang: str = "en") -> dict:
    return BUILDERS[layer_id](frame, register, lang)


def _basemap_style(fill: str, stroke: str, weight: float, fill_opacity: float = 1.0) -> dict:
    return {"color": stroke, "weight": weight, "fillColor": fill, "fillOpacity": fill_opacity, "opacity": 1}


def basemap_collections(basemap: Basemap) -> dict[str, dict]:
    """The offline basemap as styled GeoJSON collections, bottom layer first."""

    def shapes(frame, style):
        names = frame["name"] if "name" in frame else [""] * len(frame)
        return collection(frame, [{"_style": style, "_tooltip": escape(str(n))} for n in names])

    out: dict[str, dict] = {}
    countries = basemap.countries
    if len(countries):
        out["countries"] = shapes(countries[countries["iso3"] != "MLI"], _basemap_style("#f4f1ea", "#8a8a8a", 1))
        out["mali"] = shapes(countries[countries["iso3"] == "MLI"], _basemap_style("#fbf8f0", "#444444", 2))
    if basemap.admin1 is not None and len(basemap.admin1):
        style = {"color": "#9a9a9a", "weight": 0.8, "dashArray": "3 3", "fill": False, "interactive": False}
        out["admin1"] = shapes(basemap.admin1, style)
    if basemap.rivers is not None and len(basemap.rivers):
        out["rivers"] = shapes(
            basemap.rivers, {"color": "#6aa6cf", "weight": 1.6, "opacity": 0.9, "interactive": False}
        )
    if basemap.places is not None and len(basemap.places):
        places = spaced(basemap.places)
        minor = ~places["iso3"].isin(MAJOR_PLACE_COUNTRIES) if "iso3" in places else [False] * len(places)
        classes = ["sahel-place sahel-minor" if m else "sahel-place" for m in minor]
        out["places"] = labels(places, "sahel-place-label", "&#9679;", classes)
    if basemap.towns is not None and len(basemap.towns):
        towns = spaced(basemap.towns)
        out["towns"] = labels(towns, "sahel-town-label", "&#8226;", ["sahel-place sahel-town"] * len(towns))
    return out


def spaced(frame: gpd.GeoDataFrame, km: float = LABEL_SPACING_KM) -> gpd.GeoDataFrame:
    """Labels at least ``km`` apart: of two closer ones, the first in the file is kept."""
    if not len(frame):
        return frame
    projected = frame.geometry.to_crs("ESRI:102022")
    kept: list[int] = []
    points: list[Point] = []
    for index, point in zip(frame.index, projected, strict=True):
        if all(point.distance(other) >= km * 1000 for other in points):
            kept.append(index)
            points.append(point)
    return frame.loc[kept]


def labels(frame: gpd.GeoDataFrame, label_class: str, bullet: str, marker_classes: list[str]) -> dict:
    """Name labels as zero-size, non-interactive markers; the text sits up and right of its dot."""
    props = [
        {
            "_icon": f'<span class="{label_class}">{bullet}<span class="sahel-label-text">{escape(str(name))}</span></span>',
            "_size": 0,
            "_class": marker_class,
            "_label": str(name),
            "_pane": "sahel-labels",
        }
        for name, marker_class in zip(frame["name"], marker_classes, strict=True)
    ]
    return collection(frame, props)


def highlight_feature(geometry, feature_id: str) -> dict:
    """A pulsing ring around the feature a briefing step is about."""
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                "properties": {
                    "id": f"highlight-{feature_id}",
                    "_icon": "",
                    "_class": "sahel-highlight",
                    "_size": 34,
                    "_label": "",
                },
            }
        ],
    }


def today_number(day: date) -> int:
    return day_number(pd.Timestamp(day))
