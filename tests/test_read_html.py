"""The HTML reader on short inline pages: structure, tables with spans, furniture, encodings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from pipeline.errors import InputError, PipelineError, StructureError
from pipeline.read import read_bytes
from pipeline.read.html import read_html
from pipeline.run import bytes_to_plan
from pipeline.text import TYPED_ITEM, clean


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def kinds(blocks) -> list[tuple]:
    """Return (kind, heading level or item number or 0, text or cells) per block."""
    return [
        (b.kind, b.level if b.kind == "heading" else b.number if b.kind == "item" else 0, b.text or b.cells)
        for b in blocks
    ]


def test_headings_paragraphs_and_lists():
    blocks = read_html(
        page(
            "<h1>Plan</h1><h3>Tre</h3><p>Et <b>fedt</b> afsnit</p>"
            "<ol start='3'><li>tre</li><li value='7'>syv</li><li>otte</li></ol>"
            "<ul><li>kugle</li></ul><ol reversed><li>to</li><li>en</li></ol>"
        ),
        "t.html",
    )
    assert kinds(blocks) == [
        ("heading", 1, "Plan"),
        ("heading", 3, "Tre"),
        ("paragraph", 0, "Et <b>fedt</b> afsnit"),
        ("item", 3, "tre"),
        ("item", 7, "syv"),
        ("item", 8, "otte"),
        ("item", None, "kugle"),
        ("item", 2, "to"),
        ("item", 1, "en"),
    ]
    assert [b.pos.path for b in blocks[:4]] == [
        "/html/body/h1",
        "/html/body/h3",
        "/html/body/p",
        "/html/body/ol[1]/li[1]",
    ]


def test_nested_list_items_come_after_their_parent_item():
    blocks = read_html(page("<ol><li>en<ul><li>under</li></ul> mere</li><li>to</li></ol>"), "t.html")
    assert kinds(blocks) == [("item", 1, "en mere"), ("item", None, "under"), ("item", 2, "to")]
    assert blocks[1].pos.path == "/html/body/ol/li[1]/ul/li"


def test_br_entities_and_nbsp_become_single_spaces_and_page_text_stays_escaped():
    (block,) = read_html(page("<p>Status&nbsp;2021-2023<br>næste&#160;linje &amp; &lt;b&gt; ­bl&shy;ød</p>"), "t.html")
    assert block.text == "Status 2021-2023 næste linje &amp; &lt;b&gt; blød"
    assert clean(block.text) == "Status 2021-2023 næste linje & <b> blød"


def test_site_furniture_is_not_content_but_an_articles_own_header_is():
    blocks = read_html(
        page(
            "<header>Sitet</header><nav><ul><li>Menu</li></ul></nav><script>var x = '<p>nej</p>';</script>"
            "<style>p {}</style><noscript>Slå JS til</noscript><template><p>skabelon</p></template>"
            "<main><article><header><h1>Planens titel</h1></header><p hidden>skjult</p><p>Indhold</p>"
            "<footer>Artiklens fod</footer></article></main><aside>Se også</aside><footer>Kontakt</footer>"
            "<!-- en kommentar -->"
        ),
        "t.html",
    )
    assert kinds(blocks) == [
        ("heading", 1, "Planens titel"),
        ("paragraph", 0, "Indhold"),
        ("paragraph", 0, "Artiklens fod"),
    ]


def test_numbers_typed_into_paragraphs_make_items_as_in_the_pdf_reader():
    blocks = read_html(page("<p>1. SKABER vi</p><p>2) TILBYDER vi</p><div>3. løs</div><p>2024. et år</p>"), "t.html")
    assert kinds(blocks) == [
        ("item", 1, "SKABER vi"),
        ("item", 2, "TILBYDER vi"),
        ("item", 3, "løs"),
        ("paragraph", 0, "2024. et år"),
    ]


def test_loose_text_in_containers_becomes_paragraphs():
    blocks = read_html(page("<div>Løs <i>tekst</i><p>Afsnit</p>efter</div>"), "t.html")
    assert kinds(blocks) == [("paragraph", 0, "Løs tekst"), ("paragraph", 0, "Afsnit"), ("paragraph", 0, "efter")]


def test_table_cells_with_colspan_and_rowspan_stand_once():
    blocks = read_html(
        page(
            "<table><thead><tr><th>Projekt</th><th>Beskrivelse</th><th>Status 2023</th><th>2024</th></tr></thead>"
            "<tbody><tr><td>A</td><td rowspan='2'>lang</td><td>s</td><td>p</td></tr>"
            "<tr><td>B</td><td colspan='2'>bred</td></tr>"
            "<tr><td>C</td><td><p>to</p><p>afsnit</p></td></tr></tbody></table>"
        ),
        "t.html",
    )
    assert [(b.cells, b.continues) for b in blocks] == [
        (("Projekt", "Beskrivelse", "Status 2023", "2024"), False),
        (("A", "lang", "s", "p"), False),
        (("B", "", "bred", ""), False),
        (("C", "to afsnit"), False),
    ]
    assert blocks[2].pos.path == "/html/body/table/tbody/tr[2]"


def test_a_rowspan_in_the_first_column_marks_the_rows_below_as_continuing():
    blocks = read_html(
        page(
            "<table><tr><th>Projekt</th><th>Status 2023</th></tr>"
            "<tr><td rowspan='3'>A</td><td>første</td></tr><tr><td>anden</td></tr><tr><td>tredje</td></tr>"
            "<tr><td>B</td><td>b</td></tr></table>"
        ),
        "t.html",
    )
    assert [(b.cells, b.continues) for b in blocks] == [
        (("Projekt", "Status 2023"), False),
        (("A", "første"), False),
        (("", "anden"), True),
        (("", "tredje"), True),
        (("B", "b"), False),
    ]


PLAN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<h1>Handleplan for Testby Bibliotek 2023-2025</h1>
<h2>Kultur for alle</h2>
<ol><li>SKABER vi noget.</li><li>TILBYDER vi andet.</li></ol>
<table><tr><th>Projekt</th><th>Beskrivelse</th><th>Status 2021-2023</th><th>2024</th></tr>
<tr><td rowspan="2"><b>Spil &amp; leg</b></td><td>Spilaftener (1)</td><td>Det kører.</td><td>Mere</td></tr>
<tr><td></td><td>Og videre.</td><td></td></tr>
<tr><td><strong>Læsning &lt;2&gt;</strong></td><td>Klub (2)</td><td colspan="2">Startet</td></tr>
</table></body></html>"""


def test_a_small_plan_page_reads_through_the_pipeline():
    plan = bytes_to_plan(PLAN_PAGE.encode(), "plan.html")
    assert plan["title"] == "Handleplan for Testby Bibliotek 2023-2025"
    (pillar,) = plan["pillars"]
    first, second = pillar["projects"]
    assert first["title"] == "Spil & leg"
    assert first["status"]["text"] == "Det kører. Og videre."
    assert first["source"] == {"path": "/html/body/table/tr[2]", "continued": [{"path": "/html/body/table/tr[3]"}]}
    assert (second["title"], second["status"]["text"], second["plans"]) == ("Læsning <2>", "Startet", {"2024": None})


def test_a_layout_table_is_walked_as_containers():
    blocks = read_html(
        page(
            "<table><tr><td colspan='2'><h1>Titel</h1></td></tr>"
            "<tr><td rowspan='2'><p>venstre</p></td><td><table><tr><td>Projekt</td><td>2024</td></tr></table></td></tr>"
            "</table>"
        ),
        "t.html",
    )
    assert kinds(blocks) == [("heading", 1, "Titel"), ("paragraph", 0, "venstre"), ("row", 0, ("Projekt", "2024"))]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (
            "<html><head><meta charset='iso-8859-15'></head><body><p>pris \xa4</p></body></html>".encode("latin-1"),
            "pris €",
        ),
        (
            b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
            b"<body><p>\xe6\xf8\xe5 \x96 \x94</p></body></html>",
            "æøå – ”",
        ),
        ("<html><body><p>æøå</p></body></html>".encode("cp1252"), "æøå"),
        (b"\xef\xbb\xbf<html><body><p>\xc3\xa6</p></body></html>", "æ"),
        ("\ufeff<html><body><p>ø</p></body></html>".encode("utf-16-le"), "ø"),
        ("<html><head><meta charset='utf-8'></head><body><p>å</p></body></html>".encode(), "å"),
        ("<html><head><meta charset='utf-8'></head><body><p>å</p></body></html>".encode("cp1252"), "å"),
        ("<html><head><meta charset='no-such'></head><body><p>å</p></body></html>".encode(), "å"),
    ],
    ids=[
        "meta-latin9",
        "http-equiv-1252",
        "no-meta-1252",
        "utf8-bom",
        "utf16-bom",
        "meta-utf8",
        "wrong-meta",
        "unknown",
    ],
)
def test_encoding_from_bom_then_meta_then_utf8_then_cp1252(data: bytes, text: str):
    (block,) = read_html(data, "t.html")
    assert block.text == text


def test_binary_bytes_declared_as_html_are_refused():
    with pytest.raises(InputError, match="binary data"):
        read_html(b"<html><head><meta charset='latin-1'></head><body>\x00\x01</body></html>", "t.html")


@pytest.mark.parametrize(
    "body",
    ["", "<script>var x = 1;</script>", "<nav><p>Menu</p></nav><footer>Kontakt</footer>", "<p>  &nbsp; </p>"],
    ids=["empty", "only-script", "only-furniture", "only-spaces"],
)
def test_a_page_without_text_is_refused_clearly(body: str):
    with pytest.raises(StructureError, match=r"^t\.html: document: the page has no text outside script"):
        read_bytes(page(body), "t.html")


def test_a_page_without_a_plan_is_refused_clearly():
    with pytest.raises(StructureError, match=r"^t\.html: /html/body/h1: no pillar and no project table found"):
        bytes_to_plan(page("<h1>Nyheder</h1><p>Biblioteket holder lukket.</p>"), "t.html")


def test_cli_reports_a_page_without_a_plan(tmp_path: Path):
    news = tmp_path / "nyheder.html"
    news.write_bytes(page("<h1>Nyheder</h1><p>Biblioteket holder lukket.</p>"))
    result = CliRunner().invoke(main, ["extract", str(news), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {news}: /html/body/h1: no pillar")
    assert not (tmp_path / "out").exists()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_give_a_plan_or_our_error(data: bytes):
    try:
        plan = bytes_to_plan(b"<html>" + data, "x.html")
    except PipelineError:
        return
    assert plan["source"]["format"] == "html"


TAGS = [
    *"p div b i span li td h1 h2 table tr ol ul script nav br a main article section header footer aside".split(),
    *("dialog", "form", "button", "div hidden", "div role=main", "div role=dialog", "a href=#x class=skip"),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TAGS), st.text(max_size=30)), max_size=8))
def test_arbitrary_text_in_tags_gives_blocks_or_our_error(parts: list[tuple[str, str]]):
    markup = "".join(f"<{tag}>{text}" for tag, text in parts)
    try:
        read_html(f"<html><body>{markup}</body></html>".encode(), "x.html")
    except PipelineError:
        return


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_paragraph_text_is_kept_word_for_word(text: str):
    """No text lost or invented: a paragraph's cleaned text is the page text with whitespace squeezed."""
    import html

    expected = " ".join(
        text.replace("\u00ad", "").replace("\u200b", "").replace("\u2060", "").replace("\ufeff", "").split()
    )
    data = f"<html><body><p>{html.escape(text)}</p></body></html>".encode()
    try:
        blocks = read_html(data, "x.html")
    except StructureError:
        assert not expected
        return
    (block,) = blocks
    typed = TYPED_ITEM.match(expected)
    if block.kind == "item":  # "1. text" typed into a paragraph: the number is the item's, the rest its text
        assert typed and (block.number, clean(block.text)) == (int(typed.group(1)), typed.group(2))
    else:
        assert not typed and clean(block.text) == expected


def test_an_inline_element_wrapping_blocks_is_a_container():
    blocks = read_html(page("<a href='/kultur'><h2>Kultur for alle</h2><p>Læs mere</p></a><span>kort</span>"), "t.html")
    assert kinds(blocks) == [("heading", 2, "Kultur for alle"), ("paragraph", 0, "Læs mere"), ("paragraph", 0, "kort")]
    assert blocks[0].pos.path == "/html/body/a/h2"


COOKIE = (
    '<div id="cookie-consent" role="dialog" aria-modal="true"><h2>Vi bruger cookies</h2>'
    "<p>Vi bruger cookies til statistik.</p><button>Acceptér</button></div>"
)
TABLE = (
    "<table><tr><th>Projekt</th><th>2024</th></tr><tr><th scope='row'>A</th><td><p>en</p><p>to</p></td></tr></table>"
)


def test_a_cms_page_reads_only_its_main_content():
    blocks = read_html(
        page(
            f"{COOKIE}<a class='skip-link' href='#indhold'>Gå til indhold</a>"
            "<header><a href='/'>Faxe Kommune</a><form role='search'><label>Søg</label><input></form></header>"
            "<nav aria-label='Brødkrummesti'><ol><li>Forside</li><li>Politik</li></ol></nav>"
            "<p>Løs tekst uden for main</p>"
            f"<main id='indhold'><div class='breadcrumb'>Forside / Planer</div><article><header><h1>Plan</h1></header>"
            f"<div class='wrap'><div class='scroll'>{TABLE}</div></div><footer>Opdateret 1. marts</footer></article>"
            "<aside><h2>Relaterede sider</h2><ul><li>Bibliotekspolitik</li></ul></aside></main>"
            "<footer><h2>Kontakt</h2><p>Tlf. 56 20 30 00</p></footer>"
        ),
        "t.html",
    )
    assert kinds(blocks) == [
        ("heading", 1, "Plan"),
        ("row", 0, ("Projekt", "2024")),
        ("row", 0, ("A", "en to")),
        ("paragraph", 0, "Opdateret 1. marts"),
    ]
    assert blocks[0].pos.path == "/html/body/main/article/header/h1"
    assert blocks[2].pos.path == "/html/body/main/article/div/div/table/tr[2]"


@pytest.mark.parametrize(
    "hidden",
    [
        "<div hidden><h2>Skjult</h2></div>",
        "<div aria-hidden='true'><h2>Skjult</h2></div>",
        "<div style='color: red; DISPLAY : none'><h2>Skjult</h2></div>",
        "<div style='visibility:hidden'><h2>Skjult</h2></div>",
        "<dialog open><h2>Skjult</h2></dialog>",
        "<div role='alertdialog'><h2>Skjult</h2></div>",
        "<div class='cookie-banner'><h2>Skjult</h2></div>",
        "<div role='complementary'><h2>Skjult</h2></div>",
        "<form action='/s'><h2>Skjult</h2></form>",
    ],
)
def test_hidden_elements_and_dialogs_are_not_content(hidden: str):
    blocks = read_html(page(f"{hidden}<h1>Plan</h1>{TABLE}"), "t.html")
    assert kinds(blocks)[0] == ("heading", 1, "Plan")
    assert "Skjult" not in str(kinds(blocks))


def test_a_collapsed_panel_holding_a_table_and_a_page_wide_form_are_content():
    blocks = read_html(
        page(f"<form id='aspnetForm'><h1>Plan</h1><h2><button>Kultur</button></h2><div hidden>{TABLE}</div></form>"),
        "t.html",
    )
    assert kinds(blocks)[:3] == [("heading", 1, "Plan"), ("heading", 2, "Kultur"), ("row", 0, ("Projekt", "2024"))]


def test_without_main_or_article_the_container_of_the_tables_and_the_title_is_read():
    blocks = read_html(
        page(
            f"{COOKIE}<div class='top'><h1>Faxe Kommune</h1><p>Borger · Erhverv</p></div>"
            "<div class='cols'><div class='side'><h2>Relaterede sider</h2><p>Kulturpolitik</p></div>"
            f"<div class='content'><h1>Plan</h1><p>Indledning</p><h2>Kultur</h2><div>{TABLE}</div></div></div>"
            "<div class='bund'><p>Kontakt: 56 20 30 00</p></div>"
        ),
        "t.html",
    )
    assert kinds(blocks)[:3] == [("heading", 1, "Plan"), ("paragraph", 0, "Indledning"), ("heading", 2, "Kultur")]
    assert len(blocks) == 5
    assert blocks[0].pos.path == "/html/body/div[3]/div[2]/h1"


def test_a_role_main_keeps_its_header_and_a_title_before_main_is_read():
    blocks = read_html(page(f"<div role='main'><header><h1>Plan</h1></header>{TABLE}</div>"), "t.html")
    assert kinds(blocks)[0] == ("heading", 1, "Plan")
    blocks = read_html(page(f"<div class='hero'><h1>Plan</h1></div><main>{TABLE}</main><p>Kontakt</p>"), "t.html")
    assert kinds(blocks) == [("heading", 1, "Plan"), ("row", 0, ("Projekt", "2024")), ("row", 0, ("A", "en to"))]
    assert blocks[0].pos.path == "/html/body/div/h1"


def test_a_main_without_the_tables_gives_way_to_the_container_of_the_tables():
    blocks = read_html(page(f"<main><p>Velkommen</p></main><div><h1>Plan</h1>{TABLE}</div>"), "t.html")
    assert kinds(blocks)[0] == ("heading", 1, "Plan")


def test_a_collapsed_accordion_panel_is_content_but_other_hidden_text_is_not():
    blocks = read_html(
        page(
            "<main><h1>Plan</h1><h2><button aria-expanded='false' aria-controls='p1 p2'>Indledning</button></h2>"
            f"<div id='p1' hidden><p>Foldet sammen</p></div><div id='p3' hidden><p>Ikke med</p></div>{TABLE}</main>"
        ),
        "t.html",
    )
    assert kinds(blocks)[:3] == [
        ("heading", 1, "Plan"),
        ("heading", 2, "Indledning"),
        ("paragraph", 0, "Foldet sammen"),
    ]
    assert "Ikke med" not in str(kinds(blocks))
