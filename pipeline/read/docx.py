"""Reader for Word .docx files: headings, numbered and bulleted lists, paragraphs and tables of the body.

python-docx (imported on first read) opens the package and its parts; the
body is walked as WordprocessingML so that paragraphs and tables come in
body order, tracked deletions and field codes stay out, and list numbers
can be computed: python-docx does not compute them, Word does it from
``word/numbering.xml`` at display time, and so do we (see ``_Numbering``).

Every block carries a ``path`` into ``word/document.xml`` relative to
``w:body``: ``p[12]`` is the body's twelfth paragraph, ``tbl[2]/tr[5]`` the
fifth row of its second table. Headers, footers, footnotes and comments are
not read. Text keeps ``<b>`` for bold runs, with the document's own ``&``,
``<`` and ``>`` escaped so that the normalise stage restores them exactly.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Iterator

from pipeline.errors import FormatError
from pipeline.model import Block, Position
from pipeline.read.package import BoldRuns, clamped_int
from pipeline.text import squeeze

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Elements whose text is not shown: deleted or moved-away text, field codes, properties.
_HIDDEN = frozenset(
    _W + t for t in ("del", "moveFrom", "instrText", "delText", "delInstrText", "rPr", "pPr", "tcPr", "trPr", "tblPr")
) | {_MC_FALLBACK}
_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_FALSE = frozenset({"0", "false", "off", "none"})
_OTHER_ZIPS = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (save it as .docx)"),
    ("META-INF/MANIFEST.MF", "a Java archive"),
)
#: Main-part content types python-docx refuses (marker in the type, what to tell the user), first match wins.
_KINDS = (
    ("macroEnabledTemplate", "a macro-enabled Word template (.dotm)"),
    ("macroEnabled", "a macro-enabled Word document (.docm)"),
    ("template", "a Word template (.dotx)"),
)
_MAX_SPAN = 64  # Word tables have at most 63 columns


def read_docx(data: bytes, name: str) -> list[Block]:
    """Given the bytes of a .docx file, return the blocks of its body with their paths."""
    _check_package(data, name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        numbering_el = document.part.numbering_part.element
        styles_el = document.styles.element
    # A damaged package fails deep inside zipfile, zlib, lxml or python-docx with
    # whatever exception that layer uses (KeyError, ValueError, XMLSyntaxError,
    # zlib.error, EOFError, ...); to a user all of them mean the same thing.
    except Exception as exc:
        content_type = re.search(r"content type is '([^']+)'", str(exc))
        if content_type:
            kind = next((k for marker, k in _KINDS if marker in content_type.group(1)), content_type.group(1))
            raise FormatError(name, f"{kind}, not a Word document (.docx): save it as .docx") from None
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        raise FormatError(name, f"not a valid Word file: {what}") from None
    styles = _Styles(styles_el)
    walker = _BodyWalker(styles, _Numbering(numbering_el, styles))
    walker.walk(document.element.body, "")
    return walker.blocks


def _check_package(data: bytes, name: str) -> None:
    """Raise FormatError unless ``data`` is a zip holding ``word/document.xml``."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise FormatError(name, f"not a valid Word file: corrupt or truncated zip ({exc})") from None
    if "word/document.xml" in names:
        return
    for member, what in _OTHER_ZIPS:
        if member in names:
            raise FormatError(name, f"{what}, not a Word document")
    raise FormatError(name, "a zip archive without word/document.xml: not a Word document")


class _Styles:
    """The paragraph styles of ``word/styles.xml``: heading levels and list numbering by style id."""

    def __init__(self, root) -> None:
        self.by_id: dict[str, object] = {}
        self.default: str | None = None
        for style in root.iter(_W + "style"):
            style_id = style.get(_W + "styleId")
            if style_id is None:
                continue
            self.by_id.setdefault(style_id, style)
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
                self.default = self.default or style_id

    def chain(self, style_id: str | None) -> Iterator[object]:
        """Yield the style and those it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        current = style_id if style_id is not None else self.default
        while current is not None and current not in seen and current in self.by_id:
            seen.add(current)
            style = self.by_id[current]
            yield style
            based = style.find(_W + "basedOn")
            current = based.get(_W + "val") if based is not None else None

    def heading_level(self, style_id: str | None) -> int | None:
        """Return the heading level of a paragraph style: Title is 1, "heading N" is N."""
        for style in self.chain(style_id):
            name_el = style.find(_W + "name")
            style_name = (name_el.get(_W + "val") or "") if name_el is not None else ""
            if style_name.strip().casefold() == "title":
                return 1
            match = _HEADING_STYLE.match(style_name.strip())
            if match:
                return int(match.group(1))
            level = _outline_level(style.find(_W + "pPr"))
            if level is not None:
                return level
        return None

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """Return the (numId, ilvl) a paragraph style gives its paragraphs."""
        for style in self.chain(style_id):
            num_id, ilvl = _num_pr(style.find(_W + "pPr"))
            if num_id is not None:
                return num_id, ilvl
        return None, None


class _Numbering:
    """List numbers as Word shows them, computed from ``word/numbering.xml``.

    Counters belong to the abstract list, so two ``w:num`` that share an
    abstract list continue one sequence; a ``w:num`` with a
    ``w:lvlOverride/w:startOverride`` restarts that level the first time it
    is used (this is how Word restarts numbering). Numbering a level resets
    the levels below it. Bullets and ``none`` formats have no number.
    """

    def __init__(self, root, styles: _Styles) -> None:
        self.levels: dict[str, dict[int, tuple[int, str]]] = {}
        self.style_links: dict[str, str] = {}
        for abstract in root.iter(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId")
            levels: dict[int, tuple[int, str]] = {}
            for lvl in abstract.iter(_W + "lvl"):
                ilvl = clamped_int(lvl.get(_W + "ilvl"), 0, 0, 8)
                start = clamped_int(_val(lvl.find(_W + "start")), 1, 0, 10**6)
                levels[ilvl] = (start, (_val(lvl.find(_W + "numFmt")) or "decimal").strip())
            link = _val(abstract.find(_W + "numStyleLink"))
            if link:
                self.style_links[abstract_id] = link
            self.levels[abstract_id] = levels
        self.nums: dict[str, tuple[str | None, dict[int, int]]] = {}
        for num in root.iter(_W + "num"):
            overrides: dict[int, int] = {}
            for override in num.iter(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if start is not None:
                    overrides[clamped_int(override.get(_W + "ilvl"), 0, 0, 8)] = clamped_int(_val(start), 1, 0, 10**6)
            self.nums[num.get(_W + "numId")] = (_val(num.find(_W + "abstractNumId")), overrides)
        self.styles = styles
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def number(self, num_id: str, ilvl: int) -> tuple[bool, int | None]:
        """Return (is a list item, its number) for the next paragraph of list ``num_id`` at ``ilvl``."""
        abstract_id = self._abstract(num_id)
        if abstract_id is None:
            return False, None
        _, overrides = self.nums[num_id]
        start, fmt = self.levels.get(abstract_id, {}).get(ilvl, (1, "decimal"))
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, value in overrides.items():
                counters[level] = value - 1
        if fmt in ("bullet", "none"):
            return True, None
        number = counters.get(ilvl, start - 1) + 1
        counters[ilvl] = number
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        return True, number

    def _abstract(self, num_id: str) -> str | None:
        """Return the abstract list of ``num_id``, following a numbering-style link once."""
        if num_id not in self.nums:
            return None
        abstract_id = self.nums[num_id][0]
        link = self.style_links.get(abstract_id)
        if link is not None and not self.levels.get(abstract_id):
            linked_num, _ = self.styles.num_pr(link)
            if linked_num in self.nums and linked_num != num_id:
                abstract_id = self.nums[linked_num][0]
        return abstract_id


class _BodyWalker:
    """One pass over ``w:body``, turning paragraphs and tables into blocks in body order."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []

    def walk(self, container, path: str) -> None:
        """Add the blocks of the paragraphs and tables in ``container`` (the body or a content control)."""
        for child, child_path in _children(container, path):
            if child.tag == _W + "p":
                self.paragraph(child, child_path)
            elif child.tag == _W + "tbl":
                self.table(child, child_path)
            elif child.tag in (_W + "sdt", _W + "customXml"):
                content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
                if content is not None:
                    self.walk(content, f"{child_path}/sdtContent" if content is not child else child_path)

    def paragraph(self, p, path: str) -> None:
        """Add one paragraph as a heading, a list item or a plain paragraph."""
        ppr = p.find(_W + "pPr")
        style_id = _val(ppr.find(_W + "pStyle")) if ppr is not None else None
        level = _outline_level(ppr) or self.styles.heading_level(style_id)
        num_id, ilvl = _num_pr(ppr)
        if num_id is None:
            num_id, ilvl = self.styles.num_pr(style_id)
        elif ilvl is None:
            ilvl = self.styles.num_pr(style_id)[1]
        is_item, number = self.numbering.number(num_id, ilvl or 0) if num_id is not None else (False, None)
        text = squeeze(_runs_text(p))
        if not text.replace("<b>", "").replace("</b>", "").strip():
            return
        pos = Position(path=path)
        if level is not None:
            self.blocks.append(Block(kind="heading", pos=pos, text=text, level=level))
        elif is_item:
            self.blocks.append(Block(kind="item", pos=pos, text=text, number=number))
        else:
            self.blocks.append(Block(kind="paragraph", pos=pos, text=text))

    def table(self, tbl, path: str) -> None:
        """Add one row block per ``w:tr``, laid out on the table grid.

        A cell spanning columns (``w:gridSpan``) is followed by empty cells;
        a cell continuing a vertical merge (``w:vMerge`` without
        ``restart``) is empty, so merged text stands once, in its first
        cell. A row whose first cell continues a vertical merge belongs to
        the record above (the first column is the title), so it is marked
        ``continues``.
        """
        for tr, tr_path in _rows(tbl, path):
            trpr = tr.find(_W + "trPr")
            before = clamped_int(_val(trpr.find(_W + "gridBefore")), 0, 0, _MAX_SPAN) if trpr is not None else 0
            cells: list[str] = [""] * before
            continues = False
            for tc in _cells(tr):
                tcpr = tc.find(_W + "tcPr")
                span = clamped_int(_val(tcpr.find(_W + "gridSpan")), 1, 1, _MAX_SPAN) if tcpr is not None else 1
                vmerge = tcpr.find(_W + "vMerge") if tcpr is not None else None
                text = squeeze(_runs_text(tc))
                if vmerge is not None and (vmerge.get(_W + "val") or "continue") == "continue" and len(cells) == 0:
                    continues = True
                # A continuing merged cell is normally empty; if it holds text, Word keeps it, and so do we.
                cells.append(text)
                cells.extend([""] * (span - 1))
            if cells:
                self.blocks.append(Block("row", Position(path=tr_path), cells=tuple(cells), continues=continues))


def _children(el, path: str) -> Iterator[tuple[object, str]]:
    """Yield each element child of ``el`` with its path (an index only where the name repeats)."""
    kids = [c for c in el if isinstance(c.tag, str)]
    names = Counter(c.tag for c in kids)
    seen: Counter = Counter()
    for child in kids:
        local = child.tag.rpartition("}")[2]
        seen[child.tag] += 1
        step = f"{local}[{seen[child.tag]}]" if names[child.tag] > 1 else local
        yield child, f"{path}/{step}" if path else step


def _rows(tbl, path: str) -> Iterator[tuple[object, str]]:
    """Yield the table's rows, also those wrapped in content controls."""
    for child, child_path in _children(tbl, path):
        if child.tag == _W + "tr":
            yield child, child_path
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _rows(content, f"{child_path}/sdtContent" if content is not child else child_path)


def _cells(tr) -> Iterator[object]:
    """Yield the row's cells, also those wrapped in content controls."""
    for child in tr:
        if child.tag == _W + "tc":
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _cells(content)


def _runs_text(el) -> str:
    """Return the shown text under ``el``: bold runs as ``<b>..</b>``, the text itself escaped."""
    runs = BoldRuns()
    add = runs.add

    def visit(node, bold: bool) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _HIDDEN:
                continue
            if tag == _W + "r":
                visit(child, _is_bold(child))
            elif tag == _W + "t":
                add(bold, html.escape(child.text or "", quote=False))
            elif tag in (_W + "tab", _W + "ptab", _W + "br", _W + "cr"):
                add(bold, " ")
            elif tag == _W + "noBreakHyphen":
                add(bold, "-")
            elif tag in (_W + "p", _W + "tc"):
                add(False, " ")
                visit(child, False)
                add(False, " ")
            else:
                visit(child, bold)

    visit(el, False)
    return runs.markup()


def _is_bold(run) -> bool:
    rpr = run.find(_W + "rPr")
    bold = rpr.find(_W + "b") if rpr is not None else None
    return bold is not None and (bold.get(_W + "val") or "true").lower() not in _FALSE


def _num_pr(ppr) -> tuple[str | None, int | None]:
    """Return the (numId, ilvl) of a ``w:pPr``; numId 0 means "no numbering" and gives (None, None)."""
    num_pr = ppr.find(_W + "numPr") if ppr is not None else None
    if num_pr is None:
        return None, None
    num_id = _val(num_pr.find(_W + "numId"))
    ilvl = _val(num_pr.find(_W + "ilvl"))
    if num_id is None or num_id == "0":
        return None, None
    return num_id, clamped_int(ilvl, 0, 0, 8) if ilvl is not None else None


def _outline_level(ppr) -> int | None:
    """Return the heading level set by ``w:outlineLvl`` (0-8 are levels 1-9; 9 is body text)."""
    level = _val(ppr.find(_W + "outlineLvl")) if ppr is not None else None
    value = clamped_int(level, 9, 0, 9)
    return value + 1 if value < 9 else None


def _val(el) -> str | None:
    return el.get(_W + "val") if el is not None else None
