"""The check log: one row per check, so editors see how much the bot is used and which
questions the claim base cannot answer yet (the claims worth adding next)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.models import CheckLog

QUERY_CHARS = 300


def log_check(
    *, session: Session, chat_id: int | None, query: str, claim_id: int | None
) -> CheckLog:
    entry = CheckLog(
        chat_id=chat_id,
        query=" ".join(query.split())[:QUERY_CHARS],
        claim_id=claim_id,
        matched=claim_id is not None,
    )
    session.add(entry)
    return entry


def stats(*, session: Session, since: dt.datetime, top: int = 5) -> dict:
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
