"""Random page layouts for the fidelity matrix: one frozen ``Layout`` per seed, the same for every producer.

A layout is what a new user's document differs in, not what it says: the
font and its size, the column widths (the title column sometimes so narrow
that long Danish words must break), the page size and orientation, cell
padding from none to generous, line height, space after paragraphs, a
repeated header row, a running page header and a "Side N af M" footer,
ruled or borderless tables, or a table style of a word processor, a site
or a layout program (a filled header row, zebra stripes, rules between
rows only, an outer frame), text justified or ragged, automatic (Danish)
hyphenation on or off. ``draw_layout(seed)`` always gives the same
layout for the same seed, so a rendering is named by (producer, seed,
revision) and can be rebuilt.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

#: Font families installed here (fc-list), each with a bold face and a TrueType file for reportlab.
FONTS: dict[str, tuple[str, str]] = {
    "DejaVu Sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "DejaVu Serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "Liberation Sans": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
    "Liberation Serif": ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
    "Liberation Sans Narrow": (
        "liberation/LiberationSansNarrow-Regular.ttf",
        "liberation/LiberationSansNarrow-Bold.ttf",
    ),
}
FONT_DIR = "/usr/share/fonts/truetype"
#: page name -> (width, height) in millimetres, portrait.
PAGES: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
#: How many column weights a layout carries; a table uses the first ones it needs.
MAX_COLUMNS = 6
RUNNING_TITLE = "Faxe Kommune · Bibliotek & Borgerservice"
#: How a table is drawn. "grid" (every cell boxed) and "none" (borderless) are what ``ruled`` gives; the others are
#: table styles of Word, of site style sheets and of InDesign: "header-fill" (a dark header row with white text, no
#: rules), "zebra" (every other body row filled, no rules), "horizontal-rules" (rules between
#: rows only, none between columns: booktabs, Word's "Plain Table"), "frame" (an outer frame and a rule under
#: the header only).
TABLE_STYLES = ("grid", "none", "header-fill", "zebra", "horizontal-rules", "frame")
#: The fill colours of the table styles: the header row's and the zebra stripe's.
HEADER_FILL = "#1f4e79"
STRIPE_FILL = "#dde6f0"


@dataclass(frozen=True)
class Layout:
    """One random page layout; every length in points unless the name says otherwise."""

    seed: int
    font: str
    font_size: float
    #: relative column widths: title, description, status, then the plan years.
    col_weights: tuple[float, ...]
    page: str
    landscape: bool
    margin_mm: float
    cell_padding: float
    line_height: float
    space_after: float
    repeat_header: bool
    page_header: bool
    page_footer: bool
    ruled: bool
    #: Word's own list numbering (True) or the number typed into the text ("1.<tab>").
    list_numbering: bool
    #: a browser's own print header and footer (date, title, URL, page number) on the page.
    print_header_footer: bool
    #: text justified (both edges straight, wide uneven spaces) in paragraphs and cells, not ragged right.
    justify: bool = False
    #: automatic hyphenation in Danish (lang da): a word at a line end may break after a hyphen the producer adds.
    hyphenate: bool = False
    #: the table style (``TABLE_STYLES``); "" means what ``ruled`` gives ("grid" or "none").
    table_style: str = ""

    def __post_init__(self) -> None:
        if self.font not in FONTS:
            raise ValueError(f"font {self.font!r} is not one of {sorted(FONTS)}")
        if self.page not in PAGES:
            raise ValueError(f"page {self.page!r} is not one of {sorted(PAGES)}")
        if not 6 <= self.font_size <= 14:
            raise ValueError(f"font_size {self.font_size} is outside 6..14 pt")
        if len(self.col_weights) != MAX_COLUMNS or min(self.col_weights) <= 0:
            raise ValueError(f"col_weights must be {MAX_COLUMNS} positive numbers, not {self.col_weights}")
        if self.cell_padding < 0 or self.space_after < 0 or self.line_height < 1:
            raise ValueError("cell_padding and space_after must be >= 0 and line_height >= 1")
        if not self.table_style:
            object.__setattr__(self, "table_style", "grid" if self.ruled else "none")
        if self.table_style not in TABLE_STYLES:
            raise ValueError(f"table_style {self.table_style!r} is not one of {TABLE_STYLES}")

    @property
    def page_mm(self) -> tuple[float, float]:
        """Return (width, height) of the page in millimetres, turned for landscape."""
        width, height = PAGES[self.page]
        return (height, width) if self.landscape else (width, height)

    @property
    def text_width_mm(self) -> float:
        """Return the width between the page margins in millimetres."""
        return self.page_mm[0] - 2 * self.margin_mm

    def column_fractions(self, count: int) -> list[float]:
        """Return ``count`` column widths as fractions of the table width (they sum to 1)."""
        weights = [self.col_weights[min(i, MAX_COLUMNS - 1)] for i in range(count)]
        total = sum(weights)
        return [w / total for w in weights]

    def font_files(self) -> tuple[str, str]:
        """Return the TrueType files of the regular and bold face."""
        regular, bold = FONTS[self.font]
        return f"{FONT_DIR}/{regular}", f"{FONT_DIR}/{bold}"

    def describe(self) -> dict:
        """Return the layout as a JSON-ready dict."""
        data = asdict(self)
        data["col_weights"] = list(self.col_weights)
        if self.table_style == ("grid" if self.ruled else "none"):
            del data["table_style"]  # what ``ruled`` gives: recorded as before the field existed
        return data


def draw_layout(seed: int) -> Layout:
    """Return the layout of ``seed``: the same seed always gives the same layout.

    ``table_style``, and ``justify`` and ``hyphenate``, come from streams of
    their own, so the fields drawn before they existed stay what they were
    for every seed; half the layouts keep the style ``ruled`` gives, the
    other half get one of the other styles instead.
    """
    rng = random.Random(seed)
    hyphen_rng = random.Random(f"{seed}-hyphen")
    style_rng = random.Random(f"{seed}-table-style")
    font = rng.choice(sorted(FONTS))
    font_size = rng.choice([8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12])
    # The title column is sometimes narrow, so a long title word must break inside the cell.
    title = rng.choice([0.55, 0.7, 0.9, 1.0, 1.2, 1.5])
    description = rng.uniform(1.2, 2.6)
    rest = [rng.uniform(0.8, 1.6) for _ in range(MAX_COLUMNS - 2)]
    return Layout(
        seed=seed,
        font=font,
        font_size=font_size,
        col_weights=(round(title, 3), round(description, 3), *(round(w, 3) for w in rest)),
        page=rng.choice(sorted(PAGES)),
        landscape=rng.random() < 0.35,
        margin_mm=rng.choice([10, 15, 20, 25]),
        cell_padding=rng.choice([0, 0, 1, 2, 3, 5, 8, 12]),
        line_height=rng.choice([1.0, 1.0, 1.15, 1.25, 1.5]),
        space_after=rng.choice([0, 0, 2, 4, 6, 10]),
        repeat_header=rng.random() < 0.5,
        page_header=rng.random() < 0.5,
        page_footer=rng.random() < 0.5,
        ruled=rng.random() < 0.5,
        list_numbering=rng.random() < 0.5,
        print_header_footer=rng.random() < 0.5,
        justify=hyphen_rng.random() < 0.5,
        hyphenate=hyphen_rng.random() < 0.5,
        table_style="" if style_rng.random() < 0.5 else style_rng.choice(TABLE_STYLES[2:]),
    )


def layout_seeds(seed: int, n: int) -> list[int]:
    """Return the ``n`` layout seeds of a run started from ``seed``."""
    return [seed + i for i in range(n)]
