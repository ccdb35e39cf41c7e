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


def store_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add -o/--output: the folder a history store lives in (default output/)."""
    return click.option(
        "-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT, show_default=True, help=help_text
    )


def print_warnings(warnings: list[dict]) -> None:
    """Print warning records to stderr, one line each."""
    for warning in warnings:
        click.echo(f"  warning: {warning['code']} at {warning['pointer']}: {warning['message']}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planpipe")
def main() -> None:
    """planpipe: municipal action plans (handleplaner) into validated open data."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@store_option("Folder holding plans.sqlite and <plan id>/<revision>/.")
@strict_option
@reports_errors
def run(inputs: tuple[Path, ...], output: Path, strict: bool) -> None:
    """Ingest every plan in INPUTS (default: the input/ folder) into OUTPUT's history.

    Prints one line per plan and its warnings. A bad file is reported and
    skipped, the others are written, and the exit code is 1.
    """
    from pipeline.ingest import Options
    from pipeline.run import input_files

    files = input_files(list(inputs) or [DEFAULT_INPUT])
    if not files:
        raise click.ClickException(f"{', '.join(map(str, inputs or [DEFAULT_INPUT]))}: no plan files found")
    ingest_and_report(files, output, Options(strict=strict), jobs=1)


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
    """Extract the plan in FILE ('-' for stdin): .txt, .md, .html, .pdf, .docx or .odt."""
    from pipeline.emit import plan_files, write_plan
    from pipeline.run import check_strict, plan_summary
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
        click.echo(f"{plan_summary(plan)} -> {target}", err=True)
    print_warnings(plan["warnings"])


@main.command()
@click.argument("plan_json", type=click.Path(path_type=Path, allow_dash=True))
@strict_option
@reports_errors
def validate(plan_json: Path, strict: bool) -> None:
    """Check PLAN_JSON against the plan schema and the semantic checks."""
    from pipeline.run import check_strict, load_plan, plan_summary

    plan = load_plan(plan_json)
    click.echo(f"{plan_json}: valid; {plan_summary(plan)}")
    print_warnings(plan["warnings"])
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


def check_licence(value: str) -> str:
    """Return ``value`` when it names a licence we accept; else a usage error (exit 2)."""
    from pipeline.opendata import OptionError, find_licence

    try:
        find_licence(value)
    except OptionError as exc:
        raise click.BadParameter(exc.detail) from None
    return value


def ingest_and_report(files: list[Path], output: Path, options: Any, jobs: int) -> None:
    """Ingest ``files`` printing one line per file (a progress bar on a terminal); exit 1 if any failed."""
    from pipeline.ingest import ingest

    def report(result: Any) -> None:
        if result.error is not None:
            click.echo(f"Error: {result.error}", err=True)
            return
        click.echo(result.line())
        print_warnings(result.warnings)

    if len(files) >= 10 and sys.stderr.isatty():
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr) as bar:

            def report_above_bar(result: Any) -> None:
                sys.stderr.write("\r\033[K")  # clear the bar's line; the bar redraws below the report
                report(result)
                bar.update(1)

            results = ingest(files, output, options, jobs, progress=report_above_bar)
    else:
        results = ingest(files, output, options, jobs, progress=report)
    if any(r.error for r in results):
        sys.exit(1)


@main.command(name="ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option("Folder holding plans.sqlite and <plan id>/<revision>/.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes that parse; this process writes.",
)
@click.option(
    "--licence",
    default="CC-BY-4.0",
    show_default=True,
    callback=lambda ctx, param, value: check_licence(value),
    help="CC-BY-4.0, CC0-1.0 or 'Vilkår for brug af danske offentlige data' (vilkaar-dk).",
)
@click.option("--publisher", help="Publisher for the portal metadata (default: the plan's organisation).")
@click.option("--excel-dk", is_flag=True, help="Also write *.excel-dk.csv: UTF-8 with BOM, ';', CRLF.")
@click.option("--base-url", default="", help="URL the output folder is published at, for CKAN/DCAT links.")
@strict_option
@reports_errors
def ingest_command(
    files: tuple[Path, ...],
    output: Path,
    jobs: int,
    licence: str,
    publisher: str | None,
    excel_dk: bool,
    base_url: str,
    strict: bool,
) -> None:
    """Store each plan FILE as a revision in OUTPUT: files, open-data package, database row, diff."""
    from pipeline.ingest import Options
    from pipeline.run import input_files

    options = Options(licence=licence, publisher=publisher, excel_dk=excel_dk, strict=strict, base_url=base_url)
    ingest_and_report(input_files(list(files)), output, options, jobs)


@main.command()
@click.argument("plan_id")
@store_option("Folder holding plans.sqlite.")
@reports_errors
def history(plan_id: str, output: Path) -> None:
    """List PLAN_ID's stored revisions and how many projects changed in each."""
    from pipeline.ingest import history_text

    click.echo(history_text(output, plan_id), nl=False)


if __name__ == "__main__":
    main()
