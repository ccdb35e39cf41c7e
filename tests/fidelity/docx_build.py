"""A plan as a Word document in a random layout (python-docx), for LibreOffice to turn into PDF or OpenDocument.

Headings keep Word's Heading styles (so an .odt made from the file has
outline levels), lists use Word's own numbering or a typed "1.<tab>", and
every table has its borders, cell margins, column widths and repeated
header row set explicitly from the layout, the way LibreOffice reads them.
A justified layout sets paragraphs, list items and body cells flush on both
edges (``w:jc both``); a hyphenated one turns on Word's automatic
hyphenation (``w:autoHyphenation`` in settings.xml) and marks the text
Danish (``w:lang da-DK``), so LibreOffice breaks words with its Danish
patterns (Debian's hyphen-da), in the PDF and in the .odt it writes
(``fo:hyphenate``, ``fo:language``).
"""

from __future__ import annotations

from pathlib import Path

from tests.fidelity.content import Part
from tests.fidelity.layouts import HEADER_FILL, RUNNING_TITLE, STRIPE_FILL, Layout

HEADING_SCALE = {1: 2.0, 2: 1.5, 3: 1.25, 4: 1.1}
TWIPS_PER_PT = 20
#: The table borders (w:tblBorders) each table style draws; the sides not named are nil.
STYLE_BORDERS = {
    "grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "horizontal-rules": ("top", "bottom", "insideH"),
    "frame": ("top", "left", "bottom", "right"),
}


def build_docx(parts: list[Part], layout: Layout, path: Path) -> None:
    """Write ``parts`` as a Word document in ``layout`` to ``path``."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    from tests.fixtures.make_docx import _Numbering  # Word's list definitions, as the Word fixture makes them

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = layout.font
    normal.font.size = Pt(layout.font_size)
    section = document.sections[0]
    width, height = layout.page_mm
    section.orientation = WD_ORIENT.LANDSCAPE if layout.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(layout.margin_mm)
    section.top_margin = section.bottom_margin = Mm(layout.margin_mm)
    if layout.page_header:
        _runs(section.header.paragraphs[0], layout, RUNNING_TITLE, 0.8)
    if layout.page_footer:
        footer = section.footer.paragraphs[0]
        _runs(footer, layout, "Side ", 0.8)
        _field(footer, "PAGE")
        _runs(footer, layout, " af ", 0.8)
        _field(footer, "NUMPAGES")
    if layout.hyphenate:
        _hyphenation(document)
    numbering = _Numbering(document) if layout.list_numbering else None
    num_id = None
    previous = ""
    for part in parts:
        if part.kind in ("title", "heading"):
            paragraph = document.add_heading("", level=0 if part.kind == "title" else min(part.level, 4))
            _spacing(paragraph, layout, before=layout.font_size)
            _runs(paragraph, layout, part.text, HEADING_SCALE.get(part.level, 1.0), bold=True)
        elif part.kind == "paragraph":
            paragraph = document.add_paragraph()
            _spacing(paragraph, layout)
            _justify(paragraph, layout)
            _runs(paragraph, layout, part.text)
        elif part.kind == "item":
            if numbering is not None:
                if previous != "item" or part.number == 1:
                    num_id = numbering.new_list(start=part.number)
                paragraph = document.add_paragraph(style="List Paragraph")
                _numbered(paragraph, num_id)
                _runs(paragraph, layout, part.text)
            else:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.left_indent = Mm(8)
                paragraph.paragraph_format.first_line_indent = Mm(-8)
                paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(8))
                _runs(paragraph, layout, f"{part.number}.\t{part.text}")
            _spacing(paragraph, layout)
            _justify(paragraph, layout)
        elif part.kind == "table":
            _table(document, part.rows, layout)
            _spacing(document.add_paragraph(), layout)
        previous = part.kind
    document.core_properties.title = parts[0].text if parts else ""
    document.save(str(path))


def _runs(paragraph, layout: Layout, text: str, scale: float = 1.0, bold: bool = False, white: bool = False) -> None:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.bold = bold
    run.font.name = layout.font
    run.font.size = Pt(round(layout.font_size * scale * 2) / 2)
    run.font.color.rgb = RGBColor(255, 255, 255) if white else RGBColor(0, 0, 0)
    if layout.hyphenate:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "da-DK")
        run._r.get_or_add_rPr().append(lang)


def _hyphenation(document) -> None:
    """Turn on automatic hyphenation and make Danish the document's default language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    auto = OxmlElement("w:autoHyphenation")
    auto.set(qn("w:val"), "true")
    tab_stop = settings.find(qn("w:defaultTabStop"))
    if tab_stop is not None:
        tab_stop.addnext(auto)  # the place the schema gives it, right after the default tab stop
    else:
        settings.insert(0, auto)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if r_pr is not None:
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:val"), "da-DK")


def _justify(paragraph, layout: Layout) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if layout.justify:
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _spacing(paragraph, layout: Layout, before: float = 0) -> None:
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(layout.space_after)
    fmt.line_spacing = layout.line_height


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        elif kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        run._r.append(el)


def _numbered(paragraph, num_id: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.extend([ilvl, num])
    paragraph._p.get_or_add_pPr().append(num_pr)


def _table(document, rows: tuple[tuple[str, ...], ...], layout: Layout) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    count = len(rows[0])
    widths = [f * layout.text_width_mm for f in layout.column_fractions(count)]
    table = document.add_table(rows=len(rows), cols=count)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    drawn = STYLE_BORDERS.get(layout.table_style, ())
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single" if side in drawn else "nil")
        if side in drawn:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(layout.cell_padding * TWIPS_PER_PT)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    for r, cells in enumerate(rows):
        row = table.rows[r]
        if r == 0 and layout.repeat_header:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(header)
        for c, text in enumerate(cells):
            cell = row.cells[c]
            cell.width = Mm(widths[c])
            _cell_style(cell, layout.table_style, r)
            paragraph = cell.paragraphs[0]
            _spacing(paragraph, layout)
            if r > 0:
                _justify(paragraph, layout)
            if text:
                white = r == 0 and layout.table_style == "header-fill"
                _runs(paragraph, layout, text, bold=r == 0 or c == 0, white=white)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)


def _cell_style(cell, style: str, row: int) -> None:
    """Give a cell the fill (w:shd) or the rule under the header (w:tcBorders) of its table style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fill = {"header-fill": HEADER_FILL if row == 0 else None, "zebra": STRIPE_FILL if row and row % 2 == 0 else None}
    tc_pr = cell._tc.get_or_add_tcPr()
    if style == "frame" and row == 0:
        borders = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        tc_pr.append(borders)
    if fill.get(style):
        shd = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill[style].lstrip("#").upper())):
            shd.set(qn(key), value)
        tc_pr.append(shd)
