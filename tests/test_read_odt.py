"""The OpenDocument reader on small documents written here as XML: structure, numbering, spans, bold, errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from pipeline.errors import FormatError, PipelineError
from pipeline.read import read_bytes, sniff
from pipeline.read.odt import read_odt
from pipeline.run import bytes_to_plan
from tests.conftest import FIXTURES

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
MIMETYPE = b"application/vnd.oasis.opendocument.text"
NUMBERS = (
    '<text:list-style style:name="N"><text:list-level-style-number text:level="1" style:num-format="1"/>'
    '<text:list-level-style-number text:level="2" style:num-format="a" text:start-value="3"/></text:list-style>'
    '<text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/>'
    "</text:list-style>"
    '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="T2" style:family="text" style:parent-style-name="T1"/>'
    '<style:style style:name="T3" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>'
)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def odt(body: str, styles: str = NUMBERS, named_styles: str = "", **members: bytes) -> bytes:
    """Return an .odt package whose body is ``body`` (office:text content), with automatic ``styles``."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    style_part = f"<office:document-styles {NS}><office:styles>{named_styles}</office:styles></office:document-styles>"
    parts = {"mimetype": MIMETYPE, "content.xml": content.encode(), "styles.xml": style_part.encode()}
    parts.update({name.replace("__", "/").replace("_", "."): data for name, data in members.items()})
    return zip_bytes(parts)


def kinds(blocks) -> list[tuple]:
    return [
        (b.kind, b.level if b.kind == "heading" else b.number if b.kind == "item" else 0, b.text or b.cells)
        for b in blocks
    ]


def test_headings_title_style_and_paragraphs_with_paths():
    named = (
        '<style:style style:name="Title" style:family="paragraph"/>'
        '<style:style style:name="Mit_20_navn" style:display-name="Mit navn" style:family="paragraph" '
        'style:parent-style-name="Title"/>'
        '<style:style style:name="Overskrift" style:family="paragraph" style:default-outline-level="3"/>'
    )
    blocks = read_odt(
        odt(
            '<text:sequence-decls/><text:p text:style-name="Mit_20_navn">Plan</text:p>'
            '<text:h text:outline-level="2">To</text:h><text:h>Uden niveau</text:h>'
            '<text:p text:style-name="Overskrift">Tre</text:p><text:p>Et afsnit</text:p><text:p>  </text:p>'
            "<text:section><text:p>I en sektion</text:p></text:section>",
            named_styles=named,
        ),
        "t.odt",
    )
    assert kinds(blocks) == [
        ("heading", 1, "Plan"),
        ("heading", 2, "To"),
        ("heading", 1, "Uden niveau"),
        ("heading", 3, "Tre"),
        ("paragraph", 0, "Et afsnit"),
        ("paragraph", 0, "I en sektion"),
    ]
    assert [b.pos.path for b in blocks] == [
        "office:text/text:p[1]",
        "office:text/text:h[1]",
        "office:text/text:h[2]",
        "office:text/text:p[2]",
        "office:text/text:p[3]",
        "office:text/text:section/text:p",
    ]


def item(text: str, start: int | None = None, inner: str = "") -> str:
    value = f' text:start-value="{start}"' if start is not None else ""
    return f"<text:list-item{value}><text:p>{text}</text:p>{inner}</text:list-item>"


def test_lists_number_as_libreoffice_shows_them():
    nested = f"<text:list>{item('under')}{item('under2')}</text:list>"
    blocks = read_odt(
        odt(
            f'<text:list text:style-name="N" xml:id="l1">{item("en")}{item("to")}</text:list>'
            "<text:p>mellem</text:p>"
            f'<text:list text:style-name="N" text:continue-list="l1">{item("tre")}</text:list>'
            f'<text:list text:style-name="N">{item("ny")}{item("igen", start=7)}{item("otte")}</text:list>'
            f'<text:list text:style-name="N" text:continue-numbering="true">{item("ni")}</text:list>'
            f'<text:list text:style-name="N">{item("top", inner=nested)}'
            f"{item('næste')}</text:list>"
            f'<text:list text:style-name="B">{item("kugle")}</text:list>'
            '<text:list text:style-name="N"><text:list-header><text:p>hoved</text:p></text:list-header>'
            f"{item('første')}</text:list>"
        ),
        "t.odt",
    )
    assert kinds(blocks) == [
        ("item", 1, "en"),
        ("item", 2, "to"),
        ("paragraph", 0, "mellem"),
        ("item", 3, "tre"),
        ("item", 1, "ny"),
        ("item", 7, "igen"),
        ("item", 8, "otte"),
        ("item", 9, "ni"),
        ("item", 1, "top"),
        ("item", 3, "under"),
        ("item", 4, "under2"),
        ("item", 2, "næste"),
        ("item", None, "kugle"),
        ("paragraph", 0, "hoved"),
        ("item", 1, "første"),
    ]
    assert blocks[9].pos.path == "office:text/text:list[5]/text:list-item[1]/text:list/text:list-item[1]"


def test_bold_spans_spaces_tabs_breaks_and_escaping():
    (block,) = read_odt(
        odt(
            '<text:p><text:span text:style-name="T1">Fed</text:span> og <text:span text:style-name="T2">arvet'
            '<text:span text:style-name="T3"> ikke</text:span></text:span>'
            "<text:s/>x<text:s text:c='3'/>y<text:tab/>z<text:line-break/>næste\n  linje &amp; &lt;b&gt;"
            "<text:soft-page-break/>side</text:p>"
        ),
        "t.odt",
    )
    assert block.text == "<b>Fed</b> og <b>arvet</b> ikke x y z næste linje &amp; &lt;b&gt;side"


def test_tracked_deletions_notes_annotations_and_indexes_are_left_out():
    blocks = read_odt(
        odt(
            "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
            "<office:change-info><dc:creator>A</dc:creator></office:change-info><text:p>slettet</text:p>"
            "</text:deletion></text:changed-region></text:tracked-changes>"
            "<text:table-of-content><text:index-body><text:p>Indhold 1</text:p></text:index-body>"
            "</text:table-of-content>"
            "<text:p><text:change text:change-id='c1'/>Synlig<text:note text:note-class='footnote'>"
            "<text:note-citation>1</text:note-citation><text:note-body><text:p>fodnote</text:p></text:note-body>"
            "</text:note> tekst<office:annotation><dc:creator>B</dc:creator><text:p>kommentar</text:p>"
            "</office:annotation><text:change-start text:change-id='c2'/> indsat<text:change-end text:change-id='c2'/>"
            "</text:p>"
        ),
        "t.odt",
    )
    assert kinds(blocks) == [("paragraph", 0, "Synlig tekst indsat")]


def test_tables_with_header_rows_spans_covered_cells_and_paragraphs_in_cells():
    blocks = read_odt(
        odt(
            "<table:table><table:table-column table:number-columns-repeated='3'/>"
            "<table:table-header-rows><table:table-row><table:table-cell><text:p>Projekt</text:p></table:table-cell>"
            "<table:table-cell><text:p>Status</text:p></table:table-cell><table:table-cell><text:p>2024</text:p>"
            "</table:table-cell></table:table-row></table:table-header-rows>"
            "<table:table-row><table:table-cell table:number-rows-spanned='2'><text:p>"
            "<text:span text:style-name='T1'>A</text:span></text:p></table:table-cell>"
            "<table:table-cell><text:p>første</text:p><text:p>andet afsnit</text:p></table:table-cell>"
            "<table:table-cell><text:list><text:list-item><text:p>punkt</text:p></text:list-item></text:list>"
            "</table:table-cell></table:table-row>"
            "<table:table-row><table:covered-table-cell/><table:table-cell table:number-columns-spanned='2'>"
            "<text:p>bred</text:p></table:table-cell><table:covered-table-cell/></table:table-row>"
            "<table:table-row><table:table-cell><text:p>B</text:p></table:table-cell>"
            "<table:table-cell table:number-columns-repeated='2'/></table:table-row>"
            "</table:table>"
        ),
        "t.odt",
    )
    assert [(b.cells, b.continues) for b in blocks] == [
        (("Projekt", "Status", "2024"), False),
        (("<b>A</b>", "første andet afsnit", "punkt"), False),
        (("", "bred", ""), True),
        (("B", "", ""), False),
    ]
    assert [b.pos.path for b in blocks[:2]] == [
        "office:text/table:table/table:table-header-rows/table:table-row",
        "office:text/table:table/table:table-row[1]",
    ]


def test_a_small_plan_reads_through_the_pipeline():
    row = "<table:table-row>{}</table:table-row>"
    cell = "<table:table-cell><text:p>{}</text:p></table:table-cell>"
    table = "<table:table>" + row.format("".join(cell.format(c) for c in ("Projekt", "Beskrivelse", "2024")))
    table += row.format("".join(cell.format(c) for c in ("Spil &amp; leg", "Spilaftener (1)", "Mere")))
    table += "</table:table>"
    plan = bytes_to_plan(
        odt(
            "<text:h text:outline-level='1'>Handleplan for Testby 2023-2025</text:h>"
            f"<text:h text:outline-level='2'>Kultur for alle</text:h><text:list text:style-name='N'>"
            f"{item('SKABER vi noget.')}</text:list>{table}"
        ),
        "plan.odt",
    )
    assert plan["source"]["format"] == "odt"
    assert plan["title"] == "Handleplan for Testby 2023-2025"
    (pillar,) = plan["pillars"]
    assert pillar["objectives"][0]["text"] == "SKABER vi noget."
    (project,) = pillar["projects"]
    assert (project["title"], project["objective_refs"], project["plans"]) == ("Spil & leg", [1], {"2024": "Mere"})
    assert project["source"] == {"path": "office:text/table:table/table:table-row[2]"}


def test_an_odt_is_sniffed_by_its_content_whatever_its_name():
    data = odt("<text:p>x</text:p>")
    assert sniff(data, "plan.docx") == "odt"
    assert sniff(data, "plan.txt") == "odt"
    assert read_bytes(data, "plan.zip").source.format == "odt"
    # Zipped again by a tool that does not put the mimetype first: the members still tell.
    source = zipfile.ZipFile(io.BytesIO(data))
    shuffled = zip_bytes({n: source.read(n) for n in sorted(source.namelist(), reverse=True)})
    assert sniff(shuffled, "plan.zip") == "odt"
    assert sniff((FIXTURES / "plan-2023.docx").read_bytes(), "plan.odt") == "docx"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04" + bytes(range(256)) * 4, "not a valid OpenDocument file: corrupt or truncated zip"),
        (zip_bytes({"mimetype": MIMETYPE}), "not a valid OpenDocument file: the package has no content.xml"),
        (
            zip_bytes(
                {"mimetype": MIMETYPE, "content.xml": b"x", "META-INF/manifest.xml": b"<manifest:encryption-data"}
            ),
            "OpenDocument file is encrypted: save it without a password",
        ),
        (zip_bytes({"mimetype": MIMETYPE, "content.xml": b"<not xml"}), "not a valid OpenDocument file: content.xml:"),
        (
            zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
            "an OpenDocument spreadsheet (.ods), not a text document",
        ),
        (
            zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.presentation"}),
            "an OpenDocument presentation (.odp), not a text document",
        ),
        (
            zip_bytes(
                {"content.xml": f"<office:document-content {NS}><office:body/></office:document-content>".encode()}
            ),
            "not a valid OpenDocument file: content.xml has no office:text body",
        ),
    ],
    ids=["corrupt-zip", "no-content", "encrypted", "bad-xml", "ods", "odp", "no-text-body"],
)
def test_bad_odt_files_are_refused_in_one_line(data: bytes, message: str):
    with pytest.raises(FormatError) as caught:
        read_bytes(data, "bad.odt")
    assert str(caught.value).startswith(f"bad.odt: {message}")
    assert "\n" not in str(caught.value)


def test_entities_are_not_expanded():
    content = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<office:document-content {NS}><office:body><office:text><text:p>x &b; y</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    (block,) = read_odt(zip_bytes({"mimetype": MIMETYPE, "content.xml": content.encode()}), "t.odt")
    assert "aaaa" not in block.text


def test_cli_reports_a_spreadsheet_in_one_line(tmp_path: Path):
    bad = tmp_path / "budget.ods"
    bad.write_bytes(zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}))
    result = CliRunner().invoke(main, ["extract", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: an OpenDocument spreadsheet (.ods), not a text document")
    assert not (tmp_path / "out").exists()


def test_the_libreoffice_fixture_holds_what_libreoffice_writes():
    with zipfile.ZipFile(FIXTURES / "plan-2023.odt") as package:
        content = package.read("content.xml").decode()
        assert package.read("mimetype") == MIMETYPE
    for marker in ("table:number-rows-spanned", "table:covered-table-cell", "text:start-value", "table-header-rows"):
        assert marker in content, marker


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_after_the_zip_magic_give_blocks_or_our_error(tail: bytes):
    try:
        blocks = read_odt(b"PK\x03\x04" + tail, "x.odt")
    except PipelineError:
        return
    assert isinstance(blocks, list)


SMALL = (FIXTURES / "plan-2023.odfpy.odt").read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SMALL) - 1), st.binary(min_size=1, max_size=8), st.integers(8, len(SMALL)))
def test_a_damaged_odt_gives_a_plan_or_our_error(offset: int, patch: bytes, cut: int):
    data = (SMALL[:offset] + patch + SMALL[offset + len(patch) :])[:cut]
    try:
        plan = bytes_to_plan(data, "x.odt")
    except PipelineError:
        return
    assert plan["source"]["format"] == "odt"


WORDS = st.text(alphabet=st.sampled_from("abc æø&<>()12 .-"), max_size=12)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def odf_elements(draw, depth: int = 0) -> str:
    """Draw a piece of an ODF body: paragraphs, headings, spans, lists, tables, nested as ODF allows and not."""
    kind = draw(st.sampled_from(["p", "h", "span", "list", "table", "covered", "s", "note", "section", "junk"]))
    words = _escape(draw(WORDS))
    if depth > 2 or kind == "p":
        return f"<text:p>{words}</text:p>"
    inner = "".join(draw(st.lists(odf_elements(depth + 1), max_size=3)))
    number = draw(st.sampled_from(["", "0", "-3", "2", "x", "99999999999"]))
    if kind == "h":
        return f"<text:h text:outline-level='{number}'>{words}</text:h>"
    if kind == "span":
        return f"<text:p><text:span text:style-name='T{number}'>{words}</text:span>{words}</text:p>"
    if kind == "list":
        attrs = draw(
            st.sampled_from(["", " text:continue-numbering='true'", " text:continue-list='l1'", " xml:id='l1'"])
        )
        return (
            f"<text:list text:style-name='{draw(st.sampled_from(['N', 'B', 'nope']))}'{attrs}>"
            f"<text:list-item text:start-value='{number}'>{inner}</text:list-item></text:list>"
        )
    if kind == "table":
        return (
            f"<table:table><table:table-row><table:table-cell table:number-columns-spanned='{number}' "
            f"table:number-columns-repeated='{number}'>{inner}</table:table-cell><table:covered-table-cell/>"
            f"</table:table-row><table:table-row table:number-rows-repeated='{number}'/></table:table>"
        )
    if kind == "covered":
        return f"<table:covered-table-cell>{inner}</table:covered-table-cell>"
    if kind == "s":
        return f"<text:p><text:s text:c='{number}'/>{words}<text:line-break/><text:tab/></text:p>"
    if kind == "note":
        return f"<text:p><text:note><text:note-body>{inner}</text:note-body></text:note>{words}</text:p>"
    if kind == "section":
        return f"<text:section>{inner}</text:section>"
    return f"<text:unknown-thing>{words}{inner}</text:unknown-thing>"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(odf_elements(), max_size=8))
def test_structured_odf_documents_give_a_plan_or_our_error(pieces: list[str]):
    data = odt("".join(pieces))
    try:
        plan = bytes_to_plan(data, "x.odt")
    except PipelineError as exc:
        assert str(exc).startswith("x.odt: ")
        assert "\n" not in str(exc)
        return
    assert plan["source"]["format"] == "odt"


def test_paragraphs_numbered_by_hand_are_items_as_in_the_pdf_reader():
    blocks = read_odt(
        odt(
            "<text:p>1.<text:tab/>SKABER vi</text:p><text:p><text:span text:style-name='T3'>2)</text:span> to</text:p>"
            "<text:p>2024. er et år</text:p><text:h>3. Overskrift</text:h>"
        ),
        "t.odt",
    )
    assert kinds(blocks) == [
        ("item", 1, "SKABER vi"),
        ("item", 2, "to"),
        ("paragraph", 0, "2024. er et år"),
        ("heading", 1, "3. Overskrift"),
    ]


def test_a_hidden_section_and_a_frame_text_box():
    blocks = read_odt(
        odt(
            "<text:section text:display='none'><text:p>skjult</text:p></text:section>"
            "<text:p>Før <draw:frame xmlns:draw='urn:oasis:names:tc:opendocument:xmlns:drawing:1.0'><draw:text-box>"
            "<text:p>i boksen</text:p></draw:text-box></draw:frame> efter</text:p>"
        ),
        "t.odt",
    )
    assert kinds(blocks) == [("paragraph", 0, "Før i boksen efter")]
