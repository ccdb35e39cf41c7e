"""The neutral block stream that every reader yields.

Everything after the readers sees only these frozen dataclasses, never a
format: a heading is a heading whether it came from ``##``, ``<h2>``, a Word
heading style or a large bold font in a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item", "row"]


@dataclass(frozen=True)
class Position:
    """Where a block stands in its source: a line (text formats), a page and box, or a path.

    ``path`` is an XPath-like address for formats without usable line
    numbers: ``/html/body/main/table[2]/tr[5]`` in an HTML page, or
    ``tbl[2]/tr[5]`` / ``p[12]`` relative to ``w:body`` in a Word file's
    ``word/document.xml`` (1-based, counting siblings of the same name).
    """

    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    path: str | None = None

    def as_dict(self) -> dict:
        """Return the JSON form, leaving out what the format does not have."""
        out: dict = {}
        if self.line is not None:
            out["line"] = self.line
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        if self.path is not None:
            out["path"] = self.path
        return out

    def where(self) -> str:
        """Return the place for an error message: "line 5", "page 2", "tbl[1]/tr[3]" or "document"."""
        if self.line is not None:
            return f"line {self.line}"
        if self.page is not None:
            return f"page {self.page}"
        if self.path is not None:
            return self.path
        return "document"


@dataclass(frozen=True)
class Block:
    """One unit of a document.

    ``heading`` has ``level``; ``item`` has ``number`` (None for a bullet);
    ``row`` has ``cells``; ``continues`` marks a row that the reader knows
    continues the row above (a PDF row cut by the page bottom), and ``glue``
    then says per cell whether its piece goes on inside a word of the cell
    above ("undervisningsmate" / "riale": joined without a space). Text keeps
    inline markup such as ``<b>``; the normalise stage removes it.
    """

    kind: BlockKind
    pos: Position
    text: str = ""
    level: int = 0
    number: int | None = None
    cells: tuple[str, ...] = ()
    continues: bool = False
    glue: tuple[bool, ...] = ()


@dataclass(frozen=True)
class SourceInfo:
    """The file a document came from."""

    file: str
    format: str
    sha256: str


@dataclass(frozen=True)
class Reading:
    """What a reader may return instead of a bare list of blocks: the blocks and what it could not read.

    A warning is a plan warning record (``code``, ``message``, ``pointer``,
    and ``source`` naming the page): text the reader saw but could not
    recover, such as a page without a text layer or characters clipped at
    the page edge.
    """

    blocks: list[Block]
    warnings: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Document:
    """What a reader returns: the blocks of one file, in reading order, and the reader's warnings."""

    source: SourceInfo
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    warnings: tuple[dict, ...] = ()


def warning(code: str, message: str, pointer: str, source: dict | Position | None = None) -> dict:
    """Return a warning record of the plan: kebab-case ``code``, ``message``, JSON ``pointer``, and ``source``.

    ``source`` is where the problem stands (a Position or its dict); a record
    spanning several lines is pointed at by its first, so ``continued`` is
    left out. A warning with no place in the source has no ``source``.
    """
    record = {"code": code, "message": message, "pointer": pointer}
    if isinstance(source, Position):
        source = source.as_dict()
    if source:
        record["source"] = {k: v for k, v in source.items() if k != "continued"}
    return record
