"""The message catalogue: complete for the code, compiled .mo files up to date, no English left in Danish.

The reports' labels are English msgids in the code, translated by
``pipeline/locale/<lang>/LC_MESSAGES/planpipe.po``; the stdlib's gettext
reads the compiled ``.mo`` committed beside it. These tests re-extract the
msgids with Babel and re-compile every .po, and fail when a committed file
is stale (the commands to refresh them are in the README).
"""

from __future__ import annotations

import ast
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.diff import diff_plans, diff_to_html, diff_to_markdown
from pipeline.i18n import LOCALE_DIR, LanguageError, changes_text, plan_counts, translations
from pipeline.run import load_plan
from tests.conftest import ROOT, SEED

REV_2024 = ROOT / "tests" / "fixtures" / "faxe-handleplan-2024.txt"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/planpipe.po"))
SOURCES = [ROOT / "cli.py", *sorted((ROOT / "pipeline").rglob("*.py"))]
KEYWORDS = {"_", "gettext", "ngettext", "N_"}


def read_catalogue(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


def msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def extracted() -> set[str]:
    """Return the msgids Babel's extractor finds in the code, as ``pybabel extract`` would."""
    from babel.messages.extract import extract_from_file

    ids = set()
    for path in SOURCES:
        for _lineno, message, _comments, _context in extract_from_file("python", str(path)):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def literal_calls() -> set[str]:
    """Return every string literal passed to _/gettext/ngettext/N_ in the code, f-strings included."""
    ids = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in KEYWORDS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                ids.add(first.value)
    return ids


def test_there_is_a_danish_catalogue():
    assert [p.relative_to(LOCALE_DIR).as_posix() for p in CATALOGUES] == ["da/LC_MESSAGES/planpipe.po"]


def mo_messages(data: bytes) -> dict[object, str]:
    """Return what the stdlib's gettext reads from a compiled catalogue: every message, and the header without
    the line naming the Babel release that compiled it (a new release writes its own number there)."""
    import gettext

    catalog = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)
    header = catalog.pop("", "")
    catalog[""] = "\n".join(line for line in header.splitlines() if not line.startswith("Generated-By:"))
    return catalog


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_committed_mo_is_the_po_compiled(po):
    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(po), use_fuzzy=False)
    committed = mo_messages(po.with_suffix(".mo").read_bytes())
    assert committed == mo_messages(compiled.getvalue()), "stale .mo: run pybabel compile (README)"
    assert len(committed) > 1


def test_a_stale_mo_is_told_from_a_fresh_one():
    # the comparison sees a message the .po changed, not only the compiler's own header line
    from babel.messages.mofile import write_mo

    (po,) = CATALOGUES
    catalogue = read_catalogue(po)
    fresh = io.BytesIO()
    write_mo(fresh, catalogue, use_fuzzy=False)
    message = next(m for m in catalogue if m.id and isinstance(m.string, str))
    message.string += " (ændret)"
    stale = io.BytesIO()
    write_mo(stale, catalogue, use_fuzzy=False)
    assert mo_messages(fresh.getvalue()) != mo_messages(stale.getvalue())


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_translates_exactly_what_the_code_asks_for(po):
    catalogue = read_catalogue(po)
    ids = {msgid(m) for m in catalogue if m.id}
    code = extracted()
    assert code - ids == set(), "msgids missing from the catalogue: run pybabel extract and update (README)"
    assert ids - code == set(), "obsolete msgids in the catalogue"
    untranslated = [msgid(m) for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
    template = {msgid(m) for m in read_catalogue(LOCALE_DIR / "planpipe.pot") if m.id}
    assert template == code, "stale planpipe.pot: run pybabel extract (README)"


def test_no_message_is_hidden_from_the_extractor():
    """A ``_("...")`` inside an f-string is invisible to pybabel on Python < 3.12: it would stay English."""
    assert literal_calls() - extracted() == set()


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_every_placeholder(po):
    for message in read_catalogue(po):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"\{\w*\}", ids[-1]))
        for text in strings:
            assert set(re.findall(r"\{\w*\}", text)) == wanted, message.id


def test_plurals_and_counts_in_both_languages(seed_plan):
    assert plan_counts(seed_plan) == "3 pejlemærker, 9 målsætninger, 19 projekter, 0 advarsler"
    assert plan_counts(seed_plan, "en") == "3 pillars, 9 objectives, 19 projects, 0 warnings"
    one = {"pillars": [{"objectives": [{}], "projects": [{}]}], "warnings": [{}]}
    assert plan_counts(one) == "1 pejlemærke, 1 målsætning, 1 projekt, 1 advarsel"
    assert plan_counts(one, "en") == "1 pillar, 1 objective, 1 project, 1 warning"
    summary = {"added": 3, "removed": 0, "changed": 2, "renamed": 1, "moved": 0, "unchanged": 9}
    assert changes_text(summary) == "3 tilføjet, 2 ændret (heraf 1 omdøbt)"
    assert changes_text(summary, "en") == "3 added, 2 changed (of which 1 renamed)"
    assert changes_text(dict.fromkeys(summary, 0)) == "ingen ændringer"


def test_unknown_language_is_refused():
    with pytest.raises(LanguageError, match="unknown language; known: da, en"):
        translations("fr")


class _Text(HTMLParser):
    """The visible text of a page: everything but <style> and <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def test_no_english_label_is_left_in_the_danish_reports():
    diff = diff_plans(load_plan(SEED), load_plan(REV_2024))
    parser = _Text()
    parser.feed(diff_to_html(diff))
    danish = {"md": diff_to_markdown(diff), "html": " ".join(parser.parts)}
    catalogue = read_catalogue(LOCALE_DIR / "da" / "LC_MESSAGES" / "planpipe.po")
    english = [
        msgid(m)
        for m in catalogue
        if m.id and isinstance(m.id, str) and m.id != m.string and "{" not in m.id and len(m.id) >= 5
    ]
    assert len(english) > 30
    for name, text in danish.items():
        left = [label for label in english if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)]
        assert left == [], name
