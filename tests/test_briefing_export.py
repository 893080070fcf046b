"""The briefing as a slide deck (PPTX) and a handout (PDF): re-read with python-pptx and pypdf, and
opened by LibreOffice (headless conversion, as a user's Impress or Draw would open them)."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest
from conftest import ROOT

from sahel_map.export import FORMATS, ExportError, Options, export
from sahel_map.export.briefing import SOURCES_PER_SLIDE, source_label
from sahel_map.view.briefing import all_sources, step_view

STEPS = 3


@pytest.fixture(scope="module")
def short(data):
    """The drawdown briefing cut to its first steps (each step is a full map rendering)."""
    briefing = data.briefings["drawdown"]
    briefing = replace(briefing, steps=briefing.steps[:STEPS])
    return replace(data, briefings={"drawdown": briefing}), briefing


def convert(path, tmp_path):
    """LibreOffice's own headless conversion to PDF, with a throwaway profile; the page count."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) not found: `make test` installs Debian's libreoffice-impress")
    out = tmp_path / "converted"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    converted = out / (path.stem + ".pdf")
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    info = subprocess.run(["pdfinfo", str(converted)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def deck(short, tmp_path_factory):
    data, briefing = short
    out = tmp_path_factory.mktemp("deck") / "drawdown.pptx"
    export("pptx", data, step_view(briefing.steps[0]), out, Options(briefing="drawdown"))
    return out


def test_the_deck_has_a_title_slide_a_slide_per_step_and_closing_sources(short, deck, tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    data, briefing = short
    cited = all_sources(briefing)
    closing = math.ceil(len(cited) / SOURCES_PER_SLIDE)
    prs = Presentation(str(deck))
    assert round(prs.slide_width / prs.slide_height, 3) == round(16 / 9, 3)
    slides = list(prs.slides)
    assert len(slides) == 1 + STEPS + closing
    assert briefing.title in slides[0].shapes.title.text
    for slide, step in zip(slides[1 : 1 + STEPS], briefing.steps, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].image.size[0] >= 2000  # high resolution
        assert pictures[0].width > prs.slide_width * 0.9
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert step.heading in slide.shapes.title.text
        assert step.caption in texts  # real, editable text
        notes = slide.notes_slide.notes_text_frame.text
        for source_id in step.sources:
            assert data.register[source_id].publisher in notes
    listed = "\n".join(s.text_frame.text for slide in slides[1 + STEPS :] for s in slide.shapes if s.has_text_frame)
    for source_id in cited:
        assert source_label(data, source_id) in listed


def test_libreoffice_opens_the_deck_with_every_slide(short, deck, tmp_path):
    from pptx import Presentation

    assert convert(deck, tmp_path) == len(Presentation(str(deck)).slides)


def test_the_french_handout_has_one_page_per_step_and_libreoffice_opens_it(short, tmp_path):
    from pypdf import PdfReader

    data, briefing = short
    out = tmp_path / "handout.pdf"
    export("handout", data, step_view(briefing.steps[0], "fr"), out, Options(briefing="drawdown"))
    reader = PdfReader(str(out))
    assert len(reader.pages) == STEPS
    for page, step in zip(reader.pages, briefing.steps, strict=True):
        text = " ".join(page.extract_text().split())
        assert step.heading_fr in text
        assert step.caption_fr.split()[0] in text and step.caption not in text
        assert data.register[step.sources[0]].publisher.split()[0] in text
    assert convert(out, tmp_path) == STEPS


def test_a_deck_needs_a_known_briefing(short, tmp_path):
    data, briefing = short
    with pytest.raises(ExportError, match="unknown briefing"):
        export("pptx", data, step_view(briefing.steps[0]), tmp_path / "x.pptx", Options(briefing="nope"))
    assert not (tmp_path / "x.pptx").exists()
    assert FORMATS["handout"].extension == "pdf"


def test_cli_refuses_a_briefing_in_another_format(tmp_path):
    run = [sys.executable, "-m", "sahel_map", "export", "--briefing", "--out", str(tmp_path / "a.png")]
    result = subprocess.run([*run, "--format", "png"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "pptx or pdf" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "sahel_map", "export", "--format", "pptx", "--out", str(tmp_path / "b.pptx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "--briefing" in result.stderr
