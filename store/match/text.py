"""Text normalisation for matching: pure functions, text in, text or tokens out.

`normalize` is the visible, idempotent part (Unicode, case, apostrophes, links, punctuation,
Cyrillic transliterated); `lemma_tokens` adds lemmas and concepts on top for scoring.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from store.match.lemmas import lemmatize
from store.match.lexicon import (
    ACTORS,
    CONCEPTS,
    NEGATION_STEMS,
    NEGATIONS_CYR,
    NEGATIONS_EN,
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


@lru_cache(maxsize=200_000)
def concept(word: str, lang: str) -> tuple[str, str]:
    """Classify a lowercase word: ("stop"|"neg"|"actor"|"concept"|"word", token).

    Concept and actor tokens are shared across languages, so "took", "захопили" and
    "освободили" all become `capture`.
    """
    cyrillic = bool(CYRILLIC.search(word))
    if cyrillic:
        if word in STOPWORDS_CYR:
            return "stop", word
        if word in NEGATIONS_CYR or word.startswith(NEGATION_STEMS):
            return "neg", "not"
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
