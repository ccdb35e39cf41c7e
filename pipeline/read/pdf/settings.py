"""The tunables of the PDF reader, in one place, checked when made (as pdfplumber's ``TableSettings``).

Distances are in font sizes where text size should scale them (a gap
between words), in points where they measure drawing slack (a column start
drawn a little off), and in line heights where they count lines.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class PdfSettings:
    """How the PDF reader groups characters into lines, tables and blocks."""

    # --- characters into lines and segments (layout) -------------------------------------------
    #: Characters stand on one line when their vertical middles are within this many font sizes.
    line_tolerance: float = 0.5
    #: A gap wider than this many font sizes between two glyphs starts a new segment (a new column).
    segment_gap: float = 0.45
    #: A gap wider than this many font sizes between two glyphs without a space glyph is a word space.
    word_gap: float = 0.2
    #: A hyphen ending a line after a letter is part of the word when it stands off by less than this share of
    #: the line's narrowest word space (LibreOffice sets a justified line's hyphen a little apart).
    hyphen_gap_share: float = 0.8
    #: A space glyph stands this many font sizes before its start in reading order: a producer that
    #: shrinks word spaces sets the next letter a little before the space's own start.
    space_lead: float = 0.1
    #: A justified line's words, spread wider than ``segment_gap``, stand at equal gaps: a run of at least this
    #: many gaps equal within ``justified_gap_slack`` points, each narrower than ``justified_max_gap`` font
    #: sizes, is one segment (columns of a table leave gaps of their own widths, and wide ones between short
    #: texts).
    justified_min_gaps: int = 3
    justified_gap_slack: float = 0.3
    justified_max_gap: float = 1.5
    #: ... or narrower than this many font sizes where each word but the last ends in a space glyph.
    justified_max_spaced_gap: float = 4.0
    #: ... or than that, glyph or not, in a run of at least this many equal gaps (more than a table has columns).
    justified_many_gaps: int = 6
    #: Glyphs of one line that overlap by more than this many font sizes are painted over each other (a word run
    #: on into the next column): the runs the page paints them in are read apart.
    overprint_min: float = 0.3
    #: A font whose name holds one of these (case-folded) is bold.
    bold_markers: tuple[str, ...] = ("bold", "black", "heavy")

    #: Points from the page edge within which a glyph counts as clipped by it.
    page_edge: float = 0.5
    #: Points within which a glyph at the top of a page repeats one of the page before (same start, size, line).
    repeat_slack: float = 0.1
    #: Lines at a page's top and bottom looked at for glyphs repeated from the neighbouring page.
    edge_lines: int = 3

    # --- page furniture (running headers, footers, page numbers) -------------------------------
    #: A line in this top or bottom share of the page height may be furniture.
    furniture_margin: float = 0.125
    #: Points to which a margin line's height is snapped when comparing pages.
    furniture_snap: float = 4.0
    #: A margin line this many of its font sizes or closer to the page's content is content.
    furniture_gap: float = 1.0
    #: A ruled table's line this many characters long or longer (spaces aside) that stands inside a furniture line
    #: at its height is a piece of it: the table's outer columns cut off its ends ("fi" | "le:///tmp/…" | "4").
    furniture_piece: int = 12
    #: A margin text is furniture when it repeats on at least this share of the pages ...
    furniture_share: float = 0.5
    #: ... and on at least this many pages.
    furniture_min_pages: int = 2

    # --- tables -------------------------------------------------------------------------------
    #: A line of at least this many segments can be a borderless table's header.
    header_min_columns: int = 3
    #: A vertical gap above a line wider than this many font sizes starts a new borderless row.
    row_gap: float = 0.6
    #: ... or, in a document whose lines stand closer than ``assumed_leading`` (line height 1.0: they touch),
    #: wider than its leading by this many font sizes, where that is narrower (cell padding 2 sets rows
    #: 0.4 font sizes apart there).
    row_gap_over_leading: float = 0.3
    #: Points a segment may start before its column's start and still belong to it.
    column_slack: float = 3.0
    #: Points before a column start where a segment running across it is cut (cells without padding).
    column_cut_slack: float = 0.5
    #: A borderless column starts inside a header segment where at least this many rows' text starts.
    column_min_rows: int = 3
    #: Points two pages' column starts may differ for the table to go on from one page to the next.
    same_columns_slack: float = 6.0
    #: Where every column holding text on two lines, at least this many and the title's among them, ends a
    #: sentence on the first and starts one on the second, a borderless row starts (cells start together).
    sentence_columns: int = 3
    #: Two table lines of no shared column that stand closer than this share of the table's usual line pitch stand
    #: side by side: cells set at different line pitches, interleaved.
    interleave_pitch: float = 0.75
    #: ... and in a row that holds such lines, a column held on a line closer above than this many pitches is held
    #: on the line above (the two columns' lines drift in and out of step).
    interleave_reach: float = 1.25
    #: A vertical gap wider than this many line heights ends a borderless table.
    table_end_gap: float = 2.5
    #: Points a line's font may exceed the table's and still be a table line.
    table_size_slack: float = 0.5
    #: Points of padding assumed in an empty ruled cell (its text edge, for word breaks).
    empty_cell_padding: float = 2.0

    #: The gap between the lines of one paragraph or cell (font sizes) that ``paragraph_gap`` and
    #: ``row_gap`` are set for; a document set with looser line spacing widens both by the difference.
    assumed_leading: float = 0.2

    # --- drawn table rules (tables) -------------------------------------------------------------
    #: A filled shape without a stroke wider and taller than this many points is a fill (a header row's
    #: background, a zebra stripe, a coloured bar), not a rule: its sides are no table rules.
    rule_max_thickness: float = 2.0

    # --- blocks -------------------------------------------------------------------------------
    #: A gap above a line wider than this many font sizes starts a new paragraph.
    paragraph_gap: float = 0.45
    #: A heading line goes on on the next line within this many font sizes, if its next word did not fit.
    heading_wrap_gap: float = 1.0
    #: A body line indented from a numbered item's number, whose first word did not fit on the item's last line,
    #: goes on with the item across a gap of up to this many font sizes (loose line spacing).
    item_wrap_gap: float = 1.5
    #: A line at least this many times the body font size is a heading.
    heading_ratio: float = 1.15
    #: Font size assumed when a document has no text at all.
    default_body_size: float = 10.0
    #: A table's last row may be cut by the page when it ends within this many line heights of the content bottom.
    page_cut_lines: float = 2.2
    #: ... or within this many when the piece on the next page has no title and goes on mid-sentence in every
    #: cell it shares with the row (orphan and widow control move a cell's last lines on together).
    page_cut_evidence_lines: float = 4.0

    # --- word breaks at line ends inside cells (wordbreak) -------------------------------------
    #: A line fills its cell when the gap to its right text edge is below this many widths of the
    #: next line's first glyph (plus ``fit_slack``): that letter would not have fitted.
    line_end_slack: float = 1.0
    #: A line of one piece that leaves room for fewer than this many of its next line's first letters may still
    #: break a word (Chromium breaks a word too wide for its cell a letter or so early): the words decide.
    near_fill_letters: float = 2.0
    #: Points of slack when asking whether the line plus the next word would have fitted in the cell.
    fit_slack: float = 1.0
    #: Points of slack when a line end is measured against its column's text edge, as found from the
    #: whole document (``wordbreak.text_edges``: an edge that may fall short of the true one, never beyond it).
    edge_slack: float = 0.25
    #: Points by which a line's next glyph must have fitted, the line's word spaces unstretched, for a line end after
    #: other words to be surely a wrap at a space: a layout engine that breaks a word too wide for its cell after
    #: other words on the line (reportlab) fills the line to its last letter (``LineEnd.spare``).
    mid_line_slack: float = 0.1
    #: A column measures the gutter between its text edge and its box end only with at least this many lines.
    gutter_min_lines: int = 3
    #: A line set wider than its natural width by more than this many points has its word spaces stretched: a
    #: justified line, which ends at its column's text edge.
    stretched_min: float = 1.0
    #: A hyphen is at most this many font sizes wide (0.27 to 0.43 in common text fonts): in a document that
    #: hyphenates, letters at least this wide after a hyphenation point left room for the hyphen there.
    hyphen_max_width: float = 0.45
    #: A hyphen is at least this many font sizes wide, where the document shows none of its own at a line
    #: end: letters or room narrower than this after a hyphenation point left no room for one there.
    hyphen_min_width: float = 0.27

    # --- hyphens at line ends (hyphenation) ------------------------------------------------------
    #: A document hyphenates its words when at least this many of its line ends break a word after a hyphen
    #: (suspended compounds and hyphens the shape keeps, "e-" / "bøger", not counted). Then a hyphen between two
    #: words the dictionary does not join ("læseglæde-" / "forældre") is the producer's too, and a line end
    #: without a hyphen between two words is a wrap at a space ("Brætspils" / "aftener").
    hyphenated_breaks: int = 2

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise ValueError(f"PdfSettings.{f.name} must not be negative, not {value}")
        for name in (
            "line_tolerance",
            "segment_gap",
            "row_gap",
            "row_gap_over_leading",
            "table_end_gap",
            "paragraph_gap",
            "hyphen_max_width",
            "hyphen_min_width",
            "hyphen_gap_share",
            "furniture_piece",
            "stretched_min",
            "sentence_columns",
            "overprint_min",
            "interleave_pitch",
            "interleave_reach",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"PdfSettings.{name} must be positive, not {getattr(self, name)}")
        if self.hyphen_min_width > self.hyphen_max_width:
            raise ValueError(
                f"PdfSettings.hyphen_min_width ({self.hyphen_min_width}) must not exceed hyphen_max_width"
                f" ({self.hyphen_max_width})"
            )
        if self.word_gap >= self.segment_gap:
            raise ValueError(
                f"PdfSettings.word_gap ({self.word_gap}) must be below segment_gap ({self.segment_gap}):"
                " a word space is narrower than a column gap"
            )
        if not 0 < self.furniture_margin < 0.5:
            raise ValueError(f"PdfSettings.furniture_margin must be in (0, 0.5), not {self.furniture_margin}")
        if not 0 < self.furniture_share <= 1:
            raise ValueError(f"PdfSettings.furniture_share must be in (0, 1], not {self.furniture_share}")
        if self.furniture_snap <= 0:
            raise ValueError(f"PdfSettings.furniture_snap must be positive, not {self.furniture_snap}")
        if self.header_min_columns < 2:
            raise ValueError(f"PdfSettings.header_min_columns must be at least 2, not {self.header_min_columns}")
        if self.page_cut_evidence_lines < self.page_cut_lines:
            raise ValueError(
                f"PdfSettings.page_cut_evidence_lines ({self.page_cut_evidence_lines}) must not be below"
                f" page_cut_lines ({self.page_cut_lines}): evidence in the text reaches further, not less far"
            )
        if self.heading_ratio <= 1:
            raise ValueError(f"PdfSettings.heading_ratio must be above 1, not {self.heading_ratio}")
        if self.default_body_size <= 0:
            raise ValueError(f"PdfSettings.default_body_size must be positive, not {self.default_body_size}")
        if not self.bold_markers or not all(m and m == m.casefold() for m in self.bold_markers):
            raise ValueError(f"PdfSettings.bold_markers must be non-empty lowercase names, not {self.bold_markers}")


DEFAULT = PdfSettings()
