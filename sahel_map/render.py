"""Print layouts rendered on the server with matplotlib: no browser, no tiles.

One :class:`SnapshotRenderer` draws the vector basemap once for an extent, then
any number of days on top of it (a PNG, a PDF, or the frames of an animation):
title and date, the active layers, a legend of what is shown, a scale bar, a
north arrow and a credit line naming the sources and the data cut-off.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")  # never a display: exports run on servers and in CI

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.transforms import offset_copy  # noqa: E402
from matplotlib_scalebar.scalebar import ScaleBar  # noqa: E402
from shapely.geometry import box  # noqa: E402

from . import codes, styling  # noqa: E402
from .dataset import Dataset  # noqa: E402
from .mapping import Selection, active_frames  # noqa: E402

WEB_MERCATOR = "EPSG:3857"
#: west, south, east, north: Mauritania to Chad's eastern bases
DEFAULT_BBOX = (-12.5, 8.5, 23.0, 24.5)

MARKERS = {
    "circle": dict(marker="o"),
    "square": dict(marker="s"),
    "ring": dict(marker="o", hollow=True),
    "triangle": dict(marker="^"),
    "triangle_down": dict(marker="v"),
    "diamond": dict(marker="D"),
    "pentagon": dict(marker="p"),
    "hexagon": dict(marker="h"),
    "star": dict(marker="*"),
    "plus": dict(marker="P"),
    "cross": dict(marker="X"),
    "square_open": dict(marker="s", hollow=True),
}
#: sources cited for coordinates only, credited in the fixed part of the line
COORDINATE_SOURCES = {"geonames-cities1000"}
LEVEL_LINESTYLES = {"control": "-", "influence": "--", "attacks": ":"}


def marker_kwargs(force: str, size: float) -> dict:
    style = styling.FORCE_STYLES[force]
    spec = MARKERS[style.shape]
    if spec.get("hollow"):
        return dict(marker=spec["marker"], s=size, facecolors="none", edgecolors=style.colour, linewidths=2.2)
    return dict(marker=spec["marker"], s=size, c=style.colour, edgecolors="#222222", linewidths=0.6)


@dataclass
class Extent:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> Extent:
        try:
            west, south, east, north = (float(v) for v in text.split(","))
        except ValueError:
            raise ValueError(f"bbox {text!r} is not minlon,minlat,maxlon,maxlat") from None
        if not (-180 <= west < east <= 180 and -85 <= south < north <= 85):
            raise ValueError(f"bbox {text!r}: need minlon < maxlon and minlat < maxlat, in degrees")
        return cls(west, south, east, north)

    def polygon(self):
        return box(self.west, self.south, self.east, self.north)


class SnapshotRenderer:
    """Draws the basemap for an extent once; :meth:`draw` then renders any day on it."""

    def __init__(
        self,
        data: Dataset,
        extent: Extent | None = None,
        width_px: int = 1600,
        dpi: int = 150,
        selection: Selection | None = None,
    ):
        self.data = data
        self.extent = extent or Extent(*DEFAULT_BBOX)
        self.selection = selection or Selection()
        self.dpi = dpi
        area = self.extent.polygon()
        import geopandas as gpd

        corners = gpd.GeoSeries([area], crs="EPSG:4326").to_crs(WEB_MERCATOR).total_bounds
        self.bounds = corners
        map_w = corners[2] - corners[0]
        map_h = corners[3] - corners[1]
        width_in = width_px / dpi
        map_width_in = width_in * 0.70
        height_in = map_width_in * map_h / map_w + 1.3  # title band above, credit band below
        self.fig = plt.figure(figsize=(width_in, height_in), dpi=dpi)
        top = 1 - 0.95 / height_in
        bottom = 0.4 / height_in
        self.ax = self.fig.add_axes((0.01, bottom, 0.70, top - bottom))
        self.legend_ax = self.fig.add_axes((0.72, bottom, 0.27, top - bottom))
        self.legend_ax.axis("off")
        self.ax.set_axis_off()
        self._projected = {
            layer_id: frame.to_crs(WEB_MERCATOR) for layer_id, frame in data.frames.items() if len(frame)
        }
        self._draw_basemap(area)
        self.ax.set_xlim(corners[0], corners[2])
        self.ax.set_ylim(corners[1], corners[3])
        self.ax.set_aspect("equal")
        centre_lat = np.radians((self.extent.south + self.extent.north) / 2)
        # Web Mercator metres are stretched by 1/cos(latitude): tell the scale bar
        self.ax.add_artist(
            ScaleBar(np.cos(centre_lat), units="m", location="lower left", box_alpha=0.8, font_properties={"size": 8})
        )
        self.ax.annotate(
            "N",
            xy=(0.965, 0.93),
            xytext=(0.965, 0.83),
            xycoords="axes fraction",
            ha="center",
            va="center",
            fontsize=11,
            fontweight="bold",
            arrowprops=dict(arrowstyle="-|>", lw=1.5, color="#222222"),
        )
        self._artists: list = []

    def _clip(self, frame):
        return frame.clip(self.extent.polygon()) if len(frame) else frame

    def _draw_basemap(self, area) -> None:
        basemap = self.data.basemap
        ax = self.ax
        ax.set_facecolor("#dfe8ee")
        self.fig.patch.set_facecolor("white")
        ax.add_patch(
            plt.Rectangle(
                (self.bounds[0], self.bounds[1]),
                self.bounds[2] - self.bounds[0],
                self.bounds[3] - self.bounds[1],
                color="#dfe8ee",
                zorder=0,
            )
        )
        countries = self._clip(basemap.countries)
        if len(countries):
            countries = countries.to_crs(WEB_MERCATOR)
            countries.plot(ax=ax, color="#f4f1ea", edgecolor="#8a8a8a", linewidth=0.6, zorder=1)
            mali = countries[countries["iso3"] == "MLI"]
            mali.plot(ax=ax, color="#fbf8f0", edgecolor="#444444", linewidth=1.2, zorder=1.1)
        if basemap.admin1 is not None and len(basemap.admin1):
            self._clip(basemap.admin1).to_crs(WEB_MERCATOR).boundary.plot(
                ax=ax, color="#9a9a9a", linewidth=0.4, linestyle=(0, (3, 3)), zorder=1.2
            )
        if basemap.rivers is not None and len(basemap.rivers):
            self._clip(basemap.rivers).to_crs(WEB_MERCATOR).plot(ax=ax, color="#6aa6cf", linewidth=1.0, zorder=1.3)
        labelled = [f for f in (basemap.places, basemap.towns) if f is not None and len(f)]
        if labelled:
            import pandas as pd

            places = self._clip(pd.concat(labelled, ignore_index=True)).to_crs(WEB_MERCATOR)
            for point, name in zip(places.geometry, places["name"], strict=True):
                ax.plot(point.x, point.y, "o", color="#333333", markersize=2.5, zorder=1.4)
                ax.annotate(
                    str(name),
                    (point.x, point.y),
                    xytext=(3, 3),
                    textcoords="offset points",
                    fontsize=7,
                    color="#333333",
                    zorder=1.4,
                )

    def draw(self, day: date, title: str | None = None) -> plt.Figure:
        """Render ``day``: replaces whatever an earlier call drew on top of the basemap."""
        for artist in self._artists:
            artist.remove()
        self._artists = []
        ax = self.ax
        frames = active_frames(self._projected, day, self.selection)
        frames = {k: self._within(v) for k, v in frames.items()}
        before = set(ax.get_children())
        legend: list = []
        if "tri_border" in frames and len(frames["tri_border"]):
            area = frames["tri_border"]
            area.boundary.plot(ax=ax, color="#333333", linewidth=2.2, linestyle="-.", zorder=2)
            legend.append(
                Line2D([], [], color="#333333", linestyle="-.", linewidth=2, label=codes.AREA_KINDS["tri_border"])
            )
        zones = frames.get("jihadist_zones")
        if zones is not None and len(zones):
            for (group, level), part in zones.groupby(["group", "level"]):
                colour = styling.GROUP_COLOURS[group]
                alpha = styling.LEVEL_STYLES[level]["fillOpacity"]
                part.plot(ax=ax, facecolor=colour, alpha=alpha, edgecolor="none", zorder=3)
                part.plot(
                    ax=ax,
                    facecolor="none",
                    edgecolor=colour,
                    hatch=styling.GROUP_HATCHES[group],
                    linewidth=1.2,
                    linestyle=LEVEL_LINESTYLES[level],
                    zorder=3.1,
                )
            for group in [g for g in codes.GROUPS if g in set(zones["group"])]:
                colour = styling.GROUP_COLOURS[group]
                legend.append(
                    Patch(
                        facecolor=colour,
                        alpha=0.5,
                        edgecolor=colour,
                        hatch=styling.GROUP_HATCHES[group],
                        label=codes.GROUPS[group],
                    )
                )
            for level in [lv for lv in codes.ZONE_LEVELS if lv in set(zones["level"])]:
                legend.append(
                    Line2D(
                        [],
                        [],
                        color="#333333",
                        linestyle=LEVEL_LINESTYLES[level],
                        label=codes.ZONE_LEVELS[level].split(":")[0],
                    )
                )
        events = frames.get("events")
        if events is not None and len(events):
            violent = events["kind"].isin(styling.VIOLENT_EVENT_KINDS)
            for mask, face, label in (
                (violent, "#111111", "Attack, massacre or battle"),
                (~violent, "white", "Other event"),
            ):
                subset = events[mask]
                if len(subset):
                    ax.scatter(
                        subset.geometry.x,
                        subset.geometry.y,
                        s=30,
                        marker="o",
                        c=face,
                        edgecolors="#111111",
                        linewidths=1.4,
                        zorder=4,
                    )
                    legend.append(
                        Line2D(
                            [],
                            [],
                            marker="o",
                            linestyle="",
                            markerfacecolor=face,
                            markeredgecolor="#111111",
                            label=label,
                        )
                    )
        positions = frames.get("military_positions")
        if positions is not None and len(positions):
            offsets = dict(zip(positions.index, styling.colocated_offsets(positions), strict=True))
            for force in [f for f in codes.FORCES if f in set(positions["force"])]:
                subset = positions[positions["force"] == force]
                for (dx, dy), part in subset.groupby(subset.index.map(offsets.get)):
                    shift = offset_copy(ax.transData, fig=self.fig, x=dx * 0.9, y=dy * 0.9, units="points")
                    ax.scatter(part.geometry.x, part.geometry.y, zorder=5, transform=shift, **marker_kwargs(force, 70))
                kw = marker_kwargs(force, 70)
                legend.append(
                    Line2D(
                        [],
                        [],
                        linestyle="",
                        marker=kw["marker"],
                        markersize=8,
                        markerfacecolor=kw.get("c", "none"),
                        markeredgecolor=kw.get("edgecolors", "#222222"),
                        markeredgewidth=1.5 if kw.get("facecolors") == "none" else 0.6,
                        label=codes.FORCES[force],
                    )
                )
        self._artists += [a for a in ax.get_children() if a not in before]
        self.legend_ax.clear()
        self.legend_ax.axis("off")
        if legend:
            self.legend_ax.legend(
                handles=legend,
                loc="upper left",
                fontsize=7.5,
                frameon=False,
                title="Legend",
                title_fontproperties={"weight": "bold", "size": 9},
            )
        heading = title or "Security situation in Mali and the central Sahel"
        self._artists.append(
            self.fig.text(0.01, 1 - 0.3 / self.fig.get_figheight(), heading, fontsize=15, fontweight="bold", va="top")
        )
        self._artists.append(
            self.fig.text(
                0.01,
                1 - 0.68 / self.fig.get_figheight(),
                f"{day.day} {day:%B %Y}",
                fontsize=12,
                va="top",
                color="#333333",
            )
        )
        self._artists.append(
            self.fig.text(
                0.01,
                0.12 / self.fig.get_figheight(),
                self.credit(frames),
                fontsize=6.5,
                color="#444444",
                va="bottom",
                wrap=True,
            )
        )
        return self.fig

    def _within(self, frame):
        if not len(frame):
            return frame
        x0, y0, x1, y1 = self.bounds
        return frame.cx[x0:x1, y0:y1]

    def credit(self, frames) -> str:
        """Publishers of the sources behind what is drawn, most cited first, and the cut-off."""
        counts: Counter = Counter()
        for frame in frames.values():
            for ids in frame.get("sources", []):
                counts.update(ids)
        publishers: Counter = Counter()
        for source_id, n in counts.items():
            if source_id in COORDINATE_SOURCES:
                continue
            source = self.data.register.get(source_id)
            if source:
                publishers[source.publisher] += n
        named = ", ".join(p for p, _ in publishers.most_common(8))
        return (
            f"Sources: {named or 'none for this view'} and others ({len(counts)} sources; full list in "
            f"seeds/sources.csv). Data cut-off {self.data.cutoff.isoformat()}. Zones are approximate. "
            "Basemap: Natural Earth. Towns: GeoNames (CC BY 4.0). Sahel Map."
        )

    def save(self, path, fmt: str) -> None:
        self.fig.savefig(path, format=fmt, dpi=self.dpi, facecolor="white")

    def to_rgb(self) -> np.ndarray:
        self.fig.canvas.draw()
        return np.asarray(self.fig.canvas.buffer_rgba())[..., :3].copy()

    def close(self) -> None:
        plt.close(self.fig)
