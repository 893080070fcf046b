"""The folium elements our maps are made of: each one a small, escaped piece of Leaflet.

Every element here renders verbatim (:class:`~sahel_map.web.safety.VerbatimRender`)
and embeds its data only through :func:`~sahel_map.web.safety.script_json`,
so no text from data is ever read as a template (see :mod:`sahel_map.web.safety`).
The browser side lives in ``web/static/sahel-map.js``: a versioned static file
the app serves itself.
"""

from __future__ import annotations

from folium.elements import JSCSSMixin
from folium.template import Template

from .assets import own_url
from .safety import VerbatimRender, script_json


class Runtime(JSCSSMixin, VerbatimRender):
    """Loads ``sahel-map.js`` and ``sahel-map.css`` and attaches the map to them.

    A ``JSCSSMixin``, as folium's plugins are, so streamlit-folium finds its files too.
    """

    default_js = [("sahel_map_js", own_url("sahel-map.js"))]
    default_css = [("sahel_map_css", own_url("sahel-map.css"))]
    _template = Template(
        """
        {% macro header(this, kwargs) %}{% if this.css %}<style>{{ this.css }}</style>{% endif %}{% endmacro %}
        {% macro script(this, kwargs) %}
        window.SahelMap.attach({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, css: str = ""):
        super().__init__()
        self._name = "SahelRuntime"
        # our own CSS (projector sizes); never data
        self.css = css


class FeatureLayer(VerbatimRender):
    """A layer whose features carry their own marker, style, popup, tooltip and time span.

    Either the data is embedded (``data``: standalone exports, uploads), or the
    layer names a published JSON file (``url``) the browser fetches once. The
    ``filter`` (forces or groups shown, the event window, the areas) is applied
    in the browser, and so is the day (see ``SahelMap.setDay``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.SahelMap.layer({{ this.payload }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict | None = None,
        *,
        url: str | None = None,
        field: str | None = None,
        cats: list[str] | None = None,
        ids: list[str] | None = None,
        window: int | None = None,
        scale: float = 1.0,
        canvas: bool = False,
    ):
        super().__init__()
        self._name = "FeatureLayer"
        if (data is None) == (url is None):
            raise ValueError("FeatureLayer takes either data or url")
        self.data = data
        self.url = url
        self.filter = {"field": field, "cats": cats, "ids": ids, "window": window}
        self.scale = scale
        self.canvas = canvas

    @property
    def payload(self):
        return script_json(
            {"data": self.data, "url": self.url, "filter": self.filter, "scale": self.scale, "canvas": self.canvas}
        )


class SetDay(VerbatimRender):
    """Sets the day the map's layers show (sent with the layers on every rerun), and which page time
    control the map follows while the viewer drags it (``follow``: the page's key prefix)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.SahelMap.follow = {{ this.follow }};
        window.SahelMap.setDay({{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, day: int, follow: str | None = None):
        super().__init__()
        self._name = "SetDay"
        self.payload = script_json(int(day))
        self.follow = script_json(follow)


class ClickThrough(VerbatimRender):
    """A click on a marker also counts as a click on the map at that point (the analysis page asks
    "what was nearest to this event?"); elsewhere a marker click only opens its popup."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.SahelMap.clickThrough = true;
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "ClickThrough"


class Control(VerbatimRender):
    """A Leaflet control holding ready-made HTML (built and escaped by :mod:`sahel_map.look`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create('div', {{ this.css_class }});
            div.innerHTML = {{ this.html }};
            L.DomEvent.disableScrollPropagation(div);
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright", css_class: str = "sahel-legend-control"):
        super().__init__()
        self._name = "Control"
        self.html = script_json(html)
        self.position = script_json(position)
        self.css_class = script_json(css_class)


class TimeControl(VerbatimRender):
    """The in-map time control of standalone exports: the date in words, a slider, play, pause, speed."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (options) {
            var months = options.months;
            options.format = function (iso) {
                var d = +iso.slice(8, 10), m = months[+iso.slice(5, 7) - 1], y = iso.slice(0, 4);
                return (options.firstDay && d === 1 ? options.firstDay : d) + ' ' + m + ' ' + y;
            };
            window.SahelMap.timeControl({{ this._parent.get_name() }}, options);
        })({{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, first: str, last: str, labels: dict, months: list[str], seconds: int = 40, first_day=None):
        super().__init__()
        self._name = "TimeControl"
        self.payload = script_json(
            {
                "first": first,
                "last": last,
                "labels": labels,
                "months": months,
                "seconds": seconds,
                "firstDay": first_day,
                "position": "bottomleft",
            }
        )


class TileWarning(VerbatimRender):
    """An online basemap that fails to load says so on the map; the offline basemap stays under it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, tiles, text) {
            var shown = false;
            tiles.on('tileerror', function () {
                if (shown) { return; }
                shown = true;
                var note = L.control({position: 'topright'});
                note.onAdd = function () {
                    var div = L.DomUtil.create('div', 'sahel-tile-warning');
                    div.setAttribute('role', 'status');
                    div.textContent = text;
                    return div;
                };
                note.addTo(map);
            });
        })({{ this._parent.get_name() }}, {{ this.tiles.get_name() }}, {{ this.text }});
        {% endmacro %}
        """
    )

    def __init__(self, tiles, text: str):
        super().__init__()
        self._name = "TileWarning"
        self.tiles = tiles
        self.text = script_json(text)
