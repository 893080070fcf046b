"""The look of every map, chart and export, written once: one table per code list.

Forces, groups, zone levels, the tri-border line and events each have one
style here; the web map (SVG and Leaflet path options), the print layouts
(matplotlib), the charts (Altair) and the legend all derive theirs from it, so
a colour, a marker shape or a dash can never differ between two faces.

Forces are told apart by marker shape as well as colour; zone levels by their
outline dash as well as fill strength; groups by hatching in print: a
greyscale printout and a colour-blind reader still read the map.

>>> FORCE_STYLES["barkhane"].shape, LEVEL_STYLES["influence"].dash
('square', (8, 4))
>>> svg_dash((8, 4)), mpl_dash((8, 4), 2.0)
('8 4', (0, (4.0, 2.0)))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..data import codes
from ..data.codes import N_

Dash = tuple[float, ...] | None


@dataclass(frozen=True)
class Shape:
    """A marker shape: its SVG body in a 20 x 20 box, the matplotlib marker, and whether it is hollow."""

    svg: str
    mpl: str
    hollow: bool = False
    #: Vega-Lite's name for the nearest shape, for charts
    vega: str = "circle"


SHAPES: dict[str, Shape] = {
    "square": Shape('<rect x="3" y="3" width="14" height="14"/>', "s", vega="square"),
    "square_open": Shape('<rect x="4" y="4" width="12" height="12"/>', "s", True, vega="square"),
    "circle": Shape('<circle cx="10" cy="10" r="7.5"/>', "o", vega="circle"),
    "ring": Shape('<circle cx="10" cy="10" r="6.5"/>', "o", True, vega="circle"),
    "triangle": Shape('<polygon points="10,1.5 18.5,17.5 1.5,17.5"/>', "^", vega="triangle-up"),
    "triangle_down": Shape('<polygon points="1.5,2.5 18.5,2.5 10,18.5"/>', "v", vega="triangle-down"),
    "diamond": Shape('<polygon points="10,1 19,10 10,19 1,10"/>', "D", vega="diamond"),
    "pentagon": Shape('<polygon points="10,1.5 18.6,7.8 15.3,17.9 4.7,17.9 1.4,7.8"/>', "p", vega="triangle"),
    "hexagon": Shape('<polygon points="10,1.3 17.6,5.6 17.6,14.4 10,18.7 2.4,14.4 2.4,5.6"/>', "h", vega="circle"),
    "star": Shape(
        '<polygon points="10,1 12.4,7.2 19,7.3 13.8,11.4 15.6,18 10,14.2 4.4,18 6.2,11.4 1,7.3 7.6,7.2"/>',
        "*",
        vega="M0,-1L0.24,-0.31L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.38L-0.59,0.81L-0.38,0.12L-0.95,-0.31L-0.24,-0.31Z",
    ),
    "plus": Shape(
        '<polygon points="7,1.5 13,1.5 13,7 18.5,7 18.5,13 13,13 13,18.5 7,18.5 7,13 1.5,13 1.5,7 7,7"/>',
        "P",
        vega="cross",
    ),
    "cross": Shape(
        '<polygon points="4,1.5 10,7.5 16,1.5 18.5,4 12.5,10 18.5,16 16,18.5 10,12.5 4,18.5 1.5,16 7.5,10 1.5,4"/>',
        "X",
        vega="M-0.8,-1L0,-0.2L0.8,-1L1,-0.8L0.2,0L1,0.8L0.8,1L0,0.2L-0.8,1L-1,0.8L-0.2,0L-1,-0.8Z",
    ),
}


@dataclass(frozen=True)
class MarkerStyle:
    colour: str
    shape: str


# Okabe & Ito (2008) "Color Universal Design", with lighter and darker tints where several forces
# share a family (the French operations; Wagner and Africa Corps): the tints differ in lightness,
# which every kind of colour blindness still sees (tests/test_styling.py measures it).
FORCE_STYLES: dict[str, MarkerStyle] = {
    "serval": MarkerStyle("#56B4E9", "circle"),
    "barkhane": MarkerStyle("#0072B2", "square"),
    "france": MarkerStyle("#003F63", "ring"),
    "takuba": MarkerStyle("#BBBBBB", "triangle"),
    "minusma": MarkerStyle("#009E73", "hexagon"),
    "eutm": MarkerStyle("#F0E442", "pentagon"),
    "g5_sahel": MarkerStyle("#E69F00", "triangle_down"),
    "us": MarkerStyle("#CC79A7", "star"),
    "fama": MarkerStyle("#6B6B6B", "plus"),
    "wagner": MarkerStyle("#D55E00", "diamond"),
    "africa_corps": MarkerStyle("#7A2E00", "cross"),
    "cma": MarkerStyle("#000000", "square_open"),
}

# Paul Tol's "muted" qualitative scheme, with Al-Mourabitoun and Ansarul Islam darkened: every zone's
# fill must stand out from the pale basemap, and groups on the map at the same time from each other,
# under simulated deuteranopia, protanopia and tritanopia (tests/test_styling.py measures it).
GROUP_COLOURS: dict[str, str] = {
    "jnim": "#882255",
    "isgs": "#332288",
    "aqim": "#117733",
    "ansar_dine": "#999933",
    "mujao": "#CC6677",
    "katiba_macina": "#AA4499",
    "ansarul_islam": "#338877",
    "al_mourabitoun": "#997700",
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


@dataclass(frozen=True)
class LineStyle:
    """An outline (and fill): colour, width in px, dash in px (``None``: solid), fill opacity."""

    colour: str
    weight: float
    dash: Dash = None
    fill_opacity: float = 0.0


#: fill strength and outline dash per zone level (the dash survives greyscale); colour comes from the group
LEVEL_STYLES: dict[str, LineStyle] = {
    "control": LineStyle("#333333", 2.5, None, 0.45),
    "influence": LineStyle("#333333", 2.0, (8, 4), 0.30),
    "attacks": LineStyle("#333333", 2.0, (2, 4), 0.10),
}
#: the tri-border line: the one dash used on the web map, in print and in the legend
AREA_STYLE = LineStyle("#333333", 2.5, (10, 6), 0.04)

EVENT_COLOUR = "#111111"
VIOLENT_EVENT_KINDS = frozenset({"attack", "massacre", "battle"})
#: the ring drawn around the feature a briefing step is about
HIGHLIGHT_COLOUR = "#E69F00"


def svg_dash(dash: Dash) -> str | None:
    """A dash as SVG / Leaflet ``dashArray`` text."""
    return None if dash is None else " ".join(f"{d:g}" for d in dash)


def mpl_dash(dash: Dash, weight: float) -> str | tuple:
    """The same dash as a matplotlib line style: matplotlib counts dashes in line widths, SVG in pixels."""
    if dash is None:
        return "-"
    return (0, tuple(round(d / weight, 3) for d in dash))


def zone_style(group: str, level: str) -> dict:
    """Leaflet path options for a jihadist zone."""
    colour = GROUP_COLOURS[group]
    level_style = LEVEL_STYLES[level]
    return {
        "color": colour,
        "fillColor": colour,
        "opacity": 0.9,
        "weight": level_style.weight,
        "dashArray": svg_dash(level_style.dash),
        "fillOpacity": level_style.fill_opacity,
    }


def area_style() -> dict:
    """Leaflet path options for the tri-border outline."""
    return {
        "color": AREA_STYLE.colour,
        "weight": AREA_STYLE.weight,
        "dashArray": svg_dash(AREA_STYLE.dash),
        "fillColor": AREA_STYLE.colour,
        "fillOpacity": AREA_STYLE.fill_opacity,
    }


def event_fill(kind: str) -> str:
    return EVENT_COLOUR if kind in VIOLENT_EVENT_KINDS else "#ffffff"


#: where a force's marker sits when several forces share one town point: a fixed angle per force
#: on a small ring (in screen pixels / points), so co-located markers never hide each other
FORCE_SLOTS: dict[str, float] = {force: index * 360 / len(FORCE_STYLES) for index, force in enumerate(FORCE_STYLES)}
COLOCATED_RADIUS = 8.0


def colocated_offsets(frame) -> list[tuple[float, float]]:
    """(dx, dy) screen offsets for positions: zero unless another force uses the same coordinates."""
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


# --- the legend, once: each face draws these entries its own way (HTML swatches, matplotlib handles)


@dataclass(frozen=True)
class LegendEntry:
    """One legend row. ``kind`` says how to draw the swatch: marker, zone, level, area or event."""

    section: str
    code: str
    label: str
    kind: str


def legend_entries(
    forces=None, groups=None, levels=True, events=True, areas=True, event_kinds=None
) -> list[LegendEntry]:
    """Legend rows for the given forces and groups (all when ``None``), in the order they are drawn.

    Labels are English here; :mod:`sahel_map.look.i18n` translates them.
    """
    rows: list[LegendEntry] = []
    for code in forces if forces is not None else codes.FORCES:
        rows.append(LegendEntry(N_("Military positions"), code, codes.FORCES[code], "marker"))
    for code in groups if groups is not None else codes.GROUPS:
        rows.append(LegendEntry(N_("Jihadist zones"), code, codes.GROUPS[code], "zone"))
    if levels:
        for code in LEVEL_STYLES:
            rows.append(LegendEntry(N_("Zone level"), code, codes.ZONE_LEVEL_NAMES[code], "level"))
    if areas:
        rows.append(LegendEntry(N_("Areas"), "tri_border", codes.AREA_KINDS["tri_border"], "area"))
    if events:
        kinds = {"violent", "other"} if event_kinds is None else set(event_kinds)
        if "violent" in kinds:
            rows.append(LegendEntry(N_("Events"), "violent", N_("Attack, massacre or battle"), "event"))
        if "other" in kinds:
            rows.append(LegendEntry(N_("Events"), "other", N_("Other event"), "event"))
    return rows


def legend_for(frames) -> list[LegendEntry]:
    """The legend of what is drawn: a row per force, group, level and kind of event present."""
    positions = frames.get("military_positions")
    zones = frames.get("jihadist_zones")
    events = frames.get("events")
    kinds: set[str] = set()
    if events is not None and len(events):
        violent = events["kind"].isin(VIOLENT_EVENT_KINDS)
        kinds = {"violent"} if violent.all() else {"other"} if not violent.any() else {"violent", "other"}
    areas = frames.get("tri_border")
    return legend_entries(
        forces=[f for f in FORCE_STYLES if positions is not None and f in set(positions["force"])],
        groups=[g for g in GROUP_COLOURS if zones is not None and g in set(zones["group"])],
        levels=zones is not None and len(zones) > 0,
        events=bool(kinds),
        event_kinds=kinds,
        areas=areas is not None and len(areas) > 0,
    )


def translate(entries: list[LegendEntry], t) -> list[LegendEntry]:
    """The rows with their labels in ``t``'s language (a :class:`~sahel_map.look.i18n.Translator`)."""
    tables = {"marker": "force", "zone": "group", "area": "area"}
    out = []
    for entry in entries:
        if entry.kind in tables:
            label = t.code(tables[entry.kind], entry.code)
        elif entry.kind == "level":
            label = t.level(entry.code)
        elif entry.kind == "upload":
            label = entry.label  # the user's own layer name
        else:
            label = t(entry.label)
        out.append(LegendEntry(entry.section, entry.code, label, entry.kind))
    return out


#: coverage rings and the coverage chart, one colour per force preset (from the forces' own colours)
COVERAGE_COLOURS: dict[str, str] = {
    "foreign": FORCE_STYLES["barkhane"].colour,
    "malian": FORCE_STYLES["fama"].colour,
    "russian": FORCE_STYLES["wagner"].colour,
    "custom": "#882255",
}


#: uploaded layers, in the order they come: Paul Tol's "vibrant" scheme, apart from the forces' and groups'
#: colours (an analyst's layer never reads as one of ours)
UPLOAD_COLOURS: tuple[str, ...] = ("#EE7733", "#0077BB", "#EE3377", "#009988", "#33BBEE", "#CC3311", "#555555")


def upload_colour(index: int) -> str:
    """The colour of the ``index``-th uploaded layer of a session (the palette repeats)."""
    return UPLOAD_COLOURS[index % len(UPLOAD_COLOURS)]


def upload_radius(size=None) -> float:
    """Marker radius in px of an uploaded point: 4, or growing with the square root of fatalities."""
    if size is None:
        return 4.0
    return round(min(4.0 + 1.6 * math.sqrt(max(float(size), 0.0)), 22.0), 1)
