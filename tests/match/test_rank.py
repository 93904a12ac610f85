"""The arithmetic of ranking: scores on one scale, copies of one claim together, fusion with
the sentence model, and when two readings are too close to choose."""

from __future__ import annotations

import numpy as np

from store.match.analyze import Analysis
from store.match.rank import Match, ambiguous, copies_together, fuse, score, wording

PLAIN = Analysis(tokens=("bridge", "reopen"))


def test_a_claim_the_query_covers_whole_scores_full_marks() -> None:
    points, rank = score(PLAIN, PLAIN, shared=4.0, query_weight=4.0, claim_weight=4.0)
    assert points == 100.0 and rank == 4.0
    half, _ = score(PLAIN, PLAIN, shared=2.0, query_weight=4.0, claim_weight=4.0)
    assert half == 50.0


def test_a_long_post_containing_a_whole_claim_still_scores_high() -> None:
    points, _ = score(PLAIN, PLAIN, shared=4.0, query_weight=40.0, claim_weight=4.0)
    assert points > 85  # uncapped, the post's other words would pull it under 70


def test_another_event_in_the_same_words_scores_lower() -> None:
    captured = Analysis(tokens=("~capture", "@kupiansk"))
    struck = Analysis(tokens=("~strike", "@kupiansk"))
    same, _ = score(captured, captured, shared=2.0, query_weight=2.0, claim_weight=2.0)
    other, _ = score(captured, struck, shared=2.0, query_weight=2.0, claim_weight=2.0)
    assert other == 0.75 * same


def test_copies_in_the_same_words_rank_together_oldest_first() -> None:
    texts = {0: 'The bridge will "reopen".', 1: "A dam was destroyed", 2: "the bridge will REOPEN"}
    best = {
        0: Match(10, "first", 70.0, "affirms", texts[0], rank=1.0),
        1: Match(11, "other", 75.0, "affirms", texts[1], rank=2.0),
        2: Match(12, "copy", 80.0, "affirms", texts[2], rank=3.0),
    }
    ranked, copy_of = copies_together(best, lambda position: wording(texts[position]))
    assert [m.key for m in ranked] == ["first", "copy", "other"]
    assert ranked[0].score == ranked[1].score == 80.0
    assert copy_of == {10: 10, 11: 11, 12: 10}


def test_two_claims_a_hair_apart_are_ambiguous_but_copies_are_not() -> None:
    first = Match(1, "a", 80.0, "affirms", "a", rank=2.0)
    close = Match(2, "b", 78.5, "affirms", "b", rank=1.9)
    far = Match(3, "c", 70.0, "affirms", "c", rank=1.0)
    assert ambiguous([first, close], {1: 1, 2: 2})
    assert not ambiguous([first, close], {1: 1, 2: 1})  # a copy of the first
    assert not ambiguous([first, far], {1: 1, 3: 3})
    assert not ambiguous([], {})


def test_the_best_sentence_lifts_the_claim_a_post_states_in_passing() -> None:
    """Two candidates tie lexically and as whole texts; one is close to a sentence of the post."""
    scored = [(50.0, 1.0), (50.0, 1.0), (20.0, 0.5)]
    whole = np.array([0.50, 0.50, 0.30])
    best_sentence = np.array([0.55, 0.80, 0.30])
    fused = fuse(scored, np.stack([whole, best_sentence]))
    assert fused[1][1] > fused[0][1] > fused[2][1]
    # The shown score follows the whole text only, so a stray sentence cannot lift it alone.
    assert fused[0][0] == fused[1][0]
