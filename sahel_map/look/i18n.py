"""English and French: every word a reader sees goes through a :class:`Translator`.

Strings are marked in the code with ``t("...")`` (or ``N_("...")`` where
they are defined, e.g. the code labels of :mod:`sahel_map.data.codes`),
extracted with Babel into ``sahel_map/locale/sahel_map.pot`` and translated in
``sahel_map/locale/fr/LC_MESSAGES/sahel_map.po``; ``make setup`` compiles the
catalogue (``pybabel compile``). Dates are written by Babel in each language's
long form ("15 August 2022", "15 août 2022"; "1er août 2022"). Feature and
place names keep their own spelling.

>>> t = translator("fr")
>>> t.date("2022-08-15"), t.date("2022-08-01")
('15 août 2022', '1er août 2022')
>>> t.code("force", "minusma")
'MINUSMA (ONU)'
>>> translator("en").date("2022-08-15")
'15 August 2022'
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from ..data import codes

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "sahel_map"
LANGUAGES = {"en": "English", "fr": "Français"}

_TABLES = {
    "force": codes.FORCES,
    "group": codes.GROUPS,
    "level": codes.ZONE_LEVELS,
    "level_name": codes.ZONE_LEVEL_NAMES,
    "kind": codes.POSITION_KINDS,
    "event": codes.EVENT_KINDS,
    "area": codes.AREA_KINDS,
    "confidence": codes.CONFIDENCE,
    "layer": codes.LAYER_TITLES,
}


class Translator:
    """Translates interface text, code labels, dates and numbers into one language."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else "en"
        self._catalogue = catalogue(self.lang)

    def __call__(self, message: str, **values) -> str:
        """The translation of ``message``; ``{name}`` fields are filled from ``values`` afterwards."""
        text = self._catalogue.gettext(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, n: int, **values) -> str:
        text = self._catalogue.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **values)

    def code(self, table: str, code) -> str:
        """The label of a code (``code("force", "minusma")``), or the code itself when unknown."""
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return ""
        label = _TABLES[table].get(str(code))
        return self(label) if label else str(code)

    def level(self, level: str) -> str:
        return self.code("level_name", level)

    def date(self, value, short: bool = False) -> str:
        """A day in words: '15 August 2022' / '15 août 2022' ('Aug 2022' / 'août 2022' with ``short``)."""
        if value is None or (not isinstance(value, date) and pd.isna(value)):
            return ""
        day = pd.Timestamp(value).date() if not isinstance(value, date) else value
        if short:
            return format_date(day, "MMM y", locale=self.lang)
        if self.lang == "fr" and day.day == 1:
            return "1er " + format_date(day, "MMMM y", locale="fr")
        return format_date(day, "d MMMM y", locale=self.lang)

    def number(self, value, digits: int = 0) -> str:
        """12,345 / 12 345 (French separates thousands with a narrow space)."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def percent(self, share: float, digits: int = 1) -> str:
        text = self.number(round(share * 100, digits), digits)
        return f"{text} %" if self.lang == "fr" else f"{text}%"


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English (the message ids) when there is none."""
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except OSError:
        # not compiled yet (`make setup` runs pybabel compile): fall back to English, never crash
        return gettext.NullTranslations()


@cache
def translator(lang: str = "en") -> Translator:
    return Translator(lang)


def N_(text: str) -> str:
    """Marks a message for extraction where it is defined; :class:`Translator` translates it where shown."""
    return text
