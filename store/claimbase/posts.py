"""A long post carries several claims: check each sentence that states a fact.

Matching a whole 1,000-character post against one claim drowns every claim in the other
sentences' words, so a long post is split into sentences, the check-worthy ones are checked
one by one, and their best matches are merged into one answer (one entry per claim). When no
sentence matches on its own, the whole text is checked as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from store.claimbase.answer import Answer, MatchAnswer
from store.match.posts import claim_sentences, is_long_post


@dataclass(frozen=True)
class PostCheck:
    answer: Answer
    by_sentence: bool  # True when the matches come from single sentences
    sentences_checked: int = 0


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


def check_post(check: Callable[[str], Answer], text: str, *, limit: int = 5) -> PostCheck:
    """Check a post: sentence by sentence when it is long, else (or on no match) as a whole."""
    if is_long_post(text):
        sentences = claim_sentences(text)
        if sentences:
            merged = merge_answers(text, [check(s) for s in sentences], limit=limit)
            if merged.matches:
                return PostCheck(merged, by_sentence=True, sentences_checked=len(sentences))
    return PostCheck(check(text), by_sentence=False)
