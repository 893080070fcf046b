"""The guided briefing on the Barkhane drawdown: one step per key event.

Each step names an event of ``events.geojson`` (whose title, own-words
description and sources it shows), the map view for it and the layers to show,
so the narrative cannot drift from the sourced data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd

from .mapping import Selection

FRANCE = ("serval", "barkhane", "france", "takuba")
AFTER = ("minusma", "fama", "wagner", "africa_corps", "cma")


@dataclass(frozen=True)
class Step:
    heading: str
    event_id: str
    center: tuple[float, float]
    zoom: int
    layers: tuple[str, ...] = ("jihadist_zones", "events", "military_positions")
    forces: tuple[str, ...] | None = None


STEPS: tuple[Step, ...] = (
    Step("The north falls", "timbuktu-falls-2012", (18.0, -1.0), 5, ("jihadist_zones", "events")),
    Step("Serval", "serval-launch-2013", (15.5, -2.5), 6, forces=FRANCE),
    Step("Barkhane goes regional", "barkhane-launch-2014", (15.0, 5.0), 4, forces=FRANCE + ("minusma",)),
    Step("JNIM is founded", "jnim-founded-2017", (16.0, -1.0), 5),
    Step("First coup", "coup-2020", (15.0, -3.0), 5),
    Step("The June 2021 reorganisation", "barkhane-end-announced-2021", (17.0, -0.5), 5, forces=FRANCE),
    Step("Kidal", "kidal-handover-2021", (18.4, 1.4), 7, forces=FRANCE + AFTER),
    Step("Tessalit", "tessalit-handover-2021", (20.2, 1.0), 7, forces=FRANCE + AFTER),
    Step("Timbuktu", "timbuktu-handover-2021", (16.8, -3.0), 7, forces=FRANCE + AFTER),
    Step("Wagner arrives", "wagner-arrival-2021", (13.5, -6.0), 6, forces=FRANCE + AFTER),
    Step("17 February 2022", "withdrawal-announced-2022", (16.0, -1.0), 5, forces=FRANCE + AFTER),
    Step("Gossi", "gossi-handover-2022", (15.8, -1.3), 7, forces=FRANCE + AFTER),
    Step("Ménaka", "menaka-handover-2022", (15.9, 2.4), 7, forces=FRANCE + AFTER),
    Step("Gao, 15 August 2022", "gao-departure-2022", (16.3, 0.0), 6, forces=FRANCE + AFTER),
    Step("MINUSMA told to leave", "minusma-terminated-2023", (17.0, -1.0), 5, forces=AFTER),
    Step("Kidal, November 2023", "kidal-taken-2023", (18.4, 1.4), 6, forces=AFTER),
    Step("MINUSMA ends", "minusma-end-2023", (16.5, -2.0), 5, forces=AFTER),
    Step("Tinzaouaten", "tinzaouaten-2024", (19.9, 2.8), 6, forces=AFTER),
    Step("From Wagner to Africa Corps", "wagner-exit-2025", (16.0, -2.0), 5, forces=AFTER),
)


def step_event(events: gpd.GeoDataFrame, step: Step) -> dict:
    """The event row a step is about (raises KeyError if the data lost it)."""
    match = events[events["id"] == step.event_id]
    if not len(match):
        raise KeyError(f"briefing step {step.heading!r}: event {step.event_id!r} is not in events.geojson")
    return match.iloc[0].to_dict()


def step_day(events: gpd.GeoDataFrame, step: Step) -> date:
    return step_event(events, step)["start"].date()


def step_selection(step: Step) -> Selection:
    return Selection(layers=step.layers, forces=step.forces, event_window_days=120)
