"""Markers and legend swatches as inline SVG, and the legend as HTML (no icon font, no image fetched).

All built from :mod:`sahel_map.look.styling`; every label is HTML-escaped.

>>> 'fill="#0072B2"' in force_marker_svg("barkhane")
True
"""

from __future__ import annotations

from html import escape

from . import styling
from .styling import LegendEntry


def marker_svg(shape: str, colour: str, size: int | str = 18, opacity: float = 1.0) -> str:
    """An inline SVG marker; hollow shapes are drawn with a coloured stroke."""
    spec = styling.SHAPES[shape]
    if spec.hollow:
        body = f'<g stroke="{colour}" fill="none" stroke-width="3.5">{spec.svg}</g>'
    else:
        body = (
            f'<g fill="{colour}" stroke="#ffffff" stroke-width="1.4">{spec.svg}</g>'
            f'<g fill="none" stroke="#222" stroke-width="0.6">{spec.svg}</g>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'opacity="{opacity}" aria-hidden="true">{body}</svg>'
    )


def force_marker_svg(force: str, size: int | str = 18, opacity: float = 1.0) -> str:
    style = styling.FORCE_STYLES[force]
    return marker_svg(style.shape, style.colour, size, opacity)


def event_marker_svg(kind: str, size: int | str = 14) -> str:
    fill = styling.event_fill(kind)
    dot = styling.EVENT_COLOUR if fill == "#ffffff" else "#ffffff"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true">'
        f'<circle cx="10" cy="10" r="7" fill="{fill}" stroke="{styling.EVENT_COLOUR}" stroke-width="3"/>'
        f'<circle cx="10" cy="10" r="2.5" fill="{dot}"/></svg>'
    )


def _box(fill: str, fill_opacity: float, stroke: str, dash: str | None, width: int = 16) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="{width}" height="12" aria-hidden="true"><rect x="1" y="1" width="{width - 2}" height="10" '
        f'fill="{fill}" fill-opacity="{fill_opacity}" stroke="{stroke}" stroke-width="2"{dash_attr}/></svg>'
    )


def swatch_svg(entry: LegendEntry, size: int = 16) -> str:
    """The swatch of one legend row, drawn from the same style as the map."""
    if entry.kind == "marker":
        return force_marker_svg(entry.code, size)
    if entry.kind == "zone":
        colour = styling.GROUP_COLOURS[entry.code]
        return _box(colour, 0.5, colour, None, size)
    if entry.kind == "level":
        style = styling.LEVEL_STYLES[entry.code]
        # the dash is scaled down with the swatch, so it reads as it does on the map
        dash = styling.svg_dash(tuple(d / 2 for d in style.dash)) if style.dash else None
        return _box("#555555", style.fill_opacity, "#333333", dash, size)
    if entry.kind == "area":
        style = styling.AREA_STYLE
        return _box("none", 0, style.colour, styling.svg_dash(tuple(d / 2.5 for d in style.dash)), size)
    if entry.kind == "event":
        return event_marker_svg("attack" if entry.code == "violent" else "political", round(size * 0.75))
    if entry.kind == "upload":
        return marker_svg("circle", entry.code, round(size * 0.8))
    raise ValueError(f"unknown legend kind {entry.kind!r}")


def legend_html(
    entries: list[LegendEntry],
    font_px: int = 12,
    title: str = "Legend",
    open_: bool = True,
    section_titles: dict[str, str] | None = None,
) -> str:
    """The legend as an HTML block (labels escaped), usable on a map or a page.

    It folds away (an HTML ``<details>``) so it never has to hide the map.
    """
    section_titles = section_titles or {}
    parts = [
        f'<details class="sahel-legend"{" open" if open_ else ""} style="font:{font_px}px/1.35 system-ui,sans-serif;'
        f"background:rgba(255,255,255,.94);padding:6px 9px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.35);"
        f'max-height:60vh;overflow:auto"><summary style="cursor:pointer;font-weight:700">{escape(title)}</summary>'
    ]
    section = None
    size = round(font_px * 1.35)
    for entry in entries:
        if entry.section != section:
            section = entry.section
            parts.append(
                f'<div style="margin-top:4px;font-weight:600">{escape(section_titles.get(section, section))}</div>'
            )
        parts.append(
            f'<div class="sahel-legend-row" data-code="{escape(entry.code, quote=True)}" '
            f'style="display:flex;align-items:center;gap:6px">{swatch_svg(entry, size)}'
            f"<span>{escape(entry.label)}</span></div>"
        )
    parts.append("</details>")
    return "".join(parts)
