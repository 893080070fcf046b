"""What changed between two dates: positions opened, closed or handed over, zone areas, events between.

Both dates are read by the time rule (``start <= d < end``): a position *opened* when it is active on
``to`` and not on ``from``, *closed* the reverse; a closed position with a ``successor`` was handed over
to that force. Events *between* are those dated after ``from`` and up to ``to`` (an event on ``from`` is
already on the map of ``from``).

>>> from datetime import date
>>> from sahel_map.data import load_dataset
>>> found = changes(load_dataset(), date(2021, 6, 1), date(2022, 12, 31))
>>> "barkhane-gao" in found.closed, {"id": "barkhane-gao", "successor": "fama"} in found.handed_over
(True, True)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from .analysis import zone_area_per_group
from .timeline import active_on, parse_day

#: the forces each sentence of the summary counts together (the coverage presets)
SUMMARY_GROUPS = ("foreign", "malian", "russian")


@dataclass
class Changes:
    """The answer, in the shape ``analyse changes --json`` prints (see :meth:`as_dict`)."""

    from_: date
    to: date
    opened: list[str]
    closed: list[str]
    handed_over: list[dict]
    zones: list[dict]
    events: list[str]
    #: position id -> force and name, for tables and the summary
    positions: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = asdict(self)
        for key in ("from_", "to", "positions"):
            out.pop(key)
        return {"from": self.from_.isoformat(), "to": self.to.isoformat(), **out}

    def rows(self) -> pd.DataFrame:
        """One row per change, for a CSV: kind, id, force or group, level, name, successor, km² on each date."""
        rows = []
        for kind, ids in (("opened", self.opened), ("closed", self.closed)):
            for position_id in ids:
                info = self.positions.get(position_id, {})
                rows.append(
                    {"change": kind, "id": position_id, "force_or_group": info.get("force"), "name": info.get("name")}
                )
        for item in self.handed_over:
            info = self.positions.get(item["id"], {})
            rows.append(
                {
                    "change": "handed_over",
                    "id": item["id"],
                    "force_or_group": info.get("force"),
                    "name": info.get("name"),
                    "successor": item["successor"],
                }
            )
        for zone in self.zones:
            rows.append(
                {
                    "change": "zone",
                    "force_or_group": zone["group"],
                    "level": zone["level"],
                    "km2_from": zone["km2_from"],
                    "km2_to": zone["km2_to"],
                }
            )
        for event_id in self.events:
            rows.append({"change": "event", "id": event_id})
        columns = ["change", "id", "force_or_group", "name", "successor", "level", "km2_from", "km2_to"]
        return pd.DataFrame(rows, columns=columns)


def check_dates(first, last) -> tuple[date, date]:
    first, last = parse_day(first), parse_day(last)
    if last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    return first, last


def changes(data, first, last) -> Changes:
    """What changed from the map of ``first`` to the map of ``last``."""
    first, last = check_dates(first, last)
    frames = data.frames
    positions = frames["military_positions"]
    before, after = active_on(positions, first), active_on(positions, last)
    before_ids, after_ids = set(before["id"]), set(after["id"])
    order = {pid: i for i, pid in enumerate(positions.sort_values(["start", "id"])["id"])}
    opened = sorted(after_ids - before_ids, key=order.get)
    closed = sorted(before_ids - after_ids, key=order.get)
    successors = positions.set_index("id")["successor"] if "successor" in positions else pd.Series(dtype=object)
    handed = [
        {"id": pid, "successor": str(successors[pid])}
        for pid in closed
        if pid in successors and isinstance(successors[pid], str) and successors[pid]
    ]
    zones_from = zone_area_per_group(frames["jihadist_zones"], first)
    zones_to = zone_area_per_group(frames["jihadist_zones"], last)
    merged = zones_from.merge(zones_to, on=["group", "level"], how="outer", suffixes=("_from", "_to"))
    zone_rows = [
        {
            "group": str(row.group),
            "level": str(row.level),
            "km2_from": int(row.area_km2_from) if pd.notna(row.area_km2_from) else 0,
            "km2_to": int(row.area_km2_to) if pd.notna(row.area_km2_to) else 0,
        }
        for row in merged.sort_values(["group", "level"]).itertuples()
    ]
    events = frames["events"]
    between = events[(events["start"] > pd.Timestamp(first)) & (events["start"] <= pd.Timestamp(last))]
    between = between.sort_values(["start", "id"])
    info = {
        str(row.id): {"force": str(row.force), "name": str(row.name)}
        for row in positions[positions["id"].isin(before_ids | after_ids)].itertuples()
    }
    return Changes(first, last, opened, closed, handed, zone_rows, [str(i) for i in between["id"]], info)


def _preset_of(force: str) -> str | None:
    from .coverage import PRESETS

    return next((name for name, forces in PRESETS.items() if force in forces), None)


def summary(found: Changes, t, brief: bool = False) -> str:
    """A short paragraph in plain words, in ``t``'s language (``t``: a :class:`~sahel_map.look.i18n.Translator`);
    ``brief``: its first sentence only, the positions (short enough for a map's caption)."""
    counts = {(kind, preset): 0 for kind in ("closed", "opened") for preset in SUMMARY_GROUPS}
    for kind, ids in (("opened", found.opened), ("closed", found.closed)):
        for pid in ids:
            preset = _preset_of(found.positions.get(pid, {}).get("force", ""))
            if preset in SUMMARY_GROUPS:
                counts[(kind, preset)] += 1
    phrases = {
        ("closed", "foreign"): lambda n: t.plural("{n} foreign position closed", "{n} foreign positions closed", n),
        ("opened", "foreign"): lambda n: t.plural("{n} foreign position opened", "{n} foreign positions opened", n),
        ("closed", "malian"): lambda n: t.plural("{n} Malian position closed", "{n} Malian positions closed", n),
        ("opened", "malian"): lambda n: t.plural("{n} Malian position opened", "{n} Malian positions opened", n),
        ("closed", "russian"): lambda n: t.plural("{n} Russian position closed", "{n} Russian positions closed", n),
        ("opened", "russian"): lambda n: t.plural("{n} Russian position opened", "{n} Russian positions opened", n),
    }
    parts = [phrases[key](n) for key, n in counts.items() if n]
    if found.handed_over:
        n = len(found.handed_over)
        parts.append(t.plural("{n} was handed over to another force", "{n} were handed over to other forces", n))
    first, last = t.date(found.from_), t.date(found.to)
    if parts:
        sentence = t("Between {first} and {last}, {changes}.", first=first, last=last, changes=_join(parts, t))
    else:
        sentence = t("Between {first} and {last}, no position opened or closed.", first=first, last=last)
    if brief:
        return sentence
    grown = sum(z["km2_to"] - z["km2_from"] for z in found.zones)
    if grown:
        km2 = t.number(abs(grown))
        if grown > 0:
            sentence += " " + t("The jihadist zones grew by {km2} km² in all.", km2=km2)
        else:
            sentence += " " + t("The jihadist zones shrank by {km2} km² in all.", km2=km2)
    n = len(found.events)
    sentence += " " + t.plural("{n} event is recorded in between.", "{n} events are recorded in between.", n)
    return sentence


def _join(parts: list[str], t) -> str:
    if len(parts) == 1:
        return parts[0]
    return t("{items} and {last}", items=", ".join(parts[:-1]), last=parts[-1])
