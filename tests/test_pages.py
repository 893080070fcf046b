"""Every page with streamlit.testing's AppTest: what it shows, its URL state, and broken files."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def run_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def html_tables(at: AppTest) -> list[str]:
    """The page's Markdown tables, as a reader sees them (backslash escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown if m.value.startswith("| ")]


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader]
    return "\n".join(parts)


# -- what each page shows -----------------------------------------------------------------------


def test_overview_counts_follow_the_date():
    at = run_page("pages/0_Overview.py", {"date": "2021-06-01"})
    assert not at.exception
    positions = html_tables(at)[0]
    assert "| Barkhane (France, 2014-2022) |" in positions and "Wagner" not in positions
    at.session_state["overview_day"] = date(2023, 6, 1)
    at.run()
    positions = html_tables(at)[0]
    assert "| Barkhane (France" not in positions and "| Wagner Group (Russia) |" in positions
    assert at.query_params["date"] == "2023-06-01"
    assert "Positions active on 1 June 2023" in text_of(at)


def test_positions_page_table_shows_labels_not_codes():
    at = run_page("pages/1_Military_positions.py", {"date": "2021-06-01"})
    assert not at.exception
    table = at.dataframe[0].value
    assert "Handed to" in table.columns and "Kind" in table.columns
    gao = table[table["Name"].str.contains("Barkhane") & (table["Place"] == "Gao")].iloc[0]
    assert gao["Force"] == "Barkhane (France, 2014-2022)"
    assert gao["Kind"] in {"Main base", "Headquarters", "Forward base"} and "_" not in gao["Kind"]
    assert gao["Handed to"] == "Malian armed forces (FAMa)"
    assert "France" in gao["Nations"] and "FRA" not in gao["Nations"]
    assert "None" not in set(table["Handed to"]) and "nan" not in set(table["Handed to"])
    kinds = next(m for m in at.multiselect if m.label == "Kind")
    assert "Air base" in [kinds.format_func(o) for o in kinds.options]


def test_tri_border_page_lists_what_lies_inside_the_chosen_definition():
    at = run_page("pages/2_Tri-border_area.py", {"date": "2021-06-01"})
    assert not at.exception
    assert at.selectbox(key="triborder_definition").value == "tri-border-afp-2021"
    events = at.dataframe[0].value
    assert len(events) > 0 and {"Date", "Event", "Kind"} <= set(events.columns)
    assert at.query_params["areas"] == "tri-border-afp-2021" or "areas" not in at.query_params


def test_jihadist_page_compares_two_dates_from_the_link():
    at = run_page("pages/3_Jihadist_influence.py", {"compare": "2013-01-01,2023-06-01"})
    assert not at.exception
    assert at.date_input(key="cmp_a").value == date(2013, 1, 1)
    assert at.query_params["compare"] == "2013-01-01,2023-06-01"
    tables = html_tables(at)
    assert "MUJAO" in tables[0] and "JNIM" not in tables[0]
    assert "JNIM" in tables[1]


def test_briefing_next_and_previous_move_through_the_steps():
    at = run_page("pages/4_Barkhane_drawdown.py")
    assert at.title[0].value == "The north falls"
    next(b for b in at.button if b.label.startswith("Next")).click().run()
    assert at.title[0].value == "Serval"
    assert "11 January 2013" in text_of(at)
    next(b for b in at.button if b.label == "Previous").click().run()
    assert at.title[0].value == "The north falls"


def test_briefing_step_from_and_to_the_url():
    at = run_page("pages/4_Barkhane_drawdown.py", {"step": "14"})
    assert at.title[0].value == "Gao, 15 August 2022"
    assert at.query_params["step"] == "14"
    next(b for b in at.button if b.label.startswith("Next")).click().run()
    assert at.query_params["step"] == "15"


def test_sources_page_lists_the_register_with_safe_links_only():
    at = run_page("pages/5_Sources_and_methodology.py")
    assert not at.exception
    register = at.dataframe[-1].value
    assert len(register) > 500
    assert register["url"].dropna().str.match(r"^https?://").all()


def test_french_interface():
    at = run_page("pages/0_Overview.py", {"date": "2022-08-15", "lang": "fr"})
    assert not at.exception
    assert "Positions actives le 15 août 2022" in text_of(at)
    assert html_tables(at)[0].startswith("| Force |") and "MINUSMA (ONU)" in html_tables(at)[0]
    assert at.query_params["lang"] == "fr"


# -- the URL holds every control ----------------------------------------------------------------

SETTINGS = {
    "pages/0_Overview.py": {
        "overview_day": date(2019, 3, 23),
        "overview_layers": ["military_positions", "jihadist_zones", "tri_border"],
        "overview_forces": ["barkhane", "fama"],
        "overview_groups": ["jnim"],
        "overview_window": 91,
        "overview_basemap": "light",
        "overview_areas": ("lga-alg-quadrilateral",),
    },
    "pages/1_Military_positions.py": {
        "positions_day": date(2016, 1, 1),
        "positions_layers": ["military_positions"],
        "positions_forces": ["minusma"],
    },
    "pages/2_Tri-border_area.py": {
        "triborder_definition": "lga-alg-admin-units",
        "triborder_day": date(2020, 2, 2),
        "triborder_groups": ["isgs"],
        "triborder_window": None,
    },
    "pages/3_Jihadist_influence.py": {
        "zones_day": date(2018, 5, 5),
        "zones_layers": ["jihadist_zones", "events"],
        "zones_groups": ["jnim", "isgs"],
        "cmp_a": date(2014, 4, 4),
        "cmp_b": date(2024, 4, 4),
    },
    "pages/4_Barkhane_drawdown.py": {"briefing_step": 6},
}


@pytest.mark.parametrize("page", sorted(SETTINGS))
def test_a_link_reproduces_every_control_of_the_page(page):
    at = run_page(page)
    for key, value in SETTINGS[page].items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    link = {k: at.query_params[k] for k in at.query_params}
    again = run_page(page, link)
    assert not again.exception
    for key, value in SETTINGS[page].items():
        got = again.session_state[key]
        assert (sorted(got) if isinstance(got, list) else got) == (
            sorted(value) if isinstance(value, list) else value
        ), key


def test_closed_pickers_build_nothing_and_keep_what_was_picked_in_them():
    at = run_page("pages/0_Overview.py", {"date": "2022-06-01"})
    keys = {getattr(w, "key", None) for w in at.sidebar}
    # one element per closed picker: no pills, buttons or select inside until it is opened
    assert {"overview_forces_open", "overview_groups_open", "overview_basemap_open"} <= keys
    assert not [w for w in at.button_group if w.key == "overview_forces_pick"]
    assert not at.selectbox and not at.radio
    at.session_state["overview_forces_open"] = True
    at.run()
    at.button_group(key="overview_forces_pick").set_value(["barkhane", "wagner"]).run()
    assert at.query_params["forces"] == "barkhane,wagner"
    at.session_state["overview_forces_open"] = False
    at.session_state["overview_basemap_open"] = True
    at.run()
    at.radio(key="overview_basemap_pick").set_value("light").run()
    at.session_state["overview_basemap_open"] = False
    at.run()
    # closed again: the choices stay (Streamlit drops the value of a widget it does not draw)
    assert not [w for w in at.button_group if w.key == "overview_forces_pick"]
    assert at.query_params["forces"] == "barkhane,wagner" and at.query_params["basemap"] == "light"
    labels = [e.label for e in at.sidebar.expander]
    assert "Forces: 2 of 12" in labels and "Basemap: Light, CARTO (online)" in labels


def test_a_hostile_link_gives_one_plain_notice_and_a_full_map():
    at = run_page(
        "pages/0_Overview.py",
        {"layers": ",".join(f"x{i}" for i in range(60)), "date": "![b](http://127.0.0.1:8799/x.png)"},
    )
    assert not at.exception
    notices = [t.value for t in at.toast]
    assert len(notices) == 1
    assert "![b]" not in notices[0] and "\\!\\[b\\]" in notices[0]  # Markdown escaped: shown, never fetched
    assert {"military_positions", "events"} <= set(at.session_state["overview_layers"])


# -- broken files: a banner naming the file, the rest still drawn ---------------------------------


def broken_copy(tmp_path, name: str, content: str | None) -> Path:
    shutil.copytree(ROOT / "geodata", tmp_path, dirs_exist_ok=True)
    shutil.copy(ROOT / "seeds" / "sources.csv", tmp_path / "sources.csv")
    target = tmp_path / name
    if content is None:
        target.unlink()
    else:
        target.write_text(content, encoding="utf-8")
    return tmp_path


BROKEN = [
    ("events.geojson", '{"type": "FeatureCollection", "features": ['),
    ("tri_border.geojson", "not json"),
    ("dataset.json", "{broken"),
    ("troop_strength.csv", "force,date\nbarkhane"),
    ("sources.csv", "\x00\x01 not a register"),
    ("basemap_countries.geojson", '{"type": "Feature"}'),
]


@pytest.mark.parametrize(("name", "content"), BROKEN)
@pytest.mark.parametrize("page", PAGES)
def test_a_broken_file_shows_a_banner_and_the_page_still_works(tmp_path, monkeypatch, page, name, content):
    folder = broken_copy(tmp_path, name, content)
    monkeypatch.setenv("SAHEL_MAP_GEODATA", str(folder))
    monkeypatch.setenv("SAHEL_MAP_SOURCES", str(folder / "sources.csv"))
    at = AppTest.from_file(str(ROOT / page), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    banner = " ".join(e.value for e in at.error)
    assert name.replace("_", "\\_").replace(".", "\\.") in banner or name in banner
    assert str(tmp_path) not in banner and "Traceback" not in banner
    assert "validate for the full list" in banner
    assert at.title, "the page still draws"


def test_download_panel_prepares_a_png_of_the_view():
    at = run_page("pages/0_Overview.py", {"date": "2021-06-01", "layers": "military_positions"})
    assert not [s for s in at.selectbox if s.key == "overview_fmt"]  # built only on request
    at.toggle(key="overview_download").set_value(True).run()
    at.selectbox(key="overview_fmt").set_value("png")
    at.button(key="overview_prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert any(button.label == "Save sahel-map-2021-06-01.png" for button in at.get("download_button"))


def test_download_panel_refuses_an_empty_vector_export():
    at = run_page("pages/0_Overview.py", {"date": "2012-01-02", "layers": "military_positions", "forces": "wagner"})
    at.toggle(key="overview_download").set_value(True).run()
    at.selectbox(key="overview_fmt").set_value("geojson")
    at.button(key="overview_prepare").click().run()
    assert not at.exception
    assert "nothing to export" in " ".join(e.value for e in at.error)


def test_briefing_offers_its_second_file_and_the_presenter_view():
    at = run_page("pages/4_Barkhane_drawdown.py")
    assert "Serval, 2013: the French intervention" in at.selectbox(key="briefing_id").options
    at = run_page("pages/4_Barkhane_drawdown.py", {"present": "1", "step": "3", "briefing": "serval"})
    assert not at.exception
    html = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "3 / 7" in html and "Gao et Tombouctou" not in html and "Gao and Timbuktu" in html
    assert at.query_params["present"] == "1" and at.query_params["briefing"] == "serval"
