"""A long post carries several claims: which posts are long, and which sentences to check.

Matching a whole 1,000-character post against one claim drowns every claim in the other
sentences' words, so a long post is split into sentences and the check-worthy ones are
checked one by one.
"""

from __future__ import annotations

from store.match.text import split_sentences
from store.match.worthy import check_worthy

LONG_POST_CHARS = 280
MAX_SENTENCES = 12


def is_long_post(text: str) -> bool:
    return len(text) > LONG_POST_CHARS and len(split_sentences(text)) >= 2


def claim_sentences(text: str, limit: int = MAX_SENTENCES) -> list[str]:
    """The sentences worth checking, in order, without repeats, at most `limit`."""
    seen: set[str] = set()
    kept: list[str] = []
    for sentence in split_sentences(text):
        folded = " ".join(sentence.lower().split())
        if folded in seen or not check_worthy(sentence):
            continue
        seen.add(folded)
        kept.append(sentence)
        if len(kept) == limit:
            break
    return kept
