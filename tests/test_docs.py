"""The data dictionary documents every code the schema accepts."""

from pathlib import Path

from sahel_map.data import codes

ROOT = Path(__file__).resolve().parent.parent


def test_data_dictionary_lists_every_code():
    text = (ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
    for table in (
        codes.FORCES,
        codes.GROUPS,
        codes.ZONE_LEVELS,
        codes.POSITION_KINDS,
        codes.EVENT_KINDS,
        codes.AREA_KINDS,
        codes.CONFIDENCE,
    ):
        for code in table:
            assert f"`{code}`" in text, code


def test_readme_gives_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_the_share_of_territory_table_matches_the_data(data):
    from sahel_map.view.territory_table import table

    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert table(data) in text, "run python -m sahel_map.view.territory_table"


def test_ci_runs_the_linter_too():
    text = (ROOT / ".ci" / "run").read_text()
    assert "make lint" in text
