"""The audit log: every change to the claim base says who made it, when, and what.

Entries are written in the transaction of the change they record; reading them gives rows
of data, which the command line and the chat word for people.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from store.models import AuditEntry, Claim

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

ADD_EVIDENCE = "add_evidence"
ADD_CLAIM = "add_claim"
ADD_ALIAS = "add_alias"
ADD_PLACE_NAME = "add_place_name"
UNDO = "undo"
IMPORT = "import"
INGEST = "ingest"


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


def detail_of(entry: AuditEntry) -> dict:
    """The entry's detail as written; an entry written by hand with other text gives {}."""
    try:
        data = json.loads(entry.detail or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class AuditRow:
    """One entry of the log: `claim` is the claim's key, when the entry is about one."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    claim: str | None
    undone: bool
    detail: dict = field(default_factory=dict)


def rows(claim_base: ClaimBase, *, limit: int = 50, actor: str | None = None) -> list[AuditRow]:
    """The latest entries, newest first."""
    with Session(claim_base.engine) as session:
        entries = recent(session=session, limit=limit, actor=actor)
        keys = dict(
            session.exec(
                select(Claim.id, Claim.key).where(
                    col(Claim.id).in_({e.claim_id for e in entries if e.claim_id is not None})
                )
            ).all()
        )
    out = []
    for entry in entries:
        assert entry.id is not None
        detail = detail_of(entry)
        out.append(
            AuditRow(
                id=entry.id,
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                claim=detail.get("claim") or keys.get(entry.claim_id or -1),
                undone=entry.undone,
                detail=detail,
            )
        )
    return out
