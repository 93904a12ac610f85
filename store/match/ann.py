"""The texts nearest in meaning without scanning every vector: an inverted-file index over
the caller's float16 matrix, with a one-bit sketch of each row.

A full scan of a million 384-dimension rows reads a 1.5 GB float32 copy (numpy multiplies
float16 without BLAS) and takes hundreds of milliseconds on a busy two-core machine. Here the
rows are grouped around centroids learnt by k-means on a sample. A search scores the
centroids and takes the rows of the `probe` nearest lists; their sketches (the sign bits of
each row's offset from its list's centre, 48 bytes) estimate their dot products with the
query, and only the `shortlist` most promising rows are read from the matrix, widened to
float32 and ranked exactly. The index keeps no copy of the vectors: per row a list number,
the sketch, two floats, and one int32 in its list, 64 bytes: 70 MB at a million rows.
A library (faiss, usearch, hnswlib) holds a second copy of every vector, float32 or float16,
beside the matrix the caller already has; bench/ann.py measures both ways.

The matrix and the `known` mask are passed to every call rather than kept: the caller
reallocates its matrix as it grows, and a kept reference would go stale.

Use (store/match/vectors.py, one index per model's matrix): `VectorIndex.build` in the
background once the base outgrows a full scan; `add` with the positions that `extend` or
`set_rows` just wrote; `search` in place of the scan; a fresh build, swapped in, once
`wants_retrain` says so. Rows added after the build go to the trained lists meanwhile.

Thread safety: one writer at a time. `add` must run under the caller's write lock (the one
that also guards growing and filling the matrix); `search` needs no lock. `add` never
changes an array a search may be reading: it builds each changed list (rows and sketches
together) anew and swaps it in with one reference assignment, so a concurrent search sees a
list either before or after the batch. A row moving between lists is added to the new one
first, so a search may see it twice (it keeps one) but never miss it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

ROWS_PER_LIST = 512  # a list's mean length: a probe reads about this many rows
MAX_LISTS = 4096
PROBE = 128  # lists whose rows are compared by sketch per search
SHORTLIST = 2048  # rows with the nearest sketches, then ranked exactly
SAMPLE_PER_LIST = 32  # training rows per centroid
ROUNDS = 8  # k-means rounds on the sample
GROWTH = 4  # retrain once the base has grown this much since training
FLAT_LIMIT = 4096  # below this many rows, an untrained index scans them all
CHUNK = 4096  # rows widened to float32 at a time while adding


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


def pack(bits: np.ndarray, words: int) -> np.ndarray:
    """Rows of booleans packed into `words` 64-bit words each."""
    packed = np.packbits(bits, axis=1)
    padded = np.zeros((len(packed), 8 * words), dtype=np.uint8)
    padded[:, : packed.shape[1]] = packed
    return padded.view(np.uint64)


def sketch(residuals: np.ndarray, rotation: np.ndarray) -> np.ndarray:
    """One bit per dimension of each rotated float32 residual, packed in 64-bit words.

    The share of differing bits between two sketches estimates the angle between the
    residuals (a row's offset from its list's centre, the query's from the same centre), so
    the rows of many lists are compared at 48 bytes each instead of 768, and only a
    shortlist is read from the matrix. The random rotation spreads the variance over the bits.
    """
    return pack((residuals @ rotation) > 0, -(-rotation.shape[1] // 64))


@functools.cache
def rotation(dims: int, seed: int) -> np.ndarray:
    """A random orthogonal matrix, made once per process: its QR took 1.5 s on a busy machine.

    Orthogonal, not merely Gaussian directions: with Gaussian ones, a 2,048-row shortlist
    held 0.94 of the true top 20 instead of 0.99 (100k e5-based rows, every list probed).
    """
    gaussian = np.random.default_rng(seed).standard_normal((dims, dims))
    rotated = np.linalg.qr(gaussian)[0].astype(np.float32)
    rotated.flags.writeable = False  # shared by every index built in the process
    return rotated


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


def train(
    sample: np.ndarray, lists: int, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spherical k-means on the centred `sample` rows: (`lists` unit centroids that assign
    rows, the mean, each list's centre: the mean of its rows, which residuals are taken from).

    Sentence vectors share one main direction (unrelated texts still have cosines around 0.7
    with e5); uncentred, the centroids near it score high against every row and every query,
    and their lists swallow a tenth of the base each. Centred, the lists come out even.
    Starts from distinct random rows; a centroid that loses all its rows is moved to a row
    of the largest list, so no list stays empty while another is crowded.
    """
    rng = np.random.default_rng(seed)
    mean = sample.mean(axis=0)
    rows = sample
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
    assign = nearest_centroids(centroids, zero, sample)
    centres = np.zeros_like(centroids)
    np.add.at(centres, assign, rows)
    counts = np.bincount(assign, minlength=lists)[:, None]
    centres = np.where(counts > 0, centres / np.maximum(counts, 1), mean + centroids)
    return centroids.astype(np.float32), mean.astype(np.float32), centres.astype(np.float32)


class Bucket(NamedTuple):
    """One list: its rows, and per row the sketch of its residual, the residual's length and
    the row's dot product with the list's centre. Stored together so that a search gathers
    them with a few block copies, and swapped as one, so a search never sees them disagree."""

    rows: np.ndarray  # int32 positions in the matrix
    codes: np.ndarray  # uint64 words, one row each
    lengths: np.ndarray  # float32 |row - centre|
    offsets: np.ndarray  # float32 row · centre

    @classmethod
    def empty(cls, words: int) -> Bucket:
        return cls(
            np.zeros(0, dtype=np.int32),
            np.zeros((0, words), dtype=np.uint64),
            np.zeros(0, dtype=np.float32),
            np.zeros(0, dtype=np.float32),
        )

    def pick(self, keep: np.ndarray) -> Bucket:
        return Bucket(*(part[keep] for part in self))


def joined(buckets: Sequence[Bucket]) -> Bucket:
    return Bucket(*(np.concatenate(parts) for parts in zip(*buckets, strict=True)))


class VectorIndex:
    """Rows grouped by nearest centroid; `search` ranks the rows of the nearest lists.

    Untrained (fewer than FLAT_LIMIT known rows at build, or none), it keeps one list that
    every search ranks in full, and asks for a retrain once that list has grown past it.
    Trained, it keeps per row: its list, and in the list the row's sketch (48 bytes), its
    residual's length and its dot product with the centre: 64 bytes a row.
    """

    def __init__(
        self,
        trained: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
        on: int,
        *,
        seed: int = 0,
    ) -> None:
        self.centroids: np.ndarray | None = None
        self.mean = self.centres = self.rotation = self.turned = self.squares = None
        self.words, lists = 0, 1
        if trained is not None:
            self.centroids, self.mean, self.centres = trained
            dims, lists = self.centroids.shape[1], len(self.centroids)
            self.rotation = rotation(dims, seed)
            self.turned = self.centres @ self.rotation  # a query's sketch: one subtraction
            self.squares = np.einsum("ij,ij->i", self.centres, self.centres)
            self.words = -(-dims // 64)
        self.trained_on = on  # known rows at training time
        self.buckets = [Bucket.empty(self.words) for _ in range(lists)]
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
        trained = None
        if len(positions) >= FLAT_LIMIT:
            lists = lists or list_count(len(positions))
            rng = np.random.default_rng(seed)
            take = min(len(positions), lists * SAMPLE_PER_LIST)
            picked = np.sort(rng.choice(positions, size=take, replace=False))
            trained = train(matrix[picked].astype(np.float32), lists, seed=seed)
        index = cls(trained, len(positions), seed=seed)
        index.add(matrix, known, positions)
        return index

    @property
    def wants_retrain(self) -> bool:
        """The lists have outgrown the centroids: past GROWTH times the rows they were learnt
        on, lists are long and a probe reads more rows. Rebuild in the background and swap."""
        if self.centroids is None:
            return self.count > FLAT_LIMIT
        return self.count > GROWTH * max(self.trained_on, 1)

    def describe(self, matrix: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, Bucket]:
        """Each row's list and its entry there, a chunk of rows widened at a time."""
        target = np.zeros(len(rows), dtype=np.int32)
        if self.centroids is None:
            nothing = np.zeros(len(rows), dtype=np.float32)
            return target, Bucket(rows, np.zeros((len(rows), 0), dtype=np.uint64), nothing, nothing)
        parts = []
        for start in range(0, len(rows), CHUNK):
            part = rows[start : start + CHUNK]
            vectors = matrix[part].astype(np.float32)
            chosen = nearest_centroids(self.centroids, self.mean, vectors)
            residuals = vectors - self.centres[chosen]
            lengths = np.linalg.norm(residuals, axis=1)
            offsets = np.einsum("ij,ij->i", vectors, self.centres[chosen])
            parts.append(Bucket(part, sketch(residuals, self.rotation), lengths, offsets))
            target[start : start + len(part)] = chosen
        return target, joined(parts)

    def add(self, matrix: np.ndarray, known: np.ndarray, positions: np.ndarray | list[int]) -> None:
        """Put rows appended or filled since the build into their lists, a batch at a time.

        Unknown rows are skipped; a row given again is re-read (its vector may have been
        rewritten) and moved if it now belongs to another list: a search running meanwhile
        may see it in both, and keeps one. Run under the caller's write lock (see the
        module's docstring).
        """
        rows = np.unique(np.asarray(positions, dtype=np.int32))
        rows = rows[(rows >= 0) & (rows < min(len(known), len(matrix)))]
        rows = rows[known[rows]]
        if not len(rows):
            return
        target, entries = self.describe(matrix, rows)
        assigned = self.assigned
        if len(assigned) <= rows[-1]:
            assigned = grow(assigned, int(rows[-1]) + 1, -1)
        previous = assigned[rows]
        order = np.argsort(target, kind="stable")
        starts = np.flatnonzero(np.diff(target[order], prepend=-1))
        for start, group in zip(starts, np.split(order, starts[1:]), strict=True):
            found = int(target[order[start]])
            bucket = self.buckets[found]
            bucket = bucket.pick(~np.isin(bucket.rows, rows[group]))
            self.buckets[found] = joined([bucket, entries.pick(group)])
        moved = (previous >= 0) & (previous != target)
        for old in np.unique(previous[moved]):
            bucket = self.buckets[old]
            leaving = rows[moved & (previous == old)]
            self.buckets[old] = bucket.pick(~np.isin(bucket.rows, leaving))
        assigned[rows] = target
        self.assigned = assigned
        self.count += int(np.count_nonzero(previous < 0))

    def probed(self, query: np.ndarray, probe: int = PROBE) -> tuple[np.ndarray, list[Bucket]]:
        """The `probe` lists whose centroids are nearest the query (just the one when
        untrained), and their buckets."""
        buckets = list(self.buckets)
        best = np.zeros(1, dtype=np.intp)
        if self.centroids is not None:
            scores = dots(self.centroids, query - self.mean)
            probe = min(probe, len(scores))
            best = np.argpartition(-scores, probe - 1)[:probe]
        return best, [buckets[int(c)] for c in best]

    def candidates(self, query: np.ndarray, probe: int = PROBE) -> np.ndarray:
        """The rows a search with this `probe` looks at."""
        chosen = self.probed(np.asarray(query, dtype=np.float32), probe)[1]
        return np.concatenate([bucket.rows for bucket in chosen])

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
        the rows of the `probe` nearest lists, the `shortlist` of them whose sketches
        promise the highest dot products, ranked exactly on their float16 rows."""
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        lists, chosen = self.probed(vector, probe)
        rows = np.concatenate([bucket.rows for bucket in chosen])
        if count <= 0 or not len(rows):
            return []
        inside = rows < min(len(known), len(matrix))  # arrays handed in older than the index
        usable = np.zeros(len(rows), dtype=bool)
        usable[inside] = known[rows[inside]]
        shortlist = max(shortlist, count)
        if self.centroids is not None and len(rows) > shortlist:
            estimate = self.estimate(vector, lists, chosen)
            estimate[~usable] = -np.inf
            best = np.argpartition(-estimate, shortlist - 1)[:shortlist]
            rows, usable = rows[best], usable[best]
        rows = np.unique(rows[usable])  # sorted for the gather; once, if a move showed it twice
        if not len(rows):
            return []
        scores = dots(matrix[rows], vector)
        count = min(count, len(rows))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [int(r) for r in rows[top]]

    def estimate(self, vector: np.ndarray, lists: np.ndarray, chosen: list[Bucket]) -> np.ndarray:
        """Each row's dot product with the query, from its sketch: with c the row's list
        centre, q·x = (q−c)·(x−c) + q·c + x·c − c·c, and the first term is the lengths of
        the two residuals times the cosine of the angle their sketches' Hamming distance
        estimates."""
        entries = joined(chosen)
        slot = np.repeat(np.arange(len(lists)), [len(bucket.rows) for bucket in chosen])
        turned = np.einsum("j,jk->k", vector, self.rotation) - self.turned[lists]
        mine = pack(turned > 0, self.words)
        differing = popcount(entries.codes ^ mine[slot]).sum(axis=1, dtype=np.int32)
        bits = self.rotation.shape[1]
        cosine = np.cos(np.arange(bits + 1) * (np.pi / bits)).astype(np.float32)
        near = dots(self.centres[lists], vector)
        squares = self.squares[lists]
        length = np.sqrt(np.maximum(vector @ vector - 2 * near + squares, 0))
        term = length[slot] * entries.lengths * cosine[differing]
        return term + (near - squares)[slot] + entries.offsets


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
