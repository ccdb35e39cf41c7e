"""The revision diff: what changed between two revisions of a plan, as data and as reports.

``diff_plans`` compares two plan dicts into a dict valid against
schemas/diff.schema.json; the ``diff_to_*`` functions render that dict;
``diff_files`` loads two files (plan documents in any format, or plan.json)
and diffs them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.atomic import replace_file
from pipeline.diff.compare import diff_plans
from pipeline.diff.report_csv import diff_to_csv
from pipeline.diff.report_html import diff_to_html
from pipeline.diff.report_md import diff_to_markdown
from pipeline.emit import json_text
from pipeline.errors import OutputError
from pipeline.i18n import DEFAULT_LANG
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.settings import DEFAULT, Settings

__all__ = [
    "FORMATS",
    "diff_files",
    "diff_plans",
    "diff_report",
    "diff_to_csv",
    "diff_to_html",
    "diff_to_json",
    "diff_to_markdown",
]


def diff_to_json(diff: dict) -> str:
    """Return the diff as pretty UTF-8-ready JSON text ending in a newline."""
    return json_text(diff)


#: Report format name -> renderer, called with the diff and the report language. JSON and CSV are for
#: programs: their names and codes are a contract, the same in every language.
FORMATS: dict[str, Callable[[dict, str], str]] = {
    "json": lambda diff, lang: diff_to_json(diff),
    "md": diff_to_markdown,
    "html": diff_to_html,
    "csv": lambda diff, lang: diff_to_csv(diff),
}


def diff_files(
    old_path: str | Path, new_path: str | Path, settings: Settings = DEFAULT, limits: Limits = DEFAULT_LIMITS
) -> dict:
    """Return the diff of two revisions given as files: plan documents in any format (read with ``settings``,
    a profile's, within ``limits``), or plan.json."""
    from pipeline.run import load_plan

    return diff_plans(load_plan(old_path, limits, settings), load_plan(new_path, limits, settings))


def write_text(text: str, output: str | Path) -> None:
    """Write ``text`` to ``output`` (``-`` is stdout) whole or not at all: a temporary file is renamed into place."""
    if str(output) == "-":
        if sys.stdout is None:
            raise OutputError("-", "cannot write to standard output: it is closed")
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        replace_file(Path(output), text.encode("utf-8"))
    except OSError as exc:
        raise OutputError(str(output), f"cannot write: {exc.strerror or exc}") from None


def diff_report(
    old_path: str | Path,
    new_path: str | Path,
    fmt: str = "json",
    output: str | Path = "-",
    lang: str = DEFAULT_LANG,
    settings: Settings = DEFAULT,
    limits: Limits = DEFAULT_LIMITS,
) -> dict:
    """Diff two revision files, write the report (``fmt``, ``lang``) to ``output`` (``-`` stdout); return the diff.

    Plan documents are read with ``settings`` (a profile's); plan.json files as they are.
    """
    diff = diff_files(old_path, new_path, settings, limits)
    write_text(FORMATS[fmt](diff, lang), output)
    return diff
