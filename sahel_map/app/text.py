"""User input and data text shown by Streamlit as plain text, never as Markdown.

Streamlit renders the body of ``st.error``, ``st.toast``, captions and titles
as Markdown: an image (``![x](http://host/x.png)``) would make every viewer's
browser fetch that address, a link would be clickable, ``$...$`` would be set
as maths and ``:red[...]`` coloured. :func:`plain` backslash-escapes every
ASCII punctuation character (CommonMark reads each ``\\X`` as a literal X) and
cuts the text to a length, so what a link or a file says is shown as it is.

>>> plain("![b](http://127.0.0.1:8799/x.png)")
'\\\\!\\\\[b\\\\]\\\\(http\\\\:\\\\/\\\\/127\\\\.0\\\\.0\\\\.1\\\\:8799\\\\/x\\\\.png\\\\)'
>>> len(plain("x" * 5000)) <= 301
True
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def plain(text, limit: int = 300) -> str:
    """``text`` as literal characters for a Markdown-rendering element, on one line, at most ``limit`` long."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)
