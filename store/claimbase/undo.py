"""`/undo`: an editor reverts their own latest change that is not undone yet.

A claim is removed only while it has no evidence: once sources are recorded on it, undoing
the claim would take others' work with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store.claimbase import audit
from store.claimbase.audit import ADD_ALIAS, ADD_CLAIM, ADD_EVIDENCE, ADD_PLACE_NAME, UNDO
from store.claimbase.editline import CurationError
from store.db import session_scope
from store.models import (
    AuditEntry,
    Claim,
    ClaimAlias,
    ClaimVector,
    Evidence,
    PlaceName,
    Sighting,
    Watch,
)

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

UNDOABLE = (ADD_EVIDENCE, ADD_CLAIM, ADD_ALIAS, ADD_PLACE_NAME)


@dataclass(frozen=True)
class Undone:
    """What was reverted: the action, and the detail it was recorded with (speaker and
    stance of evidence, text of a claim or wording, name of a place). `gone` is True when
    the thing had already been removed by other means."""

    action: str
    detail: dict
    claim_id: int | None = None
    gone: bool = False

    @property
    def places_changed(self) -> bool:
        return self.action == ADD_PLACE_NAME


def undo_last(claim_base: ClaimBase, *, actor: str) -> Undone | None:
    """Revert `actor`'s latest change that is not undone yet; None when there is none."""
    with session_scope(claim_base.engine) as session:
        undone = _undo_last(session, actor)
    if undone is not None and undone.places_changed:
        claim_base.reload_places()
    elif undone is not None:
        claim_base.invalidate()
    return undone


def _undo_last(session: Session, actor: str) -> Undone | None:
    entry = session.exec(
        select(AuditEntry)
        .where(
            AuditEntry.actor == actor,
            col(AuditEntry.undone).is_(False),
            col(AuditEntry.action).in_(UNDOABLE),
        )
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    ).first()
    if entry is None:
        return None
    detail = audit.detail_of(entry)
    gone = False
    if entry.action == ADD_EVIDENCE:
        if entry.evidence_id is not None:
            session.exec(delete(Evidence).where(col(Evidence.id) == entry.evidence_id))
    elif entry.action == ADD_CLAIM:
        gone = not _undo_claim(session, entry, detail)
    elif entry.action == ADD_ALIAS:
        if entry.alias_id is not None:
            session.exec(delete(ClaimAlias).where(col(ClaimAlias.id) == entry.alias_id))
    else:
        row_id = detail.get("place_name_id")
        if isinstance(row_id, int):
            session.exec(delete(PlaceName).where(col(PlaceName.id) == row_id))
    entry.undone = True
    session.add(entry)
    audit.record(
        session=session,
        actor=actor,
        action=UNDO,
        claim_id=entry.claim_id,
        evidence_id=entry.evidence_id,
        alias_id=entry.alias_id,
        detail={"entry": entry.id, "undid": entry.action},
    )
    return Undone(action=entry.action, detail=detail, claim_id=entry.claim_id, gone=gone)


def _undo_claim(session: Session, entry: AuditEntry, detail: dict) -> bool:
    """Remove the claim with what hangs on it; False when it was already gone."""
    if entry.claim_id is None or session.get(Claim, entry.claim_id) is None:
        return False
    has_evidence = session.exec(
        select(func.count(col(Evidence.id))).where(Evidence.claim_id == entry.claim_id)
    ).one()
    if has_evidence:
        raise CurationError(
            f"the claim “{detail.get('text', 'the claim')}” has sources now, so it stays; "
            "undo those first, or ask the other editors"
        )
    claim_id = entry.claim_id
    session.exec(delete(ClaimAlias).where(col(ClaimAlias.claim_id) == claim_id))
    session.exec(delete(ClaimVector).where(col(ClaimVector.claim_id) == claim_id))
    session.exec(delete(Watch).where(col(Watch.claim_id) == claim_id))
    session.exec(update(Sighting).where(col(Sighting.claim_id) == claim_id).values(claim_id=None))
    session.exec(delete(Claim).where(col(Claim.id) == claim_id))
    return True
