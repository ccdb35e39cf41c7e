"""Tables lose no text: header look-alikes mid-table, repeated headers, a later pillar's own header."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from pipeline.errors import StructureError
from pipeline.run import bytes_to_plan

HEAD = "# Handleplan for Nordby Bibliotek 2023-2024\n\n## Pejlemærke 1 - Læsning\n\n1. SKABER vi læselyst.\n\n"
TABLE = "Projekt\tBeskrivelse\tStatus 2023\t2024\n"


def plan_of(text: str) -> dict:
    return bytes_to_plan(text.encode("utf-8"), "plan.txt")


def rows(plan: dict) -> list[tuple]:
    return [
        (p["title"], p["description"], p["status"]["text"] if p.get("status") else None, p["plans"])
        for pillar in plan["pillars"]
        for p in pillar["projects"]
    ]


def test_a_data_row_that_looks_like_a_header_mid_table_is_a_data_row() -> None:
    plan = plan_of(HEAD + TABLE + "A\ta (1)\tI gang\tMere\nB\tc\tStatus 2023\t2024\n")
    assert rows(plan) == [("A", "a", "I gang", {"2024": "Mere"}), ("B", "c", "Status 2023", {"2024": "2024"})]


def test_a_project_named_with_header_words_and_empty_cells_is_a_project() -> None:
    # Found by the structured .docx fuzzer: "Projekter" described "beskrivelse", status and plan empty.
    plan = plan_of(HEAD + TABLE + "Projekter\tbeskrivelse\t\t\nA\ta (1)\tI gang\tMere\n")
    assert rows(plan) == [("Projekter", "beskrivelse", None, {"2024": None}), ("A", "a", "I gang", {"2024": "Mere"})]


def test_a_repeated_header_is_dropped_and_a_real_new_header_is_taken() -> None:
    text = HEAD + TABLE + "A\ta (1)\tI gang\tMere\n" + TABLE + "B\tb (1)\tGodt\tVidere\n"
    text += "Aktivitet\tFormål\tAnsvarlig\tStatus 2023\t2024\nC\tc (1)\tBiblioteket\tNyt\tSlut\n"
    plan = plan_of(text)
    assert rows(plan) == [
        ("A", "a", "I gang", {"2024": "Mere"}),
        ("B", "b", "Godt", {"2024": "Videre"}),
        ("C", "c", "Nyt", {"2024": "Slut"}),
    ]
    assert plan["pillars"][0]["projects"][2]["other"] == {"Ansvarlig": "Biblioteket"}
    assert "header-text-dropped" not in [w["code"] for w in plan["warnings"]]


def test_a_header_whose_column_names_are_not_kept_warns() -> None:
    plan = plan_of(HEAD + "Navn\tBeskrivelse\tStatus 2023\t2024\nA\ta (1)\tI gang\tMere\n")
    warning = next(w for w in plan["warnings"] if w["code"] == "header-text-dropped")
    assert (warning["pointer"], warning["source"], "'Navn'" in warning["message"]) == (
        "/pillars/0/table",
        {"line": 7},
        True,
    )


def test_a_later_pillars_own_unrecognised_header_is_refused() -> None:
    text = (
        HEAD + "| Projekt | Beskrivelse | Status 2023 | 2024 |\n|---|---|---|---|\n| A | a (1) | I gang | Mere |\n\n"
        "## Pejlemærke 2 - Sprog\n\n1. STYRKER vi sproget.\n\n"
        "| Hvad | Hvordan | Fremdrift | Næste år |\n|---|---|---|---|\n| B | b (1) | Godt | Videre |\n"
    )
    with pytest.raises(StructureError) as caught:
        plan_of(text)
    assert str(caught.value).startswith(
        "plan.txt: line 15: table header not recognised: ['Hvad', 'Hvordan', 'Fremdrift', 'Næste år']; "
    )


def test_a_table_running_on_under_the_next_pillar_still_uses_the_header_before() -> None:
    text = (
        HEAD + TABLE + "A\ta (1)\tI gang\tMere\n\n## Pejlemærke 2 - Sprog\n\n1. STYRKER vi.\n\nB\tb (1)\tGodt\tVidere\n"
    )
    assert rows(plan_of(text))[1] == ("B", "b", "Godt", {"2024": "Videre"})


WORDS = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=3, max_size=6).map(lambda w: f"q{w}")
HEADER_LIKE = st.sampled_from(["Status 2023", "2024", "Beskrivelse", "Projekt", "Ansvarlig", "Plan 2024", ""])


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(WORDS, WORDS, st.one_of(WORDS, HEADER_LIKE), st.one_of(WORDS, HEADER_LIKE)), max_size=8))
def test_every_word_of_the_table_cells_reaches_the_plan_exactly_once(table: list[tuple[str, ...]]) -> None:
    body = "".join(f"{a}\t{b} (1)\t{c}\t{d}\n" for a, b, c, d in table)
    plan = plan_of(HEAD + TABLE + body)
    written = Counter(w for row in table for cell in row for w in cell.split() if w.startswith("q"))
    projects = json.dumps([p for pillar in plan["pillars"] for p in pillar["projects"]], ensure_ascii=False)
    kept = Counter(w for w in projects.replace('"', " ").split() if w.startswith("q"))
    assert kept == written


REF_WORDS = {"mål", "goal", "goals", "aim", "aims", "objective", "objectives", "and"}


def _words(text: str) -> list[str]:
    """Words of four letters or more (markup and punctuation stripped), not those references are written with."""
    out = []
    for raw in re.sub(r"</?\w+>", "", text).split():
        word = "".join(c for c in raw if c.isalpha())
        if len(word) >= 4 and word == raw.strip("*().,;:!?«»\"'") and word.casefold() not in REF_WORDS:
            out.append(word)
    return out


def _values(node: object) -> list[str]:
    if isinstance(node, dict):
        return [t for v in node.values() for t in _values(v)]
    if isinstance(node, list):
        return [t for v in node for t in _values(v)]
    return [node] if isinstance(node, str) else []


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**6))
def test_every_word_of_a_generated_plans_table_cells_reaches_the_plan_exactly_once(seed: int) -> None:
    from tests.shapes.generate import generate

    shape = generate(seed)
    plan = plan_of(shape.text)
    headers = {tuple(p["table"]["columns"]) for p in plan["pillars"] if p["table"]}
    written: Counter = Counter()
    for line in shape.text.split("\n"):
        cells = [c.strip() for c in (line.strip().strip("|").split("|") if line.startswith("|") else line.split("\t"))]
        if len(cells) < 2 or tuple(c.replace("**", "") for c in cells) in headers or set("".join(cells)) <= set("-:"):
            continue
        written.update(w for c in cells for w in _words(c))
    projects = [p for pillar in plan["pillars"] for p in pillar["projects"]]
    kept = Counter(w for p in projects for v in _values({k: v for k, v in p.items() if k != "id"}) for w in _words(v))
    assert kept == written
