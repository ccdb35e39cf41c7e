"""The language of what people read: reports, portal titles and summary lines, Danish or English.

Labels are English in the code and translated through a gettext message
catalogue, ``pipeline/locale/<lang>/LC_MESSAGES/planpipe.po``, compiled to the
``.mo`` file beside it that the standard library's ``gettext`` reads (Babel
is needed only to extract and compile, see the README). English is the
source language, so English needs no catalogue of its own. Machine-facing
names (JSON keys, schema fields, CSV codes) are never translated.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from pipeline.errors import PipelineError

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "planpipe"
#: The languages a report can be written in; the first is the default.
LANGUAGES = ("da", "en")
DEFAULT_LANG = LANGUAGES[0]
#: The environment variable that sets the CLI's default language.
LANG_ENV = "PLANPIPE_LANG"


class LanguageError(PipelineError):
    """A report language we have no catalogue for."""


def N_(message: str) -> str:
    """Return ``message`` unchanged: marks a label kept in a table for extraction; translate it when shown."""
    return message


@cache
def translations(lang: str = DEFAULT_LANG) -> gettext.NullTranslations:
    """Return the compiled catalogue for ``lang`` (English: the source texts themselves)."""
    if lang not in LANGUAGES:
        raise LanguageError(lang, f"unknown language; known: {', '.join(LANGUAGES)}")
    if lang == "en":
        return gettext.NullTranslations()
    # fallback=False: a missing .mo is a broken install, not a reason to print English quietly.
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


#: What each kind of project change is called (diff.json's ``change`` and ``summary`` keys stay English).
KIND_NAMES = {
    "added": N_("Added"),
    "removed": N_("Removed"),
    "changed": N_("Changed"),
    "renamed": N_("Renamed"),
    "moved": N_("Moved"),
    "unchanged": N_("Unchanged"),
}

#: The sentence under every summary of a diff: the one meaning of "changed" in every report.
CHANGED_MEANS = N_(
    "A project counts as changed when it is in both revisions and differs in title, text, objectives, plans or "
    "pillar; renamed and moved projects are among the changed ones and are marked as such."
)


def plan_counts(plan: dict, lang: str = DEFAULT_LANG) -> str:
    """Return a plan's counts for people: ``3 pillars, 9 objectives, 19 projects, 0 warnings``."""
    ngettext = translations(lang).ngettext
    pillars = plan["pillars"]
    objectives = sum(len(p["objectives"]) for p in pillars)
    projects = sum(len(p["projects"]) for p in pillars)
    warnings = len(plan["warnings"])
    return ", ".join(
        [
            ngettext("{n} pillar", "{n} pillars", len(pillars)).format(n=len(pillars)),
            ngettext("{n} objective", "{n} objectives", objectives).format(n=objectives),
            ngettext("{n} project", "{n} projects", projects).format(n=projects),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        ]
    )


def changes_text(summary: dict, lang: str = DEFAULT_LANG) -> str:
    """Return a diff summary for people: ``3 added, 5 removed, 10 changed (of which 1 renamed, 1 moved)``.

    Unchanged projects are left out; renamed and moved are shown as parts of
    changed, as every report counts them. No change at all is "no change".
    """
    _ = translations(lang).gettext
    parts = [
        _("{n} added").format(n=summary["added"]) if summary["added"] else "",
        _("{n} removed").format(n=summary["removed"]) if summary["removed"] else "",
        _("{n} changed").format(n=summary["changed"]) if summary["changed"] else "",
    ]
    text = ", ".join(p for p in parts if p)
    within = [
        _("{n} renamed").format(n=summary["renamed"]) if summary.get("renamed") else "",
        _("{n} moved").format(n=summary["moved"]) if summary.get("moved") else "",
    ]
    if any(within):
        text += " " + _("(of which {parts})").format(parts=", ".join(w for w in within if w))
    return text or _("no change")
