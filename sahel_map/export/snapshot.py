"""Print layouts rendered on the server with matplotlib: no browser, no tiles.

A :class:`Snapshot` lays out a figure for a :class:`~sahel_map.view.View`'s
extent (title band, map, legend, credit line), draws the vector basemap once,
then any number of days on top of it (a PNG, a PDF, an SVG, the frames of an
animation, the slides of a deck). Each thematic layer has one painter in
:data:`PAINTERS`; styles come from :mod:`sahel_map.look.styling`, the same
table the web map reads.

The layout is defined relative to the figure's width, so a PNG of 1600 px at
150 dpi and one of 3200 px at 300 dpi are the same picture at two resolutions.
Text is drawn as plain text (no mathtext: ``$`` in a title is a dollar), kept
as text in SVG (``svg.fonttype: none``) so it stays editable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")  # never a display: exports run on servers and in CI

import geopandas as gpd  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.transforms import Bbox, offset_copy  # noqa: E402
from matplotlib_scalebar.scalebar import ScaleBar  # noqa: E402

from ..data.dataset import Dataset  # noqa: E402
from ..look import i18n, styling  # noqa: E402
from ..look.credits import credit_line  # noqa: E402
from ..view.view import Extent, View  # noqa: E402

WEB_MERCATOR = "EPSG:3857"
#: text is text: no mathtext or TeX for titles or data, and SVG/PDF keep real, editable text
RC = {
    "text.parse_math": False,
    "text.usetex": False,
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
}
#: the layout is drawn for this width and scaled to any other
REFERENCE_WIDTH_IN = 1600 / 150
LEGEND_WRAP = 30
MARKER_AREA = 70  # points², at the reference width
WATER = "#dfe8ee"


def marker_kwargs(force: str, size: float) -> dict:
    style = styling.FORCE_STYLES[force]
    shape = styling.SHAPES[style.shape]
    if shape.hollow:
        return dict(marker=shape.mpl, s=size, facecolors="none", edgecolors=style.colour, linewidths=2.2)
    return dict(marker=shape.mpl, s=size, c=style.colour, edgecolors="#222222", linewidths=0.6)


def legend_handle(entry: styling.LegendEntry, label: str):
    """The matplotlib legend handle of one legend row: the same swatch as on the web map."""
    if entry.kind == "marker":
        kw = marker_kwargs(entry.code, MARKER_AREA)
        hollow = kw.get("facecolors") == "none"
        return Line2D(
            [],
            [],
            linestyle="",
            marker=kw["marker"],
            markersize=8,
            markerfacecolor="none" if hollow else kw["c"],
            markeredgecolor=kw["edgecolors"],
            markeredgewidth=1.8 if hollow else 0.6,
            label=label,
        )
    if entry.kind == "zone":
        colour = styling.GROUP_COLOURS[entry.code]
        return Patch(
            facecolor=colour, alpha=0.5, edgecolor=colour, hatch=styling.GROUP_HATCHES[entry.code], label=label
        )
    if entry.kind == "level":
        style = styling.LEVEL_STYLES[entry.code]
        return Line2D(
            [], [], color=style.colour, linewidth=1.6, linestyle=styling.mpl_dash(style.dash, 1.6), label=label
        )
    if entry.kind == "area":
        style = styling.AREA_STYLE
        return Line2D([], [], color=style.colour, linewidth=2, linestyle=styling.mpl_dash(style.dash, 2), label=label)
    if entry.kind == "event":
        face = styling.event_fill("attack" if entry.code == "violent" else "political")
        return Line2D(
            [], [], marker="o", linestyle="", markerfacecolor=face, markeredgecolor=styling.EVENT_COLOUR, label=label
        )
    if entry.kind == "upload":
        return Line2D([], [], marker="o", linestyle="", markerfacecolor=entry.code, markeredgecolor="#222", label=label)
    raise ValueError(f"unknown legend kind {entry.kind!r}")


@dataclass(frozen=True)
class Layout:
    """The figure: its width in pixels, resolution, and (optionally) a fixed aspect such as 16:9."""

    width_px: int = 1600
    dpi: int = 150
    aspect: float | None = None
    #: False for a picture whose title and caption are set beside it as text (a slide, a handout page)
    title_band: bool = True

    @property
    def width_in(self) -> float:
        return self.width_px / self.dpi

    @property
    def scale(self) -> float:
        return self.width_in / REFERENCE_WIDTH_IN


@dataclass
class Drawn:
    """What a painter drew: its artists, and the screen spots town labels must keep clear of."""

    artists: list
    obstacles: list  # (x, y) in data coordinates of markers


Painter = Callable[["Snapshot", gpd.GeoDataFrame], Drawn]


def paint_tri_border(snapshot: Snapshot, frame: gpd.GeoDataFrame) -> Drawn:
    style = styling.AREA_STYLE
    width = 2.2 * snapshot.layout.scale
    line = frame.boundary.plot(
        ax=snapshot.ax, color=style.colour, linewidth=width, linestyle=styling.mpl_dash(style.dash, 2.2), zorder=2
    )
    return Drawn(list(line.collections[-1:]), [])


def paint_zones(snapshot: Snapshot, frame: gpd.GeoDataFrame) -> Drawn:
    ax, artists = snapshot.ax, []
    before = len(ax.collections)
    for (group, level), part in frame.groupby(["group", "level"]):
        colour = styling.GROUP_COLOURS[group]
        level_style = styling.LEVEL_STYLES[level]
        part.plot(ax=ax, facecolor=colour, alpha=level_style.fill_opacity, edgecolor="none", zorder=3)
        part.plot(
            ax=ax,
            facecolor="none",
            edgecolor=colour,
            hatch=styling.GROUP_HATCHES[group],
            linewidth=1.2 * snapshot.layout.scale,
            linestyle=styling.mpl_dash(level_style.dash, 1.2),
            zorder=3.1,
        )
    artists += ax.collections[before:]
    return Drawn(artists, [])


def paint_events(snapshot: Snapshot, frame: gpd.GeoDataFrame) -> Drawn:
    ax, artists = snapshot.ax, []
    violent = frame["kind"].isin(styling.VIOLENT_EVENT_KINDS)
    for mask, kind in ((violent, "attack"), (~violent, "political")):
        subset = frame[mask]
        if len(subset):
            artists.append(
                ax.scatter(
                    subset.geometry.x,
                    subset.geometry.y,
                    s=30 * snapshot.layout.scale**2,
                    marker="o",
                    c=styling.event_fill(kind),
                    edgecolors=styling.EVENT_COLOUR,
                    linewidths=1.4 * snapshot.layout.scale,
                    zorder=4,
                )
            )
    return Drawn(artists, list(zip(frame.geometry.x, frame.geometry.y, strict=True)))


def paint_positions(snapshot: Snapshot, frame: gpd.GeoDataFrame) -> Drawn:
    ax, artists = snapshot.ax, []
    scale = snapshot.layout.scale
    offsets = dict(zip(frame.index, styling.colocated_offsets(frame), strict=True))
    for force in [f for f in styling.FORCE_STYLES if f in set(frame["force"])]:
        subset = frame[frame["force"] == force]
        for (dx, dy), part in subset.groupby(subset.index.map(offsets.get)):
            shift = offset_copy(ax.transData, fig=snapshot.fig, x=dx * 0.9 * scale, y=dy * 0.9 * scale, units="points")
            artists.append(
                ax.scatter(
                    part.geometry.x,
                    part.geometry.y,
                    zorder=5,
                    transform=shift,
                    **marker_kwargs(force, MARKER_AREA * scale**2),
                )
            )
    return Drawn(artists, list(zip(frame.geometry.x, frame.geometry.y, strict=True)))


#: one painter per thematic layer, in drawing order
PAINTERS: dict[str, Painter] = {
    "tri_border": paint_tri_border,
    "jihadist_zones": paint_zones,
    "events": paint_events,
    "military_positions": paint_positions,
}


class Snapshot:
    """Lays out the figure and draws the basemap for an extent once; :meth:`draw` then renders any day."""

    def __init__(self, data: Dataset, view: View, layout: Layout = Layout(), extra_layers: list | None = None):
        self.data = data
        self.layout = layout
        self.lang = view.lang
        self.t = i18n.translator(view.lang)
        self.extra_layers = extra_layers or []
        with plt.rc_context(RC):
            self._build(view)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self, view: View) -> None:
        layout, scale = self.layout, self.layout.scale
        extent = view.box
        self.title_in, self.footer_in = (1.05 if layout.title_band else 0.12) * scale, 0.55 * scale
        width_in = layout.width_in
        map_w_in = width_in * 0.70
        corners = gpd.GeoSeries([extent.polygon()], crs="EPSG:4326").to_crs(WEB_MERCATOR).total_bounds
        span_x, span_y = corners[2] - corners[0], corners[3] - corners[1]
        if layout.aspect:
            height_in = width_in / layout.aspect
            map_h_in = height_in - self.title_in - self.footer_in
            corners = _fit(corners, map_w_in / map_h_in)
        else:
            map_h_in = map_w_in * span_y / span_x
            height_in = map_h_in + self.title_in + self.footer_in
        self.bounds = corners
        self.extent = _extent_of(corners)
        self.fig = plt.figure(figsize=(width_in, height_in), dpi=layout.dpi)
        self.fig.patch.set_facecolor("white")
        bottom = self.footer_in / height_in
        top = 1 - self.title_in / height_in
        self.ax = self.fig.add_axes((0.01, bottom, 0.70, top - bottom))
        self.legend_ax = self.fig.add_axes((0.725, bottom, 0.265, top - bottom))
        self.legend_ax.axis("off")
        self.ax.set_axis_off()
        self._projected = {k: f.to_crs(WEB_MERCATOR) for k, f in self.data.frames.items() if len(f)}
        self._draw_basemap()
        self.ax.set_xlim(corners[0], corners[2])
        self.ax.set_ylim(corners[1], corners[3])
        self.ax.set_aspect("equal")
        centre_lat = np.radians((self.extent.south + self.extent.north) / 2)
        # Web Mercator metres are stretched by 1/cos(latitude): tell the scale bar
        self.ax.add_artist(
            ScaleBar(
                np.cos(centre_lat),
                units="m",
                location="lower left",
                box_alpha=0.8,
                font_properties={"size": 8 * scale},
            )
        )
        self.ax.annotate(
            self.t("N"),
            xy=(0.965, 0.93),
            xytext=(0.965, 0.83),
            xycoords="axes fraction",
            ha="center",
            va="center",
            fontsize=11 * scale,
            fontweight="bold",
            arrowprops=dict(arrowstyle="-|>", lw=1.5 * scale, color="#222222"),
        )
        self._artists: list = []
        self._labels = self._label_candidates()

    def _clip(self, frame):
        return frame.clip(self.extent.polygon()) if len(frame) else frame

    def _draw_basemap(self) -> None:
        basemap, ax, scale = self.data.basemap, self.ax, self.layout.scale
        ax.set_facecolor(WATER)
        ax.add_patch(
            plt.Rectangle(
                (self.bounds[0], self.bounds[1]),
                self.bounds[2] - self.bounds[0],
                self.bounds[3] - self.bounds[1],
                color=WATER,
                zorder=0,
            )
        )
        countries = self._clip(basemap.countries)
        if len(countries):
            countries = countries.to_crs(WEB_MERCATOR)
            countries.plot(ax=ax, color="#f4f1ea", edgecolor="#8a8a8a", linewidth=0.6 * scale, zorder=1)
            countries[countries["iso3"] == "MLI"].plot(
                ax=ax, color="#fbf8f0", edgecolor="#444444", linewidth=1.2 * scale, zorder=1.1
            )
        if basemap.admin1 is not None and len(basemap.admin1):
            self._clip(basemap.admin1).to_crs(WEB_MERCATOR).boundary.plot(
                ax=ax, color="#9a9a9a", linewidth=0.4 * scale, linestyle=(0, (3, 3)), zorder=1.2
            )
        if basemap.rivers is not None and len(basemap.rivers):
            self._clip(basemap.rivers).to_crs(WEB_MERCATOR).plot(
                ax=ax, color="#6aa6cf", linewidth=1.0 * scale, zorder=1.3
            )

    def _label_candidates(self) -> list[tuple[float, float, str]]:
        """Capitals first, then towns: the order in which labels claim their place."""
        basemap = self.data.basemap
        labelled = [f for f in (basemap.places, basemap.towns) if f is not None and len(f)]
        if not labelled:
            return []
        places = pd.concat(labelled, ignore_index=True)
        places = places[places.intersects(self.extent.polygon())]
        if not len(places):
            return []
        projected = places.to_crs(WEB_MERCATOR)
        return [(p.x, p.y, str(name)) for p, name in zip(projected.geometry, projected["name"], strict=True)]

    # -- one day --------------------------------------------------------------------------------

    def draw(self, view: View, title: str | None = None, caption: str | None = None) -> plt.Figure:
        """Render ``view``'s day and layers: replaces whatever an earlier call drew on top of the basemap."""
        with plt.rc_context(RC):
            return self._draw(view, title, caption)

    def _draw(self, view: View, title: str | None, caption: str | None) -> plt.Figure:
        for artist in self._artists:
            artist.remove()
        self._artists = []
        scale = self.layout.scale
        frames = {k: self._within(v) for k, v in view.active_frames(self._projected).items()}
        obstacles: list = []
        for layer_id, painter in PAINTERS.items():
            frame = frames.get(layer_id)
            if frame is not None and len(frame):
                drawn = painter(self, frame)
                self._artists += drawn.artists
                obstacles += drawn.obstacles
        for extra in self.extra_layers:
            drawn = extra.paint(self, view)
            self._artists += drawn.artists
            obstacles += drawn.obstacles
        self._artists += self._place_labels(obstacles)
        self._draw_legend(frames)
        if self.layout.title_band:
            self._draw_title(view, title, caption)
        self._artists.append(
            self.fig.text(
                0.01,
                0.06 * scale / self.fig.get_figheight(),
                textwrap.fill(self.credit(frames), 190),
                fontsize=6.5 * scale,
                color="#444444",
                va="bottom",
            )
        )
        return self.fig

    def _draw_title(self, view: View, title: str | None, caption: str | None) -> None:
        t, scale = self.t, self.layout.scale
        heading = title or t("Security situation in Mali and the central Sahel")
        self._artists.append(
            self.fig.text(
                0.01,
                1 - 0.22 * scale / self.fig.get_figheight(),
                heading,
                fontsize=15 * scale,
                fontweight="bold",
                va="top",
            )
        )
        subtitle = t.date(view.day)
        if caption:
            subtitle += " · " + caption
        # the band above the map holds two lines: a longer caption is set smaller (down to 70 %)
        shrink = 1.0
        while len(textwrap.wrap(subtitle, int(135 / shrink))) > 2 and shrink > 0.7:
            shrink -= 0.05
        self._artists.append(
            self.fig.text(
                0.01,
                1 - 0.62 * scale / self.fig.get_figheight(),
                textwrap.fill(subtitle, int(135 / shrink)),
                fontsize=10.5 * scale * shrink,
                va="top",
                color="#333333",
            )
        )

    def _within(self, frame):
        if not len(frame):
            return frame
        x0, y0, x1, y1 = self.bounds
        return frame.cx[x0:x1, y0:y1]

    def _place_labels(self, obstacles: list) -> list:
        """Town labels where they overprint no marker and no other label: four places tried, else dropped."""
        if not self._labels:
            return []
        renderer = self.fig.canvas.get_renderer()
        to_px = self.ax.transData.transform
        scale = self.layout.scale
        reach = 9 * scale * self.layout.dpi / 72  # a marker's half size, in pixels
        taken = [Bbox.from_extents(x - reach, y - reach, x + reach, y + reach) for x, y in map(to_px, obstacles)]
        axes_box = self.ax.get_window_extent(renderer)
        artists = []
        # beside the dot first, then clear of a marker sitting on the town, then further out
        offsets = [
            (
                dx * r,
                dy * r,
                "left" if dx > 0 else "right" if dx < 0 else "center",
                "bottom" if dy > 0 else "top" if dy < 0 else "center",
            )
            for r in (4, 11, 17)
            for dx, dy in ((1, 0.7), (1, -0.7), (-1, 0.7), (-1, -0.7), (0, 1), (0, -1))
        ]
        for x, y, name in self._labels:
            placed = None
            for dx, dy, ha, va in offsets:
                text = self.ax.annotate(
                    name,
                    (x, y),
                    xytext=(dx * scale, dy * scale),
                    textcoords="offset points",
                    fontsize=7 * scale,
                    color="#333333",
                    ha=ha,
                    va=va,
                    zorder=6,
                )
                box = text.get_window_extent(renderer).expanded(1.05, 1.1)
                inside = axes_box.contains(box.x0, box.y0) and axes_box.contains(box.x1, box.y1)
                if inside and not any(box.overlaps(other) for other in taken):
                    placed = (text, box)
                    break
                text.remove()
            if placed:
                text, box = placed
                dot = self.ax.plot(x, y, "o", color="#333333", markersize=2.5 * scale, zorder=4.5)[0]
                taken.append(box)
                artists += [text, dot]
        return artists

    def _draw_legend(self, frames) -> None:
        t, scale = self.t, self.layout.scale
        entries = styling.translate(styling.legend_for(frames), t)
        handles = [legend_handle(e, textwrap.fill(e.label, LEGEND_WRAP)) for e in entries]
        for extra in self.extra_layers:
            handles += extra.legend_handles(t)
        self.legend_ax.clear()
        self.legend_ax.axis("off")
        if not handles:
            return
        fontsize = 7.5 * scale
        self.legend = self.legend_ax.legend(
            handles=handles,
            loc="upper left",
            fontsize=fontsize,
            frameon=False,
            title=t("Legend"),
            alignment="left",
            title_fontproperties={"weight": "bold", "size": 9 * scale},
            borderaxespad=0,
        )
        # a long legend (every force and group) shrinks until it fits the band beside the map
        renderer = self.fig.canvas.get_renderer()
        available = self.legend_ax.get_window_extent(renderer).height
        while self.legend.get_window_extent(renderer).height > available and fontsize > 4.5 * scale:
            fontsize *= 0.9
            for text in self.legend.get_texts():
                text.set_fontsize(fontsize)
        self._artists.append(self.legend)

    def credit(self, frames) -> str:
        extra = [credit for layer in self.extra_layers if (credit := layer.credit(self.t))]
        return credit_line(self.data.register, self.data.cutoff, frames, self.t, extra)

    # -- output ---------------------------------------------------------------------------------

    def save(self, path, fmt: str) -> None:
        with plt.rc_context(RC):
            self.fig.savefig(path, format=fmt, dpi=self.layout.dpi, facecolor="white")

    def to_rgb(self) -> np.ndarray:
        self.fig.canvas.draw()
        return np.asarray(self.fig.canvas.buffer_rgba())[..., :3].copy()

    def close(self) -> None:
        plt.close(self.fig)


def _fit(corners, aspect: float):
    """Grow the shorter side of a Web Mercator box so that width / height equals ``aspect``."""
    x0, y0, x1, y1 = corners
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        return np.array([x0 - grow, y0, x1 + grow, y1])
    grow = (width / aspect - height) / 2
    return np.array([x0, y0 - grow, x1, y1 + grow])


def _extent_of(corners) -> Extent:
    lon0, lat0, lon1, lat1 = (
        gpd.GeoSeries.from_xy([corners[0], corners[2]], [corners[1], corners[3]], crs=WEB_MERCATOR)
        .to_crs("EPSG:4326")
        .total_bounds
    )
    return Extent(max(-180, lon0), max(-85, lat0), min(180, lon1), min(85, lat1))


def render_day(data: Dataset, view: View, layout: Layout, title: str | None = None) -> Snapshot:
    """A snapshot of one day, drawn (the caller saves and closes it)."""
    snapshot = Snapshot(data, view, layout)
    snapshot.draw(view, title)
    return snapshot


__all__ = ["PAINTERS", "RC", "Layout", "Snapshot", "date", "legend_handle", "render_day"]
