"""Long posts: when a text is long enough to be checked sentence by sentence, and which of
its sentences are worth checking."""

from __future__ import annotations

from store.match.posts import LONG_POST_CHARS, claim_sentences, is_long_post

SUMMARY = (
    "Evening summary from our correspondents on the southern and eastern fronts. "
    "Russia took the village of Zaporizke, local officials told reporters this afternoon. "
    "What do you think will happen next? "
    "In the east, Russia took Krasnoarmeysk after weeks of street fighting. "
    "In the east,  russia took Krasnoarmeysk after weeks of street fighting. "
    "Thanks for reading."
)


def test_a_post_is_long_when_it_has_many_characters_and_several_sentences() -> None:
    assert len(SUMMARY) > LONG_POST_CHARS and is_long_post(SUMMARY)
    assert not is_long_post("Russia took Zaporizke. It did.")
    assert not is_long_post("word " * 100)  # long, but one sentence


def test_the_sentences_worth_checking_in_order_without_repeats() -> None:
    # Not the filler, the question, the repeat (spaced differently) or the sign-off.
    assert claim_sentences(SUMMARY) == [
        "Russia took the village of Zaporizke, local officials told reporters this afternoon.",
        "In the east, Russia took Krasnoarmeysk after weeks of street fighting.",
    ]
    assert claim_sentences(SUMMARY, limit=1) == [claim_sentences(SUMMARY)[0]]
