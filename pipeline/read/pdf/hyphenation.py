"""Hyphens at line ends: a word the producer hyphenated ("læse-" / "lyst") or a hyphen the text has ("lærings- og").

Word, InDesign, LibreOffice, WeasyPrint and reportlab hyphenate justified
text: a word broken at a line end gets a hyphen the source does not have
(``-``, U+2010 or a soft hyphen U+00AD), and the line after goes on with the
word's rest in lowercase. The same line end can hold a hyphen of the text:
a suspended compound before a conjunction ("lærings- og
undervisningsforløb"), a compound with a hyphen ("e-bøger", "MitID-login").
Joining with a space invents text ("læse- lyst"); dropping every hyphen
loses some. So a line end that ends in a hyphen after a letter, before a
line that starts in lowercase, is marked (``MARK`` in place of the space)
when the lines are joined, and decided once the whole document's words are
known (``resolve``), by this evidence in turn:

1. a soft hyphen is always the producer's: drop it, join the word;
2. the document's own words: the joined word stands elsewhere ("læselyst"):
   join; the hyphenated form stands elsewhere ("e-bøger"): keep the hyphen;
3. a suspended compound: the next word is a conjunction ("og", "eller",
   "samt", "som", "til"): keep the hyphen and the space;
4. the shape: a piece of one letter ("e-" / "bøger"), or a piece holding a
   digit or a capital inside ("MitID-" / "login"): the text's hyphen
   (hyphenation leaves at least two letters on each side, and never breaks
   inside an abbreviation);
5. the Danish dictionary (``wordbreak.danish_lookup``, read once for the
   whole document and only when a mark is left): the joined word is Danish:
   join; a piece that is no word is a hyphenated foreign word or name: join;
   both pieces are words and the joined one is not: join in a document that
   hyphenates (``hyphenates``: enough of its line ends break a word after a
   hyphen, "læseglæde-" / "forældre"), else keep the hyphen ("ikke-" / "sprog").

The same count tells wordbreak's driver that a line end without a hyphen
between two words is a wrap at a space in such a document ("Brætspils" /
"aftener"): a producer that hyphenates would have written "Brætspils-".

A line end with a space glyph after its hyphen is not marked: the source
has a space there ("lærings- " / "og"). Hyphenation points themselves
(pyphen's Danish patterns) are not asked: a hyphen of the text stands at a
morpheme boundary, which is a legal hyphenation point too, so they do not
tell the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline.read.pdf.settings import DEFAULT, PdfSettings

if TYPE_CHECKING:
    from pipeline.model import Block

#: Stands, while blocks are built, for an undecided line end after a hyphen; ``resolve`` removes every one.
MARK = "\ue000"
SOFT_HYPHEN = "\u00ad"
#: The hyphens a producer writes at a line end: ASCII, Unicode HYPHEN (Pango, WeasyPrint) and the soft hyphen.
HYPHENS = "-\u2010" + SOFT_HYPHEN
#: Words after which a hyphen is a suspended compound's ("lærings- og undervisningsforløb", "børne- til voksen").
SUSPENDED_BEFORE = frozenset({"og", "eller", "el", "samt", "som", "til", "and", "or"})
#: Hyphenation leaves at least this many letters on each side of the break (pyphen, LibreOffice, Word).
MIN_PIECE = 2
_EDGE = "\"'“”„‘’«»()[]{}.,;:!?–—/"
_MARKED = re.compile(r"(\S*)" + MARK + r"(\S*)")


def breaks_at_hyphen(text: str, next_text: str) -> bool:
    """Return True when a line ``text`` ends in a hyphen after a letter and ``next_text`` starts in lowercase."""
    text, following = text.rstrip(), next_text.lstrip()
    return len(text) > 1 and text[-1] in HYPHENS and text[-2].isalpha() and following[:1].islower()


def marked(text: str, next_text: str, trailing_space: bool) -> bool:
    """Return True when the end of line ``text`` is a hyphen break to mark: no space glyph follows its hyphen."""
    return not trailing_space and breaks_at_hyphen(text, next_text)


def join(text: str, next_text: str, trailing_space: bool) -> str:
    """Return two lines joined: a hyphen break marked for ``resolve``, a soft hyphen dropped, else with a space."""
    text, following = text.rstrip(), next_text.strip()
    if not marked(text, following, trailing_space):
        return f"{text} {following}" if text and following else text or following
    if text[-1] == SOFT_HYPHEN:
        return text[:-1] + following
    return text + MARK + following


def decide(
    first: str,
    second: str,
    known: Iterable[str] | frozenset[str],
    lookup: Callable[[str], bool],
    hyphenated: bool = False,
) -> str:
    """Return what stands between ``first`` (a word ending in its hyphen) and ``second`` (the next line's word).

    "" when the hyphen is the producer's (the word joins without it), "-"
    when the text has the hyphen and no space after it, "- " when it has
    both. ``known`` holds the document's words (casefolded, edge
    punctuation stripped); ``lookup`` is the Danish dictionary;
    ``hyphenated`` says the document hyphenates its words (``hyphenates``).
    """
    hyphen = first[-1:]
    if hyphen == SOFT_HYPHEN:
        return ""
    a, b = _stems(first, second)
    if (a + b).casefold() in known:
        return ""
    if f"{a}-{b}".casefold() in known:
        return hyphen
    if b.casefold() in SUSPENDED_BEFORE:
        return hyphen + " "
    if _shape_keeps(a, b):
        return hyphen
    if hyphenated or lookup(a + b) or not (lookup(a) and lookup(b)):
        return ""  # a piece that is no word is a hyphenated word's ("repara-" / "tions", "Pi-" / "rates")
    return hyphen  # two words the dictionary does not join, in a document that does not hyphenate


def hyphenates(pairs: Iterable[tuple[str, str]], settings: PdfSettings = DEFAULT) -> bool:
    """Return True when a document hyphenates its words: enough of its line ends break a word after a hyphen.

    ``pairs`` are the marked line ends (the word up to its hyphen, the next
    line's word). A suspended compound ("lærings-" / "og") or a hyphen the
    shape keeps ("e-" / "bøger", "MitID-" / "login") does not count: a text
    without hyphenation has those too.
    """
    count = 0
    for first, second in pairs:
        if first[-1:] == SOFT_HYPHEN:
            count += 1
            continue
        a, b = _stems(first, second)
        count += b.casefold() not in SUSPENDED_BEFORE and not _shape_keeps(a, b)
    return count >= settings.hyphenated_breaks


def _shape_keeps(a: str, b: str) -> bool:
    """Return True when a hyphen between ``a`` and ``b`` is the text's by their shape alone."""
    return (
        len(a) < MIN_PIECE or len(b) < MIN_PIECE or any(ch.isdigit() for ch in a) or any(ch.isupper() for ch in a[1:])
    )


def _stems(first: str, second: str) -> tuple[str, str]:
    """Return the letters before a line end's hyphen and after it: edge punctuation and the hyphen stripped."""
    return first[:-1].lstrip(_EDGE), second.rstrip(_EDGE)


def _judge(pairs, known: frozenset[str], lookup, settings: PdfSettings) -> tuple[Callable[[str], bool], bool]:
    """Return the dictionary for ``pairs`` (read once, only if the document's words leave some undecided)
    and whether the document hyphenates its words."""
    asked = set()
    for first, second in pairs:
        a, b = _stems(first, second)
        if (a + b).casefold() not in known and f"{a}-{b}".casefold() not in known:
            asked.update((a + b, a, b))
    if lookup is None:
        from pipeline.read.pdf.wordbreak import danish_lookup

        lookup = danish_lookup
    checker = lookup(sorted(asked)) if asked else (lambda word: True)
    return checker, hyphenates(pairs, settings)


def resolve(
    blocks: Sequence[Block],
    settings: PdfSettings = DEFAULT,
    lookup: Callable[[Iterable[str]], Callable[[str], bool]] | None = None,
) -> list[Block]:
    """Return ``blocks`` with every marked line end decided (``decide``) by the document's words and dictionary.

    ``lookup`` (words -> word checker) stands in for the Danish dictionary in
    tests; it is called once, with the words of the marks the document's own
    words leave undecided.
    """
    texts = [t for block in blocks for t in (block.text, *block.cells)]
    pairs = [pair for text in texts if MARK in text for token in text.split() for pair in _pairs(token)]
    if not pairs:
        return list(blocks)
    known = frozenset(_words(texts))
    checker, hyphenated = _judge(pairs, known, lookup, settings)

    def fix(text: str) -> str:
        if MARK not in text:
            return text
        return "".join(_fix_token(t, known, checker, hyphenated) if MARK in t else t for t in re.split(r"(\s+)", text))

    return [replace(block, text=fix(block.text), cells=tuple(fix(c) for c in block.cells)) for block in blocks]


def decide_across(
    text: str, next_text: str, document: Sequence[str], settings: PdfSettings = DEFAULT, lookup=None
) -> str:
    """Return what stands between the word ``text`` ends with (in its hyphen) and the one ``next_text`` starts with.

    For a row cut by the page ("Faxe Biblio-" | "tek"), whose pieces are
    joined after the reader has made its blocks: decided at once, with the
    words of ``document`` (every text of it, marks included) and the dictionary.
    """
    first = text.split()[-1].split(MARK)[-1]
    second = next_text.split()[0].split(MARK)[0]
    pairs = [(first, second)] + [pair for t in document if MARK in t for token in t.split() for pair in _pairs(token)]
    known = frozenset(_words(document))
    checker, hyphenated = _judge(pairs, known, lookup, settings)
    return decide(first, second, known, checker, hyphenated)


def marked_pairs(texts: Iterable[str]) -> list[tuple[str, str]]:
    """Return the (word up to its hyphen, next word) of every mark in ``texts``."""
    return [pair for text in texts if MARK in text for token in text.split() for pair in _pairs(token)]


def end_pair(text: str, next_text: str) -> tuple[str, str]:
    """Return the last word of a line and the first word of the next."""
    return text.split()[-1], next_text.split()[0]


def _pairs(token: str) -> list[tuple[str, str]]:
    """Return (left, right) for each mark in ``token``: the word up to its hyphen, and the word's rest.

    A word broken twice ("un-" / "der-" / "visning") is judged whole at each
    mark ("un-" + "dervisning", "under-" + "visning"), its other marks joined.
    """
    pieces = token.split(MARK)
    bare = [_unhyphened(p) for p in pieces]
    return [("".join(bare[: i - 1]) + pieces[i - 1], "".join(bare[i:-1]) + pieces[-1]) for i in range(1, len(pieces))]


def _unhyphened(piece: str) -> str:
    return piece[:-1] if _hyphened(piece) else piece


def _hyphened(piece: str) -> bool:
    return bool(piece) and piece[-1] in HYPHENS


def _fix_token(token: str, known: frozenset[str], checker: Callable[[str], bool], hyphenated: bool) -> str:
    pieces = token.split(MARK)
    out = pieces[0]
    for i, (left, right) in enumerate(_pairs(token), start=1):
        if _hyphened(pieces[i - 1]) and right:
            out = out[:-1] + decide(left, right, known, checker, hyphenated) + pieces[i]
        else:
            out += pieces[i]  # a mark no hyphen or no word stands beside (never made by ``join``): it goes
    return out


def _words(texts: Iterable[str]) -> Iterable[str]:
    """Yield the document's words outside the marks, casefolded, edge punctuation stripped."""
    for text in texts:
        for token in text.split():
            if MARK not in token:
                word = token.strip(_EDGE + HYPHENS).casefold()
                if word:
                    yield word
