"""Normalising text, references, ids; the plan dict's document-level fields."""

from __future__ import annotations

import pytest

from pipeline.normalise import split_refs
from pipeline.run import bytes_to_plan
from pipeline.text import clean, fold, slugify
from tests.conftest import HEADER, plan_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vil vi arrangere spilaftener (1) (3)", ("vil vi arrangere spilaftener", [1, 3])),
        ("ældste klasser.(3)", ("ældste klasser.", [3])),
        ("a (3)(1)", ("a", [1, 3])),
        ("a (1, 3) b", ("a b", [1, 3])),
        ("a (2) (2)", ("a", [2])),
        ("Åbnet i (2023) som planlagt", ("Åbnet i (2023) som planlagt", [])),
        ("for aldersgruppen (65+) og (se bilag)", ("for aldersgruppen (65+) og (se bilag)", [])),
        ("markeret med ().", ("markeret med ().", [])),
        ("", ("", [])),
    ],
)
def test_split_refs(text: str, expected: tuple[str, list[int]]) -> None:
    assert split_refs(text) == expected


def test_clean_strips_markup_and_collapses_whitespace_but_keeps_quotes_and_dashes() -> None:
    assert clean("<b>Projekt ”Drift”</b>\u00a0 –  <b>nu</b> &amp; <i class='x'>da</i> ") == "Projekt ”Drift” – nu & da"
    # Markdown emphasis is the text reader's markup (it hands on <b>); in other formats it is text.
    assert clean("__init__ og **nu**") == "__init__ og **nu**"
    assert clean("a < b and c > d") == "a < b and c > d"


def test_fold_and_slugify() -> None:
    assert fold("<b>Projekt “Dit  digitale”</b> – Servicetjek") == fold('projekt "dit digitale" - servicetjek')
    assert slugify("Åben skole tilbud") == "aaben-skole-tilbud"
    assert slugify("Støttet af Slots- og Kulturstyrelsen: Når børn læser", 30) == "stoettet-af-slots-og"
    assert slugify("<b></b>") == "untitled"


def plan_of(text: str) -> dict:
    return bytes_to_plan(text.encode(), "t.txt")


PILLAR = (
    "## Kultur for alle\n\n1. SKABER vi noget.\n2. tilbyder vi mere.\n\n"
    f"{HEADER}\n<b>Åben skole</b>\tVi udvikler (1) (2)\tI gang\tFortsætter\t"
)


def test_document_fields_come_from_title_and_header() -> None:
    plan = plan_of(plan_text(PILLAR))
    assert plan["id"] == "handleplan-for-testby-bibliotek-2022-2026"
    assert plan["organisation"] == "Testby Bibliotek"
    assert plan["period"] == {"start": 2022, "end": 2026}
    assert plan["revision"] == {"label": "2024", "status_period": "2022-2024", "years": [2025, 2026]}
    (pillar,) = plan["pillars"]
    assert [(o["id"], o["keyword"]) for o in pillar["objectives"]] == [("p1-o1", "SKABER"), ("p1-o2", None)]
    (project,) = pillar["projects"]
    assert project == {
        "id": "p1-aaben-skole",
        "title": "Åben skole",
        "description": "Vi udvikler",
        "objective_refs": [1, 2],
        "status": {"period": "2022-2024", "text": "I gang"},
        "plans": {"2025": "Fortsætter", "2026": None},
        "source": {"line": 9},
    }


def test_period_falls_back_to_the_header_years_and_organisation_to_none() -> None:
    plan = plan_of(plan_text(PILLAR, title="# Bibliotekets plan"))
    assert plan["period"] == {"start": 2022, "end": 2026}
    assert plan["organisation"] is None


def test_duplicate_titles_get_distinct_ids() -> None:
    pillar = PILLAR + "\nÅben  skole\tIgen\ta\tb\tc"
    projects = plan_of(plan_text(pillar))["pillars"][0]["projects"]
    assert [p["id"] for p in projects] == ["p1-aaben-skole", "p1-aaben-skole-2"]


def test_unknown_columns_and_extra_cells_keep_their_text() -> None:
    pillar = (
        "## Kultur for alle\n\n1. SKABER vi noget.\n\n"
        "Projekt\tBeskrivelse\tAnsvarlig\tStatus 2023\t2024\n"
        "A\tb\tBo\tc\td\tløst ord\n"
    )
    plan = plan_of(plan_text(pillar))
    (project,) = plan["pillars"][0]["projects"]
    assert project["other"] == {"Ansvarlig": "Bo"}
    assert project["extra_cells"] == ["løst ord"]
    assert [(w["code"], w["pointer"]) for w in plan["warnings"]] == [
        ("row-too-many-cells", "/pillars/0/projects/0/extra_cells")
    ]


def test_extra_columns_under_one_header_or_none_are_all_kept() -> None:
    pillar = (
        "## Kultur for alle\n\n1. SKABER vi noget.\n\n"
        "| Projekt | Beskrivelse | Bemærkning | Bemærkning | | Status 2023 | 2024 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| A | b | første | anden | tredje | c | d |\n"
    )
    more = "\n## Lyst til læsning\n\n1. LÆSER vi.\n\n| B | e | f | g | h | i | j |\n"
    plan = plan_of(plan_text(pillar + more))
    first, second = (p["projects"][0] for p in plan["pillars"])
    assert first["other"] == {"Bemærkning": "første", "Bemærkning (2)": "anden", "kolonne 5": "tredje"}
    assert second["other"] == {"Bemærkning": "f", "Bemærkning (2)": "g", "kolonne 5": "h"}
    # one warning of each kind for the header, not one per pillar that reads its table under it
    assert [(w["code"], w["pointer"], w["source"]) for w in plan["warnings"]] == [
        ("duplicate-column-header", "/pillars/0/table", {"line": 7}),
        ("column-without-header", "/pillars/0/table", {"line": 7}),
    ]
    assert "'Bemærkning (2)'" in plan["warnings"][0]["message"]
    assert "'kolonne 5'" in plan["warnings"][1]["message"]


def test_an_empty_header_column_with_no_text_adds_nothing() -> None:
    pillar = (
        "## Kultur for alle\n\n1. SKABER vi noget.\n\n"
        "| Projekt | Beskrivelse | | Status 2023 | 2024 |\n|---|---|---|---|---|\n| A | b | | c | d |\n"
    )
    plan = plan_of(plan_text(pillar))
    assert "other" not in plan["pillars"][0]["projects"][0]
    assert plan["warnings"] == []
