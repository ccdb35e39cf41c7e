"""The HTML diff report in a real headless browser: Debian's chromium driven by its chromedriver.

CI installs the Debian packages ``chromium`` and ``chromium-driver``; no
browser is downloaded. The browser gets a fresh profile and no background
networking.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.diff import diff_plans, diff_to_html
from pipeline.run import load_plan

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "input" / "faxe-handleplan-2023.txt"
REV_2024 = ROOT / "tests" / "fixtures" / "faxe-handleplan-2024.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# On CI (.ci/run installs the browser) a missing browser fails the run instead of skipping it.
pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)) and not os.environ.get("CI"),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)

HOSTILE = '<script>window.__pwned=1</script><img src="x" onerror="window.__pwned=2">'


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
def plans() -> tuple[dict, dict]:
    return load_plan(SEED), load_plan(REV_2024)


def open_report(browser, tmp_path: Path, diff: dict):
    page = tmp_path / "report.html"
    page.write_text(diff_to_html(diff), encoding="utf-8")
    browser.get(page.as_uri())
    return browser


def rows(browser, kind: str) -> list:
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, f'tr[data-kind="{kind}"]')


def test_counts_and_highlighted_changes_are_shown(browser, tmp_path, plans):
    from selenium.webdriver.common.by import By

    b = open_report(browser, tmp_path, diff_plans(*plans))
    counts = {key: b.find_element(By.ID, f"count-{key}").text for key in ("added", "removed", "changed", "unchanged")}
    assert counts == {"added": "3", "removed": "5", "changed": "10", "unchanged": "4"}
    # One meaning of changed: the filter counts the same rows the summary counts, renamed and moved among them.
    filters = {key: b.find_element(By.ID, f"filter-{key}").find_element(By.XPATH, "..").text for key in counts}
    assert filters == {
        "added": "Tilføjet (3)",
        "removed": "Fjernet (5)",
        "changed": "Ændret (10)",
        "unchanged": "Uændret (4)",
    }
    assert len(rows(b, "changed")) == 10
    assert len(b.find_elements(By.CSS_SELECTOR, 'tr[data-kind="changed"][data-renamed]')) == 1
    assert len(b.find_elements(By.CSS_SELECTOR, 'tr[data-kind="changed"][data-moved]')) == 1
    # Removed and added projects are readable text with a badge, not struck through.
    removed = rows(b, "removed")[0]
    assert removed.find_element(By.CSS_SELECTOR, "td.kind .badge").text == "Fjernet"
    assert removed.find_elements(By.CSS_SELECTOR, "td.old del") == []
    title = removed.find_element(By.CSS_SELECTOR, "td.old .title")
    assert title.value_of_css_property("text-decoration-line") == "none"
    assert removed.find_element(By.CSS_SELECTOR, "td.new").text == "Findes ikke i revision 2024"
    assert rows(b, "added")[0].find_element(By.CSS_SELECTOR, "td.kind .badge").text == "Tilføjet"
    assert rows(b, "added")[0].find_elements(By.CSS_SELECTOR, "td.new ins") == []
    inserted = [e.text for e in b.find_elements(By.TAG_NAME, "ins")]
    deleted = [e.text for e in b.find_elements(By.TAG_NAME, "del")]
    assert "året 2025." in inserted and "årene 2024-2025." in deleted
    assert "byvandringer" in inserted and "byvandring er" in deleted
    assert "lokale" in inserted
    ins = b.find_element(By.TAG_NAME, "ins")
    assert ins.value_of_css_property("background-color") == "rgba(209, 245, 211, 1)"
    # Nothing was fetched: the page is one self-contained file.
    assert b.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_filters_hide_and_show_rows(browser, tmp_path, plans):
    from selenium.webdriver.common.by import By

    b = open_report(browser, tmp_path, diff_plans(*plans))
    assert len(rows(b, "added")) == 3 and all(r.is_displayed() for r in rows(b, "added"))
    assert len(rows(b, "unchanged")) == 4 and not any(r.is_displayed() for r in rows(b, "unchanged"))
    b.find_element(By.ID, "filter-added").click()
    assert not any(r.is_displayed() for r in rows(b, "added"))
    assert all(r.is_displayed() for r in rows(b, "removed"))
    b.find_element(By.ID, "filter-unchanged").click()
    assert all(r.is_displayed() for r in rows(b, "unchanged"))
    b.find_element(By.ID, "filter-added").click()
    assert all(r.is_displayed() for r in rows(b, "added"))
    # With every kind off, pillar sections without objective changes disappear.
    for key in ("added", "removed", "changed", "unchanged"):
        b.find_element(By.ID, f"filter-{key}").click()
    shown = [s.get_attribute("id") for s in b.find_elements(By.CSS_SELECTOR, "section.pillar") if s.is_displayed()]
    assert shown == ["pillar-1"]  # it keeps its reworded objective


def test_no_script_from_the_data_runs(browser, tmp_path, plans):
    from selenium.webdriver.common.by import By

    old, new = plans
    new = json.loads(json.dumps(new))
    new["pillars"][0]["projects"][0]["status"]["text"] = f"Status {HOSTILE}"
    new["pillars"][0]["projects"][1]["title"] = f"Brætspils aftener {HOSTILE}"
    new["pillars"][1]["projects"][0]["description"] += HOSTILE
    b = open_report(browser, tmp_path, diff_plans(old, new))
    assert b.execute_script("return typeof window.__pwned") == "undefined"
    assert b.find_elements(By.CSS_SELECTOR, "section.pillar img") == []
    assert "<script>window.__pwned=1</script>" in b.find_element(By.TAG_NAME, "body").text
    # Our own script still runs: the filter hid the unchanged rows.
    assert not any(r.is_displayed() for r in rows(b, "unchanged"))
