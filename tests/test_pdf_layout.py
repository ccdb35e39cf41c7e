"""PDF layout stages on inline characters: lines and segments, page furniture, borderless tables, blocks."""

from __future__ import annotations

import pytest

from pipeline.read.pdf import PdfSettings, pages_to_blocks
from pipeline.read.pdf.layout import chars_to_lines, furniture_keys
from pipeline.read.pdf.tables import lines_to_borderless_tables

ADVANCE = 5.0  # every glyph is 5 points wide: enough to place text by hand


def glyphs(text: str, x: float, top: float, size: float = 10.0, bold: bool = False) -> list[dict]:
    """Return pdfplumber-like characters for ``text`` starting at ``x`` (spaces are glyphs, as LibreOffice writes)."""
    font = "AAAAAA+LiberationSans-Bold" if bold else "AAAAAA+LiberationSans"
    return [
        {
            "text": ch,
            "x0": x + i * ADVANCE,
            "x1": x + (i + 1) * ADVANCE,
            "top": top,
            "bottom": top + size,
            "size": size,
            "fontname": font,
            "upright": True,
        }
        for i, ch in enumerate(text)
    ]


def test_lines_split_into_segments_at_wide_gaps_and_keep_the_trailing_space():
    chars = glyphs("Projekt ", 50, 100) + glyphs("Status 2021-2023", 200, 100.5) + glyphs("af de", 50, 112)
    lines = chars_to_lines(chars, page=1)
    assert [ln.text for ln in lines] == ["Projekt Status 2021-2023", "af de"]
    first = lines[0]
    assert [s.text for s in first.segments] == ["Projekt", "Status 2021-2023"]
    assert first.segments[0].trailing_space and not first.segments[1].trailing_space
    assert first.segments[0].x1 == 50 + 7 * ADVANCE  # the box ends at the last glyph, not the space


def test_running_header_and_page_numbers_are_furniture():
    pages = []
    for n in (1, 2, 3):
        chars = glyphs("Faxe Kommune", 50, 30) + glyphs(f"Text on page {n}", 50, 300) + glyphs(f"Side {n}", 280, 800)
        pages.append(chars_to_lines(chars, page=n))
    found = furniture_keys(pages, [842.0] * 3)
    assert found == {(i, "Faxe Kommune") for i in range(3)} | {(i, f"Side {i + 1}") for i in range(3)}


def test_a_lone_page_number_is_furniture_even_on_one_page():
    lines = chars_to_lines(glyphs("Intro", 50, 300) + glyphs("- 7 -", 280, 800), page=1)
    assert furniture_keys([lines], [842.0]) == {(0, "- 7 -")}


def borderless_page(top: float = 100, paragraph: bool = True) -> list[dict]:
    chars = glyphs("Projekt", 50, top, bold=True) + glyphs("Beskrivelse", 150, top, bold=True)
    chars += glyphs("2024", 300, top, bold=True)
    chars += glyphs("Første", 50, top + 20) + glyphs("Om det ", 150, top + 20) + glyphs("Kører", 300, top + 20)
    chars += glyphs("første", 150, top + 32)
    chars += glyphs("Andet", 50, top + 52) + glyphs("Om det andet", 150, top + 52)
    if paragraph:
        chars += glyphs("Et afsnit efter tabellen, der er bredere end kolonnerne.", 50, top + 90)
    return chars


def test_borderless_columns_come_from_the_header_words_and_rows_from_the_gaps():
    lines = chars_to_lines(borderless_page(), page=1)
    tables, rest = lines_to_borderless_tables(lines, 1, 595.0, None)
    assert [ln.text for ln in rest] == ["Et afsnit efter tabellen, der er bredere end kolonnerne."]
    (table,) = tables
    assert table.columns == (50, 150, 300)
    cells = [[" ".join(s.text for s in cell.lines) for cell in row.cells] for row in table.rows]
    assert cells == [
        ["Projekt", "Beskrivelse", "2024"],
        ["Første", "Om det første", "Kører"],
        ["Andet", "Om det andet", ""],
    ]


def test_blocks_from_a_page_heading_item_table_and_paragraph():
    chars = glyphs("Kultur for alle", 50, 40, size=16, bold=True) + glyphs("1.", 50, 70) + glyphs("SKABER vi", 70, 70)
    chars += borderless_page(top=100)
    lines = chars_to_lines(chars, page=1)
    blocks = pages_to_blocks([([], lines)], [595.0], [842.0], "inline.pdf")
    assert [(b.kind, b.text or b.cells) for b in blocks] == [
        ("heading", "Kultur for alle"),
        ("item", "SKABER vi"),
        ("row", ("Projekt", "Beskrivelse", "2024")),
        ("row", ("Første", "Om det første", "Kører")),
        ("row", ("Andet", "Om det andet", "")),
        ("paragraph", "Et afsnit efter tabellen, der er bredere end kolonnerne."),
    ]
    assert blocks[0].level == 1 and blocks[1].number == 1
    assert blocks[3].pos.page == 1 and blocks[3].pos.bbox == (50, 120, 325, 142)


def test_a_table_going_on_at_the_top_of_the_next_page_continues_its_cut_row():
    first = borderless_page(top=700, paragraph=False)  # the page ends inside the last row
    second = glyphs("videre", 150, 60) + glyphs("Tredje", 50, 80) + glyphs("Nyt", 150, 80)
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    blocks = pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf")
    rows = [b for b in blocks if b.kind == "row"]
    assert [r.cells for r in rows[-3:]] == [("Andet", "Om det andet", ""), ("", "videre", ""), ("Tredje", "Nyt", "")]
    assert rows[-2].continues and rows[-2].pos.page == 2 and not rows[-1].continues


def test_a_row_that_ended_at_the_page_bottom_is_not_continued():
    first = borderless_page(top=700, paragraph=False)
    first += glyphs("Slut.", 300, 752)  # every cell of the last row is finished
    second = glyphs("Tredje", 50, 60) + glyphs("Nyt projekt.", 150, 60)
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    rows = [b for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]
    assert rows[-2].cells == ("Andet", "Om det andet", "Slut.")
    assert rows[-1].cells == ("Tredje", "Nyt projekt.", "") and not rows[-1].continues


def test_a_paragraph_cut_by_the_page_break_is_one_paragraph():
    first = glyphs("Handleplanen skal ses i", 50, 760)
    second = glyphs("forlængelse af politikken.", 50, 60) + glyphs("Et nyt afsnit.", 50, 90)
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    blocks = pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf")
    assert [(b.kind, b.text, b.pos.page) for b in blocks] == [
        ("paragraph", "Handleplanen skal ses i forlængelse af politikken.", 1),
        ("paragraph", "Et nyt afsnit.", 2),
    ]


def test_borderless_numbers_right_aligned_under_their_header_stay_in_its_column():
    chars = glyphs("Projekt", 50, 100, bold=True) + glyphs("Beskrivelse", 150, 100, bold=True)
    chars += glyphs("Budget 2024", 300, 100, bold=True)  # 300..355
    chars += glyphs("Første", 50, 120) + glyphs("Kort", 150, 120) + glyphs("1.250.000", 310, 120)  # ends at 355
    chars += glyphs("Andet", 50, 140) + glyphs("Kort", 150, 140) + glyphs("12.000.000", 300 - 5, 140)  # from 295
    tables, rest = lines_to_borderless_tables(chars_to_lines(chars, page=1), 1, 595.0, None)
    assert rest == []
    cells = [[" ".join(s.text for s in cell.lines) for cell in row.cells] for row in tables[0].rows]
    assert cells[1:] == [["Første", "Kort", "1.250.000"], ["Andet", "Kort", "12.000.000"]]


def test_pdf_settings_check_themselves():
    with pytest.raises(ValueError, match="word_gap"):
        PdfSettings(word_gap=0.5, segment_gap=0.45)
    with pytest.raises(ValueError, match="row_gap"):
        PdfSettings(row_gap=-1)
    with pytest.raises(ValueError, match="heading_ratio"):
        PdfSettings(heading_ratio=1.0)


def test_pdf_settings_are_passed_down_to_the_stages():
    chars = glyphs("Kultur for alle", 50, 40, size=12) + glyphs("Brødteksten er længere end titlen.", 50, 70)
    lines = chars_to_lines(chars, page=1)
    default = pages_to_blocks([([], lines)], [595.0], [842.0], "inline.pdf")
    strict = pages_to_blocks([([], lines)], [595.0], [842.0], "inline.pdf", PdfSettings(heading_ratio=1.5))
    assert [b.kind for b in default] == ["heading", "paragraph"]
    assert [b.kind for b in strict] == ["paragraph", "paragraph"]
