"""Plan identity: the id a plan is stored under, and whether a revision belongs to a stored plan.

The id is the slug of the title (the organisation put in front when the
title does not name it). A slug can stand for more than one title: when it
drops letters (a title in Greek or Cyrillic), has no letter at all, or is
cut at its maximum length, a short hash of the whole folded title and
organisation is added, so that two such titles never share an id while the
same title always gives the same one. Faxe's
``handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025`` has
none of these and stays as it was.
"""

from __future__ import annotations

import hashlib
import re

from pipeline.text import fold, slug_drops_letters, slug_words

#: What ``--plan-id`` accepts: the schema's slug, at most 100 characters (a folder name and a URL part).
PLAN_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_PLAN_ID = 100
HASH_LENGTH = 8


def plan_id(title: str, organisation: str | None, max_length: int = 80) -> str:
    """Return the id of the plan with this title and organisation (see the module docstring)."""
    text = title if not organisation or fold(organisation) in fold(title) else f"{organisation} {title}"
    slug = slug_words(text)
    if slug and len(slug) <= max_length and re.search("[a-z]", slug) and not slug_drops_letters(text):
        return slug
    digest = hashlib.sha256(f"{fold(organisation or '')}\n{fold(title)}".encode()).hexdigest()[:HASH_LENGTH]
    room = max_length - HASH_LENGTH - 1
    if len(slug) > room:
        slug = slug[: room + 1].rsplit("-", 1)[0] if room > 0 else ""
    return f"{slug}-{digest}" if slug else digest


def check_plan_id(value: str) -> str:
    """Return ``value`` when it can be a plan id (lowercase ASCII slug, at most 100 characters); else ValueError."""
    if not PLAN_ID.match(value) or len(value) > MAX_PLAN_ID:
        raise ValueError(
            f"{value!r} is not a plan id: lowercase letters a-z, digits and single hyphens, at most {MAX_PLAN_ID}"
        )
    return value


def same_plan(stored: dict, plan: dict) -> bool:
    """Return True when a revision's title and organisation are the stored plan's (case, spaces, quotes folded)."""
    return fold(stored["title"] or "") == fold(plan["title"]) and fold(stored["organisation"] or "") == fold(
        plan["organisation"] or ""
    )
