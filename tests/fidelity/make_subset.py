"""Make the committed subset of the fidelity matrix: tests/fixtures/fidelity/ and its manifest.json.

    python -m tests.fidelity.make_subset [--producers a,b] [--missing]

A few fixed renderings per producer (``SUBSET``: layout seed and revision),
small enough to commit, that tests/test_fidelity.py compares field by field
with the plan read from the text file, without LibreOffice or Chromium.
Each rendering is extracted once here: one that does not come out whole
today is written to the manifest with ``xfail`` set to its first failure, so
the test expects it to fail (strictly); a reader fix turns it green by
removing that marker. Rebuilding needs every producer
(``pip install -e '.[fixtures]'``, LibreOffice, Chromium).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from tests.fidelity.content import ROOT, SOURCES
from tests.fidelity.facts import snippet
from tests.fidelity.layouts import Layout, draw_layout
from tests.fidelity.matrix import extract_score
from tests.fidelity.producers import PRODUCERS

OUT = ROOT / "tests" / "fixtures" / "fidelity"
MANIFEST = OUT / "manifest.json"
#: producer -> (layout seed, revision) of each committed rendering; seeds differ per producer for variety.
FIRST_SUBSET: dict[str, tuple[tuple[int, str], ...]] = {
    "libreoffice-docx": ((101, "2023"), (101, "2024"), (102, "2023")),
    "libreoffice-odt": ((103, "2023"), (104, "2024")),
    "odt": ((105, "2023"), (106, "2024")),
    "chromium": ((107, "2023"), (107, "2024"), (108, "2023")),
    "weasyprint": ((109, "2023"), (109, "2024"), (110, "2023")),
    "reportlab": ((111, "2023"), (111, "2024"), (112, "2023")),
    "cms-html": ((113, "2023"), (113, "2024"), (114, "2023"), (115, "2024")),
}
#: Renderings in layouts that justify and hyphenate (Danish), for the producers that hyphenate.
HYPHENATED: dict[str, tuple[tuple[int, str], ...]] = {
    "libreoffice-docx": ((27, "2024"),),
    "weasyprint": ((22, "2024"), (21, "2023")),
    "reportlab": ((13, "2023"),),
}
SUBSET = {name: entries + HYPHENATED.get(name, ()) for name, entries in FIRST_SUBSET.items()}
MAX_BYTES = 300_000
#: The renderings committed before the layout had ``justify`` and ``hyphenate``: they are rebuilt as they were
#: made (ragged, unhyphenated), so the new fields do not change a committed fixture or its manifest entry.
BEFORE_HYPHENATION = {(name, seed) for name, entries in FIRST_SUBSET.items() for seed, _ in entries}
PINNED = {"justify": False, "hyphenate": False}


def subset_layout(producer: str, seed: int) -> Layout:
    """Return the layout a committed rendering of ``producer`` is made in: the seed's, pinned where it was."""
    layout = draw_layout(seed)
    return replace(layout, **PINNED) if (producer, seed) in BEFORE_HYPHENATION else layout


def first_failure(score, failure: str | None) -> str | None:
    """Return why a rendering is not whole (its error, or its first mismatch), or None when it is."""
    if failure:
        return failure
    if score.whole:
        return None
    parts = [f"{score.matched}/{score.expected} facts"]
    if score.mismatches:
        key, expected, got = score.mismatches[0]
        want, have = snippet(expected, got, context=24)
        parts.append(f"first: {key} expected {want!r} got {have!r}")
    if score.extra_projects or score.missing_projects:
        parts.append(f"{score.extra_projects} extra, {score.missing_projects} missing projects")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fidelity.make_subset", description=__doc__.splitlines()[0])
    parser.add_argument("--producers", default=",".join(SUBSET), help="comma-separated producers to rebuild")
    parser.add_argument(
        "--missing", action="store_true", help="make only the renderings the manifest lacks; keep the others"
    )
    args = parser.parse_args(argv)
    names = [p for p in args.producers.split(",") if p]
    entries = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else []
    have = {(e["producer"], e["seed"], e["revision"]) for e in entries}
    if not args.missing:
        entries = [e for e in entries if e["producer"] not in names]
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names:
        producer = PRODUCERS[name]
        if not producer.available():
            print(f"{name}: not installed", file=sys.stderr)
            return 1
        wanted = [(seed, rev) for seed, rev in SUBSET[name] if not args.missing or (name, seed, rev) not in have]
        if not args.missing:
            for old in OUT.glob(f"{name}-*"):
                old.unlink()
        jobs = [(SOURCES[rev], subset_layout(name, seed)) for seed, rev in wanted]
        for (seed, rev), made in zip(wanted, producer.render_many(jobs, OUT), strict=True):
            if isinstance(made, Exception):
                print(f"{name} s{seed} {rev}: {made}", file=sys.stderr)
                return 1
            if made.stat().st_size > MAX_BYTES:
                print(f"{made.name}: {made.stat().st_size} bytes, over {MAX_BYTES}", file=sys.stderr)
                return 1
            source = SOURCES[rev]
            score, failure, _ = extract_score(str(made), str(source))
            entry = {
                "file": made.name,
                "producer": name,
                "revision": rev,
                "source": str(source.relative_to(ROOT)),
                "seed": seed,
                "layout": subset_layout(name, seed).describe(),
                "xfail": first_failure(score, failure),
            }
            entries.append(entry)
            print(f"{made.name}: {'whole' if not entry['xfail'] else entry['xfail']}")
    order = list(PRODUCERS)
    entries.sort(key=lambda e: (order.index(e["producer"]), e["seed"], e["revision"]))
    MANIFEST.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
