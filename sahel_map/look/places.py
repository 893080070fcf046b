"""Country names for ISO 3166 alpha-3 codes, in English or French (pycountry's ISO catalogues).

>>> country_name("MLI"), country_name("CIV", "fr"), country_name("XYZ")
('Mali', "Côte d'Ivoire", 'XYZ')
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


@cache
def _iso_catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


@cache
def country_name(alpha3: str, lang: str = "en") -> str:
    """The common name of a country (the code itself when unknown)."""
    country = pycountry.countries.get(alpha_3=str(alpha3).upper()) if alpha3 else None
    if country is None:
        return str(alpha3)
    name = getattr(country, "common_name", None) or country.name
    return _iso_catalogue(lang).gettext(name)
