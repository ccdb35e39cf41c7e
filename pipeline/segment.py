"""Segment: the block stream into title, intro, pillars with objectives and table rows.

Heading levels in real plans are inconsistent (the seed's first pillar is
``###``, the others ``##``), so a heading is a pillar by what follows it:
numbered objectives or table rows, or a name from the intro's list of
pillars, or a "Pejlemærke N" prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import StructureError
from pipeline.model import Block, Document
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
    title: Block | None = None
    # The first heading is the title unless a table stands under it; its
    # numbered list, if any, is the intro's list of pillars.
    if (
        chunks
        and not any(b.kind == "row" for b in chunks[0][1])
        and _pillar_name(clean(chunks[0][0].text), settings)[0] is None
    ):
        title = chunks[0][0]
        lead = lead + chunks[0][1]
        chunks = chunks[1:]

    intro_list = [b for b in lead if b.kind == "item" and b.number is not None]
    intro_names = {_pillar_name(clean(b.text), settings)[1]: b.number for b in intro_list}

    def is_pillar(heading: Block, body: list[Block]) -> bool:
        explicit, key = _pillar_name(clean(heading.text), settings)
        return explicit is not None or key in intro_names or any(_is_plan_content(b) for b in body)

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
        intro.extend(body)

    pillars: list[PillarSection] = []
    notes: list[Block] = []
    warnings: list[dict] = []
    used_intro = bool(intro_names) and any(
        _pillar_name(clean(h.text), settings)[1] in intro_names for h, _ in chunks[first:]
    )
    for heading, body in chunks[first:]:
        if not is_pillar(heading, body):
            headings.append(heading)
            notes.extend(body)
            continue
        explicit, key = _pillar_name(clean(heading.text), settings)
        index = len(pillars)
        order = index + 1
        pointer = f"/pillars/{index}"
        if used_intro and key in intro_names:
            number = intro_names[key]
            if number != (explicit or order):
                warnings.append(
                    _warning(
                        "pillar-number-mismatch",
                        f"pillar {clean(heading.text)!r} is number {number} in the intro list "
                        f"but stands as number {explicit or order} in the document",
                        pointer + "/number",
                        heading,
                    )
                )
        else:
            number = explicit or order
            if used_intro:
                warnings.append(
                    _warning(
                        "pillar-not-in-intro",
                        f"pillar {clean(heading.text)!r} is not in the intro's list of pillars",
                        pointer,
                        heading,
                    )
                )
        objectives = tuple(b for b in body if b.kind == "item" and b.number is not None)
        rows = tuple(b for b in body if b.kind == "row")
        rest = tuple(b for b in body if not _is_plan_content(b))
        title_text = _pillar_title(clean(heading.text), settings)
        pillars.append(PillarSection(heading, title_text, number, objectives, rows, rest))
    return Sections(title, tuple(intro), tuple(headings), tuple(pillars), tuple(notes), tuple(warnings))


def _is_plan_content(block: Block) -> bool:
    return block.kind == "row" or (block.kind == "item" and block.number is not None)


def _pillar_name(text: str, settings: Settings) -> tuple[int | None, str]:
    """Return the explicit number of a "Pejlemærke N - Title" heading (or None) and its title key."""
    match = settings.numbered_pillar_re.match(text)
    if match:
        return int(match.group("n")), fold(match.group("title"))
    return None, fold(text)


def _pillar_title(text: str, settings: Settings) -> str:
    match = settings.numbered_pillar_re.match(text)
    return match.group("title").strip() if match and match.group("title").strip() else text


def _warning(code: str, message: str, pointer: str, block: Block) -> dict:
    return {"code": code, "message": message, "pointer": pointer, "source": block.pos.as_dict()}
