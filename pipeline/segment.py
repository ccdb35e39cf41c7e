"""Segment: the block stream into title, intro, pillars with objectives and table rows.

Heading levels in real plans are inconsistent (the seed's first pillar is
``###``, the others ``##``), so a heading is a pillar by what follows it:
objectives or table rows, or a name from the intro's list of pillars
(numbered or bulleted), or a prefix such as "Pejlemærke 3.",
"Indsatsområde 1:" or "Tema A –" (``Settings.pillar_words``, or a profile's
``pillar_pattern``). Objectives are numbered list items, "Mål 1: ..."
paragraphs, paragraphs numbered by hand, or else the bullets before the
table. A sub-heading over a pillar's table ("### Projekter") stays in that pillar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.errors import StructureError
from pipeline.model import Block, Document, warning
from pipeline.settings import DEFAULT, Settings
from pipeline.text import clean, fold


@dataclass(frozen=True)
class PillarSection:
    """One pillar's blocks: its heading, numbered objectives, table rows and other text."""

    heading: Block
    title: str
    number: int
    objectives: tuple[Block, ...]
    rows: tuple[Block, ...]
    notes: tuple[Block, ...]


@dataclass(frozen=True)
class Sections:
    """A document cut into its parts; every block lands in exactly one of them."""

    title: Block | None
    intro: tuple[Block, ...]
    headings: tuple[Block, ...]
    pillars: tuple[PillarSection, ...]
    notes: tuple[Block, ...]
    warnings: tuple[dict, ...]
    #: What each heading and objective was recognised as, and by which rule (for ``extract --explain``).
    explain: tuple[dict, ...] = ()


def blocks_to_chunks(blocks: tuple[Block, ...]) -> tuple[list[Block], list[tuple[Block, list[Block]]]]:
    """Return the blocks before the first heading, and each heading with the blocks under it."""
    lead: list[Block] = []
    chunks: list[tuple[Block, list[Block]]] = []
    for block in blocks:
        if block.kind == "heading":
            chunks.append((block, []))
        elif chunks:
            chunks[-1][1].append(block)
        else:
            lead.append(block)
    return lead, chunks


def document_to_sections(doc: Document, settings: Settings = DEFAULT) -> Sections:
    """Given a Document, return its Sections; raise StructureError when it holds no plan."""
    name = doc.source.file
    lead, chunks = blocks_to_chunks(doc.blocks)
    explain: list[dict] = []
    title: Block | None = None
    # The first heading is the title unless a table stands under it; its
    # numbered list, if any, is the intro's list of pillars.
    if (
        chunks
        and not any(b.kind == "row" for b in chunks[0][1])
        and _pillar_name(clean(chunks[0][0].text), settings)[0] is None
    ):
        title = chunks[0][0]
        explain.append(_rule("title", "the first heading, with no table under it", title))
        lead = lead + chunks[0][1]
        chunks = chunks[1:]

    intro_names = _intro_pillars(lead, settings)
    chunks = _merge_table_headings(chunks, intro_names, settings)

    def is_pillar(heading: Block, body: list[Block]) -> bool:
        return _pillar_rule(heading, body, intro_names, settings) is not None

    first = next((i for i, (h, body) in enumerate(chunks) if is_pillar(h, body)), None)
    if first is None:
        where = doc.blocks[0].pos.where() if doc.blocks else "document"
        if not any(b.kind == "row" for b in doc.blocks):
            raise StructureError(name, f"{where}: no pillar and no project table found")
        raise StructureError(name, "no pillar heading found above the project table")

    intro = list(lead)
    headings: list[Block] = []
    for heading, body in chunks[:first]:
        headings.append(heading)
        explain.append(_rule("other", "a heading before the first pillar: part of the intro", heading))
        intro.extend(body)

    pillars: list[PillarSection] = []
    notes: list[Block] = []
    warnings: list[dict] = []
    used_intro = bool(intro_names) and any(
        _pillar_name(clean(h.text), settings)[1] in intro_names for h, _ in chunks[first:]
    )
    for heading, body in chunks[first:]:
        rule = _pillar_rule(heading, body, intro_names, settings)
        if rule is None:
            headings.append(heading)
            explain.append(_rule("other", "a heading with no objectives or table under it: a note", heading))
            notes.extend(body)
            continue
        explain.append(_rule("pillar", rule, heading))
        explicit, key = _pillar_name(clean(heading.text), settings)
        index = len(pillars)
        order = index + 1
        pointer = f"/pillars/{index}"
        if used_intro and key in intro_names:
            number = intro_names[key]
            if number != (explicit or order):
                warnings.append(
                    warning(
                        "pillar-number-mismatch",
                        f"pillar {clean(heading.text)!r} is number {number} in the intro list "
                        f"but stands as number {explicit or order} in the document",
                        pointer + "/number",
                        heading.pos,
                    )
                )
        else:
            number = explicit or order
            if used_intro:
                warnings.append(
                    warning(
                        "pillar-not-in-intro",
                        f"pillar {clean(heading.text)!r} is not in the intro's list of pillars",
                        pointer,
                        heading.pos,
                    )
                )
        for block in body:
            if block.kind == "heading":  # "### Projekter" over the pillar's table
                headings.append(block)
                explain.append(_rule("other", f"a heading inside pillar {number}, over its table", block))
        body = [b for b in body if b.kind != "heading"]
        found = _objectives(body, settings)
        objectives = [objective for _, objective, _ in found]
        explain.extend(_rule("objective", objective_rule, source) for source, _, objective_rule in found)
        taken = {id(source) for source, _, _ in found}
        rows = tuple(b for b in body if b.kind == "row")
        rest = tuple(b for b in body if b.kind != "row" and id(b) not in taken)
        title_text = _pillar_title(clean(heading.text), settings)
        pillars.append(PillarSection(heading, title_text, number, tuple(objectives), rows, rest))
    return Sections(title, tuple(intro), tuple(headings), tuple(pillars), tuple(notes), tuple(warnings), tuple(explain))


def _merge_table_headings(
    chunks: list[tuple[Block, list[Block]]], intro_names: dict[str, int], settings: Settings
) -> list[tuple[Block, list[Block]]]:
    """Return ``chunks`` with a sub-heading over a pillar's table ("### Projekter") folded into that pillar.

    A heading is one when it stands one level or more below the heading
    before it, that heading has objectives and no table, and it itself has a
    table and no objectives, no pillar number and no place in the intro's list.
    """
    merged: list[tuple[Block, list[Block]]] = []
    for heading, body in chunks:
        if merged:
            before, before_body = merged[-1]
            explicit, key = _pillar_name(clean(heading.text), settings)
            if (
                heading.level > before.level
                and explicit is None
                and key not in intro_names
                and any(b.kind == "row" for b in body)
                and not any(_is_plan_content(b, settings) and b.kind != "row" for b in body)
                and not any(b.kind == "row" for b in before_body)
                and (
                    any(b.kind == "item" or _is_plan_content(b, settings) for b in before_body)
                    or _typed_objectives(before_body, settings)
                )
            ):
                merged[-1] = (before, [*before_body, heading, *body])
                continue
        merged.append((heading, body))
    return merged


def _intro_pillars(lead: list[Block], settings: Settings) -> dict[str, int]:
    """Return the intro's list of pillars, title key to number: its numbered list (or paragraphs numbered by
    hand), else its bullets in order."""
    numbered = [b for b in lead if b.kind == "item" and b.number is not None]
    if numbered:
        return {_pillar_name(clean(b.text), settings)[1]: b.number for b in numbered}
    typed = [objective for _, objective, _ in _typed_objectives(lead, settings)]
    if len(typed) >= 2:  # "1. Kultur for alle" typed as paragraphs
        return {_pillar_name(clean(b.text), settings)[1]: b.number for b in typed}
    bullets = [b for b in lead if b.kind == "item"]
    return {_pillar_name(clean(b.text), settings)[1]: i for i, b in enumerate(bullets, start=1)}


def _pillar_rule(heading: Block, body: list[Block], intro_names: dict[str, int], settings: Settings) -> str | None:
    """Return the rule by which ``heading`` heads a pillar, or None when it does not."""
    explicit, key = _pillar_name(clean(heading.text), settings)
    if explicit is not None:
        return "the pillar heading pattern (numbered_pillar / [profile] pillar_pattern)"
    if key in intro_names:
        return "named in the intro's list of pillars"
    if any(_is_plan_content(b, settings) for b in body):
        return "objectives or a project table stand under it"
    return None


def _objectives(body: list[Block], settings: Settings) -> list[tuple[Block, Block, str]]:
    """Return a pillar's objectives: each source block, the objective as a numbered item, and the rule.

    Numbered list items are objectives; so are "Mål 1: ..." paragraphs (the
    label becomes the number). With neither, paragraphs numbered by hand
    before the table ("1. SKABER vi ...") are, when their numbers run on one
    by one; else the bullets before the table, numbered in their order.
    """
    found: list[tuple[Block, Block, str]] = []
    for block in body:
        if block.kind == "item" and block.number is not None:
            found.append((block, block, "a numbered list item"))
        elif block.kind == "paragraph":
            match = settings.objective_label_re.match(clean(block.text))
            if match:
                objective = replace(block, kind="item", number=int(match.group("n")), text=match.group("text"))
                found.append((block, objective, "a paragraph led by an objective word and number (objective_words)"))
    if found:
        return found
    typed = _typed_objectives(body, settings)
    if typed:
        return typed
    for block in body:
        if block.kind == "row":
            break
        if block.kind == "item":
            objective = replace(block, number=len(found) + 1)
            found.append((block, objective, "a bullet before the table, numbered in order"))
    return found


def _typed_objectives(body: list[Block], settings: Settings) -> list[tuple[Block, Block, str]]:
    """Return the paragraphs numbered by hand before the table as objectives, or [] when they are not.

    They count when their numbers run on one by one; a lone one only when it
    opens the pillar or has an all-capitals keyword, so that "... 1. januar ..."
    further down stays a paragraph.
    """
    found: list[tuple[Block, Block, str]] = []
    for block in body:
        if block.kind == "row":
            break
        match = settings.typed_number_re.match(clean(block.text)) if block.kind == "paragraph" else None
        if match:
            objective = replace(block, kind="item", number=int(match.group("n")), text=match.group("text"))
            found.append((block, objective, "a paragraph numbered by hand (typed_number)"))
    numbers = [objective.number for _, objective, _ in found]
    if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return []
    lone = found[0] if len(found) == 1 else None
    if lone and lone[0] is not body[0] and not re.search(r"\b[A-ZÆØÅ]{4,}\b", lone[1].text):
        return []
    return found


def _is_plan_content(block: Block, settings: Settings = DEFAULT) -> bool:
    if block.kind == "row" or (block.kind == "item" and block.number is not None):
        return True
    return block.kind == "paragraph" and settings.objective_label_re.match(clean(block.text)) is not None


def _pillar_name(text: str, settings: Settings) -> tuple[int | None, str]:
    """Return the explicit number of a "Pejlemærke N - Title" heading (or None) and its title key.

    A letter numbers by its place in the alphabet ("Tema B" is 2); a profile
    pattern without an ``n`` group names no number.
    """
    match = settings.numbered_pillar_re.match(text)
    if match:
        title = match.group("title") or ""
        raw = match.groupdict().get("n")
        if raw is None:
            return 0, fold(title)
        raw = raw.strip()
        number = int(raw) if raw.isdigit() else ord(raw.upper()[0]) - ord("A") + 1 if raw else 0
        return number, fold(title)
    return None, fold(text)


def _pillar_title(text: str, settings: Settings) -> str:
    match = settings.numbered_pillar_re.match(text)
    title = (match.group("title") or "").strip() if match else ""
    return title or text


def _rule(kind: str, rule: str, block: Block) -> dict:
    """Return one line of --explain: what a block was recognised as, and by which rule."""
    return {"kind": kind, "text": clean(block.text), "rule": rule, "source": block.pos.as_dict()}
