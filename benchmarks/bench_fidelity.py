"""Benchmark: fidelity across producers, scored strictly, fact by fact.

    python benchmarks/bench_fidelity.py [--n N] [--seed S] [--producers a,b] [--jobs J] [--keep DIR]

Renders the 2023 and 2024 revisions through every producer of the matrix
(tests/fidelity/producers.py) in N random layouts each (layout seeds S ..
S+N-1, the same layouts for every producer), extracts each rendering with
planpipe in-process and compares its facts with the plan read from the
text file: exact strings after collapsing whitespace, nothing fuzzy.
Prints per producer the renderings that came out whole, the facts matched
out of those expected, the failures by kind, and the first mismatches.
Target: 100% for every producer. Exit 1 when a producer is under it.
Needs the producers (LibreOffice, Chromium, ``pip install -e '.[fixtures]'``);
a producer that is not installed is reported as skipped.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fidelity.facts import mismatch_kind, snippet  # noqa: E402
from tests.fidelity.layouts import layout_seeds  # noqa: E402
from tests.fidelity.matrix import ProducerRun, run_matrix  # noqa: E402
from tests.fidelity.producers import PRODUCERS  # noqa: E402

SHOW_MISMATCHES = 6


def failure_kind(failure: str) -> str:
    """Return a failure message with its numbers and quoted values masked, so alike failures count together."""
    kind = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", failure)
    return re.sub(r"\d+", "N", kind)[:110]


def report(runs: list[ProducerRun], n: int, seed: int) -> bool:
    """Print the per-producer table and the first mismatches; return True when every producer is at 100%."""
    print(f"\nFidelity across producers: {n} layouts (seeds {seed}..{seed + n - 1}) x 2 revisions each, strict")
    header = f"{'producer':<18} {'whole':>9} {'facts matched':>20} {'failed':>7} {'render s':>9} {'extract s':>10}  ok"
    print(header)
    print("-" * len(header))
    ok_all = True
    for run in runs:
        if run.skipped:
            print(f"{run.name:<18} skipped: {run.skipped}")
            continue
        whole = sum(r.score.whole for r in run.results)
        matched = sum(r.score.matched for r in run.results)
        expected = sum(r.score.expected for r in run.results)
        failed = sum(r.failure is not None for r in run.results)
        ok = whole == len(run.results)
        ok_all &= ok
        pct = 100 * matched / expected if expected else 0
        extract_s = sum(r.seconds for r in run.results)
        print(
            f"{run.name:<18} {whole:>4}/{len(run.results):<4} {matched:>7}/{expected:<6} {pct:5.1f}% {failed:>7}"
            f" {run.render_seconds:>9.1f} {extract_s:>10.1f}  {'yes' if ok else 'NO'}"
        )
    for run in runs:
        details(run)
    return ok_all


def details(run: ProducerRun) -> None:
    """Print a producer's failures by kind, its facts wrong by kind with an example each, and its first mismatches."""
    failures = collections.Counter(failure_kind(r.failure) for r in run.results if r.failure)
    wrong = [(r, key, e, g) for r in run.results if not r.failure for key, e, g in r.score.mismatches]
    if not failures and not wrong:
        return
    print(f"\n{run.name}:")
    for kind, count in failures.most_common(6):
        example = next(r for r in run.results if r.failure and failure_kind(r.failure) == kind)
        print(f"  {count}x {kind} (e.g. s{example.seed} {example.revision})")
    kinds = collections.Counter(mismatch_kind(e, g) for _, _, e, g in wrong)
    shifted = [r for r in run.results if r.score.extra_projects or r.score.missing_projects]
    if kinds:
        print(f"  facts wrong by kind: {', '.join(f'{k} {n}' for k, n in kinds.most_common())};"
              f" renderings with projects added or lost: {len(shifted)}")  # fmt: skip
    for kind, _ in kinds.most_common():
        r, key, e, g = next(w for w in wrong if mismatch_kind(w[2], w[3]) == kind)
        want, have = snippet(e, g)
        print(f"  {kind:<9} s{r.seed} {r.revision} {key}: expected {want!r} got {have!r}")
    print("  first mismatches:")
    for r, key, e, g in wrong[:SHOW_MISMATCHES]:
        want, have = snippet(e, g)
        print(f"    s{r.seed} {r.revision} {key}: expected {want!r} got {have!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="random layouts per producer (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="first layout seed (default 1)")
    parser.add_argument("--producers", default=",".join(PRODUCERS), help="comma-separated producer names")
    parser.add_argument("--jobs", type=int, default=1, help="extraction worker processes (default 1)")
    parser.add_argument("--keep", type=Path, help="keep the renderings in this folder")
    args = parser.parse_args(argv)
    names = [p.strip() for p in args.producers.split(",") if p.strip()]
    unknown = [p for p in names if p not in PRODUCERS]
    if unknown:
        parser.error(f"unknown producer(s) {', '.join(unknown)}; known: {', '.join(PRODUCERS)}")
    out = args.keep or Path(tempfile.mkdtemp(prefix="fidelity-"))
    start = time.perf_counter()
    try:
        runs = run_matrix(names, layout_seeds(args.seed, args.n), out, jobs=args.jobs)
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    ok = report(runs, args.n, args.seed)
    print(f"\n{time.perf_counter() - start:.0f} s in all" + (f"; renderings kept in {out}" if args.keep else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
