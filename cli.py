"""planpipe's command line: thin wrappers that parse options, call the library and print."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.errors import PipelineError

DEFAULT_INPUT = Path("input")
DEFAULT_OUTPUT = Path("output")


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a PipelineError into click's one-line ``Error: <file>: <what>`` and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PipelineError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def strict_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --strict: warnings fail the command."""
    return click.option("--strict", is_flag=True, help="Treat warnings as a failure (exit 1, nothing written).")(func)


def print_warnings(plan: dict) -> None:
    """Print a plan's warnings to stderr, one line each."""
    for warning in plan["warnings"]:
        click.echo(f"  warning: {warning['code']} at {warning['pointer']}: {warning['message']}", err=True)


def summary(plan: dict) -> str:
    """Return the one-line summary of a plan."""
    pillars = plan["pillars"]
    return (
        f"{plan['id']} {plan['revision']['label']}: {len(pillars)} pillars, "
        f"{sum(len(p['objectives']) for p in pillars)} objectives, "
        f"{sum(len(p['projects']) for p in pillars)} projects, {len(plan['warnings'])} warnings"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planpipe")
def main() -> None:
    """planpipe: municipal action plans (handleplaner) into validated open data."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Folder to write <plan id>/<revision>/ into.",
)
@strict_option
@reports_errors
def run(inputs: tuple[Path, ...], output: Path, strict: bool) -> None:
    """Extract every plan in INPUTS (default: the input/ folder) into OUTPUT.

    Prints one line per plan and its warnings. A bad file is reported and
    skipped, the others are written, and the exit code is 1.
    """
    from pipeline.run import run as run_plans

    results = run_plans(list(inputs) or [DEFAULT_INPUT], output, strict=strict)
    for result in results:
        if result.error is not None:
            click.echo(f"Error: {result.error}", err=True)
            continue
        click.echo(f"{summary(result.plan)} -> {result.out_dir}")
        print_warnings(result.plan)
    if any(r.error for r in results):
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--output",
    default=str(DEFAULT_OUTPUT),
    show_default=True,
    help="Folder to write <plan id>/<revision>/ into; '-' writes to stdout.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["json", "csv"]),
    multiple=True,
    help="What to write (repeatable; default both). With -o -, json is the plan, csv is projects.csv.",
)
@strict_option
@reports_errors
def extract(file: Path, output: str, formats: tuple[str, ...], strict: bool) -> None:
    """Extract the plan in FILE ('-' for stdin): .txt, .md, .html, .pdf or .docx."""
    from pipeline.emit import plan_files, write_plan
    from pipeline.run import check_strict
    from pipeline.run import extract as extract_plan

    if output == "-" and len(formats) > 1:
        raise click.UsageError("-o - writes one format: give --format json or --format csv")
    plan = extract_plan(file)
    if strict:
        check_strict(plan, str(file))
    if output == "-":
        files = plan_files(plan, formats or ("json",))
        sys.stdout.write(files["plan.json"] if "plan.json" in files else files["projects.csv"])
    else:
        target = write_plan(plan, Path(output), formats or ("json", "csv"))
        click.echo(f"{summary(plan)} -> {target}", err=True)
    print_warnings(plan)


@main.command()
@click.argument("plan_json", type=click.Path(path_type=Path, allow_dash=True))
@strict_option
@reports_errors
def validate(plan_json: Path, strict: bool) -> None:
    """Check PLAN_JSON against the plan schema and the semantic checks."""
    from pipeline.run import check_strict, load_plan

    plan = load_plan(plan_json)
    click.echo(f"{plan_json}: valid; {summary(plan)}")
    print_warnings(plan)
    if strict:
        check_strict(plan, str(plan_json))


@main.command()
@click.argument("old", type=click.Path(path_type=Path, allow_dash=True))
@click.argument("new", type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md", "html", "csv"]),
    default="json",
    show_default=True,
    help="Report format: the diff as JSON, Markdown, one self-contained HTML page, or CSV.",
)
@click.option("-o", "--output", default="-", show_default=True, help="File to write the report to; '-' is stdout.")
@click.option(
    "--fail-if-diff", is_flag=True, help="Exit 0 when the revisions are the same, 1 when they differ, 2 on error."
)
def diff(old: Path, new: Path, fmt: str, output: str, fail_if_diff: bool) -> None:
    """Show what changed between revisions OLD and NEW (plan documents in any format, or plan.json)."""
    from pipeline.diff import diff_report

    try:
        result = diff_report(old, new, fmt, output)
    except PipelineError as exc:
        if fail_if_diff:  # click's ClickException exits 1, which here means "different"
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        raise click.ClickException(str(exc)) from None
    if fail_if_diff and not result["same"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
