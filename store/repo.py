"""Reads and writes of the claim base. Every function takes the session explicitly, by keyword,
so the caller decides the transaction (an import is one transaction, a check is read-only).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.files.jsonl import EvidenceRecord, fold, group_records
from store.models import Claim, ClaimAlias, Document, Evidence, Outlet, Stance, utcnow

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

    Records stream through in batches with bulk inserts, so a million lines take bounded
    memory. The caller commits: an error anywhere leaves the claim base as it was.
    """
    result = ImportResult()
    outlets = OutletCache(session)
    batch: list[EvidenceRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= IMPORT_BATCH:
            _import_batch(session, batch, added_by, outlets, result)
            batch = []
    if batch:
        _import_batch(session, batch, added_by, outlets, result)
    return result


IMPORT_BATCH = 2000


def _import_batch(
    session: Session,
    records: list[EvidenceRecord],
    added_by: str,
    outlets: OutletCache,
    result: ImportResult,
) -> None:
    groups = group_records(records)
    keys = [g.key for g in groups]
    claims: dict[str, int] = {}
    texts: dict[str, str] = {}
    for key, claim_id, text in session.exec(
        select(Claim.key, Claim.id, Claim.text).where(col(Claim.key).in_(keys))
    ):
        claims[key], texts[key] = claim_id, text
    fresh = [g for g in groups if g.key not in claims]
    if fresh:
        now = utcnow()
        rows = [{"key": g.key, "text": g.claim, "created_at": now} for g in fresh]
        for key, claim_id in session.execute(
            insert(Claim).returning(Claim.key, Claim.id), rows
        ).all():
            claims[key] = claim_id
        for g in fresh:
            texts[g.key] = g.claim
        result.claims_added += len(fresh)
    text_of = {claims[key]: text for key, text in texts.items()}
    wanted: dict[int, list[str]] = {}
    for group in groups:
        aliases = list(group.aliases)
        if fold(group.claim) != fold(texts[group.key]):
            aliases.insert(0, group.claim)
        if aliases:
            wanted[claims[group.key]] = aliases
    if wanted:
        existing: dict[int, set[str]] = defaultdict(set)
        for owner, text in session.exec(
            select(ClaimAlias.claim_id, ClaimAlias.text).where(
                col(ClaimAlias.claim_id).in_(list(wanted))
            )
        ):
            existing[owner].add(fold(text))
        rows = []
        for owner, aliases in wanted.items():
            own = fold(text_of[owner])
            seen = existing[owner]
            for alias in aliases:
                folded = fold(alias)
                if folded not in seen and folded != own:
                    seen.add(folded)
                    rows.append({"claim_id": owner, "text": alias})
        if rows:
            session.execute(insert(ClaimAlias), rows)
            result.aliases_added += len(rows)
    prints = [r.fingerprint() for r in records]
    known = set(
        session.exec(
            select(Evidence.fingerprint).where(col(Evidence.fingerprint).in_(set(prints)))
        ).all()
    )
    rows = []
    now = utcnow()
    for record, fingerprint in zip(records, prints, strict=True):
        if fingerprint in known:
            result.evidence_skipped += 1
            continue
        known.add(fingerprint)
        claim_id = claims[record.claim_key]
        rows.append(
            {
                "claim_id": claim_id,
                "stance": record.stance,
                "speaker": record.speaker,
                "outlet_id": outlets.id_for(record.outlet),
                "said_on": record.date,
                "quote": record.quote,
                "url": record.url,
                "via": record.via,
                "added_by": added_by,
                "fingerprint": fingerprint,
                "created_at": now,
            }
        )
        result.touched_claims.add(claim_id)
    if rows:
        session.execute(insert(Evidence), rows)
        result.evidence_added += len(rows)


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


def index_entries_since(*, session: Session, claim_id: int, alias_id: int) -> list[IndexEntry]:
    """Claims newer than `claim_id` with their aliases, and newer aliases of older claims."""
    aliases: dict[int, list[str]] = defaultdict(list)
    for owner, text in session.exec(
        select(ClaimAlias.claim_id, ClaimAlias.text)
        .where((col(ClaimAlias.claim_id) > claim_id) | (col(ClaimAlias.id) > alias_id))
        .order_by(col(ClaimAlias.id))
    ):
        aliases[owner].append(text)
    entries = [
        IndexEntry(owner, key, (text, *aliases.pop(owner, ())))
        for owner, key, text in session.exec(
            select(Claim.id, Claim.key, Claim.text)
            .where(col(Claim.id) > claim_id)
            .order_by(col(Claim.id))
        )
    ]
    if aliases:
        keys = dict(
            session.exec(select(Claim.id, Claim.key).where(col(Claim.id).in_(list(aliases)))).all()
        )
        entries += [IndexEntry(o, keys[o], tuple(t)) for o, t in aliases.items() if o in keys]
    return entries


def data_version(*, session: Session) -> tuple:
    """A cheap stamp that changes whenever claims or aliases change, for the matcher's cache."""
    claims = session.exec(select(func.count(col(Claim.id)), func.max(col(Claim.id)))).one()
    aliases = session.exec(
        select(func.count(col(ClaimAlias.id)), func.max(col(ClaimAlias.id)))
    ).one()
    return (*claims, *aliases)


def claim_views(*, session: Session, claim_ids: list[int]) -> dict[int, ClaimView]:
    """Claims with their aliases and evidence, in three queries whatever the number of claims.

    Plain column reads on the session's connection: this runs on every check, and ORM
    objects would cost more than the queries themselves.
    """
    if not claim_ids:
        return {}
    connection = session.connection()
    claim, alias = Claim.__table__.c, ClaimAlias.__table__.c
    evidence, outlet = Evidence.__table__.c, Outlet.__table__.c
    views = {
        row.id: ClaimView(id=row.id, key=row.key, text=row.text)
        for row in connection.execute(
            sa_select(claim.id, claim.key, claim.text).where(claim.id.in_(claim_ids))
        )
    }
    for row in connection.execute(
        sa_select(alias.claim_id, alias.text)
        .where(alias.claim_id.in_(claim_ids))
        .order_by(alias.id)
    ):
        views[row.claim_id].aliases.append(row.text)
    rows = connection.execute(
        sa_select(
            evidence.claim_id, evidence.stance, evidence.speaker, outlet.name, evidence.said_on,
            evidence.quote, evidence.url, evidence.via,
        )
        .join_from(Evidence.__table__, Outlet.__table__, outlet.id == evidence.outlet_id)
        .where(evidence.claim_id.in_(claim_ids))
        .order_by(evidence.said_on, evidence.id)
    )  # fmt: skip
    for row in rows:
        views[row.claim_id].evidence.append(
            EvidenceView(
                row.stance, row.speaker, row.name, row.said_on, row.quote, row.url, row.via
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


# --- documents and single pieces of evidence (ingestion) --------------------------------


def find_document(
    *, session: Session, url: str | None, content_hash: str | None
) -> Document | None:
    """The stored document with this url, or else with this content hash."""
    if url:
        found = session.exec(select(Document).where(Document.url == url)).first()
        if found is not None:
            return found
    if content_hash:
        return session.exec(select(Document).where(Document.content_hash == content_hash)).first()
    return None


def add_document(
    *,
    session: Session,
    outlet_id: int | None,
    url: str | None,
    title: str | None,
    published: dt.date | None,
    content_hash: str | None,
) -> Document:
    document = Document(
        outlet_id=outlet_id,
        url=url,
        title=title[:500] if title else None,
        published=published,
        content_hash=content_hash,
    )
    session.add(document)
    session.flush()
    return document


def claim_by_id(*, session: Session, claim_id: int) -> Claim | None:
    return session.get(Claim, claim_id)


def get_or_create_claim(*, session: Session, key: str, text: str) -> tuple[Claim, bool]:
    """The claim with this key, or a new one with this text; True when it was created."""
    claim = session.exec(select(Claim).where(Claim.key == key)).first()
    if claim is not None:
        return claim, False
    claim = Claim(key=key, text=text[:1000])
    session.add(claim)
    session.flush()
    return claim, True


def add_evidence(
    *,
    session: Session,
    claim_id: int,
    record: EvidenceRecord,
    outlets: OutletCache,
    added_by: str,
    document_id: int | None = None,
) -> Evidence | None:
    """Add one piece of evidence to a claim; None when its fingerprint is already stored.

    The record's `key` must be the claim's key: the fingerprint is the same one an import
    of the same line computes, so ingesting and importing never duplicate each other.
    """
    fingerprint = record.fingerprint()
    known = session.exec(select(Evidence.id).where(Evidence.fingerprint == fingerprint)).first()
    if known is not None:
        return None
    evidence = Evidence(
        claim_id=claim_id,
        stance=record.stance,
        speaker=record.speaker[:300],
        outlet_id=outlets.id_for(record.outlet[:200]),
        document_id=document_id,
        said_on=record.date,
        quote=record.quote[:2000] if record.quote else None,
        url=record.url[:2000] if record.url else None,
        via=record.via[:500] if record.via else None,
        added_by=added_by[:200],
        fingerprint=fingerprint,
    )
    session.add(evidence)
    session.flush()
    return evidence


@dataclass(frozen=True)
class AddedEvidence:
    """A piece of evidence with its claim and the `added_by` mark it was stored with."""

    claim_id: int
    claim_key: str
    claim_text: str
    added_by: str
    evidence: EvidenceView


def evidence_added_by(*, session: Session, prefix: str) -> list[AddedEvidence]:
    """Evidence whose `added_by` starts with `prefix`, claim by claim, oldest first."""
    rows = session.exec(
        select(Evidence, Claim, Outlet.name)
        .join(Claim, col(Claim.id) == col(Evidence.claim_id))
        .join(Outlet, col(Outlet.id) == col(Evidence.outlet_id))
        .where(col(Evidence.added_by).startswith(prefix, autoescape=True))
        .order_by(col(Claim.id), col(Evidence.said_on), col(Evidence.id))
    ).all()
    out = []
    for evidence, claim, outlet in rows:
        assert claim.id is not None
        view = EvidenceView(
            stance=evidence.stance,
            speaker=evidence.speaker,
            outlet=outlet,
            date=evidence.said_on,
            quote=evidence.quote,
            url=evidence.url,
            via=evidence.via,
        )
        out.append(AddedEvidence(claim.id, claim.key, claim.text, evidence.added_by or "", view))
    return out
