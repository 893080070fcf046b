"""Popup and tooltip HTML built from feature properties.

Every value that comes from data is HTML-escaped here, and only http(s) URLs
become links, so a hostile layer file or upload cannot run script in the
browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import pandas as pd

from . import codes
from .sources import Source


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def safe_link(url: str, label: str) -> str:
    """``<a>`` for http(s) URLs only; anything else is shown as plain escaped text."""
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>'
    return escape(label)


def sources_html(source_ids, register: Mapping[str, Source]) -> str:
    items = []
    for source_id in source_ids or []:
        source = register.get(source_id)
        if source is None:
            items.append(f"<li>{escape(str(source_id))} (not in the register)</li>")
            continue
        label = f"{source.publisher}: {source.title}" + (f" ({source.date})" if source.date else "")
        items.append(f"<li>{safe_link(source.url, label)}</li>")
    return f'<ul style="margin:2px 0 0 16px;padding:0">{"".join(items)}</ul>'


def dates_text(row: Mapping) -> str:
    start, end = _text(row.get("start")), _text(row.get("end"))
    if not start:
        return ""
    return f"{start} to {end}" if end else f"from {start} (still held on the data cut-off date)"


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f'<tr><th style="text-align:left;vertical-align:top;padding-right:6px">{escape(k)}</th><td>{v}</td></tr>'
        for k, v in rows
        if v
    )
    return f'<table style="font-size:12px">{cells}</table>'


def position_popup(row: Mapping, register: Mapping[str, Source]) -> str:
    force = _text(row.get("force"))
    rows = [
        ("Force", escape(codes.FORCES.get(force, force))),
        ("Kind", escape(codes.POSITION_KINDS.get(_text(row.get("kind")), _text(row.get("kind"))))),
        ("Place", escape(_text(row.get("place")))),
        ("Nations", escape(_text(row.get("nations")))),
        ("Held", escape(dates_text(row))),
        ("Handed to", escape(codes.FORCES.get(_text(row.get("successor")), _text(row.get("successor"))))),
        ("Confidence", escape(_text(row.get("confidence")))),
        ("Notes", escape(_text(row.get("notes")))),
    ]
    return _popup(_text(row.get("name")), _text(row.get("description")), rows, row, register)


def zone_popup(row: Mapping, register: Mapping[str, Source]) -> str:
    group = _text(row.get("group"))
    level = _text(row.get("level"))
    shape = "Approximate: drawn from places named in the sources" if row.get("approximate") else "As published"
    rows = [
        ("Level", escape(codes.ZONE_LEVELS.get(level, level))),
        ("Dates", escape(dates_text(row).replace("still held", "still current"))),
        ("Shape", escape(shape)),
        ("Confidence", escape(_text(row.get("confidence")))),
        ("Notes", escape(_text(row.get("notes")))),
    ]
    title = codes.GROUPS.get(group, group)
    return _popup(title, _text(row.get("description")), rows, row, register)


def event_popup(row: Mapping, register: Mapping[str, Source]) -> str:
    kind = _text(row.get("kind"))
    rows = [
        ("Date", escape(_text(row.get("date")))),
        ("Kind", escape(codes.EVENT_KINDS.get(kind, kind))),
        ("Place", escape(_text(row.get("place")))),
        ("Actors", escape(_text(row.get("actors")))),
        ("Confidence", escape(_text(row.get("confidence")))),
        ("Notes", escape(_text(row.get("notes")))),
    ]
    return _popup(_text(row.get("title")), _text(row.get("description")), rows, row, register)


def area_popup(row: Mapping, register: Mapping[str, Source]) -> str:
    rows = [
        ("Definition", escape(_text(row.get("definition")))),
        ("Shape", "Approximate" if row.get("approximate") else "As defined"),
        ("Confidence", escape(_text(row.get("confidence")))),
        ("Notes", escape(_text(row.get("notes")))),
    ]
    return _popup(_text(row.get("name")), _text(row.get("description")), rows, row, register)


def _popup(title: str, description: str, rows, row: Mapping, register) -> str:
    desc = f'<p style="margin:4px 0">{escape(description)}</p>' if description else ""
    return (
        f'<div class="sahel-popup" style="max-width:340px"><b>{escape(title)}</b>{desc}{_table(rows)}'
        f'<div style="font-size:12px;margin-top:4px"><b>Sources</b>{sources_html(row.get("sources"), register)}</div></div>'
    )


def tooltip_text(row: Mapping) -> str:
    """Plain text for the hover tooltip (escaped by the caller's Tooltip)."""
    title = row.get("name") or row.get("title") or codes.GROUPS.get(_text(row.get("group")), "")
    dates = dates_text(row) if row.get("layer") != "events" else _text(row.get("date"))
    return f"{_text(title)} · {dates}" if dates else _text(title)
