"""The view as URL query parameters, so a view can be shared as a link.

``?date=2021-06-01&layers=military_positions,events&center=16.3,-1.5&zoom=6``
plus optional ``forces=``, ``groups=`` and ``basemap=``.  Parsing is lenient:
an unknown or malformed value is dropped (with a message) rather than failing
the page, because links get truncated and edited by hand.

>>> view, notes = parse_query({"date": "2021-06-01", "layers": "military_positions,nope"})
>>> view.day.isoformat(), view.layers, notes
('2021-06-01', ('military_positions',), ["unknown layer 'nope' ignored"])
>>> to_query(view)["layers"]
'military_positions'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from . import codes
from .mapping import BASEMAPS, DEFAULT_CENTER, DEFAULT_ZOOM, THEMATIC_LAYERS
from .timeline import parse_day


@dataclass(frozen=True)
class ViewState:
    day: date
    layers: tuple[str, ...] = THEMATIC_LAYERS
    forces: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    center: tuple[float, float] = DEFAULT_CENTER
    zoom: int = DEFAULT_ZOOM
    basemap: str = "offline"

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


def _first(value) -> str | None:
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def _codes(raw: str | None, known, what: str, notes: list[str]) -> tuple[str, ...] | None:
    if raw is None:
        return None
    wanted = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [part for part in wanted if part not in known]
    notes += [f"unknown {what} {part!r} ignored" for part in unknown]
    return tuple(part for part in known if part in wanted)


def parse_query(params: Mapping[str, object], default_day: date | None = None) -> tuple[ViewState, list[str]]:
    """A :class:`ViewState` from query parameters, and notes on what was ignored."""
    notes: list[str] = []
    day = default_day or date(2022, 8, 15)
    if _first(params.get("date")):
        try:
            day = parse_day(_first(params.get("date")))
        except ValueError as exc:
            notes.append(f"{exc}; showing {day.isoformat()}")
    view = ViewState(day=day)
    layers = _codes(_first(params.get("layers")), THEMATIC_LAYERS, "layer", notes)
    if layers is not None:
        view = view.with_(layers=layers)
    forces = _codes(_first(params.get("forces")), list(codes.FORCES), "force", notes)
    groups = _codes(_first(params.get("groups")), list(codes.GROUPS), "group", notes)
    view = view.with_(forces=forces, groups=groups)
    center = _first(params.get("center"))
    if center:
        try:
            lat, lon = (float(x) for x in center.split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
            view = view.with_(center=(lat, lon))
        except ValueError:
            notes.append(f"center {center!r} is not 'lat,lon'; ignored")
    zoom = _first(params.get("zoom"))
    if zoom:
        try:
            view = view.with_(zoom=max(3, min(12, int(zoom))))
        except ValueError:
            notes.append(f"zoom {zoom!r} is not a whole number; ignored")
    basemap = _first(params.get("basemap"))
    if basemap:
        if basemap in BASEMAPS:
            view = view.with_(basemap=basemap)
        else:
            notes.append(f"unknown basemap {basemap!r} ignored")
    return view, notes


def to_query(view: ViewState) -> dict[str, str]:
    """Query parameters for ``view`` (defaults left out to keep links short)."""
    query = {
        "date": view.day.isoformat(),
        "layers": ",".join(view.layers),
        "center": f"{view.center[0]:.4f},{view.center[1]:.4f}",
        "zoom": str(view.zoom),
    }
    if view.forces is not None:
        query["forces"] = ",".join(view.forces)
    if view.groups is not None:
        query["groups"] = ",".join(view.groups)
    if view.basemap != "offline":
        query["basemap"] = view.basemap
    return query
