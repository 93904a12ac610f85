"""The claim base as the bot and the command line use it: one object holding the engine,
the gazetteer and a match index that is rebuilt when the stored claims change.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import repo
from store.claimbase import audit, importing, vectors
from store.claimbase.answer import Answer, MatchAnswer
from store.claimbase.places import place_entries, place_version
from store.claimbase.stats import CheckLogBuffer
from store.files.jsonl import EvidenceRecord
from store.match.analyze import Analyzer
from store.match.frame import SAME_DAYS
from store.match.gazetteer import Gazetteer
from store.match.index import MatchIndex
from store.match.rank import E5, E5_CROSS_LANGUAGE, MATCH_THRESHOLD
from store.match.vectors import (
    QueryCache,
    Semantic,
    TextVectors,
    bounded_query_texts,
    semantic_search,
)

log = logging.getLogger(__name__)


def timely(
    matches: list[MatchAnswer], posted: dt.date | None, threshold: float | None
) -> list[MatchAnswer]:
    """The matches whose score meaning lifted for stating the same event (`Match.unlifted`)
    keep it only when the claim's evidence is of the post's time (`Match.lift_days`: a day for
    a strike or a tally, months for ground taken): 34 drones shot down one night is another
    event than 34 the next week. Else the match keeps its score before the lift, and is left
    out under the threshold. Without a day to compare, only a lift of ground taken holds."""
    shown = MATCH_THRESHOLD if threshold is None else threshold
    kept = []
    for item in matches:
        match = item.match
        if match.unlifted is not None and match.lift_days is not None:
            days = item.days_from(posted) if posted is not None else None
            # Without a day to compare (no post date, an undated claim) ground taken holds.
            fits = match.lift_days > SAME_DAYS if days is None else days <= match.lift_days
            if not fits:
                if match.unlifted < shown:
                    continue
                item = replace(item, match=replace(match, score=match.unlifted))
        kept.append(item)
    return kept


@dataclass
class _Space:
    """One sentence model in this process: its embedder, its vectors beside the current index,
    and the background thread filling the vectors that are not stored yet."""

    embedder: Any
    vectors: TextVectors | None = None
    filler: threading.Thread | None = None
    queries: QueryCache | None = None  # the last checks' query vectors

    @property
    def model(self) -> str:
        return vectors.model_of(self.embedder)[0]


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
        frames_ahead: bool = False,
    ) -> None:
        self.engine = engine
        # Read every claim text's frame in a background thread as soon as the index has it
        # (the bot does; a one-off command line check would only wait for it).
        self.frames_ahead = frames_ahead
        self._frame_reader: threading.Thread | None = None
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
        # SEMANTIC=auto|on|off: "on" raises SemanticUnavailable when a model cannot load.
        # all-MiniLM-L6-v2 reads English checks; multilingual-e5-small Ukrainian and Russian
        # ones, against claims in any language.
        self._english = _Space(vectors.load_embedder(semantic))
        self._multilingual = _Space(vectors.load_multilingual(semantic))

    @property
    def embedder(self) -> Any:
        """The English model (all-MiniLM-L6-v2), or None."""
        return self._english.embedder

    @embedder.setter
    def embedder(self, value: Any) -> None:
        self._english.embedder = value

    @property
    def _vectors(self) -> TextVectors | None:
        return self._english.vectors

    @_vectors.setter
    def _vectors(self, value: TextVectors | None) -> None:
        self._english.vectors = value

    @property
    def multilingual(self) -> Any:
        """The multilingual model (multilingual-e5-small), or None."""
        return self._multilingual.embedder

    def _spaces(self) -> list[_Space]:
        return [s for s in (self._english, self._multilingual) if s.embedder is not None]

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
                for space in self._spaces():
                    self._sync_vectors(space, session)
            self._checked_at = now
            if self.frames_ahead:
                self._read_frames_ahead(self._index)
            return self._index

    def _read_frames_ahead(self, index: MatchIndex) -> None:
        """Start reading the frames of `index`'s texts, unless a reader is at it (under the
        lock). A reader of a replaced index stops; texts added later are read by the next."""
        reader = self._frame_reader
        if reader is not None and reader.is_alive():
            return
        if not index.unread_frames:
            return
        self._frame_reader = threading.Thread(
            target=self._read_frames, args=(index,), name="frames", daemon=True
        )
        self._frame_reader.start()

    def _read_frames(self, index: MatchIndex) -> None:
        started = time.perf_counter()
        try:
            count = index.read_frames(lambda: self._index is index)
        except Exception:
            log.exception("reading claim frames ahead failed; checks read them when needed")
            return
        log.info("read %d claim frames in %.1f s", count, time.perf_counter() - started)

    def wait_for_frames(self, timeout: float | None = None) -> bool:
        """Wait for the frames being read ahead; True when no reader is running."""
        reader = self._frame_reader
        if reader is not None:
            reader.join(timeout)
            return not reader.is_alive()
        return True

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

    def check(
        self,
        text: str,
        *,
        limit: int = 5,
        min_score: float | None = None,
        posted: dt.date | None = None,
    ) -> Answer:
        """Match one text; `min_score` overrides the threshold for this check only. `posted`
        is the day the text was posted, when known: a claim shown because it states the
        same event in other words must be of about that time (see `timely`)."""
        index = self.index()
        result = semantic_search(
            index,
            text,
            vectors=self._vectors,
            embed=self.embedder.embed if self.embedder is not None else None,
            multilingual=self._multilingual_search(),
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
        threshold = self.threshold if min_score is None else min_score
        answer.matches = timely(answer.matches, posted, threshold)
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

    def _multilingual_search(self) -> Semantic | None:
        """How a Ukrainian or Russian check is embedded and compared, when the model is here."""
        space = self._multilingual
        if space.embedder is None or space.vectors is None:
            return None
        embedder = space.embedder
        if space.queries is None:
            space.queries = QueryCache(embedder.embed_queries)
        return Semantic(
            space.vectors,
            space.queries,
            texts=partial(bounded_query_texts, clip=embedder.clip),
            scale=E5,
            cross_language=E5_CROSS_LANGUAGE,
            ahead=True,
        )

    @property
    def semantic(self) -> bool:
        """Whether checks are re-ranked by sentence similarity (in some language)."""
        return bool(self._spaces())

    def ensure_vectors(self, *, progress: vectors.Progress | None = None) -> int:
        """Embed and store the vectors this process's writes need, in batches; returns how many.

        Imports call it after writing, so a large import pays for its vectors once, with a
        progress bar on a terminal; texts written elsewhere are filled in the background.
        """
        return sum(
            vectors.compute_missing(self.engine, space.embedder, progress=progress)
            for space in self._spaces()
        )

    def reindex_vectors(self, *, progress: vectors.Progress | None = None) -> tuple[int, float]:
        """Recompute every stored vector of the models here: (texts embedded, seconds)."""
        spaces = self._spaces()
        if not spaces:
            raise vectors.SemanticUnavailable("semantic re-ranking is off (SEMANTIC=off)")
        self.wait_for_vectors()
        result = vectors.reindex(
            self.engine, [space.embedder for space in spaces], progress=progress
        )
        with self._lock:
            for space in spaces:
                space.vectors = None
            self._checked_at = -math.inf
        return result

    def wait_for_vectors(self, timeout: float | None = None) -> bool:
        """Wait for the background computation of missing vectors; True when none is running."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for space in (self._english, self._multilingual):
            filler = space.filler
            if filler is not None:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                filler.join(left)
                if filler.is_alive():
                    return False
        return True

    def _sync_vectors(self, space: _Space, session: Session) -> None:
        """Align a model's vector matrix with the index (under the lock); start filling gaps."""
        assert self._index is not None
        if space.vectors is None or space.vectors.index is not self._index:
            _, accepts = vectors.model_of(space.embedder)
            space.vectors = TextVectors(self._index, accepts)
        missing = vectors.sync(space.vectors, session, space.model) if space.vectors.behind else 0
        if missing and (space.filler is None or not space.filler.is_alive()):
            space.filler = threading.Thread(
                target=self._fill, args=(space,), name=f"vectors {space.model}", daemon=True
            )
            space.filler.start()

    def _fill(self, space: _Space) -> None:
        try:
            count = vectors.fill_missing(
                self.engine, space.embedder, lambda: space.vectors, self._lock
            )
        except Exception:
            log.exception("computing claim vectors failed; checks stay lexical for those texts")
            return
        if count:
            log.info("computed %s vectors for %d claim texts", space.model, count)
