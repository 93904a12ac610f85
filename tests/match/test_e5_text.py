"""A long post is clipped for multilingual-e5-small by tokenizing its first words, never its
whole length (no model needed)."""

from __future__ import annotations

from store.match.embed_e5 import _clip


def test_clipping_a_long_post_tokenizes_only_its_first_words() -> None:
    counted: list[int] = []

    def words(text: str) -> int:
        counted.append(len(text.split()))
        return len(text.split())

    post = " ".join(f"w{i}" for i in range(1000))
    assert _clip(post, 10, words) == " ".join(f"w{i}" for i in range(10))
    assert counted[0] == 1000 and max(counted[1:]) <= 10  # the whole once, then short prefixes
    assert _clip(post, 0, words) == "w0"  # never empty
