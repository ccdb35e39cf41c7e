"""Atomic writes: a file or folder is made beside its place under a hidden name, then renamed over it.

A reader sees the old file or the new one, never half of one; a failure
leaves the old one and removes the temporary. Temporary names are
``.<name>.tmp-<pid>-...``, which ``pipeline.staging.sweep`` recognises as
the leftovers of a killed process.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def current_umask() -> int:
    """Return the process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a new, empty, hidden file path beside ``path``; on success it is renamed over ``path``.

    Whatever the caller writes there (bytes, a SQLite backup...) gets the
    permissions of a new file (0666 less the umask: mkstemp makes 0600).
    """
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.tmp-{os.getpid()}-", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_file(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` whole: written beside it under a hidden name, then renamed over it."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def new_dir(target: Path, owner: int | None = None) -> Path:
    """Return a new, empty, hidden folder beside ``target`` (named for process ``owner``, by default this one)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{owner or os.getpid()}-", dir=target.parent))
    os.chmod(folder, 0o777 & ~current_umask())  # mkdtemp makes 0700; outputs are for sharing
    return folder


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` whole."""
    tmp = new_dir(target)
    try:
        yield tmp
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def replace_dir(complete: Path, target: Path) -> None:
    """Put the folder ``complete`` at ``target``, replacing what stands there, by renames only."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        os.replace(target, old)
    os.replace(complete, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
