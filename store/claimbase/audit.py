"""The audit log: every change to the claim base says who made it, when, and what."""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from store.models import AuditEntry


def record(
    *,
    session: Session,
    actor: str,
    action: str,
    claim_id: int | None = None,
    evidence_id: int | None = None,
    alias_id: int | None = None,
    detail: dict | str | None = None,
) -> AuditEntry:
    """Add an entry in the caller's transaction, so the change and its record land together."""
    text = json.dumps(detail, ensure_ascii=False) if isinstance(detail, dict) else detail
    entry = AuditEntry(
        actor=actor,
        action=action,
        claim_id=claim_id,
        evidence_id=evidence_id,
        alias_id=alias_id,
        detail=text[:4000] if text else None,
    )
    session.add(entry)
    session.flush()
    return entry


def recent(*, session: Session, limit: int = 50, actor: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    return list(session.exec(query).all())
