"""Data never reaches a template as code: the one place data enters folium.

**The hazard.** branca renders every ``MacroElement`` twice: its macros fill
a Jinja template with the element's data, and ``MacroElement.render`` then
wraps that *output* in ``Element(...)``, which compiles it as a new Jinja
template and renders it again.  Text from a layer, an upload or a user that
contains ``{{ ... }}`` would be evaluated on the server (``{{ 7*191 }}``
becomes ``1337``; ``{{ cycler.__init__.__globals__.os }}`` reaches the
operating system), and an unclosed ``{{`` makes the render crash.  HTML
escaping does not help: ``{{`` is not HTML.

**The defence, in two layers that each hold alone:**

1. :func:`script_json` serialises every data payload so that it *cannot*
   contain a Jinja delimiter: every ``{`` and ``}`` inside a JSON string is
   written ``\\u007b`` / ``\\u007d`` (the browser's JSON parser reads them back
   as braces), and ``<``, ``>``, ``&``, ``'`` as ``\\u003c``... (no ``</script>``
   can close the script). Structural JSON braces are always followed by ``"``
   or ``}``, never by ``{``, ``%`` or ``#``, so the output holds no ``{{``,
   ``{%`` or ``{#`` at all.
2. :func:`make_safe` switches every element of a map, ours and folium's alike,
   to :class:`VerbatimRender`: its macro output is added to the page as it is,
   never compiled again.  A stock ``folium.GeoJson`` added to one of our maps
   therefore shows ``{{ 7*191 }}`` literally too.

:func:`check_safe` is the guard: every map we send or write passes through it
and it raises :class:`UnsafeElementError` if any element would still be
rendered the dangerous way (for instance one added after :func:`make_safe`).

>>> "{{" in script_json({"notes": "{{ 7*191 }}"})
False
>>> import json
>>> json.loads(script_json({"notes": "{{ 7*191 }} </script>"}))["notes"]
'{{ 7*191 }} </script>'
"""

from __future__ import annotations

import json
import re
from functools import cache

from branca.element import Element, Figure, MacroElement
from markupsafe import Markup

# a JSON string literal: a quote, then escaped characters or anything but a quote or backslash
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_STRING_ESCAPES = {"{": "\\u007b", "}": "\\u007d"}
_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


def _escape_string(match: re.Match) -> str:
    text = match.group(0)
    for char, escaped in _STRING_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def script_json(value) -> Markup:
    """JSON safe inside a ``<script>`` and inside a Jinja template (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _JSON_STRING.sub(_escape_string, text)
    for char, escaped in _HTML_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)  # noqa: S704 -- escaped above: the whole point of this function


class Verbatim(Element):
    """A piece of finished page text, rendered as it is (never compiled as a template)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = str(text)

    def render(self, **kwargs) -> str:
        return self._text


class VerbatimRender(MacroElement):
    """``MacroElement.render`` without the second template pass: macro output is added verbatim.

    The same steps as branca's ``MacroElement.render`` (header, html, script,
    then the children), with :class:`Verbatim` in place of ``Element``. Subclass
    chains such as folium's ``JSCSSMixin`` still run: they end here through
    ``super().render()``.
    """

    def render(self, **kwargs):
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise UnsafeElementError(f"{type(self).__name__} must be inside a Figure to render")
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = module.get(part)
            if macro is not None:
                target.add_child(Verbatim(macro(self, kwargs)), name=self.get_name())
        for element in list(self._children.values()):
            # folium adds some children while rendering (Layer.render adds its ``addTo`` statement), after
            # make_safe ran: they render verbatim too, and no output is ever compiled as a template
            _make_verbatim(element)
            element.render(**kwargs)


def _make_verbatim(element: Element) -> None:
    if isinstance(element, MacroElement) and not isinstance(element, VerbatimRender):
        element.__class__ = _safe_class(type(element))


class UnsafeElementError(RuntimeError):
    """An element would pass its rendered text through a template again."""


def _popup_render(self, **kwargs):
    """folium's ``Popup.render`` compiles its own output again (not through ``MacroElement.render``)."""
    for child in list(self._children.values()):
        _make_verbatim(child)
        child.render(**kwargs)
    figure = self.get_root()
    figure.script.add_child(Verbatim(self._template.render(this=self, kwargs=kwargs)), name=self.get_name())


def _overrides(cls: type) -> dict:
    from folium.map import Popup

    return {"render": _popup_render} if issubclass(cls, Popup) else {}


@cache
def _safe_class(cls: type) -> type:
    # VerbatimRender subclasses MacroElement, so in the MRO it lands just before MacroElement:
    # cls's own render() and its mixins run first, and their super().render() reaches ours.
    namespace = {"__module__": cls.__module__, "__doc__": cls.__doc__, **_overrides(cls)}
    return type(cls.__name__, (cls, VerbatimRender), namespace)


def walk(element: Element):
    """The element and all its descendants."""
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from walk(child)


def make_safe(root: Element) -> Element:
    """Switch every ``MacroElement`` under ``root`` to verbatim rendering (in place); returns ``root``."""
    for element in walk(root):
        _make_verbatim(element)
    return root


def check_safe(root: Element) -> Element:
    """The guard: raise if any element under ``root`` would compile its output as a template again."""
    unsafe = sorted(
        {
            type(element).__name__
            for element in walk(root)
            if isinstance(element, MacroElement) and not isinstance(element, VerbatimRender)
        }
    )
    if unsafe:
        raise UnsafeElementError(
            f"{', '.join(unsafe)} would render data through a template twice: pass the map through "
            "sahel_map.web.safety.make_safe before rendering it"
        )
    return root
