"""PDF layout: pdfplumber's characters into lines and column segments, and the page furniture.

A *segment* is a run of characters on one line with no wide gap inside: a
phrase in a paragraph, or the text of one table column on that line. Space
glyphs are kept as facts (``trailing_space``) because they tell a wrapped
line (LibreOffice and Word write the space before a wrap) from a broken word.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.read.pdf.settings import DEFAULT, PdfSettings

#: "Side 3", "- 3 -", "3 af 12": each optional dash and word carries its own spaces, so that no two space
#: runs stand side by side (``\s*[-–—]?\s*`` retries every split of a long space run: quadratic). A page number
#: has at most three digits: "2024" alone in a margin is a year (a header cell cut by the page).
_PAGE_NUMBER = re.compile(
    r"^(?:(?:side|page|s\.)(?:\s*[-–—])?|[-–—])?\s*\d{1,3}"
    r"(?:\s*[-–—](?:\s*(?:af|of|/)\s*\d{1,4})?|\s*(?:af|of|/)\s*\d{1,4}|\s*)$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
#: Points within which two glyphs start at the same place (Chromium: 0.012 at most; reportlab squeezed spaces: 0.06+).
_SAME_X = 0.03
#: Typographic ligatures (one glyph for several letters) written out: "ﬁlm" is "film".
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}


@dataclass(frozen=True)
class Segment:
    """A run of text on one line: its text, box, font size, boldness and trailing space glyph."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    trailing_space: bool
    #: (x0, x1) of each character of ``text``; a space spans the gap it stands for
    boxes: tuple[tuple[float, float], ...] = ()
    #: each character's own advance, parallel to ``boxes``: a glyph's width; a word space's, from the glyph
    #: before it to the end of its space glyph (a justified line sets the next word further on, a squeezed one
    #: nearer), or the gap itself where no space glyph stands
    advances: tuple[float, ...] = ()
    #: the advance of the trailing space glyph, from the last glyph's end (0.0 without one)
    trailing_advance: float = 0.0
    #: the segment and another of its line are painted over each other: a word too wide for its cell that the
    #: producer let run on into the next column's text (reportlab: "oteksorientering" over "elever og")
    overprints: bool = False

    @property
    def natural_width(self) -> float:
        """Return how wide the text is set with its word spaces neither stretched nor squeezed."""
        return sum(self.advances) if self.advances else self.x1 - self.x0

    @property
    def first_glyph_x1(self) -> float:
        """Return where the first glyph ends."""
        return self.boxes[0][1] if self.boxes else self.x1

    @property
    def first_word_x1(self) -> float:
        """Return where the first word's last glyph ends."""
        space = self.text.find(" ")
        return self.boxes[space - 1][1] if space > 0 and self.boxes else self.x1

    @property
    def last_word_x0(self) -> float:
        """Return where the last word's first glyph starts."""
        space = self.text.rfind(" ")
        return self.boxes[space + 1][0] if space >= 0 and self.boxes else self.x0

    def split_at(self, x: float) -> tuple[Segment, Segment] | None:
        """Return the segment cut before its first character starting at or right of ``x``, or None.

        Two columns whose texts nearly touch (cells without padding) read as
        one segment, even as one word ("harReparationscaféen"); a table's
        column starts cut them apart again.
        """
        cut = next((i for i, (x0, _) in enumerate(self.boxes) if x0 >= x), None)
        if not cut:
            return None
        left, right = self.text[:cut], self.text[cut:]
        lead = len(right) - len(right.lstrip())
        right, right_boxes = right.lstrip(), self.boxes[cut + lead :]
        if not left.strip() or not right:
            return None
        left_boxes = self.boxes[: len(left.rstrip())]
        left_advances, right_advances = self.advances[: len(left.rstrip())], self.advances[cut + lead :]
        return (
            replace(
                self,
                text=left.rstrip(),
                x1=left_boxes[-1][1],
                boxes=left_boxes,
                advances=left_advances,
                trailing_space=False,
                trailing_advance=0.0,
            ),
            replace(self, text=right, x0=right_boxes[0][0], boxes=right_boxes, advances=right_advances),
        )


@dataclass(frozen=True)
class Line:
    """One text line of a page: its segments left to right."""

    segments: tuple[Segment, ...]
    page: int

    @property
    def text(self) -> str:
        """Return the line's text, segments joined with a space."""
        return " ".join(s.text for s in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def size(self) -> float:
        return max(s.size for s in self.segments)

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segments)


def _is_bold(char: dict, markers: tuple[str, ...]) -> bool:
    name = char.get("fontname", "").casefold()
    return any(marker in name for marker in markers)


def chars_to_lines(chars: list[dict], page: int, split: bool = True, settings: PdfSettings = DEFAULT) -> list[Line]:
    """Given pdfplumber characters, return the lines they form, top to bottom.

    Characters belong to one line when their vertical middles are within
    ``line_tolerance`` font sizes; ``split`` cuts a line into segments at wide gaps.
    """
    order = {id(c): n for n, c in enumerate(chars)}  # the order the page paints them in
    rows: list[list[dict]] = []
    middle_sum = 0.0  # of the last row, for its mean middle
    for char in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if rows:
            last = rows[-1]
            if abs(middle - middle_sum / len(last)) <= settings.line_tolerance * min(char["size"], last[0]["size"]):
                last.append(char)
                middle_sum += middle
                continue
        rows.append([char])
        middle_sum = middle
    lines = []
    for row in rows:
        runs = _overprinted_runs(row, order, settings) if split else None
        if runs:
            segments = sorted(
                (
                    replace(seg, overprints=over)
                    for run, over in runs
                    for seg in _chars_to_segments(sorted(run, key=lambda c: _reading_x(c, settings)), split, settings)
                ),
                key=lambda seg: seg.x0,
            )
        else:
            segments = _chars_to_segments(sorted(row, key=lambda c: _reading_x(c, settings)), split, settings)
        if split:
            segments = _justified_words(segments, settings)
        if segments:
            lines.append(Line(tuple(segments), page))
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines


def _overprinted_runs(
    row: list[dict], order: dict[int, int], settings: PdfSettings
) -> list[tuple[list[dict], bool]] | None:
    """Return a line's characters as (run, overprints) where runs of it are painted over each other, else None.

    A run is what the page paints in one go, left to right (a cell's line). A
    producer that lets a word too wide for its cell run on into the next
    column (reportlab) paints the two columns' glyphs over each other; read
    by their places alone, they interleave ("eelnetveerri"). Runs that overlap
    another by more than ``overprint_min`` font sizes are kept apart, each
    its own segments; the rest of the line is read as usual, in one run.
    """
    glyphs = sorted((c for c in row if c["text"].strip()), key=lambda c: c["x0"])
    if not any(b["x0"] < a["x1"] - settings.overprint_min * a["size"] for a, b in itertools.pairwise(glyphs)):
        return None
    runs: list[list[dict]] = []
    for char in sorted(row, key=lambda c: order.get(id(c), 0)):
        last = runs[-1][-1] if runs else None
        if last is None or char["x0"] < last["x0"] or char["x0"] - last["x1"] > settings.segment_gap * char["size"]:
            runs.append([char])
        else:
            runs[-1].append(char)

    def span(run: list[dict]) -> tuple[float, float]:
        inked = [c for c in run if c["text"].strip()] or run
        return min(c["x0"] for c in inked), max(c["x1"] for c in inked)

    spans = [span(run) for run in runs]
    over = [
        any(
            k != n
            and min(spans[n][1], spans[k][1]) - max(spans[n][0], spans[k][0]) > settings.overprint_min * run[0]["size"]
            for k in range(len(runs))
        )
        for n, run in enumerate(runs)
    ]
    if not any(over):
        return None
    rest = [c for run, o in zip(runs, over, strict=True) if not o for c in run]
    return [(run, True) for run, o in zip(runs, over, strict=True) if o] + ([(rest, False)] if rest else [])


def _justified_words(segments: list[Segment], settings: PdfSettings) -> list[Segment]:
    """Return the segments with the words of a justified line joined again into one segment.

    Justified text spreads a line's word spaces evenly, often wider than
    ``segment_gap``, so each word reads as a segment and the line as a
    table row of many columns ("2." "TILBYDER" "vi" "viden," ...). Those
    gaps are equal to a fraction of a point; a table's columns leave gaps
    that differ, or, between short texts in even columns, gaps far wider
    (and without a space glyph after each text).
    """
    if len(segments) <= settings.justified_min_gaps:
        return segments

    def narrow(seg: Segment) -> float:
        return settings.justified_max_spaced_gap if seg.trailing_space else settings.justified_max_gap

    out: list[Segment] = []
    i = 0
    while i < len(segments):
        j = _equal_gaps(segments, i, narrow, settings)
        if j - i < settings.justified_min_gaps:
            # a justified line of short words in a narrow column spreads them wide ("2." "BIDRAGER" "vi" "til" ...
            # 1.8 font sizes apart, WeasyPrint): so many equal gaps are no table's columns, space glyph or not
            j = _equal_gaps(segments, i, lambda seg: settings.justified_max_spaced_gap, settings)
            j = j if j - i >= settings.justified_many_gaps else i
        if j - i >= settings.justified_min_gaps:
            out.append(joined_segments(segments[i : j + 1]))
            i = j + 1
        else:
            out.append(segments[i])
            i += 1
    return out


def _equal_gaps(segments: list[Segment], i: int, widest: Callable[[Segment], float], settings: PdfSettings) -> int:
    """Return the last index of the run from ``i`` of segments in one font size at equal gaps (within
    ``justified_gap_slack``), each gap narrower than ``widest(segment before it)`` font sizes."""
    j, first_gap = i, None
    while j + 1 < len(segments):
        gap = segments[j + 1].x0 - segments[j].x1
        if gap > widest(segments[j]) * segments[j].size or gap < 0 or segments[j + 1].size != segments[i].size:
            break
        if first_gap is None:
            first_gap = gap
        elif abs(gap - first_gap) > settings.justified_gap_slack:
            break
        j += 1
    return j


def joined_segments(parts: list[Segment]) -> Segment:
    """Return the segments of one line joined into one, a space standing in each gap."""
    text, boxes, advances = parts[0].text, list(parts[0].boxes), list(parts[0].advances)
    for before, seg in itertools.pairwise(parts):
        text += " " + seg.text
        boxes += [(before.x1, seg.x0), *seg.boxes]
        space = before.trailing_advance if before.trailing_space and before.trailing_advance else seg.x0 - before.x1
        advances += [space, *seg.advances]
    bold = sum(len(p.text) for p in parts if p.bold) * 2 > sum(len(p.text) for p in parts)
    return replace(
        parts[0],
        text=text,
        x1=parts[-1].x1,
        top=min(p.top for p in parts),
        bottom=max(p.bottom for p in parts),
        bold=bold,
        trailing_space=parts[-1].trailing_space,
        trailing_advance=parts[-1].trailing_advance,
        boxes=tuple(boxes) if all(p.boxes for p in parts) else (),
        advances=tuple(advances) if all(p.advances for p in parts) else (),
    )


def _reading_x(char: dict, settings: PdfSettings) -> float:
    """Return where a character stands in reading order: its start, a space a little before its own.

    A producer that shrinks word spaces to fit a line (reportlab) sets the
    next letter a little before the space glyph's start ("Læsecentret" " "
    "er" read by starts alone is "Læsecentrete r").
    """
    return char["x0"] - (settings.space_lead * char["size"] if not char["text"].strip() else 0.0)


def _chars_to_segments(chars: list[dict], split: bool, settings: PdfSettings) -> list[Segment]:
    # a blank with no advance of its own is dropped before any gap is measured from it
    chars = [
        c for i, c in enumerate(chars) if c["text"].strip() or not _covered(c, chars[i - 1 : i] + chars[i + 1 : i + 2])
    ]
    segments: list[Segment] = []
    run: list[dict] = []

    def close() -> None:
        glyphs = [c for c in run if c["text"].strip()]
        if glyphs:
            text: list[str] = []
            boxes: list[tuple[float, float]] = []
            advances: list[float] = []
            prev = None
            last = glyphs[0]
            for c in run:
                if not c["text"].strip():
                    prev = c
                    continue
                if text and (not prev["text"].strip() or c["x0"] - prev["x1"] > settings.word_gap * c["size"]):
                    text.append(" ")
                    boxes.append((last["x1"], c["x0"]))
                    advances.append(c["x0"] - last["x1"] if prev["text"].strip() else prev["x1"] - last["x1"])
                letters = _LIGATURES.get(c["text"], c["text"])
                text.extend(letters)
                boxes.extend([(c["x0"], c["x1"])] * len(letters))
                advances.extend([(c["x1"] - c["x0"]) / len(letters)] * len(letters))
                prev = last = c
            _attach_line_end_hyphen(text, boxes, advances, settings)
            segments.append(
                Segment(
                    text="".join(text),
                    x0=glyphs[0]["x0"],
                    x1=max(c["x1"] for c in glyphs),
                    top=min(c["top"] for c in glyphs),
                    bottom=max(c["bottom"] for c in glyphs),
                    size=Counter(round(c["size"], 1) for c in glyphs).most_common(1)[0][0],
                    bold=sum(_is_bold(c, settings.bold_markers) for c in glyphs) * 2 > len(glyphs),
                    trailing_space=not run[-1]["text"].strip(),
                    trailing_advance=run[-1]["x1"] - last["x1"] if not run[-1]["text"].strip() else 0.0,
                    boxes=tuple(boxes),
                    advances=tuple(advances),
                )
            )
        run.clear()

    for char in chars:
        if run and split and char["x0"] - run[-1]["x1"] > settings.segment_gap * char["size"]:
            close()
        run.append(char)
    close()
    return segments


def _attach_line_end_hyphen(
    text: list[str], boxes: list[tuple[float, float]], advances: list[float], settings: PdfSettings
) -> None:
    """Take out, in place, the space read before a run's last glyph, a hyphen after a letter, where that gap is
    narrower than ``hyphen_gap_share`` of every other word space the run holds: a word space is set alike
    along its line (a justified line stretches them all), and LibreOffice sets the hyphen of a word it
    hyphenated at the end of a justified line a little apart ("digitale uni" "-" / "verser").
    A dash the author set apart ("sagt -") stands a word space off."""
    if len(text) < 3 or text[-1] != "-" or text[-2] != " " or not text[-3].isalpha():
        return
    gaps = [b - a for (a, b), ch in zip(boxes[:-2], text[:-2], strict=True) if ch == " "]
    last = boxes[-2][1] - boxes[-2][0]
    if gaps and last < settings.hyphen_gap_share * min(gaps):
        del text[-2], boxes[-2], advances[-2]


def _covered(blank: dict, neighbours: list[dict]) -> bool:
    """Return True when a blank character starts where a neighbouring glyph starts: it has no advance of its own,
    so it is no space (Chromium writes a soft hyphen it did not break at as a blank on the next letter: "Pro"
    "jekt"). A space that only overlaps the next glyph (reportlab squeezes a line: "læselyst" " " "og") is one."""
    return any(n["text"].strip() and abs(n["x0"] - blank["x0"]) <= _SAME_X for n in neighbours)


def digits_aside(text: str) -> str:
    """Return ``text`` with every number as "#": page furniture repeats but for its page numbers."""
    return _DIGITS.sub("#", text)


def furniture_keys(
    pages: list[list[Line]], heights: list[float], settings: PdfSettings = DEFAULT
) -> set[tuple[int, str]]:
    """Return the (page, text) of running headers, footers and page numbers: not content.

    A line in the top or bottom margin (``furniture_margin``, an eighth) of a
    page is furniture when it is a bare page number, or when the same text
    (digits aside) stands at the same height on at least ``furniture_share``
    of the pages (and on ``furniture_min_pages`` or more). A margin line that
    stands closer than ``furniture_gap`` font sizes to the page's content
    set no larger (the second line of a wrapped title above the body, a
    header row at the top of a page) is content; a running header set
    smaller than the text below it is not. Nor is a margin line whose text
    (digits aside) stands at the same height apart from the content on
    another page: a running header that a table going on at the page's top
    reaches up to (Chromium's print header); it counts towards the share on
    every page it stands on.
    """
    margin = settings.furniture_margin
    margin_lines: list[tuple[int, Line, tuple[int, str]]] = []
    near_lines: list[tuple[int, Line, tuple[int, str]]] = []  # margin lines taken for content
    for index, (lines, height) in enumerate(zip(pages, heights, strict=False)):
        content = [ln for ln in lines if height * margin <= ln.bottom and ln.top <= height * (1 - margin)]
        top = sorted((ln for ln in lines if ln.bottom < height * margin), key=lambda ln: -ln.top)
        bottom = sorted((ln for ln in lines if ln.top > height * (1 - margin)), key=lambda ln: ln.top)
        # From the content outwards: a margin line close to the content is content, and so on.
        for line, above in [(ln, True) for ln in top] + [(ln, False) for ln in bottom]:
            near = [ln for ln in content if ln.size <= line.size + settings.table_size_slack]
            gaps = [ln.top - line.bottom if above else line.top - ln.bottom for ln in near]
            place = (round(line.top / settings.furniture_snap), _DIGITS.sub("#", line.text))
            if min((g for g in gaps if g > -line.size), default=height) < settings.furniture_gap * line.size:
                content.append(line)
                near_lines.append((index, line, place))
                continue
            margin_lines.append((index, line, place))
    apart = {place for _, _, place in margin_lines}
    # A running header stands where it stands whatever the page holds: where it stands apart from the
    # content on one page, the same text at the same height is furniture on the pages whose content
    # reaches up to it too (Chromium's print header over a table that goes on at the page's top).
    reaching = [entry for entry in near_lines if entry[2] in apart]
    counts = Counter(place for _, _, place in {(i, None, p) for i, _, p in margin_lines + reaching})
    needed = max(settings.furniture_min_pages, math.ceil(len(pages) * settings.furniture_share))
    found = set()
    for index, line, place in margin_lines:
        if _PAGE_NUMBER.match(line.text.strip()) or (len(pages) > 1 and counts[place] >= needed):
            found.add((index, line.text))
    for index, line, place in reaching:
        if len(pages) > 1 and counts[place] >= needed:
            found.add((index, line.text))
    return found
