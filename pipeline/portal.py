"""Portal files: each revision's Data Package, CKAN body and DCAT dataset, and the store's DCAT catalogue.

Ingest builds them (through ``pipeline.revision``) from the plan it has
just parsed; ``republish`` builds every stored revision's files again from
its plan.json, so that changed settings (licence, base URL, publisher,
language) reach every revision without re-parsing a source document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.atomic import atomic_path, replace_file
from pipeline.emit import json_bytes, revision_label
from pipeline.errors import HistoryError, OutputError
from pipeline.publishing import PublishSettings


def datapackage(plan: dict, files: dict[str, bytes], settings: PublishSettings, created: str) -> bytes:
    """Return datapackage.json for the revision's CSV tables."""
    from pipeline.opendata import find_licence, plan_to_datapackage

    licence = find_licence(settings.licence)
    package = plan_to_datapackage(plan, files, licence, settings.publisher_for(plan.get("organisation")), created)
    return json_bytes(package)


def portal_metadata(plan: dict, files: dict[str, bytes], settings: PublishSettings, created: str) -> dict[str, bytes]:
    """Return ckan_package.json and dcat.jsonld describing ``files`` (and the CKAN file itself, for DCAT)."""
    from pipeline.dcat import revision_to_dcat
    from pipeline.opendata import find_licence, plan_to_ckan

    licence = find_licence(settings.licence)
    who = settings.publisher_for(plan.get("organisation"))
    base = settings.revision_url(plan["id"], revision_label(plan)) if settings.base_url else ""
    body = plan_to_ckan(plan, files, licence, who, created, base, settings.ckan_organisation, settings.language)
    ckan = json_bytes(body, compact=True)
    dcat = json_bytes(
        revision_to_dcat(plan, {**files, "ckan_package.json": ckan}, settings, created, created), compact=True
    )
    return {"ckan_package.json": ckan, "dcat.jsonld": dcat}


def write_catalogue(db: Any, out_dir: Path, settings: PublishSettings) -> None:
    """Write catalog.ttl and catalog.jsonld: every stored plan as a DCAT-AP 3.0 dataset (atomically).

    The plans are read and written one at a time, so memory stays flat however large the store.
    """
    from pipeline import store
    from pipeline.dcat import StoredRevision, catalogue_nodes, file_infos, write_graph

    plans = [row for row in store.catalogue(db) if row["revisions"]]

    def datasets() -> Iterator[tuple[dict, list]]:
        for row in plans:
            revisions, plan = [], None
            for rev in row["revisions"]:
                files = _folder_files(out_dir / rev["folder"])
                if "plan.json" in files:
                    plan = json.loads(files["plan.json"])
                revisions.append(StoredRevision(rev["label"], rev["ingested_at"], file_infos(files)))
            if plan is None:
                raise HistoryError(str(out_dir / row["revisions"][-1]["folder"]), f"plan {row['id']} has no plan.json")
            yield plan, revisions

    try:  # both files are renamed into place only when both are written
        with atomic_path(out_dir / "catalog.jsonld") as jsonld_tmp, atomic_path(out_dir / "catalog.ttl") as ttl_tmp:
            with open(jsonld_tmp, "w", encoding="utf-8") as jsonld, open(ttl_tmp, "w", encoding="utf-8") as turtle:
                write_graph(catalogue_nodes(plans, datasets(), settings), jsonld, turtle)
    except OSError as exc:
        raise OutputError(str(exc.filename or out_dir), f"cannot write the catalogue: {exc.strerror or exc}") from None


@dataclass
class Republished:
    """What ``republish`` rewrote."""

    plans: int
    revisions: int
    changed: int


def republish(out_dir: Path, settings: PublishSettings) -> Republished:
    """Rebuild every stored revision's files from its plan.json with ``settings``; then the catalogue and index.

    Nothing is parsed again. The portal files change with the settings, the
    diff reports with their language; data files come out as they were.
    Each revision's record in the history (its files' sha256 and the
    settings they were made with) is updated first, in its own transaction,
    then its changed files are replaced atomically: ``run`` checks the files
    against that record, so it keeps what was published (and finishes a
    publish that died half-way). All under the store's lock: an ingest
    running at the same time waits.
    """
    from pipeline import store
    from pipeline.history import publish_history
    from pipeline.revision import DEFAULT_OPTIONS, Options, files_record, read_plan, revision_files
    from pipeline.staging import locked

    if not (out_dir / store.LIVE_NAME).is_file() and not (out_dir / store.DB_NAME).is_file():
        raise HistoryError(str(out_dir / store.DB_NAME), "no history database here: run planpipe ingest first")
    total = changed = 0
    with locked(out_dir):
        db = store.open_history(out_dir)
        try:
            plans = store.catalogue(db)
            for row in plans:
                for rev in row["revisions"]:
                    folder = out_dir / rev["folder"]
                    if not (folder / "plan.json").is_file():
                        raise HistoryError(str(folder / "plan.json"), f"revision {rev['id']} has no plan.json")
                    plan = read_plan(folder / "plan.json")
                    previous = store.revision(db, rev["previous_revision_id"]) if rev["previous_revision_id"] else None
                    before = read_plan(out_dir / previous["folder"] / "plan.json") if previous else None
                    stored = DEFAULT_OPTIONS.recorded(rev["publish_options"])
                    excel_dk = stored.excel_dk if rev["publish_options"] else any(folder.glob("*.excel-dk.csv"))
                    options = replace(stored, publish=settings, excel_dk=excel_dk)
                    try:
                        files, _ = revision_files(plan, options, rev["ingested_at"], before)
                    except (KeyError, TypeError, ValueError) as exc:
                        raise HistoryError(str(folder / "plan.json"), f"not a stored plan: {exc!r}") from None
                    total += 1
                    record = files_record(files)
                    stored_record = json.loads(rev["files"]) if rev["files"] else None
                    stored_options = json.loads(rev["publish_options"]) if rev["publish_options"] else None
                    if stored_record != record or stored_options != options.record():
                        store.record_files(db, rev["id"], record, options.record())
                    old = _folder_files(folder)
                    stale = [name for name, data in files.items() if old.get(name) != data]
                    changed += bool(stale)
                    for name in stale:
                        try:
                            replace_file(folder / name, files[name])
                        except OSError as exc:
                            raise OutputError(str(folder / name), f"cannot write: {exc.strerror or exc}") from None
            publish_history(db, out_dir, Options(publish=settings), force=True)
        finally:
            db.close()
    return Republished(len(plans), total, changed)


def _folder_files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}
