"""The matcher: a query's words, places, actors and polarity against the claim base.

Pure: an index is built from `(claim id, key, texts)` entries and a gazetteer; a search returns
ranked matches and, when nothing matches, the nearest claim and why it was not shown.

Scores are on one 0-100 scale: how much of the claim's weighted vocabulary the query covers,
blended with how much of the query the claim explains (rare words weigh more, as in BM25) and
a rapidfuzz similarity of the normalised texts. Places, actors and polarity are rules, not
weights: fuzzy closeness never turns Zaporizke into Zaporizhzhia.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz

from store.match.gazetteer import Gazetteer
from store.match.text import WORD, clean, concept, sentence_spans
from store.match.translit import detect_lang, transliterate, variant_key

MATCH_THRESHOLD = 60.0
CANDIDATES = 100
AMBIGUOUS_POINTS = 3.0
UNSUPPORTED = 0.5  # score factor for a claim the text does not state (max 50 < 60)
SEMANTIC_WEIGHT = 3.0
SENTENCE_WEIGHT = 1.5
SEMANTIC_SHARE = 0.5
COSINE_FLOOR = 0.35
COSINE_FULL = 0.85
COSINE_SPREAD = 0.08  # typical per-query spread of candidate cosines on CLEF is 0.13
RANK_SPREAD = 0.3
LONG_TOKENS = 20
_WORDING = re.compile(r"[^\W_]+")
EVENT_CONCEPTS = frozenset({"~capture", "~enter", "~withdraw", "~strike", "~shell"})
TOPONYM_ENDINGS = (
    "ivka", "ivsk", "ivske", "ove", "ovo", "ske", "sk", "ka", "ne", "pil", "hrad", "grad",
    "ets", "yar", "ino", "ovka", "evka", "ivtsi", "yne", "ye",
)  # fmt: skip


Cosines = Callable[[list[int]], np.ndarray]


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


@dataclass(frozen=True)
class Match:
    claim_id: int
    key: str
    score: float
    polarity: str  # "affirms" | "denies"
    text: str  # the claim text or alias that matched best
    rank: float = 0.0  # ordering key among candidates; comparable within one query only


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
            ids = self._namesakes(place.id)
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


def _said_together(post: Analysis, claim: Analysis) -> bool:
    """In a post, the claim's event, its place and its actor must share a sentence: a post
    that says "liberated" about one village and names another in passing does not back a
    claim about the second."""
    if len(post.sentences) < 2:
        return True
    events = claim.events
    places = {t for t in claim.tokens if t.startswith("@")}
    if not events or not places:
        return True
    actors = {"!" + a for a in claim.actors}
    return any(
        words & events and words & places and (not actors or words & actors)
        for words, _ in post.sentences
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
    inside = frozenset(i for i in ids if _region_of(gazetteer, i) in regions)
    return inside or ids


def _region_of(gazetteer: Gazetteer, place_id: str) -> str | None:
    oblast = gazetteer.place(place_id).oblast
    return f"{oblast}-oblast" if oblast else None


class MatchIndex:
    """An inverted index over claim texts and aliases, built once and then extended in place.

    Writes add texts without a rebuild (`add`), deleted claims are masked (`discard`); the
    posting lists of recent additions are merged into the numpy arrays now and then.
    Document frequencies count claims, not texts, so a claim's aliases do not make its own
    words look common.
    """

    COMPACT_EVERY = 50_000

    def __init__(self, entries: Sequence, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.claim_ids: list[int] = []
        self.keys: list[str] = []
        self.position_of: dict[int, int] = {}
        self.claim_texts: list[list[int]] = []
        self.texts: list[str] = []
        self.analyses: list[Analysis] = []
        self.token_sets: list[frozenset[str]] = []
        self.text_claim: list[int] = []
        self.claim_weights: list[float] = []
        self.df: dict[str, int] = {}
        self.idf: dict[str, float] = {}
        self.dead: set[int] = set()
        self.postings: dict[str, np.ndarray] = {}
        self._recent: dict[str, list[int]] = {}
        self._recent_count = 0
        self._name_keys: dict[int, frozenset[str]] = {}
        self.add(entries)

    @property
    def size(self) -> int:
        return len(self.claim_ids)

    def add(self, entries: Sequence) -> int:
        """Index new claims, or new texts of known claims; returns how many texts were added."""
        first = len(self.texts)
        for entry in entries:
            position = self.position_of.get(entry.claim_id)
            if position is None:
                position = len(self.claim_ids)
                self.position_of[entry.claim_id] = position
                self.claim_ids.append(entry.claim_id)
                self.keys.append(entry.key)
                self.claim_texts.append([])
            known = {self.texts[i] for i in self.claim_texts[position]}
            had: set[str] = set()
            for i in self.claim_texts[position]:
                had |= self.token_sets[i]
            for text in entry.texts:
                if text in known:
                    continue
                known.add(text)
                analysis = self.analyzer.analyze(text)
                tokens = frozenset(analysis.tokens)
                index = len(self.texts)
                self.texts.append(text)
                self.analyses.append(analysis)
                self.token_sets.append(tokens)
                self.text_claim.append(position)
                self.claim_texts[position].append(index)
                for token in tokens - had:
                    self.df[token] = self.df.get(token, 0) + 1
                had |= tokens
                for token in tokens:
                    self._recent.setdefault(token, []).append(index)
                self._recent_count += len(tokens)
        added = len(self.texts) - first
        if first == 0 or self._recent_count > self.COMPACT_EVERY:
            self._compact()
        else:
            self.claim_weights.extend(
                sum(self.weight(t) for t in ts) or 1.0 for ts in self.token_sets[first:]
            )
        return added

    def discard(self, claim_id: int) -> None:
        """Stop matching a deleted claim."""
        position = self.position_of.get(claim_id)
        if position is not None:
            self.dead.update(self.claim_texts[position])

    def _compact(self) -> None:
        """Merge recent postings into the arrays and refresh weights for the new size."""
        for token, items in self._recent.items():
            fresh = np.asarray(items, dtype=np.int32)
            base = self.postings.get(token)
            self.postings[token] = fresh if base is None else np.concatenate([base, fresh])
        self._recent = {}
        self._recent_count = 0
        self.idf = {t: _idf(self.size, n) for t, n in self.df.items()}
        self.claim_weights = [sum(self.weight(t) for t in ts) or 1.0 for ts in self.token_sets]

    def weight(self, token: str) -> float:
        found = self.idf.get(token)
        if found is None:
            count = self.df.get(token, 0)
            found = _idf(self.size, count)
            if count:
                self.idf[token] = found
        return found

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        min_score: float | None = None,
        cosines: Cosines | None = None,
        nearby: Callable[[], list[int]] | None = None,
    ) -> SearchResult:
        """Rank the lexical candidates; with `cosines`, fuse in semantic similarity.

        `cosines(text_indices)` returns the cosine between the query and each candidate text
        (NaN where a text has no vector); `nearby()` may add the texts closest in meaning.
        Fusion re-ranks and can lift a paraphrase over the threshold, but a candidate refused
        by a rule stays refused.
        """
        threshold = MATCH_THRESHOLD if min_score is None else min_score
        analysis = self.analyzer.analyze(query)
        result = SearchResult(query=analysis)
        if not analysis.tokens or not self.texts:
            return result
        query_tokens = frozenset(analysis.tokens)
        w_query = sum(self.weight(t) for t in query_tokens) or 1.0
        candidates = self._candidates(query_tokens)
        if nearby is not None and candidates:
            # Paraphrases that share too few words to be among the lexical candidates.
            known = set(candidates)
            candidates += [i for i in nearby() if i not in known and i not in self.dead]
        scored = [self._score(analysis, query_tokens, w_query, i) for i in candidates]
        if cosines is not None and candidates:
            scored = fuse(scored, cosines(candidates))
        best: dict[int, Match] = {}
        rejected: dict[int, Nearest] = {}
        refused: dict[int, int] = {}
        for text_index, (score, rank) in zip(candidates, scored, strict=True):
            position = int(self.text_claim[text_index])
            claim = self.analyses[text_index]
            reason = self._rule(analysis, claim)
            if not reason and self._unsupported(analysis, claim):
                # Kept below any threshold people use, yet listed with --min-score 0.
                score, rank = score * UNSUPPORTED, rank * UNSUPPORTED
            claim_id, key = self.claim_ids[position], self.keys[position]
            if reason:
                previous = rejected.get(position)
                if previous is None or score > previous.score:
                    rejected[position] = Nearest(
                        claim_id, key, round(score, 1), reason, self.texts[text_index]
                    )
                    refused[position] = text_index
                continue
            negated = analysis.negated_near(self.token_sets[text_index])
            polarity = "denies" if negated != claim.negated else "affirms"
            if position not in best or rank > best[position].rank:
                best[position] = Match(
                    claim_id, key, round(score, 1), polarity, self.texts[text_index], rank
                )
        ranked, copy_of = self._copies_together(best)
        shown = [m for m in ranked if m.score >= threshold]
        result.matches = shown[:limit]
        lead = copy_of[shown[0].claim_id] if shown else None
        other = next((m for m in shown[1:] if copy_of[m.claim_id] != lead), None)
        result.ambiguous = (
            other is not None
            and abs(shown[0].score - other.score) < AMBIGUOUS_POINTS
            and other.rank > 0.9 * shown[0].rank
        )
        if not shown:
            for position, near in rejected.items():
                closeness, place = _name_closeness(analysis, self.analyses[refused[position]])
                rejected[position] = replace(near, closeness=closeness, query_place=place)
            nearest = sorted(
                [*rejected.values(), *(_as_nearest(m) for m in ranked[:1])],
                key=lambda n: -(n.score + 40 * n.closeness),
            )
            result.nearest = nearest[0] if nearest else None
        return result

    def _candidates(self, query_tokens: frozenset[str]) -> list[int]:
        """Texts sharing weighted words with the query, best first, at most CANDIDATES."""
        scores = np.zeros(len(self.texts), dtype=np.float32)
        for token in query_tokens:
            weight = self.weight(token)
            posting = self.postings.get(token)
            if posting is not None:
                scores[posting] += weight
            recent = self._recent.get(token)
            if recent:
                scores[recent] += weight
        if self.dead:
            scores[list(self.dead)] = 0.0
        hits = np.flatnonzero(scores)
        if len(hits) > CANDIDATES:
            top = np.argpartition(-scores[hits], CANDIDATES)[:CANDIDATES]
            hits = hits[top]
        return hits[np.argsort(-scores[hits], kind="stable")].tolist()

    def _score(
        self, query: Analysis, query_tokens: frozenset[str], w_query: float, text_index: int
    ) -> tuple[float, float]:
        """(score 0-100 shown to people, rank key for ordering candidates).

        The score blends how much of the claim the query covers with how much of the query
        the claim explains, the latter capped so a long post that contains a whole claim
        still scores high. The rank key favours claims sharing more rare words, as BM25 does.
        """
        claim_tokens = self.token_sets[text_index]
        w_shared = sum(self.weight(t) for t in query_tokens & claim_tokens)
        w_claim = self.claim_weights[text_index]
        claim_cover = w_shared / w_claim
        query_cover = w_shared / min(w_query, 1.5 * w_claim)
        score = 100 * (0.65 * claim_cover + 0.35 * min(1.0, query_cover))
        rank = w_shared * math.sqrt(claim_cover)
        events_q, events_c = query.events, self.analyses[text_index].events
        if events_q and events_c and not events_q & events_c:
            score *= 0.75
            rank *= 0.75
        return min(100.0, score), rank

    def _copies_together(self, best: dict[int, Match]) -> tuple[list[Match], dict[int, int]]:
        """Matches best first; claims stored twice in the same words rank as one, oldest first.
        Also returns, for each claim id, the id of the oldest copy among the candidates.

        Claim bases collect copies of one claim that differ only in quotes, case or
        punctuation (two fact-checkers, two imports). Scored apart, their order would follow
        noise such as a quote mark the model reads; together they take the best copy's score
        and the first stored (lowest id) leads, so the answer is stable and the oldest record
        of the claim comes first.
        """
        groups: dict[str, list[int]] = {}
        for position in best:
            groups.setdefault(self._wording(position), []).append(position)
        copy_of: dict[int, int] = {}
        for members in groups.values():
            oldest = min(best[p].claim_id for p in members)
            copy_of.update((best[p].claim_id, oldest) for p in members)
            if len(members) > 1:
                top = max((best[p] for p in members), key=lambda m: (m.rank, m.score))
                for p in members:
                    best[p] = replace(best[p], score=top.score, rank=top.rank)
        ranked = sorted(best.values(), key=lambda m: (-m.rank, copy_of[m.claim_id], m.claim_id))
        return ranked, copy_of

    def _wording(self, position: int) -> str:
        """A claim's own text reduced to its case-folded words."""
        return " ".join(_WORDING.findall(self.texts[self.claim_texts[position][0]].casefold()))

    def _rule(self, query: Analysis, claim: Analysis) -> str | None:
        """The hard rules; a reason when the claim is about something else.

        A short query must name no place the claim does not; in a long post, every place
        the claim names must be in the post (a post names many places, a claim few).
        """
        if query.long:
            if claim.places and not all(
                any(ids & other for other in query.places) for ids in claim.places
            ):
                return "a different place"
        else:
            for ids in query.places:
                if not any(ids & other for other in claim.places):
                    return "a different place"
            if query.regions - self._regions_of(claim):
                return "a different region"
        if query.actors and claim.actors and not query.actors & claim.actors:
            return "a different actor"
        for name in query.names:
            similar = any(
                fuzz.ratio(name, other, processor=None) >= 75 for other in claim.place_names
            )
            if similar and variant_key(name) not in self.name_keys(claim):
                return "a different place"
        return None

    def _unsupported(self, query: Analysis, claim: Analysis) -> bool:
        """The text does not state the claim: it names none of the claim's places, or, in a
        post, never says the claim's event, place and actor in one sentence."""
        if (claim.places or claim.regions) and not self._names_a_place_of(query, claim):
            return True
        return query.long and not _said_together(query, claim)

    def _names_a_place_of(self, query: Analysis, claim: Analysis) -> bool:
        """A claim about a place is only confirmed by a text that names that place (a short
        question may name its region instead; for a claim about a whole region, the region
        or a town in it)."""
        if claim.places:
            if any(ids & other for ids in claim.places for other in query.places):
                return True
            # "villages in Dnipropetrovsk region" asks about the claims on its villages.
            return not query.long and bool(query.regions & self._regions_of(claim))
        return bool(claim.regions & self._regions_of(query))

    def _regions_of(self, text: Analysis) -> set[str]:
        """The regions a text names, and those of the towns it names."""
        regions = set(text.regions)
        for ids in text.places:
            regions.update(r for i in ids if (r := _region_of(self.analyzer.gazetteer, i)))
        return regions

    def name_keys(self, claim: Analysis) -> frozenset[str]:
        key = id(claim)
        found = self._name_keys.get(key)
        if found is None:
            found = frozenset(
                {variant_key(n) for n in claim.names}
                | {variant_key(t) for t in claim.tokens if t.isalpha()}
                | {variant_key(n) for n in claim.place_names}
            )
            self._name_keys[key] = found
        return found


def fuse(scored: list[tuple[float, float]], cosines: np.ndarray) -> list[tuple[float, float]]:
    """Semantic fusion, per query: rank by SEMANTIC_WEIGHT·z(cosine of the whole text)
    + SENTENCE_WEIGHT·z(best cosine of one of its sentences) + z(lexical rank).

    `cosines` is one row (the whole text) or two (the whole text, then its best sentence): a
    post that states a claim in one sentence among others is close to the claim there, not
    as a whole. Weights were chosen on the CLEF 2020 train split (see bench/clef.py).

    Both spreads have a floor (COSINE_SPREAD, RANK_SPREAD × the mean rank), so that in a small
    claim base two candidates a hair apart are not pulled to ±1 standard deviation. The shown
    score only rises: it moves SEMANTIC_SHARE of the way from the lexical score towards the
    whole text's cosine mapped onto 0-100 (COSINE_FLOOR → 0, COSINE_FULL → 100), so a
    paraphrase sharing few words can be shown, while a match the model cannot read (a
    transliterated place name, an old Soviet name) keeps its lexical score. Texts without a
    vector (NaN) keep theirs too.
    """
    rows = np.atleast_2d(np.asarray(cosines, dtype=np.float64))
    cos, best_part = rows[0], rows[-1]
    known = ~np.isnan(cos)
    if not known.any():
        return scored
    ranks = np.array([rank for _, rank in scored], dtype=np.float64)
    z_rank = (ranks - ranks.mean()) / max(ranks.std(), RANK_SPREAD * abs(ranks.mean()), 1e-6)
    fused_rank = z_rank + SEMANTIC_WEIGHT * _z_cosine(cos, known)
    fused_rank += SENTENCE_WEIGHT * _z_cosine(best_part, known)
    out = []
    for (score, _), c, k, r in zip(scored, cos, known, fused_rank, strict=True):
        if k:
            semantic = 100 * min(1.0, max(0.0, (c - COSINE_FLOOR) / (COSINE_FULL - COSINE_FLOOR)))
            score += SEMANTIC_SHARE * max(0.0, semantic - score)
        out.append((float(score), float(r)))
    return out


def _z_cosine(cos: np.ndarray, known: np.ndarray) -> np.ndarray:
    filled = np.where(known, cos, cos[known].mean())
    return (filled - filled.mean()) / max(filled.std(), COSINE_SPREAD)


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
