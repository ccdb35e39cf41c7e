"""Reader for plain and markdown-like text: headings, lists, paragraphs, tab and pipe tables."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.model import Block, Position
from pipeline.read.textdecode import decode

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_NUMBERED = re.compile(r"^\s{0,3}(\d{1,3})[.)]\s+(.*\S)\s*$")
_BULLET = re.compile(r"^\s{0,3}[-*+•]\s+(.*\S)\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
#: Markdown strong emphasis, ``**x**`` or ``__x__``: this format's bold, made the neutral ``<b>x</b>``.
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def read_text(data: bytes, name: str) -> list[Block]:
    """Given the bytes of a text file, return its blocks with their line numbers."""
    return lines_to_blocks(decode(data, name).split("\n"))


def lines_to_blocks(lines: list[str]) -> list[Block]:
    """Given the lines of a text document, return its blocks in order.

    Consecutive plain lines form one paragraph (joined with a space), as in
    markdown; a plain line right after a list item continues that item. A
    line with a tab is a table row split at tabs; ``| a | b |`` is a pipe row.
    """
    blocks: list[Block] = []
    # The block being built from several lines: [kind, first line, texts, number].
    open_block: list | None = None

    def close() -> None:
        nonlocal open_block
        if open_block is not None:
            kind, line, texts, number = open_block
            blocks.append(Block(kind=kind, pos=Position(line=line), text=" ".join(texts), number=number))
            open_block = None

    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            close()
            continue
        if "\t" in line:
            close()
            blocks.append(Block(kind="row", pos=Position(line=lineno), cells=tuple(raw.split("\t"))))
            continue
        if _PIPE_ROW.match(line):
            close()
            inner = line.strip()[1:-1]
            cells = tuple(c.strip().replace("\\|", "|") for c in _PIPE_SPLIT.split(inner))
            blocks.append(Block(kind="row", pos=Position(line=lineno), cells=cells))
            continue
        heading = _ATX.match(line)
        if heading:
            close()
            level = len(heading.group(1))
            blocks.append(Block(kind="heading", pos=Position(line=lineno), text=heading.group(2), level=level))
            continue
        setext = _SETEXT.match(line)
        if setext and open_block is not None and open_block[0] == "paragraph":
            _, first, texts, _ = open_block
            open_block = None
            level = 1 if setext.group(1).startswith("=") else 2
            blocks.append(Block(kind="heading", pos=Position(line=first), text=" ".join(texts), level=level))
            continue
        numbered = _NUMBERED.match(line)
        bullet = None if numbered else _BULLET.match(line)
        if numbered or bullet:
            close()
            if numbered:
                open_block = ["item", lineno, [numbered.group(2)], int(numbered.group(1))]
            else:
                open_block = ["item", lineno, [bullet.group(1)], None]
            continue
        if open_block is None:
            open_block = ["paragraph", lineno, [], None]
        open_block[2].append(line.strip())
    close()
    return [_strong_to_b(block) for block in blocks]


def _strong_to_b(block: Block) -> Block:
    """Return ``block`` with markdown strong emphasis as ``<b>``, the markup every reader hands on."""
    if block.kind == "row":
        if not any("**" in c or "__" in c for c in block.cells):
            return block
        return replace(block, cells=tuple(_STRONG.sub(r"<b>\2</b>", c) for c in block.cells))
    if "**" not in block.text and "__" not in block.text:
        return block
    return replace(block, text=_STRONG.sub(r"<b>\2</b>", block.text))
