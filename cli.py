"""planpipe's command line: thin wrappers that parse options, call the library and print."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.errors import PipelineError

DEFAULT_INPUT = Path("input")
DEFAULT_OUTPUT = Path("output")


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a PipelineError, or a fault writing standard output, into one ``Error: <file>: <what>`` line, exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PipelineError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(os_error_line(exc)) from None

    return wrapper


def os_error_line(exc: OSError) -> str:
    """Return ``<file>: <what>`` for an OSError; one without a file is standard output's, which is let go."""
    if exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    # Nothing more can reach a closed pipe or a full disk: stop Python retrying the flush when it exits.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
    return f"-: cannot write to standard output: {exc.strerror or exc}"


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output and flush it; a closed standard output is an OutputError."""
    from pipeline.errors import OutputError

    if sys.stdout is None:
        raise OutputError("-", "cannot write to standard output: it is closed")
    sys.stdout.write(text)
    sys.stdout.flush()


def check_option(check: Callable[[str], Any]) -> Callable[[Any, Any, Any], Any]:
    """Return a click callback that runs ``check`` on a given value; its error is a usage error (exit 2)."""

    def callback(ctx: Any, param: Any, value: Any) -> Any:
        if value in (None, ""):
            return value
        try:
            check(value)
        except (PipelineError, ValueError) as exc:
            raise click.BadParameter(getattr(exc, "detail", str(exc))) from None
        return value

    return callback


def check_base_url(value: str) -> str:
    """Return ``value`` when it is empty or an http(s) URL with a host; else OptionError."""
    from pipeline.publishing import check_base_url as check

    return check(value)


def plan_id_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --plan-id: the id to store or write the plan under, instead of the one made from its title."""
    from pipeline.identity import check_plan_id

    return click.option(
        "--plan-id",
        callback=check_option(check_plan_id),
        help="Plan id to use instead of the one made from the title; joins revisions whose title changed.",
    )(func)


def follow_symlinks_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --follow-symlinks: read the files that symbolic links in an input folder point to."""
    return click.option(
        "--follow-symlinks", is_flag=True, help="Read files that symbolic links in an input folder point to."
    )(func)


def input_files_or_skip(inputs: list[Path], follow_symlinks: bool) -> list[Path]:
    """Return the plan files of ``inputs``; say on stderr which symbolic links were left out."""
    from pipeline.run import input_files

    skipped: list[Path] = []
    files = input_files(inputs, follow_symlinks, skipped)
    for link in skipped:
        click.echo(f"  skipped: {link}: a symbolic link (--follow-symlinks to read it)", err=True)
    return files


def strict_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --strict: warnings fail the command."""
    return click.option("--strict", is_flag=True, help="Treat warnings as a failure (exit 1, nothing written).")(func)


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --lang: the language of reports and summary lines (default Danish, or $PLANPIPE_LANG)."""
    from pipeline.i18n import DEFAULT_LANG, LANG_ENV, LANGUAGES

    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=DEFAULT_LANG,
        envvar=LANG_ENV,
        show_default=True,
        show_envvar=True,
        help="Language of the reports, portal titles and summary lines: da (Danish) or en (English).",
    )(func)


def publish_lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --lang for the commands that read [publish]: the option (or $PLANPIPE_LANG) wins over its language."""
    from pipeline.i18n import LANG_ENV, LANGUAGES

    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        envvar=LANG_ENV,
        show_envvar=True,
        help="Language of the reports, portal titles and summary lines: da (Danish) or en (English) "
        "[default: planpipe.toml's [publish] language, else da].",
    )(func)


def store_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add -o/--output: the folder a history store lives in (default output/)."""
    return click.option(
        "-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT, show_default=True, help=help_text
    )


def config_option(
    help_text: str = "Settings file (default: planpipe.toml in the working folder, when there).",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add --config FILE: the planpipe.toml to read; the command loads it with ``pipeline.config.load_config``."""
    return click.option(
        "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), default=None, help=help_text
    )


def profile_settings(config_file: Path | None) -> Any:
    """Return the parse Settings of ``config_file``'s [profile] (or of ./planpipe.toml when None)."""
    from pipeline.profile import load_settings

    return load_settings(config_file)


def read_limits(config_file: Path | None) -> Any:
    """Return the Limits of ``config_file``'s [limits] (or of ./planpipe.toml when None)."""
    from pipeline.limits import load_limits

    return load_limits(config_file)


def publish_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --licence, --publisher and --base-url: they win over planpipe.toml's [publish] table."""
    func = click.option(
        "--base-url",
        default=None,
        callback=check_option(check_base_url),
        help="http(s) URL the output folder is published at, for CKAN/DCAT links (default: relative links).",
    )(func)
    func = click.option("--publisher", help="Publisher for the portal metadata (default: the plan's organisation).")(
        func
    )
    return click.option(
        "--licence",
        default=None,
        callback=lambda ctx, param, value: value if value is None else check_licence(value),
        help="CC-BY-4.0 (default), CC0-1.0 or 'Vilkår for brug af danske offentlige data' (vilkaar-dk).",
    )(func)


def publish_settings(
    config_file: Path | None,
    licence: str | None,
    publisher: str | None,
    base_url: str | None,
    lang: str | None = None,
) -> Any:
    """Return the PublishSettings of ``config_file``'s [publish] (or ./planpipe.toml's) with the options over it.

    ``lang`` (--lang or $PLANPIPE_LANG) wins over ``[publish] language``.
    """
    from pipeline.publishing import load_settings

    return load_settings(config_file, licence=licence, publisher=publisher, base_url=base_url, language=lang)


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
@plan_id_option
@follow_symlinks_option
@strict_option
@publish_options
@config_option()
@publish_lang_option
@reports_errors
def run(
    inputs: tuple[Path, ...],
    output: Path,
    plan_id: str | None,
    follow_symlinks: bool,
    strict: bool,
    licence: str | None,
    publisher: str | None,
    base_url: str | None,
    config_file: Path | None,
    lang: str | None,
) -> None:
    """Ingest every plan in INPUTS (default: the input/ folder) into OUTPUT's history.

    Prints one line per plan and its warnings. A bad file is reported and
    skipped, the others are written, and the exit code is 1. Stored
    revisions whose files went missing are restored.
    """
    from pipeline.ingest import Options

    settings = profile_settings(config_file)
    publish = publish_settings(config_file, licence, publisher, base_url, lang)
    files = input_files_or_skip(list(inputs) or [DEFAULT_INPUT], follow_symlinks)
    if not files:
        raise click.ClickException(f"{', '.join(map(str, inputs or [DEFAULT_INPUT]))}: no plan files found")
    options = Options(
        publish=publish, strict=strict, plan_id=plan_id, settings=settings, limits=read_limits(config_file)
    )
    ingest_and_report(files, output, options, jobs=1, repair=True)


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
@plan_id_option
@strict_option
@config_option()
@click.option(
    "--explain",
    is_flag=True,
    help="Print which rule recognised each heading, column and reference, and what none did; write nothing.",
)
@lang_option
@reports_errors
def extract(
    file: Path,
    output: str,
    formats: tuple[str, ...],
    plan_id: str | None,
    strict: bool,
    config_file: Path | None,
    explain: bool,
    lang: str,
) -> None:
    """Extract the plan in FILE ('-' for stdin): .txt, .md, .html, .pdf, .docx or .odt.

    Never into a folder that holds a planpipe run/ingest history.
    """
    from pipeline.emit import plan_files, write_plan
    from pipeline.run import check_strict, plan_summary
    from pipeline.run import extract as extract_plan

    if explain:
        from pipeline.explain import explain as explain_rows
        from pipeline.explain import explain_lines

        for line in explain_lines(explain_rows(file, profile_settings(config_file), read_limits(config_file))):
            click.echo(line)
        return
    if output == "-" and len(formats) > 1:
        raise click.UsageError("-o - writes one format: give --format json or --format csv")
    plan = extract_plan(file, profile_settings(config_file), read_limits(config_file))
    if plan_id:
        plan["id"] = plan_id
    if strict:
        check_strict(plan, str(file))
    if output == "-":
        files = plan_files(plan, formats or ("json",))
        write_stdout(files["plan.json"] if "plan.json" in files else files["projects.csv"])
    else:
        target = write_plan(plan, Path(output), formats or ("json", "csv"))
        click.echo(f"{plan_summary(plan, lang)} -> {target}", err=True)
    print_warnings(plan["warnings"])


@main.command()
@click.argument("plan_json", type=click.Path(path_type=Path, allow_dash=True))
@strict_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the findings as a JSON list of records (kind, code, pointer, message, source); verdict on stderr.",
)
@lang_option
@reports_errors
def validate(plan_json: Path, strict: bool, as_json: bool, lang: str) -> None:
    """Check PLAN_JSON against the plan schema and the semantic checks.

    Lists every schema error (or, for a schema-valid plan, every warning) as
    a table, then one verdict line. Exits 1 on schema errors, and on
    warnings with --strict.
    """
    from pipeline.i18n import translations
    from pipeline.run import plan_report, plan_summary

    report = plan_report(plan_json)
    if as_json:
        click.echo(json.dumps(report.records, ensure_ascii=False, indent=2))
    elif report.records:
        click.echo(findings_table(report.records))
    report.check(strict)
    valid = translations(lang).gettext("{file}: valid; {summary}")
    click.echo(valid.format(file=plan_json, summary=plan_summary(report.plan, lang)), err=as_json)


def findings_table(records: list[dict]) -> str:
    """Return ``validate``'s records as an aligned text table: kind, code, pointer, message."""
    header = ("kind", "code", "pointer", "message")
    rows = [header, *((r["kind"], r["code"], r["pointer"] or "/", r["message"]) for r in records)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ("  ".join([*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]]) for row in rows)
    return "\n".join(lines)


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
@lang_option
@config_option()
def diff(old: Path, new: Path, fmt: str, output: str, fail_if_diff: bool, lang: str, config_file: Path | None) -> None:
    """Show what changed between revisions OLD and NEW (plan documents in any format, or plan.json)."""
    from pipeline.diff import diff_report

    try:
        result = diff_report(old, new, fmt, output, lang, profile_settings(config_file), read_limits(config_file))
    except Exception as exc:
        # With --fail-if-diff exit 1 means "different": whatever went wrong must not say so.
        if isinstance(exc, PipelineError):
            line = str(exc)
        elif isinstance(exc, OSError):
            line = os_error_line(exc)
        elif fail_if_diff:
            line = f"{old} / {new}: {type(exc).__name__}: {exc}"
        else:
            raise
        if fail_if_diff:
            click.echo(f"Error: {line}", err=True)
            sys.exit(2)
        raise click.ClickException(line) from None
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


def ingest_and_report(files: list[Path], output: Path, options: Any, jobs: int, repair: bool = False) -> None:
    """Ingest ``files`` printing one line per file (a progress bar on a terminal); exit 1 if any failed."""
    from pipeline.ingest import ingest

    stdout_faults: list[OSError] = []

    def report(result: Any) -> None:
        # A closed or full standard output must not stop the ingest half-way: it ends, then we say so.
        if stdout_faults:
            return
        try:
            if result.error is not None:
                click.echo(f"Error: {result.error}", err=True)
                return
            click.echo(result.line(options.lang))
            print_warnings(result.warnings)
        except OSError as exc:
            stdout_faults.append(exc)

    if len(files) >= 10 and sys.stderr.isatty():
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr) as bar:

            def report_above_bar(result: Any) -> None:
                sys.stderr.write("\r\033[K")  # clear the bar's line; the bar redraws below the report
                report(result)
                bar.update(1)

            results = ingest(files, output, options, jobs, progress=report_above_bar, repair=repair)
    else:
        results = ingest(files, output, options, jobs, progress=report, repair=repair)
    if stdout_faults:
        raise stdout_faults[0]
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
@publish_options
@click.option("--excel-dk", is_flag=True, help="Also write *.excel-dk.csv: UTF-8 with BOM, ';', CRLF.")
@plan_id_option
@follow_symlinks_option
@strict_option
@config_option()
@publish_lang_option
@reports_errors
def ingest_command(
    files: tuple[Path, ...],
    output: Path,
    jobs: int,
    licence: str | None,
    publisher: str | None,
    base_url: str | None,
    excel_dk: bool,
    plan_id: str | None,
    follow_symlinks: bool,
    strict: bool,
    config_file: Path | None,
    lang: str | None,
) -> None:
    """Store each plan FILE as a revision in OUTPUT: files, open-data package, database row, diff."""
    from pipeline.ingest import Options

    options = Options(
        publish=publish_settings(config_file, licence, publisher, base_url, lang),
        excel_dk=excel_dk,
        strict=strict,
        plan_id=plan_id,
        settings=profile_settings(config_file),
        limits=read_limits(config_file),
    )
    ingest_and_report(input_files_or_skip(list(files), follow_symlinks), output, options, jobs)


def rows_format_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --json, --nl and --csv (one at most): rows as a JSON array, one JSON object a line, or CSV.

    The command receives ``fmt``: ``json``, ``nl``, ``csv``, or None for its table for people.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, json_: bool, nl: bool, csv_: bool, **kwargs: Any) -> Any:
        chosen = [fmt for fmt, on in (("json", json_), ("nl", nl), ("csv", csv_)) if on]
        if len(chosen) > 1:
            raise click.UsageError("give one of --json, --nl and --csv")
        return func(*args, fmt=chosen[0] if chosen else None, **kwargs)

    wrapper = click.option("--csv", "csv_", is_flag=True, help="Output CSV with a header row.")(wrapper)
    wrapper = click.option("--nl", is_flag=True, help="Output newline-delimited JSON: one object a line.")(wrapper)
    return click.option("--json", "json_", is_flag=True, help="Output a JSON array of objects.")(wrapper)


@main.command()
@click.argument("plan_id")
@store_option("Folder holding plans.sqlite.")
@rows_format_options
@lang_option
@reports_errors
def history(plan_id: str, output: Path, fmt: str | None, lang: str) -> None:
    """List PLAN_ID's stored revisions and how many projects changed in each."""
    if fmt is None:
        from pipeline.history import history_text

        click.echo(history_text(output, plan_id, lang), nl=False)
        return
    from pipeline.listing import history_rows, rows_to

    click.echo(rows_to(history_rows(output, plan_id), fmt), nl=False)


@main.command()
@store_option("Folder holding plans.sqlite.")
@rows_format_options
@lang_option
@reports_errors
def plans(output: Path, fmt: str | None, lang: str) -> None:
    """List the stored plans: id, revisions, the latest revision and its project count, title."""
    from pipeline.listing import plans_rows, plans_text, rows_to

    rows = plans_rows(output)
    click.echo(plans_text(rows, lang) if fmt is None else rows_to(rows, fmt), nl=False)


@main.command()
@store_option("Folder holding plans.sqlite and the revisions to publish.")
@publish_options
@config_option()
@click.option("--ckan", "ckan_url", help="CKAN site to create or update each plan's dataset on (https://...).")
@click.option("--api-key-env", metavar="NAME", help="Environment variable holding the CKAN API key (with --ckan).")
@publish_lang_option
@reports_errors
def publish(
    output: Path,
    licence: str | None,
    publisher: str | None,
    base_url: str | None,
    config_file: Path | None,
    ckan_url: str | None,
    api_key_env: str | None,
    lang: str | None,
) -> None:
    """Rebuild every stored revision's portal files and the DCAT catalogue; with --ckan, publish to CKAN.

    Nothing is parsed again: the files are made from each revision's stored
    plan.json with the current settings (planpipe.toml [publish] and options).
    """
    from pipeline.portal import republish

    if (ckan_url is None) != (api_key_env is None):
        raise click.UsageError("--ckan and --api-key-env go together")
    settings = publish_settings(config_file, licence, publisher, base_url, lang)
    from pipeline.i18n import translations

    done = republish(output, settings)
    line = translations(settings.language).gettext(
        "{output}: portal files of {revisions} revision(s) rebuilt, {changed} changed; "
        "catalog.ttl and catalog.jsonld list {plans} plan(s)"
    )
    click.echo(line.format(output=output, revisions=done.revisions, changed=done.changed, plans=done.plans))
    if ckan_url is not None and api_key_env is not None:
        from pipeline.ckan import push

        for line in push(output, settings, ckan_url, api_key_env):
            click.echo(line)


if __name__ == "__main__":
    main()
