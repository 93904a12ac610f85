"""A claim with all its evidence, for its timeline: read by the id an answer's buttons carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from store import repo
from store.repo import ClaimView

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase


def claim_view(claim_base: ClaimBase, claim_id: int) -> ClaimView | None:
    """The claim and its evidence, or None when it no longer exists."""
    with Session(claim_base.engine) as session:
        return repo.claim_views(session=session, claim_ids=[claim_id]).get(claim_id)
