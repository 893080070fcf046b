"""Analysts' own layers, held in the session that uploaded them (never published, never shared).

See :mod:`sahel_map.data.uploads` for reading the files; this module keeps the
session's layers (``st.session_state``: nothing is written to disk, to
``static/`` or to ``geodata/``), puts them on every map page, and draws the
"Your data" page: the uploader, the mapping form, and each layer's toggle,
colour, filters and removal.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

import streamlit as st

from ..data.uploads import NO_MAPPING, SUFFIXES, Mapping, UploadResult, read_upload
from ..export.layers import ExtraLayer
from ..look.i18n import Translator
from ..look.styling import upload_colour
from .memory import give_back
from .text import plain

SESSION_KEY = "uploaded_layers"
SALT_ENTRY = "uploaded_layers_address_salt"  # noqa: S105 -- the name of a session-state entry
SERVED_ENTRY = "uploaded_layers_served"
PAGE = "pages/7_Your_data.py"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class UploadedFile:
    """One file of the session: its bytes (to read again with the user's choices) and what reading gave."""

    name: str
    data: bytes
    result: UploadResult
    mapping: Mapping = NO_MAPPING


@dataclass
class SessionLayers:
    """The uploaded layers of one session, in the order they came."""

    layers: list = field(default_factory=list)
    files: dict = field(default_factory=dict)
    added: int = 0

    def shown(self) -> list[ExtraLayer]:
        return [ExtraLayer(layer) for layer in self.layers if layer.visible]

    def add(self, file_id: str, name: str, data: bytes, mapping: Mapping = NO_MAPPING, limit_mb=None) -> UploadResult:
        """Read a file (again, with ``mapping``) and put its layers in place of the file's earlier ones."""
        result = read_upload(name, data, mapping, limit_mb)
        old = self.files.get(file_id)
        kept = {}
        if old is not None:
            kept = {layer.name: layer for layer in old.result.layers}
            self.layers = [layer for layer in self.layers if layer not in old.result.layers]
        for layer in result.layers:
            before = kept.get(layer.name)
            layer.key = f"{layer.key}-{file_id[:8]}"
            if before is not None:
                layer.colour, layer.visible = before.colour, before.visible
            else:
                layer.colour = upload_colour(self.added)
                self.added += 1
            self.layers.append(layer)
        self.files[file_id] = UploadedFile(name, data, result, mapping)
        give_back()  # parsing leaves some 100 MB of freed blocks
        return result

    def remove(self, file_id: str) -> None:
        entry = self.files.pop(file_id, None)
        if entry is not None:
            self.layers = [layer for layer in self.layers if layer not in entry.result.layers]


def session_layers() -> SessionLayers:
    if SESSION_KEY not in st.session_state:
        st.session_state[SESSION_KEY] = SessionLayers()
    return st.session_state[SESSION_KEY]


def session_file(name: str, data: bytes) -> str | None:
    """Serve ``data`` (an uploaded layer's map payload) at an address only this session is given.

    Streamlit's media store (the one ``st.download_button`` uses): held in memory, dropped when no run of
    the session asks for it any more or the session ends. The file's id hashes the data with a random
    token of the session, so another session can neither guess nor share it; the map message carries the
    address instead of the 13 MB of a 100,000-event layer on every rerun. ``None`` (embed the data) where
    there is no Streamlit runtime.
    """
    from streamlit import runtime

    if not runtime.exists():
        return None
    salt = st.session_state.setdefault(SALT_ENTRY, secrets.token_urlsafe(18))
    url = runtime.get_instance().media_file_mgr.add(
        data, "application/json", coordinates=f"sahel-upload.{name}", file_name=f"{name}-{salt}.json"
    )
    served = st.session_state.setdefault(SERVED_ENTRY, {})
    if served.get(name) != url:  # a payload just built: its transient lists are garbage now
        served[name] = url
        give_back()
    return url


def limit_mb() -> float:
    return float(st.get_option("server.maxUploadSize"))


def sidebar_uploader(t: Translator) -> None:
    """A link to the page where analysts bring their own files (every map page's sidebar)."""
    layers = session_layers().layers
    try:
        st.sidebar.page_link(
            PAGE,
            label=t("Add your own data"),
            icon=":material/upload_file:",
            help=t("Add your own files (GeoJSON, shapefile, KML, CSV, ACLED, UCDP)"),
        )
    except Exception:  # noqa: BLE001 -- a page run on its own (tests) has no navigation to link into
        st.sidebar.caption(t("Add your own files on the page Your data."))
    if layers:
        st.sidebar.caption(t("{n} uploaded layer(s) in this session.", n=len(layers)))


# -- the page -----------------------------------------------------------------------------------


def show_notes(result: UploadResult, t: Translator) -> None:
    for note in result.notes:
        where = " · ".join(x for x in (result.file, note.feature, note.field) if x)
        text = plain(f"{where}: {note.text(t)}", 600)
        (st.warning if note.warning else st.error)(text)


def uploads_page(t: Translator) -> None:
    """The body of "Your data": upload, fix, style and filter the session's own layers."""
    session = session_layers()
    limit = limit_mb()
    st.caption(
        t(
            "GeoJSON, zipped shapefile (.zip with .shp, .shx, .dbf, .prj), GeoPackage, KML/KMZ, or CSV/TSV with "
            "latitude/longitude or WKT columns; ACLED and UCDP GED exports are recognised. Up to {limit} MB per "
            "file. Your files stay in this browser session only: they are never published, never shared with "
            "other viewers, and gone when you close the tab.",
            limit=f"{limit:g}",
        )
    )
    files = st.file_uploader(
        t("Add files"),
        type=[s.lstrip(".") for s in SUFFIXES],
        accept_multiple_files=True,
        key="upload_files",
    )
    for upload in files or []:
        if upload.file_id not in session.files:
            session.add(upload.file_id, upload.name, upload.getvalue(), limit_mb=limit)
    for file_id, entry in list(session.files.items()):
        _file_panel(session, file_id, entry, t, limit)
    if not session.files:
        st.info(t("No file yet: the layers you add appear on every map page of this session."))


def _file_panel(session: SessionLayers, file_id: str, entry: UploadedFile, t: Translator, limit: float) -> None:
    result = entry.result
    with st.container(border=True):
        head = st.columns([5, 1])
        head[0].markdown(f"**{plain(entry.name, 120)}**")
        if head[1].button(t("Remove"), key=f"up_remove_{file_id}"):
            session.remove(file_id)
            st.rerun()
        show_notes(result, t)
        if result.swap_suggested and st.button(t("Swap latitude and longitude"), key=f"up_swap_{file_id}"):
            session.add(file_id, entry.name, entry.data, Mapping(**{**entry.mapping.__dict__, "swap": True}), limit)
            st.rerun()
        if result.columns and (result.needs_dates or not result.layers):
            _mapping_form(session, file_id, entry, t, limit)
        if len(result.sublayers) > 1:
            options = [None, *result.sublayers]
            chosen = st.selectbox(
                t("GeoPackage layer"),
                options,
                index=options.index(entry.mapping.layer) if entry.mapping.layer in options else 0,
                format_func=lambda n: t("Every layer") if n is None else n,
                key=f"up_gpkg_{file_id}",
            )
            if chosen != entry.mapping.layer:
                session.add(file_id, entry.name, entry.data, Mapping(layer=chosen), limit)
                st.rerun()
        for index, layer in enumerate(result.layers):
            _layer_controls(layer, f"{file_id}_{index}", t)


def _mapping_form(session: SessionLayers, file_id: str, entry: UploadedFile, t: Translator, limit: float) -> None:
    columns = [None, *entry.result.columns]
    label = lambda c: t("(none)") if c is None else c  # noqa: E731
    with st.form(key=f"up_map_{file_id}"):
        st.markdown(t("**How to read this table**: pick the columns the app could not guess."))
        cols = st.columns(3)
        lat = cols[0].selectbox(t("Latitude column"), columns, format_func=label, key=f"up_lat_{file_id}")
        lon = cols[1].selectbox(t("Longitude column"), columns, format_func=label, key=f"up_lon_{file_id}")
        wkt = cols[2].selectbox(t("WKT geometry column"), columns, format_func=label, key=f"up_wkt_{file_id}")
        cols = st.columns(3)
        day = cols[0].selectbox(t("Date column (events)"), columns, format_func=label, key=f"up_date_{file_id}")
        start = cols[1].selectbox(t("Start column"), columns, format_func=label, key=f"up_start_{file_id}")
        end = cols[2].selectbox(t("End column"), columns, format_func=label, key=f"up_end_{file_id}")
        if st.form_submit_button(t("Read the table again")):
            mapping = Mapping(lat=lat, lon=lon, wkt=wkt, date=day, start=start, end=end, swap=entry.mapping.swap)
            session.add(file_id, entry.name, entry.data, mapping, limit)
            st.rerun()


def _layer_controls(layer, key: str, t: Translator) -> None:
    span = layer.span
    facts = [t("{n} feature(s)", n=t.number(len(layer.frame)))]
    if span:
        facts.append(t("{first} to {last}", first=t.date(span[0]), last=t.date(span[1])))
    else:
        facts.append(t("undated: always shown"))
    st.markdown(f"**{plain(layer.name, 80)}** · {plain(' · '.join(facts), 200)}")
    cols = st.columns([1, 1, 2])
    layer.visible = cols[0].toggle(t("Shown on the maps"), value=layer.visible, key=f"up_vis_{key}")
    colour = cols[1].color_picker(t("Colour"), value=layer.colour, key=f"up_col_{key}")
    if HEX.match(str(colour)):
        layer.colour = colour
    if layer.size_column:
        layer.size_by = cols[2].toggle(
            t("Size by {column}", column=plain(layer.size_column, 60)), value=layer.size_by, key=f"up_size_{key}"
        )
    filters = {}
    columns = layer.filter_columns[:4]
    if columns:
        boxes = st.columns(len(columns))
        for box, column in zip(boxes, columns, strict=True):
            chosen = box.multiselect(
                t("Only {column}", column=plain(column, 60)),
                layer.values_of(column),
                default=[v for v in layer.filters.get(column, ()) if v in layer.values_of(column)],
                key=f"up_filter_{key}_{column}",
                placeholder=t("all"),
            )
            if chosen:
                filters[column] = tuple(chosen)
    layer.filters = filters
