"""The live map of a page: the base map stays, only the thematic layers change with the View.

The base map (basemap, controls, legend) depends only on the basemap choice,
the legend, the language and the scale, so streamlit-folium keeps the same
Leaflet map and swaps the feature groups, centre and zoom in place; the layers
themselves are published once as static JSON and filtered by day in the
browser (:mod:`sahel_map.web.maps`).
"""

from __future__ import annotations

from streamlit_folium import st_folium

from ..data.dataset import Dataset
from ..look import i18n, markers, styling
from ..view.view import View
from ..web.maps import Highlight, base_map, thematic_groups
from .cached import published
from .uploads import session_file


def legend(view: View, scale: float = 1.0, extra: list | None = None) -> str:
    """The legend of the view's selection: every force and group it can show."""
    t = i18n.translator(view.lang)
    entries = styling.legend_entries(
        forces=[f for f in styling.FORCE_STYLES if "military_positions" in view.layers and view.wants_force(f)],
        groups=[g for g in styling.GROUP_COLOURS if "jihadist_zones" in view.layers and view.wants_group(g)],
        levels="jihadist_zones" in view.layers,
        events="events" in view.layers,
        areas="tri_border" in view.layers,
    )
    entries = styling.translate(entries, t) + [e for layer in extra or [] for e in layer.legend_entries(t)]
    # on a projector the legend stays open; elsewhere it starts folded to leave the map clear
    return markers.legend_html(
        entries,
        font_px=round(12 * scale),
        title=t("Legend"),
        open_=scale > 1,
        section_titles={e.section: t(e.section) for e in entries},
    )


def render_map(
    data: Dataset,
    view: View,
    key: str,
    height: int = 620,
    scale: float = 1.0,
    legend_on_map: bool = True,
    highlight: Highlight | None = None,
    extra: list | None = None,
    follow: str | None = None,
) -> dict:
    """Draw ``view`` and return what the map reports (centre, zoom, bounds, last click)."""
    urls = published(view.lang)
    fmap = base_map(
        data,
        view,
        legend=legend(view, scale, extra) if legend_on_map else None,
        scale=scale,
        published=urls,
    )
    groups = thematic_groups(
        data,
        view,
        published=urls,
        scale=scale,
        highlight=highlight,
        extra=[layer.folium_group(view, publish=session_file) for layer in extra or []],
        follow=follow,
    )
    output = st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        center=view.center,
        zoom=view.zoom,
        feature_group_to_add=groups,
        returned_objects=["center", "zoom", "bounds", "last_clicked"],
    )
    return output or {}
