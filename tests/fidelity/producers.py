"""The producers of the fidelity matrix: each turns a text plan and a layout into a file, the way a real tool does.

``PRODUCERS`` maps a name to an object with ``available()`` (is the tool
installed here?), ``render(source, layout, out_dir) -> Path`` and
``render_many(jobs, out_dir) -> list[Path | Exception]`` (LibreOffice converts a batch
per start, in a private profile so parallel runs do not clash). A
rendering's file name says what it is: ``<producer>-<revision>-s<seed>.<suffix>``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.fidelity.content import revision_of, source_parts
from tests.fidelity.layouts import Layout

Job = tuple[Path, Layout]
#: seconds one external conversion may take before it counts as a failed rendering.
TIMEOUT = 300
SOFFICE_BATCH = 8


class RenderError(Exception):
    """A producer could not make its file."""


def rendering_name(producer: str, source: Path, layout: Layout, suffix: str) -> str:
    """Return the file name of one rendering."""
    return f"{producer}-{revision_of(source)}-s{layout.seed}.{suffix}"


def _private_dir(stem: str) -> Path:
    """Return a new folder of this process (a LibreOffice profile or Chromium user data dir lives in it)."""
    return Path(tempfile.mkdtemp(prefix=f"{stem}-{os.getpid()}-"))


class Producer:
    """A producer that makes one file per job in-process or with one command each."""

    name = ""
    suffix = "pdf"
    workers = 1

    def available(self) -> bool:
        return True

    def render(self, source: Path, layout: Layout, out_dir: Path) -> Path:
        """Render ``source`` in ``layout`` into ``out_dir``; return the file made (RenderError if none)."""
        made = self.render_many([(Path(source), layout)], out_dir)[0]
        if isinstance(made, Exception):
            raise made
        return made

    def render_many(self, jobs: Sequence[Job], out_dir: Path) -> list[Path | Exception]:
        """Render every job; return the files in job order, or for a job that failed its exception."""
        out_dir.mkdir(parents=True, exist_ok=True)
        targets = [out_dir / rendering_name(self.name, s, lay, self.suffix) for s, lay in jobs]

        def one(job: Job, target: Path) -> Path | Exception:
            try:
                self._one(job[0], job[1], target)
            except Exception as exc:  # a producer's own failure is a failed rendering, reported by the caller
                return exc if isinstance(exc, RenderError) else RenderError(f"{type(exc).__name__}: {exc}")
            return target

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(one, jobs, targets))

    def _one(self, source: Path, layout: Layout, target: Path) -> None:
        raise NotImplementedError


class Reportlab(Producer):
    name = "reportlab"

    def available(self) -> bool:
        return _importable("reportlab")

    def _one(self, source: Path, layout: Layout, target: Path) -> None:
        from tests.fidelity.reportlab_build import build_pdf

        build_pdf(source_parts(source), layout, target)


class WeasyPrint(Producer):
    name = "weasyprint"

    def available(self) -> bool:
        return _importable("weasyprint")

    def _one(self, source: Path, layout: Layout, target: Path) -> None:
        import weasyprint

        from tests.fidelity.html_build import page_html

        weasyprint.HTML(string=page_html(source_parts(source), layout)).write_pdf(str(target))


class CmsHtml(Producer):
    name = "cms-html"
    suffix = "html"

    def _one(self, source: Path, layout: Layout, target: Path) -> None:
        from tests.fidelity.cms import cms_page

        target.write_text(cms_page(source_parts(source), layout), encoding="utf-8")


class Chromium(Producer):
    """Headless Chromium's print-to-PDF of a printable page, with its own print header and footer on or off.

    Debian's Chromium hyphenates no language by itself (``hyphens: auto`` finds no dictionaries), so a
    hyphenated layout's page carries soft hyphens at the Danish hyphenation points, which it breaks at.
    """

    name = "chromium"
    workers = 2

    def available(self) -> bool:
        return shutil.which("chromium") is not None or shutil.which("chromium-browser") is not None

    def _one(self, source: Path, layout: Layout, target: Path) -> None:
        from tests.fidelity.html_build import page_html

        binary = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
        tmp = _private_dir("chromium")
        try:
            page = tmp / "plan.html"
            # Chromium here has no hyphenation dictionaries: a hyphenated layout carries soft hyphens instead
            page.write_text(page_html(source_parts(source), layout, soft_hyphens=layout.hyphenate), encoding="utf-8")
            argv = [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp / 'profile'}",
                f"--print-to-pdf={target}",
            ]
            if not layout.print_header_footer:
                argv.append("--no-pdf-header-footer")
            _run([*argv, page.as_uri()], target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class LibreOffice(Producer):
    """A Word file from python-docx converted by LibreOffice: to PDF, or to .odt (and that to PDF)."""

    def __init__(self, name: str, steps: tuple[str, ...]) -> None:
        self.name = name
        self.steps = steps  # conversions in order, e.g. ("odt", "pdf")
        self.suffix = steps[-1]

    def available(self) -> bool:
        return (shutil.which("soffice") or shutil.which("libreoffice")) is not None

    def render_many(self, jobs: Sequence[Job], out_dir: Path) -> list[Path | Exception]:
        from tests.fidelity.docx_build import build_docx

        out_dir.mkdir(parents=True, exist_ok=True)
        targets = [out_dir / rendering_name(self.name, s, lay, self.suffix) for s, lay in jobs]
        tmp = _private_dir("lo")
        try:
            files = []
            for (source, layout), target in zip(jobs, targets, strict=True):
                docx_path = tmp / f"{target.stem}.docx"
                build_docx(source_parts(source), layout, docx_path)
                files.append(docx_path)
            for step in self.steps:
                made = []
                for start in range(0, len(files), SOFFICE_BATCH):
                    made += _soffice(files[start : start + SOFFICE_BATCH], step, tmp / step, tmp / "profile")
                files = made
            results: list[Path | Exception] = []
            for made, target in zip(files, targets, strict=True):
                if made.exists():
                    shutil.move(made, target)
                    results.append(target)
                else:
                    results.append(RenderError(f"soffice made no {made.name}"))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return results


def _soffice(files: list[Path], fmt: str, out_dir: Path, profile: Path) -> list[Path]:
    binary = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    out_dir.mkdir(parents=True, exist_ok=True)
    argv = [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    _call(argv)  # a file it could not make is missing, and reported as a failed rendering by the caller
    return [out_dir / f"{f.stem}.{fmt}" for f in files]


def _run(argv: list[str], target: Path) -> None:
    returncode, stderr = _call(argv)
    if returncode is None:
        raise RenderError(f"{Path(argv[0]).name} timed out after {TIMEOUT} s")
    if returncode != 0 or not target.exists():
        tail = stderr.strip().splitlines()[-1:] or [""]
        raise RenderError(f"{Path(argv[0]).name} exit {returncode}: {tail[0][:200]}")


def _call(argv: list[str]) -> tuple[int | None, str]:
    """Run ``argv`` in its own process group; return (exit code or None on timeout, stderr).

    On timeout the whole group is killed: soffice and chromium start helper processes of their own.
    """
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None, ""
    return process.returncode, stderr or ""


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


#: producer name -> producer, in the order the benchmark reports them.
PRODUCERS: dict[str, Producer] = {
    p.name: p
    for p in (
        LibreOffice("libreoffice-docx", ("pdf",)),
        LibreOffice("libreoffice-odt", ("odt", "pdf")),
        LibreOffice("odt", ("odt",)),
        Chromium(),
        WeasyPrint(),
        Reportlab(),
        CmsHtml(),
    )
}
