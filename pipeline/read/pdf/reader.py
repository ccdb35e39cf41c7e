"""Reader for PDF (pdfplumber): headings, numbered items, paragraphs and table rows with page and box.

The stages, page by page: characters -> ruled tables (drawn lines) and the
remaining text lines -> running headers, footers and page numbers dropped ->
borderless tables (columns from a header line's segments) -> blocks. Across
pages: a table that goes on at the top of the next page with the same
columns is the same table, and its first row there is marked ``continues``
when the row before was cut off by the page bottom. Cell lines are joined
last, when the whole document's words are known (``wordbreak``). Every
tolerance comes from one ``PdfSettings``, passed down from ``read_pdf``.
"""

from __future__ import annotations

import io
import itertools
import operator
import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.errors import FormatError
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.model import Block, Position, Reading, warning
from pipeline.read.pdf import guard, hyphenation, wordbreak
from pipeline.read.pdf.layout import Line, chars_to_lines, digits_aside, furniture_keys
from pipeline.read.pdf.settings import DEFAULT, PdfSettings
from pipeline.read.pdf.tables import (
    SENTENCE_END,
    PageTable,
    TableRow,
    lines_to_borderless_tables,
    page_to_ruled_tables,
    widened,
    word_fits_after,
)

_TOP = operator.itemgetter("top")
_ITEM = re.compile(r"^(\d{1,3})[.)]\s+(.*)$", re.S)


@dataclass
class _Row:
    """A table row waiting for its cell text: the row, and whether it continues the one above."""

    row: object
    continues: bool
    header: bool = False
    repeated: bool = False  #: a header row repeated at the top of a page, between a cut row's pieces


def read_pdf(data: bytes, name: str, settings: PdfSettings = DEFAULT, limits: Limits = DEFAULT_LIMITS) -> Reading:
    """Given the bytes of a PDF, return its blocks with page numbers and boxes, and warnings naming
    the pages whose text cannot be recovered whole."""
    pages, widths, heights, warnings = _open_pages(data, name, settings, limits)
    return Reading(pages_to_blocks(pages, widths, heights, name, settings), tuple(warnings))


def _open_pages(
    data: bytes, name: str, settings: PdfSettings, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[tuple[list[PageTable], list[Line]]], list[float], list[float], list[dict]]:
    """Return, per page, its ruled tables and text lines, and warnings; every parser failure becomes a FormatError.

    The limits are checked page by page before the work, and each page's
    parsed objects are released once its lines are made: memory stays flat
    with the page count.
    """
    import pdfplumber

    guard.silence_pdfminer()
    page_number = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise FormatError(name, "PDF has no pages")
            guard.check_page_count(len(pdf.pages), name, limits)
            pages = []
            widths, heights = [], []
            warnings: list[dict] = []
            # A page is parsed once the next one is read: a line cut by the break may repeat glyphs on both.
            waiting: tuple[int, object, list[dict]] | None = None  # (number, page, characters)
            for number, page in enumerate(pdf.pages, start=1):
                page_number = number
                guard.check_streams(page, page_number, name, limits)
                guard.check_chars(len(page.chars), page_number, name, limits)
                warnings += page_warnings(page, page_number, settings)
                widths.append(float(page.width))
                heights.append(float(page.height))
                chars = page.chars
                if waiting is not None:
                    before, bottom = waiting[2], _edge_lines(waiting[2], settings, top=False)
                    top = _edge_lines(chars, settings, top=True)
                    chars = _without(chars, overflow_glyphs(chars, before, settings, True, (top, bottom)))
                    dropped = overflow_glyphs(before, page.chars, settings, False, (bottom, top))
                    waiting = (*waiting[:2], _without(before, dropped))
                    page_number = waiting[0]
                    pages.append(_parse_page(*waiting, settings))
                    page_number = number
                waiting = (number, page, chars)
            if waiting is not None:
                page_number = waiting[0]
                pages.append(_parse_page(*waiting, settings))
    except (FormatError, MemoryError):  # out of memory is no corrupt file: the reader's child says so
        raise
    except RecursionError:
        raise FormatError(name, _where(page_number) + "corrupt PDF: its structure nests too deeply") from None
    except Exception as exc:  # pdfminer raises many types on corrupt input; none may escape
        raise _to_format_error(exc, name, page_number) from None
    if not any(lines or tables for tables, lines in pages):
        raise FormatError(
            name, f"PDF has no text layer ({len(pages)} page(s) of images only: a scan?); run OCR on it first"
        )
    return pages, widths, heights, warnings


def _parse_page(number: int, page, chars: list[dict], settings: PdfSettings) -> tuple[list[PageTable], list[Line]]:
    """Return a page's ruled tables and text lines from its characters, and release its parsed objects."""
    tables, chars = page_to_ruled_tables(page, number, settings, chars)
    lines = chars_to_lines(chars, number, settings=settings)
    page.close()
    return tables, lines


def _without(chars: list[dict], drop: set[int]) -> list[dict]:
    return [c for i, c in enumerate(chars) if i not in drop] if drop else chars


def page_warnings(page, page_number: int, settings: PdfSettings = DEFAULT) -> list[dict]:
    """Return warning records for text on this pdfplumber page that cannot be recovered whole.

    A page of images without any text layer in a PDF that has text elsewhere
    (a scanned page) gives ``page-without-text``; characters that reach the
    page edge, or lie beyond it, were clipped by the producer
    (``text-clipped-at-page-edge``): their line may miss letters.
    """
    source = {"page": page_number}
    chars = page.chars
    if not chars:
        if page.images:
            message = f"page {page_number} has images but no text layer (a scanned page?): its text is not read"
            return [warning("page-without-text", message, "/source", source)]
        return []
    x0, top, x1, bottom = page.bbox
    edge = settings.page_edge
    clipped = [
        c
        for c in chars
        if c["text"].strip()
        and (c["x0"] < x0 + edge or c["x1"] > x1 - edge or c["top"] < top + edge or c["bottom"] > bottom - edge)
    ]
    if not clipped:
        return []
    sample = "".join(c["text"] for c in clipped[:20])
    message = (
        f"page {page_number}: {len(clipped)} character(s) at or beyond the page edge ({sample!r}): text may be cut off"
    )
    return [warning("text-clipped-at-page-edge", message, "/source", source)]


def overflow_glyphs(
    chars: list[dict],
    other: list[dict],
    settings: PdfSettings = DEFAULT,
    top: bool = True,
    edges: tuple[list, list] | None = None,
) -> set[int]:
    """Return the indices of the characters at a page's top (bottom) that repeat glyphs of the page before (after).

    A line cut by the page break may be painted on both pages, clipped at
    the break: the glyphs whose ink reaches across it (the descender of a
    "g", the ring of an "å") show again on the other page, beside its first
    (last) line. They are that line's glyphs a second time, not text. A run
    of characters (parted at column gaps) on one of the page's first (last)
    ``edge_lines`` lines is such a repeat when one of the other page's
    lines nearest the break, across its width, holds each of its glyphs
    (same letter, size and start, within ``repeat_slack`` points) and more
    besides, and the first of them inside a run of that line's text (text
    that starts a cell at the page's edge is the cell's own), and every
    run of its line is such a repeat: glyphs painted again stand off the
    page's text lines, so a line with a run of its own text is text, every
    run of it (a justified "fortsat i" at the page's top, its "i" where the
    "i" of "spilaften i" stands on the page before). ``edges`` may hold the
    page's and the other page's edge lines, found before.
    """
    if not chars or not other:
        return set()
    slack = settings.repeat_slack
    own, near = edges or (_edge_lines(chars, settings, top), _edge_lines(other, settings, not top))
    others = []  # the other page's lines nearest the break: (all characters, glyphs by letter, glyph count)
    for line in near:
        by_letter: dict[str, list[dict]] = {}
        for _, c in line:
            if c["text"].strip():
                by_letter.setdefault(c["text"], []).append(c)
        others.append(([c for _, c in line], by_letter, sum(map(len, by_letter.values()))))
    found: set[int] = set()
    for line in own:
        repeats: set[int] = set()
        for run in _runs(line, settings):
            glyphs = [c for _, c in run if c["text"].strip()]
            if not glyphs:
                continue
            first = glyphs[0]
            gap = settings.segment_gap * first["size"]
            for row, by_letter, count in others:
                if count <= len(glyphs) or not _has_twin(first, by_letter, slack):
                    continue
                inside = any(
                    first["x0"] - gap <= p["x1"] <= first["x0"] + slack and p["x0"] < first["x0"] - slack for p in row
                )
                if inside and all(_has_twin(c, by_letter, slack) for c in glyphs):
                    repeats |= {i for i, _ in run}
                    break
            else:
                repeats = set()  # a run of the line's own text: the line is text, not glyphs painted again
                break
        found |= repeats
    return found


def _runs(line: list[tuple[int, dict]], settings: PdfSettings) -> list[list[tuple[int, dict]]]:
    """Return a line's characters in runs, left to right, parted where the gap is a column's (``segment_gap``)."""
    runs: list[list[tuple[int, dict]]] = []
    for i, c in sorted(line, key=lambda ic: ic[1]["x0"]):
        if runs and c["x0"] - runs[-1][-1][1]["x1"] <= settings.segment_gap * c["size"]:
            runs[-1].append((i, c))
        else:
            runs.append([(i, c)])
    return runs


def _has_twin(char: dict, by_letter: dict[str, list[dict]], slack: float) -> bool:
    return any(
        abs(p["x0"] - char["x0"]) <= slack and abs(p["size"] - char["size"]) <= slack
        for p in by_letter.get(char["text"], ())
    )


def _edge_lines(chars: list[dict], settings: PdfSettings, top: bool) -> list[list[tuple[int, dict]]]:
    """Return the characters of the page's first (``top``) or last ``edge_lines`` lines, from the edge inwards."""
    tops = list(map(_TOP, chars))
    lines: list[list[tuple[int, dict]]] = []
    for i in sorted(range(len(tops)), key=tops.__getitem__, reverse=not top):
        c = chars[i]
        if lines and abs(c["top"] - lines[-1][0][1]["top"]) <= settings.line_tolerance * c["size"]:
            lines[-1].append((i, c))
            continue
        if len(lines) == settings.edge_lines:
            break
        lines.append([(i, c)])
    return lines


def _to_format_error(exc: Exception, name: str, page_number: int) -> FormatError:
    """Return the FormatError for a parser exception: encrypted, or corrupt/truncated, naming the page."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfplumber wraps pdfminer's exceptions in PdfminerException(original).
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower():
        return FormatError(name, "PDF is encrypted: it cannot be read without its password")
    text = str(inner).strip()
    detail = text.splitlines()[0][:120] if text else type(inner).__name__
    return FormatError(name, f"{_where(page_number)}corrupt or truncated PDF ({detail})")


def _where(page_number: int) -> str:
    return f"page {page_number}: " if page_number else ""


def pages_to_blocks(
    pages: list[tuple[list[PageTable], list[Line]]],
    widths: list[float],
    heights: list[float],
    name: str,
    settings: PdfSettings = DEFAULT,
) -> list[Block]:
    """Given each page's ruled tables and lines, return the document's blocks in reading order."""
    furniture = furniture_keys([lines for _, lines in pages], heights, settings)
    pages = _furniture_out_of_tables(pages, furniture, settings)
    body_size = _body_size(pages, furniture, settings.default_body_size)
    body = [[ln for ln in lines if (i, ln.text) not in furniture] for i, (_, lines) in enumerate(pages)]
    s = _with_leading(settings, _measured_leading(body, body_size))
    content_bottom = max(
        [ln.bottom for i, (_, lines) in enumerate(pages) for ln in lines if (i, ln.text) not in furniture]
        + [t.bottom for tables, _ in pages for t in tables],
        default=0.0,
    )
    text_right: dict[int, float] = {}  # page -> the right edge of its text lines
    heading_sizes: list[float] = []
    elements: list[tuple[str, object]] = []  # ("lines", [Line]) or ("table", PageTable), in reading order
    open_table: PageTable | None = None
    for index, (ruled, lines) in enumerate(pages):
        lines = _without_furniture(lines, index, furniture, heights[index], open_table is None, s)
        borderless, lines = lines_to_borderless_tables(lines, index + 1, widths[index], open_table, s)
        text_right[index + 1] = max((ln.x1 for ln in lines), default=widths[index])
        tables = sorted(ruled + borderless, key=lambda t: t.top)
        if open_table is not None and borderless and borderless[0].widens_header:
            # a header row cut by the page with a cell moved on whole: the header above gets the new columns
            wide = widened(open_table, borderless[0].columns, borderless[0].heads, s.column_slack)
            elements = [(kind, wide if item is open_table else item) for kind, item in elements]
        page_elements: list[tuple[float, str, object]] = [(t.top, "table", t) for t in tables]
        page_elements += [(ln.top, "line", ln) for ln in lines]
        page_elements.sort(key=lambda e: (e[0], e[1] == "line"))
        for _, kind, item in page_elements:
            if kind == "table":
                elements.append(("table", item))
            elif elements and elements[-1][0] == "lines" and elements[-1][1][-1].page == item.page:
                elements[-1][1].append(item)
            else:
                elements.append(("lines", [item]))
        open_table = elements[-1][1] if elements and elements[-1][0] == "table" else None
        for ln in lines:
            if ln.size >= body_size * s.heading_ratio:
                heading_sizes.append(round(ln.size, 1))
    levels = {size: rank for rank, size in enumerate(sorted(set(heading_sizes), reverse=True), start=1)}

    out: list[Block | _Row] = []
    previous_table: PageTable | None = None
    chain_header: tuple[str, ...] = ()
    for kind, item in elements:
        if kind == "lines":
            out.extend(_lines_to_blocks(item, body_size, levels, s, text_right[item[0].page]))
            previous_table = None
            continue
        table: PageTable = item
        cut = False
        first_data = 0
        new_chain = False
        if (
            previous_table is not None
            and previous_table.page + 1 == table.page
            and previous_table.same_layout(table, s.same_columns_slack)
        ):
            # A header row repeated at the top of the page is not the row that goes on.
            first_data = 1 if _plain(table.rows[0]) == chain_header else 0
            if first_data < len(table.rows):
                cut = _cut_by_page(previous_table, table.rows[first_data], content_bottom, s)
        else:
            chain_header = _plain(table.rows[0])
            new_chain = True
        for n, row in enumerate(table.rows):
            out.append(
                _Row(row, continues=cut and n == first_data, header=new_chain and n == 0, repeated=n < first_data)
            )
        previous_table = table
    return hyphenation.resolve(_join_across_pages(_rows_to_blocks(out, s)), s)


def _without_furniture(
    lines: list[Line],
    index: int,
    furniture: set[tuple[int, str]],
    height: float,
    no_open_table: bool,
    settings: PdfSettings,
) -> list[Line]:
    """Return the page's ``lines`` without its furniture.

    Furniture stands outside the content: a line in the top margin below a
    line that is kept (the second line of a table's header row at the top of
    a page, "Status 2021-" / "2023", repeated on every page) is content too.
    """
    out = [ln for ln in lines if not _furniture(ln, index, furniture, height, no_open_table, settings)]
    margin = settings.furniture_margin * height
    kept_top = min((ln.top for ln in out if ln.bottom < margin), default=None)
    if kept_top is None or len(out) == len(lines):
        return out
    kept = {id(ln) for ln in out}
    return [ln for ln in lines if id(ln) in kept or (ln.bottom < margin and ln.top > kept_top)]


def _furniture(
    line: Line, index: int, furniture: set[tuple[int, str]], height: float, no_open_table: bool, settings: PdfSettings
) -> bool:
    """Return True when ``line`` is page furniture to leave out.

    Furniture stands in the page margin: a line of the same text in the body
    (a table's own header row, the same as the header row repeated at the top
    of the page) is content. A table's header row at the top of a page that
    goes on with no table from the page before (``header_min_columns`` or more
    segments) starts a table there, though the same row repeated at the top of
    the pages after makes it look like a running header.
    """
    if (index, line.text) not in furniture:
        return False
    margin = settings.furniture_margin * height
    if margin <= line.bottom and line.top <= height - margin:
        return False
    return not (no_open_table and line.top < margin and len(line.segments) >= settings.header_min_columns)


def _measured_leading(pages: list[list[Line]], body_size: float) -> float:
    """Return the usual gap between consecutive lines of one paragraph or cell, in font sizes.

    Counted over pairs of body-size lines that start at the same x; the
    most common gap (to a twentieth of a size) is the document's leading.
    """
    gaps: Counter = Counter()
    for lines in pages:
        for prev, line in itertools.pairwise(lines):
            same = abs(prev.size - body_size) < 0.5 and abs(line.size - body_size) < 0.5
            if same and abs(prev.x0 - line.x0) < 1 and line.top > prev.top:
                gap = (line.top - prev.bottom) / line.size
                if -0.5 < gap < 2:
                    gaps[round(gap * 20) / 20] += 1
    return gaps.most_common(1)[0][0] if gaps else 0.0


def _with_leading(settings: PdfSettings, leading: float) -> PdfSettings:
    """Return the settings with the paragraph and row gaps widened by the leading beyond the assumed one
    (or the row gap narrowed to ``row_gap_over_leading`` over a leading below it),

    and the reach of a row cut by the page (``page_cut_lines``, in line heights) stretched by the
    line pitch against the assumed one: looser lines leave more room below a cut row.
    """
    extra = leading - settings.assumed_leading
    if extra <= 0:  # lines set tighter: rows a little further apart than lines are rows
        # lines that overlap (leading below zero) count as touching: the row gap stays above zero
        return replace(settings, row_gap=min(settings.row_gap, max(leading, 0.0) + settings.row_gap_over_leading))
    pitch = (1 + leading) / (1 + settings.assumed_leading)
    return replace(
        settings,
        paragraph_gap=settings.paragraph_gap + extra,
        row_gap=settings.row_gap + extra,
        page_cut_lines=settings.page_cut_lines * pitch,
        page_cut_evidence_lines=settings.page_cut_evidence_lines * pitch,
    )


def _join_across_pages(blocks: list[Block]) -> list[Block]:
    """Return the blocks with a paragraph that a page break cut joined again.

    The first block of a page continues the last one of the page before when
    it is a paragraph starting in lowercase and that one is a paragraph or a
    numbered item; the joined block keeps the position of its first piece.
    """
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and block.kind == "paragraph"
            and prev.kind in ("paragraph", "item")
            and block.pos.page == (prev.pos.page or 0) + 1
            and block.text[:1].islower()
        ):
            out[-1] = replace(prev, text=hyphenation.join(prev.text, block.text, trailing_space=False))
            continue
        out.append(block)
    return out


def _plain(row) -> tuple[str, ...]:
    return tuple(" ".join(s.text for s in cell.lines) for cell in row.cells)


def _furniture_out_of_tables(
    pages: list[tuple[list[PageTable], list[Line]]], furniture: set[tuple[int, str]], settings: PdfSettings = DEFAULT
) -> list[tuple[list[PageTable], list[Line]]]:
    """Return the pages with the lines of ruled tables that are page furniture taken out.

    A ruled table cut by the page may have its rules drawn on past the page's last text line (Chromium draws
    the cut row's box to the page end): a page footer there ("Side 2 af 4") falls inside the table's box and is
    read as a row, its words parted between the columns (a running header over a row cut at the page's top
    too, parted mid-word, and a footer whose ends the table's outer columns cut off). Such a line, its cells'
    segments at one height read left to right, spaces aside, is furniture where the same text (digits aside),
    or a long piece of it (``_furniture_piece``), stands as furniture at the same height on another page; a row
    left without text goes.
    """
    bands = {
        (_squeezed(ln.text), round(ln.top / settings.furniture_snap) + shift)
        for index, (_, lines) in enumerate(pages)
        for ln in lines
        if (index, ln.text) in furniture
        for shift in (-1, 0, 1)  # a height near a bucket's edge
    }
    if not bands:
        return pages
    out = []
    for tables, lines in pages:
        kept = []
        for table in tables:
            rows = [_row_without(row, bands, settings) for row in table.rows]
            rows = [row for row in rows if any(cell.lines for cell in row.cells)]
            kept += [replace(table, rows=tuple(rows))] if rows else []
        out.append((kept, lines))
    return out


def _squeezed(text: str) -> str:
    """Return ``text`` without its spaces and with its numbers as "#": a line of page furniture compared with
    the pieces a table's rules cut it into ("Faxe Kommu" "ne · Bibliotek & Bor" "gerservice")."""
    return digits_aside("".join(text.split()))


def _furniture_piece(text: str, key: int, bands: set[tuple[str, int]], settings: PdfSettings) -> bool:
    """Return True when ``text``, a table line spaces aside, is a furniture band at height ``key``: all of it, or
    a long piece of it (``furniture_piece``) whose ends the table's outer columns cut off."""
    if (text, key) in bands:
        return True
    return len(text) >= settings.furniture_piece and any(k == key and text in band for band, k in bands)


def _row_without(row: TableRow, bands: set[tuple[str, int]], settings: PdfSettings) -> TableRow:
    """Return the row without the segments whose line across its cells is a furniture band (text, height)."""
    heights: dict[int, list] = {}
    for cell in row.cells:
        for seg in cell.lines:
            heights.setdefault(round(seg.top / settings.furniture_snap), []).append(seg)
    drop = {
        id(seg)
        for key, segs in heights.items()
        if _furniture_piece(_squeezed("".join(s.text for s in sorted(segs, key=lambda s: s.x0))), key, bands, settings)
        for seg in segs
    }
    if not drop:
        return row
    cells = tuple(replace(cell, lines=tuple(s for s in cell.lines if id(s) not in drop)) for cell in row.cells)
    return replace(row, cells=cells)


def _cut_by_page(table: PageTable, following, content_bottom: float, settings: PdfSettings = DEFAULT) -> bool:
    """Return True when the table's last row was cut by the page bottom and ``following`` goes on with it.

    The last row ends within ``page_cut_lines`` line heights of the content
    bottom, or within ``page_cut_evidence_lines`` when the piece has no
    title and goes on mid-sentence in every cell it shares (``_mid_sentence``),
    or a word of a cell is hyphenated across the page (``_hyphenated_across``),
    or a cell's quote opens above and closes below (``_quoted_across``).
    Geometry alone cannot tell a row cut at the page bottom from one that
    happened to end there (the next row did not fit a single line), so the
    text decides too: the last row has no title (a cell's first lines
    stayed on the page while the title went on to the next), or the piece
    on the next page starts a cell in lowercase or has no title, or its
    title is the wrapped rest of the title above (``_wraps_on``), or no
    cell of the last row (the title column aside) ends a sentence.
    """
    last = table.rows[-1]
    segs = [s for cell in last.cells for s in cell.lines]
    if not segs:
        return False
    line_height = max(s.bottom - s.top for s in segs)
    evidence = _mid_sentence(last, following) or _hyphenated_across(last, following) or _quoted_across(last, following)
    reach = settings.page_cut_evidence_lines if evidence else settings.page_cut_lines
    if max(s.bottom for s in segs) < content_bottom - reach * line_height:
        return False
    if last.cells and not last.cells[0].lines:
        return True  # a row starts with its title: the cells above it had started a row that goes on here
    if any(cell.lines and cell.lines[0].text[:1].islower() for cell in following.cells):
        return True
    if following.cells and not following.cells[0].lines:
        return True  # no title: a row starts with its title, so this piece goes on with the row above
    if not any(cell.lines for cell in following.cells[1:]):
        return True  # only a title: the rest of the title above (a row has more than its title)
    if _moved_cell(last, following) and _wraps_on(last, following, settings):
        return True  # a cell the page could not start went on whole, and every other one wraps on
    if following.cells[0].lines[0].text[:1].isupper() and all(cell.lines for cell in following.cells[:2]):
        return False  # a capitalised title beside its description: a new row
    if _wraps_on(last, following, settings):
        return True
    ends = [cell.lines[-1].text.rstrip() for cell in last.cells[1:] if cell.lines]
    return bool(ends) and not any(SENTENCE_END.search(end) for end in ends)


def _hyphenated_across(last, following) -> bool:
    """Return True when a cell of ``last`` ends in a hyphen after a letter and the same cell of ``following``
    goes on in lowercase: a word hyphenated across the page ("kom-" | "petencer”"), the piece is the row's rest."""
    return any(
        a.lines and b.lines and hyphenation.breaks_at_hyphen(a.lines[-1].text, b.lines[0].text)
        for a, b in zip(last.cells, following.cells, strict=False)
    )


def _quoted_across(last, following) -> bool:
    """Return True when a cell of ``last`` opens a quote it does not close and the same cell of ``following``
    closes one it does not open: a quoted title cut by the page ('Projekt "Nye serviceformer i' | 'Borgerservice"').
    A quote that opens and closes alike (``"``, and ``”`` as Danish sets it) is open where a text holds an odd
    number of it."""

    def text(cell) -> str:
        return " ".join(seg.text for seg in cell.lines)

    return any(
        a.lines and b.lines and any(text(a).count(q) % 2 and text(b).count(q) % 2 for q in ('"', "”"))
        for a, b in zip(last.cells, following.cells, strict=False)
    )


def _mid_sentence(last, following) -> bool:
    """Return True when ``following`` has no title and goes on mid-sentence in every cell it shares with ``last``.

    Each cell holding text on both pages starts in lowercase below, after
    a line that ends no sentence above ("booke en tid til en" |
    "telefonisk", "projek-" | "tet."): the piece is the rest of the row
    however far above the page bottom the row stopped (orphan and widow
    control move a cell's lines on to the next page together).
    """
    if not following.cells or following.cells[0].lines:
        return False
    shared = [(a, b) for a, b in zip(last.cells, following.cells, strict=False) if a.lines and b.lines]
    return bool(shared) and all(
        b.lines[0].text[:1].islower() and not SENTENCE_END.search(a.lines[-1].text.rstrip()) for a, b in shared
    )


def _moved_cell(last, following) -> bool:
    """Return True when a cell of the last row is empty while the piece on the next page fills it, and a
    cell the last row filled is empty in the piece: the row's cells are parted between the pages.

    A producer that keeps a cell's first lines together (orphan control)
    moves a cell that could not start on the page whole to the next one,
    while the other cells of the row have started, and the ones that ended
    on the page leave nothing below. A new row under a row with an empty
    cell fills the columns its text starts in, most of all the ones the row
    above filled.
    """
    pairs = list(zip(last.cells, following.cells, strict=False))
    moved = any(not above.lines and below.lines for above, below in pairs)
    ended = any(above.lines and not below.lines for above, below in pairs)
    return moved and ended


def _wraps_on(last, following, settings: PdfSettings) -> bool:
    """Return True when the piece's title is the wrapped rest of the cut row's title, and no cell starts anew.

    Line breaking does not know the page break: the first word of the
    piece's title did not fit after the title's last line above (its
    column's text reaching the furthest either page's lines reach), and in
    no other column holding text on both pages would the piece's first
    word have fitted after the line above (a cell starting anew).
    """
    wrapped = set()
    for k, (above, below) in enumerate(zip(last.cells, following.cells, strict=False)):
        if not above.lines or not below.lines:
            continue
        edge = max(above.right, below.right)
        if word_fits_after(above.lines[-1], below.lines[0], edge, settings):
            return False
        wrapped.add(k)
    return 0 in wrapped


def _body_size(pages, furniture: set[tuple[int, str]], default: float) -> float:
    """Return the font size most of the text is set in: lines and ruled cells, page furniture aside."""
    sizes: Counter = Counter()
    for index, (tables, lines) in enumerate(pages):
        segments = [seg for line in lines if (index, line.text) not in furniture for seg in line.segments]
        segments += [seg for table in tables for row in table.rows for cell in row.cells for seg in cell.lines]
        for seg in segments:
            sizes[round(seg.size, 1)] += len(seg.text)
    return sizes.most_common(1)[0][0] if sizes else default


def _box(lines: list[Line]) -> tuple[float, float, float, float]:
    return (
        min(ln.x0 for ln in lines),
        min(ln.top for ln in lines),
        max(ln.x1 for ln in lines),
        max(ln.bottom for ln in lines),
    )


def _lines_to_blocks(
    lines: list[Line], body_size: float, levels: dict[float, int], settings: PdfSettings, text_right: float = 0.0
) -> list[Block]:
    """Given consecutive text lines of one page, return heading, item and paragraph blocks.

    A heading that wraps is one heading: the line after it, in the same
    size, follows within ``heading_wrap_gap`` font sizes, and its first word
    would not have fitted on the line before, whose text reaches towards
    ``text_right`` (the page's right text edge).
    """
    groups: list[list[Line]] = []
    ratio = settings.heading_ratio
    for line in lines:
        if groups:
            prev = groups[-1][-1]
            size = _heading_size(line, body_size, ratio)
            same_kind = _heading_size(prev, body_size, ratio) == size
            gap = line.top - prev.bottom
            if same_kind and gap <= settings.paragraph_gap * line.size and not _ITEM.match(line.text):
                groups[-1].append(line)
                continue
            if (
                same_kind
                and size is not None
                and gap <= settings.heading_wrap_gap * line.size
                and _first_word_did_not_fit(prev, line, text_right, settings)
            ):
                groups[-1].append(line)
                continue
            if (
                same_kind
                and size is None
                and gap <= settings.item_wrap_gap * line.size
                and _wraps_item(groups[-1], line, text_right, settings)
            ):
                groups[-1].append(line)
                continue
        groups.append([line])
    blocks: list[Block] = []
    for group in groups:
        pos = Position(page=group[0].page, bbox=_box(group))
        text = _join_text_lines(group)
        size = _heading_size(group[0], body_size, settings.heading_ratio)
        if size is not None:
            blocks.append(Block(kind="heading", pos=pos, text=text, level=levels.get(size, len(levels) + 1)))
            continue
        item = _ITEM.match(text)
        if item:
            blocks.append(Block(kind="item", pos=pos, text=item.group(2), number=int(item.group(1))))
        else:
            blocks.append(Block(kind="paragraph", pos=pos, text=text))
    return blocks


def _wraps_item(group: list[Line], line: Line, text_right: float, settings: PdfSettings) -> bool:
    """Return True when ``line`` is the wrapped rest of the numbered item ``group`` holds: it is no item itself,
    stands indented from the item's number (a hanging indent), and its first word would not have fitted on the
    item's last line, which reaches towards ``text_right``. A document set with loose line spacing and space
    after its paragraphs has no paragraph of two lines to measure its leading by, so the gap alone cannot tell
    ("4. FOKUSERER vi ... kort sagt, en kommune," / "hvor det er fedt at bo")."""
    if _ITEM.match(group[0].text) is None or _ITEM.match(line.text):
        return False
    if line.x0 <= group[0].x0 + settings.column_slack:
        return False
    return _first_word_did_not_fit(group[-1], line, text_right, settings)


def _first_word_did_not_fit(prev: Line, line: Line, text_right: float, settings: PdfSettings) -> bool:
    """Return True when ``line``'s first word would not have fitted after ``prev``, before ``text_right``."""
    return prev.x1 + line.segments[0].first_word_x1 - line.x0 > text_right - settings.fit_slack


def _heading_size(line: Line, body_size: float, ratio: float) -> float | None:
    size = round(line.size, 1)
    return size if size >= body_size * ratio else None


def _join_text_lines(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        piece = line.text.strip()
        if not text:
            text = piece
        elif text.endswith("-") and not line.segments[0].text[:1].islower() and not _trailing(lines, line):
            text += piece  # "Mit-" / "ID": a break after a hyphen inside a word
        else:
            text = hyphenation.join(text, piece, _trailing(lines, line))  # "læse-" / "lyst": decided later
    return text


def _trailing(lines: list[Line], line: Line) -> bool:
    index = lines.index(line)
    return index > 0 and lines[index - 1].segments[-1].trailing_space


def _rows_to_blocks(items: list[Block | _Row], settings: PdfSettings) -> list[Block]:
    """Join every cell's lines (deciding word breaks with the whole document's words) and return the blocks.

    A row that goes on from the page before is linked cell by cell to the
    row above, so a word cut by the page is joined too (``Block.glue``); a
    header row cut by the page is one header row again.
    """
    rows = [item for item in items if isinstance(item, _Row)]
    first_cell = {}
    cells = []
    for item in rows:
        first_cell[id(item)] = len(cells)
        cells.extend(item.row.cells)
    links: list[tuple[int, int]] = []
    chain = [item for item in rows if not item.repeated]  # a cut row goes on past a repeated header
    above_of = {}
    for above, item in itertools.pairwise(chain):
        above_of[id(item)] = above
        if item.continues:
            width = min(len(above.row.cells), len(item.row.cells))
            links += [(first_cell[id(above)] + k, first_cell[id(item)] + k) for k in range(width)]
    others = [item.text for item in items if not isinstance(item, _Row)]
    texts, glue = wordbreak.cells_to_texts(cells, others, settings, links)
    glue_of = {b: g for (_, b), g in zip(links, glue, strict=True)}
    blocks: list[Block] = []
    header_above = False
    row_at: dict[int, int] = {}  # id of a _Row -> index of the block that holds it
    for item in items:
        if not isinstance(item, _Row):
            blocks.append(item)
            header_above = False
            continue
        row, start = item.row, first_cell[id(item)]
        cell_texts = tuple(texts[start : start + len(row.cells)])
        pos = Position(page=row.page, bbox=row.bbox)
        row_at[id(item)] = len(blocks)
        if not item.continues:
            blocks.append(Block(kind="row", pos=pos, cells=cell_texts))
            header_above = item.header
            continue
        cell_glue = tuple(glue_of.get(start + k, False) for k in range(len(row.cells)))
        if header_above:
            # A header row cut by the page: one header, kept at its first piece.
            pieces = itertools.zip_longest(blocks[-1].cells, cell_texts, cell_glue, fillvalue="")
            blocks[-1] = replace(blocks[-1], cells=tuple(_join_piece(a, b, bool(g)) for a, b, g in pieces))
            continue
        at = row_at.get(id(above_of.get(id(item))))  # the block of the row it goes on from
        above = blocks[at] if at is not None else None
        if above is not None and not above.cells[0].strip() and cell_texts[0].strip():
            # The row cut by the page had not started its title column (WeasyPrint moves a cell's
            # first lines to the next page): it is a row of its own, not the rest of the row above
            # it, so the cells it had not started are taken up to it.
            width = min(len(above.cells), len(cell_texts))
            moved = [k for k in range(width) if not above.cells[k].strip() and cell_texts[k].strip()]
            blocks[at] = replace(
                above, cells=tuple(cell_texts[k] if k in moved else c for k, c in enumerate(above.cells))
            )
            cell_texts = tuple("" if k in moved else c for k, c in enumerate(cell_texts))
        blocks.append(Block(kind="row", pos=pos, cells=cell_texts, continues=True, glue=cell_glue))
    return blocks


def _join_piece(old: str, new: str, glue: bool) -> str:
    old, new = old.rstrip(), new.strip()
    if not old or not new:
        return old or new
    return old + new if glue else f"{old} {new}"
