"""Table rows: header recognition, continuation rows, artefacts, width."""

from __future__ import annotations

import pytest

from pipeline.errors import StructureError
from pipeline.model import Block, Position
from pipeline.tables import cells_to_header, is_artefact, rows_to_table


def row(line: int, *cells: str, continues: bool = False) -> Block:
    return Block(kind="row", pos=Position(line=line), cells=cells, continues=continues)


HEADER = row(1, "Projekt", "Beskrivelse", "Status 2021-2023", "2024", "2025")


def test_header_columns_are_recognised_by_name_not_position() -> None:
    header = cells_to_header(row(1, "Indsats", "2024", "Status 2021 – 2023", "Formål og indhold", "2025"))
    assert header is not None
    assert (header.title, header.description, header.status, header.status_period) == (0, 3, 2, "2021-2023")
    assert header.year_list == [2024, 2025]
    assert header.other == ()


def test_single_year_status_and_unknown_columns() -> None:
    header = cells_to_header(row(1, "Initiativ", "Beskrivelse", "Ansvarlig", "Status 2023", "2024"))
    assert (header.description, header.status_period, header.other) == (1, "2023", (2,))


@pytest.mark.parametrize(
    "cells",
    [
        ("Åben skole", "Beskrivelse af noget", "Status tekst", "2025", ""),  # a bare year in a data cell
        ("2024", "2025"),
        ("", "Status 2021-2023", "2024"),
        ("Projekt", "Beskrivelse", "Ansvar"),
    ],
)
def test_rows_that_are_not_headers(cells: tuple[str, ...]) -> None:
    assert cells_to_header(row(1, *cells)) is None


def test_continuation_rows_join_each_piece_to_its_cell_with_one_space() -> None:
    table = rows_to_table(
        (
            HEADER,
            row(2, "<b>Film</b>", "Beskr", "Det vurderes om efterspørgslen er ", "Fortsætter", ""),
            row(4, "", "", "der, og om der er et overlap.", "", ""),
            row(5, "Næste", "b", "c", "d", "e"),
        ),
        "t.txt",
    )
    assert [r.cells for r in table.records] == [
        ("<b>Film</b>", "Beskr", "Det vurderes om efterspørgslen er der, og om der er et overlap.", "Fortsætter", ""),
        ("Næste", "b", "c", "d", "e"),
    ]
    assert [[p.line for p in r.positions] for r in table.records] == [[2, 4], [5]]


def test_reader_marked_continuation_is_merged_even_with_a_first_cell() -> None:
    table = rows_to_table(
        (HEADER, row(2, "Lang titel der", "a", "b", "c", "d"), row(3, "fortsætter", "", "", "", "", continues=True)),
        "t.pdf",
    )
    assert [r.cells[0] for r in table.records] == ["Lang titel der fortsætter"]


def test_a_piece_the_reader_glued_goes_on_inside_the_word_above() -> None:
    piece = Block(
        kind="row",
        pos=Position(page=2),
        cells=("", "riale til skolerne", "", "", ""),
        continues=True,
        glue=(False, True, False, False, False),
    )
    table = rows_to_table((HEADER, row(2, "Titel", "Nyt undervisningsmate", "a", "b", "c"), piece), "t.pdf")
    assert table.records[0].cells[:2] == ("Titel", "Nyt undervisningsmateriale til skolerne")


def test_artefact_rows_and_repeated_headers_are_dropped() -> None:
    assert is_artefact(row(9, "--", "--", "--------------------------------", "--", "--"))
    assert is_artefact(row(9, ":---", "|", " ", "===", "—"))
    assert not is_artefact(row(9, "--", "x"))
    table = rows_to_table(
        (HEADER, row(2, "A", "a", "a", "a", "a"), row(3, "--", "--", "---"), HEADER, row(5, "B", "b", "b", "b", "b")),
        "t.txt",
    )
    assert [r.cells[0] for r in table.records] == ["A", "B"]


def test_short_rows_are_padded_and_extra_text_is_kept() -> None:
    table = rows_to_table((HEADER, row(2, "A", "a"), row(3, "B", "b", "c", "d", "e", "", "overskud")), "t.txt")
    assert table.records[0].cells == ("A", "a", "", "", "")
    assert table.records[1].extra == ("overskud",)


def test_a_row_before_any_header_is_refused_with_its_line() -> None:
    with pytest.raises(StructureError, match=r"^t\.txt: line 7: table row before any header row$"):
        rows_to_table((row(7, "A", "b"),), "t.txt")


def test_rows_without_their_own_header_use_the_previous_tables_header() -> None:
    header = rows_to_table((HEADER,), "t.txt").header
    table = rows_to_table((row(8, "A", "a", "s", "x", "y"),), "t.txt", previous=header)
    assert table.header is header and table.records[0].cells[0] == "A"
