"""Controlled vocabularies of the data contract, with their display labels.

Every code a layer file may use is listed here once; the JSON Schemas in
:mod:`sahel_map.schema`, the styling in :mod:`sahel_map.styling` and the data
dictionary (``geodata/README.md``) all read from these tables, so adding a
force means adding one line here and one style.
"""

from __future__ import annotations


def N_(text: str) -> str:
    """Marks a label for translation (``pybabel extract -k N_``); translated where shown, by
    :mod:`sahel_map.look.i18n`."""
    return text


FORCES: dict[str, str] = {
    "serval": N_("Serval (France, 2013-2014)"),
    "barkhane": N_("Barkhane (France, 2014-2022)"),
    "france": N_("Other French forces (Épervier, Sabre, after Barkhane)"),
    "takuba": N_("Takuba (European special forces)"),
    "minusma": N_("MINUSMA (UN)"),
    "eutm": N_("EUTM Mali (EU training)"),
    "g5_sahel": N_("G5 Sahel Joint Force"),
    "us": N_("US forces"),
    "fama": N_("Malian armed forces (FAMa)"),
    "wagner": N_("Wagner Group (Russia)"),
    "africa_corps": N_("Africa Corps (Russia)"),
    "cma": N_("CMA / FLA (armed groups of the north)"),
}

GROUPS: dict[str, str] = {
    "jnim": N_("JNIM (al-Qaeda, from 2017)"),
    "isgs": N_("Islamic State Sahel (ISGS, later ISSP)"),
    "aqim": N_("AQIM (al-Qaeda in the Islamic Maghreb)"),
    "ansar_dine": N_("Ansar Dine"),
    "mujao": N_("MUJAO"),
    "katiba_macina": N_("Katiba Macina"),
    "ansarul_islam": N_("Ansarul Islam"),
    "al_mourabitoun": N_("Al-Mourabitoun"),
}

ZONE_LEVELS: dict[str, str] = {
    "control": N_("Control: holds towns or territory openly"),
    "influence": N_("Influence: regular presence, taxation, courts"),
    "attacks": N_("Attacks: repeated attacks without a territorial hold"),
}

#: the short name of each level, for legends and tooltips
ZONE_LEVEL_NAMES: dict[str, str] = {
    "control": N_("Control"),
    "influence": N_("Influence"),
    "attacks": N_("Attacks"),
}

POSITION_KINDS: dict[str, str] = {
    "headquarters": N_("Headquarters"),
    "main_base": N_("Main base"),
    "forward_base": N_("Forward base"),
    "temporary_base": N_("Temporary base"),
    "camp": N_("Camp"),
    "air_base": N_("Air base"),
    "drone_base": N_("Drone base"),
    "training_centre": N_("Training centre"),
    "garrison": N_("Garrison"),
}

EVENT_KINDS: dict[str, str] = {
    "coup": N_("Coup"),
    "announcement": N_("Announcement"),
    "handover": N_("Base handover"),
    "withdrawal": N_("Withdrawal"),
    "arrival": N_("Arrival"),
    "attack": N_("Attack"),
    "massacre": N_("Massacre"),
    "battle": N_("Battle"),
    "political": N_("Political"),
    "agreement": N_("Agreement"),
    "sanction": N_("Sanctions"),
    "media": N_("Media"),
}

AREA_KINDS: dict[str, str] = {
    "tri_border": N_("Tri-border area (Liptako-Gourma)"),
    "lga": N_("Liptako-Gourma Authority area"),
}

CONFIDENCE: dict[str, str] = {
    "high": N_("High: two good sources agree on place and dates"),
    "medium": N_("Medium: one good source, or approximate dates or shape"),
    "low": N_("Low: indicative only; see the notes"),
}

#: thematic layer ids (geodata file stems) and their titles
LAYER_TITLES: dict[str, str] = {
    "military_positions": N_("Military positions"),
    "jihadist_zones": N_("Jihadist zones"),
    "tri_border": N_("Tri-border area"),
    "events": N_("Events"),
}

#: the day each operation or force began (no position of it starts earlier, unless its notes say why:
#: "before the operation date"); sources: the events serval-launch-2013, barkhane-launch-2014,
#: minusma-start-2013, g5-joint-force-launched-2017 and wagner-exit-2025, Takuba's initial operational
#: capability at Gao (raids-2020-takuba-ioc), the EU Council decision launching EUTM Mali
#: (consilium-2013-02-18-eutm), and the first Wagner camp near Bamako airport (December 2021, month only)
OPERATION_STARTS: dict[str, str] = {
    "serval": "2013-01-11",
    "barkhane": "2014-08-01",
    "takuba": "2020-07-15",
    "minusma": "2013-07-01",
    "eutm": "2013-02-18",
    "g5_sahel": "2017-07-02",
    "wagner": "2021-12-01",
    "africa_corps": "2025-06-06",
}
