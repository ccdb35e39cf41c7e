"""PDF table structure on renderings we did not make: rows cut by a page, row starts, columns, repeated glyphs."""

from __future__ import annotations

import io

from pipeline.read.pdf import pages_to_blocks
from pipeline.read.pdf.layout import chars_to_lines
from pipeline.read.pdf.reader import overflow_glyphs, read_pdf
from pipeline.read.pdf.tables import lines_to_borderless_tables
from tests.test_pdf_layout import glyphs


def cells(table) -> list[list[str]]:
    return [[" ".join(s.text for s in cell.lines) for cell in row.cells] for row in table.rows]


def header(top: float, columns: dict[float, str]) -> list[dict]:
    return [c for x, text in columns.items() for c in glyphs(text, x, top, bold=True)]


FOUR = {50: "Projekt", 150: "Beskrivelse", 300: "Status", 400: "2025"}


# --- a row cut by the page, in a document set with loose line spacing -------------------------------


def loose_row(top: float, lines: list[tuple[str, str, str]]) -> list[dict]:
    """A row whose lines stand 17.5 points apart (line height 1.5: a gap of 0.75 font sizes)."""
    chars: list[dict] = []
    for n, texts in enumerate(lines):
        for x, text in zip((50, 150, 300), texts, strict=True):
            if text:
                chars += glyphs(text, x, top + 17.5 * n)
    return chars


def test_a_row_cut_by_the_page_two_loose_lines_above_the_bottom_goes_on_on_the_next_page():
    # The row's last line ends 25 points (2.5 line heights) above the lowest text of the document:
    # with lines 17.5 points apart, the row's next line (kept together with the one after it, as
    # widow control does) did not fit, so the row was cut there.
    first = header(100, {50: "Projekt", 150: "Beskrivelse", 300: "Status"})
    first += loose_row(117.5, [("Første", "Om det første projekt i", "Kører."), ("", "kommunen.", "")])
    first += loose_row(690, [("Læsning i", "Et projekt.", "I gang."), ("skolernes", "", "")])
    second = loose_row(60, [("fritidsordning.", "", "")])
    second += loose_row(95, [("Andet", "Om det andet.", "Slut.")])
    second += glyphs("Et afsnit efter tabellen, der er bredere end kolonnerne.", 50, 732.5)
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    rows = [b for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]
    assert [r.cells for r in rows] == [
        ("Projekt", "Beskrivelse", "Status"),
        ("Første", "Om det første projekt i kommunen.", "Kører."),
        ("Læsning i skolernes", "Et projekt.", "I gang."),
        ("fritidsordning.", "", ""),
        ("Andet", "Om det andet.", "Slut."),
    ]
    assert rows[3].continues and rows[3].pos.page == 2 and not rows[4].continues


def test_rows_a_little_further_apart_than_touching_lines_are_rows():
    # Line height 1.0: a cell's lines touch (gap 0), and cell padding 2 sets the rows 4 points (0.4 font
    # sizes) apart, less than ``row_gap`` assumes for lines 0.2 font sizes apart. Every cell line fills its
    # column, so no column tells a row start from a wrap: the gap over the document's leading does.
    chars = header(90, {50: "Projekt", 150: "Beskrivelse", 300: "Status"})
    lines = [
        (100, ("Første projekt i k", "Om det første projekt i komm", "Kører fint")),
        (110, ("ommunens biblioteke", "unen og dens biblioteker der", "og godt.")),
        (124, ("Andet projekt i kom", "Om det andet projekt i kommu", "Slut.")),
        (134, ("munens skoler lige", "nen og dens skoler og haller", "")),
    ]
    for top, texts in lines:
        for x, text in zip((50, 150, 300), texts, strict=True):
            chars += glyphs(text, x, top) if text else []
    rows = [b for b in pages_to_blocks([([], chars_to_lines(chars, 1))], [595.0], [842.0], "x.pdf") if b.kind == "row"]
    assert [r.cells[2] for r in rows] == ["Status", "Kører fint og godt.", "Slut."]


# --- borderless rows no further apart than lines ---------------------------------------------------


def four_column_rows(second_title: str, second_key: str) -> list[dict]:
    """Two rows 12 points apart (as their lines): the last column's text fills its width on every line."""
    chars = header(100, FOUR)
    rows = [
        ("Første af de", "Om det første", "Kører fint og", "Projektet kører og"),
        (second_title, "projekt.", "godt.", "vi vurderer løbende"),  # the last column ends at its edge
        (second_key, "Om det andet.", "Slut.", "Projektet kører"),
    ]
    for n, texts in enumerate(rows):
        for x, text in zip(FOUR, texts, strict=True):
            chars += glyphs(text, x, 112 + 12 * n)
    return chars


def test_a_line_where_the_key_column_and_most_cells_start_anew_starts_a_row():
    # "Projektet" would not have fitted after "vi vurderer løbende": that cell may go on. But
    # "Andet", "Om" and "Slut." would each have fitted on the line above: three cells start anew
    # at once, the first among them, so a row starts (Chromium, cells with 1 point of padding).
    tables, rest = lines_to_borderless_tables(chars_to_lines(four_column_rows("mange", "Andet"), 1), 1, 595.0, None)
    assert rest == []
    assert cells(tables[0])[1:] == [
        [
            "Første af de mange",
            "Om det første projekt.",
            "Kører fint og godt.",
            "Projektet kører og vi vurderer løbende",
        ],
        ["Andet", "Om det andet.", "Slut.", "Projektet kører"],
    ]


def test_a_key_cell_that_wraps_keeps_its_row_though_other_cells_start_anew():
    # "projekterne" did not fit after "Første af de": the title goes on, whatever the others do.
    chars = four_column_rows("mange", "projekterne")
    tables, _ = lines_to_borderless_tables(chars_to_lines(chars, 1), 1, 595.0, None)
    assert cells(tables[0])[1:] == [
        [
            "Første af de mange projekterne",
            "Om det første projekt. Om det andet.",
            "Kører fint og godt. Slut.",
            "Projektet kører og vi vurderer løbende Projektet kører",
        ],
    ]


# --- generous cell padding: rows further apart than the table's end gap -----------------------------


def test_a_table_goes_on_across_a_wide_gap_at_a_line_whose_cells_start_at_its_columns():
    # Cell padding 12 and space after (LibreOffice): rows stand 30 points apart, three line heights.
    # A row whose later cells are empty must not start a table of its own with fewer columns.
    chars = header(100, FOUR)
    chars += glyphs("Første", 50, 140) + glyphs("Om det første.", 150, 140)
    chars += glyphs("Kører.", 300, 140) + glyphs("Videre.", 400, 140)
    chars += glyphs("Andet", 50, 180) + glyphs("Om det andet.", 150, 180)
    chars += glyphs("Tredje", 50, 220) + glyphs("Om det tredje.", 150, 220)
    chars += glyphs("Slut.", 300, 220) + glyphs("Videre.", 400, 220)
    chars += glyphs("Et afsnit efter tabellen, der er bredere end kolonnerne.", 50, 260)
    tables, rest = lines_to_borderless_tables(chars_to_lines(chars, 1), 1, 595.0, None)
    assert [ln.text for ln in rest] == ["Et afsnit efter tabellen, der er bredere end kolonnerne."]
    (table,) = tables
    assert table.columns == (50, 150, 300, 400)
    assert cells(table) == [
        ["Projekt", "Beskrivelse", "Status", "2025"],
        ["Første", "Om det første.", "Kører.", "Videre."],
        ["Andet", "Om det andet.", "", ""],
        ["Tredje", "Om det tredje.", "Slut.", "Videre."],
    ]


# --- a line cut by the page break, painted on both pages --------------------------------------------


def test_glyphs_a_cut_line_paints_again_at_the_next_pages_top_are_dropped():
    previous = glyphs("nu. Vi gradvist lade det", 300, 528) + glyphs("Side 1 af 4", 100, 562)
    g = next(c for c in previous if c["text"] == "g")
    chars = [dict(g, top=g["top"] - 482, bottom=g["bottom"] - 482)]  # only its descender shows, above the text
    chars += glyphs("blive drevet mere af de", 300, 58)
    assert overflow_glyphs(chars, previous) == {0}


def test_glyphs_a_cut_line_paints_on_the_page_before_are_dropped_beside_header_and_footer():
    # Chromium: the ring of the "å" in "år" on the next page's first line shows at this page's
    # bottom, between its last line and its footer; the next page has a running header on top.
    before = glyphs("med at skabe", 300, 549) + glyphs("Side 2 af 3", 100, 577)
    after = glyphs("Faxe Kommune", 100, 9) + glyphs("alderen 0-18 år Faxe Kommune.", 120, 28.7)
    ring = next(c for c in after if c["text"] == "å")
    before.append(dict(ring, top=568.0, bottom=579.5))
    assert overflow_glyphs(before, after, top=False) == {len(before) - 1}
    assert overflow_glyphs(after, before) == set()


def test_a_word_at_a_pages_top_like_one_on_the_page_before_is_text():
    # "fortsat" starts a line at the same place on both pages (the same sentence in two rows), but
    # the page before goes on below that line: it is not the line the break cut.
    previous = glyphs("Erfaringer indgår", 300, 500) + glyphs("fortsat mellem", 300, 512) + glyphs("og", 300, 700)
    chars = glyphs("fortsat", 300, 50) + glyphs("mellem dem", 300, 62)
    assert overflow_glyphs(chars, previous) == set()
    # ... nor is a whole line that repeats one (a running header)
    assert overflow_glyphs(glyphs("og", 300, 50), previous) == set()


def test_a_word_of_a_pages_first_line_like_one_at_the_same_place_on_the_page_before_is_text():
    # Chromium, justified: "i" ends "Vandringerne er fortsat i" at the next page's top and "spilaften i" on
    # the page before, at the same place; a run of its line beside it has no twin: the line is text.
    previous = glyphs("spilaften ", 300, 520) + glyphs("i", 354, 520) + glyphs("Rønnede.", 300, 530)
    chars = glyphs("fortsat ", 305, 55) + glyphs("i", 354, 55) + glyphs("2024 med", 300, 65)
    assert overflow_glyphs(chars, previous) == set()


def test_a_pdf_whose_cut_line_shows_a_descender_on_the_next_page_reads_it_once():
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 770, "Vi har prøvet det i et år og vil")
    pdf.drawString(72, 758, "nu gradvist lade det")
    # The "å" of the next page's first line again, 12 points below the last line: its ring, clipped.
    pdf.drawString(72 + stringWidth("blive drevet af de frivillige i ", "Helvetica", 10), 746, "å")
    pdf.showPage()
    pdf.setFont("Helvetica", 10)
    # The "g" of "gradvist" again, 12 points above the page's first line: its descender, clipped.
    pdf.drawString(72 + stringWidth("nu ", "Helvetica", 10), 802, "g")
    pdf.drawString(72, 790, "blive drevet af de frivillige i år.")
    pdf.save()
    blocks = read_pdf(buffer.getvalue(), "cut.pdf").blocks
    assert [b.text for b in blocks] == [
        "Vi har prøvet det i et år og vil nu gradvist lade det blive drevet af de frivillige i år."
    ]


def test_a_pdf_whose_lines_overlap_is_read():
    # lines 6 points apart at 10 points (line height 0.6: the leading is below zero): the row gap over the
    # leading stays above zero, so the settings hold, and the page reads as text, not as a corrupt PDF
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    pdf.setFont("Helvetica", 10)
    for n in range(12):
        pdf.drawString(72, 770 - 6 * n, f"Linje {n} sat tæt")
    pdf.save()
    blocks = read_pdf(buffer.getvalue(), "tight.pdf").blocks
    assert " ".join(b.text for b in blocks).split() == " ".join(f"Linje {n} sat tæt" for n in range(12)).split()


# --- which row a page's first piece goes on with -----------------------------------------------------

THREE = {50: "Projekt", 200: "Beskrivelse", 350: "Status"}


def two_pages(first_rows: list[tuple[float, tuple[str, str, str]]], second_rows) -> list:
    pages = []
    for n, (rows, top) in enumerate(((first_rows, 700), (second_rows, None))):
        chars = header(top, THREE) if top is not None else []
        for line_top, texts in rows:
            for x, text in zip(THREE, texts, strict=True):
                if text:
                    chars += glyphs(text, x, line_top)
        pages.append(([], chars_to_lines(chars, n + 1)))
    return [b for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]


def test_a_title_that_wraps_onto_the_next_page_goes_on_with_its_row():
    # "Borgerservice" did not fit after "platforme og", nor "Projektet" after "alle licenser.": the
    # piece is the rest of the row, though the description above ends in "(1)" (WeasyPrint).
    rows = two_pages(
        [
            (715, ("Første", "Om det.", "Kører.")),
            (760, ("Generelt servicetjek af", "Organisationen gennemgår", "Vi har gennemgået")),
            (772, ("platforme og", "om vi bruger det. (1)", "alle licenser.")),
        ],
        [(60, ("Borgerservice", "", "Projektet kører.")), (85, ("Næste", "Om det.", "Slut."))],
    )
    assert [r.cells for r in rows[2:]] == [
        (
            "Generelt servicetjek af platforme og",
            "Organisationen gennemgår om vi bruger det. (1)",
            "Vi har gennemgået alle licenser.",
        ),
        ("Borgerservice", "", "Projektet kører."),
        ("Næste", "Om det.", "Slut."),
    ]
    assert rows[3].continues and not rows[4].continues


def test_a_row_begun_without_its_title_at_a_pages_bottom_takes_up_its_cells_from_the_next_page():
    # WeasyPrint: only the last cell's first line fitted at the page bottom; the row's title,
    # description and status start on the next page.
    rows = two_pages(
        [(715, ("Første", "Om det.", "Kører.")), (740, ("", "", "Tilbuddet er i drift"))],
        [(60, ("Borgerservice on the fly", "Vi etablerer et tilbud.", "")), (85, ("Næste", "Om det.", "Slut."))],
    )
    assert [r.cells for r in rows[1:]] == [
        ("Første", "Om det.", "Kører."),
        ("Borgerservice on the fly", "Vi etablerer et tilbud.", "Tilbuddet er i drift"),
        ("", "", ""),
        ("Næste", "Om det.", "Slut."),
    ]
    assert rows[3].continues


# --- characters in their order on the line ------------------------------------------------------------


def test_a_space_glyph_kerned_into_the_next_letter_stays_before_it():
    # reportlab, DejaVu Serif 8: the space after "Læsecentret" starts at 354.27, the "e" of "er" at
    # 354.16; ordered by where glyphs start, the line read "Læsecentrete r".
    chars = glyphs("Læsecentret", 299.27, 570.7, size=8.0)  # up to 354.27
    chars += [dict(chars[-1], text=" ", x0=354.27, x1=356.81), dict(chars[-1], text="e", x0=354.16, x1=358.89)]
    chars += [dict(chars[-1], text="r", x0=358.89, x1=362.72)]
    (line,) = chars_to_lines(chars, page=1)
    assert [s.text for s in line.segments] == ["Læsecentret er"]


# --- header cells without padding -------------------------------------------------------------------


def test_a_column_the_header_ran_together_starts_where_the_rows_text_starts():
    # The header cells touch: "Status 2021-2023" ends where "2024" starts, one segment. The rows'
    # text starts at 380 on three lines, and so does a header word: a column starts there.
    chars = header(100, {50: "Projekt", 150: "Beskrivelse", 300: "Status 2021-2023", 380: "2024"})
    for n, (title, status, plan) in enumerate(
        [("Første", "Kører.", "Videre."), ("Andet", "Slut.", "Nyt."), ("Tredje", "", "Ja.")]
    ):
        chars += (
            glyphs(title, 50, 112 + 20 * n) + glyphs("Om det.", 150, 112 + 20 * n) + glyphs(plan, 380, 112 + 20 * n)
        )
        chars += glyphs(status, 300, 112 + 20 * n) if status else []
    lines = chars_to_lines(chars, 1)
    assert [s.text for s in lines[0].segments] == ["Projekt", "Beskrivelse", "Status 2021-20232024"]
    (table,) = lines_to_borderless_tables(lines, 1, 595.0, None)[0]
    assert table.columns == (50, 150, 300, 380)
    assert cells(table) == [
        ["Projekt", "Beskrivelse", "Status 2021-2023", "2024"],
        ["Første", "Om det.", "Kører.", "Videre."],
        ["Andet", "Om det.", "Slut.", "Nyt."],
        ["Tredje", "Om det.", "", "Ja."],
    ]


def test_a_header_ran_together_takes_a_column_only_where_the_rows_text_starts_exactly():
    # Status lines of a justified column start words a little off a header glyph ("Status 2021-2023" has
    # glyphs at 345 and 350) on three lines: text near a place is no column start. The rows' text starts
    # exactly at 380, where the 2024 header starts, on three lines: one column there, and only there.
    chars = header(100, {50: "Projekt", 150: "Beskrivelse", 300: "Status 2021-2023", 380: "2024"})
    for n, title in enumerate(["Første", "Andet", "Tredje"]):
        top = 112 + 20 * n
        chars += glyphs(title, 50, top) + glyphs("Om det.", 150, top) + glyphs("Gik", 300, top)
        chars += glyphs("godt.", 347 - n, top) + glyphs("Ja.", 380, top)
    lines = chars_to_lines(chars, 1)
    (table,) = lines_to_borderless_tables(lines, 1, 595.0, None)[0]
    assert table.columns == (50, 150, 300, 380)
    assert cells(table)[1:] == [
        ["Første", "Om det.", "Gik godt.", "Ja."],
        ["Andet", "Om det.", "Gik godt.", "Ja."],
        ["Tredje", "Om det.", "Gik godt.", "Ja."],
    ]


def test_a_header_ran_together_again_on_a_later_page_over_few_rows_takes_the_column_the_table_before_had():
    # The same header repeated on the next page, above only two rows whose text starts at 380: too few
    # to find the column alone, but the table on the page before had it (``open_table``). A paragraph
    # wider than the columns stands between them: the header starts a table of its own.
    cols = {50: "Projekt", 150: "Beskrivelse", 300: "Status 2021-2023", 380: "2024"}
    before = lines_to_borderless_tables(chars_to_lines(header(100, cols) + three_rows(112), 1), 1, 595.0, None)[0]
    assert before[0].columns == (50, 150, 300, 380)
    chars = glyphs("Et afsnit efter tabellen, der er bredere end kolonnerne.", 20, 70) + header(100, cols)
    chars += glyphs("Fjerde", 50, 112) + glyphs("Om det.", 150, 112) + glyphs("Kører.", 300, 112)
    chars += glyphs("Videre.", 380, 112)
    chars += glyphs("Femte", 50, 132) + glyphs("Om det.", 150, 132) + glyphs("Nyt.", 380, 132)
    lines = chars_to_lines(chars, 2)
    (table,), rest = lines_to_borderless_tables(lines, 2, 595.0, before[0])
    assert [ln.text for ln in rest] == ["Et afsnit efter tabellen, der er bredere end kolonnerne."]
    assert table.columns == (50, 150, 300, 380)
    assert cells(table)[1:] == [["Fjerde", "Om det.", "Kører.", "Videre."], ["Femte", "Om det.", "", "Nyt."]]
    # without the table before, two rows are too few: the header keeps its three columns
    (alone,) = lines_to_borderless_tables(lines, 2, 595.0, None)[0]
    assert alone.columns == (50, 150, 300)


def test_a_header_ran_together_over_few_rows_takes_the_column_its_repeat_on_the_next_page_shows():
    # reportlab, seed 169: the header at the first page's foot over two rows, too few to find the column its
    # cells ran together over ("Status 2021-20232024"); repeated at the next page's top over three rows,
    # whose text starts at 380 as a header word does. The column is the table's on both pages.
    cols = {50: "Projekt", 150: "Beskrivelse", 300: "Status 2021-2023", 380: "2024"}

    def rows(top: float, texts: list[tuple[str, str, str, str]]) -> list[dict]:
        return [
            c
            for n, row in enumerate(texts)
            for x, text in zip(cols, row, strict=True)
            if text
            for c in glyphs(text, x, top + 30 * n)
        ]

    first = header(700, cols) + rows(712, [("Nul", "Om det.", "Godt.", "Ja."), ("Et", "Om et.", "", "Nej.")])
    second = header(60, cols) + rows(
        72,
        [("To", "Om to.", "Kører.", "Videre."), ("Tre", "Om tre.", "Slut.", "Nyt."), ("Fire", "Om fire.", "", "Ja.")],
    )
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    got = [b.cells for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "x.pdf") if b.kind == "row"]
    assert got == [
        ("Projekt", "Beskrivelse", "Status 2021-2023", "2024"),
        ("Nul", "Om det.", "Godt.", "Ja."),
        ("Et", "Om et.", "", "Nej."),
        ("Projekt", "Beskrivelse", "Status 2021-2023", "2024"),  # repeated: the segment stage drops it
        ("To", "Om to.", "Kører.", "Videre."),
        ("Tre", "Om tre.", "Slut.", "Nyt."),
        ("Fire", "Om fire.", "", "Ja."),
    ]


def three_rows(top: float) -> list[dict]:
    chars: list[dict] = []
    for n, (title, status, plan) in enumerate(
        [("Første", "Kører.", "Videre."), ("Andet", "Slut.", "Nyt."), ("Tredje", "", "Ja.")]
    ):
        y = top + 20 * n
        chars += glyphs(title, 50, y) + glyphs("Om det.", 150, y) + glyphs(plan, 380, y)
        chars += glyphs(status, 300, y) if status else []
    return chars


def test_a_row_starts_where_justified_cells_end_their_paragraphs_though_the_title_ends_in_one_word():
    # Cells without padding, lines touching, text justified: a cell line that is not its paragraph's last
    # reaches the column's edge (three lines of the title and four of the description do). The
    # description's "kendskab til hvad" ends short of it (its paragraph ended) and the status's "Ja." would
    # have held the next word: both start anew on the next line. The title's last line is one word
    # ("tering"): one word cannot be spread, so it tells nothing, though "Støttet" did not fit after it.
    rows = [
        ("Om de ting", "Folkeskolen, gymnasiet og VU", "Der har været stor", "Fortsat"),
        ("af de slag", "opsøges og inviteres for det", "efterspørgsel.", ""),
        ("tering", "kendskab til hvad", "Ja.", ""),
        ("Støttet af", "Samarbejdet mellem SFO og bi", "Samarbejde", ""),
        ("Slots", "blioteket, der sætter forsk", "slut.", ""),
    ]
    assert cells(justified_table(rows))[1:] == [
        [
            "Om de ting af de slag tering",
            "Folkeskolen, gymnasiet og VU opsøges og inviteres for det kendskab til hvad",
            "Der har været stor efterspørgsel. Ja.",
            "Fortsat",
        ],
        ["Støttet af Slots", "Samarbejdet mellem SFO og bi blioteket, der sætter forsk", "Samarbejde slut.", ""],
    ]
    # a description line short of the edge by no more than a letter broke a word there (reportlab): no end
    rows[2] = ("tering", "kendskab til hvad et biblio", "Ja.", "")
    assert len(justified_table(rows).rows) == 2


def justified_table(rows: list[tuple[str, str, str, str]]):
    chars = header(90, {10: "Projekt", 60: "Beskrivelse", 200: "Status", 300: "2024"})
    for n, row in enumerate(rows):
        for x, text in zip((10, 60, 200, 300), row, strict=True):
            chars += glyphs(text, x, 100 + 10 * n) if text else []
    tables, rest = lines_to_borderless_tables(chars_to_lines(chars, 1), 1, 595.0, None)
    assert rest == []
    return tables[0]


def test_a_justified_cell_line_of_few_words_spread_wide_is_one_cell_line():
    # A justified line of two gaps ("et" "fælles" "grundforløb.") spreads its words further apart than a
    # segment gap but too few of them to read as justified text: within one cell they are still one line,
    # so the cell's next line is joined to it as a wrap, never glued to its last word ("fællesgrundforløb").
    chars = header(100, FOUR)
    chars += glyphs("Kursus", 50, 115) + glyphs("Om kurset.", 150, 115)
    chars += glyphs("har", 300, 115) + glyphs("et", 330, 115) + glyphs("fælles", 352, 115)
    chars += glyphs("I gang", 400, 115)
    chars += glyphs("grundforløb.", 300, 127)
    tables, rest = lines_to_borderless_tables(chars_to_lines(chars, 1), 1, 595.0, None)
    assert rest == []
    status = tables[0].rows[1].cells[2]
    assert [s.text for s in status.lines] == ["har et fælles", "grundforløb."]


def test_a_row_after_a_wide_gap_whose_justified_title_spreads_its_words_goes_on_with_the_table():
    # Cell padding 12 under a rule (horizontal-rules style), text justified: the first row's title line
    # "Åben skole" is spread to the title column's edge, so "skole" starts inside the column, not at a
    # column start. The row still starts cells together at the columns: it is the table's, not a new
    # table of nine columns.
    chars = header(100, FOUR)
    chars += glyphs("Åben", 50, 140) + glyphs("skole", 85, 140) + glyphs("I samarbejde.", 150, 140)
    chars += glyphs("Godt.", 300, 140) + glyphs("Videre.", 400, 140)
    chars += glyphs("tilbud", 50, 152)
    tables, rest = lines_to_borderless_tables(chars_to_lines(chars, 1), 1, 595.0, None)
    assert rest == []
    (table,) = tables
    assert table.columns == (50, 150, 300, 400)
    assert cells(table)[1] == ["Åben skole tilbud", "I samarbejde.", "Godt.", "Videre."]


def test_a_row_after_a_wide_gap_whose_justified_cells_run_into_one_segment_after_its_title_goes_on_with_the_table():
    # LibreOffice, seed 185 (2024): the row's first line is justified in every cell. "Sprog" and "på" are spread
    # over the title column, and "på" stands as far before the description as every word of the line stands
    # before the next, so "på En tværfaglig ... arbejdet" reads as one segment across three column starts. A
    # word gap stands at each of them: after the padding's wide gap, the line starts a row of the table.
    gap = 6.25

    def spread(x: float, words: list[str], top: float) -> list[dict]:
        chars = []
        for word in words:
            chars += glyphs(word + " ", x, top)
            x += 5.0 * len(word) + gap
        return chars

    chars = header(100, FOUR)
    chars += (
        glyphs("Første", 50, 115) + glyphs("Om det.", 150, 115) + glyphs("Godt.", 300, 115) + glyphs("Ja.", 400, 115)
    )
    chars += glyphs("Sprog ", 50, 160) + glyphs("på ", 150 - gap - 10, 160)
    chars += spread(150, ["En", "tværfaglig", "tænketank", "hvis"], 160)
    chars += spread(300, ["Der", "er", "startet", "tre"], 160) + glyphs("Vi fortsætter", 400, 160)
    chars += glyphs("tværs", 50, 172) + glyphs("formål.", 150, 172) + glyphs("læsekredse.", 300, 172)
    lines = chars_to_lines(chars, 1)
    assert [s.text for s in lines[2].segments] == [
        "Sprog",
        "på En tværfaglig tænketank hvis Der er startet tre Vi fortsætter",
    ]
    tables, rest = lines_to_borderless_tables(lines, 1, 595.0, None)
    assert rest == []
    (table,) = tables
    assert cells(table)[2] == [
        "Sprog på tværs",
        "En tværfaglig tænketank hvis formål.",
        "Der er startet tre læsekredse.",
        "Vi fortsætter",
    ]


def test_a_row_starts_where_every_cell_ends_a_sentence_though_the_titles_spread_words_start_with_a_capital():
    # LibreOffice, seed 231 (2024), cells without padding: the title '"Læsecenter"' / "på      Faxe" goes on
    # (justified, its words spread into two segments), while the description and status end sentences and start
    # new ones. The title's line starts in lowercase: no row starts ("Faxe" is not where the cell line starts).
    from pipeline.read.pdf.settings import DEFAULT
    from pipeline.read.pdf.tables import _sentences_start_together

    chars = glyphs('"Læsecenter"', 50, 100) + glyphs("der et center.", 150, 100) + glyphs("dage om ugen.", 300, 100)
    chars += glyphs("på", 50, 110) + glyphs("Faxe", 120, 110) + glyphs("Centrets opgave", 150, 110)
    chars += glyphs("Samarbejdet med", 300, 110)
    prev, line = chars_to_lines(chars, 1)
    assert [s.text for s in line.segments] == ["på", "Faxe", "Centrets opgave", "Samarbejdet med"]
    assert not _sentences_start_together(prev, line, (50, 150, 300), 595.0, (), DEFAULT)
    # a title line that starts a sentence there starts a row
    capital = [dict(c, text="P") if c["text"] == "p" and c["top"] == 110 and c["x0"] == 50 else c for c in chars]
    prev, line = chars_to_lines(capital, 1)
    assert _sentences_start_together(prev, line, (50, 150, 300), 595.0, (), DEFAULT)


# --- a row whose cells are parted between the pages --------------------------------------------------


def four_column_pages(first_rows, second_rows, second_header: bool = False) -> list:
    """Two pages of a four-column borderless table (``FOUR``); the header at the first page's 700 (and at the
    second page's 60, repeated)."""
    pages = []
    for n, (rows, top) in enumerate(((first_rows, 700), (second_rows, 60 if second_header else None))):
        chars = header(top, FOUR) if top is not None else []
        for line_top, texts in rows:
            for x, text in zip(FOUR, texts, strict=True):
                if text:
                    chars += glyphs(text, x, line_top)
        pages.append(([], chars_to_lines(chars, n + 1)))
    return [b for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]


def test_a_row_whose_status_went_on_whole_to_the_next_page_goes_on_though_its_title_there_is_capitalised():
    # WeasyPrint (orphan control): the status cell could not start at the page bottom and went on whole;
    # the last cell ended there; the title and the description wrap onto the next page ("Digital" did not
    # fit after "til MitID og", nor "Post" after "med hjælp til Digital").
    rows = four_column_pages(
        [
            (715, ("Første", "Om det første projekt.", "Kører.", "Ja.")),
            (727, ("projekt", "", "", "")),
            (760, ("Digital hjælp", "Vi tilbyder faste tider", "", "Det fortsætter.")),
            (772, ("til MitID og", "med hjælp til Digital", "", "")),
        ],
        [
            (60, ("Digital Post", "Post og andre.", "Startet i 2024.", "")),
            (100, ("Næste", "Om det.", "Slut.", "Ja.")),
            (112, ("projekt", "", "", "")),
        ],
    )
    assert [r.cells for r in rows[2:]] == [
        ("Digital hjælp til MitID og", "Vi tilbyder faste tider med hjælp til Digital", "", "Det fortsætter."),
        ("Digital Post", "Post og andre.", "Startet i 2024.", ""),
        ("Næste projekt", "Om det.", "Slut.", "Ja."),
    ]
    assert rows[3].continues and not rows[4].continues


def test_a_capitalised_row_under_a_row_with_an_empty_cell_is_a_new_row_where_a_cell_starts_anew():
    # The same cells parted, but "Om" would have fitted after "Om hjælp.": the description starts anew.
    rows = four_column_pages(
        [
            (715, ("Første", "Om det første projekt i byen.", "Kører.", "Ja.")),
            (727, ("projekt", "", "", "")),
            (760, ("Digital hjælp", "Om hjælp.", "", "Det fortsætter.")),
        ],
        [
            (60, ("Digital Post", "Om post.", "Startet i 2024.", "")),
            (100, ("Næste", "Om det.", "Slut.", "Ja.")),
            (112, ("projekt", "", "", "")),
        ],
    )
    assert [r.cells for r in rows[2:4]] == [
        ("Digital hjælp", "Om hjælp.", "", "Det fortsætter."),
        ("Digital Post", "Om post.", "Startet i 2024.", ""),
    ]
    assert not rows[3].continues


def test_a_cells_rest_below_a_header_repeated_at_the_pages_top_goes_on_with_the_cut_row():
    # LibreOffice, padding 8: the header repeats at the top of the page, and the rest of the status cell cut
    # at the page bottom ("aktivi-" | "teter.") stands alone, a padding below and above it, before the next row.
    rows = four_column_pages(
        [(730, ("Første", "Om det.", "Sommerferie aktivi-", "Ja."))],
        [(100, ("", "", "teter.", "")), (140, ("Andet", "Om det andet.", "Slut.", "Nej."))],
        second_header=True,
    )
    assert [r.cells for r in rows] == [
        ("Projekt", "Beskrivelse", "Status", "2025"),
        ("Første", "Om det.", "Sommerferie aktivi", "Ja."),  # the hyphen the producer wrote goes, the word is glued
        ("Projekt", "Beskrivelse", "Status", "2025"),
        ("", "", "teter.", ""),
        ("Andet", "Om det andet.", "Slut.", "Nej."),
    ]
    assert rows[3].continues and rows[3].glue == (False, False, True, False) and not rows[4].continues


def test_a_piece_without_title_that_goes_on_mid_sentence_continues_a_row_that_stopped_lines_above_the_bottom():
    # Chromium (orphans and widows): the row stopped 3.8 line heights above the lowest text of the document,
    # beyond page_cut_lines, but the next page's piece has no title and its description goes on in lowercase
    # after a line that ends no sentence ("booke en" | "telefonisk tid.").
    rows = four_column_pages(
        [
            (715, ("Første", "Om det.", "Kører.", "Ja.")),
            (727, ("projekt", "", "", "")),
            (740, ("Nye former", "Vi vil booke en", "I gang.", "Kører.")),
            (752, ("i service", "", "", "")),
        ],
        [
            (60, ("", "telefonisk tid.", "", "")),
            (100, ("Næste", "Om det.", "Slut.", "Ja.")),
            (112, ("projekt", "", "", "")),
            (778, ("Sidste", "Om det.", "Slut.", "Ja.")),
            (790, ("projekt", "", "", "")),
        ],
    )
    assert [r.cells for r in rows[2:4]] == [
        ("Nye former i service", "Vi vil booke en", "I gang.", "Kører."),
        ("", "telefonisk tid.", "", ""),
    ]
    assert rows[3].continues and not rows[4].continues


def test_a_piece_without_title_starting_a_sentence_does_not_reach_a_row_that_stopped_lines_above_the_bottom():
    # The same page break, but the description below starts a sentence: beyond page_cut_lines, no cut.
    rows = four_column_pages(
        [
            (715, ("Første", "Om det.", "Kører.", "Ja.")),
            (727, ("projekt", "", "", "")),
            (740, ("Nye former", "Vi vil booke en", "I gang.", "Kører.")),
            (752, ("i service", "", "", "")),
        ],
        [
            (60, ("", "Telefonisk tid.", "", "")),
            (100, ("Næste", "Om det.", "Slut.", "Ja.")),
            (112, ("projekt", "", "", "")),
            (778, ("Sidste", "Om det.", "Slut.", "Ja.")),
            (790, ("projekt", "", "", "")),
        ],
    )
    assert rows[3].cells == ("", "Telefonisk tid.", "", "") and not rows[3].continues


# --- rows that stand no further apart than lines, every cell full to its edge ----------------------------------


def test_cells_that_all_end_a_sentence_and_start_one_on_the_next_line_start_a_row():
    """reportlab, seed 46 (2024): a frame table, line height 1.0, justified cells full to their edges, so no
    first word would have fitted on the line above; but every column, the title's included, ends a sentence
    ('rations cafe"', "apparater (1)", "frivillige.") and starts one on the next line: a new row."""
    columns = {50: 18, 150: 24, 300: 18}  # column start -> characters per full line (5 points each)
    rows = [
        [
            ("Etablering af en", "I samarbejde med dem vil", "Reparationscaféen"),
            ('"Reparationscafe"', "vi reparere ting (1)", "er sat i drift."),
        ],
        [
            ("Projekt om drift", "Grundet stor udskiftning", "Alle medarbejdere"),
            ("og kompetencer", "i personalet vil vi (2)", "har gennemført."),
        ],
    ]
    chars = header(100, {50: "Projekt", 150: "Beskrivelse", 300: "Status"})
    top = 112.0
    for row in rows:
        for texts in row:
            for (x, width), text in zip(columns.items(), texts, strict=True):
                chars += glyphs(text[:width], x, top)
            top += 12.0  # no gap between rows: lines 12 points apart at 10 points, as within a cell
    tables, _ = lines_to_borderless_tables(chars_to_lines(chars, 1), 1, 595.0, None)
    assert cells(tables[0])[1:] == [
        [
            'Etablering af en "Reparationscafe"',
            "I samarbejde med dem vil vi reparere ting (1)",
            "Reparationscaféen er sat i drift.",
        ],
        [
            "Projekt om drift og kompetencer",
            "Grundet stor udskiftning i personalet vil vi (2)",
            "Alle medarbejdere har gennemført.",
        ],
    ]


def test_a_header_cell_the_page_moved_on_whole_is_a_column_of_the_header_above():
    """WeasyPrint, seeds 68 and 81 (2023): the header row stands at a page's end, and its cell "Status 2021-2023",
    two lines, did not fit there: it starts the next page alone, in a column the header above lacks. That column
    is the table's, and the header is one row; before, its rows read the status into the description column."""
    first = glyphs("Et afsnit før tabellen.", 50, 100)
    first += header(770, {50: "Projekt", 150: "Beskrivelse", 400: "2024"})
    second = header(60, {300: "Status"}) + header(72, {300: "2021-2023"})
    second += [
        c for x, t in {50: "Første", 150: "Et projekt.", 300: "Kører.", 400: "Plan."}.items() for c in glyphs(t, x, 100)
    ]
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    rows = [b.cells for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]
    assert rows == [
        ("Projekt", "Beskrivelse", "Status 2021-2023", "2024"),
        ("Første", "Et projekt.", "Kører.", "Plan."),
    ]


def rows_across_pages(cut_row: list[tuple[str, str, str]], piece: str) -> list:
    """A three-column table whose last row (``cut_row``) stops 2.5 line heights above the first page's end, the
    title ``piece`` alone at the next page's top, then a new row and a paragraph: the row blocks."""
    first = header(100, {50: "Projekt", 150: "Beskrivelse", 300: "Status"})
    first += loose_row(117.5, [("Første", "Om det første.", "Kører.")])
    first += loose_row(682.5, cut_row)
    second = loose_row(60, [(piece, "", "")])
    second += loose_row(95, [("Andet", "Om det andet.", "Slut.")])
    second += glyphs("Et afsnit efter tabellen, der er bredere end kolonnerne.", 50, 732.5)
    pages = [([], chars_to_lines(first, 1)), ([], chars_to_lines(second, 2))]
    return [b for b in pages_to_blocks(pages, [595.0] * 2, [842.0] * 2, "inline.pdf") if b.kind == "row"]


def test_a_quote_opened_above_the_page_end_and_closed_below_it_continues_the_row():
    """WeasyPrint, seed 237 (2024): widow control moved the last two lines of the title 'Projekt "Nye
    serviceformer i Borgerservice"' to the next page, 2.5 line heights above the page's end. The title's quote
    opens on the page and closes in the piece on the next: the piece is the row's rest."""
    rows = rows_across_pages(
        [('Projekt "Nye', "Et projekt om", "Kører."), ("serviceformer i", "", "")], 'Borgerservice"'
    )
    assert [(r.cells, r.continues) for r in rows[2:]] == [
        (('Projekt "Nye serviceformer i', "Et projekt om", "Kører."), False),
        (('Borgerservice"', "", ""), True),
        (("Andet", "Om det andet.", "Slut."), False),
    ]
    # a quote closed on the page says nothing: the title below is a row of its own
    rows = rows_across_pages([('Projekt "Nye', "Et projekt om", "Kører."), ('former"', "", "")], 'Borgerservice"')
    assert not rows[3].continues


def test_a_word_hyphenated_across_the_page_continues_a_row_that_stopped_well_above_the_bottom():
    """Chromium, seed 102 (2023): the page ends 2.5 line heights below a row whose title ends in "kom-", and the
    next page goes on "petencer”": the row was cut there (its next lines kept together with the rest), so the piece
    is the row's rest, though farther up than a row cut at the page's very bottom."""
    rows = rows_across_pages([("Projekt om", "Et projekt om", "Kører."), ("faglige kom-", "", "")], "petencer”")
    assert [(r.cells, r.continues) for r in rows[2:]] == [
        (("Projekt om faglige kom", "Et projekt om", "Kører."), False),
        (("petencer”", "", ""), True),  # goes on with the row above, the word joined without its hyphen
        (("Andet", "Om det andet.", "Slut."), False),
    ]
    assert rows[3].glue[0]


def proportional(text: str, x: float, top: float) -> list[dict]:
    """Glyphs of a proportional font: narrow "ijlft", wide "mw", 5 points the rest; a space 2.5."""
    chars, at = [], x
    for ch in text:
        width = 2.5 if ch in "ijlft " else 7.5 if ch in "mw" else 5.0
        chars.append(dict(glyphs(ch, at, top)[0], x0=at, x1=at + width))
        at += width
    return chars


def width_of(text: str) -> float:
    return sum(c["x1"] - c["x0"] for c in proportional(text, 0, 0))


def test_glyphs_meeting_at_one_place_in_words_of_the_document_part_no_columns():
    # LibreOffice and reportlab, seed 240: "Status 2021-2023" is one header cell; its second word starts where the
    # status lines "Projekt|et kører", "Projekt|et er" set their "e": one word, set alike, on every line. Two
    # columns' texts that touch run different texts together there ("Kom|Videre."), no words of the document.
    from pipeline.read.pdf.settings import DEFAULT
    from pipeline.read.pdf.tables import _glyphs_part_at

    x = 300 + width_of("Projekt")
    chars = []
    for n, text in enumerate(["Projektet kommer.", "Projektet er slut.", "Projektet går."]):
        chars += proportional(text, 300, 100 + 12 * n) + proportional("Projektet fortsætter.", 420, 100 + 12 * n)
    assert not _glyphs_part_at(chars_to_lines(chars, 1), x, DEFAULT)
    chars = []
    for n, (left, right) in enumerate([("Kom", "Videre."), ("Slut", "Nyt."), ("Kører", "Ja.")]):
        chars += proportional(left, x - width_of(left), 100 + 12 * n) + proportional(right, x, 100 + 12 * n)
    assert _glyphs_part_at(chars_to_lines(chars, 1), x, DEFAULT)


def test_a_word_run_on_into_the_next_columns_text_is_read_apart_in_the_order_the_page_paints_it():
    # reportlab, seeds 74, 174, 215, 234: "Bibli-" / "oteksorientering" in a title column narrower than the word's
    # rest, which runs on over the description's "elever og" (reportlab paints each cell's line in one go). Read by
    # the glyphs' places alone the two interleave ("eelnetveerri nog"); read in the page's order they part, and each
    # cell keeps its text.
    chars = header(100, {60: "Projekt", 100: "Beskrivelse", 270: "Status"})
    chars += glyphs("Bibli-", 60, 115) + glyphs("Folkeskolen og", 100, 115) + glyphs("Der har", 270, 115)
    chars += glyphs("oteksorientering", 60, 127)  # to x = 140, over the description's first 40 points
    chars += glyphs("elever og", 100, 127) + glyphs("været stor.", 270, 127)
    lines = chars_to_lines(chars, 1)
    assert [(s.text, s.overprints) for s in lines[2].segments] == [
        ("oteksorientering", True),
        ("elever og", True),
        ("været stor.", False),
    ]
    (table,), rest = lines_to_borderless_tables(lines, 1, 595.0, None)
    assert rest == []
    assert cells(table)[1] == ["Bibli- oteksorientering", "Folkeskolen og elever og", "Der har været stor."]


def test_cells_set_at_different_line_pitches_interleave_in_one_row():
    # Chromium, seed 245: the title cell's lines stand 14.5 points apart here, the description's 12.75 beside them. From
    # the fourth line on the two drift apart into lines of their own, a title line between two description lines,
    # closer to each than a line pitch. Neither starts a row: the title's "læsefællessk" follows "læselyst og".
    chars = header(85, {50: "Projekt", 150: "Beskrivelse", 300: "Status"})
    title = ["Støttet af", "Slots- og", "Kulturstyr", "læser med", "læselyst og", "læsefællessk", "aber i", "indskolin"]
    text = [
        "Samarbejde",
        "mellem SFO",
        "og biblioteket",
        "der sætter",
        "fagligheder",
        "for at højne",
        "læselysten",
        "hos børn i",
    ]
    for k, words in enumerate(title):
        chars += glyphs(words, 50, 100 + 14.5 * k)
    for k, words in enumerate(text):
        chars += glyphs(words, 150, 100 + 12.75 * k)
    chars += glyphs("Er afsluttet.", 300, 100)
    chars += glyphs("Andet", 50, 230) + glyphs("Om det andet.", 150, 230) + glyphs("Slut.", 300, 230)
    lines = chars_to_lines(chars, 1)
    assert any(ln.text == "læser med" for ln in lines)  # drifted onto a line of its own
    (table,), rest = lines_to_borderless_tables(lines, 1, 595.0, None)
    assert rest == []
    assert cells(table)[1:] == [
        [" ".join(title), " ".join(text), "Er afsluttet."],
        ["Andet", "Om det andet.", "Slut."],
    ]
