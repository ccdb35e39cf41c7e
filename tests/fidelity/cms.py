"""A plan as a municipal CMS page: the plan inside a site's chrome, drawn at random from the layout's seed.

What a council website serves around the content: a cookie-consent dialog
with its own ``<h2>`` (``role=dialog``, ``aria-modal``; before the content,
after it, or hidden), a skip link, a site header with navigation and a
search form, breadcrumbs, an aside of related pages, a footer with its own
headings, and random class names. The plan sits in ``<main>``,
``<div role="main">`` or only an ``<article>``; its tables are wrapped in
divs, the title cells are ``<th scope="row">`` or bold ``<td>``, and cells
hold ``<p>`` paragraphs or ``<br>`` line breaks between sentences. Numbered
lists are ``<ol>``, or (a third of the pages) numbers typed into ``<p>``s.
"""

from __future__ import annotations

import html
import random
import re

from tests.fidelity.content import Part
from tests.fidelity.layouts import Layout

_SENTENCE = re.compile(r"(?<=[.?!]) (?=[A-ZÆØÅ])")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _cls(rng: random.Random, stem: str) -> str:
    return f"{stem}-{rng.getrandbits(24):06x}" if rng.random() < 0.6 else f"{rng.choice('abcdefgh')}{stem}"


def _cell(rng: random.Random, text: str, style: str) -> str:
    """Return a cell's content: sentences as <p>s, split by <br>, or plain."""
    sentences = _SENTENCE.split(text)
    if len(sentences) < 2 or style == "plain":
        return esc(text)
    if style == "p":
        return "".join(f"<p>{esc(s)}</p>" for s in sentences)
    return "<br>".join(esc(s) for s in sentences)


def _table(rng: random.Random, rows: tuple[tuple[str, ...], ...]) -> list[str]:
    style = rng.choice(["plain", "p", "br"])
    row_headers = rng.random() < 0.6
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in rows[0])
    out = [f'<div class="{_cls(rng, "table-wrapper")}"><div class="{_cls(rng, "scroll")}">']
    out.append(f'<table class="{_cls(rng, "table")}">')
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for cells in rows[1:]:
        if row_headers:
            title = f'<th scope="row">{esc(cells[0])}</th>'
        else:
            title = f"<td><strong>{esc(cells[0])}</strong></td>"
        out.append("<tr>" + title + "".join(f"<td>{_cell(rng, c, style)}</td>" for c in cells[1:]) + "</tr>")
    out += ["</tbody></table>", "</div></div>"]
    return out


def _content(rng: random.Random, parts: list[Part], typed_numbers: bool) -> list[str]:
    out: list[str] = []
    in_list = False
    for part in parts:
        if part.kind == "item" and typed_numbers:  # the editor typed "1. " into paragraphs
            out.append(f"<p>{part.number}. {esc(part.text)}</p>")
            continue
        if part.kind == "item":
            if not in_list or part.number == 1:
                if in_list:
                    out.append("</ol>")
                out.append(f'<ol start="{part.number}">' if part.number != 1 else "<ol>")
                in_list = True
            out.append(f"<li>{esc(part.text)}</li>")
            continue
        if in_list:
            out.append("</ol>")
            in_list = False
        if part.kind == "title":
            out.append(f'<h1 class="{_cls(rng, "page-title")}">{esc(part.text)}</h1>')
            out.append(f'<div class="{_cls(rng, "rich-text")}">')
        elif part.kind == "heading":
            out.append(f"<h{part.level}>{esc(part.text)}</h{part.level}>")
        elif part.kind == "paragraph":
            out.append(f"<p>{esc(part.text)}</p>")
        elif part.kind == "table":
            out += _table(rng, part.rows)
    if in_list:
        out.append("</ol>")
    out.append("</div>")
    return out


COOKIE = """<div id="{id}" class="{cls}" role="dialog" aria-modal="true" aria-labelledby="{id}-title"{hidden}>
<div class="{inner}"><h2 id="{id}-title">Denne hjemmeside bruger cookies</h2>
<p>Vi bruger cookies til at tilpasse vores indhold og til at analysere vores trafik. Du kan til enhver tid ændre
eller tilbagekalde dit samtykke.</p>
<button type="button">Tillad alle</button> <button type="button">Kun nødvendige</button>
<a href="/cookiepolitik">Læs mere om cookies</a></div></div>"""

HEADER = """<a class="{skip}" href="#indhold">Gå til indhold</a>
<header class="{cls}"><div class="{logo}"><a href="/"><img src="/logo.svg" alt="Faxe Kommune"></a></div>
<nav aria-label="Hovedmenu" class="{nav}"><ul><li><a href="/borger">Borger</a></li>
<li><a href="/erhverv">Erhverv</a></li><li><a href="/politik">Politik og planer</a></li>
<li><a href="/kultur">Kultur og fritid</a></li></ul></nav>
<form role="search" action="/soeg"><label for="q">Søg</label><input id="q" name="q"><button>Søg</button></form>
</header>
<nav aria-label="Brødkrummesti" class="{crumbs}"><ol><li><a href="/">Forside</a></li>
<li><a href="/politik">Politik og planer</a></li><li><a href="/politik/bibliotek">Bibliotek</a></li>
<li aria-current="page">Handleplan</li></ol></nav>"""

ASIDE = """<aside class="{cls}"><h2>Relaterede sider</h2><ul><li><a href="/bibliotekspolitik">Bibliotekspolitik
2021-2025</a></li><li><a href="/aabningstider">Åbningstider</a></li></ul>
<h3>Kontakt</h3><p>Faxe Kommunes Biblioteker · Tlf. 56 20 30 00</p></aside>"""

FOOTER = """<footer class="{cls}"><div><h2>Faxe Kommune</h2><p>Frederiksgade 9 · 4690 Haslev</p></div>
<div><h2>Genveje</h2><ul><li><a href="/tilgaengelighed">Tilgængelighedserklæring</a></li>
<li><a href="/cookies">Cookies</a></li></ul></div></footer>"""


def cms_page(parts: list[Part], layout: Layout) -> str:
    """Return a CMS-shaped page holding ``parts``; the chrome is drawn from the layout's seed."""
    rng = random.Random(f"cms:{layout.seed}")
    # Drawn apart, so the rest of the page stays what it was for the seed: numbers typed into paragraphs.
    typed_numbers = random.Random(f"cms-lists:{layout.seed}").random() < 0.3
    cookie_at = rng.choice(["start", "start", "end", "hidden"])
    cookie = COOKIE.format(
        id=rng.choice(["CybotCookiebotDialog", "cookie-consent", "coiOverlay"]),
        cls=_cls(rng, "consent"),
        inner=_cls(rng, "dialog"),
        hidden=' hidden style="display:none"' if cookie_at == "hidden" else "",
    )
    header = HEADER.format(
        skip=_cls(rng, "skip"), cls=_cls(rng, "site-header"), logo=_cls(rng, "logo"), nav=_cls(rng, "nav"),
        crumbs=_cls(rng, "breadcrumb"),
    )  # fmt: skip
    article_class = _cls(rng, "article")
    lines = _content(rng, parts, typed_numbers)
    article = "\n".join([f'<article class="{article_class}">', *lines, "</article>"])
    aside = ASIDE.format(cls=_cls(rng, "aside"))
    container = rng.choice(["main", "role-main", "article-only"])
    aside_inside = rng.random() < 0.5
    inner = article + ("\n" + aside if aside_inside else "")
    if container == "main":
        content = f'<main id="indhold" class="{_cls(rng, "main")}">\n{inner}\n</main>'
    elif container == "role-main":
        content = f'<div id="indhold" role="main" class="{_cls(rng, "main")}">\n{inner}\n</div>'
    else:
        content = f'<div id="indhold" class="{_cls(rng, "content")}">\n{inner}\n</div>'
    if not aside_inside:
        content += "\n" + aside
    footer = FOOTER.format(cls=_cls(rng, "site-footer"))
    body = [cookie if cookie_at != "end" else "", header, content, footer, cookie if cookie_at == "end" else ""]
    title = parts[0].text if parts else ""
    return (
        '<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)} | Faxe Kommune</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="stylesheet" href="/dist/main.css">\n'
        + _table_style(layout)
        + "<script>window.dataLayer = window.dataLayer || [];</script>\n</head>\n"
        f'<body class="{_cls(rng, "page")}">\n' + "\n".join(b for b in body if b) + "\n</body>\n</html>\n"
    )


def _table_style(layout: Layout) -> str:
    """Return the page's own <style> for the plan's tables in a table style other than grid or none, else ""."""
    from tests.fidelity.html_build import table_style_css

    css = table_style_css(layout.table_style)
    return f"<style>\n{css}\n</style>\n" if css else ""
