"""Plan shapes: N generated plans, written the many ways municipalities write theirs, extracted and scored.

    python benchmarks/bench_shapes.py [--n 500] [--seed 1]

Each plan comes from ``tests/shapes/generate.py`` with the facts it holds;
every fact is compared strictly (``tests/shapes/score.py``). Prints the facts
matched per kind of fact and per value of each shape dimension (title form,
pillar headings, objective style, numbering, reference style, header words,
status and year columns, extra columns, continuation rows, tab or pipe rows,
language), overall, and the first mismatches. Exit 1 under 100%.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.run import bytes_to_plan  # noqa: E402
from tests.shapes.generate import generate  # noqa: E402
from tests.shapes.render import to_docx, to_html  # noqa: E402
from tests.shapes.score import Score, score_plan  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="How many plans to generate (default 500).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the first plan (default 1).")
    parser.add_argument("--show", type=int, default=10, help="How many mismatches to print (default 10).")
    parser.add_argument(
        "--format",
        choices=["text", "html", "docx"],
        default="text",
        help="Extract the text markup, or an HTML page of it (every other one with its list numbers typed by hand), "
        "or a Word document of it (python-docx).",
    )
    args = parser.parse_args(argv)

    overall = Score()
    by_dim: dict[tuple[str, str], list[int]] = {}
    errors: list[str] = []
    whole = 0
    started = time.perf_counter()
    for seed in range(args.seed, args.seed + args.n):
        shape = generate(seed)
        if args.format == "html":
            # Every other page numbers its lists by hand ("<p>1. SKABER vi ...</p>").
            data, name = to_html(shape.text, typed_numbers=seed % 2 == 1).encode("utf-8"), f"shape-{seed}.html"
        elif args.format == "docx":
            data, name = to_docx(shape.text), f"shape-{seed}.docx"
        else:
            data, name = shape.text.encode("utf-8"), f"shape-{seed}.txt"
        try:
            plan = bytes_to_plan(data, name)
        except PipelineError as exc:
            plan = {}
            errors.append(f"seed {seed}: {exc}")
        score = score_plan(plan, shape.truth)
        for kind, where, want, got in score.mismatches:
            overall.mismatches.append((kind, f"seed {seed} {where}", want, got))
        score.mismatches = []
        overall.add(score)
        whole += score.hits == score.facts
        for dim, value in shape.dims.items():
            counts = by_dim.setdefault((dim, str(value)), [0, 0])
            counts[0] += score.hits
            counts[1] += score.facts
    seconds = time.perf_counter() - started

    print(f"{args.n} generated plans as {args.format} (seeds {args.seed}..{args.seed + args.n - 1}), {seconds:.1f} s")
    print(f"{'facts by kind':<34} {'matched':>9} {'of':>7} {'%':>7}")
    for kind in sorted(overall.total):
        hits, total = overall.matched.get(kind, 0), overall.total[kind]
        print(f"  {kind:<32} {hits:>9} {total:>7} {100 * hits / total:>6.1f}%")
    print(f"{'facts by shape dimension':<34} {'matched':>9} {'of':>7} {'%':>7}")
    for (dim, value), (hits, total) in sorted(by_dim.items()):
        print(f"  {dim + '=' + value:<32} {hits:>9} {total:>7} {100 * hits / total:>6.1f}%")
    percent = 100 * overall.hits / overall.facts if overall.facts else 0.0
    print(f"overall: {overall.hits} of {overall.facts} facts matched ({percent:.2f}%); {whole} of {args.n} plans whole")
    if errors:
        print(f"{len(errors)} plans refused; first: {errors[0]}")
    for kind, where, want, got in overall.mismatches[: args.show]:
        print(f"  mismatch {kind} at {where}: expected {want!r}, got {got!r}")
    return 0 if overall.hits == overall.facts and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
