"""The pipeline composed: read -> segment -> tables/normalise -> validate -> emit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.emit import write_plan
from pipeline.errors import InputError, InvalidPlanError, PipelineError
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.model import Document
from pipeline.normalise import document_to_plan
from pipeline.read import load_bytes, read_bytes
from pipeline.segment import document_to_sections
from pipeline.settings import DEFAULT, Settings
from pipeline.validate import validate_plan


class StrictError(PipelineError):
    """--strict is on and the plan has warnings."""


def document_to_validated_plan(doc: Document, settings: Settings = DEFAULT) -> dict:
    """Given a Document, return its schema-valid plan dict with every warning."""
    sections = document_to_sections(doc, settings)
    plan = document_to_plan(doc, sections, settings)
    return validate_plan(plan, doc.source.file)


def bytes_to_plan(data: bytes, name: str, settings: Settings = DEFAULT, limits: Limits = DEFAULT_LIMITS) -> dict:
    """Given the bytes of a plan document and its name, return its validated plan dict."""
    return document_to_validated_plan(read_bytes(data, name, limits=limits), settings)


def extract(path: str | Path, settings: Settings = DEFAULT, limits: Limits = DEFAULT_LIMITS) -> dict:
    """Given a plan document's path (``-`` for standard input), return its validated plan dict."""
    data, name = load_bytes(path, limits)
    return bytes_to_plan(data, name, settings, limits)


def load_plan(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> dict:
    """Given a plan.json or a plan document, return the validated plan dict."""
    data, name = load_bytes(path, limits)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return validate_plan(json_to_value(data, name, limits), name)
    return bytes_to_plan(data, name, limits=limits)


def json_to_value(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> object:
    """Return the parsed JSON in ``data``; broken, too deep or out-of-range JSON raises InvalidPlanError."""
    try:
        value = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise InvalidPlanError(name, f"line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise InvalidPlanError(name, f"byte {exc.start}: not valid JSON: not UTF-8") from None
    except RecursionError:
        raise InvalidPlanError(name, f"not a plan: JSON nests more than {limits.max_json_depth} deep") from None
    except ValueError as exc:  # a number too long to convert, or one out of range
        raise InvalidPlanError(name, f"not a plan: {str(exc).split(';')[0]}") from None
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_json_depth:
            raise InvalidPlanError(name, f"not a plan: JSON nests more than {limits.max_json_depth} deep")
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return value


def _no_constant(word: str) -> float:
    raise ValueError(f"{word} is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:20]} is out of range")
    return number


def plan_summary(plan: dict) -> str:
    """Return the one-line summary of a plan: id, revision and counts."""
    pillars = plan["pillars"]
    return (
        f"{plan['id']} {plan['revision']['label']}: {len(pillars)} pillars, "
        f"{sum(len(p['objectives']) for p in pillars)} objectives, "
        f"{sum(len(p['projects']) for p in pillars)} projects, {len(plan['warnings'])} warnings"
    )


def check_strict(plan: dict, file: str) -> None:
    """Raise StrictError when the plan carries warnings."""
    warnings = plan["warnings"]
    if warnings:
        first = warnings[0]
        raise StrictError(
            file, f"{len(warnings)} warning(s) with --strict; first: {first['code']} at {first['pointer']}"
        )


@dataclass
class RunResult:
    """What ``run`` did with one input file: its plan and folder, or its error."""

    file: str
    plan: dict | None = None
    out_dir: Path | None = None
    error: PipelineError | None = None


def input_files(inputs: list[Path]) -> list[Path]:
    """Return the plan files named by ``inputs``: files as given, folders' visible files sorted."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files.extend(p for p in sorted(item.iterdir()) if p.is_file() and not p.name.startswith((".", "README")))
        else:
            files.append(item)
    return files


def run(
    inputs: list[Path], output: Path, strict: bool = False, formats: tuple[str, ...] = ("json", "csv")
) -> list[RunResult]:
    """Extract every plan named by ``inputs`` into ``output/<id>/<label>/``.

    A bad file is reported in its result and skipped; the others are written.
    """
    files = input_files(inputs)
    if not files:
        raise InputError(", ".join(str(i) for i in inputs), "no plan files found")
    results: list[RunResult] = []
    for path in files:
        try:
            plan = extract(path)
            if strict:
                check_strict(plan, str(path))
            results.append(RunResult(str(path), plan, write_plan(plan, output, formats)))
        except PipelineError as exc:
            results.append(RunResult(str(path), error=exc))
    return results
