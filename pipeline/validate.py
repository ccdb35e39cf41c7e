"""Validate: the plan dict against schemas/plan.schema.json, then the semantic checks.

Schema violations are errors (the dict is not a plan). Semantic findings,
such as a reference to an objective the pillar does not have, are warnings
with kebab-case codes and JSON pointers, collected into the plan.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import InvalidPlanError
from pipeline.model import warning
from pipeline.text import fold, formula_like

_HERE = Path(__file__).resolve().parent

#: Codes the semantic checks make; a re-check replaces these and keeps the parse-time ones.
SEMANTIC_CODES = frozenset(
    {
        "unknown-objective-ref",
        "objective-ref-other-pillar",
        "duplicate-project-title",
        "duplicate-objective-number",
        "empty-project-title",
        "pillar-without-objectives",
        "pillar-without-table",
        "duplicate-pillar-number",
        "formula-like-text",
    }
)


def schema_path(name: str) -> Path:
    """Return the path of a schema shipped with planpipe (``plan.schema.json``...)."""
    for base in (_HERE.parent / "schemas", _HERE / "schemas"):
        if (base / name).is_file():
            return base / name
    raise FileNotFoundError(f"schema {name} is not installed")


@cache
def load_schema(name: str = "plan.schema.json") -> dict:
    """Return a schema shipped with planpipe, parsed."""
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


@cache
def _validator(name: str, engine: str = "auto") -> Any:
    """Return a compiled validator: jsonschema-rs when installed (about 60x faster), else jsonschema.

    Both implement Draft 2020-12; the tests run the same plans through both.
    """
    schema = load_schema(name)
    if engine in ("auto", "rs"):
        try:
            import jsonschema_rs
        except ImportError:
            if engine == "rs":
                raise
        else:
            return jsonschema_rs.Draft202012Validator(schema)
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def schema_errors(data: Any, name: str = "plan.schema.json", engine: str = "auto") -> list[str]:
    """Return one line per schema violation of ``data``: ``<pointer>: <message>``, in document order."""
    validator = _validator(name, engine)
    if validator.is_valid(data):
        return []
    errors = [(list(_path(e)), e.message) for e in validator.iter_errors(data)]
    errors.sort(key=lambda e: [str(p) for p in e[0]])
    return [f"{_pointer(path) or '/'}: {message}" for path, message in errors]


def check_schema(data: Any, file: str, name: str = "plan.schema.json") -> None:
    """Raise InvalidPlanError naming the first violation when ``data`` breaks the schema."""
    errors = schema_errors(data, name)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InvalidPlanError(file, f"not a valid plan: {errors[0]}{more}")


def semantic_warnings(plan: dict) -> list[dict]:
    """Given a schema-valid plan dict, return the warnings of the semantic checks."""
    warnings: list[dict] = []

    def warn(code: str, message: str, pointer: str, source: dict | None = None) -> None:
        warnings.append(warning(code, message, pointer, source))

    numbers_seen: dict[int, int] = {}
    # With objectives numbered straight through the plan, a reference names any pillar's objective.
    plan_wide = plan.get("objective_numbering") == "plan"
    owners: dict[int, dict] = {}
    if plan_wide:
        for pillar in plan["pillars"]:
            for objective in pillar["objectives"]:
                owners.setdefault(objective["number"], pillar)
    for i, pillar in enumerate(plan["pillars"]):
        where = f"/pillars/{i}"
        name = pillar["title"]
        if pillar["number"] in numbers_seen:
            warn(
                "duplicate-pillar-number",
                f"pillar {name!r} has number {pillar['number']} like pillar {numbers_seen[pillar['number']]}",
                where + "/number",
                pillar.get("source"),
            )
        numbers_seen.setdefault(pillar["number"], i)
        if not pillar["objectives"]:
            warn(
                "pillar-without-objectives", f"pillar {name!r} has no numbered objectives", where, pillar.get("source")
            )
        if pillar.get("table", {}) is None:
            warn("pillar-without-table", f"pillar {name!r} has no project table", where, pillar.get("source"))
        objective_numbers: set[int] = set()
        for j, objective in enumerate(pillar["objectives"]):
            if objective["number"] in objective_numbers:
                warn(
                    "duplicate-objective-number",
                    f"pillar {name!r} has objective {objective['number']} twice",
                    f"{where}/objectives/{j}/number",
                    objective.get("source"),
                )
            objective_numbers.add(objective["number"])
        titles: dict[str, int] = {}
        for j, project in enumerate(pillar["projects"]):
            pointer = f"{where}/projects/{j}"
            source = project.get("source")
            if not project["title"]:
                warn("empty-project-title", f"a project in pillar {name!r} has no title", pointer + "/title", source)
            else:
                key = fold(project["title"])
                if key in titles:
                    warn(
                        "duplicate-project-title",
                        f"project {project['title']!r} stands twice in pillar {name!r} "
                        f"(also at {where}/projects/{titles[key]})",
                        pointer + "/title",
                        source,
                    )
                titles.setdefault(key, j)
            for ref in project["objective_refs"]:
                owner = owners.get(ref) if ref not in objective_numbers else None
                if owner is not None:
                    warn(
                        "objective-ref-other-pillar",
                        f"project {project['title']!r} in pillar {name!r} refers to objective ({ref}), "
                        f"which belongs to pillar {owner['number']} {owner['title']!r}",
                        pointer + "/objective_refs",
                        source,
                    )
                elif ref not in objective_numbers and pillar["objectives"]:
                    warn(
                        "unknown-objective-ref",
                        f"project {project['title']!r} refers to objective ({ref}), "
                        f"which pillar {name!r} does not have",
                        pointer + "/objective_refs",
                        source,
                    )
                elif not pillar["objectives"]:
                    warn(
                        "unknown-objective-ref",
                        f"project {project['title']!r} refers to objective ({ref}), "
                        f"but pillar {name!r} has no objectives",
                        pointer + "/objective_refs",
                        source,
                    )
    for pointer, value in _pillar_texts(plan):
        if formula_like(value):
            warn(
                "formula-like-text",
                f"{value[:40]!r} begins with {value[0]!r}, which a spreadsheet may run as a formula; "
                "the exact CSVs keep it, the Excel and diff CSVs put an apostrophe before it",
                pointer,
            )
    return warnings


def _pillar_texts(plan: dict) -> list[tuple[str, str]]:
    """Return (pointer, text) for every text under the pillars that a CSV cell carries (ids and sources aside)."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, object]] = [("/pillars", plan["pillars"])]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            found.append((pointer, value))
        elif isinstance(value, dict):
            items = [(k, v) for k, v in value.items() if k not in ("id", "source", "table")]
            stack.extend((f"{pointer}/{_escape(str(k))}", v) for k, v in reversed(items))
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in reversed(list(enumerate(value))))
    return found


def validate_plan(plan: dict, file: str) -> dict:
    """Given a plan dict, check it against the schema and return it with its warnings re-checked.

    Parse-time warnings already in the plan are kept; the semantic checks are
    run anew, so a hand-edited plan.json is judged as it now stands.
    """
    check_schema(plan, file)
    plan["warnings"] = rechecked_warnings(plan)
    return plan


def rechecked_warnings(plan: dict) -> list[dict]:
    """Given a schema-valid plan dict, return its parse-time warnings followed by the semantic checks' anew."""
    kept = [w for w in plan["warnings"] if w["code"] not in SEMANTIC_CODES]
    return kept + semantic_warnings(plan)


def validate_report(data: Any, engine: str = "auto") -> list[dict]:
    """Given a parsed plan.json, return every finding as a record: kind, code, pointer, message, source.

    Schema violations come first, as ``kind: error`` sorted by pointer, their
    code the schema keyword that failed. The semantic checks assume the
    schema holds, so a plan with schema errors gets no warnings; a
    schema-valid one gets its parse-time and re-checked semantic warnings,
    in plan order, as ``kind: warning``.
    """
    errors = schema_error_records(data, engine=engine)
    if errors:
        return errors
    return [{"kind": "warning", **warning} for warning in rechecked_warnings(data)]


def schema_error_records(data: Any, name: str = "plan.schema.json", engine: str = "auto") -> list[dict]:
    """Return one record per schema violation of ``data``, sorted by JSON pointer (array indexes as numbers).

    A record has kind ``error``, code (the schema keyword that failed, such as
    ``type`` or ``required``), pointer, message, and the source position of
    the nearest enclosing object that has one.
    """
    validator = _validator(name, engine)
    if validator.is_valid(data):
        return []
    found = []
    for error in validator.iter_errors(data):
        path = list(_path(error))
        record = {"kind": "error", "code": _keyword(error), "pointer": _pointer(path), "message": error.message}
        source = _nearest_source(data, path)
        if source:
            record["source"] = source
        found.append(((_sort_key(path), record["code"], record["message"]), record))
    found.sort(key=lambda item: item[0])
    return [record for _, record in found]


def _keyword(error: Any) -> str:
    # Both engines end the schema path with the keyword that failed (list indexes may follow allOf/anyOf).
    return next((part for part in reversed(list(error.schema_path)) if isinstance(part, str)), "schema")


def _sort_key(path: list) -> tuple:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in path)


def _nearest_source(data: Any, path: list) -> dict | None:
    """Return the ``source`` of the deepest object on ``path`` below the root (whose source is the file)."""
    found = None
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("source"), dict):
            found = node["source"]
    return {k: v for k, v in found.items() if k != "continued"} if found else None


def _path(error: Any) -> Any:
    # jsonschema-rs names it instance_path, jsonschema absolute_path.
    return getattr(error, "instance_path", None) or getattr(error, "absolute_path", ())


def _pointer(path: Any) -> str:
    return "".join("/" + _escape(str(part)) for part in path)


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")
