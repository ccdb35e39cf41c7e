"""The pipeline composed: read -> segment -> tables/normalise -> validate -> emit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.emit import write_plan
from pipeline.errors import InputError, InvalidPlanError, PipelineError, StrictError
from pipeline.i18n import DEFAULT_LANG, plan_counts
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.model import Document
from pipeline.normalise import document_to_plan
from pipeline.read import load_bytes, read_bytes
from pipeline.segment import document_to_sections
from pipeline.settings import DEFAULT, Settings
from pipeline.validate import validate_plan, validate_report


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


def load_plan(path: str | Path, limits: Limits = DEFAULT_LIMITS, settings: Settings = DEFAULT) -> dict:
    """Given a plan.json or a plan document (read with ``settings``, a profile's), return the validated plan dict."""
    data, name = load_bytes(path, limits)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return validate_plan(json_to_value(data, name, limits), name)
    return bytes_to_plan(data, name, settings, limits=limits)


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


def plan_summary(plan: dict, lang: str = DEFAULT_LANG) -> str:
    """Return the one-line summary of a plan for people, in ``lang``: id, revision and counts."""
    return f"{plan['id']} {plan['revision']['label']}: {plan_counts(plan, lang)}"


def check_strict(plan: dict, file: str) -> None:
    """Raise StrictError when the plan carries warnings."""
    warnings = plan["warnings"]
    if warnings:
        first = warnings[0]
        raise StrictError(
            file, f"{len(warnings)} warning(s) with --strict; first: {first['code']} at {first['pointer']}"
        )


@dataclass
class PlanReport:
    """What ``validate`` found in one file: its name, the plan (None when it breaks the schema), every finding."""

    file: str
    plan: dict | None
    records: list[dict]

    def check(self, strict: bool = False) -> None:
        """Raise InvalidPlanError on schema errors, and StrictError on warnings when ``strict``."""
        if self.plan is None:
            raise InvalidPlanError(self.file, f"not a valid plan: {len(self.records)} schema error(s)")
        if strict:
            check_strict(self.plan, self.file)


def plan_report(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> PlanReport:
    """Given a plan.json or a plan document, return every schema error, or every warning of a valid plan.

    The records are ``validate_report``'s; a valid plan's ``warnings`` are set
    to its re-checked warnings, as ``load_plan`` does.
    """
    data, name = load_bytes(path, limits)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        plan = bytes_to_plan(data, name, limits=limits)
        return PlanReport(name, plan, [{"kind": "warning", **w} for w in plan["warnings"]])
    value = json_to_value(data, name, limits)
    records = validate_report(value)
    if any(r["kind"] == "error" for r in records):
        return PlanReport(name, None, records)
    value["warnings"] = [{k: v for k, v in r.items() if k != "kind"} for r in records]
    return PlanReport(name, value, records)


@dataclass
class RunResult:
    """What ``run`` did with one input file: its plan and folder, or its error."""

    file: str
    plan: dict | None = None
    out_dir: Path | None = None
    error: PipelineError | None = None


def input_files(inputs: list[Path], follow_symlinks: bool = False, skipped: list[Path] | None = None) -> list[Path]:
    """Return the plan files named by ``inputs``: files as given, folders' visible files sorted.

    A symbolic link inside a folder may point out of it: it is left out
    (and added to ``skipped``) unless ``follow_symlinks``. A file named
    itself is read whatever it is.
    """
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.iterdir()):
                if path.name.startswith((".", "README")):
                    continue
                if path.is_symlink() and not follow_symlinks:
                    if skipped is not None:
                        skipped.append(path)
                elif path.is_file():
                    files.append(path)
        else:
            files.append(item)
    return files


def run(
    inputs: list[Path],
    output: Path,
    strict: bool = False,
    formats: tuple[str, ...] = ("json", "csv"),
    settings: Settings = DEFAULT,
    limits: Limits = DEFAULT_LIMITS,
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
            plan = extract(path, settings, limits)
            if strict:
                check_strict(plan, str(path))
            results.append(RunResult(str(path), plan, write_plan(plan, output, formats)))
        except PipelineError as exc:
            results.append(RunResult(str(path), error=exc))
    return results
