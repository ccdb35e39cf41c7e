"""A revision's files: the plan as JSON and CSV, its open-data package, its diff reports, and their record.

Everything here is a pure function of the plan, the options it is
published with, the moment it was ingested and the plan of the revision
before it: the same inputs give the same bytes. That is what lets the
store record each file's sha256 and ``run`` restore a lost file exactly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.emit import plan_files, revision_label
from pipeline.errors import HistoryError
from pipeline.i18n import DEFAULT_LANG, translations
from pipeline.settings import DEFAULT, Settings

DIFF_FILES = ("diff.json", "diff.md", "diff.html")
PORTAL_FILES = ("ckan_package.json", "dcat.jsonld")


@dataclass(frozen=True)
class Options:
    """How revisions are published: licence, publisher, extra files, links, the language of reports and portal
    texts; how plans are recognised; and a plan id given by hand."""

    licence: str = "CC-BY-4.0"
    publisher: str | None = None
    excel_dk: bool = False
    strict: bool = False
    base_url: str = ""
    plan_id: str | None = None
    #: How plans are recognised: the [profile] of planpipe.toml applied to the defaults.
    settings: Settings = DEFAULT
    lang: str = DEFAULT_LANG

    def __post_init__(self) -> None:
        from pipeline.identity import check_plan_id
        from pipeline.opendata import OptionError, find_licence

        find_licence(self.licence)  # an unknown licence fails before any file is read
        check_base_url(self.base_url)
        translations(self.lang)  # so does an unknown language
        if self.plan_id is not None:
            try:
                check_plan_id(self.plan_id)
            except ValueError as exc:
                raise OptionError("--plan-id", str(exc)) from None

    def record(self) -> dict:
        """Return what the files depend on, for the store: licence, publisher, Excel files, base URL, language."""
        return {k: getattr(self, k) for k in RECORDED}

    def recorded(self, record: str | None) -> Options:
        """Return these options with what a stored revision recorded (``record`` JSON) put back."""
        if not record:
            return self
        stored = {k: v for k, v in json.loads(record).items() if k in RECORDED}
        return replace(self, **stored, plan_id=None)


#: The options a revision's files depend on, recorded with it so that ``run`` can make the same bytes again.
RECORDED = ("licence", "publisher", "excel_dk", "base_url", "lang")


def check_base_url(value: str) -> str:
    """Return ``value`` when it is empty or an absolute http(s) URL; else OptionError."""
    from pipeline.opendata import OptionError

    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise OptionError("--base-url", f"{value!r} is not an http:// or https:// URL")
    return value


DEFAULT_OPTIONS = Options()


def publisher(plan: dict, options: Options) -> str | None:
    """Return the publisher: the option, else the plan's organisation."""
    return options.publisher or plan.get("organisation")


def data_files(plan: dict, options: Options, created: str) -> dict[str, bytes]:
    """Return the revision's data files: plan.json, the CSVs (and their Excel copies), datapackage.json."""
    from pipeline.opendata import csv_to_excel_dk, find_licence, plan_to_datapackage

    files = {name: text.encode("utf-8") for name, text in plan_files(plan).items()}
    if options.excel_dk:
        for name in [n for n in files if n.endswith(".csv")]:
            files[name[:-4] + ".excel-dk.csv"] = csv_to_excel_dk(files[name].decode("utf-8"))
    package = plan_to_datapackage(plan, files, find_licence(options.licence), publisher(plan, options), created)
    files["datapackage.json"] = json_bytes(package)
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
    from pipeline.opendata import find_licence, plan_to_ckan, plan_to_dcat

    licence = find_licence(options.licence)
    who = publisher(plan, options)
    base = f"{options.base_url.rstrip('/')}/{plan['id']}/{revision_label(plan)}/" if options.base_url else ""
    ckan = json_bytes(plan_to_ckan(plan, files, licence, who, created, base, options.lang), compact=True)
    # Each revision is its own dataset, first published when ingested: issued and modified are that moment.
    dcat = json_bytes(
        plan_to_dcat(plan, {**files, "ckan_package.json": ckan}, licence, who, created, created, base), compact=True
    )
    return {"ckan_package.json": ckan, "dcat.jsonld": dcat}


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


def json_bytes(data: object, compact: bool = False) -> bytes:
    """Return ``data`` as UTF-8 JSON ending in a newline; ``compact`` for files machines read."""
    # Machine-facing files are written compact: json's C encoder does not indent, and it is 5x faster.
    if compact:
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
