"""Ingest: plan documents into the revision history, one folder and one transaction per revision.

Parsing, rendering and writing a revision's files into a hidden staging
folder run in worker processes (``jobs``); this process is the one writer
to the database. Each revision lands under an exclusive file lock on
``DIR/.planpipe.lock``: the diff is added to its staging folder, its rows
go into one SQLite transaction, the folder is moved into place and only
then is the transaction committed. A second ingest running at the same time waits
for the lock; a crash leaves the previous state (at worst a complete folder
that the database does not list yet, which the next ingest of that file
replaces).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.emit import current_umask, plan_files, replace_dir, revision_dir, revision_label
from pipeline.errors import PipelineError
from pipeline.publishing import PublishSettings
from pipeline.run import check_strict, extract, plan_summary
from pipeline.settings import DEFAULT, Settings

LOCK_NAME = ".planpipe.lock"
DIFF_FILES = ("diff.json", "diff.md", "diff.html")
_STAGING = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>[0-9]+)(?:-.*)?$")


class RevisionConflictError(PipelineError):
    """The plan already has a revision with this label, read from other bytes."""


class HistoryError(PipelineError):
    """A stored revision's files are missing or unreadable."""


@dataclass(frozen=True)
class Options:
    """How revisions are stored and published: the publishing settings (checked already), extra files."""

    publish: PublishSettings = field(default_factory=PublishSettings)
    excel_dk: bool = False
    strict: bool = False
    #: How plans are recognised: the [profile] of planpipe.toml applied to the defaults.
    settings: Settings = DEFAULT


@dataclass
class IngestResult:
    """What ingest did with one file: ``added``, ``unchanged`` or ``error``."""

    file: str
    status: str
    revision_id: str | None = None
    folder: Path | None = None
    summary: str = ""
    warnings: list[dict] = field(default_factory=list)
    previous_revision_id: str | None = None
    changes: dict | None = None
    error: PipelineError | None = None

    def line(self) -> str:
        """Return the one line a person reads: the plan, its counts, what changed since the revision before."""
        if self.status != "added":
            return self.summary
        since = ""
        if self.changes is not None and self.previous_revision_id:
            counts = ", ".join(f"{n} {kind}" for kind, n in self.changes.items() if n and kind != "unchanged")
            since = f"; since {self.previous_revision_id.rsplit('/', 1)[-1]}: {counts or 'no change'}"
        return f"{self.summary}{since} -> {self.folder}"


@dataclass
class Prepared:
    """A parsed plan and the staging folder holding its files, made in a worker process."""

    file: str
    plan: dict | None = None
    staging: Path | None = None
    diff: dict | None = None
    diff_base: str | None = None
    error: tuple[str, str] | None = None


def ingest(
    files: Iterable[Path],
    out_dir: Path,
    options: Options = Options(),
    jobs: int = 1,
    progress: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest every file into ``out_dir``; return one result per file, in input order.

    A bad file is reported in its result and skipped; the others land. The
    index (index.html, index.json) is rewritten when anything landed.
    """
    paths = list(files)
    created = now()
    out_dir.mkdir(parents=True, exist_ok=True)
    results: list[IngestResult] = []
    prepared = _prepare_all(paths, out_dir, options, created, jobs)
    with locked(out_dir):  # creating the database and switching it to WAL is not for two at once
        db = store.connect(out_dir / store.DB_NAME)
    try:
        for item in prepared:
            result = _write(db, item, out_dir, options, created)
            results.append(result)
            if progress is not None:
                progress(result)
        with locked(out_dir):
            write_side_files(db, out_dir, options.publish, force=any(r.status == "added" for r in results))
    finally:
        db.close()
        _close_readers()
    return results


def prepare(path: Path, out_dir: Path, options: Options, created: str, owner: int) -> Prepared:
    """Given a plan file, return its plan and files, written into a staging folder (runs in a worker).

    The staging folder is hidden (``.<label>.tmp-<owner pid>-...``) beside
    the revision's folder, so that moving it into place is one rename.
    """
    from pipeline.opendata import csv_to_excel_dk
    from pipeline.portal import datapackage, portal_metadata

    try:
        plan = extract(path, options.settings)
        if options.strict:
            check_strict(plan, str(path))
    except PipelineError as exc:
        return Prepared(str(path), error=(exc.file, exc.detail))
    files = {name: text.encode("utf-8") for name, text in plan_files(plan).items()}
    if options.excel_dk:
        for name in [n for n in files if n.endswith(".csv")]:
            files[name[:-4] + ".excel-dk.csv"] = csv_to_excel_dk(files[name].decode("utf-8"))
    files["datapackage.json"] = datapackage(plan, files, options.publish, created)
    # Diff against the latest earlier revision stored now; the writer re-checks under its lock
    # and diffs again only when another revision of this plan has landed since.
    base = _stored_previous(out_dir, plan)
    try:
        diff = _diff(out_dir / base["folder"] / "plan.json", plan, files) if base else None
    except PipelineError as exc:
        return Prepared(str(path), error=(exc.file, exc.detail))
    portal = portal_metadata(plan, files, options.publish, created)
    target = revision_dir(plan, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{owner}-", dir=target.parent))
    os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp makes 0700; outputs are for sharing
    for name, data in {**files, **portal}.items():
        (staging / name).write_bytes(data)
    # The files stay on disk: sending them back would cost the one writer their unpickling.
    return Prepared(str(path), plan, staging, diff, base and base["id"])


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the exclusive lock on ``out_dir`` (waiting for another ingest to let go)."""
    with open(out_dir / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def now() -> str:
    """Return the current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_side_files(db: object, out_dir: Path, settings: PublishSettings, force: bool = True) -> None:
    """Write index.html, index.json, datasette-metadata.json and the DCAT catalogue from the database (atomically)."""
    from pipeline.index import catalogue_to_html, catalogue_to_json
    from pipeline.opendata import find_licence
    from pipeline.portal import write_catalogue

    if not force and all((out_dir / name).exists() for name in ("index.json", "catalog.ttl")):
        return
    catalogue = store.catalogue(db)
    licence = find_licence(settings.licence)
    metadata = store.datasette_metadata(
        {"title": licence.title, "url": licence.url}, "planpipe: municipal action plans (handleplaner)"
    )
    for name, text in [
        ("index.json", catalogue_to_json(catalogue, out_dir)),
        ("index.html", catalogue_to_html(catalogue, out_dir)),
        ("datasette-metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"),
    ]:
        _replace_file(out_dir / name, text.encode("utf-8"))
    write_catalogue(db, out_dir, settings)


def _prepare_all(paths: list[Path], out_dir: Path, options: Options, created: str, jobs: int) -> Iterator[Prepared]:
    owner = os.getpid()
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield prepare(path, out_dir, options, created, owner)
        return
    from concurrent.futures import ProcessPoolExecutor

    # Import the stages and compile the plan schema before the fork: the workers inherit them.
    import pipeline.diff
    import pipeline.opendata
    import pipeline.run  # noqa: F401
    from pipeline.validate import schema_errors

    schema_errors({})
    # A bounded window of work in flight keeps memory flat however many files there are.
    window = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs, initializer=_exit_with_parent, initargs=(owner,)) as pool:
        pending: deque = deque()
        for path in paths:
            pending.append(pool.submit(prepare, path, out_dir, options, created, owner))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _write(db: Any, item: Prepared, out_dir: Path, options: Options, created: str) -> IngestResult:
    if item.error is not None:
        return IngestResult(item.file, "error", error=PipelineError(*item.error))
    plan, staging = item.plan, item.staging
    assert plan is not None and staging is not None
    label = revision_label(plan)
    rev = f"{plan['id']}/{label}"
    target = revision_dir(plan, out_dir)
    landed = False
    try:
        with locked(out_dir):
            _sweep(target.parent)
            same = store.revision_with_sha(db, plan["source"]["sha256"])
            if same is not None:
                return IngestResult(
                    item.file,
                    "unchanged",
                    same["id"],
                    out_dir / same["folder"],
                    summary=f"{same['id']}: unchanged (same bytes as {same['source_file']})",
                )
            if store.revision(db, rev) is not None:
                error = RevisionConflictError(
                    item.file, f"plan {plan['id']} already has revision {label} from other bytes; nothing written"
                )
                return IngestResult(item.file, "error", error=error)
            previous = store.previous_revision(db, plan["id"], label)
            diff = item.diff
            if (previous and previous["id"]) != item.diff_base:
                # Another revision of this plan landed after the worker looked: diff against it instead.
                portal = (*DIFF_FILES, "ckan_package.json", "dcat.jsonld")
                files = {p.name: p.read_bytes() for p in sorted(staging.iterdir()) if p.name not in portal}
                for name in DIFF_FILES:
                    (staging / name).unlink(missing_ok=True)
                try:
                    diff = _diff(out_dir / previous["folder"] / "plan.json", plan, files) if previous else None
                except PipelineError as exc:
                    return IngestResult(item.file, "error", error=exc)
                # The portal metadata lists every file, the diff reports too.
                from pipeline.portal import portal_metadata

                files.update(portal_metadata(plan, files, options.publish, created))
                for name in (*(DIFF_FILES if diff else ()), "ckan_package.json", "dcat.jsonld"):
                    (staging / name).write_bytes(files[name])
            db.execute("BEGIN IMMEDIATE")
            try:
                store.insert_revision(
                    db, plan, target.relative_to(out_dir).as_posix(), created, previous and previous["id"], diff
                )
                replace_dir(staging, target)  # only a folder left by an ingest killed before its commit can stand there
                landed = True
                db.execute("COMMIT")
            except BaseException:
                if db.conn.in_transaction:
                    db.execute("ROLLBACK")
                raise
    finally:
        if not landed:
            shutil.rmtree(staging, ignore_errors=True)
    return IngestResult(
        item.file,
        "added",
        rev,
        target,
        warnings=plan["warnings"],
        previous_revision_id=previous and previous["id"],
        changes=diff["summary"] if diff else None,
        summary=plan_summary(plan),
    )


def _exit_with_parent(parent: int) -> None:
    """Start a watcher that ends this worker when its ingest is gone (killed, it cannot tell us)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="planpipe-parent-watch").start()


_READERS: dict[str, Any] = {}


def _stored_previous(out_dir: Path, plan: dict) -> dict | None:
    """Return the latest stored revision before this one (read without the lock), or None."""
    path = out_dir / store.DB_NAME
    if not path.is_file():
        return None
    key = str(path)
    if key not in _READERS:
        import sqlite_utils

        _READERS[key] = sqlite_utils.Database(sqlite3.connect(key, timeout=store.BUSY_TIMEOUT_S))
    return store.previous_revision(_READERS[key], plan["id"], revision_label(plan))


def _close_readers() -> None:
    while _READERS:
        _READERS.popitem()[1].close()


def _diff(previous_plan: Path, plan: dict, files: dict[str, bytes]) -> dict:
    """Diff ``plan`` against the stored plan.json; add diff.json, diff.md and diff.html to ``files``."""
    from pipeline.diff import diff_plans, diff_to_html, diff_to_markdown

    try:
        old = json.loads(previous_plan.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HistoryError(str(previous_plan), f"cannot read the previous revision to diff against: {exc}") from None
    diff = diff_plans(old, plan)
    files["diff.json"] = _json_bytes(diff, compact=True)
    files["diff.md"] = diff_to_markdown(diff).encode("utf-8")
    files["diff.html"] = diff_to_html(diff).encode("utf-8")
    return diff


def _sweep(plan_dir: Path) -> None:
    """Remove staging folders that a killed ingest left (their owner process is gone)."""
    if not plan_dir.is_dir():
        return
    for entry in plan_dir.iterdir():
        match = _STAGING.match(entry.name)
        if match is None or _alive(int(match["pid"])):
            continue
        original = plan_dir / match["name"]
        if match["kind"] == "old" and not original.exists():
            # Killed between moving the old folder aside and the new one in: put the old one back.
            os.replace(entry, original)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    # Our own pid counts as alive: workers may be staging revisions we have not written yet.
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _replace_file(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _json_bytes(data: object, compact: bool = False) -> bytes:
    # Machine-facing files are written compact: json's C encoder does not indent, and it is 5x faster.
    if compact:
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class UnknownPlanError(PipelineError):
    """The history database has no plan with that id."""


def history_text(out_dir: Path, plan_id: str) -> str:
    """Return the plan's revisions as an aligned table with their change counts since the one before."""
    db_path = out_dir / store.DB_NAME
    if not db_path.is_file():
        raise UnknownPlanError(str(db_path), "no history database here: run planpipe ingest first")
    db = store.connect(db_path)
    try:
        rows = store.history(db, plan_id)
        known = [r["id"] for r in db["plans"].rows_where(order_by="id")]
    finally:
        db.close()
    if not rows:
        hint = f"; known: {', '.join(known[:5])}" if known else ""
        raise UnknownPlanError(str(db_path), f"no plan {plan_id!r}{hint}")
    kinds = ("added", "removed", "changed", "renamed", "moved", "unchanged")
    header = ["revision", "status", "ingested", "projects", "previous", *kinds]
    table = [header]
    for r in rows:
        counts = [str(r[f"{k}_count"]) if r["previous_revision_id"] else "-" for k in kinds]
        previous = r["previous_revision_id"].rsplit("/", 1)[-1] if r["previous_revision_id"] else "-"
        table.append(
            [r["label"], r["status_period"] or "-", r["ingested_at"], str(r["project_count"]), previous, *counts]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [f"{plan_id}: {len(rows)} revision(s)"]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table]
    return "\n".join(lines) + "\n"
