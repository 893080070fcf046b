"""Streamlit building blocks shared by the pages: cached data, view controls, the map.

Pages compose these; none of them re-implements loading, styling or URL state.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from . import codes, styling
from .dataset import Dataset, fingerprint, load_dataset
from .mapping import (
    BASEMAPS,
    THEMATIC_LAYERS,
    Selection,
    base_map,
    page_css_for_projector,
    thematic_groups,
    timeline_map,
)
from .publish import publish
from .state import ViewState, parse_query, to_query
from .timeline import clamp

EVENT_WINDOWS = {"All events up to the date": None, "Last 12 months": 365, "Last 3 months": 91}
DEFAULT_EVENT_WINDOW = "Last 12 months"


@st.cache_resource(show_spinner="Loading layers…")
def _cached_dataset(fingerprint: tuple) -> Dataset:
    # the fingerprint (paths and modification times) is the cache key
    return load_dataset()


def dataset() -> Dataset:
    """The validated layers, loaded once per process and again only when a file changes."""
    return _cached_dataset(fingerprint())


@st.cache_resource(show_spinner=False)
def _cached_published(fingerprint: tuple) -> dict[str, str]:
    return publish(dataset())


def published() -> dict[str, str]:
    """URLs of the layers as static JSON (see :mod:`sahel_map.publish`), written once per data version."""
    return _cached_published(fingerprint())


def page_setup(title: str, icon: str = "🗺️") -> Dataset:
    st.set_page_config(page_title=f"{title} · Sahel Map", page_icon=icon, layout="wide")
    data = dataset()
    problems_banner(data)
    return data


def problems_banner(data: Dataset) -> None:
    """Name each broken file, feature and field; the valid features are still drawn."""
    problems = data.problems
    if not problems:
        return
    files = sorted({p.file for p in problems})
    with st.container(border=True):
        st.error(
            f"{len(problems)} problem(s) in {', '.join(files)}: the features concerned are left off the map; "
            "everything else is shown. Run `python -m sahel_map validate` for the full list.",
            icon="⚠️",
        )
        with st.expander("Show the problems"):
            st.code("\n".join(str(p) for p in problems[:200]), language=None)


def _init_from_url(prefix: str, data: Dataset, default_day: date, center=None, zoom=None) -> ViewState:
    """On a page's first run, seed its widgets from the URL (a shared link)."""
    query = st.query_params.to_dict()
    view, notes = parse_query(query, default_day)
    if center and "center" not in query:
        view = view.with_(center=center)
    if zoom and "zoom" not in query:
        view = view.with_(zoom=zoom)
    view = view.with_(day=clamp(view.day, data.first_day, data.cutoff))
    if not st.session_state.get(f"{prefix}_init"):
        st.session_state[f"{prefix}_init"] = True
        st.session_state[f"{prefix}_day"] = view.day
        for layer_id in THEMATIC_LAYERS:
            st.session_state[f"{prefix}_layer_{layer_id}"] = layer_id in view.layers
        st.session_state[f"{prefix}_forces"] = list(view.forces or codes.FORCES)
        st.session_state[f"{prefix}_groups"] = list(view.groups or codes.GROUPS)
        st.session_state[f"{prefix}_basemap"] = view.basemap
        st.session_state[f"{prefix}_center"] = view.center
        st.session_state[f"{prefix}_zoom"] = view.zoom
        # the view the map is asked to show; it changes only on request (a link), never by echoing
        # back where the viewer panned, which would fight the map while it moves
        st.session_state[f"{prefix}_requested"] = (view.center, view.zoom)
        for note in notes:
            st.toast(f"Link: {note}")
    return view


def _jump(prefix: str) -> None:
    choice = st.session_state.get(f"{prefix}_jump")
    if choice:
        st.session_state[f"{prefix}_day"] = date.fromisoformat(choice[:10])


def view_controls(data: Dataset, prefix: str, layers: tuple[str, ...] = THEMATIC_LAYERS) -> None:
    """Sidebar controls for date, layers, forces, groups and basemap.

    They keep their values in session state (seeded from the URL by
    :func:`_init_from_url`); :func:`view_from_state` turns those into the view.
    """
    sidebar = st.sidebar
    sidebar.markdown("### Date")
    sidebar.slider(
        "Day shown",
        min_value=data.first_day,
        max_value=data.cutoff,
        step=timedelta(days=1),
        format="YYYY-MM-DD",
        key=f"{prefix}_day",
        help="Every layer follows this day: a feature shows when it started on or before it and had not ended.",
    )
    jumps = [f"{d.isoformat()} · {label}" for d, label in data.key_dates()]
    if jumps:
        sidebar.selectbox(
            "Jump to a key date",
            jumps,
            index=None,
            placeholder="Key dates…",
            key=f"{prefix}_jump",
            on_change=_jump,
            args=(prefix,),
        )
    sidebar.markdown("### Layers")
    chosen = tuple(
        layer_id
        for layer_id in layers
        if sidebar.checkbox(codes.LAYER_TITLES[layer_id], key=f"{prefix}_layer_{layer_id}")
    )
    if "military_positions" in chosen:
        _code_picker(sidebar, "Forces", codes.FORCES, f"{prefix}_forces")
    if "jihadist_zones" in chosen:
        _code_picker(sidebar, "Groups", codes.GROUPS, f"{prefix}_groups")
    if "events" in chosen:
        sidebar.selectbox(
            "Events shown",
            list(EVENT_WINDOWS),
            index=list(EVENT_WINDOWS).index(DEFAULT_EVENT_WINDOW),
            key=f"{prefix}_window",
        )
    sidebar.selectbox(
        "Basemap",
        list(BASEMAPS),
        format_func=BASEMAPS.get,
        key=f"{prefix}_basemap",
        help="Online basemaps need the network; the offline vector basemap always works.",
    )
    sidebar.caption(f"Data cut-off: {data.cutoff.isoformat()}")


def view_from_state(
    prefix: str, layers: tuple[str, ...] = THEMATIC_LAYERS, areas: tuple[str, ...] | None = None
) -> tuple[ViewState, Selection]:
    """The view the sidebar widgets hold, read from session state before they are drawn.

    Streamlit updates a widget's state before the rerun starts, so the page can
    send the map first and draw the sidebar after: the map's iframe starts
    loading sooner; read again after :func:`view_controls`, it gives what the widgets show.
    """
    state = st.session_state
    chosen = tuple(layer_id for layer_id in layers if state.get(f"{prefix}_layer_{layer_id}"))
    forces = tuple(state.get(f"{prefix}_forces", codes.FORCES))
    groups = tuple(state.get(f"{prefix}_groups", codes.GROUPS))
    window = EVENT_WINDOWS[state.get(f"{prefix}_window", DEFAULT_EVENT_WINDOW)]
    view = ViewState(
        day=state[f"{prefix}_day"],
        layers=chosen,
        forces=forces if len(forces) < len(codes.FORCES) else None,
        groups=groups if len(groups) < len(codes.GROUPS) else None,
        center=state[f"{prefix}_center"],
        zoom=state[f"{prefix}_zoom"],
        basemap=state.get(f"{prefix}_basemap", "offline"),
    )
    selection = Selection(layers=chosen, forces=forces, groups=groups, event_window_days=window, areas=areas)
    return view, selection


def _code_picker(sidebar, title: str, table: dict[str, str], key: str) -> None:
    """A multiselect of codes, folded in an expander whose label says how many are shown."""
    shown = len(st.session_state.get(key, table))
    with sidebar.expander(f"{title} shown: {shown} of {len(table)}"):
        st.multiselect(title, list(table), format_func=table.get, key=key, label_visibility="collapsed")


def sync_url(view: ViewState) -> None:
    """Write the view into the address bar, so the link reproduces it."""
    query = to_query(view)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def small_table(frame: pd.DataFrame, empty: str = "Nothing on this date.") -> None:
    """A short table as plain HTML: st.dataframe's grid costs the page over a megabyte of JavaScript."""
    if not len(frame):
        st.caption(empty)
        return
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(f'{v:,}' if isinstance(v, int) else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    st.markdown(
        f'<table class="sahel-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>',
        unsafe_allow_html=True,
    )


def map_legend(selection: Selection, scale: float = 1.0) -> str:
    entries = styling.legend_entries(
        forces=[f for f in codes.FORCES if "military_positions" in selection.layers and selection.wants_force(f)],
        groups=[g for g in codes.GROUPS if "jihadist_zones" in selection.layers and selection.wants_group(g)],
        levels="jihadist_zones" in selection.layers,
        events="events" in selection.layers,
        areas="tri_border" in selection.layers,
    )
    # on a projector the legend stays open; elsewhere it starts folded to leave the map clear
    return styling.legend_html(entries, font_px=round(12 * scale), open_=scale > 1)


def render_map(
    data: Dataset,
    view: ViewState,
    selection: Selection,
    key: str,
    height: int = 620,
    scale: float = 1.0,
    legend_on_map: bool = True,
) -> dict:
    """The live map: the base map stays, only the thematic groups change with the view.

    The base map (basemap, controls, legend) depends only on the basemap choice,
    the legend and the scale, so streamlit-folium keeps the same Leaflet map and
    swaps the feature groups, centre and zoom in place.
    """
    urls = published()
    fmap = base_map(
        data.basemap if view.basemap == "offline" else None,
        tiles=view.basemap,
        legend=map_legend(selection, scale) if legend_on_map else None,
        extra_css=page_css_for_projector(scale) if scale != 1.0 else "",
        published=urls,
    )
    groups = thematic_groups(data.frames, view.day, selection, data.register, published=urls, scale=scale)
    output = st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        center=view.center,
        zoom=view.zoom,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["center", "zoom"],
    )
    return output or {}


def remember_view(prefix: str, output: dict) -> None:
    """Keep the centre and zoom the viewer panned to, for the URL."""
    center, zoom = output.get("center"), output.get("zoom")
    if center and zoom:
        st.session_state[f"{prefix}_center"] = (round(center["lat"], 4), round(center["lng"], 4))
        st.session_state[f"{prefix}_zoom"] = int(zoom)


def render_play_map(data: Dataset, view: ViewState, selection: Selection, key: str, height: int = 620) -> None:
    """The animation, played by Leaflet.timeline in the browser: no server round trip per frame."""
    fmap = timeline_map(
        data.basemap if view.basemap == "offline" else None,
        data.frames,
        selection,
        data.register,
        start=date(2013, 1, 1),
        end=data.cutoff,
        tiles=view.basemap,
        center=view.center,
        zoom=view.zoom,
        legend=map_legend(selection),
    )
    st.caption("Press ▶ on the map to play 2013 to the data cut-off; drag the map's own slider to scrub.")
    st_folium(fmap, key=key, height=height, use_container_width=True, returned_objects=[])


def map_page(
    data: Dataset,
    prefix: str,
    default_day: date = date(2022, 8, 15),
    height: int = 620,
    layers: tuple[str, ...] = THEMATIC_LAYERS,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    areas: tuple[str, ...] | None = None,
):
    """Map + sidebar controls + URL sync: the body every map page starts with. Returns (view, selection).

    The map is sent before the sidebar widgets (see :func:`view_from_state`).
    """
    _init_from_url(prefix, data, default_day, center, zoom)
    view, selection = view_from_state(prefix, layers, areas)
    playing = st.session_state.get(f"{prefix}_play", False)
    if playing:
        render_play_map(data, view, selection, key=f"{prefix}_play_map", height=height)
    else:
        requested_center, requested_zoom = st.session_state[f"{prefix}_requested"]
        output = render_map(
            data,
            view.with_(center=requested_center, zoom=requested_zoom),
            selection,
            key=f"{prefix}_map",
            height=height,
        )
        remember_view(prefix, output)
    view_controls(data, prefix, layers)
    view, selection = view_from_state(prefix, layers, areas)
    st.sidebar.toggle(
        "▶ Play the drawdown in the browser",
        key=f"{prefix}_play",
        help="Animates positions and zones from 2013 on; the date slider above is not used.",
    )
    if playing:
        return view, selection
    view = view.with_(center=st.session_state[f"{prefix}_center"], zoom=st.session_state[f"{prefix}_zoom"])
    sync_url(view)
    download_panel(data, view, selection, prefix)
    return view, selection


EXPORT_LABELS = {
    "png": "PNG image (slides)",
    "pdf": "PDF (print)",
    "svg": "SVG (editable vector)",
    "html": "HTML (interactive, works offline)",
    "geojson": "GeoJSON (QGIS)",
    "kml": "KML (Google Earth)",
    "gpkg": "GeoPackage (QGIS)",
    "gif": "Animated GIF of the drawdown",
    "mp4": "MP4 video of the drawdown",
}
MIME = {
    "png": "image/png",
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
    "html": "text/html",
    "geojson": "application/geo+json",
    "kml": "application/vnd.google-earth.kml+xml",
    "gpkg": "application/geopackage+sqlite3",
    "gif": "image/gif",
    "mp4": "video/mp4",
}


def download_panel(data: Dataset, view: ViewState, selection: Selection, prefix: str) -> None:
    """Export exactly what the map shows (date, layers, extent) in the format a briefing needs."""
    import tempfile
    from pathlib import Path

    from . import export

    # a toggle, not an expander: the panel's widgets are only built (and their JavaScript only
    # loaded by the browser) when someone asks for a download
    if not st.toggle("⬇ Download this view", key=f"{prefix}_download"):
        return
    fmt = st.selectbox("Format", list(EXPORT_LABELS), format_func=EXPORT_LABELS.get, key=f"{prefix}_fmt")
    extent = export.view_extent(view.center, view.zoom)
    options = st.columns(3)
    title = options[0].text_input("Title", "Mali and the central Sahel", key=f"{prefix}_title")
    if fmt in export.ANIMATION_FORMATS:
        first = options[1].date_input(
            "From", date(2013, 1, 1), min_value=data.first_day, max_value=data.cutoff, key=f"{prefix}_from"
        )
        step = options[2].selectbox("One frame per", ["quarter", "month", "year", "events"], key=f"{prefix}_step")
        last = view.day
        st.caption(f"Frames from {first} to {last.isoformat()} (the date shown).")
    else:
        dpi = options[1].selectbox(
            "Resolution",
            [150, 300],
            key=f"{prefix}_dpi",
            format_func=lambda d: f"{d} dpi",
            disabled=fmt not in export.IMAGE_FORMATS,
        )
    st.caption(
        f"Extent: {extent.west:.2f}, {extent.south:.2f} to {extent.east:.2f}, {extent.north:.2f} "
        "(the map's current view)."
    )
    if not st.button("Prepare the file", key=f"{prefix}_prepare"):
        return
    name = f"sahel-map-{view.day.isoformat()}.{fmt}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / name
            if fmt in export.ANIMATION_FORMATS:
                bar = st.progress(0.0, text="Rendering frames…")
                days = export.animation_days(first, last, step, data)
                export.export_animation(
                    days,
                    fmt,
                    out,
                    export.View(selection, extent, title, 1000, 100),
                    data,
                    progress=lambda i, n: bar.progress(i / n, text=f"Rendering frame {i} of {n}"),
                )
            else:
                export_view = export.View(selection, extent, title, 1600 if dpi == 150 else 3200, dpi)
                with st.spinner("Rendering…"):
                    if fmt in export.IMAGE_FORMATS:
                        export.export_snapshot(view.day, fmt, out, export_view, data)
                    elif fmt == "html":
                        export.export_html(view.day, out, export_view, data)
                    else:
                        export.export_vector(view.day, fmt, out, export_view, data)
            payload = out.read_bytes()
    except export.ExportError as exc:
        st.error(str(exc))
        return
    st.download_button(f"Save {name}", payload, file_name=name, mime=MIME[fmt], key=f"{prefix}_save")
