"""PDF tables in the table styles of Word, site style sheets and InDesign, read like ruled and borderless ones.

A header row with a dark fill and white text, zebra stripes, rules between
rows only, or an outer frame with a rule under the header: drawn as filled
rectangles and partial rules, never as a grid. Each test builds a small
plan (the first pillar of the 2023 plan, its first projects) with reportlab
in one style and checks every fact of it, field by field.
"""

from __future__ import annotations

import copy
import functools

import pytest

# reportlab is in the test extra: a missing install fails here instead of skipping these tests.
import reportlab  # noqa: F401

from pipeline.run import extract
from tests.fidelity.content import SOURCES, plan_parts, source_plan
from tests.fidelity.facts import plan_facts, snippet
from tests.fidelity.layouts import STRIPE_FILL, TABLE_STYLES, Layout


@functools.lru_cache(maxsize=1)
def small_plan() -> dict:
    """Return the 2023 plan cut to its first pillar and that pillar's first five projects."""
    plan = copy.deepcopy(source_plan(SOURCES["2023"]))
    pillar = plan["pillars"][0]
    pillar["projects"] = pillar["projects"][:5]
    pillar["notes"] = []
    plan["pillars"] = [pillar]
    plan["notes"] = []
    return plan


def layout(style: str, **changes) -> Layout:
    fields = {
        "seed": 0,
        "font": "Liberation Sans",
        "font_size": 10,
        "col_weights": (1.2, 2.2, 1.4, 1.2, 1.2, 1.2),
        "page": "A4",
        "landscape": True,
        "margin_mm": 15,
        "cell_padding": 3,
        "line_height": 1.0,
        "space_after": 2,
        "repeat_header": True,
        "page_header": False,
        "page_footer": False,
        "ruled": style == "grid",
        "list_numbering": True,
        "print_header_footer": False,
        "table_style": style,
    }
    return Layout(**{**fields, **changes})


def wrong_facts(path, plan: dict) -> dict:
    expected = plan_facts(plan)
    got = plan_facts(extract(path))
    wrong = {key: snippet(value, got.get(key)) for key, value in expected.items() if got.get(key) != value}
    wrong.update({key: ("(extra)", got[key]) for key in sorted(set(got) - set(expected))})
    return wrong


def render(tmp_path, style: str, **changes):
    from tests.fidelity.reportlab_build import build_pdf

    path = tmp_path / f"{style}.pdf"
    build_pdf(plan_parts(small_plan()), layout(style, **changes), path)
    return path


@pytest.mark.parametrize("style", TABLE_STYLES)
def test_every_table_style_reads_every_fact(tmp_path, style):
    assert wrong_facts(render(tmp_path, style), small_plan()) == {}


@pytest.mark.parametrize("style", ["header-fill", "zebra", "horizontal-rules", "frame"])
def test_table_styles_without_padding_read_every_fact(tmp_path, style):
    assert wrong_facts(render(tmp_path, style, cell_padding=0, font="DejaVu Sans", font_size=9), small_plan()) == {}


def stripes_cell_by_cell(monkeypatch) -> None:
    """Make reportlab fill the zebra stripes cell by cell, as Word, LibreOffice and browsers draw them."""
    from tests.fidelity import reportlab_build

    def style(name, colors, count):
        if name != "zebra":
            return plain(name, colors, count)
        fill = colors.HexColor(STRIPE_FILL)
        return [("BACKGROUND", (c, r), (c, r), fill) for c in range(count) for r in (2, 4)]  # 5 projects

    plain = reportlab_build._table_style
    monkeypatch.setattr(reportlab_build, "_table_style", style)


def test_zebra_stripes_filled_cell_by_cell_read_every_fact(tmp_path, monkeypatch):
    stripes_cell_by_cell(monkeypatch)
    assert wrong_facts(render(tmp_path, "zebra"), small_plan()) == {}
    assert wrong_facts(render(tmp_path, "zebra", cell_padding=0, line_height=1.25), small_plan()) == {}


@pytest.mark.parametrize("style", ["header-fill", "zebra"])
def test_fills_are_not_rules_so_no_ruled_table_is_found(tmp_path, monkeypatch, style):
    import pdfplumber

    from pipeline.read.pdf.tables import _is_fill, page_to_ruled_tables

    stripes_cell_by_cell(monkeypatch)
    with pdfplumber.open(render(tmp_path, style)) as pdf:
        page = next(p for p in pdf.pages if p.rects)
        assert [r for r in page.rects if _is_fill(r, 2.0)]  # the fills are there
        tables, chars = page_to_ruled_tables(page, 1)
        # no header-only or stripes-only "ruled" table: the whole table goes to the borderless path
        assert tables == [] and len(chars) == len(page.chars)


def test_a_filled_cell_with_a_stroke_and_a_thin_filled_rule_stay_rules():
    from pipeline.read.pdf.tables import _is_fill

    box = {"object_type": "rect", "x0": 0, "x1": 100, "top": 0, "bottom": 20}
    assert _is_fill({**box, "fill": True, "stroke": False}, 2.0)
    assert not _is_fill({**box, "fill": True, "stroke": True}, 2.0)  # a bordered cell with a background
    assert not _is_fill({**box, "bottom": 0.6, "fill": True, "stroke": False}, 2.0)  # a rule drawn as a fill
    assert not _is_fill({**box, "fill": False, "stroke": True}, 2.0)


def test_table_style_defaults_to_what_ruled_gives_and_is_checked():
    assert layout("", ruled=True).table_style == "grid"
    assert layout("", ruled=False).table_style == "none"
    assert "table_style" not in layout("", ruled=True).describe()
    assert layout("zebra").describe()["table_style"] == "zebra"
    with pytest.raises(ValueError, match="table_style"):
        layout("dotted")


def table_chars(name: str, top: float) -> list[dict]:
    """A borderless table (a frame, stripes or a header fill draw no column rules) with its header row at
    ``top`` and two body rows titled "<name> a" and "<name> b"."""
    from tests.test_pdf_layout import glyphs

    chars = []
    for text, x in (("Projekt", 50), ("Beskrivelse", 150), ("Status", 300), ("2024", 450)):
        chars += glyphs(text, x, top, bold=True)
    for k, title in enumerate((f"{name} a", f"{name} b")):
        y = top + 50 + 40 * k  # below the page's top margin
        chars += glyphs(title, 50, y) + glyphs("Om det", 150, y) + glyphs("Kører", 300, y) + glyphs("Videre", 450, y)
    return chars


def test_a_header_row_at_the_top_of_a_page_starts_its_table_and_one_in_the_body_is_never_furniture():
    from pipeline.read.pdf import pages_to_blocks
    from pipeline.read.pdf.layout import chars_to_lines
    from tests.test_pdf_layout import glyphs

    # Page 1 ends with text; a table starts at the top of page 2 and repeats its header at the top of page 3,
    # where a second table (same header text) starts further down: every header and body row is read.
    furniture = [glyphs("Faxe Kommune", 50, 20) + glyphs(f"Side {n}", 280, 800) for n in (1, 2, 3)]
    pages = [
        furniture[0] + glyphs("Indledning.", 50, 300),
        furniture[1] + table_chars("Anna", 60),
        furniture[2]
        + table_chars("Bo", 60)
        + glyphs("Glæden ved sprog", 50, 360, size=14, bold=True)
        + table_chars("Carl", 400),
    ]
    lines = [([], chars_to_lines(chars, page=n + 1)) for n, chars in enumerate(pages)]
    blocks = pages_to_blocks(lines, [595.0] * 3, [842.0] * 3, "inline.pdf")
    rows = [b.cells for b in blocks if b.kind == "row"]
    header = ("Projekt", "Beskrivelse", "Status", "2024")
    assert rows[0] == header and rows.count(header) >= 2  # page 2's header, and the second table's own
    titles = [r[0] for r in rows if r != header]
    assert titles == ["Anna a", "Anna b", "Bo a", "Bo b", "Carl a", "Carl b"]
    assert [b.text for b in blocks if b.kind != "row"] == ["Indledning.", "Glæden ved sprog"]
