"""What editors see in /stats: the size of the claim base, and the check log (one row per
check), so they know how much the bot is used and which questions the claim base cannot answer
yet (the claims worth adding next)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING

from sqlalchemy import func, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store import repo
from store.db import session_scope
from store.models import CheckLog, utcnow

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

QUERY_CHARS = 300
TOP_UNMATCHED = 5


def _row(chat_id: int | None, query: str, claim_id: int | None) -> dict:
    return {
        "at": utcnow(),
        "chat_id": chat_id,
        "query": " ".join(query.split())[:QUERY_CHARS],
        "claim_id": claim_id,
        "matched": claim_id is not None,
    }


class CheckLogBuffer:
    """Checks logged in batches: one insert now and then instead of a commit per check.

    A commit per check made the log the bot's bottleneck (each one waits for the disk);
    /stats flushes first, and shutdown flushes what is left.
    """

    def __init__(self, engine: Engine, *, max_pending: int = 500) -> None:
        self.engine = engine
        self.max_pending = max_pending
        self._pending: list[dict] = []
        self._lock = threading.Lock()

    def add(self, *, chat_id: int | None, query: str, claim_id: int | None) -> None:
        with self._lock:
            self._pending.append(_row(chat_id, query, claim_id))
            full = len(self._pending) >= self.max_pending
        if full:
            self.flush()

    def flush(self) -> int:
        """Write what is pending in one transaction; on failure keep it for the next try."""
        with self._lock:
            rows, self._pending = self._pending, []
        if not rows:
            return 0
        try:
            with session_scope(self.engine) as session:
                session.execute(insert(CheckLog), rows)
        except Exception:
            with self._lock:
                self._pending[:0] = rows[-10 * self.max_pending :]
            raise
        return len(rows)


def read_stats(
    claim_base: ClaimBase, *, now: dt.datetime | None = None, top: int = TOP_UNMATCHED
) -> dict:
    """The claim base's counts and the last 24 hours of checks, pending ones included."""
    since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=1)
    claim_base.check_log.flush()
    with Session(claim_base.engine) as session:
        return {
            **repo.counts(session=session),
            **checks_since(session=session, since=since, top=top),
        }


def checks_since(*, session: Session, since: dt.datetime, top: int = TOP_UNMATCHED) -> dict:
    """Checks since `since`, how many matched, and the most frequent unmatched queries."""
    recent = col(CheckLog.at) >= since
    checks = session.exec(select(func.count()).select_from(CheckLog).where(recent)).one()
    matched = session.exec(
        select(func.count()).select_from(CheckLog).where(recent, col(CheckLog.matched))
    ).one()
    folded = func.lower(CheckLog.query)
    rows = session.exec(
        select(func.min(CheckLog.query), func.count())
        .where(recent, ~col(CheckLog.matched))
        .group_by(folded)
        .order_by(func.count().desc(), func.min(CheckLog.query))
        .limit(top)
    ).all()
    return {
        "checks": int(checks),
        "matched": int(matched),
        "unmatched": int(checks) - int(matched),
        "top_unmatched": [(query, int(count)) for query, count in rows],
    }
