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
        ("Projekt i Haslev", "Beskrivelse", "Ansvar"),
    ],
)
def test_rows_that_are_not_headers(cells: tuple[str, ...]) -> None:
    assert cells_to_header(row(1, *cells)) is None


def test_a_title_word_makes_a_header_without_status_or_year_columns() -> None:
    # Issue 11: a plan may have no status column; the title word "Projekt" names the header.
    header = cells_to_header(row(1, "Projekt", "Beskrivelse", "Ansvar"))
    assert (header.description, header.status, header.years, header.other) == (1, None, (), (2,))


@pytest.mark.parametrize(
    ("cells", "status_period", "years", "description", "other"),
    [
        (("Aktivitet", "Formål", "Status pr. 2024", "Plan 2025"), "2024", [2025], 1, ()),
        (("TILTAG", "MÅL", "STATUS ULTIMO 2024", "FORVENTET 2026"), "2024", [2026], 1, ()),
        (("Initiativ", "Mål", "Status", "Mål for 2025", "Mål for 2026"), None, [2025, 2026], 1, ()),
        (("Project", "Ansvarlig", "Description", "2025", "Økonomi"), None, [2025], 2, (1, 4)),
        (("Indsats", "Indhold", "Tidsplan", "Succeskriterier", "2025"), None, [2025], 1, (2, 3)),
    ],
)
def test_header_vocabulary_and_extra_columns(
    cells: tuple[str, ...], status_period: str | None, years: list[int], description: int, other: tuple[int, ...]
) -> None:
    header = cells_to_header(row(1, *cells))
    assert header is not None
    assert (header.status_period, header.year_list, header.description, header.other) == (
        status_period,
        years,
        description,
        other,
    )


def test_a_header_without_a_title_word_in_the_other_status_and_year_forms() -> None:
    header = cells_to_header(row(1, "Navn", "Beskrivelse", "Status pr. 2024", "Plan 2025", "Mål for 2026"))
    assert (header.description, header.status_period, header.year_list) == (1, "2024", [2025, 2026])
    assert cells_to_header(row(1, "Navn", "Beskrivelse", "Status", "2025")).status_period is None


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


def test_a_full_stop_the_reader_saw_go_on_from_the_row_above_is_text_not_an_artefact() -> None:
    """LibreOffice, seed 178: a title's last line "fritidsordning" fills the cell, and its "." wraps onto the next
    page, a row of its own that the reader marks as going on, glued to the word above."""
    stop = Block(
        kind="row", pos=Position(page=6), cells=(".", "", "", "", ""), continues=True, glue=(True,) + (False,) * 4
    )
    assert not is_artefact(stop)
    table = rows_to_table((HEADER, row(2, "i indskolingens fritidsordning", "a", "b", "", ""), stop), "t.pdf")
    assert table.records[0].cells[0] == "i indskolingens fritidsordning."
    assert len(table.records) == 1


def test_short_rows_are_padded_and_extra_text_is_kept() -> None:
    table = rows_to_table((HEADER, row(2, "A", "a"), row(3, "B", "b", "c", "d", "e", "", "overskud")), "t.txt")
    assert table.records[0].cells == ("A", "a", "", "", "")
    assert table.records[1].extra == ("overskud",)


def test_an_unrecognised_header_is_refused_with_its_line_cells_and_the_profile() -> None:
    with pytest.raises(StructureError) as caught:
        rows_to_table((row(7, "Hvad", "Hvordan"), row(8, "A", "b")), "t.txt")
    assert str(caught.value) == (
        "t.txt: line 7: table header not recognised: ['Hvad', 'Hvordan']; name its columns in [profile] "
        "columns of planpipe.toml (planpipe extract --explain shows what was read)"
    )


def test_rows_without_their_own_header_use_the_previous_tables_header() -> None:
    header = rows_to_table((HEADER,), "t.txt").header
    table = rows_to_table((row(8, "A", "a", "s", "x", "y"),), "t.txt", previous=header)
    assert table.header is header and table.records[0].cells[0] == "A"
