"""A briefing step as a map: its View (day, layers, forces, centre and zoom or bounds).

The steps themselves live in data files (:mod:`sahel_map.data.briefings`), so
the narrative is edited like a layer and cannot drift from the sourced data.

>>> from sahel_map.data import load_dataset
>>> data = load_dataset()
>>> step = data.briefings["drawdown"].steps[13]
>>> step_view(step).day.isoformat(), step_view(step).forces[:2]
('2022-08-15', ('serval', 'barkhane'))
"""

from __future__ import annotations

from ..data.briefings import Briefing, Step
from .view import Extent, View

#: events of the last 120 days around a step: what led to it
STEP_EVENT_WINDOW = 120
#: the part of a centre-and-zoom step's map that every screen and slide keeps in view (pixels at its zoom)
CORE_PX = (880, 460)


def step_view(step: Step, lang: str = "en") -> View:
    """The map of a step."""
    view = View(
        day=step.day,
        layers=step.layers,
        forces=step.forces,
        event_window_days=STEP_EVENT_WINDOW,
        lang=lang,
    )
    if step.bounds is not None:
        extent = Extent(*step.bounds)
        return view.with_(extent=extent, center=extent.center, zoom=fitting_zoom(extent))
    return view.with_(center=tuple(step.center), zoom=step.zoom)


def step_extent(step: Step, width_px: int = 1100, height_px: int = 620) -> Extent:
    """What the step's map shows: its bounds, or what its centre and zoom show on a map of that size."""
    if step.bounds is not None:
        return Extent(*step.bounds)
    return Extent.around(tuple(step.center), step.zoom, width_px, height_px)


def fitting_zoom(extent: Extent, width_px: int = 1100, height_px: int = 620) -> float:
    """The largest quarter zoom at which ``extent`` fits a map of that size."""
    zoom = 12.0
    while zoom > 3:
        shown = Extent.around(extent.center, zoom, width_px, height_px)
        if (
            shown.west <= extent.west
            and shown.east >= extent.east
            and shown.south <= extent.south
            and shown.north >= extent.north
        ):
            return zoom
        zoom -= 0.25
    return 3.0


def all_sources(briefing: Briefing) -> list[str]:
    """Every source cited by a briefing, in order of first use (for a closing slide)."""
    return list(dict.fromkeys(source for step in briefing.steps for source in step.sources))
