"""Staging and locking for the history: who may write, and how a folder or file appears whole or not at all.

One exclusive file lock per output folder (``DIR/.planpipe.lock``) makes
its writers take turns. A revision's files are written into a hidden
staging folder (``.<label>.tmp-<pid>-...``) beside their final place and
moved in by one rename; what a killed writer left is swept by the next.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.atomic import new_dir

LOCK_NAME = ".planpipe.lock"
_STAGING = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>[0-9]+)(?:-.*)?$")


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the exclusive lock on ``out_dir`` (waiting for another ingest to let go)."""
    with open(out_dir / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def staging_dir(target: Path, owner: int) -> Path:
    """Return a new, empty, hidden folder beside ``target`` that ``sweep`` knows belongs to process ``owner``."""
    return new_dir(target, owner)


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (name -> bytes) into ``folder``."""
    for name, data in files.items():
        (folder / name).write_bytes(data)


def stage_files(target: Path, owner: int, files: dict[str, bytes]) -> Path:
    """Return a new staging folder beside ``target`` (``staging_dir``) holding ``files``; none is left on failure."""
    staging = staging_dir(target, owner)
    try:
        write_files(staging, files)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def sweep(plan_dir: Path) -> None:
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
        elif entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    # Our own pid counts as alive: workers may be staging revisions we have not written yet.
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
