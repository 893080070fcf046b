"""Every JS/CSS file our maps load is a pinned local copy: nothing from a CDN."""

from __future__ import annotations

import re
import shutil
from datetime import date

import folium
import pytest

from sahel_map import assets
from sahel_map.dataset import load_dataset
from sahel_map.mapping import Selection, base_map, full_map, thematic_groups, timeline_map


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def _maps(data):
    yield base_map(data.basemap)
    yield full_map(data.basemap, data.frames, "2021-06-01", Selection(), data.register)
    yield timeline_map(data.basemap, data.frames, Selection(), data.register, date(2013, 1, 1), date(2024, 1, 1))


def test_every_url_our_maps_declare_is_a_local_installed_file(data):
    for fmap in _maps(data):
        urls = assets.declared_urls(fmap)
        assert urls, "a map declares at least Leaflet"
        for url in urls:
            assert url.startswith("/app/static/vendor/"), url
            assert assets.local_file(url).is_file(), url


def test_rendered_html_names_no_remote_script_or_stylesheet(data):
    for fmap in _maps(data):
        html = fmap.get_root().render()
        remote = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert remote == []


def test_streamlit_folium_gets_only_local_links(data, monkeypatch):
    """st_folium collects default_js/default_css itself: check what it would send."""
    import streamlit_folium

    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    fmap = base_map(data.basemap)
    streamlit_folium.st_folium(
        fmap,
        feature_group_to_add=thematic_groups(data.frames, "2021-06-01", Selection(), data.register),
        layer_control=folium.LayerControl(),
    )
    assert sent["js_links"] and sent["css_links"]
    assert all(link.startswith("/app/static/vendor/") for link in sent["js_links"] + sent["css_links"])


def test_every_cdn_url_folium_declares_for_our_elements_is_mapped_or_dropped_on_purpose():
    known = assets.manifest()
    for cls in (
        folium.Map,
        folium.plugins.Fullscreen,
        folium.plugins.MeasureControl,
        folium.plugins.MousePosition,
        folium.plugins.Timeline,
        folium.plugins.TimelineSlider,
    ):
        for _, url in list(getattr(cls, "default_js", [])) + list(getattr(cls, "default_css", [])):
            assert url in known.replacements or url in known.drop, f"{cls.__name__}: {url}"


def test_an_unknown_plugin_url_is_refused():
    fmap = folium.Map(tiles=None)
    element = folium.MacroElement()
    element.default_js = [("evil", "https://cdn.example.org/x.js")]
    fmap.add_child(element)
    with pytest.raises(assets.UnmappedAssetError, match="https://cdn.example.org/x.js"):
        assets.localize(fmap)


def test_install_checks_integrity(tmp_path):
    node_modules = tmp_path / "node_modules"
    shutil.copytree(assets.NODE_MODULES / "leaflet", node_modules / "leaflet")
    for asset in assets.manifest().assets:
        if asset.package != "leaflet":
            shutil.copytree(assets.NODE_MODULES / asset.package, node_modules / asset.package, dirs_exist_ok=True)
    written = assets.install(node_modules, tmp_path / "vendor")
    assert len(written) == len(assets.manifest().assets)
    assert assets.missing_files(tmp_path / "vendor") == []
    (node_modules / "leaflet/dist/leaflet.js").write_text("alert('tampered')")
    with pytest.raises(RuntimeError, match="leaflet/dist/leaflet.js: integrity"):
        assets.install(node_modules, tmp_path / "vendor2")


def test_inline_html_embeds_every_file(data):
    html = assets.inline_html(
        full_map(data.basemap, data.frames, "2021-06-01", Selection(), data.register).get_root().render()
    )
    assert "/app/static/vendor" not in html
    assert "L.Control.Fullscreen" in html or "fullscreen" in html.lower()
    assert "url(data:image/png;base64," in html  # leaflet-measure icons
