"""The claim base as the bot and the command line use it: one object holding the engine,
the gazetteer and a match index that is rebuilt when the stored claims change.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import repo
from store.claimbase import audit, importing, vectors
from store.claimbase.answer import Answer, MatchAnswer
from store.claimbase.places import place_entries, place_version
from store.claimbase.stats import CheckLogBuffer
from store.files.jsonl import EvidenceRecord
from store.match.analyze import Analyzer
from store.match.gazetteer import Gazetteer
from store.match.index import MatchIndex
from store.match.vectors import TextVectors, semantic_search

log = logging.getLogger(__name__)


class ClaimBase:
    """Thread-safe: checks run in worker threads while the event loop stays free."""

    def __init__(
        self,
        engine: Engine,
        *,
        gazetteer: Gazetteer | None = None,
        recheck_seconds: float = 2.0,
        semantic: str = "off",
        threshold: float | None = None,
    ) -> None:
        self.engine = engine
        # MATCH_THRESHOLD: the score a claim needs to be shown, for the bot as for the command
        # line; None keeps the matcher's own default.
        self.threshold = threshold
        self.gazetteer = gazetteer or Gazetteer.load_default()
        self.analyzer = Analyzer(self.gazetteer)
        self._shipped_gazetteer = self.gazetteer
        self._places_version: tuple | None = None
        self.recheck_seconds = recheck_seconds
        self.check_log = CheckLogBuffer(engine)
        self._lock = threading.Lock()
        self._index: MatchIndex | None = None
        self._version: tuple | None = None
        self._checked_at = -math.inf
        # SEMANTIC=auto|on|off: "on" raises SemanticUnavailable when the model cannot load.
        self.embedder = vectors.load_embedder(semantic)
        self._vectors: TextVectors | None = None
        self._filler: threading.Thread | None = None

    def index(self) -> MatchIndex:
        """The current index; another process's writes are seen within `recheck_seconds`."""
        now = time.monotonic()
        with self._lock:
            if self._index is not None and now - self._checked_at < self.recheck_seconds:
                return self._index
            with Session(self.engine) as session:
                places = place_version(session=session)
                if places != self._places_version:
                    self._use_place_names(session)
                    self._places_version = places
                    self._index = None
                version = repo.data_version(session=session)
                if self._index is None or version != self._version:
                    self._index = self._updated_index(session, version)
                    self._version = version
                if self.embedder is not None:
                    self._sync_vectors(session)
            self._checked_at = now
            return self._index

    def _updated_index(self, session: Session, version: tuple) -> MatchIndex:
        """Extend the index with what was added since the last look; rebuild after deletions.

        A million-claim index takes minutes to build, so an editor's /claim must not
        trigger a rebuild; only a deletion (counts that no longer add up) does.
        """
        old = self._version
        if self._index is not None and old is not None:
            last_claim, last_alias = old[1] or 0, old[3] or 0
            entries = repo.index_entries_since(
                session=session, claim_id=last_claim, alias_id=last_alias
            )
            new_claims = sum(1 for e in entries if e.claim_id > last_claim)
            new_aliases = sum(len(e.texts) - (e.claim_id > last_claim) for e in entries)
            if version[0] == old[0] + new_claims and version[2] == old[2] + new_aliases:
                self._index.add(entries)
                return self._index
        return MatchIndex(repo.index_entries(session=session), self.analyzer)

    def _use_place_names(self, session: Session) -> None:
        """The shipped gazetteer plus editors' place names, added to a copy that shares the
        shipped settlements' tables (the shipped gazetteer stays as it was)."""
        entries = place_entries(session=session)
        gazetteer = self._shipped_gazetteer
        if not entries and self.gazetteer is gazetteer:
            return  # the analyzer already reads the shipped gazetteer
        if entries:
            gazetteer = gazetteer.copy()
            for entry in entries:
                gazetteer.add(entry)
        self.gazetteer = gazetteer
        self.analyzer = Analyzer(gazetteer)

    def reload_places(self) -> MatchIndex:
        """Reload the gazetteer with the stored place names and rebuild the index now."""
        with self._lock:
            self._places_version = None
            self._checked_at = -math.inf
        return self.index()

    def invalidate(self) -> None:
        """Called after this process writes, so the next check sees the change at once."""
        with self._lock:
            self._checked_at = -math.inf

    def check(self, text: str, *, limit: int = 5, min_score: float | None = None) -> Answer:
        """Match one text; `min_score` overrides the threshold for this check only."""
        index = self.index()
        result = semantic_search(
            index,
            text,
            vectors=self._vectors,
            embed=self.embedder.embed if self.embedder is not None else None,
            limit=limit,
            min_score=self.threshold if min_score is None else min_score,
        )
        answer = Answer(query=text, ambiguous=result.ambiguous, nearest=result.nearest)
        if result.nearest is not None:
            # The index holds the claim's wording: a miss reads nothing from the database.
            answer.nearest_text = index.claim_text(result.nearest.claim_id)
        if not result.matches:
            return answer
        with Session(self.engine) as session:
            views = repo.claim_views(
                session=session, claim_ids=[m.claim_id for m in result.matches]
            )
        answer.matches = [MatchAnswer(m, views[m.claim_id]) for m in result.matches]
        return answer

    def import_records(
        self,
        records: Iterable[EvidenceRecord],
        *,
        added_by: str = audit.IMPORT,
        progress: vectors.Progress | None = None,
    ) -> repo.ImportResult:
        return importing.import_records(self, records, added_by=added_by, progress=progress)

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return repo.counts(session=session)

    @property
    def semantic(self) -> bool:
        """Whether checks of English text are re-ranked by sentence similarity."""
        return self.embedder is not None

    def ensure_vectors(self, *, progress: vectors.Progress | None = None) -> int:
        """Embed and store the vectors this process's writes need, in batches; returns how many.

        Imports call it after writing, so a large import pays for its vectors once, with a
        progress bar on a terminal; texts written elsewhere are filled in the background.
        """
        if self.embedder is None:
            return 0
        return vectors.compute_missing(self.engine, self.embedder, progress=progress)

    def reindex_vectors(self, *, progress: vectors.Progress | None = None) -> tuple[int, float]:
        """Recompute every stored vector: (texts embedded, seconds)."""
        if self.embedder is None:
            raise vectors.SemanticUnavailable("semantic re-ranking is off (SEMANTIC=off)")
        self.wait_for_vectors()
        result = vectors.reindex(self.engine, self.embedder, progress=progress)
        with self._lock:
            self._vectors = None
            self._checked_at = -math.inf
        return result

    def wait_for_vectors(self, timeout: float | None = None) -> bool:
        """Wait for the background computation of missing vectors; True when none is running."""
        filler = self._filler
        if filler is not None:
            filler.join(timeout)
            return not filler.is_alive()
        return True

    def _sync_vectors(self, session: Session) -> None:
        """Align the vector matrix with the index (under the lock); start filling gaps."""
        assert self._index is not None
        if self._vectors is None or self._vectors.index is not self._index:
            self._vectors = TextVectors(self._index)
        missing = vectors.sync(self._vectors, session) if self._vectors.behind else 0
        if missing and (self._filler is None or not self._filler.is_alive()):
            self._filler = threading.Thread(target=self._fill, name="vectors", daemon=True)
            self._filler.start()

    def _fill(self) -> None:
        assert self.embedder is not None
        try:
            count = vectors.fill_missing(
                self.engine, self.embedder, lambda: self._vectors, self._lock
            )
        except Exception:
            log.exception("computing claim vectors failed; checks stay lexical for those texts")
            return
        if count:
            log.info("computed vectors for %d claim texts", count)
