"""Word breaks at line ends in PDF cells, judged by the geometry the whole document shows.

The PDFs are made here with reportlab (no space glyph at its line ends), so
each test knows the true text and the true column widths.
"""

from __future__ import annotations

import io

import pytest

# reportlab is in the test extra: a missing install fails here instead of skipping these tests.
import reportlab  # noqa: F401

from pipeline.read.pdf import hyphenation, wordbreak
from pipeline.read.pdf.reader import read_pdf
from pipeline.read.pdf.wordbreak import LineEnd, breaks_mid_line, danish_lookup

PAD = 6.0  # reportlab's default cell padding, left and right


def table_pdf(
    rows: list[tuple[str, str, str]], widths: tuple[float, float, float], grid: bool = False, justify: bool = False
) -> bytes:
    """A one-page PDF holding a table (header row, then ``rows``) with columns ``widths`` points wide."""
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    align = TA_JUSTIFY if justify else TA_LEFT
    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=10, leading=12, alignment=align)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=10, leading=12)
    data = [[Paragraph(text, head) for text in ("Projekt", "Beskrivelse", "Status")]]
    data += [[Paragraph(text, style) for text in row] for row in rows]
    table = Table(data, colWidths=list(widths))
    rules = [("GRID", (0, 0), (-1, -1), 0.5, "black")] if grid else []
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *rules]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([table])
    return out.getvalue()


def row_cells(data: bytes) -> list[tuple[str, ...]]:
    return [b.cells for b in read_pdf(data, "t.pdf").blocks if b.kind == "row"]


#: The description's lines, each wrapped by hand; the column is as wide as its longest line and half a point.
DESCRIPTION = ("I samarbejde med frivillige kræfter", "vil vi arrangere spilaftener på", "biblioteket for alle.")
STATUS = "Samarbejdet er fortsat."


def text_width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Helvetica", 10)


def test_a_title_column_edge_is_its_box_end_less_the_tables_gutter(monkeypatch):
    # "Brætspils" ends 12.3 pt short of the title column's text edge (54 pt wide), room for the
    # "a" (5.6 pt) of "aftener": a wrap at a space. The title column's own lines do not show that
    # edge (its longest line is "Brætspils"); the description column, full to within half a point,
    # shows the gutter between text edge and next column that every column of the table shares.
    seen = []
    decide = wordbreak.decide_breaks
    monkeypatch.setattr(wordbreak, "decide_breaks", lambda cells, *a: seen.append(cells) or decide(cells, *a))
    description_width = max(text_width(line) for line in DESCRIPTION) + 0.5 + 2 * PAD
    data = table_pdf([("Brætspils aftener", "<br/>".join(DESCRIPTION), STATUS)], (66.0, description_width, 120.0))
    assert row_cells(data)[1][0] == "Brætspils aftener"
    cells = seen[0]
    title = next(c for c in cells if c.lines and c.lines[0].text == "Brætspils")
    left, right = wordbreak.text_edges(cells)[cells.index(title)]
    assert left == pytest.approx(title.lines[0].x0)
    assert title.right == pytest.approx(title.lines[0].x1)  # what the cell's own lines show
    assert right == pytest.approx(title.lines[0].x0 + 66.0 - 2 * PAD, abs=0.6)  # the true text edge
    assert right - title.lines[0].x1 > 5.56 + 1  # so "Brætspilsa" would have fitted


def test_a_word_broken_after_other_words_is_joined_where_the_document_breaks_words_mid_line():
    # reportlab fills a line with the start of a word wider than its cell ("filmarrangementerne"
    # in a 60 pt text column), after the words already on it
    text = "Der var stor søgning til vores filmarrangementerne og mere"
    data = table_pdf([("Film", text, "I drift")], (60.0, 72.0, 120.0))
    assert row_cells(data)[1][1] == text


def test_a_justified_line_with_room_for_the_next_letter_unstretched_wraps_at_a_space():
    # "e. De første" is spread to the edge of its 60 pt text column, but set unstretched it leaves 10 pt,
    # room for the "k" (5 pt) of "kontakter": a wrap, though "førstekontakter" (66.7 pt) is too wide for
    # the cell and the document breaks words mid-line ("vores filmarr" / "angementern" / "e.")
    text = "Der var stor søgning til vores filmarrangementerne. De første kontakter er etableret nu."
    data = table_pdf([("Film", text, "I drift")], (60.0, 72.0, 120.0), justify=True)
    assert row_cells(data)[1][1] == text


def test_a_line_squeezed_to_fit_although_its_words_fit_wraps_at_a_space():
    # "Læselyst og" (53.9 pt) fits its 55.9 pt text column, but reportlab counts the space before
    # "makerspacearrangementerne", too wide for the cell and whose "m" (8.3 pt) does not fit, and squeezes
    # the line's word space by 0.8 pt to make room: the long word starts the next line
    text = "Læselyst og makerspacearrangementerne"
    status = "Der var stor søgning til vores filmarrangementerne."
    data = table_pdf([("Film", text, status)], (60.0, text_width("Læselyst og") + 2.0 + 2 * PAD, 72.0))
    assert row_cells(data)[1][1:] == (text, status)


def test_a_word_hyphenated_at_a_line_end_lends_no_words_to_the_document():
    # "har dre-" / "vet": "dre" ends a line, yet it is no word of the document, so it does not keep
    # "læseglædeforæl" / "dre" apart (reportlab broke "læseglædeforældre", too wide for its 44 pt text
    # column, after "og læsegl" and again after "ædeforæl")
    title = "Læselyst og læseglædeforældre som betydningsfulde"
    status = "Der var stor søgning til vores filmarrangementerne."
    data = table_pdf([("Film", title, status), ("Leg", "Mange har dre- vet", "I drift")], (60.0, 56.0, 72.0))
    assert row_cells(data)[1] == ("Film", title, status)


def test_a_word_too_wide_for_its_cell_that_runs_past_the_text_edge_moves_no_edge():
    # reportlab-2023-s59 (check set): "spørgsel" could not be broken and runs 4.3 pt past its column's text
    # edge; the gutter every column shares is measured from lines of several words, which wrap before the edge
    from pipeline.read.pdf.layout import Segment
    from pipeline.read.pdf.tables import Cell

    def seg(text: str, x0: float, x1: float) -> Segment:
        return Segment(text, x0, x1, 0.0, 8.0, 8.0, False, False)

    title = Cell((seg("aa bb", 10, 84), seg("cc dd", 10, 80), seg("ee", 10, 30)), 84, limit=100)
    status = Cell((seg("ff gg", 100, 184), seg("hh ii", 100, 180), seg("spørgsel", 100, 188.3)), 188.3, limit=200)
    assert wordbreak.text_edges([title, status]) == [(10, 84), (100, 184)]


def test_a_document_shows_whether_it_breaks_words_mid_line():
    def end(text: str, following: str) -> LineEnd:
        return LineEnd(text, following, False, True, True)

    lookup = danish_lookup(["filmarrangementer", "byvandringer"])
    # "fi" + "lmarrangementer": a word whose second piece is none, after other words: mid-line
    assert breaks_mid_line([end("søgning til vores fi", "lmarrangementer.")], set(), lookup)
    # two words after other words on the line prove nothing ("byvandring" / "er")
    assert not breaks_mid_line([end("Litterære byvandring", "er")], set(), lookup)
    # a broken word alone on its line is what every producer does
    assert not breaks_mid_line([end("filmarrangem", "enter.")], set(), lookup)


def test_a_quote_alone_at_a_line_end_opens_the_next_lines_word():
    assert wordbreak.glued(LineEnd('Etablering af en "', 'Reparations cafe"', False, True, True))
    assert wordbreak.glued(LineEnd("Projekt ”", "Drift og udvikling", False, True, True))
    assert not wordbreak.glued(LineEnd('Etablering af en "', 'Reparations cafe"', True, True, True))
    assert not wordbreak.glued(LineEnd('et "Læsecenter"', "på Faxe Bibliotek", False, True, True))


def test_a_shrunk_word_space_reads_before_the_letter_set_over_it():
    # reportlab-2023-s15 (fidelity matrix): the line "Læsecentret er" fitted by shrinking its word
    # space, so "e" starts 0.11 pt before the space glyph does (pdfplumber's x0 values)
    from pipeline.read.pdf.layout import chars_to_lines

    def char(text: str, x0: float, x1: float) -> dict:
        return {"text": text, "x0": x0, "x1": x1, "top": 100.0, "bottom": 108.0, "size": 8.0, "fontname": "Serif"}

    chars = [char("t", 351.05, 354.27), char(" ", 354.27, 356.81), char("e", 354.16, 358.89), char("r", 358.89, 362.72)]
    assert chars_to_lines(chars, 1)[0].text == "t er"


def test_a_piece_that_ends_lines_before_different_words_is_a_word():
    def end(text: str, following: str) -> LineEnd:
        return LineEnd(text, following, False, True, True)

    lookup = danish_lookup(["makerspaceaktiviteter", "makerspaceetablerer", "læsecentret", "læsecenter"])
    repeated = wordbreak._repeated_line_ends(
        [end("Makerspace", "aktiviteter."), end("vores Makerspace", "etablerer vi"), end("Makerspacet", "kører")],
        set(),
        lookup,
    )
    assert repeated == {"makerspace"}
    # one column breaks "Læsecentret" and "Læsecenter" at one place: short tails prove nothing
    assert not wordbreak._repeated_line_ends([end("Læsecent", "ret er"), end('"Læsecent', 'er"')], set(), lookup)


def _cell_seg(text: str, top: float):
    """A cell line of 5 pt letters from x = 10, without a space glyph at its end (as Chromium writes)."""
    from pipeline.read.pdf.layout import Segment

    boxes = tuple((10.0 + i * 5.0, 15.0 + i * 5.0) for i in range(len(text)))
    return Segment(text, 10.0, boxes[-1][1], top, top + 8.0, 8.0, False, False, boxes)


def _cell(*lines: str):
    from pipeline.read.pdf.tables import Cell

    segs = tuple(_cell_seg(line, 10.0 * k) for k, line in enumerate(lines))
    return Cell(segs, max(s.x1 for s in segs))


#: Two hyphen breaks elsewhere in the document: it hyphenates its words.
HYPHENATED = ["et repara-\ue000tionsværksted", "nye ele-\ue000menter"]


def test_a_word_after_a_hyphen_break_is_judged_from_its_start_without_the_hyphen():
    """Chromium, seed 14: "Film‐" / "klubber" / "efter" in a title cell as wide as "klubber"; the word the
    line end breaks is "Filmklubber", not "Film‐klubber" (no word, which glued "Filmklubberefter")."""
    from pipeline.read.pdf.hyphenation import MARK

    texts, _ = wordbreak.cells_to_texts([_cell("Film\u2010", "klubber", "efter", "samtale")], HYPHENATED)
    assert texts == [f"Film\u2010{MARK}klubber efter samtale"]


def test_a_next_line_broken_at_a_hyphen_is_judged_as_the_word_it_makes():
    """Chromium, seed 19: "kommunes" / "etab‐" / "lerede" / "filmtil‐" / "bud": the next lines make
    "etablerede" and "filmtilbud", words, not the pieces "etab‐" and "filmtil‐"."""
    from pipeline.read.pdf.hyphenation import MARK

    cell = _cell("kommunes", "etab\u2010", "lerede", "filmtil\u2010", "bud")
    texts, _ = wordbreak.cells_to_texts([cell], HYPHENATED)
    assert texts == [f"kommunes etab\u2010{MARK}lerede filmtil\u2010{MARK}bud"]


def test_a_next_line_broken_at_a_hyphen_on_the_next_page_is_judged_as_the_word_it_makes():
    """Chromium, seed 17: a title cut by the page at "Litterære" / "byvan‐" goes on with "dring er"."""
    texts, glue = wordbreak.cells_to_texts(
        [_cell("Litterære", "byvan\u2010"), _cell("dring er")], HYPHENATED, links=[(0, 1)]
    )
    assert texts == ["Litterære byvan", "dring er"] and glue == [True]


def test_in_a_document_that_hyphenates_a_line_end_before_a_word_of_the_document_is_a_wrap():
    """WeasyPrint, seed 19: "Makerspace" (no Danish word) / "eller byg og": a producer that hyphenates breaks a
    too wide word with a hyphen; without one, before "eller", a word standing elsewhere, it wrapped at a space."""
    cell = _cell("Makerspace", "eller byg", "og kod med")
    texts, _ = wordbreak.cells_to_texts([cell], [*HYPHENATED, "Spil eller leg"])
    assert texts == ["Makerspace eller byg og kod med"]

    # a document that breaks words after other words on a line fills its lines whatever the hyphenation:
    # there the joined word decides (were "Makerspaceeller" a word, it would be one)
    def lookup(word: str) -> bool:
        return word.casefold() == "makerspaceeller"

    assert wordbreak.should_join("Makerspace", "eller", {"eller"}, lookup, False, False, True, True)
    assert not wordbreak.should_join("Makerspace", "eller", {"eller"}, lookup, False, False, False, True)


def test_a_line_end_in_no_word_before_a_word_of_the_document_that_makes_no_word_with_it_is_a_wrap():
    """LibreOffice, seed 93 (not hyphenated): "Makerspace" / "eller byg": hunspell knows neither "Makerspace" nor
    "Makerspaceeller", and "eller" stands alone elsewhere in the document. A forced break lands on a word's
    boundary only by chance; a wrap after a name always does. A piece that is no word of the document is
    still a broken word's tail ("Introduktionern" / "e")."""
    lookup = danish_lookup(["makerspace", "makerspaceeller", "eller", "introduktionern", "introduktionerne", "e"])
    known = {"eller", "aktiviteter"}
    assert not wordbreak.should_join("Makerspace", "eller", known, lookup, False, True)
    assert wordbreak.should_join("Introduktionern", "e", known, lookup, False, True)


def test_a_line_of_one_piece_short_of_its_edge_by_less_than_two_letters_may_break_a_word():
    """Chromium, seed 85: "kommu" / "nes" leaves room for the "n" (Chromium breaks a word too wide for its cell
    a letter or so before the line is full). The line ends in no word, the next piece stands nowhere alone, and
    "kommunes" is a Danish word of one stem: one word. Where the joined piece is no word, the line wrapped."""
    # 5 pt letters from x = 10: the column's edge is "bygdens" (x = 45), 10 pt after "kommu", two letters
    texts, _ = wordbreak.cells_to_texts([_cell("Faxe", "kommu", "nes", "bygdens")], [])
    assert texts == ["Faxe kommunes bygdens"]
    texts, _ = wordbreak.cells_to_texts([_cell("Faxe", "kommu", "nex", "bygdens")], [])
    assert texts == ["Faxe kommu nex bygdens"]
    # room for two letters or more: a wrap, whatever the words
    texts, _ = wordbreak.cells_to_texts([_cell("Faxe", "kommu", "nes", "bygdenes")], [])
    assert texts == ["Faxe kommu nes bygdenes"]


def test_a_word_hyphenated_over_several_lines_is_judged_whole():
    """Chromium and WeasyPrint, seed 174: "faglige" / "kompe‐" / "ten‐" / "cer”" in a title column without
    padding. The next line's word runs on over both hyphen breaks to "kompetencer”", a word: the line end
    after "faglige" is a wrap; judged by "kompeten‐", no word, it had been glued ("fagligekompetencer”")."""
    cell = _cell("faglige", "kompe\u2010", "ten\u2010", "cer\u201d")
    texts, _ = wordbreak.cells_to_texts([cell], HYPHENATED)
    mark = hyphenation.MARK  # the hyphen breaks are the reader's to decide with the whole document
    assert texts == [f"faglige kompe\u2010{mark}ten\u2010{mark}cer\u201d"]


def test_a_consonant_that_stands_alone_nowhere_else_ends_a_word():
    """Chromium, seed 55: '"Makerspace' / 't" kører': hunspell takes "t" for a word, and does not know
    "Makerspacet"; a consonant standing alone nowhere else in the document is a word's tail."""
    lookup = danish_lookup(['"makerspacet"', "makerspace", "platformei", "læsefællesskaberi"])
    assert wordbreak.should_join('"Makerspace', 't"', {"makerspace", "kører"}, lookup, False, True)
    assert not wordbreak.should_join("platforme", "i", {"platforme", "i"}, lookup, False, True)
    # a vowel may be a word of its own, even where the document has it nowhere else alone
    assert not wordbreak.should_join("læsefællesskaber", "i", {"læsefællesskaber"}, lookup, False, True)


def test_a_word_of_the_document_with_an_ending_ends_its_line():
    """Chromium and WeasyPrint, seed 57 (2023): "Makerspacet" / "kører videre" fills its line, and
    hunspell knows neither "Makerspacet" nor "Makerspace"; the document has "Makerspace", and a
    definite ending ("t") ends a word: a wrap at a space."""
    lookup = danish_lookup(["makerspacetkører", "makerspacet", "kører", "makerspacesaktiviteter"])
    known = {"makerspace", "kører", "aktiviteter"}
    assert not wordbreak.should_join("Makerspacet", "kører", known, lookup, False, True)
    # a linking "s" joins a compound: the line ends in no word ("Makerspaces" / "aktivi" + "teter")
    lookup = danish_lookup(["makerspaces", "makerspacesaktivi", "aktivi"])
    assert wordbreak.should_join("Makerspaces", "aktivi", known, lookup, False, True)
    assert wordbreak.inflected("makerspacet", known) and not wordbreak.inflected("makerspaces", known)


def test_a_hyphenating_document_breaks_no_word_without_a_hyphen_where_a_hyphenation_point_had_room():
    """LibreOffice, WeasyPrint and Chromium, seeds 3, 8 and 48 (2023): the title "Litterære byvandring er" wraps a
    word per line in a narrow column, "byvandring" full to its edge. Geometry fits one word broken there too;
    but a producer that hyphenates a word too wide for its line on a line of its own (as "uddan-" / "nelse"
    shows) would have written "byvandrin-" / "ger": so "er" is a word of its own."""
    title = _cell("Litterære", "byvandring", "er")
    shows = _cell("forskellig", "uddan-", "nelse")
    texts, _ = wordbreak.cells_to_texts([title, shows], HYPHENATED)
    assert texts[0] == "Litterære byvandring er"
    # reportlab hyphenates only a word that starts after other words: without a word hyphenated on a line of its
    # own, the document does not tell, and the words decide as before
    texts, _ = wordbreak.cells_to_texts([title], HYPHENATED)
    assert texts == ["Litterære byvandringer"]


def test_a_hyphenation_point_counts_only_with_room_for_the_hyphen_after_it():
    """The letters after the point must be at least a hyphen wide (``hyphen_max_width`` font sizes): a producer
    writes the hyphen in their place."""

    def end(letter: float) -> LineEnd:
        tails = tuple(letter * (10 - i) for i in range(10))  # "byvandring": points after "byvan" and "byvandrin"
        return LineEnd("Litterære byvandring", "er", False, True, True, tails=tails, size=10.0)

    assert wordbreak.hyphen_would_fit(end(5.0))
    assert not wordbreak.hyphen_would_fit(end(0.8))  # "ndring" 4.8 pt, "g" 0.8 pt: no room for a 4.5 pt hyphen
    # a word shorter than a producer hyphenates, or a piece with a digit, has no point
    assert not wordbreak.hyphen_would_fit(LineEnd("om", "er", False, True, True, tails=(10.0, 5.0), size=10.0))
    assert not wordbreak.hyphen_would_fit(LineEnd("2021-20", "23", False, True, True, tails=(5.0,) * 7, size=10.0))


def test_a_producer_that_hyphenates_breaks_without_a_hyphen_where_none_fits():
    """LibreOffice, seed 124 (hyphenated, a title column four letters wide): "sam" / "tale" leaves 3.1 pt at the
    line's end, and "sam-" needs a 4 pt hyphen there (the document's own hyphens: 0.333 font sizes). No
    hyphenation point of "samtale" inside or at the end of "sam" has room, so the producer broke the word
    without one: the hyphenation evidence says nothing, and the words decide ("samtale" is one)."""
    tails = (20.0, 13.3, 6.7)  # "s", "a", "m" to the line's end

    def end(room: float, text: str = "sam", next_text: str = "tale") -> LineEnd:
        return LineEnd(text, next_text, False, True, True, tails=tails, size=12.0, room=room)

    assert not wordbreak.hyphen_could_fit(end(3.14), 0.333)
    assert wordbreak.hyphen_could_fit(end(4.5), 0.333)  # "sam-" fits: a hyphenating producer had written it
    # a point inside the piece, its letters after it at least a hyphen wide ("film-klub" / "ber")
    klub = LineEnd("Filmklub", "ber", False, True, True, tails=tuple(6.0 * (8 - i) for i in range(8)), size=12.0)
    assert wordbreak.hyphen_could_fit(klub, 0.333)
    # pieces that are not all letters are not judged
    assert wordbreak.hyphen_could_fit(end(0.0, "2021-", "2023"), 0.333)


def test_a_word_hyphenated_twice_before_its_full_line_is_judged_from_its_first_piece():
    """Chromium and WeasyPrint, seed 51 (2023): "pro-" / "gramme-" / "ringskurs" / "er i sam-": the word up to
    the full line is "programmeringskurs", a word, and "er" another; a hyphenating producer would have written
    "ringskur-" / "ser" for "programmeringskurser"."""
    from pipeline.read.pdf.hyphenation import MARK

    cell = _cell("pro\u2010", "gramme\u2010", "ringskurs", "er i sam")
    shows = _cell("forskellig", "uddan-", "nelse")
    texts, _ = wordbreak.cells_to_texts([cell, shows], HYPHENATED)
    assert texts[0] == f"pro\u2010{MARK}gramme\u2010{MARK}ringskurs er i sam"


def test_a_word_whose_rest_is_hyphenated_on_the_next_page_is_as_wide_as_all_its_pieces():
    """reportlab, seed 191 (2024): "ceformer i B" | "orgerservi-" / "ce"" on the next page. reportlab breaks a
    word too wide for its line after other words, and hyphenates its rest: "B" and "orgerservi-" fit the cell
    together, "Borgerservice"" does not, so the line end may break a word, and does."""
    mark = hyphenation.MARK
    # 5 pt letters: the cell is 60 pt wide ("ceformer i B"); "Borger" is 30 pt, "Borgerservice"" 70 pt
    across = [_cell("I de nye", "ceformer i B"), _cell("orger-", 'service"')]
    assert wordbreak.cells_to_texts(across, HYPHENATED, links=[(0, 1)]) == (
        ["I de nye ceformer i B", f'orger-{mark}service"'],
        [True],
    )
    texts, _ = wordbreak.cells_to_texts([_cell("I de nye", "ceformer i B", "orger-", 'service"')], HYPHENATED)
    assert texts == [f'I de nye ceformer i Borger-{mark}service"']
    # a rest that fits the cell whole is a word of its own after a wrap at a space
    texts, _ = wordbreak.cells_to_texts([_cell("I de nye", "ceformer i B", "orger-", "sen")], HYPHENATED)
    assert texts == [f"I de nye ceformer i B orger-{mark}sen"]


def test_a_justified_columns_stretched_lines_end_at_its_text_edge():
    """Chromium, seed 100: "vurdere" / "r til" in a justified status column. The gutter the other columns show
    puts the column's edge 0.6 pt beyond where its stretched lines end; there, "r" would have fitted after
    "vurdere", a wrap. The stretched lines end at the edge itself, where "r" does not fit: a broken word."""
    from pipeline.read.pdf.layout import Segment
    from pipeline.read.pdf.tables import Cell

    def seg(text: str, x1: float, natural: float, x0: float = 10.0) -> Segment:
        boxes = tuple((x0 + i * (x1 - x0) / len(text), x0 + (i + 1) * (x1 - x0) / len(text)) for i in range(len(text)))
        advances = tuple(natural / len(text) for _ in text)
        return Segment(text, x0, x1, 0.0, 8.0, 8.0, False, False, boxes, advances)

    # stretched 10 pt to x = 90; a ragged line shorter; the box ends at 100
    status = Cell((seg("aa bb cc", 90, 70), seg("dd", 30, 20)), 90, limit=100)
    # a column whose longest line stands 1 pt short of its box end: the gutter
    other = Cell(tuple(seg("ee ff", 199, 89, 110) for _ in range(3)), 199, limit=200)
    assert wordbreak.text_edges([status, other]) == [(10, 90), (110, 199)]
    # no stretched line: the edge is the box end less the gutter
    ragged = Cell((seg("aa bb cc", 90, 80), seg("dd", 30, 20)), 90, limit=100)
    assert wordbreak.text_edges([ragged, other]) == [(10, 99), (110, 199)]


def test_a_next_line_that_ends_its_cell_runs_on_across_the_page_into_the_word_it_makes():
    """reportlab, seed 208: "med fokus på" / "bæredygtigh" | "ed og frivillige" on the next page. The next line
    is a piece that goes on across the page: the line end is judged by "bæredygtighed", a word, so "på" stays a
    word of its own; judged by "bæredygtigh", no word, it had been glued ("påbæredygtigh")."""
    # "vores filmar" / "rangementer.": this document breaks words after other words on a line
    cells = [
        _cell("Vi vil gøre", "med fokus på", "bæredygtigh"),
        _cell("ed og mere"),
        _cell("Der var stor", "vores filmar", "rangementer."),
    ]
    texts, glue = wordbreak.cells_to_texts(cells, ["fokus på det"], links=[(0, 1)])
    assert texts[0] == "Vi vil gøre med fokus på bæredygtigh" and glue == [True]
    assert texts[2] == "Der var stor vores filmarrangementer."


def test_the_dictionary_is_read_once_for_a_documents_candidates_and_nearly_full_line_ends(monkeypatch):
    """A document with a full line end ("softwarero" / "boter") and a nearly full one ("kommu" / "nes") asks the
    dictionary about both at once: reading it costs more than the rest of the decision."""
    asked: list[tuple[str, ...]] = []
    lookup = wordbreak.danish_lookup
    monkeypatch.setattr(wordbreak, "danish_lookup", lambda words: asked.append(tuple(words)) or lookup(words))
    cells = [_cell("Faxe", "kommu", "nes", "bygdens"), _cell("softwarero", "boter er")]
    texts, _ = wordbreak.cells_to_texts(cells, [])
    assert texts == ["Faxe kommunes bygdens", "softwareroboter er"]
    assert len(asked) == 1 and {"kommunes", "softwareroboter"} <= set(asked[0])
