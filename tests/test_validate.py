"""The schema and the semantic checks: warnings with codes and JSON pointers."""

from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator

from pipeline.errors import InvalidPlanError
from pipeline.run import bytes_to_plan
from pipeline.validate import (
    check_schema,
    load_schema,
    schema_errors,
    semantic_warnings,
    validate_plan,
    validate_report,
)
from tests.conftest import HEADER, plan_text


def test_the_schema_itself_is_valid_draft_2020_12() -> None:
    schema = load_schema("plan.schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_seed_plan_is_schema_valid_and_has_no_warnings(seed_plan: dict) -> None:
    check_schema(seed_plan, "seed")
    assert seed_plan["warnings"] == []


def test_schema_violation_names_the_pointer(seed_plan: dict) -> None:
    broken = copy.deepcopy(seed_plan)
    broken["pillars"][1]["projects"][2]["objective_refs"] = ["2"]
    with pytest.raises(
        InvalidPlanError, match=r"^plan\.json: not a valid plan: /pillars/1/projects/2/objective_refs/0: "
    ):
        check_schema(broken, "plan.json")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("pillars", 1, "projects", 2, "objective_refs"), ["2"]),
        (("revision", "status_period"), "2021 to 2023"),
        (("pillars", 0, "objectives", 0, "id"), "objective one"),
        (("warnings",), [{"code": "Bad Code", "message": "m", "pointer": "x"}]),
    ],
)
def test_both_validator_engines_find_the_same_violations(seed_plan: dict, path: tuple, value: object) -> None:
    broken = copy.deepcopy(seed_plan)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    fast, reference = schema_errors(broken, engine="rs"), schema_errors(broken, engine="python")
    assert [e.split(":")[0] for e in fast] == [e.split(":")[0] for e in reference]
    assert fast and fast[0].startswith("/" + "/".join(str(p) for p in path))
    assert schema_errors(seed_plan, engine="rs") == schema_errors(seed_plan, engine="python") == []


def codes(plan: dict) -> list[tuple[str, str]]:
    return [(w["code"], w["pointer"]) for w in plan["warnings"]]


def test_every_semantic_check() -> None:
    text = plan_text(
        "## Kultur for alle\n\n1. SKABER vi noget.\n1. SKABER vi noget igen.\n\n"
        f"{HEADER}\n<b></b>\tY\ts\ta\tb\nÅben skole\tX (1) (4)\ts\ta\tb\nÅBEN  SKOLE\tZ\ts\ta\tb",
        "## Læring\n\nKun tekst, ingen mål.\n\n" + HEADER + "\nEt\tY (2)\ts\ta\tb",
        "## Tom\n\n1. SKABER vi.",
    )
    plan = bytes_to_plan(text.encode(), "t.txt")
    assert codes(plan) == [
        ("duplicate-objective-number", "/pillars/0/objectives/1/number"),
        ("empty-project-title", "/pillars/0/projects/0/title"),
        ("unknown-objective-ref", "/pillars/0/projects/1/objective_refs"),
        ("duplicate-project-title", "/pillars/0/projects/2/title"),
        ("pillar-without-objectives", "/pillars/1"),
        ("unknown-objective-ref", "/pillars/1/projects/0/objective_refs"),
        ("pillar-without-table", "/pillars/2"),
    ]
    assert plan["warnings"][2]["source"] == {"line": 10}


def test_revalidating_replaces_semantic_warnings_and_keeps_parse_warnings(seed_plan: dict) -> None:
    plan = copy.deepcopy(seed_plan)
    plan["warnings"] = [
        {"code": "row-too-many-cells", "message": "kept", "pointer": "/pillars/0/projects/0/extra_cells"},
        {"code": "unknown-objective-ref", "message": "stale", "pointer": "/pillars/0/projects/0/objective_refs"},
    ]
    plan["pillars"][2]["projects"][0]["objective_refs"] = [7]
    validate_plan(plan, "p.json")
    assert codes(plan) == [
        ("row-too-many-cells", "/pillars/0/projects/0/extra_cells"),
        ("unknown-objective-ref", "/pillars/2/projects/0/objective_refs"),
    ]
    assert semantic_warnings(seed_plan) == []


@pytest.mark.parametrize("engine", ["rs", "python"])
def test_the_report_lists_every_schema_error_sorted_by_pointer(seed_plan: dict, engine: str) -> None:
    broken = copy.deepcopy(seed_plan)
    broken["revision"]["status_period"] = "2021 to 2023"
    broken["pillars"][1]["projects"][2]["objective_refs"] = ["2"]
    del broken["pillars"][0]["title"]
    # Twelve bad warnings: /warnings/10 and /warnings/11 sort after /warnings/2.
    broken["warnings"] = [{"code": "Bad Code", "message": "m", "pointer": "/"} for _ in range(12)]
    records = validate_report(broken, engine=engine)
    assert [(r["kind"], r["code"], r["pointer"]) for r in records] == [
        ("error", "required", "/pillars/0"),
        ("error", "type", "/pillars/1/projects/2/objective_refs/0"),
        ("error", "pattern", "/revision/status_period"),
        *(("error", "pattern", f"/warnings/{i}/code") for i in range(12)),
    ]
    assert records[0]["message"].replace("'", '"') == '"title" is a required property'
    assert records[0]["source"] == seed_plan["pillars"][0]["source"]
    assert records[1]["source"] == seed_plan["pillars"][1]["projects"][2]["source"]
    assert "source" not in records[2]


def test_the_report_of_a_valid_plan_lists_its_warnings_without_changing_it(seed_plan: dict) -> None:
    plan = copy.deepcopy(seed_plan)
    plan["warnings"] = [{"code": "row-too-many-cells", "message": "kept", "pointer": "/pillars/0/projects/0"}]
    plan["pillars"][2]["projects"][0]["objective_refs"] = [7]
    before = copy.deepcopy(plan)
    records = validate_report(plan)
    assert [(r["kind"], r["code"], r["pointer"]) for r in records] == [
        ("warning", "row-too-many-cells", "/pillars/0/projects/0"),
        ("warning", "unknown-objective-ref", "/pillars/2/projects/0/objective_refs"),
    ]
    assert records[1]["source"] == seed_plan["pillars"][2]["projects"][0]["source"]
    assert plan == before
    assert validate_report(seed_plan) == []


def test_a_non_object_is_one_error_at_the_root() -> None:
    assert validate_report([]) == [
        {"kind": "error", "code": "type", "pointer": "", "message": '[] is not of type "object"'}
    ]
