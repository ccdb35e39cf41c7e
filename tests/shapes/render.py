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
