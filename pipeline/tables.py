"""Tables: header recognition, continuation rows merged, artefact rows dropped.

A page break in the source splits a table row in two; the second half comes
back as a row whose first cell is empty (or a row the reader marked
``continues``). Its pieces are joined to the cells of the row above with one
space, or none where the reader saw a word go on (``Block.glue``). Rows the
author separated are never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import StructureError
from pipeline.model import Block, Position, warning
from pipeline.settings import DEFAULT, Settings
from pipeline.text import clean

_ARTEFACT = re.compile(r"^[\s\-–—_=:|+.]*$")


@dataclass(frozen=True)
class Header:
    """The recognised columns of a project table, by cell index."""

    cells: tuple[str, ...]
    title: int
    description: int | None
    status: int | None
    status_period: str | None
    years: tuple[tuple[int, int], ...]  # (year, column index)
    other: tuple[int, ...]
    pos: Position
    #: For each cell, the rule that read it (``extract --explain``).
    rules: tuple[str, ...] = ()

    @property
    def year_list(self) -> list[int]:
        """Return the plan years in column order."""
        return [year for year, _ in self.years]

    @property
    def other_keys(self) -> dict[int, str]:
        """Return each extra column's key in ``other``: its header, made unique.

        Two extra columns under one header ("Bemærkning", "Bemærkning") are
        both kept, the second as "Bemærkning (2)"; a column with no header is
        "kolonne N", counting columns from 1.
        """
        keys: dict[int, str] = {}
        taken: set[str] = set()
        for col in self.other:
            base = " ".join(self.cells[col].split()) or f"kolonne {col + 1}"
            key, n = base, 1
            while key in taken:
                n += 1
                key = f"{base} ({n})"
            taken.add(key)
            keys[col] = key
        return keys

    def other_values(self, cells: tuple[str, ...]) -> dict[str, str | None]:
        """Return a row's ``other``: each extra column's cleaned text under its key.

        A column whose header is empty appears only where the row has text in it.
        """
        values: dict[str, str | None] = {}
        for col, key in self.other_keys.items():
            text = clean(cells[col]) if col < len(cells) else ""
            if text or self.cells[col].strip():
                values[key] = text or None
        return values


@dataclass(frozen=True)
class Record:
    """One project row after merging: its cells and the positions of its pieces."""

    cells: tuple[str, ...]
    positions: tuple[Position, ...]
    extra: tuple[str, ...] = ()
    #: The header the record was read under, when a new one was met in the middle of its table.
    header: Header | None = None


@dataclass(frozen=True)
class Table:
    """One pillar's table: its header and merged records."""

    header: Header
    records: tuple[Record, ...]
    #: Warning records (``pipeline.model.warning``) about the table's rows, e.g. header text not kept.
    warnings: tuple[dict, ...] = ()


def is_artefact(block: Block) -> bool:
    """Return True for a row that carries no text: rules, dashes, pipe-table separators. A row the reader saw
    go on from the row above (``Block.continues``) is that row's text, however little: the full stop of a
    title that LibreOffice wrapped onto the next page ("fritidsordning" | ".")."""
    return not block.continues and all(_ARTEFACT.match(clean(cell)) for cell in block.cells)


def cells_to_header(block: Block, settings: Settings = DEFAULT) -> Header | None:
    """Given a row, return its Header if it is a project table header, else None.

    A row led by a title word (``settings.title_headers``: "Projekt",
    "Aktivitet", "Project"...) or holding a header the profile maps is a
    header, and each of its columns is read by the first rule that fits: the
    profile's mapping; a status word (with a year, a period or neither); one
    plan year ("2025", "Plan 2025", "Mål for 2025"); a description word; else
    an extra column, kept in ``other`` under its header. Any other row is a
    header only in the strict form "<name> | Beskrivelse | Status 2021-2023 | 2024".
    """
    cells = tuple(clean(c) for c in block.cells)
    if not cells:
        return None
    mapped = [settings.column_field(c) if c else None for c in cells]
    if any(mapped) or (cells[0] and cells[0].casefold() in settings.title_headers):
        return _named_header(cells, mapped, block, settings)
    if not cells[0] or settings.year_re.match(cells[0]):
        return None
    status = status_period = description = None
    years: list[tuple[int, int]] = []
    other: list[int] = []
    unnamed: list[int] = []  # columns with an empty header: their text is kept in ``other``
    for index, cell in enumerate(cells[1:], start=1):
        if not cell:
            unnamed.append(index)
            continue
        status_match = settings.status_re.match(cell)
        year_match = settings.year_re.match(cell)
        if status_match and status is None:
            status = index
            start, end = status_match.group("start"), status_match.group("end")
            status_period = f"{start}-{end}" if start and end else start
        elif year_match:
            years.append((int(year_match.group("year")), index))
        elif description is None and cell.casefold() in settings.description_headers:
            description = index
        else:
            other.append(index)
    recognised = (status is not None) + len(years) + (description is not None)
    # A data row may hold a bare year ("2025") in a cell; a header is mostly column names.
    if (status is None and not years) or len(other) >= recognised:
        return None
    rules = ["title: the first column"] + [""] * (len(cells) - 1)
    if description is None and other:
        description = other.pop(0)  # the first column with no known name describes the project
        rules[description] = "description: the first column with no known name"
    for year, index in years:
        rules[index] = f"year {year}: a plan-year header (year_header)"
    if status is not None:
        rules[status] = "status: status_header"
    for index in other:
        rules[index] = "other: no rule names it"
    for index in unnamed:
        rules[index] = "other: an empty header, kept in other as 'kolonne N'"
    other = sorted(other + unnamed)
    if description is not None and not rules[description]:
        rules[description] = "description: a description word (description_headers)"
    return Header(cells, 0, description, status, status_period, tuple(years), tuple(other), block.pos, tuple(rules))


def _named_header(cells: tuple[str, ...], mapped: list[str | None], block: Block, settings: Settings) -> Header:
    """Return the Header of a row known to be one (a title word or a profile's mapping)."""
    title = mapped.index("title") if "title" in mapped else 0
    rules = [""] * len(cells)
    rules[title] = "title: [profile] columns" if mapped[title] == "title" else "title: a title word (title_headers)"
    status = status_period = description = None
    years: list[tuple[int, int]] = []
    other: list[int] = []
    unnamed_cols: list[int] = []
    status_words = tuple(w.casefold() for w in settings.status_words)
    for index, cell in enumerate(cells):
        if index == title:
            continue
        if not cell:
            unnamed_cols.append(index)
            rules[index] = "other: an empty header, kept in other as 'kolonne N'"
            continue
        field = mapped[index]
        found_years = settings.plan_year_re.findall(cell)
        words = set(re.findall(r"\w+", cell.casefold()))
        if field == "status" or (field is None and status is None and words & set(status_words)):
            if status is not None:
                other.append(index)
                rules[index] = "other: a second status column"
                continue
            status = index
            status_period = "-".join(found_years[:2]) if found_years else None
            how = "[profile] columns" if field else "a status word (status_words)"
            rules[index] = f"status: {how}, period {status_period or 'none'}"
        elif field == "description" and description is None:
            description = index
            rules[index] = "description: [profile] columns"
        elif field == "other" or field == "description":
            other.append(index)
            rules[index] = "other: [profile] columns"
        elif len(found_years) == 1:
            years.append((int(found_years[0]), index))
            rules[index] = f"year {found_years[0]}: the one plan year in the header"
        elif description is None and cell.casefold() in settings.description_headers:
            description = index
            rules[index] = "description: a description word (description_headers)"
        else:
            other.append(index)
            rules[index] = "other: an extra column, kept in other under its header"
    if description is None:
        unnamed = [i for i in other if not mapped[i]]
        if unnamed:
            description = unnamed[0]  # the first column with no known name describes the project
            other.remove(description)
            rules[description] = "description: the first column with no known name"
    other = sorted(other + unnamed_cols)
    return Header(cells, title, description, status, status_period, tuple(years), tuple(other), block.pos, tuple(rules))


def rows_to_table(
    rows: tuple[Block, ...], name: str, previous: Header | None = None, settings: Settings = DEFAULT
) -> Table | None:
    """Given the rows under one pillar, return its Table (None when there are no rows).

    Rows before this pillar's header row use ``previous`` (the header of the
    table before, as when a table runs on under a new heading); with no
    header at all, or when the markup marks this pillar's first row as its
    header (a pipe-table separator under it) but no rule reads it, the
    document is refused naming that row. In the middle of a table a row is
    a new header only when every cell is a column name (``_all_header_words``);
    a repeat of the header in force is dropped; anything else is a project.
    Each record keeps the header it was read under.
    """
    if not rows:
        return None
    header = previous
    records: list[Record] = []
    warnings: list[dict] = []
    seen_own_header = False
    rows = tuple(row for row in rows if not is_artefact(row) or _is_separator(row))
    for at, row in enumerate(rows):
        if is_artefact(row):
            continue
        found = cells_to_header(row, settings)
        mid_table = header is not None and (seen_own_header or bool(records))
        if found is not None and mid_table and header is not None:
            if found.cells == header.cells:
                continue  # a header repeated at the top of a new page: an artefact, nothing lost
            if not _all_header_words(found, header, settings):
                found = None  # it only looks like a header ("B | c | Status 2023 | 2024"): a data row
        if found is not None:
            lost = _text_not_kept(found, settings)
            if lost:
                warnings.append(
                    warning(
                        "header-text-dropped",
                        f"header row {list(found.cells)}: {lost} is a column name, not kept in the plan",
                        "",
                        row.pos,
                    )
                )
            header = found
            seen_own_header = True
            continue
        if header is not None and not seen_own_header and not records and _marked_header(rows, at):
            header = None  # this pillar's own header (the markup says so) was not recognised: refuse below
        if header is None:
            cells = [clean(c) for c in row.cells]
            raise StructureError(
                name,
                f"{row.pos.where()}: table header not recognised: {cells}; name its columns in [profile] "
                "columns of planpipe.toml (planpipe extract --explain shows what was read)",
            )
        width = len(header.cells)
        cells = _pad(tuple(row.cells[:width]), width)
        extra = tuple(c for c in row.cells[width:] if clean(c))
        is_continuation = row.continues or not clean(cells[header.title])
        if is_continuation and records:
            last = records[-1]
            size = max(len(last.cells), len(cells))  # a header between the pieces may change the width
            olds, news = _pad(last.cells, size), _pad(cells, size)
            glue = row.glue + (False,) * (size - len(row.glue))
            merged = tuple(_join(old, new, g) for old, new, g in zip(olds, news, glue[:size], strict=True))
            records[-1] = Record(merged, (*last.positions, row.pos), last.extra + extra, last.header)
        else:
            records.append(Record(cells, (row.pos,), extra, header))
    if header is None:  # only artefact rows
        return None
    last = header
    records = [r if r.header is not last else Record(r.cells, r.positions, r.extra) for r in records]
    return Table(header, tuple(records), tuple(warnings))


_SEPARATOR = re.compile(r"^\s*:?-{3,}:?\s*$")


def _is_separator(row: Block) -> bool:
    """Return True for a pipe table's header separator (``|---|:--:|``): it marks the row above as a header."""
    cells = [clean(c) for c in row.cells]
    return bool(cells) and all(_SEPARATOR.match(c) for c in cells if c) and any(cells)


def _marked_header(rows: tuple[Block, ...], at: int) -> bool:
    """Return True when the markup makes ``rows[at]`` a header: a pipe-table separator follows it."""
    return at + 1 < len(rows) and _is_separator(rows[at + 1])


def _header_word(cell: str, settings: Settings) -> bool:
    """Return True for a cell that is a column name by the vocabularies alone."""
    folded = cell.casefold()
    return bool(
        folded in settings.title_headers
        or folded in settings.description_headers
        or folded in settings.extra_headers
        or settings.column_field(cell)
        or settings.status_re.match(cell)
        or settings.year_re.match(cell)
    )


def _all_header_words(found: Header, header: Header, settings: Settings) -> bool:
    """Return True when every cell of a row met mid-table is a column name: a real new header.

    A cell counts when a vocabulary names it (title, description, extra column,
    status, plan year, the profile's mapping) or the header in force has it.
    An empty cell does not: a header names every column, while a project
    called "Projekter" whose description is "Beskrivelse" and whose other
    cells are empty is a project.
    """
    known = {c.casefold() for c in header.cells if c}
    return all(clean(c) and (_header_word(c, settings) or c.casefold() in known) for c in found.cells)


def _text_not_kept(found: Header, settings: Settings) -> str:
    """Return the header text the plan keeps nowhere (not a column name by any vocabulary), quoted, or ''."""
    kept = set(found.other)  # extra columns' names are the keys of ``other``
    lost = [c for i, c in enumerate(found.cells) if c and i not in kept and not _header_word(c, settings)]
    return ", ".join(repr(c) for c in lost)


def _pad(cells: tuple[str, ...], size: int) -> tuple[str, ...]:
    return cells + ("",) * (size - len(cells))


def _join(old: str, new: str, glue: bool = False) -> str:
    new = new.strip()
    if not new:
        return old
    old = old.rstrip()
    if glue:  # the reader saw the piece go on inside a word (Block.glue)
        return old + new
    return f"{old} {new}" if old else new
