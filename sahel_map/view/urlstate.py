"""The :class:`~sahel_map.view.view.View` as URL query parameters, so a view can be shared as a link.

``?date=2021-06-01&layers=military_positions,events&center=16.3,-1.5&zoom=6``
plus ``forces=``, ``groups=``, ``events=`` (the event window: ``all`` or a
number of days), ``areas=`` (tri-border definitions), ``bbox=``, ``basemap=``
and ``lang=``.  Parsing is lenient, because links get truncated and edited by
hand: a malformed value is dropped and a short note says so; unknown codes are
reported once, in one note, however many there are; a value longer than
:data:`MAX_VALUE` characters is ignored unread.

>>> view, notes = parse_query({"date": "2021-06-01", "layers": "military_positions,nope"})
>>> view.day.isoformat(), view.layers, notes
('2021-06-01', ('military_positions',), ['unknown layer ignored: nope'])
>>> to_query(view)["layers"]
'military_positions'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ..data import codes
from .timeline import parse_day
from .view import BASEMAPS, DEFAULT_CENTER, DEFAULT_EVENT_WINDOW, DEFAULT_ZOOM, THEMATIC_LAYERS, Extent, View

#: longest value read from any parameter (the longest real one, every code listed, is under 300)
MAX_VALUE = 600
#: most unknown codes named in a note
MAX_NAMED = 5
LANGUAGES = ("en", "fr")
MIN_ZOOM, MAX_ZOOM = 3, 12
DEFAULT_DAY = date(2022, 8, 15)


def first(value) -> str | None:
    """The first value of a query parameter (Streamlit gives a string, a test may give a list)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return None if value is None else str(value)


def shorten(text: str, limit: int = 40) -> str:
    """User input as shown back in a notice: cut to ``limit`` characters."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class QueryReader:
    """Reads parameters one by one and collects what it ignored, as notes."""

    def __init__(self, params: Mapping[str, object]):
        self.params = params
        self.notes: list[str] = []

    def get(self, name: str) -> str | None:
        raw = first(self.params.get(name))
        if raw is None:
            return None
        if len(raw) > MAX_VALUE:
            self.notes.append(f"{name} is too long ({len(raw):,} characters); ignored")
            return None
        return raw

    def codes(self, name: str, known: Iterable[str], what: str) -> tuple[str, ...] | None:
        """Known codes in order of ``known``; ``None`` when absent or when nothing known remains."""
        raw = self.get(name)
        if raw is None:
            return None
        known = list(known)
        wanted = [part.strip() for part in raw.split(",") if part.strip()]
        unknown = list(dict.fromkeys(part for part in wanted if part not in known))
        if unknown:
            named = ", ".join(shorten(u, 30) for u in unknown[:MAX_NAMED])
            more = f" (and {len(unknown) - MAX_NAMED:,} more)" if len(unknown) > MAX_NAMED else ""
            self.notes.append(f"unknown {what} ignored: {named}{more}")
        chosen = tuple(code for code in known if code in wanted)
        if wanted and not chosen:
            return None  # only unknown codes: keep the default rather than emptying the map
        return chosen

    def day(self, name: str, default: date) -> date:
        raw = self.get(name)
        if not raw:
            return default
        try:
            return parse_day(raw)
        except ValueError as exc:
            self.notes.append(f"{exc}; showing {default.isoformat()}")
            return default


def parse_query(
    params: Mapping[str, object],
    default_day: date = DEFAULT_DAY,
    areas: Iterable[str] = (),
) -> tuple[View, list[str]]:
    """A :class:`View` from query parameters, and notes on what was ignored.

    ``areas`` lists the tri-border definition ids the data holds (for ``areas=``).
    """
    read = QueryReader(params)
    view = View(day=read.day("date", default_day))
    layers_raw = read.get("layers")
    if layers_raw == "":
        view = view.with_(layers=())
    else:
        layers = read.codes("layers", THEMATIC_LAYERS, "layer")
        if layers is not None:
            view = view.with_(layers=layers)
    view = view.with_(
        forces=read.codes("forces", codes.FORCES, "force"),
        groups=read.codes("groups", codes.GROUPS, "group"),
        areas=read.codes("areas", list(areas), "area") if areas else None,
    )
    window = read.get("events")
    if window:
        if window == "all":
            view = view.with_(event_window_days=None)
        elif window.isdigit() and 1 <= int(window) <= 10_000:
            view = view.with_(event_window_days=int(window))
        else:
            read.notes.append(f"events {shorten(window)!r} is not 'all' or a number of days; ignored")
    center = read.get("center")
    if center:
        try:
            lat, lon = (float(x) for x in center.split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
            view = view.with_(center=(lat, lon))
        except ValueError:
            read.notes.append(f"center {shorten(center)!r} is not 'lat,lon'; ignored")
    zoom = read.get("zoom")
    if zoom:
        try:
            value = float(zoom)
            if value != value:  # NaN
                raise ValueError
            view = view.with_(zoom=max(MIN_ZOOM, min(MAX_ZOOM, round(value * 4) / 4)))
        except ValueError:
            read.notes.append(f"zoom {shorten(zoom)!r} is not a number; ignored")
    bbox = read.get("bbox")
    if bbox:
        try:
            view = view.with_(extent=Extent.parse(bbox))
        except ValueError as exc:
            read.notes.append(f"{exc}; ignored")
    basemap = read.get("basemap")
    if basemap:
        if basemap in BASEMAPS:
            view = view.with_(basemap=basemap)
        else:
            read.notes.append(f"unknown basemap ignored: {shorten(basemap)}")
    lang = read.get("lang")
    if lang:
        if lang in LANGUAGES:
            view = view.with_(lang=lang)
        else:
            read.notes.append(f"unknown language ignored: {shorten(lang)} (use en or fr)")
    return view, read.notes


def _zoom_text(zoom: float) -> str:
    return str(int(zoom)) if float(zoom).is_integer() else f"{zoom:g}"


def to_query(view: View) -> dict[str, str]:
    """Query parameters for ``view`` (defaults left out to keep links short)."""
    query = {"date": view.day.isoformat(), "layers": ",".join(view.layers)}
    if view.forces is not None:
        query["forces"] = ",".join(view.forces)
    if view.groups is not None:
        query["groups"] = ",".join(view.groups)
    if view.event_window_days != DEFAULT_EVENT_WINDOW:
        query["events"] = "all" if view.event_window_days is None else str(view.event_window_days)
    if view.areas is not None:
        query["areas"] = ",".join(view.areas)
    if view.center != DEFAULT_CENTER or view.zoom != DEFAULT_ZOOM:
        query["center"] = f"{view.center[0]:.4f},{view.center[1]:.4f}"
        query["zoom"] = _zoom_text(view.zoom)
    if view.extent is not None:
        query["bbox"] = str(view.extent)
    if view.basemap != "offline":
        query["basemap"] = view.basemap
    if view.lang != "en":
        query["lang"] = view.lang
    return query
