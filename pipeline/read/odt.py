"""Reader for OpenDocument text (.odt, LibreOffice's own format): headings, lists, paragraphs and tables.

An .odt is a zip holding ``content.xml`` (the body and its automatic
styles) and ``styles.xml`` (named styles and list styles). Both are parsed
with lxml (imported on first read) with entities unresolved and no network.
The body (``office:text``) is walked in order:

- ``text:h`` is a heading at its ``text:outline-level``; a ``text:p`` whose
  paragraph style is (based on) "Title", or has a default outline level,
  is one too;
- ``text:list`` items are numbered as LibreOffice shows them (see
  ``_Lists``); an item of a bullet level, or of a level without a number
  format, has no number; a paragraph numbered by hand ("1." and a tab)
  is an item too, as in the PDF and text readers;
- ``table:table`` gives one row block per ``table:table-row``, on the grid:
  a cell spanning columns is followed by its ``table:covered-table-cell``
  (empty), a cell spanning rows covers the cells below; a row whose first
  cell is covered continues the record above;
- text keeps ``<b>`` for spans whose text style is bold; ``text:s``,
  ``text:tab`` and ``text:line-break`` are spaces; several paragraphs in
  a cell or list item are joined by a space (as in the Word reader);
- tracked deletions (``text:tracked-changes``), notes, annotations and
  generated indexes (a table of contents repeats the headings) are left out.

Every block carries a ``path`` into ``content.xml`` from ``office:text``:
``office:text/table:table[2]/table:table-row[5]`` (1-based, an index only
where siblings share the name).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from pipeline.errors import FormatError
from pipeline.model import Block, Position
from pipeline.read.package import BoldRuns, clamped_int, open_package, read_member
from pipeline.text import squeeze

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
_PREFIX = {uri: prefix for prefix, uri in _NS.items()}


def _q(qname: str) -> str:
    """Return the Clark name (``{uri}local``) of ``prefix:local``."""
    prefix, local = qname.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_KIND = "OpenDocument file"
_TEXT_MIMETYPES = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template")
#: Other OpenDocument kinds, refused by name (last part of the mimetype or body element -> what to tell the user).
_OTHER_KINDS = {
    "spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "presentation": "an OpenDocument presentation (.odp)",
    "graphics": "an OpenDocument drawing (.odg)",
    "drawing": "an OpenDocument drawing (.odg)",
    "formula": "an OpenDocument formula (.odf)",
    "chart": "an OpenDocument chart (.odc)",
    "database": "an OpenDocument database (.odb)",
    "image": "an OpenDocument image (.odi)",
    "text-master": "an OpenDocument master document (.odm)",
}
#: Elements whose text is not shown in the body, or repeats text shown elsewhere.
_HIDDEN = frozenset(
    _q(n)
    for n in (
        "text:tracked-changes text:note office:annotation office:annotation-end text:number text:ruby-text "
        "svg:title svg:desc text:sequence-decls text:variable-decls text:user-field-decls text:table-of-content "
        "text:alphabetical-index text:illustration-index text:table-index text:object-index text:user-index "
        "text:bibliography office:forms text:soft-page-break table:table-columns table:table-column "
        "table:table-column-group"
    ).split()
)
_SPACES = frozenset(_q(n) for n in ("text:s", "text:tab", "text:line-break"))
_PARAGRAPHS = frozenset({_q("text:p"), _q("text:h")})
_ITEMS = frozenset({_q("text:list-item"), _q("text:list-header")})
_CELLS = frozenset({_q("table:table-cell"), _q("table:covered-table-cell")})
_ROW_GROUPS = frozenset({_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group")})
_MAX_CELLS = 1024  # cells per row, and copies of a repeated row, a number-*-repeated may stand for
_MAX_LEVEL = 10


def read_odt(data: bytes, name: str) -> list[Block]:
    """Given the bytes of an .odt file, return the blocks of its body with their paths."""
    content, styles_xml = _package_parts(data, name)
    root = _parse(content, "content.xml", name)
    parts = [root] if styles_xml is None else [root, _parse(styles_xml, "styles.xml", name)]
    body = root.find(_q("office:body"))
    text = body.find(_q("office:text")) if body is not None else None
    if text is None:
        kinds = [c.tag.rpartition("}")[2] for c in body if isinstance(c.tag, str)] if body is not None else []
        kind = next((_OTHER_KINDS[k] for k in kinds if k in _OTHER_KINDS), None)
        if kind:
            raise FormatError(name, f"{kind}, not a text document: save it as .odt or .docx")
        raise FormatError(name, f"not a valid {_KIND}: content.xml has no office:text body")
    walker = _BodyWalker(_Styles(parts))
    walker.walk(text, "office:text")
    return walker.blocks


def _package_parts(data: bytes, name: str) -> tuple[bytes, bytes | None]:
    """Return content.xml and styles.xml of an OpenDocument text package; refuse other kinds and encryption."""
    with open_package(data, name, _KIND) as package:
        mimetype = (read_member(package, "mimetype", name, _KIND) or b"").decode("ascii", "replace").strip()
        if mimetype.startswith("application/vnd.oasis.opendocument.") and mimetype not in _TEXT_MIMETYPES:
            kind = mimetype.rpartition(".")[2]
            what = _OTHER_KINDS.get(kind, f"an OpenDocument file of type {mimetype!r}")
            raise FormatError(name, f"{what}, not a text document: save it as .odt or .docx")
        manifest = read_member(package, "META-INF/manifest.xml", name, _KIND) or b""
        if b"encryption-data" in manifest:
            raise FormatError(name, "OpenDocument file is encrypted: save it without a password")
        content = read_member(package, "content.xml", name, _KIND)
        if content is None:
            raise FormatError(name, f"not a valid {_KIND}: the package has no content.xml")
        return content, read_member(package, "styles.xml", name, _KIND)


def _parse(data: bytes, member: str, name: str):
    """Return the root element of one XML part, parsed without entities, DTDs or network."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "XML syntax error"
        raise FormatError(name, f"not a valid {_KIND}: {member}: {detail}") from None
    if root is None:
        raise FormatError(name, f"not a valid {_KIND}: {member} is empty")
    return root


class _Styles:
    """Paragraph, text and list styles by name, from the automatic and named styles of both parts."""

    def __init__(self, roots: list) -> None:
        self.styles: dict[tuple[str, str], object] = {}
        self.lists: dict[str, object] = {}
        for root in roots:
            for container in ("office:automatic-styles", "office:styles"):
                for holder in root.iter(_q(container)):
                    for style in holder.iter(_q("style:style")):
                        key = (style.get(_q("style:family")) or "", style.get(_q("style:name")) or "")
                        self.styles.setdefault(key, style)
                    for list_style in holder.iter(_q("text:list-style")):
                        self.lists.setdefault(list_style.get(_q("style:name")) or "", list_style)

    def chain(self, family: str, name: str | None) -> Iterator[object]:
        """Yield the style and those it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        while name and name not in seen and (family, name) in self.styles:
            seen.add(name)
            style = self.styles[(family, name)]
            yield style
            name = style.get(_q("style:parent-style-name"))

    def bold(self, name: str | None) -> bool | None:
        """Return whether text style ``name`` is bold (None when it does not say)."""
        for style in self.chain("text", name):
            props = style.find(_q("style:text-properties"))
            weight = (props.get(_q("fo:font-weight")) or "").strip() if props is not None else ""
            if weight:
                return weight == "bold" or (weight.isdigit() and int(weight) >= 600)
        return None

    def heading_level(self, name: str | None) -> int | None:
        """Return the heading level a paragraph style gives: "Title" is 1, a default outline level is itself."""
        for style in self.chain("paragraph", name):
            if "Title" in (style.get(_q("style:name")), style.get(_q("style:display-name"))):
                return 1
            level = clamped_int(style.get(_q("style:default-outline-level")), 0, 0, _MAX_LEVEL)
            if level:
                return level
        return None

    def numbered(self, list_style: str | None, level: int) -> tuple[bool, int]:
        """Return (shows a number, start value) for ``level`` of list style ``list_style``."""
        style = self.lists.get(list_style or "")
        if style is None:
            return False, 1
        for child in style:
            if clamped_int(child.get(_q("text:level")), 0, 0, _MAX_LEVEL) != level:
                continue
            if child.tag != _q("text:list-level-style-number"):
                return False, 1
            shown = bool((child.get(_q("style:num-format")) or "").strip())
            return shown, clamped_int(child.get(_q("text:start-value")), 1, 0, 10**6)
        return False, 1


class _Lists:
    """List numbers as LibreOffice shows them.

    A top-level ``text:list`` starts a new list unless it continues one:
    ``text:continue-list`` names the ``xml:id`` of the list it continues,
    ``text:continue-numbering="true"`` continues the list before it. A
    list counts per level; an item's ``text:start-value`` restarts the
    count there; numbering an item resets the levels below it.
    """

    def __init__(self) -> None:
        self.counters: list[dict[int, int]] = []
        self.by_xml_id: dict[str, int] = {}
        self.last: int | None = None

    def start(self, el) -> int:
        """Return the counters' index for a top-level ``text:list``."""
        target = el.get(_q("text:continue-list"))
        if target is not None and target in self.by_xml_id:
            chain = self.by_xml_id[target]
        elif (el.get(_q("text:continue-numbering")) or "").strip() == "true" and self.last is not None:
            chain = self.last
        else:
            chain = len(self.counters)
            self.counters.append({})
        xml_id = el.get(_q("xml:id"))
        if xml_id:
            self.by_xml_id[xml_id] = chain
        self.last = chain
        return chain

    def number(self, chain: int, level: int, item, start: int) -> int:
        """Return the number of ``item`` at ``level`` of list ``chain``."""
        counters = self.counters[chain]
        restart = item.get(_q("text:start-value"))
        value = clamped_int(restart, 1, 0, 10**6) if restart is not None else counters.get(level, start - 1) + 1
        counters[level] = value
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        return value


class _BodyWalker:
    """One pass over ``office:text``, turning headings, paragraphs, lists and tables into blocks."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.lists = _Lists()
        self.blocks: list[Block] = []

    def walk(self, container, path: str) -> None:
        """Add the blocks of the block-level children of ``container`` (the body, a section, a frame)."""
        for child, child_path in _children(container, path):
            tag = child.tag
            if tag in _HIDDEN or (child.get(_q("text:display")) or "").strip() == "none":
                continue  # a section hidden with display="none" is not shown
            if tag in _PARAGRAPHS:
                self.paragraph(child, child_path)
            elif tag == _q("text:list"):
                self.list(child, child_path, self.lists.start(child), 1, None)
            elif tag == _q("table:table"):
                self.table(child, child_path)
            else:  # text:section, text:numbered-paragraph, a frame's text box and the like
                self.walk(child, child_path)

    def paragraph(self, p, path: str) -> None:
        """Add one heading or paragraph."""
        text = squeeze(self.text(p))
        if not _plain(text):
            return
        if p.tag == _q("text:h"):
            level = clamped_int(p.get(_q("text:outline-level")), 1, 1, _MAX_LEVEL)
        else:
            level = self.styles.heading_level(p.get(_q("text:style-name")))
        kind = "heading" if level is not None else "paragraph"
        self.blocks.append(Block(kind, Position(path=path), text=text, level=level or 0))

    def list(self, el, path: str, chain: int, level: int, style: str | None) -> None:
        """Add the items of one ``text:list`` at ``level``; nested lists go one level down."""
        style = el.get(_q("text:style-name")) or style
        numbered, start = self.styles.numbered(style, level)
        for item, item_path in _children(el, path):
            if item.tag not in _ITEMS:
                continue
            parts: list[str] = []
            later: list[tuple[object, str]] = []
            for child, child_path in _children(item, item_path):
                if child.tag == _q("text:p"):
                    parts.append(self.text(child))
                elif child.tag not in _HIDDEN:
                    later.append((child, child_path))
            is_item = item.tag == _q("text:list-item") and bool(parts)
            number = self.lists.number(chain, level, item, start) if is_item and numbered else None
            text = squeeze(" ".join(parts))
            if _plain(text):
                kind = "item" if is_item else "paragraph"
                self.blocks.append(Block(kind, Position(path=item_path), text=text, number=number))
            for child, child_path in later:
                if child.tag == _q("text:list"):
                    self.list(child, child_path, chain, min(level + 1, _MAX_LEVEL), style)
                elif child.tag == _q("text:h"):
                    self.paragraph(child, child_path)
                elif child.tag == _q("table:table"):
                    self.table(child, child_path)
                else:
                    self.walk(child, child_path)

    def table(self, tbl, path: str) -> None:
        """Add one row block per ``table:table-row``, laid out on the table grid.

        A cell spanning columns is followed by covered cells, which stay
        empty; a cell spanning rows covers the cells below it, which are
        covered cells too. A row whose first cell is covered belongs to the
        record above (the first column is the title), so it is marked
        ``continues``. A repeated cell or row stands for that many, each
        showing its text, as LibreOffice shows them.
        """
        for row, row_path in _rows(tbl, path):
            cells: list[str] = []
            continues = False
            for cell in row:
                if cell.tag not in _CELLS:
                    continue
                if not cells:
                    continues = cell.tag == _q("table:covered-table-cell")
                repeat = clamped_int(cell.get(_q("table:number-columns-repeated")), 1, 1, _MAX_CELLS)
                cells.extend([squeeze(self.text(cell))] * min(repeat, _MAX_CELLS - len(cells)))
                if len(cells) >= _MAX_CELLS:
                    break
            if cells:
                block = Block("row", Position(path=row_path), cells=tuple(cells), continues=continues)
                copies = clamped_int(row.get(_q("table:number-rows-repeated")), 1, 1, _MAX_CELLS) if any(cells) else 1
                self.blocks.extend([block] * copies)

    def text(self, el) -> str:
        """Return the shown text under ``el``: bold spans as ``<b>..</b>``, the text itself escaped."""
        runs = BoldRuns()
        add = runs.add

        def visit(node, bold: bool) -> None:
            if node.text:
                add(bold, html.escape(node.text, quote=False))
            for child in node:
                tag = child.tag
                if not isinstance(tag, str) or tag in _HIDDEN:
                    pass
                elif tag in _SPACES:
                    add(bold, " ")
                elif tag in _PARAGRAPHS:
                    add(False, " ")
                    visit(child, False)
                    add(False, " ")
                else:
                    own = self.styles.bold(child.get(_q("text:style-name"))) if tag == _q("text:span") else None
                    visit(child, bold if own is None else own)
                if child.tail:
                    add(bold, html.escape(child.tail, quote=False))

        visit(el, False)
        return runs.markup()


def _children(el, path: str) -> Iterator[tuple[object, str]]:
    """Yield each element child of ``el`` with its path (an index only where the name repeats)."""
    kids = [c for c in el if isinstance(c.tag, str)]
    names = Counter(c.tag for c in kids)
    seen: Counter = Counter()
    for child in kids:
        uri, _, local = child.tag[1:].partition("}")
        step = f"{_PREFIX.get(uri, 'ns')}:{local}"
        seen[child.tag] += 1
        step = f"{step}[{seen[child.tag]}]" if names[child.tag] > 1 else step
        yield child, f"{path}/{step}"


def _rows(tbl, path: str) -> Iterator[tuple[object, str]]:
    """Yield the table's rows, also those in header-row and row groups."""
    for child, child_path in _children(tbl, path):
        if child.tag == _q("table:table-row"):
            yield child, child_path
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child, child_path)


def _plain(text: str) -> bool:
    """Return True when ``text`` holds something besides markup and spaces."""
    return bool(re.sub(r"</?b>", "", text).strip())
