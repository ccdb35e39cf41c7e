"""Hyphens at PDF line ends: the producer's hyphenation ("læse-" / "lyst") joins, a hyphen of the text stays."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import Block, Position
from pipeline.read.pdf import hyphenation
from pipeline.read.pdf.hyphenation import MARK, decide, join, resolve
from pipeline.read.pdf.settings import PdfSettings
from pipeline.read.pdf.wordbreak import danish_lookup

POS = Position(page=1, bbox=(0.0, 0.0, 100.0, 10.0))


def words(*accepted: str):
    """A stand-in for the dictionary: it knows ``accepted``, nothing else."""
    known = {w.casefold() for w in accepted}
    return lambda word: word.casefold() in known


def paragraph(text: str) -> Block:
    return Block(kind="paragraph", pos=POS, text=text)


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def test_a_line_end_hyphen_before_lowercase_is_marked_and_every_other_join_keeps_its_space():
    assert join("skal styrke læse-", "lyst hos børn", trailing_space=False) == f"skal styrke læse-{MARK}lyst hos børn"
    assert join("skal styrke læse‐", "lyst", trailing_space=False) == f"skal styrke læse‐{MARK}lyst"  # U+2010
    # a space glyph after the hyphen: the source has a space there
    assert (
        join("både lærings-", "og undervisningsforløb", trailing_space=True) == "både lærings- og undervisningsforløb"
    )
    assert join("kort sagt -", "en kommune", trailing_space=False) == "kort sagt - en kommune"  # a dash, not a break
    assert join("Digital hjælp til", "MitID", trailing_space=False) == "Digital hjælp til MitID"
    assert join("år 2024-", "2025", trailing_space=False) == "år 2024- 2025"  # digits: not this rule's
    # a soft hyphen shows only where the producer broke the word: it goes, the word joins
    assert join("styrke læse\u00ad", "lysten", trailing_space=False) == "styrke læselysten"


def test_the_documents_own_words_decide_first():
    dictionary = words()  # knows nothing: the document decides
    assert decide("læse-", "lyst", {"læselyst"}, dictionary) == ""
    assert decide("(læse-", "lyst).", {"læselyst"}, dictionary) == ""
    assert decide("e-", "bøger", {"e-bøger"}, dictionary) == "-"
    assert decide("ikke-", "medlemmer", {"ikke-medlemmer"}, words("ikkemedlemmer", "ikke", "medlemmer")) == "-"


def test_a_suspended_compound_keeps_its_hyphen_and_space():
    dictionary = words("lærings", "og", "børne", "til", "kultur", "eller", "som")
    assert decide("lærings-", "og", set(), dictionary) == "- "
    assert decide("børne-", "til", set(), dictionary) == "- "
    assert decide("kultur-", "eller", set(), dictionary) == "- "
    assert decide("både lærings-".split()[-1], "som", set(), dictionary) == "- "


def test_a_piece_of_one_letter_a_digit_or_a_capital_inside_is_the_texts_hyphen():
    dictionary = words("ebøger", "login", "kurser")  # even when the dictionary would join
    assert decide("e-", "bøger", set(), dictionary) == "-"
    assert decide("MitID-", "login", set(), dictionary) == "-"
    assert decide("IT-", "kurser", set(), dictionary) == "-"
    assert decide("3D-", "print", set(), dictionary) == "-"


def test_the_real_danish_dictionary_decides_when_the_document_does_not():
    asked = ["reparationscafe", "repara", "tions", "læselyst", "læse", "lyst", "ikkerygere", "ikke", "rygere"]
    lookup = danish_lookup(asked)
    assert decide("repara-", "tions", set(), lookup) == ""  # a piece that is no word: a broken word
    assert decide("læse-", "lyst", set(), lookup) == ""  # a Danish compound
    assert decide("Pi-", "rates", set(), words("pi")) == ""  # a foreign word hyphenated: "rates" is no word


def test_two_words_the_dictionary_does_not_join_are_joined_only_in_a_document_that_hyphenates():
    lookup = words("læseglæde", "forældre")
    assert decide("læseglæde-", "forældre", set(), lookup) == "-"
    assert decide("læseglæde-", "forældre", set(), lookup, hyphenated=True) == ""


def test_resolve_decides_every_mark_with_the_whole_documents_words():
    blocks = [
        paragraph(f"Vi vil styrke læse-{MARK}lyst og give adgang til e-{MARK}bøger."),
        Block(kind="row", pos=POS, cells=(f"Læselyst for alle og lærings-{MARK}og undervisningsforløb", "")),
        paragraph(f"Digital hjælp til MitID-{MARK}login."),
    ]
    got = resolve(blocks, lookup=lambda asked: words(*asked))
    assert texts(got)[0] == "Vi vil styrke læselyst og give adgang til e-bøger."
    assert got[1].cells[0] == "Læselyst for alle og lærings- og undervisningsforløb"
    assert texts(got)[2] == "Digital hjælp til MitID-login."


def test_a_word_hyphenated_twice_in_a_narrow_cell_is_judged_whole_at_each_break():
    cell = f"et under-{MARK}vis-{MARK}ningsforløb"
    got = resolve([Block(kind="row", pos=POS, cells=(cell,))], lookup=lambda asked: words("undervisningsforløb"))
    assert got[0].cells == ("et undervisningsforløb",)


def test_a_document_that_hyphenates_joins_its_undecided_compounds():
    text = f"Et repara-{MARK}tionsværksted med ele-{MARK}menter for læseglæde-{MARK}forældre."
    dictionary = words("reparationsværksted", "elementer", "læseglæde", "forældre")
    hyphenating = resolve([paragraph(text)], lookup=lambda asked: dictionary)
    assert texts(hyphenating) == ["Et reparationsværksted med elementer for læseglædeforældre."]
    strict = PdfSettings(hyphenated_breaks=4)  # three breaks are not enough here: the compound keeps its hyphen
    assert texts(resolve([paragraph(text)], strict, lookup=lambda asked: dictionary)) == [
        "Et reparationsværksted med elementer for læseglæde-forældre."
    ]


def test_the_dictionary_is_read_once_and_only_for_marks_the_document_leaves_open():
    calls = []

    def lookup(asked):
        calls.append(sorted(asked))
        return words("læselyst")

    resolve([paragraph(f"læse-{MARK}lyst og e-{MARK}bøger"), paragraph("e-bøger")], lookup=lookup)
    assert calls == [["lyst", "læse", "læselyst"]]  # code point order
    calls.clear()
    assert resolve([paragraph("intet at afgøre")], lookup=lookup) == [paragraph("intet at afgøre")]
    assert calls == []


def test_cells_mark_their_hyphen_breaks_and_a_row_cut_by_the_page_is_decided_across_it():
    from pipeline.read.pdf.layout import Segment
    from pipeline.read.pdf.tables import Cell
    from pipeline.read.pdf.wordbreak import cells_to_texts

    def seg(text: str, top: float, trailing_space: bool = False) -> Segment:
        boxes = tuple((10.0 + i * 5.0, 15.0 + i * 5.0) for i in range(len(text)))
        return Segment(text, 10.0, boxes[-1][1], top, top + 8.0, 8.0, False, trailing_space, boxes)

    cell = Cell((seg("styrke læse-", 0), seg("lysten og lærings-", 10, trailing_space=True), seg("og mere", 20)), 80.0)
    cut = Cell((seg("Faxe Biblio-", 0),), 80.0)
    going_on = Cell((seg("tek", 0),), 80.0)
    got, glue = cells_to_texts([cell, cut, going_on], ["Bibliotek og læselysten"], links=[(1, 2)])
    assert got[0] == f"styrke læse-{MARK}lysten og lærings- og mere"
    assert got[1] == "Faxe Biblio" and glue == [True]  # the hyphen dropped, the pieces joined after the reader


def test_soft_hyphens_never_reach_the_blocks_from_html_word_or_opendocument():
    """A soft hyphen (U+00AD, HTML's &shy;, Word's w:softHyphen) is invisible: the word reads whole."""
    import io
    import zipfile

    import docx
    from docx.oxml import parse_xml

    from pipeline.read import read_bytes

    page = (
        "<html lang='da'><body><main><h1>Hand&shy;leplan</h1><p>Vi styrker læse\u00adlysten.</p>"
        "<ol><li>SKABER vi fælles&shy;skaber</li></ol><table><tr><th>Projekt</th><th>Beskrivelse</th></tr>"
        "<tr><td>Bib&shy;lioteket</td><td>Under&shy;visnings&shy;forløb</td></tr></table></main></body></html>"
    )
    document = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.sectPr.addprevious(
        parse_xml(
            f"<w:p {w}><w:r><w:t>læse\u00adlyst og fælles</w:t><w:softHyphen/><w:t>skaber, e</w:t>"
            "<w:noBreakHyphen/><w:t>bøger</w:t></w:r></w:p>"
        )
    )
    word = io.BytesIO()
    document.save(word)
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3"><office:body>'
        "<office:text><text:p>læse\u00adlyst</text:p><table:table><table:table-row><table:table-cell>"
        "<text:p>Bib\u00adlioteket</text:p></table:table-cell></table:table-row></table:table></office:text>"
        "</office:body></office:document-content>"
    )
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content.encode())
    read = {
        "html": read_bytes(page.encode(), "plan.html"),
        "docx": read_bytes(word.getvalue(), "plan.docx"),
        "odt": read_bytes(package.getvalue(), "plan.odt"),
    }
    shown = {fmt: [b.text or list(b.cells) for b in doc.blocks] for fmt, doc in read.items()}
    assert shown == {
        "html": [
            "Handleplan",
            "Vi styrker læselysten.",
            "SKABER vi fællesskaber",
            ["Projekt", "Beskrivelse"],
            ["Biblioteket", "Undervisningsforløb"],
        ],
        "docx": ["læselyst og fællesskaber, e-bøger"],
        "odt": ["læselyst", ["Biblioteket"]],
    }


_DANISH = st.sampled_from(
    ["læselyst", "biblioteket", "undervisningsforløb", "reparationscafe", "fællesskaber", "borgerservice"]
)


@given(word=_DANISH, data=st.data())
def test_a_document_word_hyphenated_anywhere_comes_back_whole_and_no_letter_is_lost(word, data):
    cut = data.draw(st.integers(min_value=hyphenation.MIN_PIECE, max_value=len(word) - hyphenation.MIN_PIECE))
    hyphen = data.draw(st.sampled_from("-\u2010"))
    blocks = [paragraph(f"Vi styrker {word[:cut]}{hyphen}{MARK}{word[cut:]} i år."), paragraph(f"Om {word}.")]
    got = resolve(blocks, lookup=lambda asked: words())
    assert texts(got) == [f"Vi styrker {word} i år.", f"Om {word}."]


@given(st.text(alphabet="abcæøå- \u2010" + MARK, max_size=40))
def test_resolve_only_ever_drops_a_hyphen_or_adds_a_space_at_a_mark(text):
    (got,) = texts(resolve([paragraph(text)], lookup=lambda asked: words(*asked)))
    assert MARK not in got
    assert re.sub(r"[\s\-\u2010]", "", got) == re.sub(r"[\s\-\u2010" + MARK + "]", "", text)


def test_in_a_document_that_hyphenates_a_line_end_without_a_hyphen_between_two_words_is_a_space():
    """WeasyPrint, seed 17: "Brætspils" / "aftener" fills a narrow title cell; a producer that hyphenates would
    have written "Brætspils-" had it broken the word there, so the two words stay apart."""
    from pipeline.read.pdf.layout import Segment
    from pipeline.read.pdf.tables import Cell
    from pipeline.read.pdf.wordbreak import cells_to_texts

    def seg(text: str, top: float) -> Segment:
        boxes = tuple((10.0 + i * 5.0, 15.0 + i * 5.0) for i in range(len(text)))
        return Segment(text, 10.0, boxes[-1][1], top, top + 8.0, 8.0, False, False, boxes)

    title = Cell((seg("Brætspils", 0), seg("aftener", 10)), 56.0)
    plain, _ = cells_to_texts([title], ["Spil for alle"])
    assert plain == ["Brætspilsaftener"]  # without hyphenation the dictionary's compound wins
    hyphenated = [f"et repara-{MARK}tionsværksted", f"nye ele-{MARK}menter"]
    texts_, _ = cells_to_texts([title], ["Spil for alle", *hyphenated])
    assert texts_ == ["Brætspils aftener"]


def test_a_blank_written_over_the_next_letter_is_no_space():
    """Chromium prints a soft hyphen it did not break at as a blank glyph on the next letter: "Pro­jekt" is
    "Projekt", while a blank with an advance of its own is a space, even one squeezed over the next letter."""
    from pipeline.read.pdf.layout import chars_to_lines

    def chars(*spec: tuple[str, float, float]) -> list[dict]:
        return [
            {"text": t, "x0": x0, "x1": x1, "top": 10.0, "bottom": 20.0, "size": 10.0, "fontname": "Liberation"}
            for t, x0, x1 in spec
        ]

    soft = chars(("P", 44.5, 51.16), ("r", 51.16, 55.05), ("o", 55.05, 61.16), (" ", 61.16, 63.94), ("j", 61.16, 63.94))
    space = chars(("P", 44.5, 51.16), ("r", 51.16, 55.05), ("o", 55.05, 61.16), (" ", 61.16, 63.94), ("j", 63.94, 66.7))
    # reportlab squeezes a line: a real space runs over the next letter, which starts 0.06 points after it
    squeezed = chars(("e", 80.383, 87.063), ("k", 87.063, 94.338), (" ", 94.338, 97.994), ("o", 94.401, 101.405))
    assert [ln.text for ln in chars_to_lines(soft, 1)] == ["Proj"]
    assert [ln.text for ln in chars_to_lines(space, 1)] == ["Pro j"]
    assert [ln.text for ln in chars_to_lines(squeezed, 1)] == ["ek o"]


def test_layouts_draw_justify_and_hyphenate_apart_and_the_builders_set_them(tmp_path):
    import random
    import zipfile
    from dataclasses import replace

    from tests.fidelity.content import SOURCES, source_parts
    from tests.fidelity.docx_build import build_docx
    from tests.fidelity.html_build import page_html
    from tests.fidelity.layouts import draw_layout

    # the two fields come from a stream of their own: the first ones drawn stay what they were
    stream = random.Random("3-hyphen")
    assert (draw_layout(3).justify, draw_layout(3).hyphenate) == (stream.random() < 0.5, stream.random() < 0.5)
    assert draw_layout(3).describe()["hyphenate"] is draw_layout(3).hyphenate
    parts = source_parts(SOURCES["2023"])
    both = replace(draw_layout(3), justify=True, hyphenate=True)
    page = page_html(parts, both)
    assert 'lang="da"' in page and "hyphens: auto" in page and "text-align: justify" in page
    assert "hyphens" not in page_html(parts, replace(both, justify=False, hyphenate=False))
    build_docx(parts, both, tmp_path / "plan.docx")
    with zipfile.ZipFile(tmp_path / "plan.docx") as package:
        settings_xml = package.read("word/settings.xml").decode()
        document_xml = package.read("word/document.xml").decode()
    assert "<w:autoHyphenation" in settings_xml
    assert 'w:jc w:val="both"' in document_xml and 'w:lang w:val="da-DK"' in document_xml


def test_a_justified_lines_tail_touching_the_next_column_is_cut_at_the_column():
    """WeasyPrint, seed 21: a justified title cell without padding stretches "Åben      skole" to its edge; the
    stretched space is wider than a column gap, so "skole" stands apart and runs into "I samarbejde"."""
    from pipeline.read.pdf.layout import chars_to_lines
    from pipeline.read.pdf.tables import lines_to_borderless_tables
    from tests.test_pdf_layout import cells, glyphs

    chars = glyphs("Projekt", 50, 100, bold=True) + glyphs("Beskrivelse", 150, 100, bold=True)
    chars += glyphs("Status", 300, 100, bold=True)
    # "Åben" at 50, "skole" justified to end at 150 where the description starts with no gap at all
    chars += glyphs("Åben", 50, 112, bold=True) + glyphs("skole", 125, 112, bold=True)
    chars += glyphs("I samarbejde med", 150, 112) + glyphs("Kører", 300, 112)
    chars += glyphs("tilbud", 50, 122, bold=True) + glyphs("skolerne", 150, 122)
    tables, rest = lines_to_borderless_tables(chars_to_lines(chars, page=1), 1, 595.0, None)
    assert rest == []
    assert cells(tables[0])[1] == ["Åben skole tilbud", "I samarbejde med skolerne", "Kører"]
