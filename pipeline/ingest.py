"""Ingest: plan documents into the revision history, one folder and one transaction per revision.

Parsing and rendering a revision's files into a hidden staging folder run
in worker processes (``jobs``); this process is the one writer to the
database. Each revision lands under the output folder's lock
(``pipeline.staging``): its rows go into one SQLite transaction, the folder
is moved into place and only then is the transaction committed. A revision
that lands before a stored one (2023 after 2024) becomes that one's
previous revision: its diff, change counts and ``changes`` rows are made
anew in the same transaction. A crash leaves the previous state (at worst a
complete folder that the database does not list yet, which the next ingest
of that file replaces).

With ``repair`` (what ``planpipe run`` does) every stored revision's files
are then checked against the sha256s the store recorded and what is missing
is restored (``pipeline.repair``). The other rooms: ``pipeline.staging``
(lock, staging folders), ``pipeline.revision`` (a revision's files),
``pipeline.history`` (the published database, the index, the history table).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.atomic import replace_dir
from pipeline.emit import revision_dir, revision_label
from pipeline.errors import (
    HistoryError,
    OutputError,
    PipelineError,
    PlanIdentityError,
    RevisionConflictError,
    UnknownPlanError,
)
from pipeline.history import history_text, publish_history
from pipeline.i18n import DEFAULT_LANG, changes_text, translations
from pipeline.identity import same_plan
from pipeline.revision import (
    DEFAULT_OPTIONS,
    DIFF_FILES,
    PORTAL_FILES,
    Options,
    data_files,
    files_record,
    portal_metadata,
    read_plan,
    revision_files,
    with_diff,
)
from pipeline.run import check_strict, extract, plan_summary
from pipeline.staging import LOCK_NAME, locked, stage_files, sweep, write_files

_DIFF_BASE = "cannot read the previous revision to diff against"

__all__ = [
    "LOCK_NAME",
    "HistoryError",
    "IngestResult",
    "Options",
    "PlanIdentityError",
    "RevisionConflictError",
    "UnknownPlanError",
    "history_text",
    "ingest",
    "locked",
    "portal_metadata",
    "prepare",
]


@dataclass
class IngestResult:
    """What ingest did with one file: ``added``, ``unchanged``, ``restored`` or ``error``."""

    file: str
    status: str
    revision_id: str | None = None
    folder: Path | None = None
    summary: str = ""
    warnings: list[dict] = field(default_factory=list)
    previous_revision_id: str | None = None
    changes: dict | None = None
    error: PipelineError | None = None

    def line(self, lang: str = DEFAULT_LANG) -> str:
        """Return the one line a person reads in ``lang``: the plan, its counts, what changed since the one before."""
        if self.status != "added":
            return self.summary
        since = ""
        if self.changes is not None and self.previous_revision_id:
            since = "; " + translations(lang).gettext("since {revision}: {changes}").format(
                revision=self.previous_revision_id.rsplit("/", 1)[-1], changes=changes_text(self.changes, lang)
            )
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
    options: Options = DEFAULT_OPTIONS,
    jobs: int = 1,
    progress: Callable[[IngestResult], None] | None = None,
    repair: bool = False,
) -> list[IngestResult]:
    """Ingest every file into ``out_dir``; return one result per file, in input order (then what ``repair`` did).

    A bad file is reported in its result and skipped; the others land. The
    published database and the index are rewritten when anything changed.
    A fault of the output folder itself (not a folder, not writable, full,
    a corrupt database) ends it with an OutputError or HistoryError.
    """
    paths = list(files)
    created = now()
    results: list[IngestResult] = []
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(str(out_dir), "cannot write output: it is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with locked(out_dir):  # creating the database and switching it to WAL is not for two at once
            db = store.open_history(out_dir)
        try:
            sources: dict[str, str] = {}
            for item in _prepare_all(paths, out_dir, options, created, jobs):
                result = _write(db, item, out_dir, options, created)
                if result.status == "unchanged" and item.plan is not None:
                    sources[item.plan["source"]["sha256"]] = item.file
                results.append(result)
                if progress is not None:
                    progress(result)
            with locked(out_dir):
                repaired = _repair(db, out_dir, options, sources) if repair else []
                for result in repaired:
                    results.append(result)
                    if progress is not None:
                        progress(result)
                changed = bool(repaired) or any(r.status == "added" for r in results)
                publish_history(db, out_dir, options, force=changed)  # the index links only files that exist
        finally:
            db.close()
            _close_readers()
    except OSError as exc:
        raise OutputError(str(out_dir), f"cannot write output: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise store.damaged_database(out_dir / store.LIVE_NAME, exc) from None
    return results


def prepare(path: Path, out_dir: Path, options: Options, created: str, owner: int) -> Prepared:
    """Given a plan file, return its plan and files, written into a staging folder (runs in a worker).

    The staging folder is hidden (``.<label>.tmp-<owner pid>-...``) beside
    the revision's folder, so that moving it into place is one rename.
    """
    try:
        plan = extract(path, options.settings, options.limits)
        if options.plan_id:
            plan["id"] = options.plan_id
        if options.strict:
            check_strict(plan, str(path))
        # Diff against the latest earlier revision stored now; the writer re-checks under its lock
        # and diffs again only when another revision of this plan has landed since.
        base = _stored_previous(out_dir, plan)
        previous = read_plan(out_dir / base["folder"] / "plan.json", _DIFF_BASE) if base else None
    except PipelineError as exc:
        return Prepared(str(path), error=(exc.file, exc.detail))
    files, diff = revision_files(plan, options, created, previous)
    staging = stage_files(revision_dir(plan, out_dir), owner, files)
    # The files stay on disk: sending them back would cost the one writer their unpickling.
    return Prepared(str(path), plan, staging, diff, base and base["id"])


def now() -> str:
    """Return the current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _repair(db: Any, out_dir: Path, options: Options, sources: dict[str, str]) -> list[IngestResult]:
    from pipeline.repair import restore

    return restore(db, out_dir, options, sources)


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
    following_staging: Path | None = None
    landed = False
    try:
        with locked(out_dir):
            sweep(target.parent)
            same = store.revision_with_sha(db, plan["source"]["sha256"])
            if same is not None:
                return IngestResult(
                    item.file,
                    "unchanged",
                    same["id"],
                    out_dir / same["folder"],
                    summary=translations(options.lang)
                    .gettext("{revision}: unchanged (same bytes as {file})")
                    .format(revision=same["id"], file=same["source_file"]),
                )
            try:
                _check_identity(db, plan, item.file, options)
                previous = store.previous_revision(db, plan["id"], label)
                diff = item.diff
                if (previous and previous["id"]) != item.diff_base:
                    # Another revision of this plan landed after the worker looked: diff against it instead.
                    before = read_plan(out_dir / previous["folder"] / "plan.json", _DIFF_BASE) if previous else None
                    data = {p.name: p.read_bytes() for p in staging.iterdir() if p.name not in DIFF_FILES}
                    files, diff = with_diff(plan, data, options, created, before)
                    for name in DIFF_FILES:
                        (staging / name).unlink(missing_ok=True)
                    write_files(staging, {n: files[n] for n in (*DIFF_FILES, *PORTAL_FILES) if n in files})
                following = store.next_revision(db, plan["id"], label)
                if following is not None:
                    following_staging, following_diff, following_record = _restage_following(
                        following, plan, out_dir, options
                    )
            except PipelineError as exc:
                return IngestResult(item.file, "error", error=exc)
            record = files_record({p.name: p.read_bytes() for p in staging.iterdir()})
            db.execute("BEGIN IMMEDIATE")
            try:
                store.insert_revision(
                    db,
                    plan,
                    target.relative_to(out_dir).as_posix(),
                    created,
                    previous and previous["id"],
                    diff,
                    record,
                    options.record(),
                )
                if following is not None:
                    store.rediff_revision(db, following["id"], rev, following_diff, following_record)
                replace_dir(staging, target)  # only a folder left by an ingest killed before its commit can stand there
                if following_staging is not None:
                    replace_dir(following_staging, out_dir / following["folder"])
                landed = True
                db.execute("COMMIT")
            except BaseException:
                if db.conn.in_transaction:
                    db.execute("ROLLBACK")
                raise
    finally:
        if not landed:
            shutil.rmtree(staging, ignore_errors=True)
            if following_staging is not None:
                shutil.rmtree(following_staging, ignore_errors=True)
    return IngestResult(
        item.file,
        "added",
        rev,
        target,
        warnings=plan["warnings"],
        previous_revision_id=previous and previous["id"],
        changes=diff["summary"] if diff else None,
        summary=plan_summary(plan, options.lang),
    )


def _check_identity(db: Any, plan: dict, file: str, options: Options) -> None:
    """Refuse a revision whose title or organisation is not the stored plan's, unless --plan-id joins them."""
    if store.revision(db, f"{plan['id']}/{revision_label(plan)}") is not None:
        raise RevisionConflictError(
            file,
            f"plan {plan['id']} already has revision {revision_label(plan)} from other bytes; nothing written"
            + ("" if options.plan_id else " (another plan with the same title? give it its own --plan-id)"),
        )
    stored = store.plan_row(db, plan["id"])
    if stored is None or options.plan_id or same_plan(stored, plan):
        return
    raise PlanIdentityError(
        file,
        f"plan id {plan['id']} is stored for {stored['title']!r} ({stored['organisation'] or 'no organisation'}), "
        f"not {plan['title']!r} ({plan['organisation'] or 'no organisation'}); nothing written: "
        f"give --plan-id {plan['id']} if it is a revision of that plan, or another --plan-id to keep it apart",
    )


def _restage_following(following: dict, plan: dict, out_dir: Path, options: Options) -> tuple[Path, dict, dict]:
    """Stage the stored revision after ``plan`` anew, diffed against ``plan``; return (staging, diff, record)."""
    folder = out_dir / following["folder"]
    old = read_plan(folder / "plan.json")
    opts = options.recorded(following["publish_options"])
    data = data_files(old, opts, following["ingested_at"])
    files, diff = with_diff(old, data, opts, following["ingested_at"], plan)
    staging = stage_files(folder, os.getpid(), files)
    assert diff is not None
    return staging, diff, files_record(files)


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
    path = out_dir / store.LIVE_NAME
    if not path.is_file():
        return None
    key = str(path)
    if key not in _READERS:
        import sqlite_utils

        _READERS[key] = sqlite_utils.Database(sqlite3.connect(key, timeout=store.BUSY_TIMEOUT_S))
    try:
        return store.previous_revision(_READERS[key], plan["id"], revision_label(plan))
    except sqlite3.Error as exc:
        raise store.damaged_database(path, exc) from None


def _close_readers() -> None:
    while _READERS:
        _READERS.popitem()[1].close()
