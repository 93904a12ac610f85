"""The texts nearest in meaning without scanning every vector: an inverted-file index over
the caller's float16 matrix.

A full scan of a million 384-dimension rows costs tens of milliseconds and a float32 copy of
1.5 GB (numpy multiplies float16 without BLAS). Here the rows are grouped around centroids
learnt by k-means on a sample; a search scores the centroids, takes the rows of the `probe`
nearest lists, widens only those rows to float32 and ranks them exactly. The index keeps no
copy of the vectors, only one int32 per row for its lists and one for its assignments, and
the centroids: about 10 MB at a million rows. A library (faiss, usearch, hnswlib) would hold
a second copy of every vector, as float32 or float16, beside the matrix the caller already
has (bench/ann.py measures both).

The matrix and the `known` mask are passed to every call rather than kept: the caller
reallocates its matrix as it grows, and a kept reference would go stale.

Thread safety: one writer at a time. `add` must run under the caller's write lock (the one
that also guards growing and filling the matrix); `search` needs no lock. `add` never
mutates an array a search may be reading: it builds each changed list anew and swaps it in
with one reference assignment, so a concurrent search sees a list either before or after
the batch, and scores only rows it reads from the matrix it was handed.
"""

from __future__ import annotations

import numpy as np

ROWS_PER_LIST = 512  # a list's mean length: a probe reads about this many rows
MAX_LISTS = 4096
PROBE = 64  # lists whose rows are compared by sketch per search
SHORTLIST = 1024  # rows with the nearest sketches, then ranked exactly
SAMPLE_PER_LIST = 32  # training rows per centroid
ROUNDS = 8  # k-means rounds on the sample
GROWTH = 4  # retrain once the base has grown this much since training
FLAT_LIMIT = 4096  # below this many rows, an untrained index scans them all
CHUNK = 16384  # rows widened to float32 at a time while assigning


def dots(rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each row's dot product with the float32 vector, in float32, on this thread.

    Not `rows @ vector`: BLAS hands a matrix-vector product to its worker threads, and on a
    busy machine waiting for them costs a hundred times the arithmetic (0.2 ms becomes 20 ms
    for 8,000 rows measured here under load); einsum also widens float16 rows a buffer at a
    time instead of making a float32 copy of them all.
    """
    return np.einsum("ij,j->i", rows, vector)


def popcount(words: np.ndarray) -> np.ndarray:
    """Set bits of each unsigned integer (numpy 2 has it built in)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(words)
    table = np.array([bin(n).count("1") for n in range(256)], dtype=np.uint8)
    as_bytes = words.view(np.uint8).reshape(*words.shape, words.itemsize)
    return table[as_bytes].sum(axis=-1, dtype=np.uint8)


def sketch(rows: np.ndarray, mean: np.ndarray, rotation: np.ndarray) -> np.ndarray:
    """One bit per dimension of each centred, rotated row, packed in 64-bit words.

    The Hamming distance between two sketches tracks the angle between the rows, so the
    rows of many lists can be compared at 48 bytes each instead of 768, and only a shortlist
    is read from the matrix. The random rotation spreads the variance evenly over the bits.
    """
    words = -(-rotation.shape[1] // 64)
    out = np.empty((len(rows), words), dtype=np.uint64)
    for start in range(0, len(rows), CHUNK):
        block = np.asarray(rows[start : start + CHUNK], dtype=np.float32) - mean
        bits = np.packbits((block @ rotation) > 0, axis=1)
        padded = np.zeros((len(bits), 8 * words), dtype=np.uint8)
        padded[:, : bits.shape[1]] = bits
        out[start : start + len(block)] = padded.view(np.uint64)
    return out


def list_count(size: int) -> int:
    """How many lists for `size` rows: lists of about ROWS_PER_LIST rows, so a search reads
    about PROBE × ROWS_PER_LIST rows whatever the base's size."""
    return max(1, min(MAX_LISTS, round(size / ROWS_PER_LIST)))


def nearest_centroids(centroids: np.ndarray, mean: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The best centroid of each row: largest dot product of the centred row with the unit
    centroid (the row's own length does not change which is best)."""
    out = np.empty(len(rows), dtype=np.int32)
    for start in range(0, len(rows), CHUNK):
        block = np.asarray(rows[start : start + CHUNK], dtype=np.float32) - mean
        out[start : start + len(block)] = np.argmax(block @ centroids.T, axis=1)
    return out


def train(sample: np.ndarray, lists: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means on the centred `sample` rows: (`lists` unit centroids, the mean).

    Sentence vectors share one main direction (unrelated texts still have cosines around 0.7
    with e5); uncentred, the centroids near it score high against every row and every query,
    and their lists swallow a tenth of the base each. Centred, the lists come out even.
    Starts from distinct random rows; a centroid that loses all its rows is moved to a row
    of the largest list, so no list stays empty while another is crowded.
    """
    rng = np.random.default_rng(seed)
    mean = sample.mean(axis=0)
    sample = sample - mean
    sample /= np.maximum(np.linalg.norm(sample, axis=1, keepdims=True), 1e-12)
    zero = np.zeros_like(mean)
    lists = min(lists, len(sample))
    centroids = sample[rng.choice(len(sample), size=lists, replace=False)].copy()
    for _ in range(ROUNDS):
        assign = nearest_centroids(centroids, zero, sample)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, sample)
        counts = np.bincount(assign, minlength=lists)
        for empty in np.flatnonzero(counts == 0):
            crowded = int(np.argmax(counts))
            members = np.flatnonzero(assign == crowded)
            sums[empty] = sample[rng.choice(members)]
            counts[empty], counts[crowded] = 1, counts[crowded] - 1
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centroids = sums / np.maximum(norms, 1e-12)
    return centroids.astype(np.float32), mean.astype(np.float32)


class VectorIndex:
    """Rows grouped by nearest centroid; `search` ranks the rows of the nearest lists.

    Untrained (fewer than FLAT_LIMIT known rows at build, or none), it keeps one list that
    every search scans in full, and asks for a retrain once that list has grown past it.
    """

    def __init__(
        self,
        centroids: np.ndarray | None,
        mean: np.ndarray | None,
        trained_on: int,
        *,
        seed: int = 0,
    ) -> None:
        self.centroids = centroids
        self.mean = mean
        self.rotation: np.ndarray | None = None
        self.codes = np.zeros((0, 1), dtype=np.uint64)  # each row's sketch, once trained
        if centroids is not None:
            gaussian = np.random.default_rng(seed).standard_normal((centroids.shape[1],) * 2)
            self.rotation = np.linalg.qr(gaussian)[0].astype(np.float32)
            self.codes = np.zeros((0, -(-centroids.shape[1] // 64)), dtype=np.uint64)
        self.trained_on = trained_on  # known rows at training time
        self.lists: list[np.ndarray] = [
            np.zeros(0, dtype=np.int32) for _ in range(1 if centroids is None else len(centroids))
        ]
        self.assigned = np.full(0, -1, dtype=np.int32)  # list of each row, -1 if none
        self.count = 0  # rows in the lists

    @classmethod
    def build(
        cls,
        matrix: np.ndarray,
        known: np.ndarray,
        size: int,
        *,
        lists: int | None = None,
        seed: int = 0,
    ) -> VectorIndex:
        """An index of the known rows among the first `size`: centroids learnt on a sample,
        then every known row assigned to its nearest. `lists` overrides `list_count`."""
        positions = np.flatnonzero(known[:size]).astype(np.int32)
        centroids = mean = None
        if len(positions) >= FLAT_LIMIT:
            lists = lists or list_count(len(positions))
            rng = np.random.default_rng(seed)
            take = min(len(positions), lists * SAMPLE_PER_LIST)
            picked = np.sort(rng.choice(positions, size=take, replace=False))
            centroids, mean = train(matrix[picked].astype(np.float32), lists, seed=seed)
        index = cls(centroids, mean, len(positions), seed=seed)
        index.add(matrix, known, positions)
        return index

    @property
    def wants_retrain(self) -> bool:
        """The lists have outgrown the centroids: past GROWTH times the rows they were learnt
        on, lists are long and a probe reads more rows. Rebuild in the background and swap."""
        if self.centroids is None:
            return self.count > FLAT_LIMIT
        return self.count > GROWTH * max(self.trained_on, 1)

    def add(self, matrix: np.ndarray, known: np.ndarray, positions: np.ndarray | list[int]) -> None:
        """Put rows appended or filled since the build into their lists, a batch at a time.

        Unknown rows are skipped; a row already indexed is moved if its vector now belongs
        to another list. Run under the caller's write lock (see the module's docstring).
        """
        rows = np.unique(np.asarray(positions, dtype=np.int32))
        rows = rows[(rows >= 0) & (rows < min(len(known), len(matrix)))]
        rows = rows[known[rows]]
        if not len(rows):
            return
        target = np.zeros(len(rows), dtype=np.int32)
        codes = self.codes
        if self.centroids is not None and self.mean is not None and self.rotation is not None:
            vectors = matrix[rows]
            target = nearest_centroids(self.centroids, self.mean, vectors)
            if len(codes) <= rows[-1]:
                codes = grow(codes, int(rows[-1]) + 1, 0)
            codes[rows] = sketch(vectors, self.mean, self.rotation)
            self.codes = codes  # before the lists: a search reads the lists, then the codes
        assigned = self.assigned
        if len(assigned) <= rows[-1]:
            assigned = grow(assigned, int(rows[-1]) + 1, -1)
        previous = assigned[rows]
        moved = (previous >= 0) & (previous != target)
        fresh = previous < 0
        for old in np.unique(previous[moved]):
            leaving = rows[moved & (previous == old)]
            self.lists[old] = np.setdiff1d(self.lists[old], leaving, assume_unique=True)
        joining = moved | fresh
        order = np.argsort(target[joining], kind="stable")
        joined, targets = rows[joining][order], target[joining][order]
        starts = np.flatnonzero(np.diff(targets, prepend=-1))
        for start, group in zip(starts, np.split(joined, starts[1:]), strict=True):
            found = int(targets[start])
            self.lists[found] = np.concatenate([self.lists[found], group])
        assigned[rows] = target
        self.assigned = assigned
        self.count += int(fresh.sum())

    def candidates(self, query: np.ndarray, probe: int = PROBE) -> np.ndarray:
        """The rows of the `probe` lists whose centroids are nearest the query, sorted."""
        lists = list(self.lists)
        if self.centroids is None or self.mean is None:
            chosen = lists
        else:
            scores = dots(self.centroids, query - self.mean)
            probe = min(probe, len(scores))
            best = np.argpartition(-scores, probe - 1)[:probe]
            chosen = [lists[int(c)] for c in best]
        rows = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int32)
        rows.sort()  # read the matrix in order: fewer cache misses on the gather
        return rows

    def search(
        self,
        matrix: np.ndarray,
        known: np.ndarray,
        query: np.ndarray,
        count: int,
        *,
        probe: int = PROBE,
        shortlist: int = SHORTLIST,
    ) -> list[int]:
        """Row positions of the (about) `count` known rows nearest the query, best first:
        the rows of the `probe` nearest lists, the `shortlist` of them with the nearest
        sketches, ranked exactly on their float16 rows."""
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        rows = self.candidates(vector, probe)
        codes, mean, rotation = self.codes, self.mean, self.rotation
        rows = rows[known[rows]]
        if not len(rows) or count <= 0:
            return []
        shortlist = max(shortlist, count)
        if mean is not None and rotation is not None and len(rows) > shortlist:
            mine = sketch(vector[None], mean, rotation)[0]
            distance = popcount(codes[rows] ^ mine).sum(axis=1, dtype=np.int32)
            rows = np.sort(rows[np.argpartition(distance, shortlist - 1)[:shortlist]])
        scores = dots(matrix[rows], vector)
        count = min(count, len(rows))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [int(r) for r in rows[top]]


def grow(array: np.ndarray, needed: int, fill: int) -> np.ndarray:
    """A longer copy of `array` (by a quarter at least, so batches stay cheap), `fill` past
    its end: the old array stays intact for a search still reading it."""
    grown = np.full(
        (max(needed, len(array) + len(array) // 4), *array.shape[1:]), fill, array.dtype
    )
    grown[: len(array)] = array
    return grown


def exact_nearest(
    matrix: np.ndarray, known: np.ndarray, query: np.ndarray, count: int
) -> list[int]:
    """The true nearest known rows, best first: what the index is measured against."""
    vector = np.asarray(query, dtype=np.float32).reshape(-1)
    rows = np.flatnonzero(known[: len(matrix)])
    if not len(rows) or count <= 0:
        return []
    scores = np.empty(len(rows), dtype=np.float32)
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        scores[start : start + len(part)] = dots(matrix[part], vector)
    count = min(count, len(rows))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [int(r) for r in rows[top]]


def recall(found: list[int], truth: list[int]) -> float:
    """Share of the true nearest that the index returned."""
    return len(set(found) & set(truth)) / len(truth) if truth else 1.0
