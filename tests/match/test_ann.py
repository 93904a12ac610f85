"""The approximate index over the vector matrix: it finds what a full scan finds, never a row
without a vector, and rows added after it was built."""

from __future__ import annotations

import numpy as np
import pytest

from store.match import ann
from store.match.ann import GROWTH, VectorIndex, exact_nearest, recall

DIM = 384


def clustered(rows: int, centres: int = 60, seed: int = 1) -> np.ndarray:
    """Unit float16 rows scattered around a few centres, like texts about a few events."""
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centres, DIM))
    middle /= np.linalg.norm(middle, axis=1, keepdims=True)
    vectors = middle[rng.integers(centres, size=rows)] + 0.06 * rng.standard_normal((rows, DIM))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float16)


def near(row: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    query = row.astype(np.float32) + 0.05 * rng.standard_normal(DIM)
    return query / np.linalg.norm(query)


@pytest.mark.parametrize("shortlist", [100_000, 300])
def test_finds_most_of_the_true_nearest_twenty(shortlist: int) -> None:
    """Exactly ranked over the probed lists, or over a shortlist chosen by sketches."""
    matrix = clustered(6000)
    known = np.ones(len(matrix), dtype=bool)
    index = VectorIndex.build(matrix, known, len(matrix), lists=64)
    queries = [near(matrix[i], i) for i in range(0, 6000, 150)]
    shares = [
        recall(
            index.search(matrix, known, q, 20, probe=8, shortlist=shortlist),
            exact_nearest(matrix, known, q, 20),
        )
        for q in queries
    ]
    assert np.mean(shares) >= 0.9
    assert len(index.candidates(queries[0], 8)) < len(matrix) / 4  # it did not scan them all


def test_rows_without_a_vector_are_never_returned() -> None:
    matrix = clustered(5000)
    known = np.random.default_rng(2).random(len(matrix)) < 0.6
    index = VectorIndex.build(matrix, known, len(matrix), lists=32)
    for i in range(0, 5000, 250):
        found = index.search(matrix, known, matrix[i].astype(np.float32), 50)
        assert found and known[found].all()
    assert index.count == known.sum()


def test_rows_appended_or_filled_after_the_build_are_found() -> None:
    matrix = clustered(6000)
    known = np.ones(len(matrix), dtype=bool)
    known[100:200] = False  # still to be backfilled
    index = VectorIndex.build(matrix[:5000], known[:5000], 5000, lists=32)
    grown = matrix.copy()  # the caller reallocates its matrix as it grows
    index.add(grown, known, range(5000, 6000))
    index.add(grown, known, range(100, 200))  # the backfill only now has them
    assert 150 not in index.search(grown, known, grown[150].astype(np.float32), 5)
    known[100:200] = True
    index.add(grown, known, range(100, 200))
    for row in (150, 5500, 5999):
        assert index.search(grown, known, grown[row].astype(np.float32), 5)[0] == row
    assert index.count == 6000


def test_a_rewritten_row_is_found_by_its_new_vector() -> None:
    matrix = clustered(5000)
    known = np.ones(len(matrix), dtype=bool)
    index = VectorIndex.build(matrix, known, len(matrix), lists=32)
    stays = next(int(r) for r in np.flatnonzero(index.assigned == index.assigned[7]) if r != 7)
    matrix[7] = matrix[4000]
    index.add(matrix, known, [7, stays])  # the batch also re-reads a row that did not change
    assert 7 in index.search(matrix, known, matrix[4000].astype(np.float32), 2, probe=1)
    assert index.search(matrix, known, matrix[stays].astype(np.float32), 1, probe=1) == [stays]
    assert index.count == 5000


def test_an_empty_index_finds_nothing_then_finds_what_is_added() -> None:
    matrix = np.zeros((0, DIM), dtype=np.float16)
    index = VectorIndex.build(matrix, np.zeros(0, dtype=bool), 0)
    query = np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)
    assert index.search(matrix, np.zeros(0, dtype=bool), query, 20) == []
    rows, known = clustered(30), np.ones(30, dtype=bool)
    index.add(rows, known, range(30))
    assert index.search(rows, known, rows[3].astype(np.float32), 1) == [3]


def test_asking_for_more_than_there_is_returns_every_known_row_best_first() -> None:
    rows = clustered(10)
    known = np.ones(10, dtype=bool)
    known[4] = False
    index = VectorIndex.build(rows, known, 10)
    query = rows[2].astype(np.float32)
    found = index.search(rows, known, query, 50)
    assert sorted(found) == [0, 1, 2, 3, 5, 6, 7, 8, 9]
    assert found == exact_nearest(rows, known, query, 50)


def test_asks_for_a_retrain_once_the_base_has_outgrown_its_centroids(monkeypatch) -> None:
    monkeypatch.setattr(ann, "FLAT_LIMIT", 500)
    matrix = clustered(500 * (GROWTH + 1) + 10)
    known = np.ones(len(matrix), dtype=bool)
    index = VectorIndex.build(matrix, known, 500, lists=8)
    assert index.centroids is not None and not index.wants_retrain
    index.add(matrix, known, range(500, GROWTH * 500))
    assert not index.wants_retrain
    index.add(matrix, known, range(GROWTH * 500, len(matrix)))
    assert index.wants_retrain
    small = VectorIndex.build(matrix, known, 100)  # too few to train: one list, scanned
    assert small.centroids is None and not small.wants_retrain
    small.add(matrix, known, range(100, 501))
    assert small.wants_retrain


def test_rows_past_the_arrays_a_search_is_handed_are_left_out() -> None:
    """A search that took the caller's arrays just before they grew sees only their rows."""
    matrix = clustered(5000)
    known = np.ones(len(matrix), dtype=bool)
    index = VectorIndex.build(matrix, known, len(matrix), lists=16)
    found = index.search(matrix[:4000], known[:4000], matrix[4500].astype(np.float32), 20)
    assert found and max(found) < 4000
