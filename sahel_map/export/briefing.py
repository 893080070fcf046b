"""A briefing as a slide deck (PPTX) and as a printable handout (PDF): two formats of the one registry.

Each step's map (its date, layers, forces and view) is drawn by the print painter
(:class:`~sahel_map.export.snapshot.Snapshot`, without its title band) as a high-resolution picture
that carries the legend and the credit line. In the deck the step's heading and caption are real,
editable text boxes beside the picture and its sources go in the slide's notes; a title slide opens
the deck and closing slides list every source. The handout has one step per page, with the sources
under the caption. Both are in the view's language (the briefing file's French fields for ``fr``).

>>> from sahel_map.export import FORMATS
>>> FORMATS["pptx"].kind, FORMATS["handout"].extension
('briefing', 'pdf')
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from ..data.briefings import Briefing, Step
from ..data.codes import N_
from ..data.dataset import Dataset
from ..look import i18n
from ..view.briefing import CORE_PX, all_sources, step_extent, step_view
from ..view.view import View
from .atomic import ExportError
from .formats import Format, Options, register
from .snapshot import Layout, Snapshot

#: a 16:9 slide, in inches
SLIDE_W, SLIDE_H = 13.333, 7.5
#: the picture of a step: the slide's width less margins, above the caption
PICTURE_W, PICTURE_H = 12.7, 5.05
SOURCES_PER_SLIDE = 12
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def briefing_of(data: Dataset, options: Options) -> Briefing:
    """The briefing an export asks for (the first one when it names none)."""
    if not data.briefings:
        raise ExportError("no briefing could be read from geodata/briefings/")
    key = options.briefing or next(iter(data.briefings))
    if key not in data.briefings:
        raise ExportError(f"unknown briefing {str(key)[:40]!r} (known: {', '.join(data.briefings)})")
    return data.briefings[key]


def source_label(data: Dataset, source_id: str) -> str:
    """'Publisher: title (date) <url>' from the register, or the id when it is not there."""
    source = data.register.get(source_id)
    if source is None:
        return source_id
    label = f"{source.publisher}: {source.title}" + (f" ({source.date})" if source.date else "")
    return f"{label} <{source.url}>" if source.url else label


def step_map_view(step: Step, lang: str) -> View:
    """The step's map for print: its view, with the extent the step is about."""
    return step_view(step, lang).with_(extent=step_extent(step, *CORE_PX))


def step_picture(data: Dataset, step: Step, lang: str, width_px: int = 2540, dpi: int = 200) -> bytes:
    """The step's map, legend and credit line as a PNG of ``PICTURE_W`` x ``PICTURE_H`` proportions."""
    view = step_map_view(step, lang)
    layout = Layout(width_px, dpi, PICTURE_W / PICTURE_H, title_band=False)
    snapshot = Snapshot(data, view, layout)
    try:
        snapshot.draw(view)
        buffer = io.BytesIO()
        snapshot.save(buffer, "png")
        return buffer.getvalue()
    finally:
        snapshot.close()


def _period(briefing: Briefing, t: i18n.Translator) -> str:
    first, last = briefing.steps[0].day, briefing.steps[-1].day
    return t("{start} to {end}", start=t.date(first), end=t.date(last))


# -- the deck ------------------------------------------------------------------------------------


def write_deck(data: Dataset, view: View, options: Options, path: Path, progress, extra, fmt: str) -> None:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    briefing, lang = briefing_of(data, options), view.lang
    t = i18n.translator(lang)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    title_only = deck.slide_layouts[5]

    def title(slide, text: str, top: float = 0.25, height: float = 0.85, size: int = 30) -> None:
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = (
            Inches(0.3),
            Inches(top),
            Inches(SLIDE_W - 0.6),
            Inches(height),
        )
        shape.text_frame.text = text
        shape.text_frame.word_wrap = True
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = 1  # left
            for run in paragraph.runs:
                run.font.size, run.font.bold = Pt(size), True

    def text_box(slide, lines: list[str], left, top, width, height, size: int, grey: bool = False):
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size = Pt(size)
            if grey:
                from pptx.dml.color import RGBColor

                paragraph.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
        return box

    # title slide
    slide = deck.slides.add_slide(title_only)
    title(slide, briefing.name(lang), top=2.2, height=1.2, size=40)
    description = briefing.description_fr if lang == "fr" else briefing.description
    text_box(slide, [_period(briefing, t)] + ([description] if description else []), 0.3, 3.5, SLIDE_W - 0.6, 2.2, 22)
    text_box(
        slide,
        [t("Sahel Map · data to {cutoff} · every feature sourced", cutoff=t.date(data.cutoff))],
        0.3,
        6.6,
        SLIDE_W - 0.6,
        0.5,
        14,
        grey=True,
    )
    steps = briefing.steps
    for index, step in enumerate(steps, start=1):
        heading, caption = step.text(lang)
        slide = deck.slides.add_slide(title_only)
        title(slide, f"{heading} · {t.date(step.day)}", top=0.15, height=0.75, size=28)
        picture = step_picture(data, step, lang)
        slide.shapes.add_picture(io.BytesIO(picture), Inches(0.3), Inches(0.9), Inches(PICTURE_W), Inches(PICTURE_H))
        text_box(slide, [caption], 0.3, 0.9 + PICTURE_H + 0.05, SLIDE_W - 1.6, SLIDE_H - PICTURE_H - 1.0, 18)
        text_box(slide, [f"{index} / {len(steps)}"], SLIDE_W - 1.25, SLIDE_H - 0.55, 1.0, 0.4, 14, grey=True)
        notes = [t("Sources:")] + [f"- {source_label(data, s)}" for s in step.sources]
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
        if progress:
            progress(index, len(steps))
    # closing slides: every source of the briefing
    cited = all_sources(briefing)
    chunks = [cited[i : i + SOURCES_PER_SLIDE] for i in range(0, len(cited), SOURCES_PER_SLIDE)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        slide = deck.slides.add_slide(title_only)
        heading = t("Sources") if len(chunks) == 1 else t("Sources ({n}/{total})", n=number, total=len(chunks))
        title(slide, heading, top=0.2, height=0.8, size=30)
        text_box(slide, [source_label(data, s) for s in chunk], 0.3, 1.1, SLIDE_W - 0.6, SLIDE_H - 1.4, 13)
    deck.save(str(path))


# -- the handout ---------------------------------------------------------------------------------

#: an A4 page, landscape, in inches
PAGE_W, PAGE_H = 11.69, 8.27


def write_handout(data: Dataset, view: View, options: Options, path: Path, progress, extra, fmt: str) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.image import imread

    from .snapshot import RC

    briefing, lang = briefing_of(data, options), view.lang
    t = i18n.translator(lang)
    steps = briefing.steps
    with plt.rc_context(RC), PdfPages(path, metadata={"Title": briefing.name(lang), "Creator": "Sahel Map"}) as pdf:
        for index, step in enumerate(steps, start=1):
            heading, caption = step.text(lang)
            fig = plt.figure(figsize=(PAGE_W, PAGE_H))
            try:
                fig.text(0.04, 0.955, heading, fontsize=20, fontweight="bold", va="top")
                fig.text(
                    0.04,
                    0.905,
                    f"{t.date(step.day)} · {briefing.name(lang)}",
                    fontsize=12,
                    color="#444444",
                    va="top",
                )
                fig.text(0.96, 0.955, f"{index} / {len(steps)}", fontsize=12, ha="right", va="top", color="#444444")
                ax = fig.add_axes((0.04, 0.27, 0.92, 0.92 * PAGE_W / PAGE_H * PICTURE_H / PICTURE_W))
                ax.imshow(imread(io.BytesIO(step_picture(data, step, lang, width_px=2200))))
                ax.set_axis_off()
                fig.text(0.04, 0.25, textwrap.fill(caption, 125), fontsize=11.5, va="top", linespacing=1.35)
                sources = t("Sources: {list}", list="; ".join(source_label(data, s) for s in step.sources))
                fig.text(0.04, 0.1, textwrap.fill(sources, 175), fontsize=7.5, va="top", color="#444444")
                pdf.savefig(fig)
            finally:
                plt.close(fig)
            if progress:
                progress(index, len(steps))


register(Format("pptx", N_("Slide deck of the briefing (PPTX)"), PPTX_MIME, "briefing", write_deck))
register(
    Format(
        "handout",
        N_("Handout of the briefing (PDF, one step per page)"),
        "application/pdf",
        "briefing",
        write_handout,
        suffix="pdf",
    )
)
