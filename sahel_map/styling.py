"""Colours, marker shapes and legends: one look for every map and export.

Forces use the Okabe-Ito palette and groups Paul Tol's "muted" palette, both
designed to stay distinct for colour-blind readers; every force also has its own
marker shape and every zone level its own outline dash, so a greyscale printout
still reads.  Markers are inline SVG, so no icon font or image is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import codes


@dataclass(frozen=True)
class MarkerStyle:
    colour: str
    shape: str


# Okabe & Ito (2008), "Color Universal Design"
FORCE_STYLES: dict[str, MarkerStyle] = {
    "serval": MarkerStyle("#0072B2", "circle"),
    "barkhane": MarkerStyle("#0072B2", "square"),
    "france": MarkerStyle("#0072B2", "ring"),
    "takuba": MarkerStyle("#56B4E9", "triangle"),
    "minusma": MarkerStyle("#009E73", "hexagon"),
    "eutm": MarkerStyle("#F0E442", "pentagon"),
    "g5_sahel": MarkerStyle("#E69F00", "triangle_down"),
    "us": MarkerStyle("#CC79A7", "star"),
    "fama": MarkerStyle("#666666", "plus"),
    "wagner": MarkerStyle("#D55E00", "diamond"),
    "africa_corps": MarkerStyle("#D55E00", "cross"),
    "cma": MarkerStyle("#000000", "square_open"),
}

# Paul Tol, "muted" qualitative scheme
GROUP_COLOURS: dict[str, str] = {
    "jnim": "#882255",
    "isgs": "#332288",
    "aqim": "#117733",
    "ansar_dine": "#999933",
    "mujao": "#CC6677",
    "katiba_macina": "#AA4499",
    "ansarul_islam": "#44AA99",
    "al_mourabitoun": "#DDCC77",
}

#: fill opacity and outline dash per zone level (dash survives greyscale)
LEVEL_STYLES: dict[str, dict] = {
    "control": {"fillOpacity": 0.45, "dashArray": None, "weight": 2.5},
    "influence": {"fillOpacity": 0.25, "dashArray": "8 4", "weight": 2},
    "attacks": {"fillOpacity": 0.10, "dashArray": "2 4", "weight": 2},
}

#: matplotlib hatch per group, for print exports
GROUP_HATCHES: dict[str, str] = {
    "jnim": "//",
    "isgs": "\\\\",
    "aqim": "xx",
    "ansar_dine": "..",
    "mujao": "oo",
    "katiba_macina": "||",
    "ansarul_islam": "--",
    "al_mourabitoun": "++",
}

#: where a force's marker sits when several forces share one town point: a fixed angle per force
#: on a small ring (in screen pixels / points), so co-located markers never hide each other
FORCE_SLOTS: dict[str, float] = {force: index * 360 / len(FORCE_STYLES) for index, force in enumerate(FORCE_STYLES)}
COLOCATED_RADIUS = 8.0


def colocated_offsets(frame) -> list[tuple[float, float]]:
    """(dx, dy) screen offsets for positions: zero unless another force uses the same coordinates."""
    import math

    keys = [(round(g.x, 3), round(g.y, 3)) for g in frame.geometry]
    forces_at: dict[tuple, set] = {}
    for key, force in zip(keys, frame["force"], strict=True):
        forces_at.setdefault(key, set()).add(force)
    offsets = []
    for key, force in zip(keys, frame["force"], strict=True):
        if len(forces_at[key]) < 2:
            offsets.append((0.0, 0.0))
        else:
            angle = math.radians(FORCE_SLOTS[force])
            offsets.append((COLOCATED_RADIUS * math.cos(angle), COLOCATED_RADIUS * math.sin(angle)))
    return offsets


AREA_STYLE = {"color": "#333333", "weight": 2.5, "dashArray": "10 6", "fillOpacity": 0.04, "fillColor": "#333333"}
EVENT_COLOUR = "#111111"
VIOLENT_EVENT_KINDS = frozenset({"attack", "massacre", "battle"})

_SHAPES: dict[str, str] = {
    # points in a 20 x 20 box
    "square": '<rect x="3" y="3" width="14" height="14"/>',
    "square_open": '<rect x="4" y="4" width="12" height="12" fill="none" stroke-width="3"/>',
    "circle": '<circle cx="10" cy="10" r="7.5"/>',
    "ring": '<circle cx="10" cy="10" r="6.5" fill="none" stroke-width="3.5"/>',
    "triangle": '<polygon points="10,1.5 18.5,17.5 1.5,17.5"/>',
    "triangle_down": '<polygon points="1.5,2.5 18.5,2.5 10,18.5"/>',
    "diamond": '<polygon points="10,1 19,10 10,19 1,10"/>',
    "pentagon": '<polygon points="10,1.5 18.6,7.8 15.3,17.9 4.7,17.9 1.4,7.8"/>',
    "hexagon": '<polygon points="10,1.3 17.6,5.6 17.6,14.4 10,18.7 2.4,14.4 2.4,5.6"/>',
    "star": '<polygon points="10,1 12.4,7.2 19,7.3 13.8,11.4 15.6,18 10,14.2 4.4,18 6.2,11.4 1,7.3 7.6,7.2"/>',
    "plus": '<polygon points="7,1.5 13,1.5 13,7 18.5,7 18.5,13 13,13 13,18.5 7,18.5 7,13 1.5,13 1.5,7 7,7"/>',
    "cross": '<polygon points="4,1.5 10,7.5 16,1.5 18.5,4 12.5,10 18.5,16 16,18.5 10,12.5 4,18.5 1.5,16 7.5,10 1.5,4"/>',
}


def marker_svg(shape: str, colour: str, size: int | str = 18, opacity: float = 1.0) -> str:
    """An inline SVG marker; hollow shapes are drawn with a coloured stroke."""
    body = _SHAPES[shape]
    hollow = 'fill="none"' in body
    paint = f'stroke="{colour}" fill="none"' if hollow else f'fill="{colour}" stroke="#ffffff" stroke-width="1.4"'
    outline = "" if hollow else f'<g fill="none" stroke="#222" stroke-width="0.6">{body}</g>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'opacity="{opacity}" aria-hidden="true"><g {paint}>{body}</g>{outline}</svg>'
    )


def force_marker_svg(force: str, size: int | str = 18, opacity: float = 1.0) -> str:
    style = FORCE_STYLES[force]
    return marker_svg(style.shape, style.colour, size, opacity)


def event_marker_svg(kind: str, size: int | str = 14) -> str:
    fill = EVENT_COLOUR if kind in VIOLENT_EVENT_KINDS else "#ffffff"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true">'
        f'<circle cx="10" cy="10" r="7" fill="{fill}" stroke="{EVENT_COLOUR}" stroke-width="3"/>'
        f'<circle cx="10" cy="10" r="2.5" fill="{EVENT_COLOUR if fill == "#ffffff" else "#ffffff"}"/></svg>'
    )


def zone_style(group: str, level: str) -> dict:
    """Leaflet path options for a jihadist zone."""
    colour = GROUP_COLOURS[group]
    return {"color": colour, "fillColor": colour, "opacity": 0.9, **LEVEL_STYLES[level]}


@dataclass(frozen=True)
class LegendEntry:
    section: str
    code: str
    label: str
    swatch_html: str


def legend_entries(forces=None, groups=None, levels=True, events=True, areas=True) -> list[LegendEntry]:
    """Legend rows for the given forces and groups (all when ``None``)."""
    rows: list[LegendEntry] = []
    for code in forces if forces is not None else codes.FORCES:
        rows.append(LegendEntry("Military positions", code, codes.FORCES[code], force_marker_svg(code, 16)))
    for code in groups if groups is not None else codes.GROUPS:
        colour = GROUP_COLOURS[code]
        swatch = (
            f'<svg width="16" height="12" aria-hidden="true"><rect x="1" y="1" width="14" height="10" '
            f'fill="{colour}" fill-opacity="0.5" stroke="{colour}" stroke-width="2"/></svg>'
        )
        rows.append(LegendEntry("Jihadist zones", code, codes.GROUPS[code], swatch))
    if levels:
        for code, style in LEVEL_STYLES.items():
            dash = f' stroke-dasharray="{style["dashArray"]}"' if style["dashArray"] else ""
            swatch = (
                f'<svg width="16" height="12" aria-hidden="true"><rect x="1" y="1" width="14" height="10" '
                f'fill="#555" fill-opacity="{style["fillOpacity"]}" stroke="#333" stroke-width="2"{dash}/></svg>'
            )
            rows.append(LegendEntry("Zone level", code, codes.ZONE_LEVELS[code].split(":")[0], swatch))
    if areas:
        swatch = (
            '<svg width="16" height="12" aria-hidden="true"><rect x="1" y="1" width="14" height="10" '
            'fill="none" stroke="#333" stroke-width="2" stroke-dasharray="4 2"/></svg>'
        )
        rows.append(LegendEntry("Areas", "tri_border", codes.AREA_KINDS["tri_border"], swatch))
    if events:
        rows.append(LegendEntry("Events", "violent", "Attack, massacre or battle", event_marker_svg("attack", 12)))
        rows.append(LegendEntry("Events", "other", "Other event", event_marker_svg("political", 12)))
    return rows


def legend_html(entries: list[LegendEntry], font_px: int = 12, title: str = "Legend", open_: bool = True) -> str:
    """The legend as an HTML block (labels escaped), usable on a map or a page.

    It folds away (an HTML ``<details>``) so it never has to hide the map.
    """
    parts = [
        f'<details class="sahel-legend"{" open" if open_ else ""} style="font:{font_px}px/1.35 system-ui,sans-serif;'
        f"background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.35);"
        f'max-height:55vh;overflow:auto"><summary style="cursor:pointer;font-weight:700">{escape(title)}</summary>'
    ]
    section = None
    for entry in entries:
        if entry.section != section:
            section = entry.section
            parts.append(f'<div style="margin-top:4px;font-weight:600">{escape(section)}</div>')
        parts.append(
            f'<div style="display:flex;align-items:center;gap:6px">{entry.swatch_html}'
            f"<span>{escape(entry.label)}</span></div>"
        )
    parts.append("</details>")
    return "".join(parts)
