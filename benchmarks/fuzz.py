"""Mutation fuzzer over the committed fixtures: every mutant must end in a plan or one ``Error:`` line.

    .venv/bin/python benchmarks/fuzz.py [--n 300] [--seed S] [--formats txt,html,docx,pdf,json,odt]

Each mutant (bytes flipped, cut, repeated or spliced with hostile tokens;
for .docx and .odt also the XML inside the package) is run through the CLI
(``extract``, or ``validate``/``diff`` for plan JSON) in a process forked from
this warm one, with a timeout. Per format it prints how many ended clean
(exit 0, or exit 1/2 with one ``Error:`` line), unclean (a traceback, any
other exit, or an exception that is not a PipelineError), timed out, or
peaked over 1 GB, and how many errors came from the readers' catch-all
("corrupt or unreadable"). Exits 1 on any unclean, timeout or memory case.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
GB = 1024**3

#: Tokens spliced into mutants: markup, emphasis, references, numbers and nesting that have broken readers.
TOKENS = {
    "txt": [b"**", b"__", b"\t", b"|", b"# ", b"(1) (2)", b"Status 2023\t2024", b" " * 5000, b"\xff", b"\r", b"1. "],
    "html": [
        b"<div>" * 300,
        b"<table><tr><td>",
        b"</td></tr>",
        b'<meta charset="undefined">',
        b"<th>2024</th>",
        b"&#0;",
        b"<b>",
        b"colspan=999999",
        b"rowspan=0",
        b"<ol start=-99999999999>",
        b"\xff",
    ],
    "xml": [
        b"<w:tbl>",
        b"</w:p>",
        b'<w:gridSpan w:val="9999"/>',
        b"<w:vMerge/>",
        b"&amp;",
        b'<!ENTITY a "b">',
        b'<text:h text:outline-level="99">',
        b'table:number-columns-spanned="99999"',
    ],
    "pdf": [
        b"0 0 1 1 re f",
        b"BT /F1 12 Tf (x) Tj ET",
        b"/Length 0",
        b"obj",
        b"endobj",
        b"R",
        b"[",
        b"]",
        b"<<",
        b">>",
        b"9999999999",
        b"-1",
        b"/FlateDecode",
        b"stream\n",
    ],
    "json": [b"[" * 200, b"1" + b"0" * 5000, b"1e999", b"NaN", b'"\\ud800"', b"{}", b"null", b"-0", b'"' + b"a" * 1000],
}


def sources(fmt: str) -> list[Path]:
    """Return the committed fixtures of one format."""
    patterns = {
        "txt": ["*.txt"],
        "html": ["*.html"],
        "docx": ["*.docx"],
        "pdf": ["*.pdf"],
        "odt": ["*.odt"],
    }
    if fmt == "json":
        return []
    found = [p for pattern in patterns[fmt] for p in sorted(FIXTURES.glob(pattern))]
    if fmt == "txt":
        found += sorted((ROOT / "input").glob("*.txt"))
    return found


def json_seeds() -> list[bytes]:
    """Return plan JSON documents to mutate: the fixtures' plans, extracted once here."""
    from pipeline.run import extract

    seeds = []
    for path in [*sources("txt")[:1], *sources("html")[:1]]:
        seeds.append(json.dumps(extract(path), ensure_ascii=False, indent=1).encode())
    return seeds


def mutate_bytes(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    """Return ``data`` with one to four random edits."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not buf:
            buf.extend(rng.choice(tokens))
            continue
        i = rng.randrange(len(buf))
        kind = rng.randrange(7)
        if kind == 0:
            buf[i] ^= 1 << rng.randrange(8)
        elif kind == 1:
            buf[i] = rng.choice((0x00, 0xFF, 0x7F, 0x80, 0x3C, 0x3E, 0x28, 0x29))
        elif kind == 2:
            del buf[i : i + rng.randint(1, 64)]
        elif kind == 3:
            j = rng.randrange(len(buf))
            buf[i:i] = buf[j : j + rng.randint(1, 256)] * rng.randint(1, 8)
        elif kind == 4:
            buf[i:i] = rng.choice(tokens) * rng.choice((1, 1, 2, 50))
        elif kind == 5:
            del buf[i:]
        else:
            buf[i : i + 1] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(buf)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """Return a .docx/.odt whose XML parts are mutated and repacked (half the time), or whose bytes are."""
    if rng.random() < 0.3:
        return mutate_bytes(data, rng, TOKENS["xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        infos = src.infolist()
        xml = [i for i in infos if i.filename.endswith(".xml")]
        target = rng.choice(xml).filename if xml else None
        main = [i.filename for i in xml if i.filename in ("word/document.xml", "content.xml")]
        if main and rng.random() < 0.7:
            target = main[0]
        for info in infos:
            body = src.read(info)
            if info.filename == target:
                body = mutate_bytes(body, rng, TOKENS["xml"])
            dst.writestr(info.filename, body)
    return out.getvalue()


def mutate_pdf(data: bytes, rng: random.Random) -> bytes:
    """Return a PDF with raw edits, or with one content stream inflated, edited and deflated again."""
    import re
    import zlib

    if rng.random() < 0.5:
        streams = [m for m in re.finditer(rb"stream\r?\n", data)]
        rng.shuffle(streams)
        for m in streams[:3]:
            end = data.find(b"endstream", m.end())
            try:
                inflated = zlib.decompress(data[m.end() : end])
            except zlib.error:
                continue
            body = zlib.compress(mutate_bytes(inflated, rng, TOKENS["pdf"]))
            return data[: m.end()] + body + data[end:]
    return mutate_bytes(data, rng, TOKENS["pdf"])


def make_mutant(fmt: str, seed: bytes, rng: random.Random) -> bytes:
    """Return one mutant of ``seed``."""
    if fmt in ("docx", "odt"):
        return mutate_zip(seed, rng)
    if fmt == "pdf":
        return mutate_pdf(seed, rng)
    return mutate_bytes(seed, rng, TOKENS["html" if fmt == "html" else fmt])


def run_one(argv: list[str], timeout: float) -> tuple[str, str, int]:
    """Run the CLI with ``argv`` in a forked child; return (outcome, stderr, peak RSS in bytes)."""
    with tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                os.dup2(err.fileno(), 2)
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                from cli import main

                try:
                    main.main(argv, prog_name="planpipe", standalone_mode=True)
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    code = 99
            finally:
                sys.stderr.flush()
                os._exit(code)
        deadline = time.monotonic() + timeout
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                return "timeout", "", usage.ru_maxrss * 1024
            time.sleep(0.005)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss * 1024
    if os.WIFSIGNALED(status):
        return "unclean", f"killed by signal {os.WTERMSIG(status)}\n{text}", peak
    code = os.WEXITSTATUS(status)
    errors = [line for line in text.splitlines() if line.startswith("Error:")]
    if "Traceback" in text or code not in (0, 1, 2):
        return "unclean", text, peak
    differs = code == 1 and "--fail-if-diff" in argv and not text.strip()  # "they differ", not an error
    if code != 0 and len(errors) != 1 and not differs:
        return "unclean", text, peak
    return "clean", text, peak


def fuzz_format(fmt: str, n: int, seed: int, timeout: float, work: Path, verbose: bool) -> Counter:
    """Run ``n`` mutants of one format; return the outcome counts."""
    rng = random.Random(f"{seed}-{fmt}")
    seeds = json_seeds() if fmt == "json" else [p.read_bytes() for p in sources(fmt)]
    counts: Counter = Counter()
    if not seeds:
        return counts
    suffix = {"txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf", "json": ".json", "odt": ".odt"}[fmt]
    original = work / f"original{suffix}"
    original.write_bytes(seeds[0])
    for i in range(n):
        mutant = make_mutant(fmt, rng.choice(seeds), rng)
        path = work / f"mutant-{fmt}-{i}{suffix}"
        path.write_bytes(mutant)
        if fmt == "json":
            argv = ["validate", str(path)] if i % 2 else ["diff", str(original), str(path), "--fail-if-diff"]
        else:
            argv = ["extract", str(path), "-o", str(work / "out")]
        outcome, text, peak = run_one(argv, timeout)
        if outcome == "clean" and peak > GB:
            outcome = "over 1 GB"
        counts[outcome] += 1
        if "corrupt or unreadable" in text:
            counts["wrapped"] += 1
        if outcome != "clean":
            keep = Path(tempfile.gettempdir()) / f"planpipe-fuzz-{fmt}-{seed}-{i}{suffix}"
            keep.write_bytes(mutant)
            print(f"  {fmt} #{i} {outcome}: kept as {keep}\n    " + "\n    ".join(text.splitlines()[-6:]))
        elif verbose:
            print(f"  {fmt} #{i}: {text.splitlines()[0] if text else 'ok'}")
        path.unlink()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="mutants per format (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--formats", default="txt,html,docx,pdf,json,odt", help="comma-separated formats")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant (default 60)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    os.environ.pop("PLANPIPE_DEBUG", None)
    # Warm this process once: every forked run starts with the libraries loaded.
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import pdfplumber  # noqa: F401

    import cli  # noqa: F401
    from pipeline.validate import validate_plan  # noqa: F401

    failed = False
    print(
        f"{'format':<6} {'mutants':>7} {'clean':>6} {'unclean':>7} {'timeout':>7} {'>1 GB':>6} {'wrapped':>7}  seconds"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
            if fmt == "odt" and not (ROOT / "pipeline" / "read" / "odt.py").exists():
                print(f"{fmt:<6} (no reader yet)")
                continue
            start = time.monotonic()
            counts = fuzz_format(fmt, args.n, args.seed, args.timeout, work, args.verbose)
            total = sum(counts[k] for k in ("clean", "unclean", "timeout", "over 1 GB"))
            print(
                f"{fmt:<6} {total:>7} {counts['clean']:>7} {counts['unclean']:>7} {counts['timeout']:>7} "
                f"{counts['over 1 GB']:>7} {counts['wrapped']:>7}  {time.monotonic() - start:.0f}",
                flush=True,
            )
            failed |= bool(counts["unclean"] or counts["timeout"] or counts["over 1 GB"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
