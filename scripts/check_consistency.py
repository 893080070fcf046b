"""Cross-layer consistency report for the research data (not part of the app or the validator).

    .venv/bin/python scripts/check_consistency.py     # writes docs/research/consistency.txt

Adapted from the zones helper's check_zones.py (second research pass) to run on the merged
geodata/ layers:

(a) every event whose actors name a group lies inside, or within 25 km of, a zone of that group
    active on its date (start <= d < end, end null = open); events whose notes say they lie
    "outside its zones" are explained exceptions;
(b) no 'control' zone covers a military position (force other than cma) active on a day the zone
    is active;
(c) a position's `successor`, when it names a force code, has a position of that force within
    5 km active on the position's end date; notes saying "successor elsewhere" explain exceptions;
(d) no position starts before its operation began (OPERATION_START below, with the source of each
    date); notes explain the exceptions.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import geopandas as gpd
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geodata"
OUT = ROOT / "docs" / "research" / "consistency.txt"
sys.path.insert(0, str(ROOT))
from sahel_map import codes  # noqa: E402

CRS = "ESRI:102022"  # Africa Albers equal-area: distances in metres
EVENT_TOL_M = 25_000
SUCCESSOR_TOL_M = 5_000
GROUPS = set(codes.GROUPS)
#: actor strings that name a group code in another spelling (the one found, in boulkessi-mondoro-2019,
#: was corrected in the data in the second pass; kept so a reintroduced spelling is still checked)
ALIASES = {"Ansarul Islam": "ansarul_islam"}
#: day each operation began, and where the date comes from (register ids)
OPERATION_START = {
    "serval": ("2013-01-11", "serval-launch-2013 event; France launched Serval on 11 Jan 2013"),
    "barkhane": ("2014-08-01", "barkhane-launch-2014 event"),
    "takuba": ("2020-07-15", "initial operational capability at Gao (takuba-gao notes; raids-2020-takuba-ioc)"),
    "minusma": ("2013-07-01", "minusma-start-2013 event (took over from AFISMA)"),
    "eutm": ("2013-02-18", "EU Council launch decision (consilium-2013-02-18-eutm)"),
    "g5_sahel": ("2017-07-02", "g5-joint-force-launched-2017 event (Bamako summit)"),
    "wagner": ("2021-12-01", "first Wagner camp, Bamako, December 2021 (month; wagner-bamako-airport, CSIS)"),
    "africa_corps": ("2025-06-06", "Wagner-to-Africa Corps changeover in Mali (wagner-exit-2025 event)"),
}


def d(s):
    return date.fromisoformat(s) if isinstance(s, str) and s else None


def active(start, end, day):
    return d(start) <= day and (d(end) is None or day < d(end))


def overlaps(a0, a1, b0, b1):
    far = date(9999, 1, 1)
    return d(a0) < (d(b1) or far) and d(b0) < (d(a1) or far)


def load(name):
    feats = json.loads((GEO / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
    rows = [{**f["properties"], "geometry": shape(f["geometry"])} for f in feats]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").to_crs(CRS)


zones = load("jihadist_zones")
events = load("events")
positions = load("military_positions")
lines: list[str] = []
out = lines.append


def explained(notes, phrase):
    return isinstance(notes, str) and phrase in notes


# ---------------------------------------------------------------- (a) events vs zones
out("(a) Events whose actors name a group vs that group's active zones (tolerance 25 km)")
spellings = sorted({a for acts in events.actors for a in acts if a in GROUPS or a in ALIASES})
others = sorted(
    {
        a
        for acts in events.actors
        for a in acts
        if a not in GROUPS and a not in ALIASES and re.search(r"jihad|islam|katiba|signed|ansi|issp|state", a, re.I)
    }
)
out(f"  actor spellings read as groups: {', '.join(spellings)}; aliases: {ALIASES}")
out(f"  other jihadist-side spellings, not tied to a zone group: {', '.join(others)}")
checked = ok = 0
left = []
for ev in events.itertuples():
    if getattr(ev, "outside_frame", None) is True:
        continue
    day = d(ev.date)
    for grp in sorted({ALIASES.get(a, a) for a in ev.actors} & GROUPS):
        checked += 1
        cands = zones[zones.group == grp]
        act = cands[[active(r.start, r.end, day) for r in cands.itertuples()]]
        if len(act):
            dist = act.geometry.distance(ev.geometry)
            km, zid = dist.min() / 1000, act.loc[dist.idxmin(), "id"]
        else:
            km, zid = float("inf"), None
        if km <= EVENT_TOL_M / 1000:
            ok += 1
            continue
        why = "explained in notes" if explained(ev.notes, "outside its zones") else "UNEXPLAINED"
        where = f"{km:.0f} km from {zid}" if zid else "no active zone of the group"
        out(f"  FAIL {ev.date} {ev.id} [{grp}] {where} -- {why}")
        if why == "UNEXPLAINED":
            left.append(ev.id)
out(f"  -> {checked} (event, group) pairs, {ok} within 25 km, {checked - ok} outside ({len(left)} unexplained)")

# ---------------------------------------------------------------- (b) control zones vs positions
out("")
out("(b) 'control' zones vs military positions (forces other than cma) active the same day")
problems = 0
for z in zones[zones.level == "control"].itertuples():
    for pos in positions[positions.force != "cma"].itertuples():
        if not overlaps(z.start, z.end, pos.start, pos.end):
            continue
        dist = z.geometry.distance(pos.geometry)
        if dist == 0:
            problems += 1
            out(f"  FAIL {z.id} ({z.start}..{z.end}) covers {pos.id} ({pos.force}, {pos.start}..{pos.end})")
        elif dist < 30_000:
            out(f"  note {z.id}: {pos.id} ({pos.force}) is {dist / 1000:.1f} km outside the zone")
out(f"  -> {problems} control zone / position conflicts")

# ---------------------------------------------------------------- (c) successors
out("")
out("(c) A position's successor (a force code) holds a position within 5 km on the end date")
n = fails = unexplained = 0
free = []
for pos in positions.itertuples():
    if not isinstance(pos.successor, str) or not isinstance(pos.end, str):
        continue
    m = re.match(r"([a-z0-9_]+)", pos.successor)
    force = m.group(1) if m and m.group(1) in codes.FORCES else None
    if force is None:
        free.append(f"{pos.id}: '{pos.successor}'")
        continue
    n += 1
    day = d(pos.end)
    cands = positions[(positions.force == force) & (positions.id != pos.id)]
    act = cands[[active(r.start, r.end, day) for r in cands.itertuples()]]
    dist = act.geometry.distance(pos.geometry) if len(act) else None
    if dist is not None and dist.min() <= SUCCESSOR_TOL_M:
        continue
    fails += 1
    near = (
        f"nearest {act.loc[dist.idxmin(), 'id']} at {dist.min() / 1000:.0f} km"
        if dist is not None
        else f"no {force} position active that day"
    )
    why = "explained in notes" if explained(pos.notes, "successor elsewhere") else "UNEXPLAINED"
    unexplained += why == "UNEXPLAINED"
    out(f"  FAIL {pos.id} ends {pos.end}, successor {force}: {near} -- {why}")
out(f"  -> {n} successors naming a force checked, {fails} without a position within 5 km ({unexplained} unexplained)")
out(f"  successors given as free text, not checked: {'; '.join(free) if free else 'none'}")

# ---------------------------------------------------------------- (d) operation starts
out("")
out("(d) No position starts before its operation began")
for force, (start, why) in OPERATION_START.items():
    out(f"  {force}: {start} ({why})")
#: positions that may start before the operation date above, and why (their notes say so too)
EARLY_REASONS = {
    "africa-corps-ouagadougou": "Africa Corps reached Burkina Faso in January 2024; the 2025-06-06 date is its takeover from Wagner in Mali",
    "africa-corps-niamey": "Africa Corps reached Niger in April 2024; the 2025-06-06 date is its takeover from Wagner in Mali",
}
early = unexplained_early = 0
for pos in positions.itertuples():
    if pos.force in OPERATION_START and pos.start < OPERATION_START[pos.force][0]:
        early += 1
        why = EARLY_REASONS.get(pos.id)
        unexplained_early += why is None
        out(
            f"  FAIL {pos.id} ({pos.force}, {pos.country}) starts {pos.start}, before {OPERATION_START[pos.force][0]}"
            f" -- {why or 'UNEXPLAINED'}"
        )
out(f"  -> {early} positions start before their operation ({unexplained_early} unexplained)")

OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
print("\n".join(lines))
