"""A generated plan in another format: its text-markup blocks written as an HTML page.

The page is what a CMS would serve for the same plan: ``<h1>``-``<h6>``,
``<p>``, ``<ol>``/``<ul>`` (an objective's number as ``<li value>``) and one
``<table>`` per run of rows, inside ``<main>``. It lets the shapes
benchmark check that recognition does not hang on the text format.
"""

from __future__ import annotations

import html

from pipeline.model import Block
from pipeline.read.text import lines_to_blocks
from pipeline.tables import is_artefact


def to_html(text: str, typed_numbers: bool = False) -> str:
    """Return ``text`` (the generator's markup) as an HTML page with the same blocks.

    With ``typed_numbers`` a numbered item is a paragraph with its number typed in ("<p>1. SKABER vi ...</p>"),
    as in a page whose author numbered by hand.
    """
    blocks = lines_to_blocks(text.split("\n"))
    out = ['<!doctype html>\n<html lang="da"><head><meta charset="utf-8"><title>Plan</title></head><body><main>']
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "heading":
            out.append(f"<h{block.level}>{_inline(block.text)}</h{block.level}>")
        elif block.kind == "paragraph":
            out.append(f"<p>{_inline(block.text)}</p>")
        elif block.kind == "item" and typed_numbers and block.number is not None:
            out.append(f"<p>{block.number}. {_inline(block.text)}</p>")
        elif block.kind == "item":
            run = _run(
                blocks,
                i,
                lambda b, numbered=block.number is not None: b.kind == "item" and (b.number is not None) == numbered,
            )
            tag = "ol" if block.number is not None else "ul"
            items = "".join(
                f'<li value="{b.number}">{_inline(b.text)}</li>'
                if b.number is not None
                else f"<li>{_inline(b.text)}</li>"
                for b in run
            )
            out.append(f"<{tag}>{items}</{tag}>")
            i += len(run)
            continue
        elif block.kind == "row":
            run = _run(blocks, i, lambda b: b.kind == "row")
            rows = [b for b in run if not is_artefact(b)]
            body = "".join("<tr>" + "".join(f"<td>{_inline(c.strip())}</td>" for c in b.cells) + "</tr>" for b in rows)
            out.append(f"<table>{body}</table>")
            i += len(run)
            continue
        i += 1
    out.append("</main></body></html>\n")
    return "\n".join(out)


def _run(blocks: list[Block], start: int, same) -> list[Block]:
    end = start
    while end < len(blocks) and same(blocks[end]):
        end += 1
    return blocks[start:end]


def _inline(text: str) -> str:
    """Return text escaped for HTML, keeping the ``<b>`` the readers hand on."""
    return html.escape(text, quote=False).replace("&lt;b&gt;", "<b>").replace("&lt;/b&gt;", "</b>")


def to_docx(text: str) -> bytes:
    """Return ``text`` (the generator's markup) as a Word document with the same blocks.

    Headings in Heading styles, bullets in List Bullet, numbered items as
    paragraphs with their number typed in (Word's own list numbering runs on
    across pillars unless each list is restarted, which is a producer's
    question, not a shape's), one table per run of rows with bold as bold runs.
    """
    import io

    from docx import Document

    blocks = lines_to_blocks(text.split("\n"))
    doc = Document()
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "heading":
            _runs(doc.add_heading("", level=min(block.level, 9)), block.text)
        elif block.kind == "paragraph":
            _runs(doc.add_paragraph(), block.text)
        elif block.kind == "item" and block.number is not None:
            _runs(doc.add_paragraph(), f"{block.number}. {block.text}")
        elif block.kind == "item":
            _runs(doc.add_paragraph(style="List Bullet"), block.text)
        elif block.kind == "row":
            run = [b for b in _run(blocks, i, lambda b: b.kind == "row") if not is_artefact(b)]
            width = max(len(b.cells) for b in run)
            table = doc.add_table(rows=len(run), cols=width)
            for row, b in zip(table.rows, run, strict=True):
                for cell, value in zip(row.cells, b.cells, strict=False):
                    _runs(cell.paragraphs[0], value.strip())
            i += len(_run(blocks, i, lambda b: b.kind == "row"))
            continue
        i += 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _runs(paragraph, text: str) -> None:
    """Add ``text`` to a Word paragraph, its ``<b>`` parts as bold runs."""
    for index, part in enumerate(text.replace("</b>", "<b>").split("<b>")):
        if part:
            paragraph.add_run(part).bold = index % 2 == 1 or None
