"""Segmenting blocks into title, intro, pillars; pillar numbering and its warnings."""

from __future__ import annotations

import pytest

from pipeline.errors import StructureError
from pipeline.read import read_bytes
from pipeline.segment import document_to_sections
from tests.conftest import HEADER, plan_text


def sections_of(text: str):
    return document_to_sections(read_bytes(text.encode(), "t.txt"))


PILLAR_A = f"## Kultur for alle\n\n1. SKABER vi noget.\n\n{HEADER}\n<b>Ét</b>\tBeskr (1)\tStatus\tA\tB"
PILLAR_B = f"## Læring hele livet\n\n1. TILBYDER vi noget.\n\n{HEADER}\nTo\tBeskr (1)\tStatus\tA\tB"


def test_heading_without_content_is_not_a_pillar_and_levels_do_not_matter() -> None:
    text = plan_text("## Handleplan 2023-2025", PILLAR_A.replace("## ", "### "), PILLAR_B)
    sections = sections_of(text)
    assert sections.title.text == "Handleplan for Testby Bibliotek 2022-2026"
    assert [h.text for h in sections.headings] == ["Handleplan 2023-2025"]
    assert [(p.number, p.title) for p in sections.pillars] == [(1, "Kultur for alle"), (2, "Læring hele livet")]
    assert sections.warnings == ()


def test_numbers_follow_the_intro_list_and_a_disagreement_is_a_warning() -> None:
    intro = "Pejlemærkerne:\n\n1. Læring hele livet\n2. Kultur for alle"
    sections = sections_of(plan_text(PILLAR_A, PILLAR_B, intro=intro))
    assert [(p.number, p.title) for p in sections.pillars] == [(2, "Kultur for alle"), (1, "Læring hele livet")]
    assert [(w["code"], w["pointer"]) for w in sections.warnings] == [
        ("pillar-number-mismatch", "/pillars/0/number"),
        ("pillar-number-mismatch", "/pillars/1/number"),
    ]


def test_pillar_missing_from_the_intro_list_is_a_warning() -> None:
    intro = "1. Kultur for alle\n2. Noget andet"
    sections = sections_of(plan_text(PILLAR_A, PILLAR_B, intro=intro))
    assert [p.number for p in sections.pillars] == [1, 2]
    assert [(w["code"], w["pointer"]) for w in sections.warnings] == [("pillar-not-in-intro", "/pillars/1")]


def test_numbered_pillar_headings() -> None:
    text = plan_text(
        PILLAR_A.replace("## Kultur for alle", "## Pejlemærke 2 - Kultur for alle"),
        PILLAR_B.replace("## Læring hele livet", "## Pejlemærke 1: Læring hele livet"),
    )
    assert [(p.number, p.title) for p in sections_of(text).pillars] == [
        (2, "Kultur for alle"),
        (1, "Læring hele livet"),
    ]


def test_pillar_named_in_the_intro_is_a_pillar_even_when_empty() -> None:
    intro = "1. Kultur for alle\n2. Tom søjle"
    sections = sections_of(plan_text(PILLAR_A, "## Tom søjle\n\nIntet her endnu.", intro=intro))
    assert [(p.title, len(p.rows), [n.text for n in p.notes]) for p in sections.pillars] == [
        ("Kultur for alle", 2, []),
        ("Tom søjle", 0, ["Intet her endnu."]),
    ]


def test_text_under_a_trailing_non_pillar_heading_is_kept_as_notes() -> None:
    sections = sections_of(plan_text(PILLAR_A, "## Bilag\n\nSe også politikken."))
    assert [h.text for h in sections.headings] == ["Bilag"]
    assert [n.text for n in sections.notes] == ["Se også politikken."]


def test_no_table_and_no_pillar_is_refused() -> None:
    with pytest.raises(StructureError, match=r"^t\.txt: line 1: no pillar and no project table found"):
        sections_of("# Bare en titel\n\nOg et afsnit.\n")


def test_table_without_any_heading_is_refused() -> None:
    with pytest.raises(StructureError, match="no pillar heading found"):
        sections_of(f"Intro\n\n{HEADER}\nA\tB\tC\tD\tE\n")
