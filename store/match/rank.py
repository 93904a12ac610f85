"""Ranking: a claim's score, copies of one claim ranked together, fusion with the sentence
model's cosines, the threshold, and the nearest claim shown when nothing matches.

Scores are on one 0-100 scale: how much of the claim's weighted vocabulary the query covers,
blended with how much of the query the claim explains (rare words weigh more, as in BM25).
The tuning constants live here, next to the arithmetic they tune.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz

from store.match.analyze import Analysis, Where

MATCH_THRESHOLD = 60.0
CANDIDATES = 100
AMBIGUOUS_POINTS = 3.0
UNSUPPORTED = 0.5  # score factor for a claim the text does not state (max 50 < 60)
OTHER_EVENT = 0.75  # score factor for a claim about another event than the query's
SEMANTIC_WEIGHT = 3.0
SENTENCE_WEIGHT = 1.5
SEMANTIC_SHARE = 0.5
COSINE_FLOOR = 0.35
COSINE_FULL = 0.85
COSINE_SPREAD = 0.08  # typical per-query spread of candidate cosines on CLEF is 0.13
RANK_SPREAD = 0.3
NEAR_NAME_POINTS = 40  # how much alike names weigh when choosing the nearest claim to show
TOO_FAR = "too far from the query"
_WORDING = re.compile(r"[^\W_]+")

Cosines = Callable[[list[int]], np.ndarray]


@dataclass(frozen=True)
class CosineScale:
    """Where a sentence model's cosines lie (`floor` means unrelated, `full` a restatement),
    and how far its similarity may move the shown score (`share`, of the way towards it)."""

    floor: float
    full: float
    share: float = SEMANTIC_SHARE
    # How far the score may move towards the model's similarity when the query and the claim
    # state the same event as their frames read it (`rules.same_frame`); 0 keeps `share`.
    framed: float = 0.0


# The scale `fuse` was tuned on (all-MiniLM-L6-v2 on CLEF 2020 train).
MINILM = CosineScale(COSINE_FLOOR, COSINE_FULL)
# multilingual-e5-small (4-bit) squeezes every pair of war news into 0.70-0.95: unrelated texts
# sit near 0.75, a retelling in another language near 0.85-0.90. Its cosines are mapped onto
# MiniLM's scale, so the z-scores' spread floor applies unchanged. They tell a retelling from
# another event of the same kind in the same region poorly (a Russian post about one unit's
# defeat in Kursk region was as close to "Ukrainian forces withdrew from Kursk region" as
# "ВС РФ освободили Покровск" to "Russian forces took control of Pokrovsk"), so the shown score
# moves only a quarter of the way towards e5's similarity: a near miss can cross the threshold,
# a weak lexical match cannot. Chosen on the labelled real Russian posts (bench/real_events.py)
# and the war dev set: no wrong answer the lexical path did not give.
# When the two texts state one event as their frames read it (the same action and figure, a
# shared place, no other side), the model only has to tell how much of it they say alike,
# and the score moves FRAMED_SHARE of the way: tuned on the even half of the events of
# bench/same_event.py, measured on the odd half (see the README).
FRAMED_SHARE = 0.6
E5 = CosineScale(0.80, 0.92, share=0.25, framed=FRAMED_SHARE)
# e5 finds two texts in one script about 0.04 closer than the same two across scripts.
E5_CROSS_LANGUAGE = 0.04


def rescale(cosines: np.ndarray, scale: CosineScale) -> np.ndarray:
    """A model's cosines on MiniLM's scale, the one `fuse` was tuned on (an affine map, which
    leaves z-scores as they were, apart from COSINE_SPREAD's floor)."""
    if (scale.floor, scale.full) == (MINILM.floor, MINILM.full):
        return cosines
    stretch = (MINILM.full - MINILM.floor) / (scale.full - scale.floor)
    return MINILM.floor + (np.asarray(cosines) - scale.floor) * stretch


@dataclass(frozen=True)
class Match:
    claim_id: int
    key: str
    score: float
    polarity: str  # "affirms" | "denies"
    text: str  # the claim text or alias that matched best
    rank: float = 0.0  # ordering key among candidates; comparable within one query only
    where: tuple[Where, ...] = ()  # which of several same-named places the claim is about
    # A score that meaning lifted because the frames agree holds only for a claim whose
    # evidence is within `lift_days` of the post (`index` cannot see dates; the claim base
    # can): else the score falls back to `unlifted`.
    unlifted: float | None = None
    lift_days: int | None = None


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


def score(
    query: Analysis,
    claim: Analysis,
    *,
    shared: float,
    query_weight: float,
    claim_weight: float,
) -> tuple[float, float]:
    """(score 0-100 shown to people, rank key for ordering candidates), from the weights of
    the words the two share, of the query's words and of the claim's.

    The score blends how much of the claim the query covers with how much of the query
    the claim explains, the latter capped so a long post that contains a whole claim
    still scores high. The rank key favours claims sharing more rare words, as BM25 does.
    """
    claim_cover = shared / claim_weight
    query_cover = shared / min(query_weight, 1.5 * claim_weight)
    points = 100 * (0.65 * claim_cover + 0.35 * min(1.0, query_cover))
    rank = shared * math.sqrt(claim_cover)
    if query.events and claim.events and not query.events & claim.events:
        points *= OTHER_EVENT
        rank *= OTHER_EVENT
    return min(100.0, points), rank


def idf(total: int, df: int) -> float:
    """BM25's inverse document frequency of a word found in `df` of `total` claims."""
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))


def fuse(
    scored: list[tuple[float, float]], cosines: np.ndarray, scale: CosineScale = MINILM
) -> list[tuple[float, float]]:
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
    vector (NaN) keep theirs too. Another model's cosines are first mapped onto MiniLM's scale
    (`scale`), and its `share` replaces SEMANTIC_SHARE.
    """
    rows = np.atleast_2d(rescale(np.asarray(cosines, dtype=np.float64), scale))
    cos, best_part = rows[0], rows[-1]
    known = ~np.isnan(cos)
    if not known.any():
        return scored
    ranks = np.array([rank for _, rank in scored], dtype=np.float64)
    z_rank = (ranks - ranks.mean()) / max(ranks.std(), RANK_SPREAD * abs(ranks.mean()), 1e-6)
    fused_rank = z_rank + SEMANTIC_WEIGHT * _z_cosine(cos, known)
    fused_rank += SENTENCE_WEIGHT * _z_cosine(best_part, known)
    out = []
    for (points, _), c, k, r in zip(scored, cos, known, fused_rank, strict=True):
        if k:
            points = _towards(points, c, scale.share)
        out.append((float(points), float(r)))
    return out


def lift(points: float, cosine: float, scale: CosineScale, *, fused: bool = True) -> float:
    """A score moved on towards the model's similarity, for a candidate that states the
    query's event: `scale.framed` of the way from the lexical score, where `fuse` moved it
    `scale.share` (`fused`), or none of the way when this model's cosines were not fused (e5's
    for an English check). A NaN cosine, or a scale without `framed`, leaves it as it was."""
    done = scale.share if fused else 0.0
    if math.isnan(cosine) or scale.framed <= done:
        return points
    c = float(rescale(np.array([cosine]), scale)[0])
    # `fuse` left p = lex + share·(sem − lex); moving p on by x·(sem − p) lands at
    # lex + framed·(sem − lex) when x = (framed − share) / (1 − share).
    return _towards(points, c, (scale.framed - done) / (1.0 - done))


def _towards(points: float, cosine: float, share: float) -> float:
    """`share` of the way from `points` up to the cosine (on MiniLM's scale) mapped onto
    0-100; never down."""
    semantic = 100 * min(1.0, max(0.0, (cosine - COSINE_FLOOR) / (COSINE_FULL - COSINE_FLOOR)))
    return points + share * max(0.0, semantic - points)


def _z_cosine(cos: np.ndarray, known: np.ndarray) -> np.ndarray:
    filled = np.where(known, cos, cos[known].mean())
    return (filled - filled.mean()) / max(filled.std(), COSINE_SPREAD)


def wording(text: str) -> str:
    """A text reduced to its case-folded words: copies of one claim share it."""
    return " ".join(_WORDING.findall(text.casefold()))


def copies_together(
    best: dict[int, Match], wording_of: Callable[[int], str]
) -> tuple[list[Match], dict[int, int]]:
    """Matches best first; claims stored twice in the same words rank as one, oldest first.
    Also returns, for each claim id, the id of the oldest copy among the candidates.

    `best` maps a claim's position in the index to its best match, `wording_of` a position to
    the claim's own text as `wording` reduces it. Claim bases collect copies of one claim that
    differ only in quotes, case or punctuation (two fact-checkers, two imports). Scored apart,
    their order would follow noise such as a quote mark the model reads; together they take
    the best copy's score and the first stored (lowest id) leads, so the answer is stable and
    the oldest record of the claim comes first.
    """
    groups: dict[str, list[int]] = {}
    for position in best:
        groups.setdefault(wording_of(position), []).append(position)
    copy_of: dict[int, int] = {}
    for members in groups.values():
        oldest = min(best[p].claim_id for p in members)
        copy_of.update((best[p].claim_id, oldest) for p in members)
        if len(members) > 1:
            top = max((best[p] for p in members), key=lambda m: (m.rank, m.score))
            for p in members:
                best[p] = replace(
                    best[p],
                    score=top.score,
                    rank=top.rank,
                    unlifted=top.unlifted,
                    lift_days=top.lift_days,
                )
    ranked = sorted(best.values(), key=lambda m: (-m.rank, copy_of[m.claim_id], m.claim_id))
    return ranked, copy_of


def ambiguous(shown: list[Match], copy_of: dict[int, int]) -> bool:
    """Two different claims (not copies of one) shown within a few points and ranks of each
    other: the query can be read both ways, and people are asked which they meant."""
    if not shown:
        return False
    lead = copy_of[shown[0].claim_id]
    other = next((m for m in shown[1:] if copy_of[m.claim_id] != lead), None)
    return (
        other is not None
        and abs(shown[0].score - other.score) < AMBIGUOUS_POINTS
        and other.rank > 0.9 * shown[0].rank
    )


def nearest(
    query: Analysis, refused: list[tuple[Nearest, Analysis]], ranked: list[Match]
) -> Nearest | None:
    """The claim to show when none matches: a refused claim whose place name is most like
    the query's (the confusable one), else the best claim below the threshold."""
    closest = []
    for near, claim in refused:
        closeness, place = name_closeness(query, claim)
        closest.append(replace(near, closeness=closeness, query_place=place))
    candidates = sorted(
        [*closest, *(_as_nearest(m) for m in ranked[:1])],
        key=lambda n: -(n.score + NEAR_NAME_POINTS * n.closeness),
    )
    return candidates[0] if candidates else None


def name_closeness(query: Analysis, claim: Analysis) -> tuple[float, str | None]:
    """The most alike pair of names, so the nearest claim shown is the confusable one."""
    best, place = 0.0, None
    for mine in (*query.place_names, *query.names):
        for other in (*claim.place_names, *claim.names):
            ratio = fuzz.ratio(mine, other, processor=None) / 100
            if ratio > best:
                best, place = ratio, mine
    return best, place


def _as_nearest(match: Match) -> Nearest:
    return Nearest(match.claim_id, match.key, match.score, TOO_FAR, match.text)
