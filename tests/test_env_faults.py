"""Issue 9, finding 3 (its environment half): each fault ends in one ``Error: <file>: <what>`` line, exit 1,
nothing half-written. A full disk and a read-only folder are real filesystems (a tmpfs mounted for the test,
skipped where mounting is not allowed) and, everywhere, a full disk simulated at the OS boundary."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.ingest import ingest
from tests.conftest import FIXTURES, SEED

PLANPIPE = str(Path(sys.executable).with_name("planpipe"))
PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
SECOND = FIXTURES / "faxe-handleplan-2024.txt"


def planpipe(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([PLANPIPE, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)


def one_error(done: subprocess.CompletedProcess, start: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"Error: {start}"), done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


@contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """Mount a tmpfs at ``path`` for the test (root only; skipped where mounting is not allowed)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def whole(out: Path) -> set[str]:
    """Assert nothing is half-written under ``out``; return the revisions its live database lists."""
    hidden = [p for p in out.rglob(".*") if p.name not in (".planpipe.lock", ".planpipe.sqlite")]
    assert [p for p in hidden if not p.name.startswith(".planpipe.sqlite-")] == []
    listed: set[str] = set()
    if (out / ".planpipe.sqlite").exists():
        # Read a copy (with its WAL): on the full disk itself SQLite cannot even make its shared-memory file.
        scratch = Path(tempfile.mkdtemp())
        for part in out.glob(".planpipe.sqlite*"):
            shutil.copy(part, scratch / part.name)
        with sqlite3.connect(scratch / ".planpipe.sqlite") as conn:
            assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
            listed = {r[0] for r in conn.execute("select folder from revisions")}
    for folder in out.glob("*/*"):
        if folder.is_dir():
            assert (folder / "dcat.jsonld").is_file(), f"half-written {folder}"
    for rev in listed:
        assert (out / rev / "dcat.jsonld").is_file()
    return listed


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should go")
    for command in (["ingest", str(SEED)], ["run", str(SEED)], ["extract", str(SEED)]):
        one_error(planpipe(*command, "-o", str(blocker)), f"{blocker}: cannot write output: it is a file, not a folder")
    one_error(planpipe("run", str(SEED), "-o", str(blocker / "below")), f"{blocker / 'below'}: cannot write output: ")
    assert blocker.read_text() == "a file where the folder should go"


def test_read_only_output_folder(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "ro,size=64k") as folder:
        one_error(planpipe("ingest", str(SEED), "-o", str(folder)), f"{folder}: cannot write output: Read-only")
        one_error(planpipe("extract", str(SEED), "-o", str(folder)), f"{folder}")
        one_error(planpipe("diff", str(SEED), str(SEED), "-o", str(folder / "d.json")), f"{folder / 'd.json'}: ")
        assert list(folder.iterdir()) == []


@pytest.mark.parametrize("size", ["24k", "160k", "320k", "480k"])
def test_full_disk_while_ingesting(tmp_path: Path, size: str) -> None:
    with tmpfs(tmp_path / "small", f"size={size}") as disk:
        out = disk / "out"
        done = planpipe("run", str(SEED), str(SECOND), "-o", str(out))
        one_error(done, str(out))
        # SQLite words a full disk its own way: "database or disk is full", or "disk I/O error" for its WAL index.
        assert any(what in done.stderr for what in ("No space left on device", "disk is full", "disk I/O error"))
        whole(out)


def test_full_disk_while_extracting_and_diffing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "size=8k") as disk:
        one_error(planpipe("extract", str(SEED), "-o", str(disk / "x")), "")
        assert [p for p in disk.rglob("*") if p.is_file()] == []
        one_error(planpipe("diff", str(SEED), str(SECOND), "--format", "html", "-o", str(disk / "d.html")), "")
        assert [p for p in disk.rglob("*") if p.is_file()] == []


def test_full_disk_simulated_at_the_os_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    real = Path.write_bytes
    calls = {"n": 0}

    def write_bytes(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(OutputError) as caught:
        ingest([SECOND], out)
    assert str(caught.value) == f"{out}: cannot write output: No space left on device"
    monkeypatch.undo()
    assert whole(out) == {f"{PLAN}/2023"}
    assert not (out / PLAN / "2024").exists()


def test_standard_output_full_closed_or_a_broken_pipe(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        for command in (["extract", str(SEED), "-o", "-"], ["diff", str(SEED), str(SECOND)]):
            one_error(planpipe(*command, stdout=full), "-: cannot write to standard output: No space left on device")
        out = tmp_path / "out"
        done = planpipe("run", str(SEED), "-o", str(out), stdout=full)
        one_error(done, "-: cannot write to standard output: No space left on device")
        assert whole(out) == {f"{PLAN}/2023"}  # the ingest finished; only its report was lost
        assert (out / "index.html").is_file() and (out / "plans.sqlite").is_file()
    closed = subprocess.run(
        f"{PLANPIPE} extract {SEED} -o - >&-", shell=True, capture_output=True, text=True, timeout=120
    )
    one_error(closed, "-: cannot write to standard output: it is closed")
    # planpipe extract x -o - | head -c1, made certain: the reader is gone before anything is written.
    read, write = os.pipe()
    os.close(read)
    try:
        broken = planpipe("extract", str(SEED), "-o", "-", stdout=write)
    finally:
        os.close(write)
    one_error(broken, "-: cannot write to standard output: Broken pipe")


@pytest.mark.parametrize("name", ["plans.sqlite", ".planpipe.sqlite"])
def test_a_corrupt_database(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    for command in (["ingest", str(SEED)], ["run", str(SEED)]):
        one_error(planpipe(*command, "-o", str(out)), f"{out / name}: cannot use the history database: ")
    one_error(planpipe("history", PLAN, "-o", str(out)), f"{out / name}: cannot use the history database: ")
    assert not (out / PLAN).exists()


def test_a_database_damaged_inside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    live = out / ".planpipe.sqlite"
    with sqlite3.connect(live) as conn:
        conn.execute("pragma wal_checkpoint(truncate)")
        pages = conn.execute("pragma page_count").fetchone()[0]
    data = bytearray(live.read_bytes())
    page = len(data) // pages
    data[page * 2 : page * (pages - 1)] = os.urandom(page * (pages - 3))  # keep the header page
    live.write_bytes(bytes(data))
    one_error(planpipe("ingest", str(SECOND), "-o", str(out)), f"{live}: cannot use the history database: ")
    assert not (out / PLAN / "2024").exists()
