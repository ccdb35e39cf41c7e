"""A plan as a PDF made directly by reportlab's platypus, in a random layout.

reportlab lays text out its own way: a word too long for a narrow cell is
broken mid-line into the rest of a line that already holds words, and no
space glyph is written at line ends. Tables are platypus ``Table``s with
``Paragraph`` cells, the layout's widths and padding, a grid or no rules,
``repeatRows`` on or off, and rows allowed to split inside (``splitInRow``).
The page header and "Side N af M" footer are drawn on the canvas; the page
count comes from a first pass. A justified layout sets body paragraphs and
cells flush on both edges (``TA_JUSTIFY``); a hyphenated one has reportlab
break words with pyphen's Danish patterns (``hyphenationLang="da_DK"``).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tests.fidelity.content import Part
from tests.fidelity.layouts import HEADER_FILL, RUNNING_TITLE, STRIPE_FILL, Layout

HEADING_SCALE = {1: 2.0, 2: 1.5, 3: 1.25, 4: 1.1}
MM = 72 / 25.4


def _fonts(layout: Layout) -> tuple[str, str]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = layout.font_files()
    name = layout.font.replace(" ", "")
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, regular))
        pdfmetrics.registerFont(TTFont(f"{name}-Bold", bold))
        addMapping(name, 0, 0, name)
        addMapping(name, 1, 0, f"{name}-Bold")
        addMapping(name, 0, 1, name)
        addMapping(name, 1, 1, f"{name}-Bold")
    return name, f"{name}-Bold"


def build_pdf(parts: list[Part], layout: Layout, path: Path) -> None:
    """Write ``parts`` as a PDF in ``layout`` to ``path``."""
    pages = _build(parts, layout, path, total=0)
    _build(parts, layout, path, total=pages)


def _build(parts: list[Part], layout: Layout, path: Path, total: int) -> int:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts(layout)
    size = layout.font_size
    width, height = (w * MM for w in layout.page_mm)
    margin = layout.margin_mm * MM
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=size,
        leading=size * 1.2 * layout.line_height,
        alignment=TA_JUSTIFY if layout.justify else TA_LEFT,
        hyphenationLang="da_DK" if layout.hyphenate else "",
    )
    body.spaceAfter = layout.space_after
    cell = ParagraphStyle("cell", parent=body, spaceAfter=0)
    header_cell = ParagraphStyle("header_cell", parent=cell, alignment=TA_LEFT)
    item = ParagraphStyle("item", parent=body, leftIndent=8 * MM, firstLineIndent=-8 * MM)

    def heading(level: int) -> ParagraphStyle:
        scaled = size * HEADING_SCALE.get(level, 1.0)
        return ParagraphStyle(
            f"h{level}",
            fontName=bold,
            fontSize=scaled,
            leading=scaled * 1.25,
            spaceBefore=size,
            spaceAfter=size / 2,
            hyphenationLang=body.hyphenationLang,
        )

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, size * 0.8)
        if layout.page_header:
            canvas.drawCentredString(width / 2, height - margin / 2, RUNNING_TITLE)
        if layout.page_footer:
            canvas.drawCentredString(width / 2, margin / 2, f"Side {doc.page} af {total or doc.page}")
        canvas.restoreState()

    story = []
    for part in parts:
        if part.kind in ("title", "heading"):
            story.append(Paragraph(escape(part.text), heading(part.level)))
        elif part.kind == "paragraph":
            story.append(Paragraph(escape(part.text), body))
        elif part.kind == "item":
            story.append(Paragraph(f"{part.number}.&nbsp;&nbsp;{escape(part.text)}", item))
        elif part.kind == "table":
            fractions = layout.column_fractions(len(part.rows[0]))
            white = layout.table_style == "header-fill"
            data = [
                [
                    Paragraph(
                        _cell_markup(text, head=r == 0, bold=r == 0 or c == 0, white=white),
                        header_cell if r == 0 else cell,
                    )
                    for c, text in enumerate(cells)
                ]
                for r, cells in enumerate(part.rows)
            ]
            style = [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), layout.cell_padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), layout.cell_padding),
                ("TOPPADDING", (0, 0), (-1, -1), layout.cell_padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), layout.cell_padding),
            ]
            style += _table_style(layout.table_style, colors, len(part.rows[0]))
            table = Table(
                data,
                colWidths=[f * (width - 2 * margin) for f in fractions],
                repeatRows=1 if layout.repeat_header else 0,
                splitInRow=1,
            )
            table.setStyle(TableStyle(style))
            story += [table, Spacer(1, layout.space_after + size / 2)]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=(width, height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=parts[0].text if parts else "",
        invariant=1,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return doc.page


def _cell_markup(text: str, head: bool, bold: bool, white: bool) -> str:
    markup = f"<b>{escape(text)}</b>" if bold else escape(text)
    return f'<font color="white">{markup}</font>' if head and white else markup


def _table_style(style: str, colors, count: int) -> list[tuple]:
    """Return the TableStyle commands of a table style: rules and fills (the header's cell by cell, as Word and
    browsers draw it; the stripes across the row)."""
    black = colors.black
    return {
        "grid": [("GRID", (0, 0), (-1, -1), 0.5, black)],
        "header-fill": [("BACKGROUND", (c, 0), (c, 0), colors.HexColor(HEADER_FILL)) for c in range(count)],
        "zebra": [("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, colors.HexColor(STRIPE_FILL)])],
        "horizontal-rules": [("LINEABOVE", (0, 0), (-1, 0), 0.5, black), ("LINEBELOW", (0, 0), (-1, -1), 0.5, black)],
        "frame": [("BOX", (0, 0), (-1, -1), 0.5, black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, black)],
    }.get(style, [])
