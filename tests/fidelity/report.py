"""The fidelity report: per producer, renderings whole, facts matched, failures and mismatches by kind."""

from __future__ import annotations

import collections
import re

from tests.fidelity.facts import mismatch_kind, snippet
from tests.fidelity.matrix import ProducerRun

SHOW_MISMATCHES = 6


def failure_kind(failure: str) -> str:
    """Return a failure message with its numbers and quoted values masked, so alike failures count together."""
    kind = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", failure)
    return re.sub(r"\d+", "N", kind)[:110]


def report(runs: list[ProducerRun], title: str) -> bool:
    """Print the per-producer table and the mismatches; return True when every producer is at 100%."""
    print(f"\nFidelity across producers: {title}, strict")
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
