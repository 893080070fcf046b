"""Every page renders with streamlit.testing's AppTest, with its widgets, and honours URL state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def run_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def positions_table_text(at: AppTest) -> str:
    """The overview's positions-per-force table (plain HTML)."""
    return next(m.value for m in at.markdown if 'class="sahel-table"' in m.value and "positions" in m.value)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exceptions(page):
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title or at.header, "every page has a title"


def test_overview_widgets_and_url_state():
    at = run_page("app.py", {"date": "2021-06-01", "layers": "military_positions,events"})
    assert not at.exception
    slider = at.sidebar.slider(key="overview_day")
    assert slider.value == date(2021, 6, 1)
    assert at.sidebar.checkbox(key="overview_layer_military_positions").value is True
    assert at.sidebar.checkbox(key="overview_layer_jihadist_zones").value is False
    assert at.query_params["date"] == "2021-06-01"
    assert "Barkhane (France, 2014-2022)" in positions_table_text(at)


def test_moving_the_slider_updates_counts_and_url():
    at = run_page("app.py", {"date": "2021-06-01"})
    at.sidebar.slider(key="overview_day").set_value(date(2023, 6, 1)).run()
    assert not at.exception
    assert at.query_params["date"] == "2023-06-01"
    text = positions_table_text(at)
    assert "Barkhane (France, 2014-2022)" not in text
    assert "MINUSMA (UN)" in text and "Wagner Group (Russia)" in text


def test_broken_layer_shows_a_banner_and_the_rest_still_works(tmp_path, monkeypatch):
    import shutil

    for path in (ROOT / "geodata").iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "events.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    monkeypatch.setenv("SAHEL_MAP_GEODATA", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    banner = " ".join(e.value for e in at.error)
    assert "events.geojson" in banner
    assert "Barkhane (France, 2014-2022)" in positions_table_text(at)


def test_download_panel_prepares_a_png_of_the_view():
    at = run_page("app.py", {"date": "2021-06-01", "layers": "military_positions"})
    assert not [s for s in at.selectbox if s.key == "overview_fmt"]  # built only on request
    at.toggle(key="overview_download").set_value(True).run()
    at.selectbox(key="overview_fmt").set_value("png")
    at.button(key="overview_prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert any(button.label == "Save sahel-map-2021-06-01.png" for button in at.get("download_button"))


def test_download_panel_refuses_an_empty_vector_export():
    at = run_page("app.py", {"date": "2012-01-02", "layers": "military_positions", "forces": "wagner"})
    at.toggle(key="overview_download").set_value(True).run()
    at.selectbox(key="overview_fmt").set_value("geojson")
    at.button(key="overview_prepare").click().run()
    assert not at.exception
    assert "nothing to export" in " ".join(e.value for e in at.error)


@pytest.mark.parametrize(
    ("page", "prefix"),
    [
        ("pages/1_Military_positions.py", "positions"),
        ("pages/2_Tri-border_area.py", "triborder"),
        ("pages/3_Jihadist_influence.py", "zones"),
    ],
)
def test_map_pages_take_date_and_layers_from_the_url(page, prefix):
    at = run_page(page, {"date": "2019-03-23", "layers": "events"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.slider(key=f"{prefix}_day").value == date(2019, 3, 23)
    layer_boxes = [c for c in at.sidebar.checkbox if c.key.startswith(f"{prefix}_layer_")]
    assert layer_boxes and {c.key for c in layer_boxes if c.value} == {f"{prefix}_layer_events"}


def test_briefing_next_and_previous_move_through_the_steps():
    at = run_page("pages/4_Barkhane_drawdown.py")
    assert at.title[0].value == "The north falls"
    next_button = next(b for b in at.button if b.label.startswith("Next"))
    next_button.click().run()
    assert at.title[0].value == "Serval"
    assert "11 January 2013" in " ".join(m.value for m in at.markdown)
    next(b for b in at.button if b.label.startswith("◀")).click().run()
    assert at.title[0].value == "The north falls"


def test_briefing_step_from_and_to_the_url():
    at = run_page("pages/4_Barkhane_drawdown.py", {"step": "14"})
    assert at.title[0].value == "Gao, 15 August 2022"
    assert at.query_params["step"] == "14"
    next(b for b in at.button if b.label.startswith("Next")).click().run()
    assert at.query_params["step"] == "15"


def test_briefing_steps_all_point_at_sourced_events():
    from sahel_map import briefing
    from sahel_map.dataset import load_dataset

    data = load_dataset()
    for step in briefing.STEPS:
        event = briefing.step_event(data.frames["events"], step)
        assert event["sources"], step.heading
