"""The matcher: a query's words, places, actors and polarity against the claim base.

Pure: an index is built from `(claim id, key, texts)` entries and a gazetteer; a search returns
ranked matches and, when nothing matches, the nearest claim and why it was not shown.

Scores are on one 0-100 scale: how much of the claim's weighted vocabulary the query covers,
blended with how much of the query the claim explains (rare words weigh more, as in BM25) and
a rapidfuzz similarity of the normalised texts. Places, actors and polarity are rules, not
weights: fuzzy closeness never turns Zaporizke into Zaporizhzhia.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from store.normalize import WORD, clean, concept
from store.places import Gazetteer
from store.translit import detect_lang, transliterate, variant_key

MATCH_THRESHOLD = 60.0
CANDIDATES = 100
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

    @property
    def events(self) -> frozenset[str]:
        return frozenset(self.tokens) & EVENT_CONCEPTS


@dataclass(frozen=True)
class Match:
    claim_id: int
    key: str
    score: float
    polarity: str  # "affirms" | "denies"
    text: str  # the claim text or alias that matched best


@dataclass(frozen=True)
class Nearest:
    """The best claim that was not shown, and the rule that kept it out."""

    claim_id: int
    key: str
    score: float
    reason: str
    text: str
    closeness: float = 0.0  # how alike the names are: Mykolaivka is nearer to Mykolaiv
    query_place: str | None = None


@dataclass
class SearchResult:
    matches: list[Match] = field(default_factory=list)
    nearest: Nearest | None = None
    ambiguous: bool = False
    query: Analysis | None = None


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
        mentions = [
            m
            for m in self.gazetteer.find(cleaned)
            if self.gazetteer.place(m.place_id).kind != "country"
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
            ids = self._namesakes(place.id)
            settlements.append(ids)
            name = place.names[0].casefold() if place.names else place.id
            place_names.append(name)
            tokens.append("@" + name)
        narrowed = tuple(_narrow(ids, regions, self.gazetteer) for ids in settlements)
        actors: set[str] = set()
        negations = 0
        names: list[str] = []
        position = 0
        for found in WORD.finditer(cleaned):
            start, word = found.start(), found.group(0)
            if any(s <= start < e for s, e in spans):
                continue
            lower = word.casefold()
            if lower.endswith("'s"):
                lower = lower[:-2]
            kind, token = concept(lower, lang)
            if kind == "neg":
                negations += 1
            elif kind == "actor":
                actors.add(token)
                tokens.append("!" + token)
            elif kind == "concept":
                tokens.append("~" + token)
            elif kind == "word" and (len(token) > 1 or token.isdigit()):
                tokens.append(token)
                if _looks_like_name(word, position):
                    names.append(transliterate(lower) if not lower.isascii() else lower)
            position += 1
        return Analysis(
            tokens=tuple(tokens),
            places=narrowed,
            regions=frozenset(regions),
            actors=frozenset(actors),
            negated=negations % 2 == 1,
            names=tuple(names),
            place_names=tuple(place_names),
        )


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
    inside = frozenset(i for i in ids if _region_of(gazetteer, i) in regions)
    return inside or ids


def _region_of(gazetteer: Gazetteer, place_id: str) -> str | None:
    oblast = gazetteer.place(place_id).oblast
    return f"{oblast}-oblast" if oblast else None


class MatchIndex:
    """An inverted index over claim texts and aliases, built once and searched many times."""

    def __init__(self, entries: Sequence, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.claim_ids: list[int] = []
        self.keys: list[str] = []
        self.texts: list[str] = []
        self.analyses: list[Analysis] = []
        self.token_sets: list[frozenset[str]] = []
        self.norm_texts: list[str] = []
        text_claim: list[int] = []
        claim_tokens: dict[int, set[str]] = {}
        for position, entry in enumerate(entries):
            self.claim_ids.append(entry.claim_id)
            self.keys.append(entry.key)
            seen: set[str] = set()
            for text in entry.texts:
                analysis = analyzer.analyze(text)
                self.texts.append(text)
                self.analyses.append(analysis)
                self.token_sets.append(frozenset(analysis.tokens))
                self.norm_texts.append(" ".join(sorted(set(analysis.tokens))))
                text_claim.append(position)
                seen.update(analysis.tokens)
            claim_tokens[position] = seen
        self.text_claim = np.asarray(text_claim, dtype=np.int32)
        df: dict[str, int] = {}
        for tokens in claim_tokens.values():
            for token in tokens:
                df[token] = df.get(token, 0) + 1
        self.size = len(self.claim_ids)
        self.idf = {t: _idf(self.size, n) for t, n in df.items()}
        self.unseen_idf = _idf(self.size, 0)
        postings: dict[str, list[int]] = {}
        for text_index, tokens in enumerate(self.token_sets):
            for token in tokens:
                postings.setdefault(token, []).append(text_index)
        self.postings = {t: np.asarray(p, dtype=np.int32) for t, p in postings.items()}

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.unseen_idf)

    def search(self, query: str, *, limit: int = 5, min_score: float | None = None) -> SearchResult:
        threshold = MATCH_THRESHOLD if min_score is None else min_score
        analysis = self.analyzer.analyze(query)
        result = SearchResult(query=analysis)
        if not analysis.tokens or not self.texts:
            return result
        candidates = self._candidates(analysis)
        best: dict[int, Match] = {}
        rejected: dict[int, Nearest] = {}
        for text_index in candidates:
            position = int(self.text_claim[text_index])
            score = self._score(analysis, text_index)
            reason = self._rule(analysis, self.analyses[text_index])
            claim_id, key = self.claim_ids[position], self.keys[position]
            if reason:
                closeness, place = _name_closeness(analysis, self.analyses[text_index])
                previous = rejected.get(position)
                if previous is None or score > previous.score:
                    rejected[position] = Nearest(
                        claim_id, key, round(score, 1), reason, self.texts[text_index],
                        closeness, place,
                    )  # fmt: skip
                continue
            polarity = (
                "denies" if analysis.negated != self.analyses[text_index].negated else "affirms"
            )
            if position not in best or score > best[position].score:
                best[position] = Match(
                    claim_id, key, round(score, 1), polarity, self.texts[text_index]
                )
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.claim_id))
        shown = [m for m in ranked if m.score >= threshold]
        result.matches = shown[:limit]
        result.ambiguous = len(shown) > 1 and shown[0].score - shown[1].score < 3.0
        if not shown:
            nearest = sorted(
                [*rejected.values(), *(_as_nearest(m) for m in ranked[:1])],
                key=lambda n: -(n.score + 40 * n.closeness),
            )
            result.nearest = nearest[0] if nearest else None
        return result

    def _candidates(self, analysis: Analysis) -> list[int]:
        """Texts sharing weighted words with the query, best first, at most CANDIDATES."""
        scores = np.zeros(len(self.texts), dtype=np.float32)
        for token in set(analysis.tokens):
            posting = self.postings.get(token)
            if posting is not None:
                scores[posting] += self.weight(token)
        hits = np.flatnonzero(scores)
        if len(hits) > CANDIDATES:
            top = np.argpartition(-scores[hits], CANDIDATES)[:CANDIDATES]
            hits = hits[top]
        return hits[np.argsort(-scores[hits], kind="stable")].tolist()

    def _score(self, query: Analysis, text_index: int) -> float:
        claim_tokens = self.token_sets[text_index]
        query_tokens = frozenset(query.tokens)
        shared = query_tokens & claim_tokens
        w_shared = sum(self.weight(t) for t in shared)
        w_query = sum(self.weight(t) for t in query_tokens) or 1.0
        w_claim = sum(self.weight(t) for t in claim_tokens) or 1.0
        claim_cover = w_shared / w_claim
        query_cover = w_shared / w_query
        fuzzy = fuzz.token_set_ratio(
            " ".join(sorted(query_tokens)), self.norm_texts[text_index], processor=None
        )
        score = 100 * (0.6 * claim_cover + 0.25 * query_cover) + 0.15 * fuzzy
        events_q, events_c = query.events, self.analyses[text_index].events
        if events_q and events_c and not events_q & events_c:
            score *= 0.75
        return min(100.0, score)

    def _rule(self, query: Analysis, claim: Analysis) -> str | None:
        """The hard rules; a reason when the claim is about something else."""
        for ids in query.places:
            if not any(ids & other for other in claim.places):
                return "a different place"
        claim_regions = set(claim.regions)
        for ids in claim.places:
            claim_regions.update(r for i in ids if (r := _region_of(self.analyzer.gazetteer, i)))
        if query.regions - claim_regions:
            return "a different region"
        if query.actors and claim.actors and not query.actors & claim.actors:
            return "a different actor"
        claim_names = {variant_key(n) for n in claim.names} | {
            variant_key(t) for t in claim.tokens if t.isalpha()
        }
        for name in query.names:
            key = variant_key(name)
            if key in claim_names:
                continue
            for other in (*claim.names, *claim.place_names):
                if fuzz.ratio(name, other, processor=None) >= 75:
                    return "a different place"
        return None


def _name_closeness(query: Analysis, claim: Analysis) -> tuple[float, str | None]:
    """The most alike pair of names, so the nearest claim shown is the confusable one."""
    best, place = 0.0, None
    for mine in (*query.place_names, *query.names):
        for other in (*claim.place_names, *claim.names):
            ratio = fuzz.ratio(mine, other, processor=None) / 100
            if ratio > best:
                best, place = ratio, mine
    return best, place


def _as_nearest(match: Match) -> Nearest:
    return Nearest(match.claim_id, match.key, match.score, "too far from the query", match.text)


def _idf(total: int, df: int) -> float:
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))
