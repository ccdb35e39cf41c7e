"""The seed plan, pinned value by value from the document itself (input/faxe-handleplan-2023.txt)."""

from __future__ import annotations

import re
from collections import Counter

from tests.conftest import SEED

PILLARS = [
    (1, "p1", "Kultur for alle", 19, ["SKABER", "TILBYDER", "PRAKTISERER", "FOKUSERER"]),
    (2, "p2", "Glæden ved sprog, litteratur og læsning", 35, ["UNDERSTØTTER", "INVOLVERER"]),
    (3, "p3", "Borgeren i den digitale transformation", 55, ["INDGÅR", "BIDRAGER", "STØTTER"]),
]

# (pillar, title, objective refs, source line, continuation lines), in document order.
PROJECTS = [
    (1, "Åben skole tilbud", [2], 27, []),
    (1, "Brætspils aftener", [1, 3], 28, []),
    (1, "Litterære byvandring er", [1, 2], 29, []),
    (1, "Filmklubber efter samtale med Faxe kommunes etablerede filmtilbud", [], 30, [32]),
    (1, 'Etablering af en "Reparations cafe"', [1], 33, []),
    (2, "Åben skole tilbud", [2], 41, []),
    (2, "Biblioteksorientering", [], 42, []),
    (
        2,
        "Støttet af Slots- og Kulturstyrelsen: Når børn læser med – læselyst og læsefællesskaber i "
        "indskolingens fritidsordning.",
        [],
        43,
        [],
    ),
    (2, 'Etablering af et "Læsecenter" på Faxe Bibliotek', [], 44, [46]),
    (2, "Projekt ”Drift og udvikling i bibliotekets faglige kompetencer”", [], 47, []),
    (2, "Læselyst og læseglædeforældre som betydningsfulde rollemodeller", [], 48, []),
    (2, "Unge læselyst", [], 49, []),
    (2, "Sprog på tværs", [], 50, [52]),
    (3, "Generelt servicetjek af platforme i Bibliotek og Borgerservice", [3], 62, []),
    (3, 'Projekt "Dit digitale servicetjek"', [], 63, []),
    (3, 'Projekt "Nye serviceformer i Borgerservice"', [], 64, []),
    (3, "Digital Ung", [3], 65, [67]),
    (3, "Borgerservice on the fly", [2, 3], 68, []),
    (3, "Makerspace eller byg og kod med biblioteket", [1, 2, 3], 69, []),
]


def projects(plan: dict) -> dict[tuple[int, str], dict]:
    return {(p["number"], pr["title"]): pr for p in plan["pillars"] for pr in p["projects"]}


def test_document_fields(seed_plan: dict) -> None:
    assert seed_plan["id"] == "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
    assert seed_plan["title"] == "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025"
    assert seed_plan["organisation"] == "Faxe Kommunes Biblioteker & Borgerservice"
    assert seed_plan["period"] == {"start": 2021, "end": 2025}
    assert seed_plan["revision"] == {"label": "2023", "status_period": "2021-2023", "years": [2024, 2025]}
    assert seed_plan["source"]["format"] == "text"
    assert seed_plan["source"]["sha256"] == "025d0cbda93d106363a4f40836cc73fc969a5d43ff37707bc7716f200fb5c976"
    assert seed_plan["headings"] == [
        {
            "text": "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2023-2025",
            "level": 2,
            "source": {"line": 17},
        }
    ]
    assert len(seed_plan["intro"]) == 7
    assert seed_plan["intro"][2:5] == [
        "1. Kultur for alle",
        "2. Glæden ved sprog, litteratur og læsning",
        "3. Borgeren i den digitale transformation",
    ]
    assert seed_plan["intro"][5].endswith("Det er markeret med ().")
    assert seed_plan["warnings"] == []


def test_pillars_and_objectives(seed_plan: dict) -> None:
    got = [
        (p["number"], p["id"], p["title"], p["source"]["line"], [o["keyword"] for o in p["objectives"]])
        for p in seed_plan["pillars"]
    ]
    assert got == PILLARS
    first = seed_plan["pillars"][0]["objectives"][3]
    assert first["id"] == "p1-o4" and first["source"] == {"line": 24}
    assert first["text"].startswith("FOKUSERER vi på kommunens fysiske rammer")
    assert first["text"].endswith(
        "en kommune, hvor det er fedt at bo – såvel for brugere af de fysiske huse som af de digitale universer."
    )
    assert seed_plan["pillars"][1]["objectives"][1]["text"] == (
        "INVOLVERER vi børn og voksne i en bred vifte af digitale og teknologiske lærings- og "
        "undervisningsaktiviteter. Det skal ske via imødekommende formidlingsrum som inspirerer til deltagelse."
    )
    assert [len(p["projects"]) for p in seed_plan["pillars"]] == [5, 8, 6]


def test_every_project_title_reference_and_source(seed_plan: dict) -> None:
    got = [
        (
            p["number"],
            pr["title"],
            pr["objective_refs"],
            pr["source"]["line"],
            [c["line"] for c in pr["source"].get("continued", [])],
        )
        for p in seed_plan["pillars"]
        for pr in p["projects"]
    ]
    assert got == PROJECTS
    ids = [pr["id"] for p in seed_plan["pillars"] for pr in p["projects"]]
    assert ids[:2] == ["p1-aaben-skole-tilbud", "p1-braetspils-aftener"]
    assert ids[5] == "p2-aaben-skole-tilbud"
    assert len(set(ids)) == 19


def test_the_four_rows_split_by_page_breaks_are_merged(seed_plan: dict) -> None:
    got = projects(seed_plan)
    film = got[(1, "Filmklubber efter samtale med Faxe kommunes etablerede filmtilbud")]
    assert film["status"]["text"] == (
        "Filmforevisningerne er fortsat. Der var været stor søgning til vores filmarrangementer. Det vurderes "
        "løbende om efterspørgslen er der, og om der er et overlap ift. øvrige tilbud i kommunen."
    )
    assert film["plans"] == {
        "2024": "Filmforevisningerne fortsætter. Vi overvejer nye formater, kan et arrangement f.eks. holdes udendørs?",
        "2025": "Filmforevisningerne fortsætter.",
    }
    laesecenter = got[(2, 'Etablering af et "Læsecenter" på Faxe Bibliotek')]
    assert laesecenter["description"] == (
        "I et samarbejde med læsekonsulenter og skoler i Faxe kommune etableres der et læsecenter på Faxe bibliotek. "
        "Læsecentrets opgave er sammen med biblioteket at stimulere læselysten hos elever i folkeskolen."
    )
    sprog = got[(2, "Sprog på tværs")]
    assert sprog["description"] == (
        "En tværfaglig tænketank, hvis formål er at understøtte og styrke et sammenhængende syn på "
        "sprog og literacy for alle børn og unge i alderen 0-18 år Faxe Kommune."
    )
    assert sprog["status"]["text"] == (
        "Forsøg på etablering af læseklubber for unge. Projektet har været ”lidt op af bakke”. "
        "Svært at finde unge der ønsker at deltage i projektet."
    )
    digital = got[(3, "Digital Ung")]
    assert digital["description"] == (
        "Digital Ung er et dialogbaseret undervisningsmateriale, som er udarbejdet til folkeskolens ældste klasser."
    )
    assert digital["status"]["text"] == (
        "Projektet er afsluttet. Materialet viste sig at kunne forbedres. Vi arbejder videre hvis efterspørgslen opstår"
    )
    assert digital["plans"] == {"2024": None, "2025": None}


def test_descriptions_lose_only_their_references_and_keep_spelling_slips(seed_plan: dict) -> None:
    got = projects(seed_plan)
    assert got[(1, "Litterære byvandring er")]["description"] == (
        "Gennem litteratur og kunstvandring er vil vi vise nye sider af Faxe kommune"
    )
    assert (
        got[(1, "Brætspils aftener")]["description"]
        == "I samarbejde med frivillige kræfter vil vi arrangere spilaftener"
    )
    assert got[(3, "Makerspace eller byg og kod med biblioteket")]["description"] == (
        'Vi etablerer et "værksted" hvor digitale og fysiske skaberprocesser kan inspirere kommunens borgere.'
    )
    assert got[(1, "Åben skole tilbud")]["plans"]["2024"].endswith(
        "programmeringskurs er i samarbejde med Coding Pirates"
    )
    assert (
        got[(1, "Litterære byvandring er")]["plans"]["2024"]
        == "Vandringerne fortsættes., hvis tilslutningen stadig er til stede."
    )


def test_empty_cells_are_null_and_status_has_its_period(seed_plan: dict) -> None:
    empty = sorted(
        (p["number"], pr["title"][:20], year)
        for p in seed_plan["pillars"]
        for pr in p["projects"]
        for year, text in pr["plans"].items()
        if text is None
    )
    assert empty == [
        (2, "Læselyst og læseglæd", "2024"),
        (2, "Læselyst og læseglæd", "2025"),
        (2, "Støttet af Slots- og", "2024"),
        (2, "Støttet af Slots- og", "2025"),
        (2, "Unge læselyst", "2024"),
        (2, "Unge læselyst", "2025"),
        (3, "Digital Ung", "2024"),
        (3, "Digital Ung", "2025"),
        (3, 'Projekt "Dit digital', "2024"),
        (3, 'Projekt "Dit digital', "2025"),
    ]
    assert {pr["status"]["period"] for pr in projects(seed_plan).values()} == {"2021-2023"}
    assert all(pr["status"]["text"] for pr in projects(seed_plan).values())


def words(text: str) -> list[str]:
    return text.split()


def test_every_word_of_every_table_row_reaches_the_projects_exactly_once(seed_plan: dict) -> None:
    """Counted straight from the file's lines, independently of the pipeline's stages."""
    source: Counter[str] = Counter()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if "\t" not in line or line.startswith(("Projekt\tBeskrivelse", "--")):
            continue
        line = line.replace("<b>", " ").replace("</b>", " ")
        line = re.sub(r"\((\d)\)", " ", line)  # objective references
        source.update(words(line))
    output: Counter[str] = Counter()
    for pr in projects(seed_plan).values():
        for text in (pr["title"], pr["description"], pr["status"]["text"], *pr["plans"].values()):
            output.update(words(text or ""))
    assert output == source
    assert sum(output.values()) > 1000
