"""Plan shapes: from a seed, a plan in the text markup written the way some municipality might, and its truth.

``generate(seed)`` draws every dimension at random (title form, pillar
headings and the intro's pillar list, objective styles and numbering,
reference styles and decoys, table header words, status and year columns,
extra columns, continuation rows, tab or pipe rows, Danish or English) and
returns the text with the facts it wrote (``Shape.truth``) and the choices it
made (``Shape.dims``). ``tests/shapes/score.py`` compares a plan with them.

The truth follows these rules where a plan could be read two ways:
- pillars are numbered by their heading ("Pejlemærke 3", "Tema C" = 3), else
  by the intro's list, else by their order; the generator numbers them 1..n;
- bulleted objectives are numbered by their order in their pillar;
- the period is the title's range, else the span of every year the plan
  names (title, status column, year columns);
- a reference's numbers are the objectives' numbers as printed; with
  numbering through the plan a reference may name another pillar's
  objective, which the plan must carry as an ``objective-ref-other-pillar``
  warning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

ORGANISATIONS = [
    "Faxe Kommunes Biblioteker & Borgerservice",
    "Sønderkær Bibliotekerne",
    "Kultur og Fritid i Nordby Kommune",
    "Center for Kultur, Vestby",
    "Egeby Bibliotek",
    "Østerå Kulturhus",
    "Ringsby Bibliotekerne og Borgerservice",
    "Northshire Libraries",
]
PILLAR_NAMES = [
    "Kultur for alle",
    "Glæden ved sprog, litteratur og læsning",
    "Borgeren i den digitale transformation",
    "Bæredygtige lokalsamfund",
    "Børn og unge",
    "Et aktivt seniorliv",
    "Læring hele livet",
    "Fællesskaber på tværs",
    "Readers of every age",
    "Digital inclusion",
]
KEYWORDS = ["SKABER", "TILBYDER", "STYRKER", "SIKRER", "UNDERSTØTTER", "INDGÅR", "BIDRAGER", "FORMIDLER", "ÅBNER"]
KEYWORDS_EN = ["CREATE", "OFFER", "STRENGTHEN", "ENSURE", "SUPPORT", "OPEN"]
PHRASES = [
    "et trygt og inspirerende mødested i hverdagen",
    "viden, læring og inspiration gennem litteratur og stærke lokale partnerskaber",
    "digital dannelse og kritisk brug af digitale platforme",
    "rammer for fællesskaber på tværs af alder, køn og interesser",
    "adgang til kultur i alle lokalområder",
    "læselyst hos børn, unge og voksne",
    "et værtskab, som giver brugeren en god oplevelse",
]
PHRASES_EN = [
    "a safe and inspiring meeting place",
    "reading for pleasure among children and adults",
    "digital skills and critical use of online services",
    "culture within reach of every neighbourhood",
]
PROJECTS = [
    "Læseklub for unge",
    "Brætspilsaftener",
    "Litterære byvandringer",
    "Reparationscafé",
    "Sprogkufferter til dagplejen",
    "Makerspace",
    "Digital hjælp til MitID",
    "Fællesspisning på biblioteket",
    "Foredragsrække om lokalhistorie",
    "Lektiecafé",
    "Strikkeklub",
    "Podcastværksted",
    "Åben skole tilbud",
    "Seniorernes it-café",
    "Sommerbogen",
]
SENTENCES = [
    "I samarbejde med frivillige kræfter vil vi arrangere faste aftener",
    "Vi etablerer et tilbud sammen med lokale foreninger",
    "Biblioteket inviterer skoler og institutioner til forløb",
    "Tilbuddet skal styrke fællesskabet i lokalområdet",
    "Vi afprøver nye formater og evaluerer løbende",
    "Projektet udvikles i tæt dialog med brugerne",
]
DECOYS = ["(2024)", "(torsdage kl. 16-17.30)", "(se bilag 2)", "(65+)", "(0-6 år)", "(fx Mit-ID)"]
STATUS_TEXTS = [
    "Projektet er i gang og fungerer godt.",
    "Der har været stor søgning til arrangementerne.",
    "Tilbuddet er sat i drift og holder åbent hver anden uge.",
    "Projektet er udskudt på grund af ombygning.",
    "Vi har holdt to prøvearrangementer i 2024.",
]
PLAN_TEXTS = [
    "Tilbuddet fortsætter.",
    "Vi udvider til alle tre biblioteker.",
    "Projektet evalueres og afsluttes.",
    "Frivillige overtager driften.",
    "Samarbejdet fortsætter med skolerne.",
]
EXTRA_COLUMNS = {
    "Ansvarlig": ["Biblioteket", "Borgerservice", "Kulturafdelingen", "Børnebiblioteket"],
    "Økonomi": ["50.000 kr.", "Inden for budget", "Søges via puljer", "25.000 kr. årligt"],
    "Tidsplan": ["Forår", "Løbende", "Efterår", "Hele perioden"],
    "Succeskriterier": ["200 deltagere", "Tilfredse brugere", "Fire arrangementer om året"],
    "Partnere": ["Skolerne", "Ældre Sagen", "Frivillige"],
}
EXTRA_COLUMNS_EN = {"Lead": ["The library", "Customer service"], "Budget": ["£5,000", "Within budget"]}
TITLE_HEADERS = ["Projekt", "Aktivitet", "Tiltag", "Initiativ", "Indsats"]
DESCRIPTION_HEADERS = ["Beskrivelse", "Formål", "Mål", "Indhold"]


@dataclass
class Shape:
    """A generated plan: its text, its facts and the choices that shaped it."""

    seed: int
    text: str
    truth: dict
    dims: dict = field(default_factory=dict)


def generate(seed: int) -> Shape:
    """Return the plan of ``seed``: the same seed gives the same text and truth."""
    rng = random.Random(seed)
    english = rng.random() < 0.15
    dims: dict = {"language": "en" if english else "da"}

    # Period, revision and the year columns.
    start = rng.randint(2019, 2026)
    end = start + rng.randint(1, 4)
    n_years = rng.randint(1, 3)
    first_year = rng.randint(start + 1, end) if end > start else end
    years = [first_year + i for i in range(n_years)]
    with_status = rng.random() < 0.8
    status_end = first_year - 1
    status_forms = ["period", "pr", "ultimo", "year", "bare"]
    status_form = rng.choice(status_forms) if with_status else "none"
    dims["status"] = status_form
    status_header, status_period = {
        "period": (f"Status {start}{rng.choice(['-', '–', ' - '])}{status_end}", f"{start}-{status_end}"),
        "pr": (f"Status pr. {status_end}", str(status_end)),
        "ultimo": (f"Status ultimo {status_end}", str(status_end)),
        "year": (f"Status {status_end}", str(status_end)),
        "bare": ("Status", None),
        "none": (None, None),
    }[status_form]
    if english and status_form in ("pr", "ultimo"):
        status_header = f"Status at {status_end}" if status_form == "pr" else f"Status end of {status_end}"

    # Title.
    org = rng.choice(ORGANISATIONS)
    title_form = rng.choice(["for-org-range", "org-dash-year", "range-for-org", "org-colon-range", "en"])
    dims["title"] = title_form
    if title_form == "for-org-range":
        title = f"Handleplan for {org} {start}-{end}"
    elif title_form == "org-dash-year":
        title = f"{org} – Handleplan {start}"
    elif title_form == "range-for-org":
        title = f"Handleplan {start}-{end} for {org}"
    elif title_form == "org-colon-range":
        title = f"{org}: Handleplan {start}-{end}"
    else:
        title = f"Action plan {start}-{end} for {org}"
    if title_form == "org-dash-year":
        named = [start, *years] + ([int(y) for y in status_period.split("-")] if status_period else [])
        period = {"start": min(named), "end": max(named)}
    else:
        period = {"start": start, "end": end}

    # Pillars and their headings.
    n_pillars = rng.randint(1, 5)
    names = rng.sample(PILLAR_NAMES, n_pillars)
    heading_style = rng.choice(
        ["plain", "pejlemaerke-dot", "indsatsomraade-colon", "tema-letter", "pejlemaerke-dash", "theme-colon"]
    )
    dims["pillar_heading"] = heading_style
    intro_list = rng.choice(["numbered", "bullets", "none"])
    if heading_style == "plain" and intro_list == "none" and rng.random() < 0.5:
        intro_list = "numbered"
    dims["intro_list"] = intro_list
    level = rng.randint(1, 4) if heading_style != "plain" else rng.randint(2, 4)
    mixed_levels = rng.random() < 0.25
    dims["pillar_level"] = "mixed" if mixed_levels else level
    # "### Projekter" between a pillar's objectives and its table, one level below the pillar.
    table_heading = rng.random() < 0.25 and level <= 3 and not mixed_levels
    dims["table_heading"] = table_heading

    # Objectives.
    objective_style = rng.choice(["dot", "paren", "mal-colon", "mal-dot", "mal-dash", "bullets"])
    dims["objective_style"] = objective_style
    scope = "pillar" if objective_style == "bullets" else rng.choice(["pillar", "plan"])
    if n_pillars == 1:
        scope = "pillar"
    dims["numbering"] = scope
    ref_styles = [
        "(2)",
        "(1) (3)",
        "(1, 3)",
        "(1;3)",
        "(mål 2)",
        "(mål 1 og 2)",
        "(1 og 3)",
        "(jf. mål 3)",
        "(Mål 1, 3)",
    ]
    ref_style = rng.choice(ref_styles)
    dims["reference"] = ref_style
    second_ref_style = rng.choice(ref_styles) if rng.random() < 0.3 else ref_style

    # The table's columns.
    pipe = rng.random() < 0.5
    dims["rows"] = "pipe" if pipe else "tab"
    title_header = "Project" if english else rng.choice(TITLE_HEADERS)
    desc_header = "Description" if english else rng.choice(DESCRIPTION_HEADERS)
    year_form = rng.choice(["bare", "plan", "forventet", "mal-for"])
    dims["year_header"] = year_form
    year_headers = [
        {"bare": str(y), "plan": f"Plan {y}", "forventet": f"Forventet {y}", "mal-for": f"Mål for {y}"}[year_form]
        for y in years
    ]
    if english and year_form != "bare":
        year_headers = [f"Plan {y}" for y in years]
    extras_pool = EXTRA_COLUMNS_EN if english else EXTRA_COLUMNS
    extras = rng.sample(sorted(extras_pool), rng.choice([0, 0, 1, 2]))
    dims["extra_columns"] = len(extras)
    case = rng.choice(["as-is", "as-is", "upper"])
    columns: list[tuple[str, str]] = [("description", desc_header)]
    if status_header:
        columns.append(("status", status_header))
    columns += [(f"year:{y}", h) for y, h in zip(years, year_headers, strict=True)]
    columns += [(f"other:{e}", e) for e in extras]
    if rng.random() < 0.3:
        rng.shuffle(columns)
        # plan years stay in their order
        year_slots = [i for i, (k, _) in enumerate(columns) if k.startswith("year:")]
        ordered = [c for c in columns if c[0].startswith("year:")]
        for slot, col in zip(year_slots, ordered, strict=True):
            columns[slot] = col
    header = [title_header, *(h for _, h in columns)]
    if case == "upper":
        header = [h.upper() for h in header]
    # The truth names extra columns as their headers are written.
    other_names = {f"other:{e}": (e.upper() if case == "upper" else e) for e in extras}
    continuation = rng.random() < 0.4
    dims["continuation"] = continuation

    setext = rng.random() < 0.15
    lines: list[str] = [title, "=" * len(title), ""] if setext else [f"# {title}", ""]
    intro = (
        "This plan shows how we work towards our goals."
        if english
        else "Handleplanen viser, hvordan vi arbejder med politikkens pejlemærker."
    )
    lines += [intro, ""]
    if intro_list == "numbered":
        lines += [f"{i}. {name}" for i, name in enumerate(names, start=1)] + [""]
    elif intro_list == "bullets":
        lines += [f"- {name}" for name in names] + [""]
    if rng.random() < 0.3:
        lines += ["## Om handleplanen" if not english else "## About this plan", "", intro, ""]

    truth_pillars: list[dict] = []
    cross_refs: list[dict] = []
    counter = 0
    all_numbers: list[list[int]] = []
    for _ in range(n_pillars):
        n_obj = rng.randint(1, 4)
        numbers = [counter + i + 1 for i in range(n_obj)] if scope == "plan" else [i + 1 for i in range(n_obj)]
        counter += n_obj
        all_numbers.append(numbers)

    for p, name in enumerate(names):
        number = p + 1
        letter = "ABCDEFGHIJ"[p]
        heading = {
            "plain": name,
            "pejlemaerke-dot": f"Pejlemærke {number}. {name}",
            "indsatsomraade-colon": f"Indsatsområde {number}: {name}",
            "tema-letter": f"Tema {letter} – {name}",
            "pejlemaerke-dash": f"Pejlemærke {number} - {name}",
            "theme-colon": f"Theme {number}: {name}",
        }[heading_style]
        this_level = rng.randint(2, 3) if mixed_levels else level
        lines += [f"{'#' * this_level} {heading}", ""]
        objectives = []
        for n in all_numbers[p]:
            sentence_style = rng.choice(["first", "second", "comma", "none"])
            keyword = rng.choice(KEYWORDS_EN if english else KEYWORDS)
            phrase = rng.choice(PHRASES_EN if english else PHRASES)
            if english:
                text = {
                    "first": f"{keyword} {phrase}.",
                    "second": f"We {keyword} {phrase}.",
                    "comma": f"{keyword}, that we offer {phrase}.",
                    "none": f"We work for {phrase}.",
                }[sentence_style]
            else:
                text = {
                    "first": f"{keyword} vi {phrase}.",
                    "second": f"Vi {keyword} {phrase}.",
                    "comma": f"{keyword}, at vi tilbyder {phrase}.",
                    "none": f"Vi arbejder for {phrase}.",
                }[sentence_style]
            word = rng.choice(["Objective", "Goal"]) if english else "Mål"
            line = {
                "dot": f"{n}. {text}",
                "paren": f"{n}) {text}",
                "mal-colon": f"{word} {n}: {text}",
                "mal-dot": f"{word} {n}. {text}",
                "mal-dash": f"{word} {n} – {text}",
                "bullets": f"- {text}",
            }[objective_style]
            words = line.split(" ")
            if len(words) > 6 and rng.random() < 0.2:  # a long objective wrapped onto a second line
                cut = rng.randint(4, len(words) - 1)
                indent = "" if objective_style.startswith("mal") else "   "
                lines += [" ".join(words[:cut]), indent + " ".join(words[cut:])]
            else:
                lines.append(line)
            if objective_style.startswith("mal"):
                lines.append("")
            objectives.append({"number": n, "keyword": None if sentence_style == "none" else keyword, "text": text})
        lines.append("")
        if rng.random() < 0.2:
            lines += [
                "Projekterne herunder understøtter målene." if not english else "The projects below serve these goals.",
                "",
            ]

        if table_heading:
            lines += [f"{'#' * (level + 1)} {'Projects' if english else rng.choice(['Projekter', 'Aktiviteter'])}", ""]
        rows = [header]
        projects = []
        titles = rng.sample(PROJECTS, rng.randint(1, 5))
        if rng.random() < 0.1:  # a decoy in a title stays in the title
            titles[0] = f"{titles[0]} {rng.choice(DECOYS)}"
        for j, project_title in enumerate(titles):
            own = all_numbers[p]
            refs = sorted(set(rng.sample(own, rng.randint(0, min(3, len(own))))))
            if scope == "plan" and n_pillars > 1 and rng.random() < 0.2:
                other = rng.choice([q for q in range(n_pillars) if q != p])
                extra = rng.choice(all_numbers[other])
                cross_refs.append({"pillar": p, "project": j, "ref": extra, "other_pillar": other + 1})
                refs = sorted({*refs, extra})
            description = rng.choice(SENTENCES)
            if rng.random() < 0.35:
                description = f"{description} {rng.choice(DECOYS)}"
            ref_text = _references(refs, rng.choice([ref_style, second_ref_style]), english, rng)
            where = rng.random()
            if not ref_text:
                written = truth_description = description
            elif where < 0.05:  # references only: the description is empty
                written, truth_description = ref_text, ""
            elif where < 0.12:  # references in the middle: "Vi læser (1) og skriver mere"
                written = f"{description} {ref_text} og mere til"
                truth_description = f"{description} og mere til"
            elif where < 0.4:
                written, truth_description = f"{description} {ref_text}.", f"{description}."
            else:
                written = f"{description} {ref_text}"
                truth_description = description
            status_text = rng.choice(STATUS_TEXTS) if status_header and rng.random() < 0.9 else ""
            plans = {str(y): (rng.choice(PLAN_TEXTS) if rng.random() < 0.85 else "") for y in years}
            other = {e: (rng.choice(extras_pool[e]) if rng.random() < 0.9 else "") for e in extras}
            values = {"description": written, "status": status_text}
            values.update({f"year:{y}": t for y, t in plans.items()})
            values.update({f"other:{e}": t for e, t in other.items()})
            shown_title = f"**{project_title}**" if pipe and rng.random() < 0.3 else project_title
            if not pipe and rng.random() < 0.3:
                shown_title = f"<b>{project_title}</b>"
            cells = [shown_title, *(values[k] for k, _ in columns)]
            if continuation and rng.random() < 0.3:
                first, second = _split_row(cells, rng)
                rows += [first, second]
            else:
                rows.append(cells)
            projects.append(
                {
                    "title": project_title,
                    "description": truth_description,
                    "objective_refs": refs,
                    "status": {"period": status_period, "text": status_text or None},
                    "plans": {k: (v or None) for k, v in plans.items()},
                    "other": {other_names[f"other:{e}"]: (v or None) for e, v in other.items()},
                }
            )
        lines += _table(rows, pipe)
        lines.append("")
        truth_pillars.append({"number": number, "title": name, "objectives": objectives, "projects": projects})

    truth = {
        "title": title,
        "organisation": org,
        "period": period,
        "objective_numbering": scope,
        "pillars": truth_pillars,
        "cross_refs": cross_refs,
    }
    return Shape(seed, "\n".join(lines), truth, dims)


def _references(refs: list[int], style: str, english: bool, rng: random.Random) -> str:
    """Return ``refs`` written in the plan's reference style (a style for one number shows each in turn)."""
    if not refs:
        return ""
    word = "objective" if english else "mål"
    join = " and " if english else " og "
    numbers = [str(n) for n in refs]
    if style == "(2)" or style == "(1) (3)":
        return " ".join(f"({n})" for n in numbers)
    if style == "(1, 3)":
        return f"({', '.join(numbers)})"
    if style == "(1;3)":
        return f"({';'.join(numbers)})"
    if style == "(mål 2)":
        return " ".join(f"({word} {n})" for n in numbers)
    if style in ("(mål 1 og 2)", "(1 og 3)"):
        listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])}{join}{numbers[-1]}"
        return f"({word} {listed})" if style == "(mål 1 og 2)" else f"({listed})"
    if style == "(jf. mål 3)":
        lead = "cf." if english else "jf."
        return f"({lead} {word} {', '.join(numbers)})"
    return f"({word.capitalize()} {', '.join(numbers)})"


def _split_row(cells: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """Return a row cut in two as a page break cuts it: the second piece has an empty first cell."""
    first, second = [cells[0]], [""]
    for cell in cells[1:]:
        words = cell.split(" ")
        if len(words) > 2 and rng.random() < 0.6:
            cut = rng.randint(1, len(words) - 1)
            first.append(" ".join(words[:cut]))
            second.append(" ".join(words[cut:]))
        else:
            first.append(cell)
            second.append("")
    if not any(second):  # at least one cell goes on
        for i in range(1, len(cells)):
            words = cells[i].split(" ")
            if len(words) > 1:
                first[i], second[i] = words[0], " ".join(words[1:])
                break
    return first, second


def _table(rows: list[list[str]], pipe: bool) -> list[str]:
    if not pipe:
        return ["\t".join(row) for row in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return out
