"""Repair: check every stored revision's files against the store's record, and restore what is missing.

A file planpipe makes that the record does not list (a diff report the
database does not know, left by a crash) is removed.

The store records each file's sha256 when a revision lands. A file that is
missing or altered is made again (``pipeline.revision`` makes the same
bytes from the same plan, options, moment and previous plan) from the
revision's plan.json, or, when plan.json itself is lost, from its source
document if it is among the inputs; it is put back only when its bytes
match the record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.atomic import replace_file
from pipeline.errors import HistoryError, PipelineError
from pipeline.i18n import translations
from pipeline.ingest import IngestResult
from pipeline.revision import Options, damaged, files_record, read_plan, revision_files, strays
from pipeline.run import extract


def restore(db: Any, out_dir: Path, options: Options, sources: dict[str, str]) -> list[IngestResult]:
    """Check every stored revision's files against the store's record; restore what is missing or altered.

    Revisions go in label order, so a restored plan.json serves the diff of
    the revision after it. ``sources`` maps source sha256 to an input file
    that has those bytes: the way back to a lost plan.json. The caller
    holds the lock.
    """
    results = []
    for plan in store.catalogue(db):
        for rev in plan["revisions"]:
            if not rev["files"]:
                continue  # stored by a planpipe that kept no record of its files
            record = json.loads(rev["files"])
            folder = out_dir / rev["folder"]
            bad = damaged(folder, record)
            extra = strays(folder, record)
            for name in extra:
                (folder / name).unlink()
            if bad:
                results.append(_restore(db, rev, record, bad, out_dir, options, sources, extra))
            elif extra:
                results.append(_done(rev, folder, [], extra, options.lang))
    return results


def _done(rev: dict, folder: Path, restored: list[str], removed: list[str], lang: str) -> IngestResult:
    _ = translations(lang).gettext
    what = [_("restored {files}").format(files=", ".join(restored))] if restored else []
    what += [_("removed {files} (not part of it)").format(files=", ".join(removed))] if removed else []
    return IngestResult(str(folder), "restored", rev["id"], folder, summary=f"{rev['id']}: {'; '.join(what)}")


def _restore(
    db: Any,
    rev: dict,
    record: dict,
    bad: list[str],
    out_dir: Path,
    options: Options,
    sources: dict[str, str],
    removed: list[str],
) -> IngestResult:
    folder = out_dir / rev["folder"]
    try:
        if "plan.json" in bad:
            source = sources.get(rev["source_sha256"])
            if source is None:
                raise HistoryError(
                    str(folder),
                    f"{', '.join(bad)} missing or altered; plan.json can be made again only from its source "
                    f"{rev['source_file']}: give it to planpipe run",
                )
            plan = extract(source, options.settings, options.limits)
            plan["id"], plan["source"]["file"] = rev["plan_id"], rev["source_file"]
        else:
            plan = read_plan(folder / "plan.json")
        previous = store.revision(db, rev["previous_revision_id"]) if rev["previous_revision_id"] else None
        before = read_plan(out_dir / previous["folder"] / "plan.json") if previous else None
        files, _ = revision_files(plan, options.recorded(rev["publish_options"]), rev["ingested_at"], before)
        made = files_record(files)
        good = [name for name in bad if made.get(name) == record[name]]
        folder.mkdir(parents=True, exist_ok=True)
        for name in good:
            replace_file(folder / name, files[name])
        left = [name for name in bad if name not in good]
        if left:
            raise HistoryError(
                str(folder),
                f"cannot restore {', '.join(left)}: this planpipe makes other bytes than were stored"
                + (f" (restored {', '.join(good)})" if good else ""),
            )
    except PipelineError as exc:
        return IngestResult(str(folder), "error", rev["id"], folder, error=exc)
    return _done(rev, folder, good, removed, options.lang)
