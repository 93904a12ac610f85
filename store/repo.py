"""Reads and writes of the claim base. Every function takes the session explicitly, by keyword,
so the caller decides the transaction (an import is one transaction, a check is read-only).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.interchange import EvidenceRecord, group_records
from store.models import Claim, ClaimAlias, Evidence, Outlet, Stance

BATCH = 500


@dataclass(frozen=True)
class EvidenceView:
    stance: str
    speaker: str
    outlet: str
    date: dt.date | None
    quote: str | None
    url: str | None
    via: str | None = None

    def to_json(self) -> dict:
        out = {
            "speaker": self.speaker,
            "outlet": self.outlet,
            "date": self.date.isoformat() if self.date else None,
            "quote": self.quote,
            "url": self.url,
        }
        if self.via:
            out["via"] = self.via
        return out


@dataclass
class ClaimView:
    id: int
    key: str
    text: str
    aliases: list[str] = field(default_factory=list)
    evidence: list[EvidenceView] = field(default_factory=list)

    def by_stance(self, stance: str) -> list[EvidenceView]:
        """Oldest first, undated last, so "when" reads top to bottom."""
        items = [e for e in self.evidence if e.stance == stance]
        return sorted(items, key=lambda e: (e.date is None, e.date or dt.date.min))


@dataclass(frozen=True)
class IndexEntry:
    """What the matcher needs of a claim: its id, its key, its texts (claim first, then aliases)."""

    claim_id: int
    key: str
    texts: tuple[str, ...]


@dataclass
class ImportResult:
    claims_added: int = 0
    aliases_added: int = 0
    evidence_added: int = 0
    evidence_skipped: int = 0
    touched_claims: set[int] = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"{self.claims_added} new claims, {self.evidence_added} new pieces of evidence, "
            f"{self.evidence_skipped} already known"
        )


class OutletCache:
    """Outlets by name within one transaction, so an import looks each up once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, int] = {}

    def id_for(self, name: str) -> int:
        found = self.ids.get(name)
        if found is not None:
            return found
        outlet = self.session.exec(select(Outlet).where(Outlet.name == name)).first()
        if outlet is None:
            outlet = Outlet(name=name)
            self.session.add(outlet)
            self.session.flush()
        assert outlet.id is not None
        self.ids[name] = outlet.id
        return outlet.id


def import_records(
    *, session: Session, records: Iterable[EvidenceRecord], added_by: str = "import"
) -> ImportResult:
    """Add claims, aliases and evidence; what is already there is skipped, not duplicated.

    The caller commits: an error anywhere leaves the claim base as it was.
    """
    result = ImportResult()
    outlets = OutletCache(session)
    groups = group_records(records)
    for start in range(0, len(groups), BATCH):
        chunk = groups[start : start + BATCH]
        keys = [g.key for g in chunk]
        claims = {
            c.key: c for c in session.exec(select(Claim).where(col(Claim.key).in_(keys))).all()
        }
        for group in chunk:
            claim = claims.get(group.key)
            if claim is None:
                claim = Claim(key=group.key, text=group.claim)
                session.add(claim)
                session.flush()
                claims[group.key] = claim
                result.claims_added += 1
            assert claim.id is not None
            aliases = list(group.aliases)
            if _fold(group.claim) != _fold(claim.text):
                aliases.insert(0, group.claim)
            result.aliases_added += add_aliases(session=session, claim=claim, aliases=aliases)
        fingerprints = [r.fingerprint() for g in chunk for r in g.records]
        known = set(
            session.exec(
                select(Evidence.fingerprint).where(col(Evidence.fingerprint).in_(fingerprints))
            ).all()
        )
        for group in chunk:
            claim_id = claims[group.key].id
            assert claim_id is not None
            for record in group.records:
                fingerprint = record.fingerprint()
                if fingerprint in known:
                    result.evidence_skipped += 1
                    continue
                known.add(fingerprint)
                session.add(
                    Evidence(
                        claim_id=claim_id,
                        stance=record.stance,
                        speaker=record.speaker,
                        outlet_id=outlets.id_for(record.outlet),
                        said_on=record.date,
                        quote=record.quote,
                        url=record.url,
                        via=record.via,
                        added_by=added_by,
                        fingerprint=fingerprint,
                    )
                )
                result.evidence_added += 1
                result.touched_claims.add(claim_id)
        session.flush()
    return result


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def add_aliases(*, session: Session, claim: Claim, aliases: Iterable[str]) -> int:
    """Add phrasings the claim does not have yet (compared without case and spacing)."""
    existing = {
        _fold(a)
        for a in session.exec(select(ClaimAlias.text).where(ClaimAlias.claim_id == claim.id)).all()
    }
    existing.add(_fold(claim.text))
    added = 0
    for alias in aliases:
        if _fold(alias) in existing:
            continue
        existing.add(_fold(alias))
        assert claim.id is not None
        session.add(ClaimAlias(claim_id=claim.id, text=alias))
        added += 1
    return added


def index_entries(*, session: Session) -> list[IndexEntry]:
    """Every claim with its aliases, in two queries."""
    aliases: dict[int, list[str]] = defaultdict(list)
    for claim_id, text in session.exec(
        select(ClaimAlias.claim_id, ClaimAlias.text).order_by(col(ClaimAlias.id))
    ):
        aliases[claim_id].append(text)
    return [
        IndexEntry(claim_id, key, (text, *aliases.get(claim_id, ())))
        for claim_id, key, text in session.exec(
            select(Claim.id, Claim.key, Claim.text).order_by(col(Claim.id))
        )
    ]


def data_version(*, session: Session) -> tuple:
    """A cheap stamp that changes whenever claims or aliases change, for the matcher's cache."""
    claims = session.exec(select(func.count(col(Claim.id)), func.max(col(Claim.id)))).one()
    aliases = session.exec(
        select(func.count(col(ClaimAlias.id)), func.max(col(ClaimAlias.id)))
    ).one()
    return (*claims, *aliases)


def claim_views(*, session: Session, claim_ids: list[int]) -> dict[int, ClaimView]:
    """Claims with their aliases and evidence, in three queries whatever the number of claims."""
    if not claim_ids:
        return {}
    views = {
        c.id: ClaimView(id=c.id, key=c.key, text=c.text)
        for c in session.exec(select(Claim).where(col(Claim.id).in_(claim_ids))).all()
        if c.id is not None
    }
    for claim_id, text in session.exec(
        select(ClaimAlias.claim_id, ClaimAlias.text)
        .where(col(ClaimAlias.claim_id).in_(claim_ids))
        .order_by(col(ClaimAlias.id))
    ):
        views[claim_id].aliases.append(text)
    rows = session.exec(
        select(Evidence, Outlet.name)
        .join(Outlet, col(Outlet.id) == col(Evidence.outlet_id))
        .where(col(Evidence.claim_id).in_(claim_ids))
        .order_by(col(Evidence.said_on), col(Evidence.id))
    )
    for evidence, outlet in rows:
        views[evidence.claim_id].evidence.append(
            EvidenceView(
                stance=evidence.stance,
                speaker=evidence.speaker,
                outlet=outlet,
                date=evidence.said_on,
                quote=evidence.quote,
                url=evidence.url,
                via=evidence.via,
            )
        )
    return views


def export_records(*, session: Session) -> Iterator[dict]:
    """Every piece of evidence as an interchange line, claim by claim, in insertion order."""
    last_id = 0
    while True:
        claims = session.exec(
            select(Claim).where(col(Claim.id) > last_id).order_by(col(Claim.id)).limit(BATCH)
        ).all()
        if not claims:
            return
        ids = [c.id for c in claims if c.id is not None]
        views = claim_views(session=session, claim_ids=ids)
        for claim_id in ids:
            view = views[claim_id]
            evidence = sorted(view.evidence, key=_stance_order)
            for item in evidence:
                line: dict = {"id": view.key, "claim": view.text}
                if view.aliases:
                    line["aliases"] = view.aliases
                line.update(
                    stance=item.stance,
                    speaker=item.speaker,
                    outlet=item.outlet,
                    date=item.date.isoformat() if item.date else None,
                    url=item.url,
                    quote=item.quote,
                )
                if item.via:
                    line["via"] = item.via
                yield line
        last_id = ids[-1]


def _stance_order(item: EvidenceView) -> tuple:
    order = list(Stance)
    return (order.index(Stance(item.stance)), item.date is None, item.date or dt.date.min)


def counts(*, session: Session) -> dict[str, int]:
    return {
        "claims": session.exec(select(func.count(col(Claim.id)))).one(),
        "evidence": session.exec(select(func.count(col(Evidence.id)))).one(),
        "outlets": session.exec(select(func.count(col(Outlet.id)))).one(),
    }
