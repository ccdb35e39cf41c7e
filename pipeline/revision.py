"""A revision's files: the plan as JSON and CSV, its open-data package, its diff reports, and their record.

Everything here is a pure function of the plan, the options it is
published with, the moment it was ingested and the plan of the revision
before it: the same inputs give the same bytes. That is what lets the
store record each file's sha256 and ``run`` restore a lost file exactly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from pipeline.emit import json_bytes, plan_files
from pipeline.errors import HistoryError
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.publishing import PublishSettings
from pipeline.settings import DEFAULT, Settings

DIFF_FILES = ("diff.json", "diff.md", "diff.html")
PORTAL_FILES = ("ckan_package.json", "dcat.jsonld")


@dataclass(frozen=True)
class Options:
    """How revisions are stored and published: the publishing settings (checked already, their ``language`` is
    the language of reports and portal texts), extra files, how plans are recognised, and a plan id given by hand."""

    publish: PublishSettings = field(default_factory=PublishSettings)
    excel_dk: bool = False
    strict: bool = False
    plan_id: str | None = None
    #: How plans are recognised: the [profile] of planpipe.toml applied to the defaults.
    settings: Settings = DEFAULT
    #: How much a reader may take from one file: the [limits] of planpipe.toml applied to the defaults.
    limits: Limits = DEFAULT_LIMITS

    def __post_init__(self) -> None:
        from pipeline.identity import check_plan_id
        from pipeline.opendata import OptionError

        if self.plan_id is not None:
            try:
                check_plan_id(self.plan_id)
            except ValueError as exc:
                raise OptionError("--plan-id", str(exc)) from None

    @property
    def lang(self) -> str:
        """The language of the reports, the index and the CKAN texts: ``[publish] language`` or ``--lang``."""
        return self.publish.language

    def record(self) -> dict:
        """Return what the files depend on, for the store: the publishing settings and the Excel copies."""
        settings = {f.name: getattr(self.publish, f.name) for f in fields(PublishSettings) if f.name != "source"}
        return {**settings, "themes": list(self.publish.themes), "excel_dk": self.excel_dk}

    def recorded(self, record: str | None) -> Options:
        """Return these options with what a stored revision recorded (``record`` JSON) put back."""
        if not record:
            return self
        stored = json.loads(record)
        if "lang" in stored:  # recorded before the publishing settings held the language
            stored.setdefault("language", stored.pop("lang"))
        known = {f.name for f in fields(PublishSettings)} - {"source"}
        publish = {k: (tuple(v) if k == "themes" else v) for k, v in stored.items() if k in known}
        return replace(
            self,
            publish=replace(self.publish, **publish, source="the history database"),
            excel_dk=stored.get("excel_dk", self.excel_dk),
            plan_id=None,
        )


DEFAULT_OPTIONS = Options()


def data_files(plan: dict, options: Options, created: str) -> dict[str, bytes]:
    """Return the revision's data files: plan.json, the CSVs (and their Excel copies), datapackage.json."""
    from pipeline.opendata import csv_to_excel_dk
    from pipeline.portal import datapackage

    files = {name: text.encode("utf-8") for name, text in plan_files(plan).items()}
    if options.excel_dk:
        for name in [n for n in files if n.endswith(".csv")]:
            files[name[:-4] + ".excel-dk.csv"] = csv_to_excel_dk(files[name].decode("utf-8"))
    files["datapackage.json"] = datapackage(plan, files, options.publish, created)
    return files


def with_diff(
    plan: dict, data: dict[str, bytes], options: Options, created: str, previous: dict | None
) -> tuple[dict[str, bytes], dict | None]:
    """Given the data files, return all of the revision's files (diff reports, portal metadata) and its diff."""
    files = {name: blob for name, blob in data.items() if name not in DIFF_FILES + PORTAL_FILES}
    diff = None
    if previous is not None:
        from pipeline.diff import diff_plans, diff_to_html, diff_to_markdown

        diff = diff_plans(previous, plan)
        files["diff.json"] = json_bytes(diff, compact=True)
        files["diff.md"] = diff_to_markdown(diff, options.lang).encode("utf-8")
        files["diff.html"] = diff_to_html(diff, options.lang).encode("utf-8")
    files.update(portal_metadata(plan, files, options, created))
    return files, diff


def revision_files(
    plan: dict, options: Options, created: str, previous: dict | None
) -> tuple[dict[str, bytes], dict | None]:
    """Return every file of the revision's folder, and its diff against ``previous`` (the plan before)."""
    return with_diff(plan, data_files(plan, options, created), options, created, previous)


def portal_metadata(plan: dict, files: dict[str, bytes], options: Options, created: str) -> dict[str, bytes]:
    """Return ckan_package.json and dcat.jsonld describing ``files`` (and the CKAN file itself, for DCAT)."""
    from pipeline import portal

    return portal.portal_metadata(plan, files, options.publish, created)


def read_plan(path: Path, why: str = "cannot read the stored revision") -> dict:
    """Return the plan stored in a revision's plan.json; HistoryError (``why: reason``) when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise HistoryError(str(path), f"{why}: {reason}") from None


def files_record(files: dict[str, bytes]) -> dict[str, str]:
    """Return name -> sha256 of a revision's files: what the store keeps to check them later."""
    return {name: hashlib.sha256(files[name]).hexdigest() for name in sorted(files)}


def folder_record(folder: Path) -> dict[str, str]:
    """Return name -> sha256 of the visible files in ``folder``."""
    return files_record(
        {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    )


def damaged(folder: Path, record: dict[str, str]) -> list[str]:
    """Return the recorded files of ``folder`` that are missing or no longer hold their recorded bytes."""
    bad = []
    for name, sha in record.items():
        try:
            ok = hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha
        except OSError:
            ok = False
        if not ok:
            bad.append(name)
    return bad


def strays(folder: Path, record: dict[str, str]) -> list[str]:
    """Return files in ``folder`` that planpipe makes but the record does not list (a diff the database lacks)."""
    if not folder.is_dir():
        return []
    made_here = (*DIFF_FILES, *PORTAL_FILES, "plan.json", "datapackage.json")
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.name not in record and (p.name in made_here or p.name.endswith(".csv"))
    )
