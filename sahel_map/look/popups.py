"""Popup and tooltip HTML built from feature properties: all the escaping in one place.

Every value that comes from data is HTML-escaped here, and only http(s) URLs
become links, so a hostile layer file or upload cannot run script in the
browser. Labels are translated (:mod:`sahel_map.look.i18n`); feature text
is shown in the reader's language where the data has it (``description_fr``).

>>> row = {"name": "<b>Camp</b>", "force": "barkhane", "start": "2014-08-01", "end": None, "sources": []}
>>> "&lt;b&gt;Camp&lt;/b&gt;" in position_popup(row, {})
True
>>> dates_text(row)
'1 August 2014 to the data cut-off (still held then)'
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import pandas as pd

from ..data.sources import Source
from .i18n import translator


def _text(value) -> str:
    """A property as display text: '' for missing values (None, NaN, NaT), lists joined.

    >>> _text(pd.NaT), _text(["FRA", "EST"]), _text(None)
    ('', 'FRA, EST', '')
    """
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if value is None or (not isinstance(value, (dict, set)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def safe_link(url: str, label: str) -> str:
    """``<a>`` for http(s) URLs only; anything else is shown as plain escaped text."""
    if str(url).lower().startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>'
    return escape(label)


def sources_html(source_ids, register: Mapping[str, Source], lang: str = "en") -> str:
    t = translator(lang)
    items = []
    for source_id in source_ids if isinstance(source_ids, (list, tuple)) else []:
        source = register.get(source_id)
        if source is None:
            missing = escape(t("not in the register"))
            items.append(f"<li>{escape(str(source_id))} ({missing})</li>")
            continue
        label = f"{source.publisher}: {source.title}" + (f" ({source.date})" if source.date else "")
        items.append(f"<li>{safe_link(source.url, label)}</li>")
    return f'<ul style="margin:2px 0 0 16px;padding:0">{"".join(items)}</ul>'


def dates_text(row: Mapping, lang: str = "en", still: str = "held") -> str:
    """'1 August 2014 to 15 August 2022', or for an open end '... to the data cut-off (still held then)'."""
    t = translator(lang)
    start, end = row.get("start"), row.get("end")
    if not _text(start):
        return ""
    if _text(end):
        return t("{start} to {end}", start=t.date(start), end=t.date(end))
    if still == "held":
        return t("{start} to the data cut-off (still held then)", start=t.date(start))
    return t("{start} to the data cut-off (still current then)", start=t.date(start))


def description(row: Mapping, lang: str) -> str:
    """The feature's description in the reader's language where the data has one."""
    return (
        _text(row.get("description_fr"))
        if lang == "fr" and _text(row.get("description_fr"))
        else _text(row.get("description"))
    )


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f'<tr><th style="text-align:left;vertical-align:top;padding-right:6px">{escape(k)}</th><td>{v}</td></tr>'
        for k, v in rows
        if v
    )
    return f'<table style="font-size:12px">{cells}</table>'


def _countries(value, lang: str) -> str:
    from .places import country_name

    codes_ = value if isinstance(value, (list, tuple)) else []
    return ", ".join(country_name(c, lang) for c in codes_)


def position_popup(row: Mapping, register: Mapping[str, Source], lang: str = "en") -> str:
    t = translator(lang)
    successor = _text(row.get("successor"))
    rows = [
        (t("Force"), escape(t.code("force", row.get("force")))),
        (t("Kind"), escape(t.code("kind", row.get("kind")))),
        (t("Place"), escape(_text(row.get("place")))),
        (t("Nations"), escape(_countries(row.get("nations"), lang))),
        (t("Held"), escape(dates_text(row, lang))),
        (t("Handed to"), escape(t.code("force", successor)) if successor else ""),
        (t("Confidence"), escape(t.code("confidence", row.get("confidence")))),
        (t("Notes"), escape(_text(row.get("notes")))),
    ]
    return _popup(_text(row.get("name")), description(row, lang), rows, row, register, lang)


def zone_popup(row: Mapping, register: Mapping[str, Source], lang: str = "en") -> str:
    t = translator(lang)
    shape = t("Approximate: drawn from places named in the sources") if row.get("approximate") else t("As published")
    rows = [
        (t("Level"), escape(t.code("level", row.get("level")))),
        (t("Dates"), escape(dates_text(row, lang, still="current"))),
        (t("Shape"), escape(shape)),
        (t("Confidence"), escape(t.code("confidence", row.get("confidence")))),
        (t("Notes"), escape(_text(row.get("notes")))),
    ]
    return _popup(t.code("group", row.get("group")), description(row, lang), rows, row, register, lang)


def event_popup(row: Mapping, register: Mapping[str, Source], lang: str = "en") -> str:
    t = translator(lang)
    dead = row.get("fatalities")
    rows = [
        (t("Date"), escape(t.date(row.get("start") if row.get("start") is not None else row.get("date")))),
        (t("Kind"), escape(t.code("event", row.get("kind")))),
        (t("Place"), escape(_text(row.get("place")))),
        (t("Actors"), escape(_text(row.get("actors")))),
        (t("Dead (best estimate)"), escape(t.number(int(dead))) if _text(dead) else ""),
        (t("Confidence"), escape(t.code("confidence", row.get("confidence")))),
        (t("Notes"), escape(_text(row.get("notes")))),
    ]
    return _popup(_text(row.get("title")), description(row, lang), rows, row, register, lang)


def area_popup(row: Mapping, register: Mapping[str, Source], lang: str = "en") -> str:
    t = translator(lang)
    rows = [
        (t("Definition"), escape(_text(row.get("definition")))),
        (t("Shape"), escape(t("Approximate") if row.get("approximate") else t("As defined"))),
        (t("Confidence"), escape(t.code("confidence", row.get("confidence")))),
        (t("Notes"), escape(_text(row.get("notes")))),
    ]
    return _popup(_text(row.get("name")), description(row, lang), rows, row, register, lang)


def record_popup(title: str, values: Mapping[str, object], limit: int = 40) -> str:
    """A popup listing a record's attributes (uploaded layers): names and values escaped."""
    rows = [(str(k), escape(_text(v))) for k, v in list(values.items())[:limit]]
    return f'<div class="sahel-popup" style="max-width:340px"><b>{escape(title)}</b>{_table(rows)}</div>'


def _popup(title: str, description_: str, rows, row: Mapping, register, lang: str) -> str:
    t = translator(lang)
    desc = f'<p style="margin:4px 0">{escape(description_)}</p>' if description_ else ""
    sources = escape(t("Sources"))
    return (
        f'<div class="sahel-popup" style="max-width:340px"><b>{escape(title)}</b>{desc}{_table(rows)}'
        f'<div style="font-size:12px;margin-top:4px"><b>{sources}</b>'
        f"{sources_html(row.get('sources'), register, lang)}</div></div>"
    )


def tooltip_text(row: Mapping, lang: str = "en") -> str:
    """Plain text for the hover tooltip (the caller escapes it)."""
    t = translator(lang)
    title = _text(row.get("name")) or _text(row.get("title")) or t.code("group", row.get("group"))
    dates = t.date(row.get("start")) if row.get("layer") == "events" else dates_text(row, lang)
    return f"{title} · {dates}" if dates else title


#: longest value shown in an uploaded layer's popup (ACLED notes run to paragraphs)
CELL_LIMIT = 300


def escaped_column(series: pd.Series, limit: int = CELL_LIMIT) -> list[str]:
    """A whole column as escaped display text (uploaded layers: one call per column, not per cell).

    >>> escaped_column(pd.Series(["<img src=x onerror=alert(1)>", None, 3]))
    ['&lt;img src=x onerror=alert(1)&gt;', '', '3']
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        text = series.dt.strftime("%Y-%m-%d")
    else:
        text = series.astype("object").map(_text)
    text = text.fillna("").astype(str)
    long = text.str.len() > limit
    if long.any():
        text = text.where(~long, text.str.slice(0, limit) + "…")
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(char, entity, regex=False)
    return text.tolist()


def record_popup_parts(title: str, columns) -> tuple[str, list[str]]:
    """An uploaded layer's popup title and column names, escaped: the browser joins them with the
    row's escaped values (:func:`escaped_column`) into the same table :func:`record_popup` writes."""
    return escape(str(title)), [escape(str(c)) for c in columns]
