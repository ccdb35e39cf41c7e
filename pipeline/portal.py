"""Portal files: each revision's Data Package, CKAN body and DCAT dataset, and the store's DCAT catalogue.

Ingest builds them from the plan it has just parsed; ``republish`` builds
them again for every stored revision from its folder (plan.json and the
files beside it), so that changed settings (licence, base URL, publisher)
reach every revision without re-parsing a source document.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.emit import revision_label
from pipeline.errors import OutputError
from pipeline.publishing import PublishSettings

#: The files built from the others in a revision folder; everything else is data or a report.
PORTAL_FILES = ("datapackage.json", "ckan_package.json", "dcat.jsonld")


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
    body = plan_to_ckan(plan, files, licence, who, created, base, settings.ckan_organisation)
    ckan = json_bytes(body, compact=True)
    dcat = json_bytes(
        revision_to_dcat(plan, {**files, "ckan_package.json": ckan}, settings, created, created), compact=True
    )
    return {"ckan_package.json": ckan, "dcat.jsonld": dcat}


def revision_files(plan: dict, files: dict[str, bytes], settings: PublishSettings, created: str) -> dict[str, bytes]:
    """Return every portal file of a revision whose data and report files are ``files``."""
    data = {k: v for k, v in files.items() if k not in PORTAL_FILES}
    data["datapackage.json"] = datapackage(plan, data, settings, created)
    return {"datapackage.json": data["datapackage.json"], **portal_metadata(plan, data, settings, created)}


def write_catalogue(db: Any, out_dir: Path, settings: PublishSettings) -> None:
    """Write catalog.ttl and catalog.jsonld: every stored plan as a DCAT-AP 3.0 dataset (atomically).

    The plans are read and written one at a time, so memory stays flat however large the store.
    """
    from pipeline import store
    from pipeline.dcat import StoredRevision, catalogue_nodes, file_infos, write_graph
    from pipeline.ingest import HistoryError

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

    targets = [out_dir / "catalog.jsonld", out_dir / "catalog.ttl"]
    temps = [p.with_name(f".{p.name}.tmp-{os.getpid()}") for p in targets]
    try:
        with open(temps[0], "w", encoding="utf-8") as jsonld, open(temps[1], "w", encoding="utf-8") as turtle:
            write_graph(catalogue_nodes(plans, datasets(), settings), jsonld, turtle)
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(str(exc.filename or out_dir), f"cannot write the catalogue: {exc.strerror or exc}") from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


@dataclass
class Republished:
    """What ``republish`` rewrote."""

    plans: int
    revisions: int
    changed: int


def republish(out_dir: Path, settings: PublishSettings) -> Republished:
    """Rebuild every stored revision's portal files and the catalogue and index from the history.

    Each file is replaced atomically, under the store's lock, so an ingest
    running at the same time waits. Data files and diff reports are untouched.
    """
    from pipeline import store
    from pipeline.ingest import HistoryError, locked, write_side_files

    db_path = out_dir / store.DB_NAME
    if not db_path.is_file():
        raise HistoryError(str(db_path), "no history database here: run planpipe ingest first")
    total = changed = 0
    with locked(out_dir):
        db = store.connect(db_path)
        try:
            plans = store.catalogue(db)
            for row in plans:
                for rev in row["revisions"]:
                    folder = out_dir / rev["folder"]
                    files = _folder_files(folder)
                    if "plan.json" not in files:
                        raise HistoryError(str(folder / "plan.json"), f"revision {rev['id']} has no plan.json")
                    try:
                        plan = json.loads(files["plan.json"])
                    except ValueError as exc:
                        raise HistoryError(str(folder / "plan.json"), f"not valid JSON: {exc}") from None
                    new = revision_files(plan, files, settings, rev["ingested_at"])
                    total += 1
                    if any(files.get(name) != data for name, data in new.items()):
                        changed += 1
                        for name, data in new.items():
                            replace_file(folder / name, data)
            write_side_files(db, out_dir, settings)
        finally:
            db.close()
    return Republished(len(plans), total, changed)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a hidden temporary file and a rename: readers see old or new."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from None


def json_bytes(data: object, compact: bool = False) -> bytes:
    """Return ``data`` as UTF-8 JSON: indented for people, compact for machine-facing files."""
    # json's C encoder does not indent, and compact output is 5x faster.
    if compact:
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _folder_files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}
