"""Reader for HTML pages: the headings, paragraphs, lists and tables of the page's content.

Parsed by BeautifulSoup on lxml, both imported on first read. Only the
page's main content is read (its ``main``, the ``article`` holding the
plan's tables, or the element holding the tables and the title), and site
chrome inside it is skipped: dialogs and cookie banners, hidden elements,
navigation and breadcrumbs, asides, skip links, forms, scripts, and a
header or footer that belongs to the site rather than to a main, article
or section element (an article's own header often holds the plan's title).
``pipeline.read.html_chrome`` holds those rules. Several paragraphs or
``<br>`` lines in a cell are joined by a space, as in the Word reader;
a paragraph whose text starts with a typed number ("1. ") is an item, as
in the PDF and text readers.

BeautifulSoup on lxml records no source lines, so every block carries an
XPath-like ``path`` instead (``/html/body/main/table[2]/tr[5]``): paste it
into a browser's ``$x()`` to find the element (a browser adds ``tbody``
where the source has none).

Text is kept as a small markup: ``<b>`` for bold, with ``&``, ``<`` and ``>``
of the page's own text escaped, so that the normalise stage, which strips
tags and then resolves entities, gives back exactly the page's words.
"""

from __future__ import annotations

import codecs
import html
import re
from collections import Counter
from collections.abc import Iterator

from pipeline.errors import FormatError, InputError, StructureError
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.model import Block, Position
from pipeline.read.html_chrome import HEADINGS as _HEADINGS
from pipeline.read.html_chrome import Chrome, content_root, is_layout_table, is_sectioning
from pipeline.read.textdecode import decode
from pipeline.text import squeeze

#: Elements that stand on their own line; the rest is inline text.
_BLOCK = frozenset(
    "html body div main article section header footer p pre blockquote figure figcaption dl dt dd address "
    "center fieldset legend details summary form hr caption ul ol li table thead tbody tfoot tr td th "
    "h1 h2 h3 h4 h5 h6".split()
)
#: Elements that make an inline element (a link wrapping a card) a container of blocks.
_STRUCTURE = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "table", "div", "section", "article"]
_LEAF_PARAGRAPHS = frozenset({"p", "pre"})
_BOLD = frozenset({"b", "strong"})
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Charset labels that browsers read as something else (WHATWG Encoding Standard).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534


def read_html(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Block]:
    """Given the bytes of an HTML page, return the blocks of its content with their paths."""
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    text = html_to_text(data, name)
    try:
        soup = BeautifulSoup(text, "lxml")
    except (ParserRejectedMarkup, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FormatError(name, f"not parseable as HTML: {first_line}") from None
    check_depth(soup, name, limits.max_html_depth)
    root, title, chrome = content_root(soup)
    walker = _Walker(chrome)
    if title is not None:
        walker.add("heading", _descendant_path(title, soup, ""), text=squeeze(walker.inline(title, True)), level=1)
    in_section = any(is_sectioning(n) for n in [root, *root.parents] if getattr(n, "name", None))
    if root is soup:
        walker.walk(soup, "")
    else:
        walker.block(root, _descendant_path(root, soup, ""), in_section)
    blocks = walker.blocks
    if not blocks:
        raise StructureError(
            name, "document: the page has no text outside script, style, nav, header, footer and aside"
        )
    return blocks


def html_to_text(data: bytes, name: str) -> str:
    """Return the page's text: encoding from a BOM, then the meta charset, then UTF-8, then Windows-1252."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name)
    match = _META_CHARSET.search(data[:4096])
    if match:
        label = match.group(1).decode("ascii").lower()
        encoding = _CHARSET_ALIASES.get(label, label)
        try:
            text = data.decode(codecs.lookup(encoding).name)
        except (LookupError, UnicodeError):
            pass  # a wrong or unknown declaration ("undefined" is a codec that always fails): guess as for text
        else:
            bad = _CONTROL_CHARS.search(text)
            if bad:
                raise InputError(name, f"binary data at character {bad.start()}: not an HTML page")
            return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode(data, name)


def check_depth(soup, name: str, limit: int) -> None:
    """Raise FormatError when elements nest deeper than ``limit``; walks with a stack, not recursion."""
    stack = [(soup, 0)]
    while stack:
        el, depth = stack.pop()
        if depth > limit:
            raise FormatError(name, f"elements nest more than {limit} deep (max_html_depth)")
        stack.extend((child, depth + 1) for child in el.contents if hasattr(child, "contents"))


class _Walker:
    """One pass over a parsed page, turning its elements into blocks in reading order."""

    def __init__(self, chrome: Chrome) -> None:
        self.blocks: list[Block] = []
        self.chrome = chrome

    def walk(self, container, path: str, in_section: bool = False) -> list[Block]:
        """Add the blocks of ``container``'s children; loose inline text forms paragraphs."""
        from bs4 import Tag

        run: list[str] = []
        run_path = path or "/"

        def flush() -> None:
            text = squeeze("".join(run))
            self.add("paragraph", run_path, text=text)
            run.clear()

        for child, child_path in _children(container, path):
            if not isinstance(child, Tag):
                if _is_text(child):
                    run.append(html.escape(str(child), quote=False))
                continue
            if self.chrome.skips(child, in_section):
                continue
            if child.name not in _BLOCK and child.find(_STRUCTURE) is None:
                run.append(self.inline(child, in_section))
                continue
            flush()
            self.block(child, child_path, in_section or is_sectioning(child))
        flush()
        return self.blocks

    def block(self, el, path: str, in_section: bool) -> None:
        """Add the blocks of one block-level element."""
        name = el.name
        if name in _HEADINGS:
            self.add("heading", path, text=squeeze(self.inline(el, in_section)), level=_HEADINGS[name])
        elif name in _LEAF_PARAGRAPHS:
            self.add("paragraph", path, text=squeeze(self.inline(el, in_section)))
        elif name in ("ul", "ol"):
            self.items(el, path, in_section)
        elif name == "li":
            self.item(el, path, None, in_section)
        elif name == "table":
            if is_layout_table(el):
                for row, row_path in _rows(el, path):
                    for cell, cell_path in _children(row, row_path):
                        if getattr(cell, "name", None) in ("td", "th"):
                            self.walk(cell, cell_path, in_section)
            else:
                self.table(el, path, in_section)
        elif name != "hr":
            self.walk(el, path, in_section)

    def items(self, el, path: str, in_section: bool) -> None:
        """Add the items of a ul or ol; an ol's numbers honour ``start``, ``reversed`` and ``value``."""
        from bs4 import Tag

        ordered = el.name == "ol"
        items = [c for c in el.children if isinstance(c, Tag) and c.name == "li"]
        step = -1 if ordered and el.has_attr("reversed") else 1
        number = _int_attr(el, "start", len(items) if step < 0 else 1, -(10**9), 10**9)
        for child, child_path in _children(el, path):
            if not isinstance(child, Tag):
                if _is_text(child):
                    self.add("paragraph", path, text=squeeze(html.escape(str(child), quote=False)))
                continue
            if self.chrome.skips(child, in_section):
                continue
            if child.name == "li":
                if ordered:
                    number = _int_attr(child, "value", number, -(10**9), 10**9)
                self.item(child, child_path, number if ordered else None, in_section)
                number += step
            else:
                self.block(child, child_path, in_section)

    def item(self, li, path: str, number: int | None, in_section: bool) -> None:
        """Add one list item, then the lists and tables nested in it as blocks of their own."""
        nested: list = []
        text = squeeze(self.inline(li, in_section, nested))
        self.add("item", path, text=text, number=number)
        for el in nested:
            self.block(el, _descendant_path(el, li, path), in_section)

    def table(self, el, path: str, in_section: bool) -> None:
        """Add one row block per tr, with rowspan and colspan laid out on a grid.

        A spanned cell's text stands once, in the first grid cell it covers;
        the cells it also covers are empty. A row whose first cell is covered
        by a rowspan from above is part of the same record as the row above
        (in a project table the first column is the title), so it is marked
        ``continues`` and the tables stage appends it to that row.
        """
        from bs4 import Tag

        for caption in el.find_all("caption", recursive=False):
            self.add("paragraph", f"{path}/caption", text=squeeze(self.inline(caption, in_section)))
        carry: dict[int, int] = {}  # column -> rows below this one that a rowspan still covers
        for row, row_path in _rows(el, path):
            cells: list[str] = []
            spans: dict[int, int] = {}
            col = 0
            for cell in row.children:
                if not isinstance(cell, Tag) or cell.name not in ("td", "th"):
                    continue
                while col in carry:
                    cells.append("")
                    col += 1
                colspan = _int_attr(cell, "colspan", 1, 1, _MAX_COLSPAN)
                rowspan = _int_attr(cell, "rowspan", 1, 0, _MAX_ROWSPAN) or _MAX_ROWSPAN
                cells.append(squeeze(self.inline(cell, in_section)))
                cells.extend([""] * (colspan - 1))
                if rowspan > 1:
                    spans.update(dict.fromkeys(range(col, col + colspan), rowspan - 1))
                col += colspan
            for covered in sorted(c for c in carry if c >= col):
                cells.extend([""] * (covered - col + 1))
                col = covered + 1
            continues = 0 in carry
            carry = {c: n - 1 for c, n in carry.items() if n > 1}
            carry.update(spans)
            if cells:
                self.blocks.append(Block("row", Position(path=row_path), cells=tuple(cells), continues=continues))

    def inline(self, el, in_section: bool, nested: list | None = None) -> str:
        """Return the text of ``el`` with ``<b>`` kept, page text escaped and ``<br>`` as a space.

        With ``nested``, lists and tables inside ``el`` are collected there
        instead of being flattened into the text.
        """
        from bs4 import Tag

        parts: list[str] = []
        for child in el.children:
            if not isinstance(child, Tag):
                if _is_text(child):
                    parts.append(html.escape(str(child), quote=False))
                continue
            name = child.name
            if self.chrome.skips(child, in_section):
                continue
            if name == "br":
                parts.append(" ")
            elif nested is not None and name in ("ul", "ol", "table"):
                nested.append(child)
                parts.append(" ")
            elif name in _BOLD:
                parts.append(f"<b>{self.inline(child, in_section, nested)}</b>")
            elif name in _BLOCK:
                parts.append(f" {self.inline(child, in_section, nested)} ")
            else:
                parts.append(self.inline(child, in_section, nested))
        return "".join(parts)

    def add(self, kind: str, path: str, text: str, **fields) -> None:
        """Add a heading, paragraph or item block unless its text is empty.

        A number typed into a paragraph ("1. SKABER vi ...") stays a paragraph: whether it numbers an objective
        or starts a sentence ("2. januar ...") is the segment stage's call (``Settings.typed_number``).
        """
        if _plain(text):
            self.blocks.append(Block(kind=kind, pos=Position(path=path or "/"), text=text, **fields))


def _children(el, path: str) -> Iterator[tuple[object, str]]:
    """Yield each child of ``el`` with its XPath (an index only where the name repeats)."""
    names = Counter(c.name for c in el.children if getattr(c, "name", None))
    seen: Counter = Counter()
    for child in el.children:
        name = getattr(child, "name", None)
        if not name:
            yield child, path
            continue
        seen[name] += 1
        yield child, f"{path}/{name}[{seen[name]}]" if names[name] > 1 else f"{path}/{name}"


def _descendant_path(el, ancestor, ancestor_path: str) -> str:
    """Return the XPath of ``el`` below ``ancestor`` (for the few blocks nested in list items)."""
    steps = []
    node = el
    while node is not None and node is not ancestor:
        parent = node.parent
        siblings = [c for c in parent.children if getattr(c, "name", None) == node.name]
        index = next(i for i, c in enumerate(siblings, 1) if c is node)
        steps.append(f"{node.name}[{index}]" if len(siblings) > 1 else node.name)
        node = parent
    return "/".join([ancestor_path, *reversed(steps)])


def _rows(table, path: str) -> Iterator[tuple[object, str]]:
    """Yield the table's own tr elements (not those of nested tables) with their paths."""
    for child, child_path in _children(table, path):
        name = getattr(child, "name", None)
        if name == "tr":
            yield child, child_path
        elif name in ("thead", "tbody", "tfoot"):
            for row, row_path in _children(child, child_path):
                if getattr(row, "name", None) == "tr":
                    yield row, row_path


def _is_text(node) -> bool:
    from bs4 import CData, NavigableString

    return type(node) in (NavigableString, CData)


def _plain(text: str) -> bool:
    """Return True when ``text`` holds something besides markup and spaces."""
    return bool(re.sub(r"</?b>", "", text).strip())


def _int_attr(el, attr: str, default: int, low: int, high: int) -> int:
    """Return an integer attribute as a browser reads it: leading digits, clamped; else ``default``."""
    value = el.get(attr)
    if not isinstance(value, str):
        return default
    match = re.match(r"\s*([+-]?\d+)", value)
    if not match:
        return default
    return max(low, min(high, int(match.group(1)[:12])))
