"""Not losing data: two ingests at once, and an ingest killed with SIGKILL at a random moment."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from tests.synthetic import write_revisions

PLANPIPE = str(Path(sys.executable).with_name("planpipe"))
FILES = {
    "plan.json",
    "pillars.csv",
    "objectives.csv",
    "projects.csv",
    "project_objectives.csv",
    "project_plans.csv",
    "datapackage.json",
    "ckan_package.json",
    "dcat.jsonld",
}


def published(out: Path) -> set[str]:
    """Return the revision ids in the published plans.sqlite, read as a downloader gets it: the file alone."""
    copy = out.parent / "downloaded.sqlite"
    copy.write_bytes((out / "plans.sqlite").read_bytes())
    with sqlite3.connect(copy) as conn:
        assert conn.execute("pragma journal_mode").fetchone() == ("delete",)
        assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
        return {r[0] for r in conn.execute("select id from revisions")}


def check_consistent(out: Path) -> tuple[set[str], set[str]]:
    """Assert the store is whole; return (revision ids in the live database, revision folders on disk)."""
    with sqlite3.connect(out / ".planpipe.sqlite", timeout=30) as conn:
        assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        revisions = conn.execute("select id, folder, project_count, pillar_count from revisions").fetchall()
        counted = dict(conn.execute("select revision_id, count(*) from projects group by revision_id").fetchall())
        pillars = dict(conn.execute("select revision_id, count(*) from pillars group by revision_id").fetchall())
    in_db = set()
    for rev, folder, project_count, pillar_count in revisions:
        in_db.add(rev)
        plan = json.loads((out / folder / "plan.json").read_text(encoding="utf-8"))
        assert FILES <= {p.name for p in (out / folder).iterdir()}, rev
        assert counted.get(rev, 0) == project_count == sum(len(p["projects"]) for p in plan["pillars"]), rev
        assert pillars[rev] == pillar_count == len(plan["pillars"]), rev
    on_disk = set()
    for plan_dir in out.iterdir():
        if not plan_dir.is_dir():
            continue
        for folder in plan_dir.iterdir():
            if folder.name.startswith("."):
                continue  # a temporary folder: not visible as a revision
            names = {p.name for p in folder.iterdir()}
            assert FILES <= names, f"half-written folder {folder}: {sorted(names)}"
            json.loads((folder / "plan.json").read_text(encoding="utf-8"))
            on_disk.add(f"{plan_dir.name}/{folder.name}")
    assert in_db <= on_disk
    return in_db, on_disk


def test_two_ingests_at_once_both_land(tmp_path: Path) -> None:
    files = write_revisions(tmp_path / "in", plans=24, revisions=1)
    out = tmp_path / "out"
    halves = [files[0::2], files[1::2]]
    procs = [
        subprocess.Popen(
            [PLANPIPE, "ingest", *map(str, half), "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for half in halves
    ]
    try:
        outputs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            p.kill()
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert [len(o[0].splitlines()) for o in outputs] == [12, 12]
    in_db, on_disk = check_consistent(out)
    assert len(in_db) == 24 and in_db == on_disk == published(out)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert sum(len(p["revisions"]) for p in index["plans"]) == 24


def test_two_revisions_of_one_plan_at_once(tmp_path: Path) -> None:
    files = write_revisions(tmp_path / "in", plans=6, revisions=2)
    out = tmp_path / "out"
    procs = [
        subprocess.Popen([PLANPIPE, "ingest", *map(str, files[i * 6 : i * 6 + 6]), "-o", str(out)]) for i in range(2)
    ]
    try:
        codes = [p.wait(timeout=120) for p in procs]
    finally:
        for p in procs:
            p.kill()
    assert codes == [0, 0]
    in_db, _ = check_consistent(out)
    assert len(in_db) == 12


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.parametrize(("seed", "jobs"), [(1, 1), (2, 1), (3, 2), (4, 2)])
def test_killed_ingest_leaves_the_previous_state_or_whole_revisions(tmp_path: Path, seed: int, jobs: int) -> None:
    rng = random.Random(seed)
    files = write_revisions(tmp_path / "in", plans=120, revisions=1)
    out = tmp_path / "out"
    before = ingest(files[:3], out)
    assert [r.status for r in before] == ["added"] * 3
    previous, _ = check_consistent(out)
    proc = subprocess.Popen(
        [PLANPIPE, "ingest", *map(str, files[3:]), "-o", str(out), "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        # Wait until it is writing (a fourth plan folder appears), then kill it a random moment later.
        while sum(1 for p in out.iterdir() if p.is_dir()) <= 3 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.4))
        workers = children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed: make it larger"
    assert len(workers) == (jobs if jobs > 1 else 0)
    # Its worker processes notice and end; only then is what they staged final.
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() and "planpipe" in _cmdline(w) for w in workers):
        assert time.monotonic() < deadline, "worker processes outlived their killed ingest"
        time.sleep(0.05)
    in_db, on_disk = check_consistent(out)
    assert previous <= in_db
    assert len(in_db) < len(files)
    # At most the one revision being moved in at the kill stands on disk without its row.
    assert len(on_disk - in_db) <= 1
    again = subprocess.run([PLANPIPE, "ingest", *map(str, files), "-o", str(out)], capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr
    in_db, on_disk = check_consistent(out)
    assert len(in_db) == len(files) and in_db == on_disk == published(out)
    leftovers = [p for p in out.rglob(".*") if p.is_dir()]
    assert leftovers == []
