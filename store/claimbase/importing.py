"""Files into and out of the claim base: JSON Lines and CSV records, ClaimReview verdicts.

An import is one transaction with its audit entry, so a file lands whole or not at all; the
vectors it needs are computed once afterwards, and the index sees it on the next check.

ClaimReview holds two voices, the claimant's and the fact-checker's. Evidence from it is
stored with ``added_by`` set to ``claimreview:claimant:<who>`` or
``claimreview:reviewer:<who>`` (``<who>`` is the person or file that brought it in), so
an export can find the fact-checkers' verdicts again and write them back with the claim
they rated.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from sqlmodel import Session

from store import repo
from store.claimbase import audit
from store.db import session_scope
from store.files.claimreview import CLAIMANT, REVIEWER, to_claimreview
from store.files.jsonl import EvidenceRecord
from store.repo import ImportResult

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase
    from store.claimbase.vectors import Progress

CLAIMREVIEW_MARK = "claimreview:"


def import_records(
    claim_base: ClaimBase,
    records: Iterable[EvidenceRecord],
    *,
    added_by: str = audit.IMPORT,
    progress: Progress | None = None,
) -> ImportResult:
    """Add claims, aliases and evidence from interchange records; known ones are skipped."""
    return _import(
        claim_base,
        added_by,
        lambda session: repo.import_records(session=session, records=records, added_by=added_by),
        lambda result: {
            "claims_added": result.claims_added,
            "evidence_added": result.evidence_added,
            "aliases_added": result.aliases_added,
        },
        progress,
    )


def import_claimreview(
    claim_base: ClaimBase,
    pairs: list[tuple[str, EvidenceRecord]],
    *,
    who: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Add ClaimReview (role, record) pairs, each stored with the mark of its role."""
    return _import(
        claim_base,
        who,
        lambda session: store_claimreview(session=session, pairs=pairs, who=who),
        lambda result: {
            "format": "claimreview",
            "claims_added": result.claims_added,
            "evidence_added": result.evidence_added,
        },
        progress,
    )


def _import(
    claim_base: ClaimBase,
    actor: str,
    write: Callable[[Session], ImportResult],
    detail: Callable[[ImportResult], dict],
    progress: Progress | None,
) -> ImportResult:
    with session_scope(claim_base.engine) as session:
        result = write(session)
        if result.evidence_added or result.aliases_added:
            audit.record(session=session, actor=actor, action=audit.IMPORT, detail=detail(result))
    claim_base.ensure_vectors(progress=progress)
    claim_base.invalidate()
    return result


def claimreview_added_by(role: str, who: str) -> str:
    return f"{CLAIMREVIEW_MARK}{role}:{who}"


def store_claimreview(
    *, session: Session, pairs: list[tuple[str, EvidenceRecord]], who: str
) -> ImportResult:
    """Store claimants' and reviewers' records in the caller's transaction, marked by role."""
    total = ImportResult()
    for role in (CLAIMANT, REVIEWER):
        records = [record for r, record in pairs if r == role]
        if not records:
            continue
        result = repo.import_records(
            session=session, records=records, added_by=claimreview_added_by(role, who)
        )
        total.claims_added += result.claims_added
        total.aliases_added += result.aliases_added
        total.evidence_added += result.evidence_added
        total.evidence_skipped += result.evidence_skipped
        total.touched_claims |= result.touched_claims
    return total


def export_records(claim_base: ClaimBase) -> Iterator[dict]:
    """Every piece of evidence as an interchange line, claim by claim, read in batches."""
    with Session(claim_base.engine) as session:
        yield from repo.export_records(session=session)


def export_claimreview(claim_base: ClaimBase) -> dict:
    """Every claim that has a fact-checker's verdict, as one ClaimReview JSON-LD document.

    The claimant (the earliest one stored from ClaimReview) goes into ``itemReviewed``, and
    the reviewer's own rating label is kept when it says the same as the stance.
    """
    with Session(claim_base.engine) as session:
        items = repo.evidence_added_by(session=session, prefix=CLAIMREVIEW_MARK)
    reviews: list[dict] = []
    for _, group in itertools.groupby(items, key=lambda item: item.claim_id):
        on_claim = list(group)
        reviewers = [i for i in on_claim if i.added_by.startswith(CLAIMREVIEW_MARK + REVIEWER)]
        if not reviewers:
            continue
        claimants = [i for i in on_claim if i.added_by.startswith(CLAIMREVIEW_MARK + CLAIMANT)]
        document = to_claimreview(
            reviewers[0].claim_text,
            [_record(i.evidence) for i in reviewers],
            claimant=_record(claimants[0].evidence) if claimants else None,
        )
        reviews += document["@graph"]
    return {"@context": "https://schema.org", "@graph": reviews}


def _record(evidence: repo.EvidenceView) -> dict:
    return {
        "stance": evidence.stance,
        "speaker": evidence.speaker,
        "outlet": evidence.outlet,
        "date": evidence.date.isoformat() if evidence.date else None,
        "url": evidence.url,
        "quote": evidence.quote,
    }
