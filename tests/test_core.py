"""The shape that keeps the code honest: a core without web libraries, one View for every face."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

from conftest import ROOT
from streamlit.testing.v1 import AppTest

from sahel_map.web.publish import prune, publish


def test_the_core_imports_no_folium_streamlit_or_matplotlib():
    code = (
        "import sys, sahel_map, sahel_map.data, sahel_map.view, sahel_map.view.analysis, sahel_map.view.briefing;"
        "sahel_map.load_dataset();"
        "print(' '.join(m for m in ('folium', 'streamlit', 'matplotlib', 'branca') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_cli_and_the_download_panel_export_the_same_thing(tmp_path, monkeypatch):
    """Same View (from the link the app writes) -> byte-identical GeoJSON from both faces."""
    import streamlit

    saved = []
    original = streamlit.download_button
    monkeypatch.setattr(
        streamlit, "download_button", lambda label, data, **kw: (saved.append(data), original(label, data, **kw))[1]
    )
    at = AppTest.from_file(str(ROOT / "pages" / "0_Overview.py"), default_timeout=120)
    at.query_params.update({"date": "2021-06-01", "layers": "military_positions,events", "forces": "barkhane,minusma"})
    at.run()
    at.toggle(key="overview_download").set_value(True).run()
    at.selectbox(key="overview_fmt").set_value("geojson").run()
    at.button(key="overview_prepare").click().run()
    assert not at.exception
    link = "&".join(f"{k}={at.query_params[k]}" for k in at.query_params)
    out = tmp_path / "cli.geojson"
    result = subprocess.run(
        [sys.executable, "-m", "sahel_map", "export", "--link", f"?{link}", "--format", "geojson", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    panel_bytes = saved[-1]
    assert panel_bytes == out.read_bytes()
    assert b"barkhane-gao" in panel_bytes and b"wagner" not in panel_bytes


def test_publishing_writes_content_named_files_and_removes_stale_ones(tmp_path, data):
    urls = publish(data, tmp_path)
    files = {p.name for p in tmp_path.glob("*.json")}
    assert {u.rsplit("/", 1)[1] for by_key in urls.values() for u in by_key.values()} == files
    assert publish(data, tmp_path) == urls  # the same names on every run and every replica
    stale = tmp_path / "events-en-0000000000000000.json"
    stale.write_text("{}")
    old = time.time() - 7200
    import os

    os.utime(stale, (old, old))
    removed = prune(tmp_path, files)
    assert removed == [stale] and not stale.exists()


def test_tests_never_publish_into_the_checkout():
    before = set((ROOT / "static").glob("data/*.json"))
    at = AppTest.from_file(str(ROOT / "pages" / "0_Overview.py"), default_timeout=120)
    at.query_params["date"] = "2021-06-01"
    at.run()
    assert set((ROOT / "static").glob("data/*.json")) == before


def test_a_briefing_step_and_the_cli_see_the_same_view(data):
    from sahel_map.view.briefing import step_view

    step = data.briefings["drawdown"].steps[13]
    view = step_view(step)
    assert view.day == date(2022, 8, 15) and "barkhane" in view.forces
    shown = view.active_frames(data.frames)["military_positions"]
    assert "barkhane-gao" not in set(shown["id"])  # Barkhane left Gao that day: end is exclusive
    assert "fama-gao" in set(shown["id"])


def test_the_dataset_reads_its_quick_choices_once_and_the_view_agrees(data):
    """Key dates and tri-border choices are read once per dataset (every rerun asks) and match the view's rule."""
    from dataclasses import replace

    from sahel_map.view.view import area_mask

    areas = data.frames["tri_border"]
    assert list(data.area_names()) == [str(i) for i in areas["id"]]
    assert data.primary_areas() == [str(i) for i in areas.loc[area_mask(areas, None), "id"]]
    assert 0 < len(data.primary_areas()) < len(areas)
    dates = data.key_dates()
    assert dates == sorted(dates) and len(dates) > 5
    dates.clear()  # the caller's list is its own
    assert data.key_dates()
    copy = replace(data, layers={**data.layers, "tri_border": replace(data.layers["tri_border"], frame=areas.iloc[:1])})
    assert list(copy.area_names()) == [str(areas["id"].iloc[0])]
