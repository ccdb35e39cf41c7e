"""Synthetic plan revisions for the ingest tests and benchmark: varied, reproducible, Danish.

``revision_text(plan, revision)`` returns the text of revision ``revision`` of
synthetic plan ``plan``: 2-4 pillars, 2-4 objectives each, 3-8 projects per
pillar drawn from the plan's own pool, so that consecutive revisions share
most projects, drop some, add some and move their status texts on.
"""

from __future__ import annotations

import random
from pathlib import Path

TOWNS = ["Faxe", "Køge", "Næstved", "Vordingborg", "Ringsted", "Stevns", "Sorø", "Slagelse", "Holbæk", "Lejre"]
AREAS = ["Biblioteker", "Kultur & Fritid", "Ældreomsorg", "Skoler", "Natur og Miljø", "Borgerservice"]
VERBS = ["SKABER", "TILBYDER", "STØTTER", "UDVIKLER", "FREMMER", "INDDRAGER", "SIKRER"]
NOUNS = [
    "læselyst",
    "fællesskab",
    "digital dannelse",
    "grøn omstilling",
    "frivillighed",
    "sundhed",
    "mødesteder",
    "kulturarv",
    "trivsel",
    "læring",
]
PILLARS = [
    "Kultur for alle",
    "Glæden ved sprog og læsning",
    "Borgeren i den digitale transformation",
    "Bæredygtige lokalsamfund",
    "Børn og unge",
    "Et aktivt seniorliv",
]
START = 2021


def revision_label(revision: int) -> int:
    """Return the label (status end year) of revision number ``revision`` (0-based)."""
    return START + 2 + revision


def revision_text(plan: int, revision: int) -> str:
    """Return the text of one synthetic revision."""
    rng = random.Random(plan * 1000 + 7)
    town, area = TOWNS[plan % len(TOWNS)], AREAS[(plan // len(TOWNS)) % len(AREAS)]
    end = 2040
    label = revision_label(revision)
    pillars = rng.sample(PILLARS, rng.randint(2, 4))
    lines = [
        f"# Handleplan {plan} for {town} Kommunes {area} {START}-{end}",
        "",
        f"Denne handleplan beskriver indsatserne i {town} Kommune. Den følger politikken for {START}-{end}.",
        "",
    ]
    years = [label + 1, label + 2]
    for p, pillar in enumerate(pillars, start=1):
        lines += [f"## {pillar}", ""]
        n_objectives = rng.randint(2, 4)
        for o in range(1, n_objectives + 1):
            lines.append(f"{o}. {rng.choice(VERBS)} vi {rng.choice(NOUNS)} og {rng.choice(NOUNS)} for alle borgere.")
        lines += ["", f"Projekt\tBeskrivelse\tStatus {START}-{label}\t{years[0]}\t{years[1]}"]
        pool = [f"{rng.choice(NOUNS).capitalize()} i {town} nr. {p}.{k}" for k in range(12)]
        rev_rng = random.Random(plan * 1000 + revision * 17 + p)
        first = min(revision, 4)
        chosen = pool[first : first + rev_rng.randint(3, 8)]
        for title in chosen:
            refs = " ".join(f"({r})" for r in sorted(rev_rng.sample(range(1, n_objectives + 1), rev_rng.randint(1, 2))))
            lines.append(
                f"<b>{title}</b>\tVi arbejder med {title.lower()} sammen med frivillige og skoler {refs}"
                f"\tI {label} nåede vi {rev_rng.randint(2, 40)} aktiviteter med {rev_rng.choice(NOUNS)}."
                f"\tVi fortsætter i {years[0]} med fokus på {rev_rng.choice(NOUNS)}.\tVi evaluerer i {years[1]}."
            )
        lines.append("")
    return "\n".join(lines)


def write_revisions(folder: Path, plans: int, revisions: int) -> list[Path]:
    """Write ``plans`` x ``revisions`` synthetic files into ``folder``; return them revision-major sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for r in range(revisions):
        for p in range(plans):
            path = folder / f"plan{p:03d}-rev{revision_label(r)}.txt"
            path.write_text(revision_text(p, r), encoding="utf-8")
            paths.append(path)
    return paths


def faxe_2024(seed_text: str) -> str:
    """Return a small 2024 revision of the seed plan: status 2021-2024, no 2024 column, one status edited."""
    out = []
    for line in seed_text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            if len(cells) >= 5:
                del cells[3]
            line = "\t".join(cells)
        out.append(line)
    text = "\n".join(out).replace("Status 2021-2023", "Status 2021-2024")
    return text.replace(
        "Samarbejdet med frivillige er fortsat da det er oplevet som en succes på den måde det kører.",
        "Spilaftenerne drives nu af de frivillige.",
    )
