"""Which part of an HTML page is the plan: its main-content element, and the page chrome to skip.

A council's CMS wraps the plan in site chrome: a cookie-consent dialog
(often the first thing in the page, its ``<h2>`` before every heading of
the plan), skip links, a site header and navigation, breadcrumbs, a
sidebar of related pages, a footer with contact details. None of it is
plan, and all of it looks like text. The reader therefore reads one
*content root* (see ``content_root``) and, inside it, skips chrome
(see ``Chrome.skips``):

- never content: ``dialog`` and ``role=dialog``/``alertdialog``,
  ``aria-modal=true``, cookie or consent banners (by class or id), ``nav``
  and ``role=navigation``/``search``, breadcrumbs (``aria-label``, class or
  id naming one), ``aside`` and ``role=complementary``, skip links, forms
  that hold no table (a whole-page ASP.NET form holds the plan), scripts,
  styles and the like;
- hidden: the ``hidden`` attribute, ``aria-hidden=true``, an inline
  ``display:none`` or ``visibility:hidden`` -- unless the element holds a
  table or a toggle opens it (``aria-controls`` with ``aria-expanded``):
  a collapsed accordion panel holds plan, not chrome;
- a ``header`` or ``footer`` (or ``role=banner``/``contentinfo``) belongs
  to the site unless it stands inside ``main``, ``article``, ``section`` or
  ``role=main``, or holds the plan's title heading.
"""

from __future__ import annotations

import re

#: Elements whose text is never content.
SKIP = frozenset(
    "head script style nav aside noscript template svg canvas iframe object select button datalist dialog "
    "input textarea".split()
)
#: Elements that are content inside main, article or section, but site furniture outside them.
SECTION_FURNITURE = frozenset({"header", "footer"})
SECTIONING = frozenset({"main", "article", "section"})
HEADINGS = {f"h{n}": n for n in range(1, 7)}
_TABLE = frozenset({"table"})
_LAYOUT_MARKS = frozenset([*HEADINGS, "table"])
_CHROME_ROLES = frozenset({"dialog", "alertdialog", "navigation", "search", "complementary"})
_FURNITURE_ROLES = frozenset({"banner", "contentinfo"})
#: Words in a class, id or aria-label that name chrome (Danish and English CMS templates).
_CHROME_NAMES = re.compile(r"breadcrumb|br[øo]dkrumme|cookie|consent|samtykke", re.IGNORECASE)
_HIDING_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
_SKIP_LINK_TEXT = re.compile(r"^\s*(?:(?:gå|spring|hop)\s+(?:direkte\s+)?(?:til|over)|skip\s+to)\b", re.IGNORECASE)


def _names(el) -> str:
    """Return the element's class, id and aria-label as one string to search for chrome words."""
    classes = el.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([*classes, str(el.get("id") or ""), str(el.get("aria-label") or "")])


def _role(el) -> str:
    return str(el.get("role") or "").strip().lower()


def is_hidden(el) -> bool:
    """Return True for an element the page hides (``hidden``, ``aria-hidden``, inline ``display:none``)."""
    if el.has_attr("hidden") or str(el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return bool(_HIDING_STYLE.search(str(el.get("style") or "")))


def is_hard_chrome(el, disclosed: frozenset[str] = frozenset()) -> bool:
    """Return True for an element that is never plan, wherever it stands (not counting header/footer).

    ``disclosed`` holds the ids of panels that a toggle (``aria-expanded``
    with ``aria-controls``) opens: hidden, they are a collapsed accordion.
    """
    name = el.name
    if name in SKIP:
        # A button inside a heading is an accordion's toggle: its text is the heading.
        return not (name == "button" and el.find_parent(list(HEADINGS)) is not None)
    role = _role(el)
    if role in _CHROME_ROLES or str(el.get("aria-modal") or "").strip().lower() == "true":
        return True
    if is_hidden(el) and str(el.get("id") or "") not in disclosed and not _holds(el, _TABLE):
        return True
    if name == "form" and not _holds(el, _TABLE):
        return True
    if name == "a" and _is_skip_link(el):
        return True
    return bool(_CHROME_NAMES.search(_names(el))) and role != "main" and name not in ("main", "table")


def _is_skip_link(a) -> bool:
    href = str(a.get("href") or "")
    if not href.startswith("#"):
        return False
    return "skip" in _names(a).lower() or bool(_SKIP_LINK_TEXT.match(a.get_text(" ")))


def is_furniture(el) -> bool:
    """Return True for a header or footer (or banner/contentinfo role): site chrome outside a section."""
    return el.name in SECTION_FURNITURE or _role(el) in _FURNITURE_ROLES


def is_sectioning(el) -> bool:
    """Return True for main, article, section or role=main: a header or footer inside is content."""
    return el.name in SECTIONING or _role(el) == "main"


class Chrome:
    """The chrome rules of one page: each element's verdict computed once, some elements kept whatever they are."""

    def __init__(self, soup) -> None:
        self.keep: set[int] = set()
        self.memo: dict[int, bool] = {}
        toggles = soup.find_all(attrs={"aria-controls": True, "aria-expanded": True})
        self.disclosed = frozenset(i for t in toggles for i in str(t.get("aria-controls") or "").split())

    def hard(self, el) -> bool:
        """Return True when ``el`` itself is never plan (``is_hard_chrome``), remembered."""
        verdict = self.memo.get(id(el))
        if verdict is None:
            verdict = self.memo[id(el)] = is_hard_chrome(el, self.disclosed)
        return verdict

    def skips(self, el, in_section: bool) -> bool:
        """Return True when ``el`` (met while walking, ``in_section`` or not) is chrome, not plan."""
        if id(el) in self.keep:
            return False
        if self.hard(el):
            return True
        return is_furniture(el) and not in_section

    def inside(self, el, soft: bool) -> bool:
        """Return True when ``el`` or an ancestor is chrome (``soft``: a site header or footer too)."""
        chain = [n for n in [el, *el.parents] if getattr(n, "name", None) not in (None, "[document]")]
        if any(id(n) not in self.keep and self.hard(n) for n in chain):
            return True
        if not soft:
            return False
        in_section = False
        for n in reversed(chain):  # from the top down, as a walk meets them
            if is_furniture(n) and not in_section and id(n) not in self.keep:
                return True
            in_section = in_section or is_sectioning(n)
        return False


def is_layout_table(table) -> bool:
    """Return True for a table that lays out a page (it holds headings or tables), not data."""
    return _holds(table, _LAYOUT_MARKS)


def _holds(el, names: frozenset) -> bool:
    """Return True when an element below ``el`` has one of ``names`` (a plain walk: bs4's find is slower)."""
    return any(getattr(node, "name", None) in names for node in el.descendants)


def _ancestors(el) -> list:
    """Return ``el``'s ancestors from the document down, ``el`` last."""
    chain = [el]
    chain.extend(el.parents)
    return [n for n in reversed(chain) if getattr(n, "name", None) != "[document]"]


def _common_container(elements: list):
    """Return the nearest element that holds all of ``elements`` (itself, if there is one)."""
    chains = [_ancestors(el) for el in elements]
    common = None
    for level in zip(*chains, strict=False):
        if all(n is level[0] for n in level):
            common = level[0]
        else:
            break
    return common


def _outermost(elements: list) -> list:
    ids = {id(el) for el in elements}
    return [el for el in elements if not any(id(p) in ids for p in el.parents)]


def content_root(soup) -> tuple[object, object | None, Chrome]:
    """Return the element holding the plan, the title ``<h1>`` standing before it (or None), and the page's chrome.

    In order: the page's ``main`` (or ``role=main``) if it holds the
    plan's data tables or the page has none; else the ``article`` that
    holds them (their nearest common container if several do); else the
    nearest common container of the data tables and the title heading
    before them; else ``body``. The title heading is the last heading of
    the highest level before the first table; the headers around it are
    kept even if they look like the site's.
    """
    body = soup.body or soup
    tags = [node for node in body.descendants if getattr(node, "name", None)]
    order = {id(el): i for i, el in enumerate(tags)}
    chrome = Chrome(soup)
    tables = [t for t in tags if t.name == "table" and not is_layout_table(t) and not chrome.inside(t, True)]
    holding_tables = {id(p) for t in tables for p in t.parents}
    for wanted in (
        lambda el: el.name == "main" or _role(el) == "main",
        lambda el: el.name == "article",
    ):
        candidates = _outermost([el for el in tags if wanted(el) and not chrome.inside(el, False)])
        if not candidates:
            continue
        holders = [c for c in candidates if id(c) in holding_tables]
        if holders:
            root = _common_container(holders)
        elif not tables and len(candidates) == 1:
            root = candidates[0]
        else:
            continue
        return root, _title_before(root, tags, order, chrome), chrome
    if not tables:
        return body, None, chrome
    first = order[id(tables[0])]
    headings = [h for h in tags[:first] if h.name in HEADINGS and not chrome.inside(h, False)]
    title = _title_heading([h for h in headings if not chrome.inside(h, True)] or headings)
    root = _common_container(tables + ([title] if title is not None else []))
    if title is not None:
        chrome.keep.update(id(p) for p in title.parents if is_furniture(p))
    return (root if root is not None else body), None, chrome


def _title_heading(headings: list):
    """Return the last heading of the highest level among ``headings`` (None if there is none)."""
    if not headings:
        return None
    top = min(HEADINGS[h.name] for h in headings)
    return [h for h in headings if HEADINGS[h.name] == top][-1]


def _title_before(root, tags: list, order: dict, chrome: Chrome):
    """Return the page's ``<h1>`` standing before ``root`` when ``root`` holds none (a CMS's page title)."""
    if root.find("h1") is not None or getattr(root, "name", None) in ("body", "html"):
        return None
    start = order.get(id(root))
    if start is None:
        return None
    before = [h for h in tags[:start] if h.name == "h1" and not chrome.inside(h, True) and not _plain_empty(h)]
    return before[-1] if before else None


def _plain_empty(el) -> bool:
    return not el.get_text().strip()
