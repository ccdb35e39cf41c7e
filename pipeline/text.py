"""Small text helpers shared by the stages: markup removal, whitespace, slugs, folding."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′`´"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
#: A paragraph numbered by hand: "1." or "1)", a space, the text. Readers without list markup read it as an item.
TYPED_ITEM = re.compile(r"^(\d{1,3})[.)]\s+(.*)$", re.S)


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


def slugify(text: str, max_length: int = 80) -> str:
    """Return a lowercase ASCII slug: Danish letters spelt out (æ->ae, ø->oe, å->aa)."""
    text = clean(text).lower().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "untitled"
