"""The fidelity report: per producer, renderings whole, facts matched, failures and mismatches by kind."""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

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
    split = factors(run)
    if split:
        print("  whole renderings by layout field: " + "; ".join(split))
    print("  first mismatches:")
    for r, key, e, g in wrong[:SHOW_MISMATCHES]:
        want, have = snippet(e, g)
        print(f"    s{r.seed} {r.revision} {key}: expected {want!r} got {have!r}")


#: layout field -> how its values are grouped for the factor table (None: by value as it is).
FACTORS = {
    "ruled": None,
    "cell_padding": lambda v: "0" if v == 0 else ">0",
    "line_height": lambda v: "1.0" if v == 1 else ">1",
    "space_after": lambda v: "0" if v == 0 else ">0",
    "landscape": None,
    "repeat_header": None,
    "page_header": None,
    "page_footer": None,
    "list_numbering": None,
    "print_header_footer": None,
    "font": None,
}
#: a factor is shown when the share of whole renderings differs by at least this much between its values.
FACTOR_SPREAD = 0.3


def factors(run: ProducerRun) -> list[str]:
    """Return lines naming the layout fields whose values split a producer's whole renderings from the rest."""
    from tests.fidelity.layouts import draw_layout

    lines = []
    for name, group in FACTORS.items():
        by_value: dict[str, list[bool]] = collections.defaultdict(list)
        for result in run.results:
            value = getattr(draw_layout(result.seed), name)
            by_value[group(value) if group else str(value)].append(result.score.whole)
        rates = {v: sum(w) / len(w) for v, w in by_value.items()}
        if len(rates) > 1 and max(rates.values()) - min(rates.values()) >= FACTOR_SPREAD:
            shown = ", ".join(f"{v} {sum(by_value[v])}/{len(by_value[v])}" for v in sorted(by_value))
            lines.append(f"{name}: {shown}")
    return lines


def write_json(runs: list[ProducerRun], path: Path) -> None:
    """Write every rendering's result (layout, failure, score, first mismatches) as JSON, for analysis."""
    path.write_text(json.dumps(result_rows(runs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def result_rows(runs: list[ProducerRun]) -> list[dict]:
    """Return every rendering's result (layout, failure, score, first mismatches) as plain data."""
    from tests.fidelity.layouts import draw_layout

    rows = []
    for run in runs:
        for r in run.results:
            rows.append(
                {
                    "producer": r.producer,
                    "revision": r.revision,
                    "seed": r.seed,
                    "file": str(r.file) if r.file else None,
                    "layout": draw_layout(r.seed).describe(),
                    "failure": r.failure,
                    "whole": r.score.whole,
                    "matched": r.score.matched,
                    "expected": r.score.expected,
                    "extra_projects": r.score.extra_projects,
                    "missing_projects": r.score.missing_projects,
                    "mismatches": [
                        {"key": k, "expected": e, "got": g, "kind": mismatch_kind(e, g)}
                        for k, e, g in r.score.mismatches[:20]
                    ],
                }
            )
    return rows
