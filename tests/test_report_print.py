"""The reports printed by a real Chromium: A4 pages, a page per pillar, and counts that match what is shown.

The browser setup is test_diff_browser.py's (Debian's chromium and its
chromedriver, a fresh profile, no background networking). Pages are printed
with the DevTools ``Page.printToPDF`` and ``preferCSSPageSize``, so the size
comes from the page's own ``@page`` rule (Chromium's default is US Letter,
612x792 pt); pdfplumber reads the PDF back.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.diff import diff_plans, diff_to_html
from pipeline.i18n import changes_text
from pipeline.ingest import ingest
from pipeline.run import load_plan
from tests.conftest import ROOT, SEED

REV_2024 = ROOT / "tests" / "fixtures" / "faxe-handleplan-2024.txt"
PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
A4 = (595.28, 841.89)  # PDF points: 210 x 297 mm

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)) and not os.environ.get("CI"),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)

KINDS = ("added", "removed", "changed", "unchanged")
#: The badge on a project row, per kind and per mark on a changed row.
BADGES = {
    "da": {"added": "Tilføjet", "removed": "Fjernet", "changed": "Ændret", "unchanged": "Uændret"}
    | {"renamed": "Omdøbt", "moved": "Flyttet"},
    "en": {"added": "Added", "removed": "Removed", "changed": "Changed", "unchanged": "Unchanged"}
    | {"renamed": "Renamed", "moved": "Moved"},
}
#: The summary's names for the marks: parts of changed.
PARTS = {
    "da": {"renamed": "heraf omdøbt", "moved": "heraf flyttet"},
    "en": {"renamed": "of which renamed", "moved": "of which moved"},
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,2000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def diff() -> dict:
    return diff_plans(load_plan(SEED), load_plan(REV_2024))


def print_to_pdf(browser, page: Path) -> list[tuple[float, float, str]]:
    """Open ``page``, print it as Chromium does, and return (width, height, text) per PDF page."""
    import pdfplumber

    browser.get(page.as_uri())
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    with pdfplumber.open(io.BytesIO(base64.b64decode(printed["data"]))) as pdf:
        return [(p.width, p.height, p.extract_text() or "") for p in pdf.pages]


def assert_a4(pages: list[tuple[float, float, str]]) -> None:
    assert pages
    for width, height, _ in pages:
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, (width, height)


@contextmanager
def print_media(browser):
    """Let the page apply its print stylesheet, as when printing, while the block runs."""
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def shown(browser, selector: str) -> list:
    """Return the elements matching ``selector`` that are displayed."""
    from selenium.webdriver.common.by import By

    return [e for e in browser.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_diff_report_prints_on_a4_with_counts_that_match_its_rows(browser, tmp_path, diff, lang):
    from selenium.webdriver.common.by import By

    page = tmp_path / "diff.html"
    page.write_text(diff_to_html(diff, lang), encoding="utf-8")
    pages = print_to_pdf(browser, page)
    assert_a4(pages)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    summary, badges = diff["summary"], BADGES[lang]
    assert summary == {"added": 3, "removed": 5, "changed": 10, "renamed": 1, "moved": 1, "unchanged": 4}

    # In the DOM as printed: every project row is shown (the screen filter hides unchanged ones), one per
    # project the summary counts, each with its badge; renamed and moved rows are changed rows with a mark.
    with print_media(browser):
        for key in KINDS:
            rows = shown(browser, f'tr[data-kind="{key}"]')
            assert len(rows) == summary[key] == int(browser.find_element(By.ID, f"count-{key}").text), key
            assert {r.find_element(By.CSS_SELECTOR, "td.kind .badge").text for r in rows} == {badges[key]}
        for mark in ("renamed", "moved"):
            rows = shown(browser, f'tr[data-kind="changed"][data-{mark}]')
            assert len(rows) == summary[mark] == int(browser.find_element(By.ID, f"count-{mark}").text), mark
            assert [r.find_element(By.CSS_SELECTOR, f".badge.{mark}").text for r in rows] == [badges[mark]] * len(rows)
        assert shown(browser, "#filters") == []  # the on-screen filters do not print
    # On screen the filter hides the unchanged rows, and says how many there are.
    assert shown(browser, 'tr[data-kind="unchanged"]') == []

    # In the printed text: the summary's numbers, and one badge per printed row, give the same counts.
    first, text = pages[0][2], "\n".join(t for _, _, t in pages)
    for key in (*KINDS, "renamed", "moved"):
        name = PARTS[lang].get(key, badges[key])
        printed = re.findall(rf"(?:^| )(\d+) {re.escape(name)}(?= |$)", first, flags=re.M)
        assert printed == [str(summary[key])], key
        assert len(re.findall(rf"^{re.escape(badges[key])}(?= |$)", text, flags=re.M)) == summary[key], key

    # Each pillar starts a page.
    pillars = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.pillar h2")]
    assert len(pillars) == 3
    page_heads = [t.splitlines()[0] for _, _, t in pages if t]
    assert all(title in page_heads for title in pillars), (pillars, page_heads)
    assert len(pages) > len(pillars)


def test_index_prints_on_a4_and_agrees_with_the_diff_it_links(browser, tmp_path):
    from selenium.webdriver.common.by import By

    out = tmp_path / "out"
    assert [r.status for r in ingest([SEED, REV_2024], out)] == ["added", "added"]
    pages = print_to_pdf(browser, out / "index.html")
    assert_a4(pages)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "da"
    printed = " ".join(" ".join(t.split()) for _, _, t in pages)
    assert "1 plan, 2 revisioner." in printed and "første revision" in printed
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.revision")
    assert len(rows) == 2
    summary = json.loads((out / PLAN / "2024" / "diff.json").read_text(encoding="utf-8"))["summary"]
    cell = rows[1].find_element(By.CSS_SELECTOR, "td.changes")
    assert cell.text == changes_text(summary) == "3 tilføjet, 5 fjernet, 10 ændret (heraf 1 omdøbt, 1 flyttet)"
    # The diff report the index links to counts the same, and prints on A4 too.
    cell.find_element(By.TAG_NAME, "a").click()
    assert browser.current_url.endswith(f"{PLAN}/2024/diff.html")
    counts = {key: int(browser.find_element(By.ID, f"count-{key}").text) for key in summary}
    assert counts == summary
    assert_a4(print_to_pdf(browser, out / PLAN / "2024" / "diff.html"))
