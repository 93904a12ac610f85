"""Case forms of Ukrainian and Russian place names, generated from the name itself.

A text word is matched against the forms its gazetteer names really take ("Покровську",
"Часового Яру"), never by stripping endings off the text, so "Покровське" cannot be read as
a form of "Покровськ". The rules cover the endings toponyms have; a form is kept only when it
is long enough that it cannot be an accidental short word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import product

_CASES = ("gen", "dat", "acc", "ins", "loc")
_VOWELS = "аеєиіїоуюяыэ"
_UK_MUTATION = {"к": "ц", "г": "з", "х": "с"}
_MIN_FORM = 5
_MIN_STEM = 3

Forms = dict[str, set[str]]


def _add(forms: Forms, case: str, stem: str, endings: Iterable[str]) -> None:
    for ending in endings:
        forms[case].add(stem + ending)


def _uk_alternate(word: str) -> set[str]:
    """Stems with the Ukrainian і/ї alternation: Харків -> Харков-, Київ -> Києв-."""
    stems = {word}
    m = re.search(r"([іїо])([^" + _VOWELS + r"]+)$", word)
    if m:
        vowel = m.group(1)
        swap = {"і": "о", "ї": "є", "о": "і"}[vowel]
        stems.add(word[: m.start(1)] + swap + m.group(2))
    return stems


def _uk_consonant(forms: Forms, word: str, first: bool) -> None:
    """Masculine nouns ending in a consonant: Торецьк, Херсон, Харків, Марганець."""
    stems = _uk_alternate(word)
    soft = word.endswith("ь")
    if soft:
        base = word[:-1]
        stems = {s[:-1] for s in _uk_alternate(base + "ь")} | {base}
        if base.endswith("ец"):
            stems.add(base[:-2] + "ц")
        for s in stems:
            _add(forms, "gen", s, ("я",))
            _add(forms, "dat", s, ("ю", "еві"))
            _add(forms, "loc", s, ("і", "ю", "еві"))
            _add(forms, "ins", s, ("ем",))
        return
    for s in stems:
        _add(forms, "gen", s, ("а", "у"))
        _add(forms, "dat", s, ("у", "ові"))
        _add(forms, "loc", s, ("у", "і", "ові"))
        if s[-1] in _UK_MUTATION:
            _add(forms, "loc", s[:-1] + _UK_MUTATION[s[-1]], ("і",))
        _add(forms, "ins", s, ("ом",))
        if first and s.endswith(("ов", "ев", "єв", "ин", "їн")):
            _add(forms, "gen", s, ("ого",))
            _add(forms, "dat", s, ("ому",))
            _add(forms, "loc", s, ("ому", "ім"))
            _add(forms, "ins", s, ("им",))


def _uk_forms(word: str, first: bool) -> Forms:
    forms: Forms = defaultdict(set)
    if word.endswith(("ий", "ій")):
        s = word[:-2]
        _add(forms, "gen", s, ("ого",))
        _add(forms, "dat", s, ("ому",))
        _add(forms, "loc", s, ("ому", "ім"))
        _add(forms, "ins", s, ("им",))
    elif word.endswith("а"):
        s = word[:-1]
        _add(forms, "gen", s, ("и", "і", "ої"))
        _add(forms, "dat", s, ("і", "ій"))
        _add(forms, "loc", s, ("і", "ій"))
        if s[-1:] in _UK_MUTATION:
            _add(forms, "dat", s[:-1] + _UK_MUTATION[s[-1]], ("і",))
            _add(forms, "loc", s[:-1] + _UK_MUTATION[s[-1]], ("і",))
        _add(forms, "acc", s, ("у",))
        _add(forms, "ins", s, ("ою", "ею"))
    elif word.endswith("я"):
        s = word[:-1]
        if s[-1:] in _VOWELS:
            _add(forms, "gen", s, ("ї",))
            _add(forms, "dat", s, ("ї",))
            _add(forms, "loc", s, ("ї",))
            _add(forms, "acc", s, ("ю",))
            _add(forms, "ins", s, ("єю",))
        else:
            _add(forms, "gen", s, ("і", "ьої"))
            _add(forms, "dat", s, ("ю", "і", "ій"))
            _add(forms, "loc", s, ("і", "ій"))
            _add(forms, "acc", s, ("ю",))
            _add(forms, "ins", s, ("ям", "ею", "ьою"))
    elif word.endswith("е"):
        s = word[:-1]
        _add(forms, "gen", s, ("ого",))
        _add(forms, "dat", s, ("ому",))
        _add(forms, "loc", s, ("ому", "ім"))
        _add(forms, "ins", s, ("им",))
        if word.endswith(("ле", "ре", "ще", "же", "че", "це")):
            _add(forms, "gen", s, ("я", "а"))
            _add(forms, "dat", s, ("ю", "у"))
            _add(forms, "loc", s, ("і",))
            _add(forms, "ins", s, ("ем",))
    elif word.endswith("о"):
        s = word[:-1]
        _add(forms, "gen", s, ("а",))
        _add(forms, "dat", s, ("у", "ові"))
        _add(forms, "loc", s, ("і", "ові", "у"))
        _add(forms, "ins", s, ("ом",))
    elif word.endswith(("и", "і")):
        _plural(forms, word[:-1], ("ів", "ей"), ("ам", "ям"), ("ах", "ях"), ("ами", "ями"), "ок")
    elif word[-1:] not in _VOWELS:
        _uk_consonant(forms, word, first)
    return forms


def _plural(
    forms: Forms,
    s: str,
    gen: tuple[str, ...],
    dat: tuple[str, ...],
    loc: tuple[str, ...],
    ins: tuple[str, ...],
    fleeting: str,
) -> None:
    """Plural names: Суми, Олешки, Липці, Крынки."""
    _add(forms, "gen", s, gen)
    if s.endswith("к"):
        forms["gen"].add(s[:-1] + fleeting)
    elif not s.endswith("ц"):
        forms["gen"].add(s)
    _add(forms, "dat", s, dat)
    _add(forms, "loc", s, loc)
    _add(forms, "ins", s, ins)


def _ru_forms(word: str, first: bool) -> Forms:
    forms: Forms = defaultdict(set)
    if word.endswith(("ый", "ий", "ой")):
        s = word[:-2]
        _add(forms, "gen", s, ("ого", "его"))
        _add(forms, "dat", s, ("ому", "ему"))
        _add(forms, "loc", s, ("ом", "ем"))
        _add(forms, "ins", s, ("ым", "им"))
    elif word.endswith(("ая", "яя")):
        s = word[:-2]
        for case in ("gen", "dat", "loc", "ins"):
            _add(forms, case, s, ("ой", "ей"))
        _add(forms, "acc", s, ("ую", "юю"))
        _add(forms, "ins", s, ("ою",))
    elif word.endswith(("ое", "ее")):
        s = word[:-2]
        _add(forms, "gen", s, ("ого", "его"))
        _add(forms, "dat", s, ("ому", "ему"))
        _add(forms, "loc", s, ("ом", "ем"))
        _add(forms, "ins", s, ("ым", "им"))
    elif word.endswith("а"):
        s = word[:-1]
        _add(forms, "gen", s, ("ы", "и"))
        _add(forms, "dat", s, ("е",))
        _add(forms, "loc", s, ("е",))
        _add(forms, "acc", s, ("у",))
        _add(forms, "ins", s, ("ой", "ою", "ей"))
    elif word.endswith("я"):
        s = word[:-1]
        _add(forms, "gen", s, ("и",))
        _add(forms, "dat", s, ("е", "и"))
        _add(forms, "loc", s, ("е", "и"))
        _add(forms, "acc", s, ("ю",))
        _add(forms, "ins", s, ("ей",))
    elif word.endswith("е"):
        s = word[:-1]
        _add(forms, "gen", s, ("я", "а"))
        _add(forms, "dat", s, ("ю", "у"))
        _add(forms, "ins", s, ("ем",))
    elif word.endswith("о"):
        s = word[:-1]
        _add(forms, "gen", s, ("а",))
        _add(forms, "dat", s, ("у",))
        _add(forms, "loc", s, ("е",))
        _add(forms, "ins", s, ("ом", "ым"))
    elif word.endswith(("ы", "и")):
        _plural(forms, word[:-1], ("ов", "ев"), ("ам", "ям"), ("ах", "ях"), ("ами", "ями"), "ок")
    elif word.endswith("ь"):
        s = word[:-1]
        _add(forms, "gen", s, ("я", "и"))
        _add(forms, "dat", s, ("ю", "и"))
        _add(forms, "loc", s, ("е", "и"))
        _add(forms, "ins", s, ("ем", "ью"))
    elif word[-1:] not in _VOWELS:
        stems = {word, word[:-2] + "ц"} if word.endswith("ец") else {word}
        for s in stems:
            _add(forms, "gen", s, ("а",))
            _add(forms, "dat", s, ("у",))
            _add(forms, "loc", s, ("е",))
            _add(forms, "ins", s, ("ом", "ем"))
            if first and s.endswith(("ов", "ев", "ин")):
                _add(forms, "loc", s, ("ом",))
                _add(forms, "ins", s, ("ым",))
    return forms


def declensions(words: Sequence[str], lang: str) -> dict[str, str]:
    """Case forms of a Cyrillic name given as its normalised words, as keys (the words joined)
    mapped to the case they express.

    A form is kept only if it is long enough that it cannot be an accidental short word.
    Multi-word names decline word by word in the same case ("Часового Яру").
    """
    if not words or (len(words) == 1 and len(words[0]) < 4):
        return {}
    rules = _uk_forms if lang == "uk" else _ru_forms
    per_word = [rules(w, i == 0 and len(words) > 1) for i, w in enumerate(words)]
    out: dict[str, str] = {}
    nominative = "".join(words)
    for case in _CASES:
        options = [
            {w} | {f for f in forms[case] if len(f) - 1 >= _MIN_STEM or len(words) > 1}
            for w, forms in zip(words, per_word, strict=True)
        ]
        for combo in product(*options):
            key = "".join(combo)
            if key != nominative and len(key) >= _MIN_FORM:
                out.setdefault(key, case)
    return out


@lru_cache(maxsize=4096)
def cached_declensions(words: tuple[str, ...], lang: str) -> dict[str, str]:
    """``declensions``, remembered: the settlements' forms are generated when a text needs them,
    and the same few hundred names recur. The result is shared; do not change it."""
    return declensions(words, lang)
