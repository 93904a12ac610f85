"""The claim base as the bot and the command line use it: one object holding the engine,
the gazetteer and a match index that is rebuilt when the stored claims change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import audit, repo
from store.answer import Answer, MatchAnswer
from store.db import session_scope
from store.interchange import EvidenceRecord
from store.match import Analyzer, MatchIndex
from store.places import Gazetteer


class ClaimBase:
    """Thread-safe: checks run in worker threads while the event loop stays free."""

    def __init__(
        self, engine: Engine, *, gazetteer: Gazetteer | None = None, recheck_seconds: float = 2.0
    ) -> None:
        self.engine = engine
        self.gazetteer = gazetteer or Gazetteer.load_default()
        self.analyzer = Analyzer(self.gazetteer)
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._index: MatchIndex | None = None
        self._version: tuple | None = None
        self._checked_at = 0.0

    def index(self) -> MatchIndex:
        """The current index; another process's writes are seen within `recheck_seconds`."""
        now = time.monotonic()
        with self._lock:
            if self._index is not None and now - self._checked_at < self.recheck_seconds:
                return self._index
            with Session(self.engine) as session:
                version = repo.data_version(session=session)
                if self._index is None or version != self._version:
                    entries = repo.index_entries(session=session)
                    self._index = MatchIndex(entries, self.analyzer)
                    self._version = version
            self._checked_at = now
            return self._index

    def invalidate(self) -> None:
        """Called after this process writes, so the next check sees the change at once."""
        with self._lock:
            self._checked_at = 0.0

    def check(self, text: str, *, limit: int = 5, min_score: float | None = None) -> Answer:
        index = self.index()
        result = index.search(text, limit=limit, min_score=min_score)
        answer = Answer(query=text, ambiguous=result.ambiguous, nearest=result.nearest)
        ids = [m.claim_id for m in result.matches]
        if result.nearest is not None:
            ids.append(result.nearest.claim_id)
        if not ids:
            return answer
        with Session(self.engine) as session:
            views = repo.claim_views(session=session, claim_ids=ids)
        answer.matches = [MatchAnswer(m, views[m.claim_id]) for m in result.matches]
        if result.nearest is not None and result.nearest.claim_id in views:
            answer.nearest_text = views[result.nearest.claim_id].text
        return answer

    def import_records(
        self, records: Iterable[EvidenceRecord], *, added_by: str = "import"
    ) -> repo.ImportResult:
        with session_scope(self.engine) as session:
            result = repo.import_records(session=session, records=records, added_by=added_by)
            if result.evidence_added or result.aliases_added:
                audit.record(
                    session=session,
                    actor=added_by,
                    action="import",
                    detail={
                        "claims_added": result.claims_added,
                        "evidence_added": result.evidence_added,
                        "aliases_added": result.aliases_added,
                    },
                )
        self.invalidate()
        return result

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return repo.counts(session=session)
