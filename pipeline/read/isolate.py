"""Run a reader so that nothing but a PipelineError comes out of it.

Third-party parsers fail in their own ways on broken files: a TypeError deep
in pdfminer, a RecursionError, a MemoryError, or a native crash (a
segmentation fault, an abort) that would end the process with no message.
Here every such failure becomes a FormatError naming the file. Readers of
formats whose libraries can die natively or balloon (PDF, .docx, .odt) run
in a forked child process with a memory and CPU cap, so that even a crash
or an endless parse becomes our one-line error.

Set ``PLANPIPE_DEBUG=1`` to let unexpected exceptions through with their
traceback, so a bug of our own is not mistaken for a corrupt file.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any

from pipeline.errors import FormatError, PipelineError
from pipeline.limits import Limits, size_text

#: Formats read in a child process, and the libraries to import before forking (so each child starts warm).
ISOLATED: dict[str, tuple[str, ...]] = {
    "pdf": ("pdfplumber",),
    "docx": ("docx",),
    "odt": ("lxml.etree",),
}


def debugging() -> bool:
    """Return True when unexpected exceptions should surface with their traceback (``PLANPIPE_DEBUG``)."""
    return os.environ.get("PLANPIPE_DEBUG", "") not in ("", "0")


def read_guarded(reader: Callable[..., Any], data: bytes, name: str, fmt: str, limits: Limits) -> Any:
    """Return ``reader(data, name)``'s blocks; any failure but a PipelineError becomes a FormatError.

    The reader gets ``limits`` when it takes them. PDF, .docx and .odt are
    read in a child process when the platform can fork.
    """
    takes_limits = "limits" in inspect.signature(reader).parameters
    isolated = fmt in ISOLATED and limits.reader_memory_bytes > 0 and hasattr(os, "fork")

    def call() -> Any:
        try:
            return reader(data, name, limits=limits) if takes_limits else reader(data, name)
        except PipelineError:
            raise
        except MemoryError:
            if isolated:
                raise  # the child reports its own cap
            raise FormatError(name, f"{fmt.upper()} needs more memory than this machine allows to read") from None
        except RecursionError:
            raise FormatError(name, f"{fmt.upper()} nests too deeply to read") from None
        except Exception as exc:
            if debugging():
                raise
            raise FormatError(name, f"corrupt or unreadable {fmt.upper()}: {type(exc).__name__}") from None

    if isolated:
        for module in ISOLATED[fmt]:
            try:
                importlib.import_module(module)
            except ImportError:
                pass  # the reader reports a missing package itself
        return in_child(call, name, fmt, limits)
    return call()


def in_child(call: Callable[[], Any], name: str, fmt: str, limits: Limits) -> Any:
    """Return ``call()`` run in a forked child with the reader's memory and CPU caps.

    The child sends back its result or its PipelineError; a child killed by
    a signal (a native crash, the CPU cap) or out of memory becomes a
    FormatError naming the file.
    """
    import resource

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_end)
            _die_with_parent()
            memory, cpu = limits.reader_memory_bytes, limits.reader_cpu_seconds
            for which, cap in ((resource.RLIMIT_AS, (memory, memory)), (resource.RLIMIT_CPU, (cpu, cpu + 5))):
                try:
                    resource.setrlimit(which, cap)
                except (ValueError, OSError):
                    pass  # a platform without this cap (macOS has no RLIMIT_AS to lower): read without it
            try:
                outcome: tuple = ("ok", call())
            except PipelineError as exc:
                outcome = ("error", type(exc), exc.file, exc.detail)
            except MemoryError:
                outcome = ("memory",)
            except BaseException:  # only with PLANPIPE_DEBUG: hand the traceback on
                import traceback

                outcome = ("bug", traceback.format_exc())
            try:
                payload = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps(("memory",))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            status = 70
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if payload:
        try:
            outcome = pickle.loads(payload)
        except Exception:
            outcome = ("lost",)
        if outcome[0] == "ok":
            return outcome[1]
        if outcome[0] == "error":
            raise outcome[1](outcome[2], outcome[3])
        if outcome[0] == "bug":
            raise RuntimeError(f"reading {name} failed:\n{outcome[1]}")
        if outcome[0] == "memory":
            raise FormatError(
                name,
                f"reading this {fmt.upper()} needs more than {size_text(limits.reader_memory_bytes)} "
                "of memory (reader_memory_bytes)",
            )
    raise FormatError(name, _death(status, fmt, limits))


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this child when its parent dies (a killed ``planpipe`` leaves none behind)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _death(status: int, fmt: str, limits: Limits) -> str:
    """Return what a reader child's exit status tells the user."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return (
                f"reading this {fmt.upper()} took more than {limits.reader_cpu_seconds} CPU seconds "
                "(reader_cpu_seconds)"
            )
        if sig == signal.SIGKILL:
            return f"reading this {fmt.upper()} was killed (out of memory?)"
        return f"the {fmt.upper()} reader crashed on this file ({signal.Signals(sig).name}): corrupt or hostile file"
    return f"the {fmt.upper()} reader stopped without an answer (exit status {os.WEXITSTATUS(status)})"
