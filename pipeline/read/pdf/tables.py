"""PDF tables: ruled ones from their drawn lines, borderless ones from the header's column positions.

Each table on a page becomes a ``PageTable``: its column starts, and rows of
cells, a cell being its text lines (``Segment``) and the right edge its text
may reach. Joining the lines of a cell is left to the caller, who knows the
whole document's words (see ``pipeline.read.pdf.wordbreak``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.read.pdf import hyphenation
from pipeline.read.pdf.layout import Line, Segment, chars_to_lines, joined_segments
from pipeline.read.pdf.settings import DEFAULT, PdfSettings
from pipeline.read.pdf.wordbreak import key


@dataclass(frozen=True)
class Cell:
    """One cell on one page: its lines top to bottom and the right edge its text can reach."""

    lines: tuple[Segment, ...]
    right: float
    #: where the cell's box ends: its right rule, or the next column's start (borderless); 0.0 when not known.
    #: The text edge stands a padding (or a gutter) before it, the same in every column of a table.
    limit: float = 0.0


@dataclass(frozen=True)
class TableRow:
    """One row (or the part of a row on one page)."""

    cells: tuple[Cell, ...]
    bbox: tuple[float, float, float, float]
    page: int


@dataclass(frozen=True)
class PageTable:
    """The part of a table that stands on one page."""

    columns: tuple[float, ...]
    rows: tuple[TableRow, ...]
    page: int
    ruled: bool
    #: (x0, x1) of each header cell's text, for data centred or right-aligned under it (borderless only)
    heads: tuple[tuple[float, float], ...] = ()
    #: the table goes on from a header row alone at the foot of the page before, with header cells the page
    #: moved on whole at its top: the header above lacks their columns (``widened`` gives it them)
    widens_header: bool = False

    @property
    def top(self) -> float:
        return self.rows[0].bbox[1]

    @property
    def bottom(self) -> float:
        return self.rows[-1].bbox[3]

    def same_layout(self, other: PageTable, slack: float) -> bool:
        """Return True when ``other`` has the same columns, within ``slack`` points (a table going on)."""
        return len(self.columns) == len(other.columns) and all(
            abs(a - b) <= slack for a, b in zip(self.columns, other.columns, strict=False)
        )


def page_to_ruled_tables(
    page, page_number: int, settings: PdfSettings = DEFAULT, chars: list[dict] | None = None
) -> tuple[list[PageTable], list[dict]]:
    """Given a pdfplumber page (and its characters, when some are not to be read), return its ruled
    tables and the characters outside them."""
    chars = [c for c in (page.chars if chars is None else chars) if c.get("upright", True)]
    if not (page.lines or page.rects or page.curves):
        return [], chars
    if any(_is_fill(obj, settings.rule_max_thickness) for obj in itertools.chain(page.rects, page.curves)):
        # Fills (a header row's background, zebra stripes) are no rules: find the tables from the rest.
        page = page.filter(lambda obj: not _is_fill(obj, settings.rule_max_thickness))
    found = page.find_tables(
        {
            "vertical_strategy": "lines",
            "horizontal_strategy": "lines",
            "explicit_horizontal_lines": _open_ends(page, settings.column_slack),
        }
    )
    tables: list[PageTable] = []
    taken: set[int] = set()
    for table in found:
        rows = [row for row in table.rows if any(cell is not None for cell in row.cells)]
        width = max((len(row.cells) for row in rows), default=0)
        if width < 2 or not rows:
            continue
        page_rows: list[TableRow] = []
        for row in rows:
            cells: list[Cell] = []
            for bbox in row.cells:
                if bbox is None:  # spanned by the cell before
                    cells.append(Cell((), 0.0))
                    continue
                x0, top, x1, bottom = bbox
                inside = []
                for i, c in enumerate(chars):
                    mx, my = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
                    if x0 <= mx <= x1 and top <= my <= bottom:
                        inside.append(c)
                        taken.add(i)
                lines = chars_to_lines(inside, page_number, split=False, settings=settings)
                segs = [seg for line in lines for seg in line.segments]
                pad = min((s.x0 for s in segs), default=x0 + settings.empty_cell_padding) - x0
                cells.append(Cell(tuple(segs), x1 - max(pad, 0.0), limit=x1))
            page_rows.append(TableRow(tuple(cells), tuple(row.bbox), page_number))
        columns = tuple(cell[0] for cell in rows[0].cells if cell is not None)
        if len(columns) < 2:
            continue
        tables.append(PageTable(columns, tuple(page_rows), page_number, ruled=True))
    rest = [c for i, c in enumerate(chars) if i not in taken]
    return tables, rest


def _is_fill(obj: dict, thickness: float) -> bool:
    """Return True for a filled shape drawn without a stroke that is wider and taller than a rule."""
    return (
        obj.get("object_type") in ("rect", "curve")
        and bool(obj.get("fill"))
        and not obj.get("stroke")
        and min(obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]) > thickness
    )


def _open_ends(page, slack: float) -> list[float]:
    """Return the heights where a table's column rules end with no rule across them.

    A row cut by the page end has its column rules but no closing rule
    (Chromium draws none), and the row going on at the top of the next page
    has no opening one: without a rule there, its cells would not be found.
    Where at least two column rules end and start again at one height with
    no rule across, a part of the table ends there (reportlab draws a
    repeated header row's column rules apart from the body's, and no rule
    under it when the first body row goes on from the page before).
    """
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    if len(verticals) < 2:
        return []
    # A rule drawn as a thin filled rectangle has short sides across the column rules: not rules.
    horizontals = [e for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 2 * slack]
    heights = [min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)]
    for e in verticals:
        y = e["bottom"]
        ending = {round(v["x0"]) for v in verticals if abs(v["bottom"] - y) <= slack}
        starting = {round(v["x0"]) for v in verticals if abs(v["top"] - y) <= slack}
        if len(ending & starting) >= 2 and not any(abs(h - y) <= slack for h in heights):
            heights.append(y)
    out = []
    for y in heights:
        if not any(abs(h["top"] - y) <= slack for h in horizontals):
            out.append(y)
    return out


def _column_of(
    seg: Segment,
    columns: tuple[float, ...],
    right: float,
    heads: tuple[tuple[float, float], ...],
    slack: float,
) -> int | None:
    """Return the column of a segment: left-aligned under its header's start, or else
    under its header's text and clear of the neighbouring headers (centred or right-aligned). A segment painted
    over another (``Segment.overprints``: a word run on into the next column) is the column's it starts in."""
    if seg.overprints:
        at = next((index for index, start in enumerate(columns) if abs(seg.x0 - start) <= slack), None)
        if at is not None:
            return at
    for index, start in enumerate(columns):
        end = columns[index + 1] if index + 1 < len(columns) else right
        if start - slack <= seg.x0 < end - slack and seg.x1 <= end + slack:
            return index
    for index, (h0, h1) in enumerate(heads):
        left = heads[index - 1][1] if index else float("-inf")
        limit = heads[index + 1][0] if index + 1 < len(heads) else right
        if left < seg.x0 and seg.x1 < limit and seg.x1 > h0 and seg.x0 < h1:
            return index
    return None


def _column_in_table(
    seg: Segment, columns: tuple[float, ...], right: float, heads: tuple[tuple[float, float], ...], slack: float
) -> int:
    """Return the column of a segment of a table's line: ``_column_of``, or, for a segment that fits none
    (the lines were fitted to the columns, so only where they changed since), the last column starting
    at or before it: its text is kept in the table, never lost."""
    col = _column_of(seg, columns, right, heads, slack)
    return _last_column_at(seg.x0, columns, slack) if col is None else col


def _last_column_at(x: float, columns: tuple[float, ...], slack: float) -> int:
    """Return the last column starting at or before ``x`` (the first when none does)."""
    return max((i for i, start in enumerate(columns) if start - slack <= x), default=0)


def _fits(
    line: Line, columns: tuple[float, ...], right: float, heads: tuple[tuple[float, float], ...], slack: float
) -> bool:
    return all(_column_of(seg, columns, right, heads, slack) is not None for seg in line.segments)


def lines_to_borderless_tables(
    lines: list[Line],
    page_number: int,
    page_width: float,
    open_table: PageTable | None,
    settings: PdfSettings = DEFAULT,
) -> tuple[list[PageTable], list[Line]]:
    """Given a page's text lines, return its borderless tables and the lines outside them.

    A table starts at a header line of ``header_min_columns`` or more segments (columns are
    where its segments start, for left-aligned text; text centred or
    right-aligned under a header cell belongs to it too), or at the top of the page
    when ``open_table`` (the table the previous page ended with) has the
    same columns as the first lines. It runs while each line's segments
    fall into its columns, in the table's font size, without a wide gap
    (``table_end_gap``) unless the line after it starts cells together at
    the columns (a row below generous cell padding).
    """
    s = settings
    tables: list[PageTable] = []
    rest: list[Line] = []
    i = 0
    first_content = True
    while i < len(lines):
        line = lines[i]
        columns: tuple[float, ...] | None = None
        heads: tuple[tuple[float, float], ...] = ()
        size = line.size
        continues = False  # the line goes on with the table of the page before
        repeated_header = False  # the line repeats the header of the table going on from the page before
        widens = False  # the header above, alone at the page's foot, lacks columns this table has
        going_on = (
            _cut_line(line, open_table.columns, s)
            if first_content and open_table is not None and not open_table.ruled
            else None
        )
        if (
            going_on is not None
            and line.size <= _table_size(open_table) + s.table_size_slack
            and _fits(going_on, open_table.columns, page_width, open_table.heads, s.column_slack)
        ):
            continues = True
            repeated_header = _first_line(open_table) == tuple(seg.text for seg in going_on.segments)
            line = going_on
            columns = open_table.columns
            heads = open_table.heads
            size = _table_size(open_table)
            moved = _moved_header_cells(open_table, line, s.column_slack)
            if moved:
                # the header row was cut by the page and a cell of it moved on whole: its column starts here
                pairs = sorted([*zip(columns, heads or [(c, c) for c in columns], strict=False), *moved])
                columns, heads = tuple(c for c, _ in pairs), tuple(h for _, h in pairs)
                widens = True
        elif len(line.segments) >= s.header_min_columns:
            columns = tuple(s.x0 for s in line.segments)
            heads = tuple((s.x0, s.x1) for s in line.segments)
        # a table going on from the page before keeps its columns: its first line is a row's, no header
        # (a justified line of few words, "Projektet har været", is no header cell run together)
        from_header = columns is not None and not continues
        first_content = False
        if columns is None:
            rest.append(line)
            i += 1
            continue
        # Text beyond the page edge (clipped by the producer) still belongs to the last column.
        right = max(page_width, line.x1)
        table_lines = [line]
        j = i + 1
        while j < len(lines):
            nxt = _cut_line(lines[j], columns, s)
            prev = table_lines[-1]
            if nxt.size > size + s.table_size_slack or not _fits(nxt, columns, right, heads, s.column_slack):
                break
            wide = nxt.top - prev.bottom > s.table_end_gap * (prev.bottom - prev.top)
            if (
                wide
                and not _starts_row(lines[j], columns, right, heads, s.column_slack)  # as written, before any cut
                and not _spread_row(lines[j], columns, s)
                and not (repeated_header and _one_row(table_lines, s))
            ):
                break
            table_lines.append(nxt)
            j += 1
        if from_header or repeated_header:
            # a header repeated at the page's top may show, over more rows, where its cells ran together
            # on the page before (two rows at a page's foot are too few to tell): the table above widens
            known = [t.columns for t in tables] + ([open_table.columns] if open_table is not None else [])
            parted, heads, table_lines = _columns_run_together(table_lines, columns, heads, s, known)
            widens = widens or (continues and len(parted) > len(columns))
            columns = parted
        if continues and not widens and open_table is not None and len(open_table.rows) == 1:
            # the header stood alone at the page's foot: its rows are here to tell where its run-together cells part
            parted = _header_parts(open_table, table_lines, s)
            if parted:
                columns = tuple(sorted((*columns, *parted)))
                heads = ()
                table_lines = [_cut_line(line, columns, s) for line in table_lines]
                widens = True
        table_lines = _last_words_given_back(table_lines, columns, s)
        header_lines = _repeated_lines(open_table, table_lines) if repeated_header else 0
        table = _lines_to_table(table_lines, columns, heads, page_number, right, s, header_lines)
        tables.append(replace(table, widens_header=True) if widens else table)
        i = j
    return tables, rest


def _moved_header_cells(table: PageTable, line: Line, slack: float) -> list[tuple[float, tuple[float, float]]]:
    """Return (column start, head) for each header cell that the page moved on whole: where ``table`` holds
    only its header row, and ``line``, bold, starts a segment at no column of it (WeasyPrint moves a header
    cell that does not fit the page's end to the next page: "Status" / "2021-2023")."""
    if len(table.rows) != 1 or not line.bold:
        return []
    return [
        (seg.x0, (seg.x0, seg.x1))
        for seg in line.segments
        if all(abs(seg.x0 - start) > slack for start in table.columns)
    ]


def widened(
    table: PageTable, columns: tuple[float, ...], heads: tuple[tuple[float, float], ...], slack: float
) -> PageTable:
    """Return the borderless ``table`` set in ``columns`` (which hold its own): a cell in each new one, holding
    what the cell before it held from the new column's start on (a cell line that starts there, or a segment's
    piece from there), and each cell's box ending at the next column's start, as in a table found with them (a
    cell's box end keys its column's text edges in ``wordbreak.text_edges``)."""
    limits = [*columns[1:], 0.0]
    new = [start for start in columns if all(abs(start - c) > slack for c in table.columns)]
    rows = []
    for row in table.rows:
        # a header cell run together with the next ("Status 2021-2024 2025") is cut at the new column's start
        moved: dict[float, list[Segment]] = {}
        kept: dict[float, Cell] = {}
        for x, cell in zip(table.columns, row.cells, strict=False):
            lines = []
            for seg in cell.lines:
                for start in new:
                    if start - slack <= seg.x0 and x < start:
                        moved.setdefault(start, []).append(seg)  # the line is the new column's ("Nej." at 2024)
                        break
                    if seg.x0 + slack < start < seg.x1:
                        pieces = seg.split_at(start - slack / 2)
                        if pieces is not None:
                            seg = pieces[0]
                            moved.setdefault(start, []).append(pieces[1])
                else:
                    lines.append(seg)
            kept[x] = replace(cell, lines=tuple(lines))
        cells = []
        for start, limit in zip(columns, limits, strict=True):
            own = next((c for x, c in kept.items() if abs(x - start) <= slack), None)
            if own is not None:
                cells.append(replace(own, limit=limit))
            else:
                segs = tuple(moved.get(start, ()))
                cells.append(Cell(segs, max((seg.x1 for seg in segs), default=start), limit=limit))
        rows.append(replace(row, cells=tuple(cells)))
    return replace(table, columns=columns, heads=heads, rows=tuple(rows))


def _first_line(table: PageTable) -> tuple[str, ...]:
    """Return the texts of the first line of the table's first row, cell by cell."""
    return tuple(cell.lines[0].text for cell in table.rows[0].cells if cell.lines)


def _repeated_lines(table: PageTable, lines: list[Line]) -> int:
    """Return how many of ``lines`` repeat the lines of ``table``'s first row (its header), in order."""
    segs = sorted((seg for cell in table.rows[0].cells for seg in cell.lines), key=lambda seg: (seg.top, seg.x0))
    header: list[list[Segment]] = []
    for seg in segs:
        if header and seg.top < header[-1][0].bottom:
            header[-1].append(seg)
        else:
            header.append([seg])
    count = 0
    for mine, theirs in zip(lines, header, strict=False):
        if "".join(seg.text for seg in mine.segments).split() != "".join(seg.text for seg in theirs).split():
            break
        count += 1
    return count


def _one_row(lines: list[Line], settings: PdfSettings) -> bool:
    """Return True when ``lines`` stand no further apart than a row's lines (``row_gap``): one row so far.

    A table going on at the top of a page whose first line repeats its
    header, and that holds one row so far, holds that repeated header
    row: what its columns hold after a wide gap
    (the padding below the header and above the row) is the table's, even
    a single cell's line ("teter." | the rest of a cut row's status), for
    a repeated header is followed by the table's body.
    """
    return all(b.top - a.bottom <= settings.row_gap * b.size for a, b in itertools.pairwise(lines))


def _columns_run_together(
    lines: list[Line],
    columns: tuple[float, ...],
    heads: tuple[tuple[float, float], ...],
    settings: PdfSettings,
    known: list[tuple[float, ...]] | None = None,
) -> tuple[tuple[float, ...], tuple[tuple[float, float], ...], list[Line]]:
    """Return the columns, header cells and lines with the columns the header line ran together parted.

    Header cells without padding read as one segment ("Status 2021-20232024"):
    where the rows' text starts at one place inside a header segment on at
    least ``column_min_rows`` lines, exactly (within ``column_cut_slack``: text
    left-aligned in a column starts at one x; the words of a justified column
    start near many places), and a header glyph starts there too, a column
    starts there. A table of the document before it (``known``: the
    same header repeated on a later page, over a few rows) whose columns are
    these and one more there vouches for it where a row's text starts there at all, or where the
    header stands alone (at a page's foot, its rows on the next page).
    """
    slack = settings.column_slack
    header = lines[0]
    starts = [seg.x0 for line in lines[1:] for seg in line.segments]
    found: list[float] = []
    for seg in header.segments:
        for x0, word_start in _inner_starts(seg, slack):
            if any(abs(x0 - f) <= slack for f in found):
                continue
            rows = sum(abs(x - x0) <= settings.column_cut_slack for x in starts)
            vouched = (rows or len(lines) == 1) and any(_adds(c, columns, x0, slack) for c in known or ())
            if (
                rows >= settings.column_min_rows
                or vouched
                # a header word's start where the rows' glyphs part as columns do ("Status 2021-2023" "2024")
                or (word_start and _glyphs_part_at(lines[1:], x0, settings))
            ):
                found.append(x0)
    if not found:
        return columns, heads, lines
    columns = tuple(sorted(columns + tuple(found)))
    cut = [_cut_line(line, columns, settings) for line in lines]
    if len(cut[0].segments) != len(columns):
        return tuple(c for c in columns if c not in found), heads, lines
    new_heads = tuple((seg.x0, seg.x1) for seg in cut[0].segments)
    right = max(line.x1 for line in lines)
    if not all(_fits(line, columns, right, new_heads, slack) for line in cut):
        return tuple(c for c in columns if c not in found), heads, lines  # a row's text crosses the new column
    return columns, new_heads, cut


def _header_parts(header: PageTable, lines: list[Line], settings: PdfSettings) -> list[float]:
    """Return where the header-only table ``header``'s cells, run together, part as the rows in ``lines`` (the
    page after) show: a header word's start inside a header cell's line where those rows' glyphs part
    (``_glyphs_part_at``)."""
    return [
        x0
        for cell in header.rows[0].cells
        for seg in cell.lines
        for x0, word_start in _inner_starts(seg, settings.column_slack)
        if word_start and _glyphs_part_at(lines, x0, settings)
    ]


def _inner_starts(seg: Segment, slack: float):
    """Yield (x, word start) for each glyph start inside a header segment, more than ``slack`` from its ends:
    where a column run together with the segment's first may start; ``word start`` where a header word starts
    there (``_word_boundary``)."""
    for n, (x0, _) in enumerate(seg.boxes[1:], start=1):
        if seg.x0 + slack < x0 < seg.x1:
            yield x0, _word_boundary(seg.text, n)


def _word_boundary(text: str, n: int) -> bool:
    """Return True where a header word starts at ``text[n]``: after a space, or where two ran together without
    one ("ProjektBeskrivelse": a capital after a small letter; "2021-20232024": a year after a year)."""
    before, here = text[n - 1 : n], text[n : n + 1]
    if before == " " or (before.islower() and here.isupper()):
        return True
    return text[n - 4 : n].isdigit() and not text[n - 5 : n - 4].isdigit() and text[n : n + 4].isdigit()


def _glyphs_part_at(lines: list[Line], x: float, settings: PdfSettings) -> bool:
    """Return True when the texts of ``lines`` part at ``x`` as two columns do: no glyph runs across it, and
    every line with a glyph starting within a font size after it has one starting there, within
    ``column_cut_slack``, on ``column_min_rows`` lines or more. Two columns' texts that touch (justified
    cells without padding, "Samarbejdet har" | "Vi udvikler") part there on every line alike, where the
    letters of one column's lines stand at different places line by line. Not so in a font whose letters
    are all one width: its letters stand on one grid on every line. Nor where half or more of the lines have a
    word at x that stands whole elsewhere in them: glyphs of one column's words may meet at one place by chance
    ("Projekt|et", "ti|l", "a|bonnementer"), where two columns' texts that touch run texts together that are no
    words ("har|Vi", "med|Samarbejdet")."""
    cut = settings.column_cut_slack
    widths = {round(x1 - x0, 1) for line in lines for seg in line.segments for x0, x1 in seg.boxes}
    if len(widths) < 3:
        return False
    at = 0
    words: list[str] = []  # the word each line has at x, run across it
    for line in lines:
        glyphs = [box for seg in line.segments for ch, box in zip(seg.text, seg.boxes, strict=False) if ch != " "]
        if any(x0 + cut < x < x1 - cut for x0, x1 in glyphs):
            return False  # a glyph runs across x
        starts = [x0 for x0, _ in glyphs if x - cut <= x0 < x + line.size]
        if starts:
            if min(starts) > x + cut:
                return False  # text starts after x, not at it
            at += 1
            words.append(_word_at(line, x, cut))
    if at < settings.column_min_rows:
        return False
    # the words run across x that stand whole elsewhere in these lines are words the column would cut
    counts = Counter(key(w) for line in lines for seg in line.segments for w in seg.text.split())
    at_x = Counter(key(w) for w in words)
    whole = sum(n for w, n in at_x.items() if w and counts[w] > n)
    return whole * 2 < len(words)


def _word_at(line: Line, x: float, cut: float) -> str:
    """Return the word of ``line`` whose glyph starts at ``x``, from the space before it to the space after."""
    for seg in line.segments:
        n = next((i for i, (x0, _) in enumerate(seg.boxes) if abs(x0 - x) <= cut and seg.text[i : i + 1] != " "), None)
        if n is not None:
            start = seg.text.rfind(" ", 0, n) + 1
            end = seg.text.find(" ", n)
            return seg.text[start : end if end >= 0 else len(seg.text)]
    return ""


def _adds(known: tuple[float, ...], columns: tuple[float, ...], x0: float, slack: float) -> bool:
    """Return True when the ``known`` columns are ``columns`` and one more at ``x0``."""
    if len(known) != len(columns) + 1:
        return False
    return all(abs(a - b) <= slack for a, b in zip(known, sorted((*columns, x0)), strict=True))


def _starts_row(
    line: Line, columns: tuple[float, ...], right: float, heads: tuple[tuple[float, float], ...], slack: float
) -> bool:
    """Return True when ``line`` starts cells together at the table's columns: a row after generous
    cell padding, not text after the table (the gap alone cannot tell them apart).

    Two or more cells start at column starts, not all bold (a new table's header); any other segment
    goes on in the cell of the segment before it (the words of a justified line, spread wider than a
    segment gap: "Åben" "skole" in a narrow title column).
    """
    if len(line.segments) < 2 or line.bold:
        return False
    starts = 0
    before: int | None = None
    for seg in line.segments:
        col = _column_of(seg, columns, right, heads, slack)
        if any(abs(seg.x0 - start) <= slack for start in columns):
            starts += 1
        elif col is None or col != before:
            return False
        before = col
    return starts >= 2


def _spread_row(line: Line, columns: tuple[float, ...], settings: PdfSettings) -> bool:
    """Return True when ``line``, whose segments run across the columns, starts a row all the same: it starts
    at the first column, reaches past another, each segment starts at a column or in the column where the
    segment before it ends, and at every column start inside a segment a gap of at least ``segment_gap`` font
    sizes stands. A row whose cells are all justified full lines sets them the same gutter apart, and the
    justified line rule (``layout``: a run of equal gaps is one line) reads it as one segment, or as one
    after the first cell's words spread wide ("Sprog     på" | "En tværfaglig ..."); a paragraph under the
    table crosses the column starts in its words or at word spaces."""
    segs = line.segments
    if not segs or line.bold:
        return False
    slack = settings.column_slack
    if abs(segs[0].x0 - columns[0]) > slack or segs[-1].x1 <= (columns[1] if len(columns) > 1 else segs[-1].x1):
        return False
    for before, seg in itertools.pairwise(segs):
        at_start = any(abs(seg.x0 - start) <= slack for start in columns)
        if not at_start and _last_column_at(before.x1, columns, slack) != _last_column_at(seg.x0, columns, slack):
            return False
    crossed = 0
    for seg in segs:
        inside = [x for x in columns[1:] if seg.x0 + slack < x < seg.x1]
        least = settings.segment_gap * seg.size
        gaps = [(x0, x1) for ch, (x0, x1) in zip(seg.text, seg.boxes, strict=False) if ch == " " and x1 - x0 >= least]
        if not all(any(x0 <= x + slack and x - slack <= x1 for x0, x1 in gaps) for x in inside):
            return False
        crossed += len(inside)
    return crossed > 0


def _cut_line(line: Line, columns: tuple[float, ...], settings: PdfSettings) -> Line:
    """Return the line with every segment that starts at a column and runs across the next ones cut there.

    Cells without padding let two columns' texts touch; a segment that does
    not start at a column (a number right-aligned under its header) is left whole.
    """
    slack, cut_slack = settings.column_slack, settings.column_cut_slack
    line = _justified_overhang(line, columns, slack, cut_slack, settings.justified_gap_slack)
    out: list[Segment] = []
    for seg in line.segments:
        if seg.overprints or (
            not any(abs(seg.x0 - start) <= slack for start in columns) and not _justified_tail(seg, columns, slack)
        ):
            out.append(seg)
            continue
        for start in columns:
            if seg.x0 + slack < start < seg.x1:
                pieces = seg.split_at(start - cut_slack)
                if pieces is not None:
                    out.append(pieces[0])
                    seg = pieces[1]
        out.append(seg)
    return line if len(out) == len(line.segments) else replace(line, segments=tuple(out))


def _justified_overhang(
    line: Line, columns: tuple[float, ...], slack: float, cut_slack: float, gap_slack: float
) -> Line:
    """Return the line with a justified cell line's last word given back to its cell.

    A justified line in a cell without padding ends where the next column's
    text starts, so its last word runs into that text with no gap
    ("programmeringskurs" "er" "idenne kan"): the segment starts just
    before the column, and a glyph of it starts right at the column. Where
    the gap before the segment equals the gap before the word ahead of it
    (the even spaces of a justified line), the piece before the column is
    that line's last word.
    """
    segs = list(line.segments)
    changed = False
    for k in range(len(segs) - 1, 1, -1):
        seg = segs[k]
        start = next((c for c in columns if cut_slack < c - seg.x0 <= slack), None)
        if start is None:
            continue
        cut = next((i for i, (x0, _) in enumerate(seg.boxes) if abs(x0 - start) <= cut_slack), None)
        if not cut or " " in seg.text[:cut]:
            continue
        gaps = (seg.x0 - segs[k - 1].x1, segs[k - 1].x0 - segs[k - 2].x1)
        if abs(gaps[0] - gaps[1]) > gap_slack:
            continue
        pieces = seg.split_at(start - cut_slack)
        if pieces is None:
            continue
        segs[k - 1] = joined_segments([segs[k - 1], pieces[0]])
        segs[k] = pieces[1]
        changed = True
    return replace(line, segments=tuple(segs)) if changed else line


def _last_words_given_back(lines: list[Line], columns: tuple[float, ...], settings: PdfSettings) -> list[Line]:
    """Return the table's lines with a cell line's last word that ends where the next column starts given
    back to its cell.

    Cells without padding let a justified (or full) cell line end right at the next column's start. Its
    last word, when short ("i"), then starts within ``column_slack`` before that start and reads as the
    next column's text: as a segment of its own that ends at the column start ("ber" "i"), or run
    together with the next column's first word ("udvikling" "iuddannelsesforløb", a glyph starting right
    at the column). Where the column's text on the table's lines starts right at the column
    (``column_cut_slack``) more often than a little before it, a segment that starts before the column,
    after a segment of the column before, and whose word ends at the column start, is that cell's.
    """
    slack, cut_slack = settings.column_slack, settings.column_cut_slack
    spans = [(seg.x0, seg.x1) for line in lines for seg in line.segments]
    # a segment that ends right at the column start is a word in question, no evidence of where the column's
    # text starts (a table going on at a page's top may hold two lines, one of them "indgå" "i")
    exact = [
        index > 0
        and sum(abs(x0 - start) <= cut_slack for x0, _ in spans)
        > sum(cut_slack < start - x0 <= slack and abs(x1 - start) > cut_slack for x0, x1 in spans)
        for index, start in enumerate(columns)
    ]
    out: list[Line] = []
    for line in lines:
        segs = list(line.segments)
        changed = False
        k = 1
        while k < len(segs):
            seg, before = segs[k], segs[k - 1]
            index = next((i for i, c in enumerate(columns) if exact[i] and cut_slack < c - seg.x0 <= slack), None)
            if index is None or not columns[index - 1] - slack <= before.x0 < columns[index] - slack:
                k += 1
                continue
            start = columns[index]
            if seg.x1 <= start + cut_slack:
                piece, rest = seg, None
            else:
                glyph = next((i for i, (x0, _) in enumerate(seg.boxes) if abs(x0 - start) <= cut_slack), None)
                pieces = seg.split_at(start - cut_slack) if glyph and " " not in seg.text[:glyph] else None
                if pieces is None:
                    k += 1
                    continue
                piece, rest = pieces
            if abs(piece.x1 - start) > cut_slack:  # the word ends short of the column: no full cell line
                k += 1
                continue
            segs[k - 1] = joined_segments([before, piece])
            if rest is None:
                del segs[k]
            else:
                segs[k] = rest
            changed = True
        out.append(replace(line, segments=tuple(segs)) if changed else line)
    return out


def _table_size(table: PageTable) -> float:
    sizes = [seg.size for row in table.rows for cell in row.cells for seg in cell.lines]
    return max(set(sizes), key=sizes.count) if sizes else 0.0


def _lines_to_row_groups(
    lines: list[Line],
    columns: tuple[float, ...],
    heads: tuple[tuple[float, float], ...],
    right: float,
    settings: PdfSettings,
    header_lines: int = 0,
) -> list[list[Line]]:
    """Return the table's lines grouped into rows.

    The first ``header_lines`` repeat the table's header at the top of a
    page: the row after them starts, however close it stands (a cut title's
    rest, "rollemod" / "eller", under a repeated header in cells without
    padding).

    A row starts after a vertical gap wider than ``row_gap`` font sizes;
    and, where rows stand no further apart than lines (cells without
    padding or space after), where a column that already held text in the
    row starts again after a line without it, or where a column starts that
    had no text on the row's first line (cells start together at the top of
    their row: the title column's run starts a row), or where the bold
    header lines give way to a line that is not all bold, or where no
    column's text wraps onto the line: in every column holding text on both
    lines (or in the first and most of them), its first word would still
    have fitted on the line above, or its cell line above ended its
    justified paragraph (``_no_wrap``).
    """
    # The right text edge of a column: the furthest any of its lines reaches, but a word run on into the next
    # column (painted over its text)
    edges = [0.0] * len(columns)
    for line in lines:
        for seg in line.segments:
            col = _column_in_table(seg, columns, right, heads, settings.column_slack)
            if not seg.overprints:
                edges[col] = max(edges[col], seg.x1)
    justified = _justified_columns(lines, columns, right, heads, edges, settings)
    groups: list[list[Line]] = [[lines[0]]]
    seen = _columns_of(lines[0], columns, right, heads, settings.column_slack)
    first = above = seen
    header = lines[0].bold
    # Successive lines of one cell stand a line pitch apart: the usual distance between lines that share a column.
    # Two lines of no shared column that stand clearly closer than that stand side by side, cells set at different
    # line pitches (Chromium: a title cell's lines 13.5 points apart beside a description's 12.75): they
    # interleave, and neither starts a row.
    cols = [_columns_of(line, columns, right, heads, settings.column_slack) for line in lines]
    pitches = sorted(b.top - a.top for (a, ca), (b, cb) in itertools.pairwise(zip(lines, cols, strict=True)) if ca & cb)
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    interleaving = False  # the row holds lines side by side
    for index, (prev, line) in enumerate(itertools.pairwise(lines), start=1):
        here = cols[index]
        if not (here & above) and line.top - prev.top < settings.interleave_pitch * pitch:
            groups[-1].append(line)  # side by side with the line before: cells at different line pitches
            seen |= here
            above = here
            interleaving = True
            continue
        near = set(above)  # where lines interleave, every column held within a line pitch or so above
        back = index - 1
        while interleaving and back >= 0 and line.top - lines[back].top < settings.interleave_reach * pitch:
            near |= cols[back]
            back -= 1
        if (
            index == header_lines
            or line.top - prev.bottom > settings.row_gap * line.size
            or any(c in seen and c not in near for c in here)
            or not here <= first
            or (header and not line.bold)
            or _no_wrap(prev, line, columns, right, heads, edges, settings, None if header else justified)
            or (not header and _sentences_start_together(prev, line, columns, right, heads, settings))
        ):
            groups.append([line])
            seen = set()
            first = here
            header = line.bold
            interleaving = False
        else:
            groups[-1].append(line)
        seen |= here
        above = here
    return groups


#: A cell line ending so ends a sentence, a reference or a quoted title.
SENTENCE_END = re.compile(r"[.!?:)\"”]$")


def _sentences_start_together(
    prev: Line,
    line: Line,
    columns: tuple[float, ...],
    right: float,
    heads: tuple[tuple[float, float], ...],
    settings: PdfSettings,
) -> bool:
    """Return True when, in every column holding text on both lines (``sentence_columns`` or more, the first among
    them), the cell line on ``prev`` ends a sentence and the one on ``line`` starts one: cells that start together.

    Where rows stand no further apart than lines and each cell is full to its edge, no first word would have
    fitted above; but one cell wrapping right after a sentence's end in every column at once, the title's
    included, is not what text does ('rations cafe"' / "Projekt", "apparater (1)" / "Grundet",
    "frivillige." / "Alle").
    """
    slack = settings.column_slack
    # a cell line's end on the line above, its start on the line (a justified title's words are segments apart:
    # "på" "Faxe" starts lowercase)
    above = {_column_of(s, columns, right, heads, slack): s for s in prev.segments}
    below = {_column_of(s, columns, right, heads, slack): s for s in reversed(line.segments)}
    shared = [c for c in below if c is not None and c in above]
    if len(shared) < settings.sentence_columns or 0 not in shared:
        return False
    for c in shared:
        ending, start = above[c].text.rstrip()[-1:], below[c].text.lstrip()[:1]
        if not SENTENCE_END.search(ending) or not (start.isupper() or start.isdigit() or start in '"„“«('):
            return False
    return True


def _no_wrap(
    prev: Line,
    line: Line,
    columns: tuple[float, ...],
    right: float,
    heads: tuple[tuple[float, float], ...],
    edges: list[float],
    settings: PdfSettings,
    justified: list[bool] | None = None,
) -> bool:
    """Return True when the text on ``line`` is no wrapped rest of the text on ``prev``: cells start together.

    A column's text on ``line`` is no wrap when its first word would still
    have fitted after the column's text on ``prev``. That holds for every
    column holding text on both lines; or, where one cell's first word did
    not fit (a cell full to its edge, a new row's text or the rest of its
    own), for the first column (a row's key, one paragraph) and for more of
    the shared columns than not: several cells starting a new paragraph on
    one line at once start a row.

    In a ``justified`` column a line that is not its paragraph's last is
    spread to the column's edge: a line of two words or more that ends
    short of it (and not in a hyphen) by more than the next line's first
    letter ends its paragraph, whatever the next word's width (short by
    less, the producer broke a word that did not fit), unless the next line
    goes on mid-sentence in lowercase (reportlab leaves the line before a
    word it breaks on a line of its own unspread: "skaber i" / "indskoli"); a line of one word
    cannot be spread, so where the next word did not fit it tells nothing.
    The header's lines are left to the other signs.
    """
    above = {_column_of(s, columns, right, heads, settings.column_slack): s for s in prev.segments}
    words = _words_by_column(prev, columns, right, heads, settings.column_slack)
    fresh: list[int] = []  # columns whose text on ``line`` starts anew
    wrapped = 0  # columns whose text on ``line`` may be the rest of the line above
    looked: set[int | None] = set()
    for seg in line.segments:
        col = _column_of(seg, columns, right, heads, settings.column_slack)
        before = above.get(col)
        if before is None or col in looked:  # a column's first word on the line tells, not a word spread after it
            continue
        looked.add(col)
        fits = word_fits_after(before, seg, edges[col], settings)
        if justified and justified[col] and not before.text.endswith(tuple(hyphenation.HYPHENS)):
            goes_on = seg.text[:1].islower() and not SENTENCE_END.search(before.text)
            if words[col] >= 2 and edges[col] - before.x1 > seg.first_glyph_x1 - seg.x0 and not goes_on:
                fits = True  # a justified paragraph's last line: it ends short of the edge, by more than a letter
            elif words[col] == 1 and not fits:
                continue  # one word cannot be spread to the edge: no sign either way
        if fits:
            fresh.append(col)
        else:
            wrapped += 1  # the word did not fit: this line may go on with that cell
    if not wrapped:
        return bool(fresh)
    return 0 in fresh and len(fresh) > wrapped


def _words_by_column(
    line: Line, columns: tuple[float, ...], right: float, heads: tuple[tuple[float, float], ...], slack: float
) -> dict[int | None, int]:
    """Return how many words each column holds on the line."""
    out: dict[int | None, int] = {}
    for seg in line.segments:
        col = _column_of(seg, columns, right, heads, slack)
        out[col] = out.get(col, 0) + len(seg.text.split())
    return out


def _justified_columns(
    lines: list[Line],
    columns: tuple[float, ...],
    right: float,
    heads: tuple[tuple[float, float], ...],
    edges: list[float],
    settings: PdfSettings,
) -> list[bool]:
    """Return for each column whether its text is justified: at least ``column_min_rows`` of its lines of two
    words or more, and more than not, end at its right text edge (``column_cut_slack``)."""
    at = [0] * len(columns)
    short = [0] * len(columns)
    for line in lines:
        ends: dict[int, float] = {}
        for seg in line.segments:
            col = _column_in_table(seg, columns, right, heads, settings.column_slack)
            ends[col] = seg.x1
        for col, n in _words_by_column(line, columns, right, heads, settings.column_slack).items():
            if col is None or n < 2 or col not in ends:
                continue
            if abs(ends[col] - edges[col]) <= settings.column_cut_slack:
                at[col] += 1
            else:
                short[col] += 1
    return [a >= settings.column_min_rows and a > b for a, b in zip(at, short, strict=True)]


def word_fits_after(before: Segment, seg: Segment, edge: float, settings: PdfSettings = DEFAULT) -> bool:
    """Return True when the first word of ``seg`` would still have fitted after ``before`` on its line,
    in a column whose text reaches ``edge``: then ``seg`` is no wrapped rest of ``before``'s line."""
    space = settings.word_gap * seg.size * 2
    return before.x1 + space + (seg.first_word_x1 - seg.x0) <= edge - settings.fit_slack


def _columns_of(
    line: Line, columns: tuple[float, ...], right: float, heads: tuple[tuple[float, float], ...], slack: float
) -> set[int]:
    return {_column_of(seg, columns, right, heads, slack) for seg in line.segments}


def _lines_to_table(
    lines: list[Line],
    columns: tuple[float, ...],
    heads: tuple[tuple[float, float], ...],
    page_number: int,
    right: float,
    settings: PdfSettings,
    header_lines: int = 0,
) -> PageTable:
    groups = _lines_to_row_groups(lines, columns, heads, right, settings, header_lines)
    # The right text edge of a column: the furthest any of its lines reaches.
    edges = [0.0] * len(columns)
    for line in lines:
        for seg in line.segments:
            col = _column_in_table(seg, columns, right, heads, settings.column_slack)
            edges[col] = max(edges[col], seg.x1)
    rows: list[TableRow] = []
    for group in groups:
        per_column: list[list[Segment]] = [[] for _ in columns]
        for line in group:
            on_line: list[list[Segment]] = [[] for _ in columns]
            for seg in line.segments:
                on_line[_column_in_table(seg, columns, right, heads, settings.column_slack)].append(seg)
            for k, segs in enumerate(on_line):
                # Two segments of one line in one cell are words of one text line, a space apart (a justified
                # line of few words spreads them wider than a segment gap): one cell line, not two.
                if segs:
                    per_column[k].append(segs[0] if len(segs) == 1 else joined_segments(segs))
        limits = [*columns[1:], 0.0]  # the last column ends at the page margin, which is not known
        cells = tuple(Cell(tuple(segs), edges[k], limit=limits[k]) for k, segs in enumerate(per_column))
        segs = [s for line in group for s in line.segments]
        bbox = (
            min(s.x0 for s in segs),
            min(s.top for s in segs),
            max(s.x1 for s in segs),
            max(s.bottom for s in segs),
        )
        rows.append(TableRow(cells, bbox, page_number))
    return PageTable(columns, tuple(rows), page_number, ruled=False, heads=heads)


def _in_number(ch: str) -> bool:
    return ch.isdigit() or ch in ".,"


def _justified_tail(seg: Segment, columns: tuple[float, ...], slack: float) -> bool:
    """Return True for a segment that starts inside a column and runs on past the next column's start between
    other than a number's: the tail of a justified line (its word spaces stretched wider than a column gap)
    touching the next column's text ("skole" | "I samarbejde", cells without padding). A number right-aligned
    under the next column's header ("12.000.000") is no tail."""
    for start in columns:
        if seg.x0 + slack < start < seg.x1:
            cut = next((i for i, (x0, _) in enumerate(seg.boxes) if x0 >= start), None)
            if cut and not _in_number_word(seg.text, cut):
                return True
    return False


def _in_number_word(text: str, cut: int) -> bool:
    """Return True when the cut falls inside a word that is all a number ("12.000.000"), not between a word's
    letters and the next column's number ("F.eks." | "2024")."""
    start = text.rfind(" ", 0, cut) + 1
    end = text.find(" ", cut)
    word = text[start : end if end >= 0 else len(text)]
    return start < cut and all(_in_number(ch) for ch in word)
