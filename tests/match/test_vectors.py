"""The vector matrix beside the index, without a model or a database: rows taken in from
whatever stores them, cosines, the nearest texts, and what a post is embedded as."""

from __future__ import annotations

import threading

import numpy as np

import store.match.ann as ann_module
import store.match.vectors as vectors_module
from store.match.analyze import Analyzer
from store.match.ann import VectorIndex
from store.match.index import MatchIndex
from store.match.rank import E5, MINILM, rescale
from store.match.vectors import (
    BOUNDED_PARTS,
    DIM,
    WHOLE_TOKENS,
    QueryCache,
    Semantic,
    TextVectors,
    bounded_query_texts,
    everything,
    from_bytes,
    query_texts,
    semantic_search,
    text_hash,
    to_bytes,
)
from store.repo import IndexEntry

TEXTS = ["grain deal extended", "bridge closed", "dam destroyed", "Росія захопила"]


def small_index(gazetteer, texts: list[str] = TEXTS) -> MatchIndex:
    entries = [IndexEntry(n, f"c{n}", (t,)) for n, t in enumerate(texts)]
    return MatchIndex(entries, Analyzer(gazetteer))


def unit(i: int) -> np.ndarray:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[i] = 1.0
    return vector


def test_the_nearest_texts_follow_writes_and_skip_texts_without_vectors(gazetteer) -> None:
    index = small_index(gazetteer)
    rows = np.eye(4, DIM, dtype=np.float32)
    known = np.array([True, True, False, False])
    table = TextVectors.from_rows(index, rows, known)
    query = unit(2)
    assert 2 not in table.nearest(query, 2)  # no vector yet: never proposed
    table.set_rows([2], query[None, :])
    assert table.nearest(query, 1) == [2]  # the write is seen by the next scan


def test_stored_rows_are_taken_in_for_english_texts_only(gazetteer) -> None:
    index = small_index(gazetteer)
    table = TextVectors(index)
    asked: list[list[int] | None] = []

    def stored(claim_ids: list[int] | None):
        asked.append(claim_ids)
        yield (0, text_hash(TEXTS[0]), to_bytes(unit(0)))
        yield (1, text_hash("an edited text"), to_bytes(unit(1)))  # stale: another text
        yield (3, text_hash(TEXTS[3]), to_bytes(unit(3)))  # Ukrainian: no vector wanted

    assert table.behind
    assert table.extend(stored) == 2  # "bridge closed" and "dam destroyed" still lack one
    assert asked == [None]  # the first call reads every stored row
    assert not table.behind and table.count == 1
    cosines = table.cosines(unit(0), [0, 1, 3])
    assert cosines[0] == 1.0 and np.isnan(cosines[1]) and np.isnan(cosines[2])
    assert [(p, claim) for p, claim, _ in table.missing()] == [(1, 1), (2, 2)]

    index.add([IndexEntry(7, "c7", ("power plant hit",))])
    assert table.behind
    assert table.extend(stored) == 3
    assert asked[-1] == [7]  # later calls read only the new texts' claims


def test_vectors_are_stored_as_float16_bytes() -> None:
    vector = np.linspace(-1, 1, DIM, dtype=np.float32)
    data = to_bytes(vector)
    assert len(data) == 2 * DIM
    np.testing.assert_allclose(from_bytes(data), vector, atol=1e-3)


def test_without_vectors_the_search_is_the_lexical_one(gazetteer) -> None:
    index = small_index(gazetteer)
    table = TextVectors(index)
    plain = index.search("grain deal", min_score=0)

    def embed(texts):
        raise AssertionError("nothing to compare with: the query is not embedded")

    for vectors in (None, table):
        found = semantic_search(index, "grain deal", vectors=vectors, embed=embed, min_score=0)
        assert found.matches == plain.matches


def test_a_post_is_embedded_whole_and_by_sentence() -> None:
    post = (
        "Please share this widely. Officials now say the dam at Kakhovka was blown up overnight!"
        "\nStay safe everyone — Kherson News (@khersonnews) June 6, 2023"
    )
    texts = query_texts(post)
    assert texts[0] == post
    assert texts[1:] == [
        "Please share this widely.",
        "Officials now say the dam at Kakhovka was blown up overnight!",
        "Stay safe everyone",
        "Kherson News (@khersonnews) June 6, 2023",
    ]
    # One sentence, or pieces too short to say anything: only the whole.
    assert query_texts("Russia took Zaporizke.") == ["Russia took Zaporizke."]
    assert query_texts("Zaporizke taken. Wow.") == ["Zaporizke taken. Wow."]


def test_a_multilingual_model_wants_a_vector_for_every_text(gazetteer) -> None:
    index = small_index(gazetteer)
    table = TextVectors(index, everything)
    assert table.extend(lambda claim_ids: iter(())) == len(TEXTS)
    assert [claim for _, claim, _ in table.missing()] == [0, 1, 2, 3]
    assert table.english[: table.size].tolist() == [True, True, True, False]


def test_a_cyrillic_query_is_fused_with_the_multilingual_vectors_only(gazetteer) -> None:
    texts = ["Росія захопила Запорізьке", "Russia captured Zaporizke", "grain deal extended"]
    index = small_index(gazetteer, texts)
    table = TextVectors.from_rows(index, np.eye(3, DIM, dtype=np.float32), np.ones(3, bool))
    english = TextVectors(index)
    asked: list[list[str]] = []

    def embed_e5(batch):
        asked.append(list(batch))
        return np.stack([unit(0) + unit(1)] * len(batch)) / np.sqrt(2)

    def embed_minilm(batch):
        raise AssertionError("MiniLM does not read Ukrainian")

    multilingual = Semantic(table, embed_e5, scale=E5, cross_language=0.04)
    found = semantic_search(
        index,
        "Росія захопила Запорізьке",
        vectors=english,
        embed=embed_minilm,
        multilingual=multilingual,
        min_score=0,
    )
    assert asked == [["Росія захопила Запорізьке"]]
    assert {m.key for m in found.matches} >= {"c0", "c1"}


def test_a_russian_retelling_sharing_no_word_is_still_compared_by_meaning(gazetteer) -> None:
    index = small_index(gazetteer, ["grain deal extended", "bridge closed"])
    table = TextVectors.from_rows(index, np.eye(2, DIM, dtype=np.float32), np.ones(2, bool))
    asked: list[list[str]] = []

    def embed_e5(batch):
        asked.append(list(batch))
        return np.stack([unit(1)] * len(batch))

    multilingual = Semantic(table, embed_e5, scale=E5)
    found = semantic_search(
        index, "Мост перекрыли", vectors=None, embed=None, multilingual=multilingual, min_score=0
    )
    assert asked == [["Мост перекрыли"]]
    assert [m.key for m in found.matches][:1] == ["c1"]
    # Found by meaning alone, it is listed below the threshold, never shown as a match.
    assert found.matches[0].score < 60


def test_an_english_query_sharing_no_word_is_not_embedded(gazetteer) -> None:
    index = small_index(gazetteer, ["grain deal extended", "bridge closed"])
    table = TextVectors.from_rows(index, np.eye(2, DIM, dtype=np.float32), np.ones(2, bool))

    def embed(batch):
        raise AssertionError("nothing to re-rank")

    found = semantic_search(index, "Ferry cancelled", vectors=table, embed=embed, min_score=0)
    assert found.matches == []


def test_a_post_checked_twice_is_embedded_once() -> None:
    calls: list[tuple[str, ...]] = []

    def embed(batch):
        calls.append(tuple(batch))
        return np.stack([unit(len(calls))] * len(batch))

    cache = QueryCache(embed, size=2)
    first = cache(["Мост перекрыли"])
    assert cache(["Мост перекрыли"]) is first
    cache(["a"]), cache(["b"])  # the oldest goes when the cache is full
    cache(["Мост перекрыли"])
    assert calls == [("Мост перекрыли",), ("a",), ("b",), ("Мост перекрыли",)]


def test_a_long_post_is_embedded_within_a_bounded_number_of_pieces() -> None:
    post = " ".join(f"Sentence number {n} says something new." for n in range(12))
    texts = bounded_query_texts(post, lambda text, tokens: " ".join(text.split()[:tokens]))
    assert len(texts) == 1 + BOUNDED_PARTS
    assert texts[0].split() == post.split()[:WHOLE_TOKENS]


def test_a_short_check_of_two_sentences_is_embedded_whole_only() -> None:
    words = lambda text, tokens: " ".join(text.split()[:tokens])  # noqa: E731
    check = "Мост закрыт на ремонт. Движение перекрыто до утра."
    assert bounded_query_texts(check, words) == [check]


def test_e5_cosines_are_read_on_minilm_scale() -> None:
    mapped = rescale(np.array([E5.floor, E5.full]), E5)
    np.testing.assert_allclose(mapped, [MINILM.floor, MINILM.full])


def indexed_table(gazetteer, monkeypatch, known: list[bool]) -> TextVectors:
    """A table past the (lowered) index threshold that is never scanned: every nearby text
    comes from the approximate index."""
    monkeypatch.setattr(vectors_module, "INDEX_LIMIT", 2)
    monkeypatch.setattr(vectors_module, "SCAN_LIMIT", 0)
    index = small_index(gazetteer, ["grain deal extended", "bridge closed", "dam destroyed"])
    return TextVectors.from_rows(index, np.eye(3, DIM, dtype=np.float32), np.array(known))


def test_a_large_base_finds_its_nearest_texts_through_the_index(gazetteer, monkeypatch) -> None:
    table = indexed_table(gazetteer, monkeypatch, [True, True, False])
    assert table.nearest(unit(1), 1) == []  # the first use starts the build; nothing yet
    assert table.wait_for_index(10) and table.ann is not None
    assert table.nearest(unit(1), 1) == [1]
    assert 2 not in table.nearest(unit(2), 3)  # "dam destroyed" has no vector: never proposed
    assert table._scan is None  # no float32 copy of the base was made

    table.set_rows([2], unit(2)[None, :])  # filled by the backfill after the build
    assert table.nearest(unit(2), 1) == [2]
    table.index.add([IndexEntry(7, "c7", ("power plant hit",))])
    table.extend(lambda claim_ids: iter([(7, text_hash("power plant hit"), to_bytes(unit(5)))]))
    assert table.nearest(unit(5), 1) == [3]  # a claim added after the build


def test_a_check_during_the_build_does_not_wait_for_it(gazetteer, monkeypatch) -> None:
    release, started = threading.Event(), threading.Event()

    class SlowIndex(VectorIndex):
        @classmethod
        def build(cls, matrix, known, size, **kwargs) -> VectorIndex:
            started.set()
            release.wait(10)
            return super().build(matrix, known, size, **kwargs)

    monkeypatch.setattr(vectors_module, "VectorIndex", SlowIndex)
    table = indexed_table(gazetteer, monkeypatch, [True, False, False])
    assert table.nearest(unit(0), 1) == []  # answered while the build is held
    assert started.wait(10) and not release.is_set() and not table.wait_for_index(0)
    table.set_rows([1], unit(1)[None, :])  # written during the build: added when it swaps in
    release.set()
    assert table.wait_for_index(10)
    assert table.nearest(unit(0), 1) == [0] and table.nearest(unit(1), 1) == [1]


def test_a_base_within_the_scan_limit_is_scanned_while_the_index_is_built(
    gazetteer, monkeypatch
) -> None:
    monkeypatch.setattr(vectors_module, "INDEX_LIMIT", 2)
    index = small_index(gazetteer, ["grain deal extended", "bridge closed", "dam destroyed"])
    table = TextVectors.from_rows(index, np.eye(3, DIM, dtype=np.float32), np.ones(3, bool))
    assert table.nearest(unit(2), 1) == [2]  # the scan, the build starting beside it
    assert table.wait_for_index(10) and table._scan is None  # the copy freed on the swap
    assert table.nearest(unit(2), 1) == [2]


def test_an_outgrown_index_is_rebuilt_in_the_background_and_swapped(gazetteer, monkeypatch) -> None:
    monkeypatch.setattr(ann_module, "FLAT_LIMIT", 3)  # fewer known rows: one flat list
    monkeypatch.setattr(vectors_module, "INDEX_LIMIT", 2)
    monkeypatch.setattr(vectors_module, "SCAN_LIMIT", 0)
    words = ["grain deal", "bridge closed", "dam destroyed", "plant hit", "port shut"]
    index = small_index(gazetteer, words)
    known = np.array([True, True, False, False, False])
    table = TextVectors.from_rows(index, np.eye(5, DIM, dtype=np.float32), known)
    table.nearest(unit(0), 1)
    assert table.wait_for_index(10)
    first = table.ann
    assert first is not None and first.centroids is None and not first.wants_retrain
    table.set_rows([2, 3], np.eye(5, DIM, dtype=np.float32)[2:4])  # 4 rows: past FLAT_LIMIT
    assert first.wants_retrain
    assert table.nearest(unit(3), 1) == [3]  # the old index answers while the new one builds
    assert table.wait_for_index(10)
    assert table.ann is not first and table.ann.centroids is not None
    assert table.nearest(unit(3), 1) == [3] and table.nearest(unit(4), 1) != [4]


def ahead_search(gazetteer, embed) -> tuple[MatchIndex, Semantic]:
    index = small_index(gazetteer, ["Мост через реку перекрыт", "grain deal extended"])
    table = TextVectors.from_rows(index, np.eye(2, DIM, dtype=np.float32), np.ones(2, bool))
    return index, Semantic(table, embed, scale=E5, ahead=True)


def test_a_cyrillic_query_is_embedded_in_the_worker_while_the_lexical_search_runs(
    gazetteer,
) -> None:
    threads: list[str] = []

    def embed(batch):
        threads.append(threading.current_thread().name)
        return np.stack([unit(0)] * len(batch))

    index, multilingual = ahead_search(gazetteer, embed)
    found = semantic_search(
        index, "Мост перекрыли", vectors=None, embed=None, multilingual=multilingual, min_score=0
    )
    assert [m.key for m in found.matches][:1] == ["c0"]
    assert len(threads) == 1 and threads[0].startswith("query vectors")


def test_while_the_worker_is_busy_a_check_embeds_in_its_own_thread(gazetteer) -> None:
    release, running = threading.Event(), threading.Event()

    def hold() -> np.ndarray:
        running.set()
        release.wait(30)
        return np.zeros((1, DIM), dtype=np.float32)

    threads: list[str] = []

    def embed(batch):
        threads.append(threading.current_thread().name)
        return np.stack([unit(0)] * len(batch))

    held = vectors_module.AHEAD.submit(hold)
    assert held is not None and running.wait(30)
    try:
        index, multilingual = ahead_search(gazetteer, embed)
        found = semantic_search(
            index,
            "Мост перекрыли",
            vectors=None,
            embed=None,
            multilingual=multilingual,
            min_score=0,
        )
        assert threads == [threading.current_thread().name]  # no wait behind the busy worker
        assert [m.key for m in found.matches][:1] == ["c0"]
    finally:
        release.set()
        held.result(30)


def test_the_rules_frames_are_read_before_the_query_vector_is_waited_for(gazetteer) -> None:
    index = small_index(gazetteer, ["Росія захопила Запорізьке", "grain deal extended"])
    read_before: list[bool] = []

    def nearby() -> list[int]:
        read_before.append(0 in index._frames)
        return []

    index.search("Росія захопила Запорізьке", nearby=nearby, min_score=0)
    assert read_before == [True]
