"""PDF layout: pdfplumber's characters into lines and column segments, and the page furniture.

A *segment* is a run of characters on one line with no wide gap inside: a
phrase in a paragraph, or the text of one table column on that line. Space
glyphs are kept as facts (``trailing_space``) because they tell a wrapped
line (LibreOffice and Word write the space before a wrap) from a broken word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
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
        return (
            replace(self, text=left.rstrip(), x1=left_boxes[-1][1], boxes=left_boxes, trailing_space=False),
            replace(self, text=right, x0=right_boxes[0][0], boxes=right_boxes),
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
        # By the glyph's middle: a space glyph kerned a little into the next letter starts after it
        # ("Læsecentret" + " " at 354.27 + "er" at 354.16), yet stands before it.
        segments = _chars_to_segments(sorted(row, key=_middle_x), split, settings)
        if segments:
            lines.append(Line(tuple(segments), page))
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines


def _middle_x(char: dict) -> float:
    return char["x0"] + char["x1"]


def _chars_to_segments(chars: list[dict], split: bool, settings: PdfSettings) -> list[Segment]:
    segments: list[Segment] = []
    run: list[dict] = []

    def close() -> None:
        glyphs = [c for c in run if c["text"].strip()]
        if glyphs:
            text: list[str] = []
            boxes: list[tuple[float, float]] = []
            prev = None
            last = glyphs[0]
            for c in run:
                if not c["text"].strip():
                    prev = c
                    continue
                if text and (not prev["text"].strip() or c["x0"] - prev["x1"] > settings.word_gap * c["size"]):
                    text.append(" ")
                    boxes.append((last["x1"], c["x0"]))
                letters = _LIGATURES.get(c["text"], c["text"])
                text.extend(letters)
                boxes.extend([(c["x0"], c["x1"])] * len(letters))
                prev = last = c
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
                    boxes=tuple(boxes),
                )
            )
        run.clear()

    for char in chars:
        if run and split and char["x0"] - run[-1]["x1"] > settings.segment_gap * char["size"]:
            close()
        run.append(char)
    close()
    return segments


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
    smaller than the text below it is not.
    """
    margin = settings.furniture_margin
    margin_lines: list[tuple[int, Line, tuple[int, str]]] = []
    for index, (lines, height) in enumerate(zip(pages, heights, strict=False)):
        content = [ln for ln in lines if height * margin <= ln.bottom and ln.top <= height * (1 - margin)]
        top = sorted((ln for ln in lines if ln.bottom < height * margin), key=lambda ln: -ln.top)
        bottom = sorted((ln for ln in lines if ln.top > height * (1 - margin)), key=lambda ln: ln.top)
        # From the content outwards: a margin line close to the content is content, and so on.
        for line, above in [(ln, True) for ln in top] + [(ln, False) for ln in bottom]:
            near = [ln for ln in content if ln.size <= line.size + settings.table_size_slack]
            gaps = [ln.top - line.bottom if above else line.top - ln.bottom for ln in near]
            if min((g for g in gaps if g > -line.size), default=height) < settings.furniture_gap * line.size:
                content.append(line)
                continue
            place = (round(line.top / settings.furniture_snap), _DIGITS.sub("#", line.text))
            margin_lines.append((index, line, place))
    counts = Counter(place for _, _, place in {(i, None, p) for i, _, p in margin_lines})
    needed = max(settings.furniture_min_pages, math.ceil(len(pages) * settings.furniture_share))
    found = set()
    for index, line, place in margin_lines:
        if _PAGE_NUMBER.match(line.text.strip()) or (len(pages) > 1 and counts[place] >= needed):
            found.add((index, line.text))
    return found
