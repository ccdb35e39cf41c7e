"""The Word reader on small documents made here with python-docx: styles, numbering, merged cells, errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from pipeline.errors import FormatError, PipelineError
from pipeline.read import read_bytes, sniff
from pipeline.read.docx import read_docx
from pipeline.run import bytes_to_plan

W = nsdecls("w")


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def body_xml(document, xml: str) -> None:
    """Append raw WordprocessingML to the body (before the section properties)."""
    body = document.element.body
    body.sectPr.addprevious(parse_xml(xml.replace("<w:p>", f"<w:p {W}>", 1).replace("<w:tbl>", f"<w:tbl {W}>", 1)))


def numbering(document, abstracts: dict[int, tuple[str, int]], nums: dict[int, tuple[int, int | None]]) -> None:
    """Add abstract lists {id: (numFmt, start)} and nums {numId: (abstractId, startOverride)}."""
    root = document.part.numbering_part.element
    first_num = root.find(f"{{{root.nsmap['w']}}}num")
    for abstract_id, (fmt, start) in abstracts.items():
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="%{i + 1}."/></w:lvl>'
            for i in range(2)
        )
        first_num.addprevious(parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'))
    for num_id, (abstract_id, override) in nums.items():
        extra = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride>'
            if override is not None
            else ""
        )
        root.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{extra}</w:num>'))


def numbered(document, text: str, num_id: int, ilvl: int = 0) -> None:
    body_xml(
        document,
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>",
    )


def items(blocks) -> list[tuple[str, int | None]]:
    return [(b.text, b.number) for b in blocks if b.kind == "item"]


def test_heading_styles_give_levels_and_title_is_level_one():
    document = docx.Document()
    document.add_heading("Handleplan 2023", level=0)
    document.add_heading("Kultur for alle", level=2)
    document.add_paragraph("Tekst", style="Subtitle")
    document.add_heading("Under", level=4)
    blocks = read_docx(to_bytes(document), "t.docx")
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "Handleplan 2023"),
        ("heading", 2, "Kultur for alle"),
        ("paragraph", 0, "Tekst"),
        ("heading", 4, "Under"),
    ]
    assert [b.pos.path for b in blocks] == ["p[1]", "p[2]", "p[3]", "p[4]"]


def test_list_styles_number_and_bullet():
    document = docx.Document()
    for text in ("en", "to", "tre"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("punkt", style="List Bullet")
    assert items(read_docx(to_bytes(document), "t.docx")) == [("en", 1), ("to", 2), ("tre", 3), ("punkt", None)]


def test_numbering_restarts_with_start_override_and_continues_without():
    document = docx.Document()
    numbering(document, {70: ("decimal", 1)}, {70: (70, 1), 71: (70, 1), 72: (70, None)})
    numbered(document, "a1", 70)
    numbered(document, "a2", 70)
    document.add_paragraph("mellem")
    numbered(document, "b1", 71)  # a new num with a startOverride: Word restarts at 1
    numbered(document, "b2", 71)
    numbered(document, "b3", 72)  # a new num on the same abstract list without override: Word continues
    assert items(read_docx(to_bytes(document), "t.docx")) == [("a1", 1), ("a2", 2), ("b1", 1), ("b2", 2), ("b3", 3)]


def test_numbering_honours_start_values_levels_and_bullet_format():
    document = docx.Document()
    numbering(document, {80: ("decimal", 5), 81: ("bullet", 1)}, {80: (80, None), 81: (81, None), 82: (80, 3)})
    numbered(document, "fem", 80)
    numbered(document, "under-en", 80, ilvl=1)
    numbered(document, "under-to", 80, ilvl=1)
    numbered(document, "seks", 80)
    numbered(document, "under-igen", 80, ilvl=1)  # a deeper level restarts after its parent advances
    numbered(document, "kugle", 81)
    numbered(document, "tre", 82)
    numbered(document, "ingen liste", 99)  # a numId that numbering.xml does not define: a plain paragraph
    blocks = read_docx(to_bytes(document), "t.docx")
    assert items(blocks) == [
        ("fem", 5),
        ("under-en", 5),
        ("under-to", 6),
        ("seks", 6),
        ("under-igen", 5),
        ("kugle", None),
        ("tre", 3),
    ]
    assert blocks[-1].kind == "paragraph" and blocks[-1].text == "ingen liste"


def test_bold_runs_deletions_field_codes_and_breaks():
    document = docx.Document()
    body_xml(
        document,
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Åben</w:t></w:r><w:r><w:t xml:space="preserve"> skole</w:t></w:r>'
        '<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve"> &amp; &lt;tilbud&gt;</w:t></w:r>'
        "<w:del><w:r><w:delText>slettet</w:delText></w:r></w:del>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>link</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:br/><w:t>linje</w:t><w:tab/><w:t>tab</w:t><w:softHyphen/><w:t>bed</w:t></w:r></w:p>",
    )
    (block,) = read_docx(to_bytes(document), "t.docx")
    assert block.text == "<b>Åben</b> skole &amp; &lt;tilbud&gt;link linje tabbed"


def test_paragraphs_numbered_by_hand_are_items_as_in_the_pdf_reader():
    document = docx.Document()
    for text in ("1.\tSKABER vi", "2) TILBYDER vi", "2024. et år"):
        document.add_paragraph(text)
    blocks = read_docx(to_bytes(document), "t.docx")
    assert [(b.kind, b.number, b.text) for b in blocks] == [
        ("item", 1, "SKABER vi"),
        ("item", 2, "TILBYDER vi"),
        ("paragraph", None, "2024. et år"),
    ]


def test_table_with_grid_span_and_vertical_merges():
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(
        [["Projekt", "Beskrivelse", "Status 2023", "2024"], ["A", "a", "s", ""], ["", "a2", "", ""]]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(3, 0).text = "B"
    table.cell(3, 1).text = "b"
    table.cell(1, 0).merge(table.cell(2, 0))  # title merged down: row 3 continues row 2
    table.cell(1, 2).merge(table.cell(3, 2))  # status merged down over two rows
    table.cell(1, 3).merge(table.cell(2, 3))
    blocks = read_docx(to_bytes(document), "t.docx")
    rows = [(b.cells, b.continues) for b in blocks]
    assert rows == [
        (("Projekt", "Beskrivelse", "Status 2023", "2024"), False),
        (("A", "a", "s", ""), False),
        (("", "a2", "", ""), True),
        (("B", "b", "", ""), False),
    ]
    assert [b.pos.path for b in blocks] == ["tbl/tr[1]", "tbl/tr[2]", "tbl/tr[3]", "tbl/tr[4]"]


def test_grid_span_pads_the_row_so_later_cells_keep_their_columns():
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for c, text in enumerate(["Projekt", "Status 2023", "2024", "2025"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "A"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "to kolonner"
    table.cell(1, 3).text = "sidst"
    blocks = read_docx(to_bytes(document), "t.docx")
    assert blocks[1].cells == ("A", "to kolonner", "", "sidst")


def test_body_order_of_paragraphs_and_tables():
    document = docx.Document()
    document.add_paragraph("før")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "celle"
    document.add_paragraph("efter")
    blocks = read_docx(to_bytes(document), "t.docx")
    assert [(b.kind, b.text or b.cells[0], b.pos.path) for b in blocks] == [
        ("paragraph", "før", "p[1]"),
        ("row", "celle", "tbl/tr"),
        ("paragraph", "efter", "p[2]"),
    ]


def small_plan_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Handleplan for Testby Bibliotek 2023-2025", level=0)
    document.add_heading("Kultur for alle", level=2)
    for text in ("SKABER vi noget.", "TILBYDER vi andet."):
        document.add_paragraph(text, style="List Number")
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(
        [
            ["Projekt", "Beskrivelse", "Status 2021-2023", "2024"],
            ["Brætspil", "Spilaftener (1)", "Det kører.", "Fortsætter"],
            ["", "", "Og videre.", ""],
            ["Læsning", "Læseklub (2)", "Startet", ""],
        ]
    ):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).paragraphs[0].add_run(text).bold = c == 0
    table.cell(1, 0).merge(table.cell(2, 0))
    return to_bytes(document)


def test_a_small_plan_reads_through_the_pipeline():
    plan = bytes_to_plan(small_plan_docx(), "plan.docx")
    (pillar,) = plan["pillars"]
    assert [o["text"] for o in pillar["objectives"]] == ["SKABER vi noget.", "TILBYDER vi andet."]
    first, second = pillar["projects"]
    assert (first["title"], first["status"]["text"], first["objective_refs"]) == (
        "Brætspil",
        "Det kører. Og videre.",
        [1],
    )
    assert first["source"] == {"path": "tbl/tr[2]", "continued": [{"path": "tbl/tr[3]"}]}
    assert (second["title"], second["plans"]) == ("Læsning", {"2024": None})
    assert plan["source"]["format"] == "docx"


def test_a_docx_named_txt_is_still_read_as_word():
    assert sniff(small_plan_docx(), "plan.txt") == "docx"
    assert read_bytes(small_plan_docx(), "plan.txt").source.format == "docx"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (zip_bytes({"notes.txt": b"hello"}), "a zip archive without word/document.xml: not a Word document"),
        (zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "an Excel workbook (.xlsx), not a Word document"),
        (zip_bytes({"mimetype": b"x", "content.xml": b"<x/>"}), "not a valid OpenDocument file: content.xml has no"),
        (b"PK\x03\x04" + bytes(range(256)) * 4, "not a valid Word file: corrupt or truncated zip"),
        (zip_bytes({"word/document.xml": b"<not xml"}), "not a valid Word file:"),
    ],
    ids=["plain-zip", "xlsx", "odt", "random-after-magic", "no-package-parts"],
)
def test_zips_that_are_not_word_files_are_refused_clearly(data, message):
    with pytest.raises(FormatError) as caught:
        read_bytes(data, "bad.docx")
    assert str(caught.value).startswith(f"bad.docx: {message}")


def test_truncated_docx_is_refused_clearly():
    data = small_plan_docx()
    with pytest.raises(FormatError, match=r"^cut\.docx: not a valid Word file"):
        read_bytes(data[: len(data) // 2], "cut.docx")


def test_cli_reports_a_bad_docx_in_one_line(tmp_path: Path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(zip_bytes({"xl/workbook.xml": b"<workbook/>"}))
    result = CliRunner().invoke(main, ["extract", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: an Excel workbook (.xlsx), not a Word document")
    assert not (tmp_path / "out").exists()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_after_the_zip_magic_give_blocks_or_our_error(tail: bytes):
    try:
        blocks = read_docx(b"PK\x03\x04" + tail, "x.docx")
    except PipelineError:
        return
    assert isinstance(blocks, list)


SMALL = small_plan_docx()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SMALL) - 1), st.binary(min_size=1, max_size=8), st.integers(8, len(SMALL)))
def test_a_damaged_docx_gives_a_plan_or_our_error(offset: int, patch: bytes, cut: int):
    data = (SMALL[:offset] + patch + SMALL[offset + len(patch) :])[:cut]
    try:
        plan = bytes_to_plan(data, "x.docx")
    except PipelineError:
        return
    assert plan["source"]["format"] == "docx"


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        ("wordprocessingml.template.main+xml", "a Word template (.dotx)"),
        ("wordprocessingml.document.macroEnabled.main+xml", "a macro-enabled Word document (.docm)"),
    ],
)
def test_word_templates_and_macro_files_are_named_in_the_error(content_type: str, kind: str):
    source = zipfile.ZipFile(io.BytesIO(small_plan_docx()))
    members = {n: source.read(n) for n in source.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", content_type.encode()
    )
    with pytest.raises(FormatError) as caught:
        read_bytes(zip_bytes(members), "plan.dotx")
    assert str(caught.value) == f"plan.dotx: {kind}, not a Word document (.docx): save it as .docx"
