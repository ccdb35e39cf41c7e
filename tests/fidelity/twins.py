"""Twin renderings: is a wrong space at a line end a reader error, or is the word not in the file at all?

    python -m tests.fidelity.twins RESULTS.json [--producers a,b] [--out DIR]

A fact the reader got wrong only in its spaces ("Litterære byvandringer" for
the source's "Litterære byvandring er") is rendered again as its twin: the
same producer and layout, with the source text written as the reader read
it. When the twin's glyphs are the original's, character for character at
the same places in the same fonts, the two source texts make the same file,
and no reader can tell which one the author wrote: that mismatch is
*indistinguishable*. Otherwise the file holds the evidence and the reader
missed it. A phrase that occurs more than once in the source is tried at
each place; one identical twin is enough.

RESULTS.json is what ``bench_fidelity.py --json`` or ``rescore --json``
writes. The twins are rendered into a temporary folder (``--out`` keeps
them). Chromium's print header and footer carry the page's file address and
the time, which differ between any two renderings: lines holding
``file:`` or a clock time are left out of the comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.fidelity.content import SOURCES
from tests.fidelity.layouts import draw_layout
from tests.fidelity.producers import PRODUCERS

_FURNITURE = re.compile(r"file:|\d{1,2}[:.]\d{2}")


@dataclass(frozen=True)
class Twin:
    """One mismatch of spaces and what its twins showed."""

    producer: str
    revision: str
    seed: int
    key: str
    expected: str
    got: str
    #: "indistinguishable", "distinguishable", or why no twin was made ("not in source", "render: ...")
    verdict: str


def spaces_only(expected: str | None, got: str | None) -> bool:
    """Return True when ``got`` differs from ``expected`` in its spaces only."""
    return bool(expected and got) and expected != got and expected.replace(" ", "") == got.replace(" ", "")


def glyphs(path: Path) -> list[tuple]:
    """Return every glyph of a PDF as (page, text, x0, top, font, size), without page furniture lines that
    hold a file address or a clock time (Chromium's print header and footer)."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines: dict[float, list[dict]] = {}
            for char in page.chars:
                lines.setdefault(round(char["top"], 1), []).append(char)
            for top, chars in sorted(lines.items()):
                if _FURNITURE.search("".join(c["text"] for c in chars)):
                    continue
                out += [
                    (number, c["text"], round(c["x0"], 2), top, c["fontname"].split("+")[-1], round(c["size"], 2))
                    for c in chars
                ]
            page.close()
    return out


def twin_sources(source: Path, expected: str, got: str, folder: Path, stem: str) -> list[Path]:
    """Return text plans like ``source`` with one occurrence each of ``expected`` (a fact, its whitespace
    collapsed: any run of whitespace in the source matches its spaces) written as ``got``."""
    text = source.read_text(encoding="utf-8")
    pattern = re.compile(r"\s+".join(re.escape(word) for word in expected.split(" ")))
    out = []
    for n, match in enumerate(pattern.finditer(text)):
        path = folder / f"{stem}~{n}.txt"
        path.write_text(text[: match.start()] + got + text[match.end() :], encoding="utf-8")
        out.append(path)
    return out


def local_change(expected: str, got: str) -> tuple[str, str] | None:
    """Return the one place where ``got`` differs from ``expected``, a word of context on each side, as
    (expected phrase, got phrase); None where they differ in more places than one."""
    import difflib

    old, new = expected.split(" "), got.split(" ")
    changes = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(changes) != 1:
        return None
    _, a1, a2, b1, b2 = changes[0]
    before, after = old[max(a1 - 1, 0) : a1], old[a2 : a2 + 1]
    return " ".join(before + old[a1:a2] + after), " ".join(before + new[b1:b2] + after)


def judge(results: Iterable[dict], out_dir: Path, producers: set[str] | None = None) -> list[Twin]:
    """Render a twin for every spaces-only mismatch of ``results`` (rendering results as JSON dicts)."""
    jobs: dict[str, list[tuple[dict, dict, list[Path]]]] = {}
    sources = out_dir / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for result in results:
        name = result["producer"]
        if (producers and name not in producers) or not result.get("file") or name not in PRODUCERS:
            continue
        for mismatch in result["mismatches"]:
            if not spaces_only(mismatch.get("expected"), mismatch.get("got")):
                continue
            # every twin has a name of its own: a producer renders a batch in one folder
            stem = f"{result['revision']}t{len(jobs.get(name, []))}"
            folder = sources / name
            folder.mkdir(exist_ok=True)
            source = SOURCES[result["revision"]]
            paths = twin_sources(source, mismatch["expected"], mismatch["got"], folder, stem)
            if not paths and (local := local_change(mismatch["expected"], mismatch["got"])):
                # a fact the text plan holds in pieces (a cell split by a page-break fragment): its one change
                paths = twin_sources(source, *local, folder, stem)
            jobs.setdefault(name, []).append((result, mismatch, paths))
    twins = []
    for name, items in jobs.items():
        producer = PRODUCERS[name]
        work = [(path, draw_layout(result["seed"])) for result, _, paths in items for path in paths]
        made = iter(producer.render_many(work, out_dir / name) if work else [])
        for result, mismatch, paths in items:
            verdict = "not in source" if not paths else "distinguishable"
            original = glyphs(Path(result["file"])) if paths else []
            for _ in paths:
                file = next(made)
                if isinstance(file, Exception):
                    verdict = f"render: {file}"
                elif verdict == "distinguishable" and glyphs(file) == original:
                    verdict = "indistinguishable"
            twins.append(
                Twin(
                    name,
                    result["revision"],
                    result["seed"],
                    mismatch["key"],
                    mismatch["expected"],
                    mismatch["got"],
                    verdict,
                )
            )
    return twins


def summary(twins: Sequence[Twin]) -> list[str]:
    """Return the report's lines: per producer, the spaces-only mismatches by verdict; then each one a reader
    could have got right (its twin differs) or that could not be judged."""
    counts: dict[str, Counter] = {}
    for twin in twins:
        counts.setdefault(twin.producer, Counter())[twin.verdict] += 1
    lines = [f"{name:18} " + ", ".join(f"{n} {v}" for v, n in count.most_common()) for name, count in counts.items()]
    for twin in twins:
        if twin.verdict != "indistinguishable":
            lines.append(
                f"  {twin.verdict}: {twin.producer} s{twin.seed} {twin.revision} {twin.key}:"
                f" {twin.expected[:60]!r} read {twin.got[:60]!r}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fidelity.twins", description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="results JSON of bench_fidelity.py or rescore (--json)")
    parser.add_argument("--producers", default="", help="comma-separated producers (default: all)")
    parser.add_argument("--out", type=Path, help="keep the twins in this folder")
    parser.add_argument("--json", type=Path, help="write every twin's verdict to this JSON file")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    wanted = {p for p in args.producers.split(",") if p} or None
    with tempfile.TemporaryDirectory(prefix="twins-") as tmp:
        twins = judge(results, args.out or Path(tmp), wanted)
    print("\n".join(summary(twins)))
    if args.json:
        args.json.write_text(json.dumps([t.__dict__ for t in twins], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
