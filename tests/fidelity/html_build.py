"""A plan as a printable HTML page in a random layout: the input of Chromium's print-to-PDF and of WeasyPrint.

The CSS carries the layout: font, size and line height, an ``@page`` size,
orientation and margins with an optional running title and "Side N af M"
in the page margin boxes, a fixed-layout table with the layout's column
widths, cell padding, borders or none, and the header row in ``<thead>``
(repeated on every page) or as a plain first row (not repeated). Cells
break a word too long for their width (``overflow-wrap: break-word``, as
most site style sheets do), so no text runs into the next cell. A justified
layout sets paragraphs, list items and body cells flush on both edges; a
hyphenated one turns on ``hyphens: auto``, which breaks words by the
page's language (``lang="da"``) where the browser has Danish patterns.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from tests.fidelity.content import Part
from tests.fidelity.layouts import HEADER_FILL, RUNNING_TITLE, STRIPE_FILL, Layout

HEADING_SCALE = {1: 2.0, 2: 1.5, 3: 1.25, 4: 1.1}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def page_css(layout: Layout) -> str:
    """Return the style sheet of ``layout``."""
    margin_boxes = ""
    if layout.page_header:
        margin_boxes += f'@top-center {{ content: "{RUNNING_TITLE}"; font-size: {layout.font_size * 0.8}pt; }}'
    if layout.page_footer:
        margin_boxes += (
            '@bottom-center { content: "Side " counter(page) " af " counter(pages); '
            f"font-size: {layout.font_size * 0.8}pt; }}"
        )
    border = "0.6pt solid #000" if layout.table_style == "grid" else "none"
    headings = " ".join(
        f"h{level} {{ font-size: {layout.font_size * scale:.1f}pt; margin: {layout.font_size}pt 0 "
        f"{layout.space_after}pt 0; }}"
        for level, scale in HEADING_SCALE.items()
    )
    return f"""
@page {{ size: {layout.page} {"landscape" if layout.landscape else "portrait"}; margin: {layout.margin_mm}mm;
  {margin_boxes} }}
body {{ font-family: "{layout.font}"; font-size: {layout.font_size}pt; line-height: {layout.line_height};
  margin: 0; color: #000; }}
p, li {{ margin: 0 0 {layout.space_after}pt 0; }}
{headings}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 {layout.space_after}pt 0; }}
th, td {{ border: {border}; padding: {layout.cell_padding}pt; vertical-align: top; text-align: left;
  overflow-wrap: break-word; }}
td p {{ margin: 0; }}
{table_style_css(layout.table_style)}
{text_css(layout)}"""


def table_style_css(style: str) -> str:
    """Return the rules of a table style other than grid or none (on top of ``th, td`` without borders)."""
    rule = "0.6pt solid #000"
    return {
        "header-fill": f"th {{ background: {HEADER_FILL}; color: #fff; }}",
        "zebra": f"tr:nth-child(even) td {{ background: {STRIPE_FILL}; }}",
        "horizontal-rules": f"th, td {{ border-top: {rule}; border-bottom: {rule}; }}",
        "frame": f"table {{ border: {rule}; }} th {{ border-bottom: {rule}; }}",
    }.get(style, "")


def text_css(layout: Layout) -> str:
    """Return the rules for justified text and automatic hyphenation, or nothing for a ragged, unbroken layout."""
    rules = []
    if layout.justify:
        rules.append("p, li, td { text-align: justify; }")
    if layout.hyphenate:
        rules.append("body { -webkit-hyphens: auto; hyphens: auto; }")
    return "\n".join(rules)


def table_html(rows: tuple[tuple[str, ...], ...], layout: Layout) -> list[str]:
    """Return the lines of one table: colgroup, header row, body rows with bold titles."""
    fractions = layout.column_fractions(len(rows[0]))
    out = ["<table>", "<colgroup>" + "".join(f'<col style="width:{f * 100:.2f}%">' for f in fractions) + "</colgroup>"]
    head = "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in rows[0]) + "</tr>"
    if layout.repeat_header:
        out += [f"<thead>{head}</thead>", "<tbody>"]
    else:
        out += ["<tbody>", head]
    for cells in rows[1:]:
        title = f"<td><b>{esc(cells[0])}</b></td>" if cells[0] else "<td></td>"
        out.append("<tr>" + title + "".join(f"<td>{esc(c)}</td>" for c in cells[1:]) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def body_html(parts: list[Part], layout: Layout) -> list[str]:
    """Return the lines of the plan's content: headings, paragraphs, numbered lists and tables."""
    out: list[str] = []
    in_list = False
    for part in parts:
        if part.kind == "item" and layout.list_numbering:
            if not in_list or part.number == 1:
                if in_list:
                    out.append("</ol>")
                out.append(f'<ol start="{part.number}">')
                in_list = True
            out.append(f"<li>{esc(part.text)}</li>")
            continue
        if in_list:
            out.append("</ol>")
            in_list = False
        if part.kind == "title":
            out.append(f"<h1>{esc(part.text)}</h1>")
        elif part.kind == "heading":
            out.append(f"<h{part.level}>{esc(part.text)}</h{part.level}>")
        elif part.kind == "paragraph":
            out.append(f"<p>{esc(part.text)}</p>")
        elif part.kind == "item":
            out.append(f"<p>{part.number}. {esc(part.text)}</p>")
        elif part.kind == "table":
            out += table_html(part.rows, layout)
    if in_list:
        out.append("</ol>")
    return out


def soft_hyphenated(parts: list[Part]) -> list[Part]:
    """Return ``parts`` with soft hyphens (U+00AD) at the Danish hyphenation points (pyphen) of every longer word.

    Chromium on Linux hyphenates nothing by itself (``hyphens: auto`` needs
    dictionaries it downloads, which Debian does not ship), but it breaks at
    soft hyphens, as CMS pages and InDesign's HTML carry them. Words with a
    capital inside ("MitID") or a digit are left whole, as hyphenators do.
    """
    import pyphen

    dic = pyphen.Pyphen(lang="da_DK")

    def words(text: str) -> str:
        return re.sub(
            r"\w{5,}",
            lambda m: m.group() if re.search(r"\d|.[A-ZÆØÅ]", m.group()) else dic.inserted(m.group(), "\u00ad"),
            text,
        )

    return [
        replace(part, text=words(part.text), rows=tuple(tuple(words(c) for c in row) for row in part.rows))
        for part in parts
    ]


def page_html(parts: list[Part], layout: Layout, soft_hyphens: bool = False) -> str:
    """Return the whole printable page (with ``soft_hyphens``, soft hyphens at the hyphenation points)."""
    title = parts[0].text if parts else ""
    if soft_hyphens:
        parts = soft_hyphenated(parts)
    body = "\n".join(body_html(parts, layout))
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<style>{page_css(layout)}</style>
</head>
<body>
{body}
</body>
</html>
"""
