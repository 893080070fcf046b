"""Every JS/CSS file our maps load is a pinned local copy: nothing from a CDN."""

from __future__ import annotations

import re
import shutil
from datetime import date

import folium
import pytest

from sahel_map.view import View
from sahel_map.web import assets
from sahel_map.web.maps import base_map, standalone_map, thematic_groups
from sahel_map.web.publish import publish

DAY = date(2021, 6, 1)


def _maps(data):
    view = View(day=DAY)
    yield base_map(data, view)
    yield base_map(data, view, replay=("2013-01-01", "2024-01-01"))
    yield standalone_map(data, view)


def test_every_url_our_maps_declare_is_a_local_installed_file(data):
    for fmap in _maps(data):
        urls = assets.declared_urls(fmap)
        # Leaflet, its plugins and our runtime come in one bundle, first; the styles one by one
        assert urls[0] == assets.bundle_url(), urls
        assert not any(u.endswith("leaflet.js") or u.endswith("sahel-map.js") for u in urls)
        for url in urls:
            assert url.startswith("/app/static/vendor/"), url
            assert assets.local_file(url).is_file(), url


def test_own_files_are_installed_under_a_content_named_folder(tmp_path):
    folder = assets.own_folder()
    assert re.fullmatch(r"sahel-map@[0-9a-f]{12}", folder)
    assert assets.own_url("sahel-map.js") == f"/app/static/vendor/{folder}/sahel-map.js"
    installed = assets.install(vendor=tmp_path)
    assert (tmp_path / folder / "sahel-map.js").read_bytes() == (assets.OWN_FILES / "sahel-map.js").read_bytes()
    assert assets.missing_files(tmp_path) == []
    (tmp_path / folder / "sahel-map.js").write_text("// altered")
    assert assets.missing_files(tmp_path) == [tmp_path / folder / "sahel-map.js"]
    assert installed


def test_rendered_html_names_no_remote_script_or_stylesheet(data):
    for fmap in _maps(data):
        html = fmap.get_root().render()
        remote = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert remote == []


def test_streamlit_folium_gets_only_local_links(data, monkeypatch, tmp_path):
    """st_folium collects default_js/default_css itself: check what it would send."""
    import streamlit_folium

    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    view = View(day=DAY)
    urls = publish(data, tmp_path)["en"]
    streamlit_folium.st_folium(
        base_map(data, view, published=urls), feature_group_to_add=thematic_groups(data, view, published=urls)
    )
    assert sent["js_links"] == [assets.bundle_url()]
    assert all(link.startswith("/app/static/vendor/") for link in sent["js_links"] + sent["css_links"])


def test_every_cdn_url_folium_declares_for_our_elements_is_mapped_or_dropped_on_purpose():
    known = assets.manifest()
    for cls in (folium.Map, folium.plugins.Fullscreen, folium.plugins.MeasureControl, folium.plugins.MousePosition):
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
    for asset in assets.manifest().assets:
        shutil.copytree(assets.NODE_MODULES / asset.package, node_modules / asset.package, dirs_exist_ok=True)
    written = assets.install(node_modules, tmp_path / "vendor")
    own = len(list(assets.OWN_FILES.iterdir()))
    assert len(written) == len(assets.manifest().assets) + own + 1  # and the bundle
    bundle = (tmp_path / "vendor" / assets.bundle_folder() / "bundle.js").read_text()
    assert bundle.index("Leaflet 1.9.3") < bundle.index("var SahelMap = {") and "L.Control.MousePosition" in bundle
    assert assets.missing_files(tmp_path / "vendor") == []
    (node_modules / "leaflet/dist/leaflet.js").write_text("alert('tampered')")
    with pytest.raises(RuntimeError, match="leaflet/dist/leaflet.js: integrity"):
        assets.install(node_modules, tmp_path / "vendor2")


def test_inline_html_embeds_every_file(data):
    html = assets.inline_html(standalone_map(data, View(day=DAY)).get_root().render())
    assert "/app/static/vendor" not in html
    assert "window.SahelMap" in html  # our own runtime, inlined
    assert "url(data:image/png;base64," in html  # leaflet-measure icons
