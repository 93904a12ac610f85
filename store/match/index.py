"""The index: claim texts and aliases analysed once, an inverted index over their words, and
the search that ranks a query's candidates and applies the rules.

Pure: an index is built from `(claim id, key, texts)` entries and an Analyzer; a search
returns ranked matches and, when nothing matches, the nearest claim and why it was not shown.
What a text says is read in `analyze`, the refusals are in `rules`, the arithmetic in `rank`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from store.match import rules
from store.match.analyze import Analysis, Analyzer, Where, where
from store.match.frame import Frame, read_frame
from store.match.rank import (
    CANDIDATES,
    MATCH_THRESHOLD,
    MINILM,
    UNSUPPORTED,
    Cosines,
    CosineScale,
    Match,
    Nearest,
    SearchResult,
    ambiguous,
    copies_together,
    fuse,
    idf,
    lift,
    nearest,
    score,
    wording,
)


@dataclass(frozen=True)
class Meaning:
    """A second model's cosine between the query and one text (NaN when it has none), on its
    scale: e5's, for an English check against a Ukrainian or Russian claim MiniLM cannot read."""

    cosine: Callable[[int], float]
    scale: CosineScale


class MatchIndex:
    """An inverted index over claim texts and aliases, built once and then extended in place.

    Writes add texts without a rebuild (`add`); a deletion means a new index. The posting
    lists of recent additions are merged into the numpy arrays now and then.
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
        self.postings: dict[str, np.ndarray] = {}
        self._recent: dict[str, list[int]] = {}
        self._recent_count = 0
        self._frames: dict[int, Frame | None] = {}  # by text index, read when first needed
        self.add(entries)

    @property
    def size(self) -> int:
        return len(self.claim_ids)

    def frame(self, text_index: int) -> Frame | None:
        """The frame of a text, read once (search and the claim base's FrameBook share it)."""
        if text_index not in self._frames:
            self._frames[text_index] = read_frame(
                self.texts[text_index], self.analyses[text_index], self.analyzer.gazetteer
            )
        return self._frames[text_index]

    @property
    def unread_frames(self) -> int:
        return len(self.analyses) - len(self._frames)

    def read_frames(self, keep_going: Callable[[], bool] = lambda: True) -> int:
        """Read every text's frame that is not read yet, oldest first; returns how many.

        A check reads the frames of its candidates, and the first read of a text's frame
        (about 0.3 ms, more for a long text) is most of what a check costs beyond its query's
        vector: read ahead, in the background, a check pays for none. Stops early when
        `keep_going()` turns false (the index was replaced). Texts are taken up to the count
        of their analyses, which `add` appends after the text itself.
        """
        done = 0
        position = 0
        while position < len(self.analyses) and keep_going():
            if position not in self._frames:
                self.frame(position)
                done += 1
            position += 1
        return done

    def claim_text(self, claim_id: int) -> str:
        """The claim's own wording (an entry lists it before its aliases)."""
        return self._claim_text(self.position_of[claim_id])

    def analysis_of(self, claim_id: int, text: str) -> Analysis:
        """The reading the index holds of one of a claim's texts (read anew only for a text
        it does not hold)."""
        position = self.position_of.get(claim_id)
        for i in self.claim_texts[position] if position is not None else ():
            if self.texts[i] == text:
                return self.analyses[i]
        return self.analyzer.analyze(text)

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

    def _compact(self) -> None:
        """Merge recent postings into the arrays and refresh weights for the new size."""
        for token, items in self._recent.items():
            fresh = np.asarray(items, dtype=np.int32)
            base = self.postings.get(token)
            self.postings[token] = fresh if base is None else np.concatenate([base, fresh])
        self._recent = {}
        self._recent_count = 0
        self.idf = {t: idf(self.size, n) for t, n in self.df.items()}
        self.claim_weights = [sum(self.weight(t) for t in ts) or 1.0 for ts in self.token_sets]

    def weight(self, token: str) -> float:
        found = self.idf.get(token)
        if found is None:
            count = self.df.get(token, 0)
            found = idf(self.size, count)
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
        scale: CosineScale = MINILM,
        nearby: Callable[[], list[int]] | None = None,
        nearby_alone: bool = False,
        analysis: Analysis | None = None,
        other: Meaning | None = None,
    ) -> SearchResult:
        """Rank the lexical candidates; with `cosines`, fuse in semantic similarity.

        `cosines(text_indices)` returns the cosine between the query and each candidate text
        (NaN where a text has no vector); `nearby()` may add the texts closest in meaning, to the
        lexical candidates or, with `nearby_alone`, also when there are none (a retelling in
        another language may share no word with the claim).
        Fusion re-ranks and can lift a paraphrase over the threshold, but a candidate refused
        by a rule stays refused. `analysis` is the query's, when the caller has read it already.
        A candidate that states the query's event (`rules.same_frame`) is lifted further, by
        the fused model's cosine, or by `other`'s when the fused model cannot read the text.
        """
        threshold = MATCH_THRESHOLD if min_score is None else min_score
        if analysis is None:
            analysis = self.analyzer.analyze(query)
        result = SearchResult(query=analysis)
        if not analysis.tokens or not self.texts:
            return result
        query_tokens = frozenset(analysis.tokens)
        w_query = sum(self.weight(t) for t in query_tokens) or 1.0
        candidates = self._candidates(query_tokens)
        gazetteer = self.analyzer.gazetteer
        query_frame = functools.cache(lambda: read_frame(query, analysis, gazetteer))
        refusal = functools.cache(
            lambda i: rules.reason_to_refuse(analysis, self.analyses[i], gazetteer)
        )
        if nearby is not None and (candidates or nearby_alone):
            # The frames the rules will read, read first: a Cyrillic check's query is being
            # embedded in another thread meanwhile (store.match.vectors.AHEAD).
            for i in candidates:
                if not refusal(i):
                    query_frame()
                    self.frame(i)
            # Paraphrases that share too few words to be among the lexical candidates.
            known = set(candidates)
            candidates += [i for i in nearby() if i not in known]
        scored = [self._score(analysis, query_tokens, w_query, i) for i in candidates]
        whole = np.full(len(candidates), np.nan)
        if cosines is not None and candidates:
            rows = cosines(candidates)
            scored = fuse(scored, rows, scale)
            whole = np.atleast_2d(np.asarray(rows, dtype=np.float64))[0]
        best: dict[int, Match] = {}
        rejected: dict[int, Nearest] = {}
        refused: dict[int, int] = {}
        for text_index, (points, rank), cosine in zip(candidates, scored, whole, strict=True):
            position = int(self.text_claim[text_index])
            claim = self.analyses[text_index]
            reason = refusal(text_index)
            if reason == rules.DIFFERENT_ACTOR and rules.same_deed(
                query_frame(), self.frame(text_index)
            ):
                reason = None  # the side named holds the place the other side claims
            reason = reason or rules.frame_rule(
                query_frame(), self.frame(text_index), analysis, claim
            )
            unlifted, days = None, None
            if not reason:
                lifted, days = self._lifted(
                    points, float(cosine), scale, other, query_frame, text_index
                )
                if days is not None:
                    unlifted, points = points, lifted
            if not reason and rules.unsupported(analysis, claim, gazetteer):
                # Kept below any threshold people use, yet listed with --min-score 0.
                points, rank = points * UNSUPPORTED, rank * UNSUPPORTED
                unlifted = None if unlifted is None else unlifted * UNSUPPORTED
            claim_id, key = self.claim_ids[position], self.keys[position]
            if reason:
                previous = rejected.get(position)
                if previous is None or points > previous.score:
                    rejected[position] = Nearest(
                        claim_id, key, round(points, 1), reason, self.texts[text_index]
                    )
                    refused[position] = text_index
                continue
            if position not in best or rank > best[position].rank:
                best[position] = Match(
                    claim_id,
                    key,
                    round(points, 1),
                    rules.polarity(analysis, claim, query_frame(), self.frame(text_index)),
                    self.texts[text_index],
                    rank,
                    self._where(analysis, claim, position),
                    None if unlifted is None else round(unlifted, 1),
                    None if unlifted is None else days,
                )
        ranked, copy_of = copies_together(best, self._wording)
        shown = [m for m in ranked if m.score >= threshold]
        result.matches = shown[:limit]
        result.ambiguous = ambiguous(shown, copy_of)
        if not shown:
            result.nearest = nearest(
                analysis,
                [(near, self.analyses[refused[p]]) for p, near in rejected.items()],
                ranked,
            )
        return result

    def _lifted(
        self,
        points: float,
        cosine: float,
        scale: CosineScale,
        other: Meaning | None,
        query_frame: Callable[[], Frame | None],
        text_index: int,
    ) -> tuple[float, int | None]:
        """The score lifted for a candidate of the query's event, and for how many days the
        lift holds (None: not lifted). Frames are read before another model is asked, so an
        English check embeds its query for e5 only when a Russian claim of its event is here.
        """
        if not (scale.framed or (other and other.scale.framed)):
            return points, None
        days = rules.same_frame(query_frame(), self.frame(text_index))
        if days is None:
            return points, None
        fused = not math.isnan(cosine)
        if not fused and other is not None:
            cosine, scale = other.cosine(text_index), other.scale
        if math.isnan(cosine) or not scale.framed:
            return points, None
        return lift(points, cosine, scale, fused=fused), days

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
        hits = np.flatnonzero(scores)
        if len(hits) > CANDIDATES:
            top = np.argpartition(-scores[hits], CANDIDATES)[:CANDIDATES]
            hits = hits[top]
        return hits[np.argsort(-scores[hits], kind="stable")].tolist()

    def _score(
        self, query: Analysis, query_tokens: frozenset[str], w_query: float, text_index: int
    ) -> tuple[float, float]:
        tokens, claim = self.token_sets[text_index], self.analyses[text_index]
        shared = sum(self.weight(t) for t in query_tokens & tokens)
        # "X in Y region" asked as "X": the region makes the claim precise, not the query poor.
        precise = rules.precision_regions(query, claim, self.analyzer.gazetteer) & tokens
        if (query.locators or claim.locators) and rules.shares_target(query, claim):
            # "Dalnie south of Kurakhove" asked as "Dalnie", or the other way round: where a
            # place lies is not what either says of it.
            precise |= claim.locator_tokens & tokens - query_tokens
            w_query -= sum(self.weight(t) for t in query.locator_tokens - tokens)
        # A list's other places are other claims', not missing from this one.
        if claim.listed and rules.on_list(claim, query):
            precise |= claim.listed_tokens & tokens - query_tokens
        if query.listed and rules.on_list(query, claim):
            w_query -= sum(self.weight(t) for t in query.listed_tokens - tokens)
        claim_weight = self.claim_weights[text_index] - sum(self.weight(t) for t in precise)
        return score(
            query,
            claim,
            shared=shared,
            query_weight=max(w_query, shared, 1e-6),
            claim_weight=max(claim_weight, shared, 1e-6),
        )

    def _where(self, query: Analysis, claim: Analysis, position: int) -> tuple[Where, ...]:
        """Which same-named place the claim is about: as the matched text says, else as the
        claim's own text says (an alias "Росія захопила Запорізьке" names no oblast)."""
        gazetteer = self.analyzer.gazetteer
        own = self.analyses[self.claim_texts[position][0]]
        return where(query, claim, gazetteer) or where(query, own, gazetteer)

    def _wording(self, position: int) -> str:
        """A claim's own text, as copies of it share it."""
        return wording(self._claim_text(position))

    def _claim_text(self, position: int) -> str:
        return self.texts[self.claim_texts[position][0]]
