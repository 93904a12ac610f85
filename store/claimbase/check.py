"""The one check: a private message, /check, a mention, an autocheck forward, inline mode and
`sourcecheck check` all go through `check`, so they match alike, with the same threshold, and
every check asked in Telegram feeds the check log.

A long post carries several claims. Matching a whole 1,000-character post against one claim
drowns every claim in the other sentences' words, so a long post is split into sentences, the
check-worthy ones are checked one by one, and their best matches are merged into one answer (one
entry per claim). When no sentence matches on its own, the whole text is checked as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from store import repo
from store.claimbase.answer import Answer, MatchAnswer, TimeGap
from store.claimbase.base import ClaimBase
from store.claimbase.events import related_claims
from store.claimbase.sightings import ChannelPost, SightingView, record_sighting, sightings_of
from store.db import session_scope
from store.match.analyze import EVENT_CONCEPTS, Analysis
from store.match.frame import NAMESAKE_DAYS
from store.match.index import Match
from store.match.posts import claim_sentences, is_long_post
from store.match.rules import TALLY_WORDS


@dataclass(frozen=True)
class Checked:
    answer: Answer
    sightings: list[SightingView] = field(default_factory=list)
    by_sentence: bool = False  # the matches come from single sentences of a long post


def check(
    claim_base: ClaimBase,
    text: str,
    *,
    limit: int = 5,
    min_score: float | None = None,
    logged: bool = True,
    chat_id: int | None = None,
    post: ChannelPost | None = None,
    posted: dt.date | None = None,
    with_sightings: bool = True,
) -> Checked:
    """Check `text`; blocking, so the bot runs it in a worker thread.

    `logged` adds the check to the check log (every check asked in Telegram; the command line
    is the newsroom's own tooling and is not counted). `post` is the public channel post the
    text was forwarded from, recorded as a sighting of the best claim; `with_sightings` reads
    the other channels seen carrying that claim. Both in one short transaction. `posted` is
    the day the forwarded text was first posted (the channel post's own date when not given):
    claims whose time fits it are preferred, and the answer notes a claim months away from it.
    """
    if posted is None and post is not None and post.posted_at is not None:
        posted = post.posted_at.date()
    answer, by_sentence = _match(claim_base, text, limit=limit, min_score=min_score, posted=posted)
    if posted is not None:
        answer = fit_time(answer, posted)
        index = claim_base.index()
        answer = other_times_apart(
            answer, posted, lambda m: index.analysis_of(m.claim.id, m.match.text)
        )
    best = answer.matches[0].claim.id if answer.matches else None
    if answer.matches:
        answer.related = related_claims(claim_base, answer.matches[0].claim)
    if logged:
        claim_base.check_log.add(chat_id=chat_id, query=text, claim_id=best)
    seen: list[SightingView] = []
    wants_sightings = with_sightings and best is not None
    if post is not None or wants_sightings:
        with session_scope(claim_base.engine) as session:
            if post is not None:
                record_sighting(session=session, post=post, claim_id=best)
            if wants_sightings and best is not None:
                seen = sightings_of(session=session, claim_id=best, exclude=post)
    return Checked(answer, seen, by_sentence)


def _match(
    claim_base: ClaimBase,
    text: str,
    *,
    limit: int,
    min_score: float | None,
    posted: dt.date | None = None,
) -> tuple[Answer, bool]:
    """The answer, and whether it was merged from single sentences."""
    if is_long_post(text):
        sentences = claim_sentences(text)
        if sentences:
            # Only each sentence's best match is merged: fetch no more than that, or, for a
            # post of a known day, the few a claim of its time may be put first among.
            fetch = 1 if posted is None else SENTENCE_CHOICES
            answers = [
                claim_base.check(s, limit=fetch, min_score=min_score, posted=posted)
                for s in sentences
            ]
            if posted is not None:
                answers = [fit_time(a, posted) for a in answers]
            merged = merge_answers(text, answers, limit=limit)
            if merged.matches:
                return merged, True
    return claim_base.check(text, limit=limit, min_score=min_score, posted=posted), False


def merge_answers(query: str, answers: list[Answer], limit: int = 5) -> Answer:
    """Each sentence's best match, one per claim (its best score), best first."""
    best: dict[int, tuple[MatchAnswer, int]] = {}
    for position, answer in enumerate(answers):
        if not answer.matches:
            continue
        top = answer.matches[0]
        known = best.get(top.claim.id)
        if known is None or top.match.score > known[0].match.score:
            best[top.claim.id] = (top, known[1] if known else position)
    ordered = sorted(best.values(), key=lambda item: (-item[0].match.score, item[1]))
    return Answer(query=query, matches=[item[0] for item in ordered[:limit]])


# A claim "fits" a post when its evidence is within a month of it; a claim whose nearest
# evidence is more than two months away is noted in the answer. A fitting claim is put first
# over one that does not fit when its match score is at most TIME_MARGIN lower.
FITS_DAYS = 31
SENTENCE_CHOICES = 3  # matches of each sentence of a dated post its time may reorder
AWAY_DAYS = 62
TIME_MARGIN = 10.0


def fit_time(answer: Answer, posted: dt.date) -> Answer:
    """Prefer, among near-equal matches, the claims whose evidence is close to the post's date
    (the nearest first), and note when the best claim's nearest evidence is months away."""
    if not answer.matches:
        return answer
    top = answer.matches[0].match.score

    def rank(item: tuple[int, MatchAnswer]) -> tuple[int, int, int]:
        # Of two fitting claims the nearer in time first: "Ильинка" taken on 20 November and
        # again on 1 December are two villages of the name, and a post of 1 December is
        # about the second.
        position, match = item
        days = match.days_from(posted)
        close = match.match.score >= top - TIME_MARGIN and days is not None and days <= FITS_DAYS
        return (0, days, position) if close and days is not None else (1, 0, position)

    ordered = [m for _, m in sorted(enumerate(answer.matches), key=rank)]
    return replace(answer, matches=ordered, time_gap=time_gap_of(ordered[0], posted))


# What a claim tells happened, for telling look-alike claims apart.
_DEEDS = EVENT_CONCEPTS | frozenset(TALLY_WORDS.values())


def other_times_apart(
    answer: Answer, posted: dt.date, analysis_of: Callable[[MatchAnswer], Analysis]
) -> Answer:
    """Leave out, below a first claim of the post's time, a claim of the same deed at the
    same place (or a tally of no place) whose evidence is more than NAMESAKE_DAYS from the
    post: it tells another event alike, such as the capture of another village of the name
    eleven days apart, or another night's tally of drones, as ingest stores them apart."""
    if len(answer.matches) < 2:
        return answer
    top = answer.matches[0]
    days = top.days_from(posted)
    if days is None or days > NAMESAKE_DAYS:
        return answer
    first = analysis_of(top)

    def another_time(match: MatchAnswer) -> bool:
        apart = match.days_from(posted)
        if apart is None or apart <= NAMESAKE_DAYS:
            return False
        other = analysis_of(match)
        if not _DEEDS & set(first.tokens) & set(other.tokens):
            return False
        if not first.places and not other.places:
            return True
        return any(a & b for a in first.places for b in other.places)

    kept = [top, *(m for m in answer.matches[1:] if not another_time(m))]
    return replace(answer, matches=kept) if len(kept) < len(answer.matches) else answer


def time_gap_of(match: MatchAnswer, posted: dt.date | None) -> TimeGap | None:
    """The note for a claim whose nearest dated evidence is months away from the post."""
    if posted is None:
        return None
    nearest = match.nearest_date(posted)
    if nearest is None or abs((nearest - posted).days) <= AWAY_DAYS:
        return None
    return TimeGap(nearest, posted)


@dataclass(frozen=True)
class Ranked:
    """A matching claim as an answer remembers it (its buttons carry this)."""

    claim_id: int
    polarity: str
    score: int


def recall(
    claim_base: ClaimBase, ranked: Sequence[Ranked], *, shown: int, post: ChannelPost | None
) -> Checked:
    """An answer again, from what its buttons remember: the claims that still exist, in rank
    order, as they matched then, with the sightings of the `shown` claim (never `post` itself).
    Nothing is logged: it is the same question asked once."""
    with Session(claim_base.engine) as session:
        views = repo.claim_views(session=session, claim_ids=[r.claim_id for r in ranked])
        seen = sightings_of(session=session, claim_id=shown, exclude=post)
    matches = []
    for item in ranked:
        view = views.get(item.claim_id)
        if view is not None:
            match = Match(item.claim_id, view.key, float(item.score), item.polarity, view.text)
            matches.append(MatchAnswer(match, view))
    return Checked(Answer(query="", matches=matches), seen)
