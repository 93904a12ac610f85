"""Language detection, transliteration and spelling skeletons for place names.

Claims arrive in Ukrainian, Russian or English, and English texts spell the same town several
ways (Kupiansk, Kupyansk). These pure functions give the place matcher one Latin form per
Cyrillic spelling and a skeleton that joins spelling variants without joining different towns.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

UK_LETTERS = frozenset("іїєґ")
RU_LETTERS = frozenset("ыэъё")

UK_WORDS = frozenset(
    "що та як від росіяни це цей ця але або вже ще під біля його її було були буде "
    "тому також щодо зараз чому коли де хто які яка яке з зі із й міста місто село "
    "заявили повідомили окупанти звільнили захопили росія україна".split()
)
RU_WORDS = frozenset(
    "что как от это под или но же был была было были также когда кто где почему "
    "сейчас уже еще его ее они очень который которые города город село при из "
    "заявили сообщили россия украина освободили взяли".split()
)

UK_WORD_ENDINGS = ("ськ", "цьк", "зьк")

_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

_APOSTROPHES = frozenset("'’ʼ`‘")
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def is_cyrillic(ch: str) -> bool:
    """True for Cyrillic letters, the only script that needs transliteration here."""
    return "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f"


def has_cyrillic(text: str) -> bool:
    """True when any character of ``text`` is Cyrillic."""
    return any(is_cyrillic(ch) for ch in text)


def detect_lang(text: str) -> str:
    """Guess "uk", "ru" or "en"; letters decide first because they are unambiguous."""
    lower = text.lower()
    if not has_cyrillic(lower):
        return "en"
    uk = sum(ch in UK_LETTERS for ch in lower)
    ru = sum(ch in RU_LETTERS for ch in lower)
    if uk != ru:
        return "uk" if uk > ru else "ru"
    words = _WORD_RE.findall(lower)
    uk_words = sum(w in UK_WORDS or w.endswith(UK_WORD_ENDINGS) for w in words)
    ru_words = sum(w in RU_WORDS for w in words)
    return "uk" if uk_words > ru_words else "ru"


def _apply_case(source: str, latin: str, word_upper: bool) -> str:
    """Carry the case of one Cyrillic letter over to its Latin rendering."""
    if not source.isupper() or not latin:
        return latin
    return latin.upper() if word_upper else latin[0].upper() + latin[1:]


def _word_upper(text: str, i: int) -> bool:
    """True when the letter at ``i`` sits in an all-caps run (so "ЖИТОМИР" -> "ZHYTOMYR")."""
    neighbours = [text[j] for j in (i - 1, i + 1) if 0 <= j < len(text) and text[j].isalpha()]
    return bool(neighbours) and all(ch.isupper() for ch in neighbours)


def _is_word_start(text: str, i: int) -> bool:
    """Word-initial in the KMU sense: after a space, hyphen or the start of the text."""
    return i == 0 or not (text[i - 1].isalpha() or text[i - 1] in _APOSTROPHES)


def _translit_char(text: str, i: int, lang: str) -> str:
    """Latin rendering of ``text[i]`` under the chosen scheme (other characters unchanged)."""
    ch = text[i]
    low = ch.lower()
    if lang == "uk":
        if low in _UK_INITIAL and _is_word_start(text, i):
            return _UK_INITIAL[low]
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            return "gh"
        out = _UK.get(low, _RU.get(low))
    else:
        out = _RU.get(low, _UK.get(low))
    if out is None:
        return "" if ch in _APOSTROPHES and _near_cyrillic(text, i) else ch
    return out


def _near_cyrillic(text: str, i: int) -> bool:
    """An apostrophe inside a Cyrillic word (Слов'янськ) is a sign, not punctuation."""
    before = i > 0 and is_cyrillic(text[i - 1])
    after = i + 1 < len(text) and is_cyrillic(text[i + 1])
    return before and after


def transliterate(text: str, lang: str | None = None) -> str:
    """Ukrainian by the KMU 2010 national system, Russian by a simplified BGN/PCGN scheme."""
    if lang is None:
        lang = detect_lang(text)
    if lang not in ("uk", "ru"):
        lang = "uk" if detect_lang(text) == "uk" else "ru"
    out: list[str] = []
    for i, ch in enumerate(text):
        latin = _translit_char(text, i, lang)
        out.append(_apply_case(ch, latin, _word_upper(text, i)) if latin != ch else ch)
    return "".join(out)


def strip_marks(text: str) -> str:
    """Drop diacritics so "Kupjánsk" and "Kupjansk" share a skeleton."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_DIGRAPHS = (
    ("shch", "1"),
    ("sch", "1"),
    ("tch", "4"),
    ("zh", "2"),
    ("sh", "3"),
    ("ch", "4"),
    ("kh", "h"),
    ("gh", "h"),
    ("ts", "5"),
    ("tz", "5"),
    ("c", "5"),
    ("g", "h"),
    ("x", "ks"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
)


@lru_cache(maxsize=200_000)
def variant_key(word: str) -> str:
    """Spelling skeleton: equal for Kupiansk/Kupyansk/Kupjansk, different for Pokrovsk/Pokrovske.

    Only spellings of the same letters collapse (y/i/j, kh/h/g, ts/c, ie/ye/e, doubled
    letters, soft signs); endings stay, so towns whose names differ only in a suffix keep apart.
    """
    text = strip_marks(word.lower())
    text = "".join(ch for ch in text if "a" <= ch <= "z")
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text.replace("ie", "e")
