"""Controlled vocabularies of the data contract, with their display labels.

Every code a layer file may use is listed here once; the JSON Schemas in
:mod:`sahel_map.schema`, the styling in :mod:`sahel_map.styling` and the data
dictionary (``geodata/README.md``) all read from these tables, so adding a
force means adding one line here and one style.
"""

from __future__ import annotations

FORCES: dict[str, str] = {
    "serval": "Serval (France, 2013-2014)",
    "barkhane": "Barkhane (France, 2014-2022)",
    "france": "Other French forces (Épervier, Sabre, after Barkhane)",
    "takuba": "Takuba (European special forces)",
    "minusma": "MINUSMA (UN)",
    "eutm": "EUTM Mali (EU training)",
    "g5_sahel": "G5 Sahel Joint Force",
    "us": "US forces",
    "fama": "Malian armed forces (FAMa)",
    "wagner": "Wagner Group (Russia)",
    "africa_corps": "Africa Corps (Russia)",
    "cma": "CMA / FLA (armed groups of the north)",
}

GROUPS: dict[str, str] = {
    "jnim": "JNIM (al-Qaeda, from 2017)",
    "isgs": "Islamic State Sahel (ISGS, later ISSP)",
    "aqim": "AQIM (al-Qaeda in the Islamic Maghreb)",
    "ansar_dine": "Ansar Dine",
    "mujao": "MUJAO",
    "katiba_macina": "Katiba Macina",
    "ansarul_islam": "Ansarul Islam",
    "al_mourabitoun": "Al-Mourabitoun",
}

ZONE_LEVELS: dict[str, str] = {
    "control": "Control: holds towns or territory openly",
    "influence": "Influence: regular presence, taxation, courts",
    "attacks": "Attacks: repeated attacks without a territorial hold",
}

POSITION_KINDS: dict[str, str] = {
    "headquarters": "Headquarters",
    "main_base": "Main base",
    "forward_base": "Forward base",
    "temporary_base": "Temporary base",
    "camp": "Camp",
    "air_base": "Air base",
    "drone_base": "Drone base",
    "training_centre": "Training centre",
    "garrison": "Garrison",
}

EVENT_KINDS: dict[str, str] = {
    "coup": "Coup",
    "announcement": "Announcement",
    "handover": "Base handover",
    "withdrawal": "Withdrawal",
    "arrival": "Arrival",
    "attack": "Attack",
    "massacre": "Massacre",
    "battle": "Battle",
    "political": "Political",
    "agreement": "Agreement",
    "sanction": "Sanctions",
    "media": "Media",
}

AREA_KINDS: dict[str, str] = {
    "tri_border": "Tri-border area (Liptako-Gourma)",
    "lga": "Liptako-Gourma Authority area",
}

CONFIDENCE: dict[str, str] = {
    "high": "High: two good sources agree on place and dates",
    "medium": "Medium: one good source, or approximate dates or shape",
    "low": "Low: indicative only; see the notes",
}

#: thematic layer ids (geodata file stems) and their titles
LAYER_TITLES: dict[str, str] = {
    "military_positions": "Military positions",
    "jihadist_zones": "Jihadist zones",
    "tri_border": "Tri-border area",
    "events": "Events",
}
