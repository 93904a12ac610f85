"""What the matcher reads in a text: its words, places, regions, actors and polarity.

Places come from the gazetteer, so a village is one token however it is spelt or declined;
actors, events and negations come from the lexicon, in English, Ukrainian and Russian alike.
A post is also read sentence by sentence, because a claim must be stated in one of them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from store.match.gazetteer import Gazetteer
from store.match.text import WORD, clean, concept, sentence_spans
from store.match.translit import detect_lang, transliterate

LONG_TOKENS = 20
EVENT_CONCEPTS = frozenset({"~capture", "~enter", "~withdraw", "~strike", "~shell"})
TOPONYM_ENDINGS = (
    "ivka", "ivsk", "ivske", "ove", "ovo", "ske", "sk", "ka", "ne", "pil", "hrad", "grad",
    "ets", "yar", "ino", "ovka", "evka", "ivtsi", "yne", "ye",
)  # fmt: skip


@dataclass(frozen=True)
class Analysis:
    """What the matcher reads in a text."""

    tokens: tuple[str, ...]
    places: tuple[frozenset[str], ...] = ()
    regions: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    negated: bool = False
    names: tuple[str, ...] = ()
    place_names: tuple[str, ...] = ()
    sentences: tuple[tuple[frozenset[str], bool], ...] = ()

    @cached_property
    def events(self) -> frozenset[str]:
        return frozenset(self.tokens) & EVENT_CONCEPTS

    @property
    def long(self) -> bool:
        """A post rather than a claim: several sentences or many words."""
        return len(self.sentences) > 1 or len(self.tokens) > LONG_TOKENS

    def negated_near(self, tokens: frozenset[str]) -> bool:
        """In a post, the polarity of the sentence that says most about the claim."""
        if len(self.sentences) < 2:
            return self.negated
        best = max(self.sentences, key=lambda s: len(s[0] & tokens))
        return best[1]


class Analyzer:
    """Turns text into an Analysis, with the gazetteer for places."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._same_name: dict[str, frozenset[str]] = {}
        by_name: dict[tuple[str, str], set[str]] = {}
        for place in gazetteer:
            main = place.names[0].casefold() if place.names else place.id
            by_name.setdefault((main, place.kind), set()).add(place.id)
        self._by_name = {key: frozenset(ids) for key, ids in by_name.items()}

    def _namesakes(self, place_id: str) -> frozenset[str]:
        """Every place sharing this place's main name (there are several Novoselivkas)."""
        found = self._same_name.get(place_id)
        if found is None:
            place = self.gazetteer.place(place_id)
            main = place.names[0].casefold() if place.names else place_id
            found = self._by_name.get((main, place.kind), frozenset({place_id}))
            self._same_name[place_id] = found
        return found

    def analyze(self, text: str) -> Analysis:
        cleaned = clean(text)
        lang = detect_lang(cleaned)
        # In a written post, names are capitalised: a lowercase match there is an ordinary
        # word ("запорожского направления" is a direction, not the village of Zaporizke).
        starts = [start for start, _ in sentence_spans(cleaned, careful=False)[1:]]
        written = cleaned != cleaned.lower() and (
            len(WORD.findall(cleaned)) > LONG_TOKENS or bool(starts)
        )
        mentions = [
            m
            for m in self.gazetteer.find(cleaned)
            if self.gazetteer.place(m.place_id).kind != "country"
            and not (written and m.surface == m.surface.lower())
        ]
        spans = [(m.start, m.end) for m in mentions]
        tokens: list[str] = []
        regions: set[str] = set()
        settlements: list[frozenset[str]] = []
        place_names: list[str] = []
        for mention in mentions:
            place = self.gazetteer.place(mention.place_id)
            if place.kind in ("oblast", "region"):
                regions.add(place.id)
                tokens.append("@" + place.id)
                continue
            ids = mention.among or self._namesakes(place.id)
            settlements.append(ids)
            name = place.names[0].casefold() if place.names else place.id
            place_names.append(name)
            tokens.append("@" + name)
        narrowed = tuple(_narrow(ids, regions, self.gazetteer) for ids in settlements)
        actors: set[str] = set()
        negations = 0
        names: list[str] = []
        sentence_of = _sentence_index(starts)
        by_sentence: dict[int, tuple[set[str], list[int]]] = {}
        for mention, token in zip(mentions, tokens, strict=True):
            by_sentence.setdefault(sentence_of(mention.start), (set(), [0]))[0].add(token)
        position = 0
        for found in WORD.finditer(cleaned):
            start, word = found.start(), found.group(0)
            if any(s <= start < e for s, e in spans):
                continue
            sentence = by_sentence.setdefault(sentence_of(start), (set(), [0]))
            lower = word.casefold()
            if lower.endswith("'s"):
                lower = lower[:-2]
            kind, token = concept(lower, lang)
            added = None
            if kind == "neg":
                negations += 1
                sentence[1][0] += 1
            elif kind == "actor":
                actors.add(token)
                added = "!" + token
            elif kind == "concept":
                added = "~" + token
            elif kind == "word" and (len(token) > 1 or token.isdigit()):
                added = token
                if _looks_like_name(word, position):
                    names.append(transliterate(lower) if not lower.isascii() else lower)
            if added is not None:
                tokens.append(added)
                sentence[0].add(added)
            position += 1
        sentences = tuple(
            (frozenset(words), count[0] % 2 == 1)
            for _, (words, count) in sorted(by_sentence.items())
            if words
        )
        return Analysis(
            tokens=tuple(tokens),
            places=narrowed,
            regions=frozenset(regions),
            actors=frozenset(actors),
            negated=negations % 2 == 1,
            names=tuple(names),
            place_names=tuple(place_names),
            sentences=sentences if len(sentences) > 1 else (),
        )


def _sentence_index(breaks: list[int]) -> Callable[[int], int]:
    return lambda offset: bisect.bisect_right(breaks, offset)


def _looks_like_name(word: str, position: int) -> bool:
    """A capitalised word inside a sentence, or a first word shaped like a Slavic toponym."""
    if not word[:1].isupper() or len(word) < 4 or word.isupper():
        return False
    if position > 0:
        return True
    latin = transliterate(word).casefold()
    return latin.endswith(TOPONYM_ENDINGS)


def _narrow(ids: frozenset[str], regions: set[str], gazetteer: Gazetteer) -> frozenset[str]:
    """Pick the namesake in the region the text names, when it names one."""
    if len(ids) < 2 or not regions:
        return ids
    inside = frozenset(i for i in ids if region_of(gazetteer, i) in regions)
    return inside or ids


def region_of(gazetteer: Gazetteer, place_id: str) -> str | None:
    """The oblast a place lies in, as the gazetteer id of that oblast."""
    oblast = gazetteer.place(place_id).oblast
    return f"{oblast}-oblast" if oblast else None
