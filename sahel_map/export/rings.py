"""The analysis page's layers, through the ``extra`` layer hook every map and export accepts.

:class:`CoverageRings` carries every ring of the chosen forces with its position's time span, so the
browser shows the rings of the day shown by the same rule as the other layers (``_t0``/``_t1``) and the
slider moves them without rebuilding the map; exports paint the union of the rings of the day.
:class:`NearestLines` draws the lines from a clicked point to the nearest position of each force.

An extra layer has ``key``, ``shown(view)`` (its features for vector exports), ``folium_group(view, publish)``
(``publish``: a session's own file store, used by uploaded layers only),
``legend_entries(t)``, ``legend_handles(t)``, ``credit(t)`` and ``paint(snapshot, view)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

import folium
import geopandas as gpd
from shapely.geometry import LineString

from ..look import styling
from ..look.styling import LegendEntry
from ..view.timeline import active_on
from ..view.view import View
from ..web.elements import ClickThrough, FeatureLayer
from ..web.features import collection, day_number

RING_SECTION = "Analysis"
RING_FILL_OPACITY = 0.12


@dataclass(frozen=True)
class CoverageRings:
    """Rings of ``radius_km`` around every position in ``rings`` (lon/lat; id, name, force, start, end)."""

    rings: gpd.GeoDataFrame = field(compare=False)
    radius_km: float
    colour: str
    label: str
    key: str = "coverage_rings"

    def shown(self, view: View) -> gpd.GeoDataFrame:
        return active_on(self.rings, view.day)

    def collection(self) -> dict:
        props = [
            {
                "id": f"ring-{row['id']}",
                "_pane": "sahel-analysis",
                "_t0": day_number(row["start"]),
                "_t1": day_number(row["end"]),
                "_style": {
                    "color": self.colour,
                    "weight": 1.2,
                    "opacity": 0.8,
                    "fillColor": self.colour,
                    "fillOpacity": RING_FILL_OPACITY,
                    # clicks go through to the map (the nearest-position question)
                    "interactive": False,
                },
            }
            for row in self.rings.to_dict("records")
        ]
        rounded = self.rings.set_geometry(self.rings.geometry.set_precision(1e-4))
        return collection(rounded, props)

    def folium_group(self, view: View, publish=None) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=self.key, control=False)
        FeatureLayer(self.collection()).add_to(group)
        ClickThrough().add_to(group)
        return group

    def legend_entries(self, t) -> list[LegendEntry]:
        return [LegendEntry(RING_SECTION, self.colour, self.label, "upload")]

    def legend_handles(self, t) -> list:
        from matplotlib.patches import Patch

        return [Patch(facecolor=self.colour, alpha=0.3, edgecolor=self.colour, label=self.label)]

    def credit(self, t) -> str:
        return t("Rings: geodesic circles of {km} km around the positions active that day.", km=f"{self.radius_km:g}")

    def paint(self, snapshot, view: View):
        from .snapshot import WEB_MERCATOR, Drawn

        active = self.shown(view)
        if not len(active):
            return Drawn([], [])
        union = gpd.GeoSeries([active.geometry.union_all()], crs="EPSG:4326").to_crs(WEB_MERCATOR)
        frame = gpd.GeoDataFrame(geometry=union)
        ax = snapshot.ax
        before = len(ax.collections)
        frame.plot(ax=ax, facecolor=self.colour, alpha=0.18, edgecolor="none", zorder=2.5)
        frame.boundary.plot(ax=ax, color=self.colour, linewidth=1.1 * snapshot.layout.scale, zorder=2.6)
        return Drawn(list(ax.collections[before:]), [])


@dataclass(frozen=True)
class NearestLines:
    """Lines from a point to the nearest positions (rows of :func:`sahel_map.view.nearest.nearest`), on one day."""

    lat: float
    lon: float
    rows: tuple = ()
    day: object = None
    labels: tuple = ()
    key: str = "nearest_lines"

    def frame(self) -> gpd.GeoDataFrame:
        lines = [LineString([(self.lon, self.lat), (r["lon"], r["lat"])]) for r in self.rows]
        data = {
            "id": [r["id"] for r in self.rows],
            "force": [r["force"] for r in self.rows],
            "distance_km": [r["distance_km"] for r in self.rows],
        }
        return gpd.GeoDataFrame(data, geometry=lines, crs="EPSG:4326")

    def shown(self, view: View) -> gpd.GeoDataFrame:
        frame = self.frame()
        return frame if view.day == self.day else frame.iloc[:0]

    def folium_group(self, view: View, publish=None) -> folium.FeatureGroup:
        frame = self.frame()
        # drawn on the day asked about only: once the slider moves, the answer is another day's
        start, end = day_number(self.day), day_number(self.day + timedelta(days=1))
        props = [
            {
                "id": f"nearest-{r['id']}",
                "_pane": "sahel-analysis",
                "_t0": start,
                "_t1": end,
                "_style": {
                    "color": styling.FORCE_STYLES.get(r["force"], styling.FORCE_STYLES["cma"]).colour,
                    "weight": 2.5,
                    "dashArray": "6 4",
                },
                "_tooltip": escape(label),
            }
            for r, label in zip(self.rows, self.labels, strict=True)
        ]
        group = folium.FeatureGroup(name=self.key, control=False)
        FeatureLayer(collection(frame, props)).add_to(group)
        return group

    def legend_entries(self, t) -> list[LegendEntry]:
        return []

    def legend_handles(self, t) -> list:
        return []

    def credit(self, t) -> str:
        return ""

    def paint(self, snapshot, view: View):
        from .snapshot import WEB_MERCATOR, Drawn

        frame = self.shown(view)
        if not len(frame):
            return Drawn([], [])
        ax = snapshot.ax
        before = len(ax.collections)
        frame.to_crs(WEB_MERCATOR).plot(ax=ax, color="#333333", linewidth=1.2, linestyle="--", zorder=4)
        return Drawn(list(ax.collections[before:]), [])
