"""Text normalisation for matching: pure functions, text in, text or tokens out.

`normalize` is the visible, idempotent part (Unicode, case, apostrophes, links, punctuation,
Cyrillic transliterated); `concept` reads lemmas and concepts on top for scoring;
`split_sentences` is the one sentence splitter the matcher, the vectors and attribution share.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from store.match.lemmas import lemmatize
from store.match.lexicon import (
    ACTORS,
    CONCEPTS,
    DENIALS_CYR,
    DENIALS_EN,
    NEGATION_STEMS,
    NEGATIONS_CYR,
    NEGATIONS_EN,
    NUMBER_WORDS,
    STOPWORDS_CYR,
    STOPWORDS_EN,
)
from store.match.translit import transliterate

INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufe0f]")
LINK = re.compile(r"(?:https?://|www\.|t\.me/|pic\.twitter\.com/)\S*", re.IGNORECASE)
HANDLE = re.compile(r"(?<!\w)@\w+")
APOSTROPHES = str.maketrans({c: "'" for c in "’ʼ`´‘ʹ′"})
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
HASHTAG = re.compile(r"#(\w+)")
CONTRACTION = re.compile(r"n't\b", re.IGNORECASE)
WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def clean(text: str) -> str:
    """Unicode NFKC, no invisible characters, one apostrophe, no links or handles.

    Hashtags keep their words (#AustralianFires -> Australian Fires): they often carry the
    claim's subject. Case is kept, because capitals tell names from words.
    """
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE.sub("", text).translate(APOSTROPHES)
    text = LINK.sub(" ", text)
    text = HANDLE.sub(" ", text)
    text = HASHTAG.sub(lambda m: " " + CAMEL.sub(" ", m.group(1)) + " ", text)
    text = CONTRACTION.sub(" not", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Words of cleaned text, with inner apostrophes and hyphens kept (Niu-York, п'ять)."""
    return WORD.findall(text)


def normalize(text: str) -> str:
    """Case-folded, transliterated, punctuation-free words: the form claims are compared in."""
    folded = [w.casefold().replace("'", "") for w in words(clean(text))]
    return " ".join(transliterate(w) if CYRILLIC.search(w) else w for w in folded)


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """Lemma of a lowercase word; simplemma falls back to the word itself when unsure."""
    try:
        return lemmatize(word, lang).casefold()
    except Exception:  # a lemmatiser gap must never stop a check
        return word


def _cyrillic_lookup(table: dict[str, tuple[frozenset[str], tuple[str, ...]]], word: str):
    for name, (_, stems) in table.items():
        if any(word.startswith(stem) for stem in stems):
            return name
    return None


# "два", "двоє": the English word, so a Ukrainian tally reads as an English one.
_ENGLISH_NUMBERS = {n: w for w, n in NUMBER_WORDS.items() if n and w.isascii()}


@lru_cache(maxsize=200_000)
def concept(word: str, lang: str) -> tuple[str, str]:
    """Classify a lowercase word: ("stop"|"neg"|"actor"|"concept"|"word", token).

    A negation's token is "not" for a particle and "deny" for a word that calls a claim
    false.

    Concept and actor tokens are shared across languages, so "took", "захопили" and
    "освободили" all become `capture`.
    """
    cyrillic = bool(CYRILLIC.search(word))
    if cyrillic and NUMBER_WORDS.get(word):
        return "word", _ENGLISH_NUMBERS[NUMBER_WORDS[word]]
    if cyrillic:
        if word in STOPWORDS_CYR:
            return "stop", word
        if word in NEGATIONS_CYR:
            return "neg", "not"
        if word in DENIALS_CYR or word.startswith(NEGATION_STEMS):
            return "neg", "deny"
        base = lemma(word, lang)
        actor = _cyrillic_lookup(ACTORS, base) or _cyrillic_lookup(ACTORS, word)
        if actor:
            return "actor", actor
        found = _cyrillic_lookup(CONCEPTS, base) or _cyrillic_lookup(CONCEPTS, word)
        if found:
            return "concept", found
        return "word", transliterate(base, lang).casefold().replace("'", "")
    if word in NEGATIONS_EN:
        return "neg", "not"
    if word in DENIALS_EN:
        return "neg", "deny"
    base = lemma(word, "en")
    for name, (lemmas, _) in ACTORS.items():
        if word in lemmas or base in lemmas:
            return "actor", name
    for name, (lemmas, _) in CONCEPTS.items():
        if word in lemmas or base in lemmas:
            return "concept", name
    if word in STOPWORDS_EN or base in STOPWORDS_EN:
        return "stop", word
    return "word", base.replace("'", "")


# --- sentences -----------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "col", "gen", "lt", "maj", "capt", "sgt", "cpl", "adm",
    "cmdr", "gov", "sen", "rep", "pres", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs",
    "etc", "no", "nos", "fig", "approx", "est", "dept", "univ", "jan", "feb", "mar", "apr",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "u.s", "u.k", "u.n", "e.u",
    "a.m", "p.m", "i.e", "e.g", "ген", "полк", "м", "с", "г", "ул", "вул", "им", "ім", "обл",
    "тис", "тыс", "млн", "млрд", "смт", "пгт", "т.е", "т.д", "т.п", "див", "см", "р",
}  # fmt: skip
_SENTENCE_END = r"(?P<end>[.!?…]+)(?P<close>[\"”»’')]*)\s+"
_NEXT_SENTENCE = r"(?=[\"“«‘(]?[A-ZА-ЯЁІЇЄҐ0-9])"
_DASH = r"\s+[—–]\s+"
_LAST_TOKEN = re.compile(r"([\w.]+)$")


@cache
def _boundary(careful: bool, dashes: bool) -> re.Pattern[str]:
    pattern = _SENTENCE_END + (_NEXT_SENTENCE if careful else "")
    return re.compile(pattern + (f"|{_DASH}" if dashes else ""))


def sentence_spans(
    text: str, *, careful: bool = True, dashes: bool = False
) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed, in order.

    A line break always ends a sentence: extraction gives one paragraph per line, and a post's
    lines are its sentences. `careful` splitting, for prose, breaks only before a capital, a
    digit or an opening quote, and not after "U.S.", "Col.", initials or "ген."; without it,
    any sentence mark followed by a space breaks, which suits the short, loosely written texts
    checked against claims. `dashes` also breaks at a spaced dash ("Stay safe — Kherson News"),
    where a post often joins a sign-off to its claim.
    """
    boundary = _boundary(careful, dashes)
    spans: list[tuple[int, int]] = []

    def keep(start: int, end: int) -> None:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            first = start + len(piece) - len(piece.lstrip())
            spans.append((first, first + len(stripped)))

    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        start = 0
        for found in boundary.finditer(content):
            if (
                careful
                and found.group("end") == "."
                and not found.group("close")
                and is_abbreviation(content[start : found.start()])
            ):
                continue
            end = found.end() if found.group("end") else found.start()
            keep(offset + start, offset + end)
            start = found.end()
        keep(offset + start, offset + len(content))
        offset += len(line)
    return spans


def split_sentences(text: str, *, careful: bool = True, dashes: bool = False) -> list[str]:
    """The sentences of `text`, as `sentence_spans` finds them."""
    return [text[start:end] for start, end in sentence_spans(text, careful=careful, dashes=dashes)]


def is_abbreviation(before_period: str) -> bool:
    """The word before this period is an abbreviation or an initial, not a sentence's end."""
    found = _LAST_TOKEN.search(before_period)
    if not found:
        return False
    token = found.group(1).lower().strip(".")
    if token in _ABBREVIATIONS:
        return True
    last = token.rsplit(".", 1)[-1]
    return len(last) == 1 and last.isalpha()
