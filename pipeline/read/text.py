"""Reader for plain and markdown-like text: headings, lists, paragraphs, tab and pipe tables."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.errors import InputError
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.model import Block, Position
from pipeline.read.textdecode import decode

#: An ATX heading; its closing ``#`` run is cut off by ``_atx_title`` (a lazy regex for it was quadratic).
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_CLOSING_HASHES = re.compile(r"\s#+$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_NUMBERED = re.compile(r"^\s{0,3}(\d{1,3})[.)]\s+(.*\S)\s*$")
_BULLET = re.compile(r"^\s{0,3}[-*+•]\s+(.*\S)\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_STRONG_MARKS = ("**", "__")
#: Where a strong span may close: its mark right after a non-space.
_CLOSER = {"**": re.compile(r"(?<=\S)\*\*"), "__": re.compile(r"(?<=\S)__")}


def read_text(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Block]:
    """Given the bytes of a text file, return its blocks with their line numbers."""
    lines = decode(data, name).split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    if len(lines[longest]) > limits.max_line_chars:
        raise InputError(
            name,
            f"line {longest + 1}: {len(lines[longest])} characters, the limit is {limits.max_line_chars} "
            "(max_line_chars)",
        )
    return lines_to_blocks(lines)


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
            level, title = len(heading.group(1)), _atx_title(heading.group(2))
            blocks.append(Block(kind="heading", pos=Position(line=lineno), text=title, level=level))
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
        return replace(block, cells=tuple(strong_to_b(c) for c in block.cells))
    if "**" not in block.text and "__" not in block.text:
        return block
    return replace(block, text=strong_to_b(block.text))


def _atx_title(rest: str) -> str:
    """Return an ATX heading's text without trailing spaces and its optional closing ``#`` run."""
    title = rest.rstrip()
    closing = _CLOSING_HASHES.search(title)
    return title[: closing.start()].rstrip() if closing else title


def strong_to_b(text: str) -> str:
    """Return ``text`` with markdown strong emphasis, ``**x**`` or ``__x__``, as ``<b>x</b>``.

    The same result as ``re.sub(r"(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1", r"<b>\\2</b>", text)`` in linear
    time (that regex is quadratic on ``**a **a **a ...``): an opener is a mark followed by a non-space,
    its closer the nearest same mark at least one character on, preceded by a non-space, on the same line.
    """
    if "\n" in text:
        return "\n".join(map(strong_to_b, text.split("\n")))
    out: list[str] = []
    done = 0  # text[:done] is in out
    stars, unders = text.find("**"), text.find("__")  # the next mark of each kind; -1: none can open
    while stars >= 0 or unders >= 0:
        mark, start = ("**", stars) if unders < 0 or 0 <= stars < unders else ("__", unders)
        if start + 2 < len(text) and not text[start + 2].isspace():
            closer = _CLOSER[mark].search(text, start + 3)
            if closer is None:
                # No closer after this opener means none after any later one either.
                next_start = -1
            else:
                end = closer.start()
                out += [text[done:start], "<b>", text[start + 2 : end], "</b>"]
                done = end + 2
                stars = stars if stars < 0 or stars >= done else text.find("**", done)
                unders = unders if unders < 0 or unders >= done else text.find("__", done)
                continue
        else:
            next_start = text.find(mark, start + 1)
        if mark == "**":
            stars = next_start
        else:
            unders = next_start
    return "".join(out) + text[done:] if out else text
