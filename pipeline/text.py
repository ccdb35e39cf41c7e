"""Small text helpers shared by the stages: markup removal, whitespace, slugs, folding."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′`´"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
#: Characters that print nothing: soft hyphen, zero-width space, word joiner, byte-order mark.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
#: What a spreadsheet may take for the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str) -> str:
    """Return ``text`` without inline markup, entities resolved, whitespace collapsed.

    The markup is the neutral one every reader hands on (``<b>``); a
    format's own markup (markdown's ``**x**``) is the reader's business, so
    that ``__init__`` in an HTML page or a Word file stays as it is.
    """
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())  # str.split() knows every Unicode space, NBSP included


def fold(text: str) -> str:
    """Return a key for comparing titles: markup, case, spaces, quote and dash style folded."""
    return clean(text).translate(_QUOTES).translate(_DASHES).casefold()


def slug_words(text: str) -> str:
    """Return the whole lowercase ASCII slug of ``text`` (Danish letters spelt out), uncut, maybe empty."""
    text = clean(text).lower().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def slug_drops_letters(text: str) -> bool:
    """Return True when ``text`` has letters a slug cannot spell (Greek, Cyrillic, Arabic ...)."""
    return any(
        c.isalpha() and not unicodedata.normalize("NFKD", c.lower().translate(_TRANSLIT)).encode("ascii", "ignore")
        for c in text
    )


def slugify(text: str, max_length: int = 80) -> str:
    """Return a lowercase ASCII slug: Danish letters spelt out (æ->ae, ø->oe, å->aa)."""
    slug = slug_words(text)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "untitled"


def formula_like(text: str) -> bool:
    """Return True when a spreadsheet may read ``text`` as a formula: it begins with = + - @, tab or CR."""
    return text.startswith(FORMULA_START)


def spreadsheet_cell(text: str) -> str:
    """Return ``text`` made inert for a spreadsheet: a formula-like cell gets a leading apostrophe (OWASP)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def squeeze(text: str) -> str:
    """Return ``text`` with invisible characters gone and every whitespace run (NBSP too) one space."""
    return " ".join(text.translate(_INVISIBLE).split())
