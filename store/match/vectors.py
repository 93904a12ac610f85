"""Sentence vectors beside the match index: the in-memory matrix, cosines, the nearest
texts in meaning, and the search that fuses them with the lexical ranking.

Two models, one matrix each, aligned with the MatchIndex's text order and kept as float16; a
check embeds only the query and takes one dot product per candidate. all-MiniLM-L6-v2 reads
English: English texts get a vector, English checks are fused over them as before.
multilingual-e5-small reads Ukrainian, Russian and English: every text gets a vector, and a
Ukrainian or Russian check is fused over all of them, so a Russian post finds the English claim
it retells. Where the vectors are stored is not this module's business: `TextVectors.extend`
takes them from a callable.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from store.match.ann import VectorIndex
from store.match.index import MatchIndex, Meaning
from store.match.rank import MINILM, CosineScale, SearchResult
from store.match.text import WORD, clean, split_sentences
from store.match.translit import detect_lang

DIM = 384
MAX_PARTS = 8  # sentences of a long post embedded beside the whole, at most
PART_WORDS = 3  # shorter pieces (a sign-off, a link) say nothing to compare
NEARBY = 20  # texts closest in meaning added to the lexical candidates
# Past INDEX_LIMIT texts `nearest` searches an approximate index (store/match/ann.py) instead
# of scanning: bench/ann.py measured the scan at p95 65-89 ms and a 293 MB float32 copy for
# 200k rows, about 0.4 ms per thousand, against the index's p95 16 ms and 14 MB; the scan
# costs what the index does near 40-50k rows, and below that it is exact and its copy small.
INDEX_LIMIT = 50_000
# While the index is first built (about a minute at a million rows, in the background) a base
# of at most SCAN_LIMIT texts is still scanned as before; a larger one gets no candidates by
# meaning meanwhile, rather than a 1.5 GB float32 copy.
SCAN_LIMIT = 200_000
# multilingual-e5-small costs about 2 ms a token on one core: a long post is read by its first
# WHOLE_TOKENS tokens and its first BOUNDED_PARTS sentences: 128 tokens, about 0.2 s of CPU.
WHOLE_TOKENS = 64
PART_TOKENS = 32
BOUNDED_PARTS = 2
SHORT_TOKENS = 40  # a check this short is embedded whole only, even with two sentences

log = logging.getLogger(__name__)

Stored = Callable[[list[int] | None], Iterable[tuple[int, str, bytes]]]


def text_hash(text: str) -> str:
    """The key a text's vector is stored under: an edited text simply has no vector yet."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_english(text: str) -> bool:
    """The model only knows English: Cyrillic texts keep the lexical path."""
    return detect_lang(text) == "en"


def query_texts(text: str) -> list[str]:
    """The text to embed for a check: the whole, then each sentence when there are several.

    A post often states its claim in one sentence among others (an appeal, a sign-off), and
    one vector of the whole dilutes it; the best sentence's cosine is fused beside the whole's.
    """
    sentences = split_sentences(text, careful=False, dashes=True)
    parts = [p for p in sentences if len(WORD.findall(p)) >= PART_WORDS]
    if len(parts) < 2:
        return [text]
    return [text, *parts[:MAX_PARTS]]


def bounded_query_texts(text: str, clip: Callable[[str, int], str]) -> list[str]:
    """`query_texts` for a model whose cost grows with the length: the whole and at most
    BOUNDED_PARTS sentences, each clipped (`clip(text, max_tokens)`) to whole words; a check
    of at most SHORT_TOKENS tokens is embedded whole only."""
    texts = query_texts(text)
    if len(texts) > 1 and clip(text, SHORT_TOKENS) == text:
        return [text]  # a short check is read whole: its sentences would double its cost
    parts = [clip(part, PART_TOKENS) for part in texts[1 : 1 + BOUNDED_PARTS]]
    return [clip(texts[0], WHOLE_TOKENS), *parts]


class QueryCache:
    """The vectors of the last few queries: a post forwarded by several people in a burst is
    embedded once. Keyed by the texts embedded; bounded (least recently used goes first)."""

    def __init__(self, embed: Callable[[Sequence[str]], np.ndarray], size: int = 64) -> None:
        self.embed = embed
        self._cached = functools.lru_cache(maxsize=size)(self._embed)

    def _embed(self, texts: tuple[str, ...]) -> np.ndarray:
        found = np.asarray(self.embed(list(texts)))
        found.flags.writeable = False  # shared between checks
        return found

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(tuple(texts))


class _Ahead:
    """One worker thread that embeds a query while the check's own thread does the lexical
    search: the model runs in C without the GIL, so on two cores a check waits for the longer
    of the two instead of their sum. A single worker, so a burst of checks never runs more
    than one model ahead: while it is busy a check embeds in its own thread, as it would
    without it. Made on first use; its thread is joined when the interpreter exits."""

    def __init__(self) -> None:
        self._free = threading.Semaphore(1)
        self._pool: ThreadPoolExecutor | None = None
        self._making = threading.Lock()

    def submit(self, work: Callable[[], np.ndarray]) -> Future[np.ndarray] | None:
        """`work()` started in the worker, or None when the worker is busy."""
        if not self._free.acquire(blocking=False):
            return None
        try:
            with self._making:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(1, thread_name_prefix="query vectors")
            future = self._pool.submit(work)
        except RuntimeError:  # the interpreter is shutting down: embed in the caller
            self._free.release()
            return None
        future.add_done_callback(lambda _: self._free.release())
        return future


AHEAD = _Ahead()


def everything(text: str) -> bool:
    """A multilingual model gives every text a vector."""
    return True


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)


class TextVectors:
    """Vectors aligned with one MatchIndex's texts, growing with it as texts are added.

    Rows are float16, as stored: a million texts take 770 MB instead of 1.5 GB, and only the
    hundred candidate rows of a check are widened to float32 for the dot products.
    Rows without a vector are zero and marked unknown; their cosine is NaN. Growth and row
    updates happen under the claim base's lock; `cosines` reads a consistent prefix without it.
    """

    def __init__(self, index: MatchIndex, accepts: Callable[[str], bool] = is_english) -> None:
        self.index = index
        self.accepts = accepts  # which texts the model gives a vector
        self.size = 0
        self.matrix = np.zeros((0, DIM), dtype=np.float16)
        self.version = 0  # bumped on every write, so the scan copy knows it is stale
        self._scan: tuple[int, np.ndarray] | None = None
        self.known = np.zeros(0, dtype=bool)
        self.english = np.zeros(0, dtype=bool)
        self.wanted = np.zeros(0, dtype=bool)  # the model gives this text a vector
        # The approximate index past INDEX_LIMIT: built, and rebuilt, by a background thread.
        # `_writing` guards adding to it and swapping it in: `extend` and `set_rows` take it
        # inside the claim base's lock, the builder thread on its own; a check never takes it.
        self.ann: VectorIndex | None = None
        self._writing = threading.Lock()
        self._starting = threading.Lock()  # held only to start one builder at a time
        self._builder: threading.Thread | None = None
        self._pending: list[np.ndarray] | None = None  # rows written while a build runs
        self._failed = False

    @classmethod
    def from_rows(
        cls,
        index: MatchIndex,
        matrix: np.ndarray,
        known: np.ndarray,
        accepts: Callable[[str], bool] = is_english,
    ) -> TextVectors:
        """Vectors computed elsewhere (a benchmark's cache), one row per index text."""
        vectors = cls(index, accepts)
        size = len(index.texts)
        vectors._grow(size)
        vectors.matrix[:size] = matrix[:size]
        vectors.known[:size] = known[:size]
        for position, text in enumerate(index.texts):
            vectors._mark(position, text)
        vectors.known[:size] &= vectors.wanted[:size]
        vectors.size = size
        return vectors

    def _mark(self, position: int, text: str) -> bool:
        english = is_english(text)
        self.english[position] = english
        wanted = english if self.accepts is is_english else self.accepts(text)
        self.wanted[position] = wanted
        return wanted

    @property
    def count(self) -> int:
        return int(self.known[: self.size].sum())

    @property
    def behind(self) -> bool:
        """The index holds texts this matrix has not looked at yet."""
        return self.size < len(self.index.texts)

    def cosines(self, query: np.ndarray, text_indices: Sequence[int]) -> np.ndarray:
        """Cosines of each query row (one vector, or several) with the given texts: an array
        shaped like the query's rows × texts, NaN for a text without a vector."""
        matrix, known, size = self.matrix, self.known, self.size
        queries = np.atleast_2d(np.asarray(query, dtype=np.float32))
        rows = np.asarray(text_indices, dtype=np.intp)
        inside = rows < min(size, len(known), len(matrix))
        out = np.full((len(queries), len(rows)), np.nan, dtype=np.float32)
        if inside.any():
            found = rows[inside]
            values = queries @ matrix[found].astype(np.float32).T
            values[:, ~known[found]] = np.nan
            out[:, inside] = values
        return out if np.ndim(query) > 1 else out[0]

    def nearest(self, query: np.ndarray, count: int) -> list[int]:
        """The `count` texts closest to the query, never one without a vector.

        Up to INDEX_LIMIT texts, a scan of the whole matrix: exact, and a few milliseconds.
        Past it, the approximate index, built in the background the first time it is needed
        and rebuilt there once it has outgrown its centroids (the old one serves meanwhile);
        until the first build is done a check does not wait: a base within SCAN_LIMIT is
        scanned, a larger one gets no candidates by meaning.
        """
        size = self.size
        if not size:
            return []
        if size > INDEX_LIMIT:
            ann = self.ann
            if ann is None or ann.wants_retrain:
                self.start_index()
            if ann is not None:
                return ann.search(self.matrix, self.known, query, count)
            if size > SCAN_LIMIT:
                return []
            found = self._scan_nearest(query, count, size)
            if self.ann is not None:
                self._scan = None  # the build swapped in while this scan made its copy
            return found
        return self._scan_nearest(query, count, size)

    def _scan_nearest(self, query: np.ndarray, count: int, size: int) -> list[int]:
        """numpy multiplies float16 without BLAS, twenty times slower than float32, so the scan
        runs on a float32 copy made on the first scan after a write (writes are rare, checks
        are not); a base served by the index drops the copy."""
        cached = self._scan
        if cached is None or cached[0] != self.version or len(cached[1]) != size:
            version = self.version
            scan = self.matrix[:size].astype(np.float32)
            scan[~self.known[:size]] = np.nan
            self._scan = cached = (version, scan)
        with np.errstate(invalid="ignore"):
            scores = cached[1] @ np.asarray(query, dtype=np.float32)
        scores = np.where(np.isnan(scores), -np.inf, scores)
        count = min(count, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        return [int(i) for i in top if np.isfinite(scores[i])]

    def start_index(self) -> threading.Thread | None:
        """Start building the approximate index in the background unless a build is running
        (or one failed); returns the builder thread, if any. Never waits for a writer."""
        with self._starting:
            builder = self._builder
            if self._failed or (builder is not None and builder.is_alive()):
                return builder
            self._builder = builder = threading.Thread(
                target=self._build, name="vector index", daemon=True
            )
            builder.start()
            return builder

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Wait for a background build; True when none is running (a benchmark's, a test's)."""
        builder = self._builder
        if builder is not None:
            builder.join(timeout)
            return not builder.is_alive()
        return True

    def _build(self) -> None:
        """Build an index of the rows known now, then, under the write lock, add the rows
        written meanwhile (appended, filled or rewritten: `_pending`) and swap it in."""
        with self._writing:
            matrix, known, size = self.matrix, self.known, self.size
            self._pending = []
        try:
            built = VectorIndex.build(matrix, known, size)
        except Exception:
            log.exception("building the vector index failed; large bases get no nearby texts")
            with self._writing:
                self._pending = None
            self._failed = True
            return
        with self._writing:
            pending = self._pending or []
            self._pending = None
            if pending:
                built.add(self.matrix, self.known, np.concatenate(pending))
            self.ann = built
            self._scan = None  # the index serves from now on: free the float32 copy

    def _written(self, positions: np.ndarray) -> None:
        """Rows just written: into the live index, and noted for a build in progress. Runs
        inside `_writing`, under the claim base's lock (`extend`, `set_rows`)."""
        if self.ann is not None:
            self.ann.add(self.matrix, self.known, positions)
        if self._pending is not None:
            self._pending.append(positions)

    @property
    def any_known(self) -> bool:
        """Some text has a vector: the per-check test, without counting the whole base."""
        return bool(self.known[: self.size].any())

    def _lacking(self) -> np.ndarray:
        return self.wanted[: self.size] & ~self.known[: self.size]

    def missing(self, limit: int | None = None) -> list[tuple[int, int, str]]:
        """(text position, claim id, text) of the texts the model reads that have no vector
        yet, the first `limit` of them: a backfill batch builds only the tuples it embeds."""
        positions = np.flatnonzero(self._lacking())[:limit]
        return [
            (int(p), self._claim_of(int(p)), self.index.texts[int(p)]) for p in positions.tolist()
        ]

    def set_rows(self, positions: Sequence[int], vectors: np.ndarray) -> None:
        cached = self._scan
        current = cached is not None and cached[0] == self.version
        for position, vector in zip(positions, vectors, strict=True):
            if position < self.size:
                self.matrix[position] = vector
                self.known[position] = True
                if current and position < len(cached[1]):
                    # A backfill writes a batch at a time: keep the scan copy, row by row.
                    cached[1][position] = self.matrix[position]
        self.version += 1
        if current:
            self._scan = (self.version, cached[1])
        with self._writing:
            self._written(np.asarray(positions, dtype=np.int32))

    def extend(self, stored: Stored) -> int:
        """Take in the texts added to the index since the last call, with their vectors.

        `stored(claim_ids)` yields the stored (claim id, text hash, float16 bytes) rows of
        those claims, or of every claim when `claim_ids` is None (the first call, which takes
        in the whole index). Returns how many texts the model reads still lack a vector.
        """
        start, end = self.size, len(self.index.texts)
        if end > start:
            self._grow(end)
            wanted: dict[tuple[int, str], list[int]] = {}
            for position in range(start, end):
                text = self.index.texts[position]
                if self._mark(position, text):
                    key = (self._claim_of(position), text_hash(text))
                    wanted.setdefault(key, []).append(position)
            if wanted:
                claim_ids = sorted({claim_id for claim_id, _ in wanted}) if start else None
                for claim_id, digest, data in stored(claim_ids):
                    positions = wanted.get((claim_id, digest))
                    if positions is None or len(data) != 2 * DIM:
                        continue
                    vector = from_bytes(data)
                    for position in positions:
                        self.matrix[position] = vector
                        self.known[position] = True
            self.size = end
            self.version += 1
            with self._writing:
                self._written(np.arange(start, end, dtype=np.int32))
        return int(np.count_nonzero(self._lacking()))

    def _claim_of(self, position: int) -> int:
        return self.index.claim_ids[int(self.index.text_claim[position])]

    def _grow(self, end: int) -> None:
        """Make room for `end` rows, doubling so that many small additions stay cheap."""
        if end <= len(self.known):
            return
        capacity = max(end, 2 * len(self.known)) if self.size else end
        matrix = np.zeros((capacity, DIM), dtype=np.float16)
        known = np.zeros(capacity, dtype=bool)
        english = np.zeros(capacity, dtype=bool)
        wanted = np.zeros(capacity, dtype=bool)
        matrix[: self.size] = self.matrix[: self.size]
        known[: self.size] = self.known[: self.size]
        english[: self.size] = self.english[: self.size]
        wanted[: self.size] = self.wanted[: self.size]
        self.matrix, self.known, self.english, self.wanted = matrix, known, english, wanted


@dataclass(frozen=True)
class Semantic:
    """One sentence model's side of a check: its vectors beside the index, how a query is
    split into texts and embedded, and how its cosines are read (`rank.CosineScale`).

    `cross_language` is added to the cosine of a text in another script than the query's: a
    multilingual model finds any two Cyrillic texts a little alike, so without it an unrelated
    Ukrainian alias would outrank the English claim a Russian post retells.
    """

    vectors: TextVectors
    embed: Callable[[Sequence[str]], np.ndarray]
    texts: Callable[[str], list[str]] = query_texts
    scale: CosineScale = MINILM
    cross_language: float = 0.0
    ahead: bool = False  # embed in `AHEAD`'s worker while the lexical search runs


def semantic_search(
    index: MatchIndex,
    text: str,
    *,
    vectors: TextVectors | None,
    embed: Callable[[Sequence[str]], np.ndarray] | None,
    multilingual: Semantic | None = None,
    limit: int = 5,
    min_score: float | None = None,
) -> SearchResult:
    """Search with fusion when a model reads the query and the base has its vectors; lexical
    otherwise. English queries use `vectors`/`embed` (MiniLM), others `multilingual`.

    `embed` takes a list of texts (the query, then its sentences: `query_texts`) and returns
    their unit vectors in one batch. An English query is embedded only when the lexical matcher
    found candidates, so one that shares no word with the base costs nothing more than without
    the model; a Ukrainian or Russian one always is, since its retelling of a claim in another
    language may share no word with it (the rules still decide what is shown).
    """
    english = is_english(clean(text))
    if english:
        semantic = Semantic(vectors, embed) if vectors is not None and embed is not None else None
    else:
        semantic = multilingual
    other = None
    if english and multilingual is not None and multilingual.vectors.index is index:
        other = _other_meaning(text, multilingual)
    if semantic is None or semantic.vectors.index is not index or not semantic.vectors.any_known:
        return index.search(text, limit=limit, min_score=min_score, other=other)
    return _fused(index, text, semantic, english, limit=limit, min_score=min_score, other=other)


def _other_meaning(text: str, multilingual: Semantic) -> Meaning:
    """e5's cosine between an English check and a text MiniLM does not read (Ukrainian or
    Russian), asked only for a claim that states the check's event (`MatchIndex._lifted`):
    the query is embedded for e5 the first time, whole, and most English checks never are."""
    vectors = multilingual.vectors
    query: list[np.ndarray] = []

    def cosine(text_index: int) -> float:
        if text_index >= vectors.size or vectors.english[text_index]:
            return float("nan")
        if not query:
            query.append(np.atleast_2d(multilingual.embed(multilingual.texts(text)[:1]))[0])
        return float(vectors.cosines(query[0], [text_index])[0]) + multilingual.cross_language

    return Meaning(cosine, multilingual.scale)


def _fused(
    index: MatchIndex,
    text: str,
    semantic: Semantic,
    english: bool,
    *,
    limit: int,
    min_score: float | None,
    other: Meaning | None = None,
) -> SearchResult:
    vectors = semantic.vectors
    query: list[np.ndarray] = []
    # A Ukrainian or Russian check is always embedded (`nearby_alone`): start at once.
    started = (
        AHEAD.submit(lambda: semantic.embed(semantic.texts(text)))
        if semantic.ahead and not english and WORD.search(text)
        else None
    )

    def matrix() -> np.ndarray:
        if not query:
            found = (
                started.result() if started is not None else semantic.embed(semantic.texts(text))
            )
            query.append(np.atleast_2d(found))
        return query[0]

    def cosines(text_indices: list[int]) -> np.ndarray:
        values = np.atleast_2d(vectors.cosines(matrix(), text_indices))
        if semantic.cross_language:
            rows = np.asarray(text_indices, dtype=np.intp)
            other = vectors.english[np.minimum(rows, len(vectors.english) - 1)] != english
            values = values + np.float32(semantic.cross_language) * other
        if len(values) == 1:
            return values[0]
        return np.stack([values[0], np.fmax.reduce(values[1:], axis=0)])

    def nearby() -> list[int]:
        return vectors.nearest(matrix()[0], NEARBY)

    return index.search(
        text,
        limit=limit,
        min_score=min_score,
        cosines=cosines,
        scale=semantic.scale,
        nearby=nearby,
        # A Ukrainian or Russian retelling of an English claim may share no word with it.
        nearby_alone=not english,
        other=other,
    )
