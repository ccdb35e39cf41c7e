"""PDF layout stages on inline characters: lines and segments, page furniture, borderless tables, blocks."""

from __future__ import annotations

import pytest

from pipeline.read.pdf import PdfSettings, pages_to_blocks
from pipeline.read.pdf.layout import chars_to_lines, furniture_keys
from pipeline.read.pdf.tables import Cell, PageTable, TableRow, lines_to_borderless_tables

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


def test_a_line_end_hyphen_set_a_little_apart_belongs_to_its_word():
    """LibreOffice, seed 146 (justified, hyphenated): "digitale uni" then "-" 1.9 pt on, the line's word spaces
    3 pt or wider. A gap narrower than every word space on the line is no word space; a dash the author set
    apart ("sagt -") stands a word space off."""

    def line(words: list[str], hyphen_gap: float) -> str:
        chars: list[dict] = []
        x = 50.0
        for word in words:  # no space glyphs: the words stand 4 pt apart (stretched)
            chars += glyphs(word, x, 100)
            x += len(word) * ADVANCE + 4.0
        x = chars[-1]["x1"] + hyphen_gap
        chars += glyphs("-", x, 100)
        return chars_to_lines(chars, page=1)[0].text

    assert line(["af", "de", "digitale", "uni"], 2.6) == "af de digitale uni-"  # over word_gap: read as a space
    assert line(["kort", "sagt"], 4.0) == "kort sagt -"
    assert line(["sagt"], 2.5) == "sagt -"  # no word space on the line to measure by


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
    with pytest.raises(ValueError, match="row_gap_over_leading"):
        PdfSettings(row_gap_over_leading=0.0)
    with pytest.raises(ValueError, match="heading_ratio"):
        PdfSettings(heading_ratio=1.0)
    with pytest.raises(ValueError, match="page_cut_evidence_lines"):
        PdfSettings(page_cut_lines=3.0, page_cut_evidence_lines=2.0)
    with pytest.raises(ValueError, match="stretched_min must be positive"):
        PdfSettings(stretched_min=0.0)  # rounding would read every line as stretched
    with pytest.raises(ValueError, match="sentence_columns must be positive"):
        PdfSettings(sentence_columns=0)


def test_pdf_settings_are_passed_down_to_the_stages():
    chars = glyphs("Kultur for alle", 50, 40, size=12) + glyphs("Brødteksten er længere end titlen.", 50, 70)
    lines = chars_to_lines(chars, page=1)
    default = pages_to_blocks([([], lines)], [595.0], [842.0], "inline.pdf")
    strict = pages_to_blocks([([], lines)], [595.0], [842.0], "inline.pdf", PdfSettings(heading_ratio=1.5))
    assert [b.kind for b in default] == ["heading", "paragraph"]
    assert [b.kind for b in strict] == ["paragraph", "paragraph"]


# --- renderings we did not make: cells without padding, no space glyphs, wrapped headings -------


def cells(table) -> list[list[str]]:
    return [[" ".join(s.text for s in cell.lines) for cell in row.cells] for row in table.rows]


def test_borderless_rows_no_further_apart_than_lines_start_where_cells_start_together():
    # Cell padding 0 and no space after paragraphs (LibreOffice): every line is 10 points below the
    # last, and the description's text runs into the status column ("det" ends where "Kører" starts).
    chars = glyphs("Projekt", 50, 100, bold=True) + glyphs("Beskrivelse", 150, 100, bold=True)
    chars += glyphs("Status", 300, 100, bold=True)
    first = "Om det andet og det tredje nu"  # 29 glyphs and a space: up to x = 300
    chars += glyphs("Første projekt", 50, 110, bold=True) + glyphs(first + " ", 150, 110) + glyphs("Kører", 300, 110)
    chars += glyphs("første", 150, 120)
    chars += glyphs("Andet", 50, 130, bold=True) + glyphs("Om det andet", 150, 130) + glyphs("Slut", 300, 130)
    chars += glyphs("Tredje", 50, 140, bold=True) + glyphs("Sidst", 150, 140)
    lines = chars_to_lines(chars, page=1)
    tables, rest = lines_to_borderless_tables(lines, 1, 595.0, None)
    assert rest == []
    assert cells(tables[0]) == [
        ["Projekt", "Beskrivelse", "Status"],
        ["Første projekt", "Om det andet og det tredje nu første", "Kører"],
        ["Andet", "Om det andet", "Slut"],
        ["Tredje", "Sidst", ""],
    ]


def test_a_segment_running_across_a_column_start_is_cut_there():
    chars = glyphs("Projekt", 50, 100, bold=True) + glyphs("Beskrivelse", 150, 100, bold=True)
    chars += glyphs("Status", 300, 100, bold=True)
    # 30 glyphs from x = 150 reach the status column's start at 300 with no gap at all
    chars += glyphs("Første", 50, 112, bold=True) + glyphs("Samarbejdet har et godt forløbReparation", 150, 112)
    tables, _ = lines_to_borderless_tables(chars_to_lines(chars, page=1), 1, 595.0, None)
    assert cells(tables[0])[1] == ["Første", "Samarbejdet har et godt forløb", "Reparation"]


def test_a_heading_that_wraps_is_one_heading():
    body = "Brødtekst der fylder linjen ud til højre margen her."  # 50..310: the text's right edge
    chars = glyphs("Handleplan for Faxe Kommunes Bibliotek og", 50, 40, size=16, bold=True)  # ends at 255
    chars += glyphs("Borgerservice 2021-2025", 50, 68, size=16, bold=True)  # 12 points below: more than a paragraph gap
    chars += glyphs(body, 50, 110) + glyphs(body, 50, 122)
    chars += glyphs("Kultur for alle", 50, 160, size=16, bold=True) + glyphs(body, 50, 190)
    wide = ADVANCE * len(body) + 50
    blocks = pages_to_blocks([([], chars_to_lines(chars, 1))], [wide + 50], [842.0], "inline.pdf")
    assert [(b.kind, b.text) for b in blocks if b.kind == "heading"] == [
        ("heading", "Handleplan for Faxe Kommunes Bibliotek og Borgerservice 2021-2025"),
        ("heading", "Kultur for alle"),
    ]


def test_a_heading_line_that_ends_short_of_the_margin_is_not_wrapped_into_the_next():
    body = "Brødtekst der fylder hele linjen ud til højre margen, som et afsnit gør i en plan."
    chars = glyphs("Kort titel", 50, 40, size=16, bold=True) + glyphs("Kultur for alle", 50, 68, size=16, bold=True)
    chars += glyphs(body, 50, 110)
    blocks = pages_to_blocks([([], chars_to_lines(chars, 1))], [595.0], [842.0], "inline.pdf")
    assert [b.text for b in blocks if b.kind == "heading"] == ["Kort titel", "Kultur for alle"]


def test_loose_line_spacing_keeps_a_paragraph_whole():
    # line height 1.6: 6 points between the lines of one paragraph, 16 between paragraphs
    text = ["Første linje af afsnittet", "anden linje af afsnittet", "tredje linje af afsnittet", "sidste linje."]
    chars = [c for n, line in enumerate(text) for c in glyphs(line, 50, 100 + 16 * n)]
    chars += glyphs("Et nyt afsnit her.", 50, 100 + 16 * 4 + 10) + glyphs("Og dets anden linje.", 50, 100 + 16 * 5 + 10)
    blocks = pages_to_blocks([([], chars_to_lines(chars, 1))], [595.0], [842.0], "inline.pdf")
    assert [b.text for b in blocks] == [" ".join(text), "Et nyt afsnit her. Og dets anden linje."]


def word_break_table(description_lines: list[str], top: float = 100) -> list[dict]:
    """A borderless table whose description column holds ``description_lines``, no space glyphs at line ends."""
    chars = glyphs("Projekt", 50, top, bold=True) + glyphs("Beskrivelse", 150, top, bold=True)
    chars += glyphs("Status", 300, top, bold=True) + glyphs("Første", 50, top + 14, bold=True)
    for n, line in enumerate(description_lines):
        chars += glyphs(line, 150, top + 14 + 12 * n)
    chars += glyphs("Kører", 300, top + 14)
    return chars


def description(chars: list[dict]) -> str:
    blocks = pages_to_blocks([([], chars_to_lines(chars, 1))], [595.0], [842.0], "inline.pdf")
    return [b for b in blocks if b.kind == "row"][1].cells[1]


def test_a_word_broken_after_other_words_on_its_line_is_joined():
    # reportlab fills the rest of a line with the start of a word too long for the cell (edge at 230)
    lines = ["Der er stor lyst", "stor søgning fi", "lmarrangementer.", "Det vurderes nu."]
    assert description(word_break_table(lines)) == "Der er stor lyst stor søgning filmarrangementer. Det vurderes nu."


def test_a_wrap_with_room_left_on_the_line_keeps_its_space_without_a_space_glyph():
    # Chromium writes no space glyph before a wrap: "spilaftener" would have fitted after "arrangere".
    lines = ["vi vil gerne arrange", "arrangere", "spilaftener sammen."]
    assert description(word_break_table(lines)) == "vi vil gerne arrange arrangere spilaftener sammen."


def test_a_short_word_of_its_own_after_a_full_line_is_not_joined():
    # "læsefællesskaber" fills its line and "i" would not have fitted: geometry cannot tell, the words do
    lines = ["at skabe nye fem", "læsefællesskaber", "i indskolingen."]
    assert description(word_break_table(lines)) == "at skabe nye fem læsefællesskaber i indskolingen."


def test_a_word_broken_by_the_page_inside_a_split_row_is_joined_without_a_space():
    # the column's text edge is where "undervisningsmate" ends: no line of the column runs further
    first = word_break_table(["Om det gode", "undervisningsmate"], top=730)
    second = glyphs("riale til dem.", 150, 60) + glyphs("Tredje", 50, 90) + glyphs("Nyt", 150, 90)
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    rows = [b for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]
    piece = next(r for r in rows if r.continues)
    assert piece.cells[1] == "riale til dem." and piece.glue[1]


def test_chromium_print_header_and_footer_are_furniture():
    pages = []
    for n in (1, 2, 3):
        chars = glyphs("25.11.2026 17.05", 20, 10, size=8) + glyphs("Handleplan for Faxe", 250, 10, size=8)
        chars += glyphs(f"Tekst på side {n}", 50, 300)
        chars += glyphs("file:///tmp/plan.html", 20, 830, size=8) + glyphs(f"{n}/3", 560, 830, size=8)
        pages.append(chars_to_lines(chars, page=n))
    found = furniture_keys(pages, [842.0] * 3)
    # date and title share a line, as URL and page number do: each line repeats, digits aside
    assert {text for _, text in found} == {"25.11.2026 17.05 Handleplan for Faxe"} | {
        f"file:///tmp/plan.html {n}/3" for n in (1, 2, 3)
    }


def test_a_print_header_is_furniture_where_a_table_reaches_up_to_it():
    """Chromium's print header (seed 42, 2023): on the first page it stands apart, on the second a table
    going on at the page's top stands less than a font size under it, set as large."""
    pages = []
    for n, content_top in ((1, 300), (2, 20)):
        chars = glyphs("12/7/26, 4:30 PM", 20, 10, size=8) + glyphs("Handleplan for Faxe", 250, 10, size=8)
        for k in range(12):  # a cell's lines, one point apart, from the top margin down into the body
            chars += glyphs(f"linje {k}", 50, content_top + 9 * k, size=8)
        pages.append(chars_to_lines(chars, page=n))
    found = furniture_keys(pages, [842.0] * 2)
    assert found == {(0, "12/7/26, 4:30 PM Handleplan for Faxe"), (1, "12/7/26, 4:30 PM Handleplan for Faxe")}


def test_a_repeated_header_row_close_to_its_table_on_every_page_is_content():
    pages = []
    for n in (1, 2, 3):
        chars = glyphs("Projekt", 50, 95, size=8) + glyphs("Beskrivelse", 200, 95, size=8)
        chars += glyphs(f"Række {n}", 50, 106, size=8)
        pages.append(chars_to_lines(chars, page=n))
    assert furniture_keys(pages, [842.0] * 3) == set()


def test_a_title_alone_at_the_top_of_the_next_page_goes_on_with_the_cut_row():
    first = borderless_page(top=700, paragraph=False)
    first += glyphs("Slut.", 300, 752)  # every other cell of the last row is finished
    second = glyphs("Borgerservice", 50, 60, bold=True)
    second += glyphs("Tredje", 50, 90, bold=True) + glyphs("Nyt projekt.", 150, 90)
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    rows = [b for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]
    assert [(r.cells[0], r.continues) for r in rows[-2:]] == [("Borgerservice", True), ("Tredje", False)]


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "orientation": "v" if x0 == x1 else "h"}


class _RuledPage:
    def __init__(self, edges: list[dict]) -> None:
        self.edges = edges


def test_column_rules_that_end_and_start_again_with_no_rule_across_close_a_row():
    """reportlab's repeated header row over a row going on from the page before: the header's
    column rules end where the body's start, with no rule under the header (seed 7, 2023)."""
    from pipeline.read.pdf.tables import _open_ends

    columns = (70.9, 182.2, 417.1, 771.0)
    header = [_edge(x, 76.9, x, 103.7) for x in columns]
    body = [_edge(x, 103.7, x, 448.5) for x in columns]
    rules = [_edge(70.9, 76.9, 771.0, 76.9), _edge(70.9, 152.1, 771.0, 152.1), _edge(70.9, 448.5, 771.0, 448.5)]
    assert _open_ends(_RuledPage(header + body + rules), 3.0) == [103.7]
    # rules drawn row by row with a rule across each row end: nothing to add
    rules.append(_edge(70.9, 103.7, 771.0, 103.7))
    assert _open_ends(_RuledPage(header + body + rules), 3.0) == []
    # one column rule broken (a spanning cell) is no row end
    assert _open_ends(_RuledPage([*body, _edge(182.2, 76.9, 182.2, 103.7), *rules[:3]]), 3.0) == []


def _ruled_row(texts: list[list[str]], top: float, page: int) -> TableRow:
    """A ruled row whose cells hold the given lines, 12 points apart, in columns 100 points wide."""
    cells = []
    for k, lines in enumerate(texts):
        chars = [c for n, line in enumerate(lines) for c in glyphs(line, 52 + 100 * k, top + 2 + 12 * n)]
        segs = tuple(seg for line in chars_to_lines(chars, page) for seg in line.segments)
        cells.append(Cell(segs, 48.0 + 100 * (k + 1)))
    bottom = top + 4 + 12 * max(1, *(len(lines) for lines in texts))
    return TableRow(tuple(cells), (50.0, top, 350.0, bottom), page)


def test_a_row_cut_before_its_title_began_is_a_row_of_its_own():
    """WeasyPrint, seed 18, 2023: the page ends inside a row whose title cell moved wholly to the
    next page, below a repeated header; that row is not the rest of the finished row above it."""
    header = [["Projekt"], ["Beskrivelse"], ["2024"]]
    first = PageTable(
        (50.0, 150.0, 250.0),
        (
            _ruled_row(header, 700, 1),
            _ruled_row([["Støttet"], ["Samarbejde."], ["Slut."]], 720, 1),
            _ruled_row([[], ["I et samarbejde med"], ["Samarbejdet"]], 760, 1),
        ),
        1,
        ruled=True,
    )
    second = PageTable(
        (50.0, 150.0, 250.0),
        (_ruled_row(header, 60, 2), _ruled_row([["Læsecenter"], ["skolerne."], ["fortsætter"]], 80, 2)),
        2,
        ruled=True,
    )
    pages = [([first], []), ([second], [])]
    rows = [b for b in pages_to_blocks(pages, [595.0] * 2, [800.0] * 2, "inline.pdf") if b.kind == "row"]
    assert [(r.cells, r.continues) for r in rows[1:]] == [
        (("Støttet", "Samarbejde.", "Slut."), False),
        (("Læsecenter", "I et samarbejde med", "Samarbejdet"), False),
        (("Projekt", "Beskrivelse", "2024"), False),
        (("", "skolerne.", "fortsætter"), True),
    ]


def justified(words: list[str], x: float, top: float, gap: float, spaces: bool = False) -> list[dict]:
    """Return the glyphs of ``words`` set ``gap`` points apart (a justified line), with or without space glyphs."""
    chars: list[dict] = []
    for word in words:
        chars += glyphs(word + (" " if spaces else ""), x, top)
        x += len(word) * ADVANCE + gap
    return chars


def test_a_justified_lines_evenly_spread_words_are_one_segment():
    # 8 points apart (0.8 font sizes, past segment_gap): each word alone would be a column
    line = chars_to_lines(justified(["2.", "TILBYDER", "vi", "viden,", "læring"], 50, 100, 8.0), page=1)[0]
    assert [s.text for s in line.segments] == ["2. TILBYDER vi viden, læring"]
    assert line.segments[0].boxes[2] == (60.0, 68.0)  # the space spans the gap it stands for
    # wider still (2.5 font sizes), where each word but the last ends in a space glyph
    line = chars_to_lines(justified(["Denne", "oversigt", "indeholder", "bibliotek"], 50, 100, 25, True), page=1)[0]
    assert [s.text for s in line.segments] == ["Denne oversigt indeholder bibliotek"]
    # 1.8 font sizes apart without space glyphs (WeasyPrint, seed 78: a narrow list item), in a run of more equal
    # gaps than a table has columns
    words = ["2.", "BIDRAGER", "vi", "til", "opfyldelse", "af", "kommunens", "generelt", "og"]
    line = chars_to_lines(justified(words, 50, 100, 18.0), page=1)[0]
    assert [s.text for s in line.segments] == [" ".join(words)]
    line = chars_to_lines(justified(words[:6], 50, 100, 18.0), page=1)[0]
    assert len(line.segments) == 6  # five such gaps: as many as a table of six columns has


def test_table_columns_at_even_gaps_stay_apart():
    # uneven gaps: a header row
    row = glyphs("Projekt", 50, 100) + glyphs("Beskrivelse", 100, 100) + glyphs("Status", 200, 100)
    row += glyphs("2024", 260, 100) + glyphs("2025", 300, 100)
    assert [s.text for s in chars_to_lines(row, page=1)[0].segments] == [
        "Projekt",
        "Beskrivelse",
        "Status",
        "2024",
        "2025",
    ]
    # even gaps, but wide ones between short texts without space glyphs: year columns
    years = justified(["2024", "2025", "2026", "2027", "2028"], 50, 100, 20.0)
    assert [s.text for s in chars_to_lines(years, page=1)[0].segments] == ["2024", "2025", "2026", "2027", "2028"]


def test_a_justified_cell_lines_last_word_touching_the_next_column_stays_in_its_cell():
    from pipeline.read.pdf.tables import _cut_line

    # "programmeringskurs er i" justified in the 2024 column (starting at 50) up to the 2025 column at 200,
    # whose text "denne kan" starts there with no gap: "i" + "denne" read as one segment starting at 195
    chars = glyphs("programmeringskurs", 50, 100) + glyphs("er", 162.5, 100) + glyphs("idenne kan", 195, 100)
    line = chars_to_lines(chars, page=1)[0]
    assert [s.text for s in line.segments] == ["programmeringskurs", "er", "idenne kan"]
    loose = PdfSettings(column_slack=6.0, column_cut_slack=0.5)
    cut = _cut_line(line, (10.0, 50.0, 200.0), loose)
    assert [s.text for s in cut.segments] == ["programmeringskurs", "er i", "denne kan"]
    assert (cut.segments[1].x1, cut.segments[2].x0) == (200.0, 200.0)
    # uneven gaps: no justified line, nothing moves
    chars = glyphs("programmeringskurs", 50, 100) + glyphs("er", 160, 100) + glyphs("idenne kan", 195, 100)
    line = chars_to_lines(chars, page=1)[0]
    assert _cut_line(line, (10.0, 50.0, 200.0), loose).segments == line.segments


def narrow_i(x1: float, top: float) -> list[dict]:
    """Return the glyph "i", 2.4 points wide, ending at ``x1``: a cell line's short last word."""
    (char,) = glyphs("i", 0, top)
    return [{**char, "x0": x1 - 2.4, "x1": x1}]


def test_a_short_last_word_ending_at_the_next_columns_start_stays_in_its_cell():
    # cells without padding: the description column's text starts right at 60 on every line; a justified title
    # line ends in "i" from 57.6 to 60, within the column slack before that start, alone ("ber" "i") or run
    # together with the description's first word ("udvik" "iuddannelses")
    chars = glyphs("Projekt", 10, 100, bold=True) + glyphs("Beskrivelse", 60, 100, bold=True)
    chars += glyphs("Status", 200, 100, bold=True)
    chars += glyphs("Drift", 10, 112) + glyphs("Grundet stor", 60, 112) + glyphs("Ledelsen", 200, 112)
    chars += glyphs("udvik", 10, 124) + narrow_i(60.0, 124) + glyphs("uddannelses", 60, 124)
    chars += glyphs("sørger", 200, 124)
    chars += glyphs("ber", 10, 136) + narrow_i(60.0, 136)
    chars += glyphs("Andet", 10, 156) + glyphs("kompetencer", 60, 156) + glyphs("Afsluttet", 200, 156)  # a row gap
    lines = chars_to_lines(chars, page=1)
    assert [s.text for s in lines[2].segments] == ["udvik", "iuddannelses", "sørger"]
    assert [s.text for s in lines[3].segments] == ["ber", "i"]
    (table,), rest = lines_to_borderless_tables(lines, 1, 595.0, None)
    assert rest == []
    assert cells(table)[1:] == [
        ["Drift udvik i ber i", "Grundet stor uddannelses", "Ledelsen sørger"],
        ["Andet", "kompetencer", "Afsluttet"],
    ]


def test_short_last_words_at_the_next_column_stay_in_their_cell_in_a_table_of_few_lines():
    # few lines (a table going on at a page's top, WeasyPrint, frame style, no padding): the status column's
    # text starts right at 200 twice (its header and "Godt."), and two words "i" that end at 200 start a little
    # before it; being in question themselves, they are no evidence that the column's text starts early
    chars = glyphs("Projekt", 10, 100, bold=True) + glyphs("Beskrivelse", 60, 100, bold=True)
    chars += glyphs("Status", 200, 100, bold=True)
    chars += glyphs("Café", 10, 112) + glyphs("vil indgå", 60, 112) + narrow_i(200.0, 112)
    chars += glyphs("og mere", 60, 124) + narrow_i(200.0, 124)
    chars += glyphs("projektet.", 60, 136)
    chars += glyphs("Ny", 10, 156) + glyphs("Om.", 60, 156) + glyphs("Godt.", 200, 156)
    (table,), _ = lines_to_borderless_tables(chars_to_lines(chars, page=1), 1, 595.0, None)
    assert cells(table)[1:] == [["Café", "vil indgå i og mere i projektet.", ""], ["Ny", "Om.", "Godt."]]


def test_a_short_word_a_little_before_a_column_whose_text_starts_there_loosely_stays_in_that_column():
    # the description column's text starts a little before its header on most lines (drawn a little off):
    # an "i" there is that column's text
    chars = glyphs("Projekt", 10, 100, bold=True) + glyphs("Beskrivelse", 60, 100, bold=True)
    chars += glyphs("Status", 200, 100, bold=True)
    chars += glyphs("Drift", 10, 112) + glyphs("Grundet stor", 58, 112) + glyphs("Ledelsen", 200, 112)
    chars += glyphs("udvik", 10, 124) + narrow_i(60.0, 124) + glyphs("uddannelses", 60, 124)
    chars += glyphs("Andet", 10, 144) + glyphs("kompetencer", 58, 144) + glyphs("Afsluttet", 200, 144)
    (table,), _ = lines_to_borderless_tables(chars_to_lines(chars, page=1), 1, 595.0, None)
    assert cells(table)[1][:2] == ["Drift udvik", "Grundet stor iuddannelses"]


def test_a_justified_cell_lines_tail_ending_in_an_abbreviation_is_cut_at_the_next_column():
    from pipeline.read.pdf.tables import _cut_line

    # "F.eks." ends a justified 2024 cell line at the 2025 column's start (200), whose "2024 og" runs on with no
    # gap: the dots and digits either side of the cut are no number right-aligned under the 2025 header
    chars = glyphs("på", 50, 100) + glyphs("F.eks.2024 og", 170, 100)
    line = chars_to_lines(chars, page=1)[0]
    cut = _cut_line(line, (10.0, 50.0, 200.0), PdfSettings())
    assert [s.text for s in cut.segments] == ["på", "F.eks.", "2024 og"]
    # a number run across the start is one number
    line = chars_to_lines(glyphs("på", 50, 100) + glyphs("12.000.000", 180, 100), page=1)[0]
    assert [s.text for s in _cut_line(line, (10.0, 50.0, 200.0), PdfSettings()).segments] == ["på", "12.000.000"]


def test_a_justified_lines_word_spaces_keep_their_own_width():
    # space glyphs 5 points wide, each followed by 3 points more: the line spread to its cell's edge
    line = chars_to_lines(justified(["De", "første", "kontakter", "er"], 50, 100, 8.0, True), page=1)[0]
    seg = line.segments[0]
    assert seg.text == "De første kontakter er"
    assert seg.x1 - seg.x0 == 19 * ADVANCE + 3 * 8.0
    assert seg.natural_width == pytest.approx(22 * ADVANCE)  # 19 letters and 3 spaces, as set unstretched


def test_a_table_going_on_from_the_page_before_keeps_its_columns():
    # reportlab-2023-s27 (fidelity matrix): the page opens inside the table with a justified status line of
    # three words spread over the column ("Projektet har været"); three lines below start a word where the
    # "r" of "været" starts (285), which is no column of a header run together: "været" stays whole
    head = glyphs("Titel", 50, 700) + glyphs("Status", 200, 700) + glyphs("2024", 320, 700) + glyphs("2025", 420, 700)
    segs = chars_to_lines(head, 1)[0].segments
    row = TableRow(tuple(Cell((seg,), seg.x1) for seg in segs), (50.0, 700.0, 440.0, 710.0), 1)
    open_table = PageTable((50.0, 200.0, 320.0, 420.0), (row,), 1, ruled=False, heads=tuple((s.x0, s.x1) for s in segs))
    chars = glyphs("Læselyst", 50, 60) + glyphs("Projektet", 200, 60) + glyphs("har", 252.5, 60)
    chars += glyphs("været", 275, 60)
    for n, (word, tail) in enumerate([("sekonsulenter", "og"), ("unge.", "har"), ("af", "for")]):
        chars += glyphs(word, 200, 72 + 12 * n) + glyphs(tail, 285, 72 + 12 * n)
    tables, rest = lines_to_borderless_tables(chars_to_lines(chars, 2), 2, 595.0, open_table)
    assert [t.columns for t in tables] == [(50.0, 200.0, 320.0, 420.0)] and not rest
    assert tables[0].rows[0].cells[1].lines[0].text == "Projektet har været"


def test_a_page_footer_inside_a_ruled_table_drawn_past_the_page_text_is_no_row():
    """Chromium, seed 63 and 82: a table cut by the page has its rules drawn to the page end, so the footer
    "Side 2 af 3" falls inside the table's box, its words parted between columns; on the other pages it stands
    alone at the same height. It is furniture there too, not a row (which had taken the cut row's place)."""
    header = [["Projekt"], ["Beskrivelse"], ["2024"]]

    def page(number: int, rows: list[TableRow]) -> tuple[list[PageTable], list]:
        table = PageTable((50.0, 150.0, 250.0), (_ruled_row(header, 60, number), *rows), number, ruled=True)
        return [table], []

    footer = [[], ["Side"], ["2 af 3"]]
    pages = [
        page(1, [_ruled_row([["Første"], ["Et projekt."], ["Slut."]], 80, 1)]),
        page(2, [_ruled_row([["Andet"], ["Om det andet"], ["Kører."]], 80, 2), _ruled_row(footer, 760, 2)]),
        page(3, [_ruled_row([["Tredje"], ["Om det tredje."], ["Slut."]], 80, 3)]),
    ]
    for number in (1, 3):  # the footer as a line of its own on the other pages
        pages[number - 1] = (pages[number - 1][0], chars_to_lines(glyphs(f"Side {number} af 3", 152, 762), number))
    rows = [b.cells for b in pages_to_blocks(pages, [595.0] * 3, [800.0] * 3, "inline.pdf") if b.kind == "row"]
    assert ("Andet", "Om det andet", "Kører.") in rows
    assert not any("Side" in " ".join(cells) for cells in rows)


def test_a_running_header_parted_mid_word_by_a_ruled_tables_columns_is_no_row():
    """Chromium, seed 168: a row cut at the page's top has its box drawn from the page's top, and the running
    header "Faxe Kommune" falls inside it, parted mid-word by the column rules ("Faxe Kom" | "mune"). Spaces
    aside, it is the header that stands alone at the same height on the other pages."""
    header = [["Projekt"], ["Beskrivelse"], ["2024"]]

    def page(number: int, rows: list[TableRow]) -> tuple[list[PageTable], list]:
        table = PageTable((50.0, 150.0, 250.0), (_ruled_row(header, 60, number), *rows), number, ruled=True)
        return [table], []

    running = [["Faxe Kom"], ["mune"], []]
    pages = [
        page(1, [_ruled_row([["Første"], ["Et projekt."], ["Slut."]], 80, 1)]),
        page(2, [_ruled_row(running, 30, 2), _ruled_row([["Andet"], ["Om det andet"], ["Kører."]], 80, 2)]),
        page(3, [_ruled_row([["Tredje"], ["Om det tredje."], ["Slut."]], 80, 3)]),
    ]
    for number in (1, 3):  # the running header as a line of its own on the other pages
        pages[number - 1] = (pages[number - 1][0], chars_to_lines(glyphs("Faxe Kommune", 100, 32), number))
    rows = [b.cells for b in pages_to_blocks(pages, [595.0] * 3, [800.0] * 3, "inline.pdf") if b.kind == "row"]
    assert ("Andet", "Om det andet", "Kører.") in rows
    assert not any("Kom" in " ".join(cells) for cells in rows)


def test_a_print_footer_whose_ends_a_ruled_tables_columns_cut_off_is_no_row():
    """Chromium, seed 190: the print footer "file:///tmp/…/plan.html 2/4" falls inside a cut row's box; its "fi"
    stands left of the first column and its "4" right of the last, so the row reads "le:///tmp/chromiu" |
    "m-6959/plan.html" | "2/". A long piece of the footer standing alone at that height elsewhere is furniture."""
    header = [["Projekt"], ["Beskrivelse"], ["2024"]]

    def page(number: int, rows: list[TableRow]) -> tuple[list[PageTable], list]:
        table = PageTable((50.0, 150.0, 250.0), (_ruled_row(header, 60, number), *rows), number, ruled=True)
        return [table], []

    footer = [["le:///tmp/chromiu"], ["m-6959/plan.html"], ["2/"]]
    pages = [
        page(1, [_ruled_row([["Første"], ["Et projekt."], ["Slut."]], 80, 1)]),
        page(2, [_ruled_row([["Andet"], ["Om det andet"], ["Kører."]], 80, 2), _ruled_row(footer, 760, 2)]),
        page(3, [_ruled_row([["Tredje"], ["Om det tredje."], ["Slut."]], 80, 3)]),
    ]
    for number in (1, 3):
        line = glyphs(f"file:///tmp/chromium-6959/plan.html {number}/3", 40, 762)
        pages[number - 1] = (pages[number - 1][0], chars_to_lines(line, number))
    rows = [b.cells for b in pages_to_blocks(pages, [595.0] * 3, [800.0] * 3, "inline.pdf") if b.kind == "row"]
    assert ("Andet", "Om det andet", "Kører.") in rows
    assert not any("chromiu" in " ".join(cells) for cells in rows)


def test_header_words_run_together_start_where_a_capital_follows_a_small_letter_or_a_year_a_year():
    """reportlab, seed 169 and 174, cells without padding: "Status 2021-20232024", "ProjektBeskrivelse". A column
    may start at such a header glyph (where the rows' glyphs part there too), not inside a word or a year."""
    from pipeline.read.pdf.tables import _word_boundary

    text = "Status 2021-20232024 ProjektBeskrivelse"
    starts = [n for n in range(1, len(text)) if _word_boundary(text, n)]
    assert [text[n:].split()[0][:6] for n in starts] == ["2021-2", "2024", "Projek", "Beskri"]


def test_a_numbered_items_wrapped_rest_goes_on_with_it_across_loose_line_spacing():
    # reportlab, seed 242: line height 1.5 and space after every paragraph, and no paragraph of two lines to tell
    # the leading by. Item 4 fills its line; its rest, on a line indented from the number, stands 0.8 font sizes
    # below: it is the item's, not a paragraph of its own. A paragraph at the margin after the items is not.
    from pipeline.read.pdf.reader import _lines_to_blocks

    chars = glyphs("3. PRAKTISERER vi et værtskab.", 50, 100)
    chars += glyphs("4. FOKUSERER vi på kommunens rammer, kort sagt, en kommune,", 50, 130)
    chars += glyphs("hvor det er fedt at bo.", 65, 148)
    chars += glyphs("Et afsnit efter listen.", 50, 166)
    lines = chars_to_lines(chars, 1)
    blocks = _lines_to_blocks(lines, 10.0, {}, PdfSettings(), text_right=max(ln.x1 for ln in lines))
    assert [(b.kind, b.text) for b in blocks] == [
        ("item", "PRAKTISERER vi et værtskab."),
        ("item", "FOKUSERER vi på kommunens rammer, kort sagt, en kommune, hvor det er fedt at bo."),
        ("paragraph", "Et afsnit efter listen."),
    ]
