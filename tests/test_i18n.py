"""Every word a reader sees has its French: the catalogue is complete, its fields match, dates read well."""

from __future__ import annotations

import re
from datetime import date

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import ROOT

from sahel_map.data import codes
from sahel_map.look.i18n import translator

PO = ROOT / "sahel_map" / "locale" / "fr" / "LC_MESSAGES" / "sahel_map.po"
KEYWORDS = {"t": None, "N_": None, "plural": (1, 2)}
FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def messages_in_the_code() -> set[str]:
    found = set()
    for folder in ("sahel_map", "pages"):
        for _, _, message, _, _ in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        ):
            for text in message if isinstance(message, tuple) else (message,):
                if text:
                    found.add(text)
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map=[("app.py", "python")], keywords=KEYWORDS):
        found.add(message)
    return found


def test_every_string_shown_to_a_user_has_a_french_translation():
    with open(PO, "rb") as handle:
        catalogue = read_po(handle)
    translated = set()
    for m in catalogue:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.id and all(strings) and not m.fuzzy:
            # a plural entry translates both its singular and its plural
            translated.update(m.id if isinstance(m.id, tuple) else (m.id,))
    missing = sorted(messages_in_the_code() - translated)
    assert not missing, (
        f"{len(missing)} message(s) without French (run `make messages`, then translate): {missing[:10]}"
    )


def test_translations_keep_every_placeholder():
    with open(PO, "rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if message.id and message.string:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for source, target in zip(ids, strings, strict=False):
                assert set(FIELD.findall(source)) == set(FIELD.findall(target)), message.id


def test_code_labels_are_shown_in_french():
    t = translator("fr")
    assert t.code("force", "fama") == "Forces armées maliennes (FAMa)"
    assert t.code("group", "jnim").startswith("JNIM / GSIM")
    assert t.code("kind", "air_base") != codes.POSITION_KINDS["air_base"]
    assert t.level("control") != "Control"


def test_dates_in_each_language():
    assert translator("en").date(date(2022, 8, 15)) == "15 August 2022"
    assert translator("fr").date(date(2022, 8, 15)) == "15 août 2022"
    assert translator("fr").date(date(2021, 6, 1)) == "1er juin 2021"
    assert translator("fr").number(12345) == "12\u202f345"


def test_no_message_hides_in_an_f_string():
    """Babel does not look inside f-strings: a ``t("...")`` there would never reach the catalogue."""
    import ast

    hidden = []
    for path in [*ROOT.joinpath("sahel_map").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    name = getattr(getattr(call, "func", None), "id", None) or getattr(
                        getattr(call, "func", None), "attr", None
                    )
                    if (
                        isinstance(call, ast.Call)
                        and name in KEYWORDS
                        and call.args
                        and isinstance(call.args[0], ast.Constant)
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not hidden, f"t() inside an f-string (write t('...') outside it): {hidden}"
