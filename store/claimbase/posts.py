"""A long post carries several claims: which texts are long posts, and which of their
sentences state a fact worth checking (`store.claimbase.check` checks them one by one)."""

from __future__ import annotations

from store.ingest.attribute import check_worthy, split_sentences

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
