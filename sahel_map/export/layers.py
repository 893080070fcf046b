"""An uploaded layer as every face draws it: the live map, the print layouts, the vector files.

:class:`ExtraLayer` is the interface the map, the download panel and
:mod:`sahel_map.export.formats` use for layers beyond ours (``key``,
``shown(view)``, ``legend_entries(t)``, ``credit(t)``, ``folium_group(view, publish)``,
``paint(snapshot, view)``, ``legend_handles(t)``); the data and display
settings live in :class:`~sahel_map.data.uploads.UploadedData`.
"""

from __future__ import annotations

from datetime import timedelta

import geopandas as gpd
import pandas as pd

from ..data.codes import N_
from ..data.uploads import UploadedData
from ..look import styling
from ..view.timeline import active_mask
from ..view.view import View

#: the legend section uploaded layers are listed under
SECTION = N_("Your data")


class ExtraLayer:
    def __init__(self, data: UploadedData):
        self.data = data

    @property
    def key(self) -> str:
        return self.data.key

    def shown(self, view: View) -> gpd.GeoDataFrame:
        """The layer's features shown on ``view``'s day (its filters, the time rule, the event window)."""
        frame = self.data.filtered()
        if self.data.dated:
            undated = frame["start"].isna()
            mask = active_mask(frame, view.day)
            if self.data.point_dates and view.event_window_days is not None:
                earliest = pd.Timestamp(view.day - timedelta(days=view.event_window_days))
                mask &= frame["start"] > earliest
            frame = frame[mask | undated]
        box = view.box
        frame = frame.cx[box.west : box.east, box.south : box.north]
        out = frame.copy()
        out["layer"] = self.data.name
        return out

    def legend_entries(self, t) -> list[styling.LegendEntry]:
        return [styling.LegendEntry(t(SECTION), self.data.colour, self.data.name, "upload")]

    def credit(self, t) -> str | None:
        text = self.data.credit_text
        return t(text) if text else None

    def folium_group(self, view: View, publish=None):
        """The live map's group; ``publish(name, data) -> url`` serves its data from the session's own
        store (see :func:`sahel_map.web.uploads.upload_group`)."""
        from ..web.uploads import upload_group

        return upload_group(self.data, view, publish)

    def paint(self, snapshot, view: View):
        """Draw the layer on a print snapshot (points sized like the web map, shapes outlined)."""
        from .snapshot import WEB_MERCATOR, Drawn

        frame = self.shown(view)
        if not len(frame):
            return Drawn([], [])
        frame = frame.to_crs(WEB_MERCATOR)
        ax, scale, artists = snapshot.ax, snapshot.layout.scale, []
        colour = self.data.colour
        points = frame[frame.geometry.geom_type == "Point"]
        others = frame[frame.geometry.geom_type != "Point"]
        if len(others):
            before = len(ax.collections) + len(ax.lines)
            others.plot(ax=ax, facecolor=colour, alpha=0.25, edgecolor="none", zorder=3.5)
            others.plot(ax=ax, facecolor="none", edgecolor=colour, linewidth=1.4 * scale, zorder=3.6)
            artists += (list(ax.collections) + list(ax.lines))[before:]
        if len(points):
            sizes = self.data.sizes(points)
            radius = sizes.map(styling.upload_radius) if sizes is not None else styling.upload_radius()
            artists.append(
                ax.scatter(
                    points.geometry.x,
                    points.geometry.y,
                    s=(radius * 1.4) ** 2 * scale**2,
                    c=colour,
                    alpha=0.8,
                    edgecolors="#222222",
                    linewidths=0.4 * scale,
                    zorder=4.2,
                )
            )
        return Drawn(artists, [])

    def legend_handles(self, t) -> list:
        from .snapshot import legend_handle

        return [legend_handle(entry, entry.label) for entry in self.legend_entries(t)]
