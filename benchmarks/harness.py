"""Shared measuring and printing for the benchmarks: ours beside a baseline, same run, same machine.

Every figure is the median of several runs, and each baseline is measured
in the same run as the figure it is compared with, so a busy machine slows
both. These are benchmarks to read, never timed tests.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Row:
    """One line of a benchmark report."""

    measure: str
    ours: float
    baseline: float | None = None
    unit: str = "s"
    target: str = ""
    ok: bool | None = None


def process_seconds(argv: Sequence[str], repeat: int = 7, warmup: int = 1) -> float:
    """Return the median wall time of running ``argv`` as a new process."""
    for _ in range(warmup):
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def call_seconds(func: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Return the median wall time of ``number`` calls of ``func``, per call."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def python(*code: str) -> list[str]:
    """Return the argv that runs ``code`` with this interpreter."""
    return [sys.executable, "-c", "; ".join(code)]


def print_report(title: str, rows: list[Row]) -> bool:
    """Print rows as an aligned table; return True when every row with a target met it."""
    print(f"\n{title}")
    header = f"{'measure':<52} {'ours':>12} {'baseline':>12} {'ratio':>7}  {'target':<22} ok"
    print(header)
    print("-" * len(header))
    for row in rows:
        base = f"{row.baseline:.4g}{row.unit}" if row.baseline is not None else "-"
        ratio = f"{row.ours / row.baseline:.2f}x" if row.baseline else "-"
        ok = {True: "yes", False: "NO", None: ""}[row.ok]
        print(f"{row.measure:<52} {row.ours:>11.4g}{row.unit} {base:>12} {ratio:>7}  {row.target:<22} {ok}")
    return all(r.ok is not False for r in rows)
