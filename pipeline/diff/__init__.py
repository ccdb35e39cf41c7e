"""The revision diff: what changed between two revisions of a plan, as data and as reports.

``diff_plans`` compares two plan dicts into a dict valid against
schemas/diff.schema.json; the ``diff_to_*`` functions render that dict.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.diff.compare import diff_plans
from pipeline.diff.report_csv import diff_to_csv
from pipeline.diff.report_html import diff_to_html
from pipeline.diff.report_md import diff_to_markdown

__all__ = ["diff_files", "diff_plans", "diff_to_csv", "diff_to_html", "diff_to_markdown"]


def diff_files(old_path: str | Path, new_path: str | Path) -> dict:
    """Return the diff of two revisions given as files: plan documents in any format, or plan.json."""
    from pipeline.run import load_plan

    return diff_plans(load_plan(old_path), load_plan(new_path))
