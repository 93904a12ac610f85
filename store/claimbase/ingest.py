"""Ingesting an article: its statements become evidence on the claims they are about.

Matching runs before the write transaction, against the index of what is already stored, so
the transaction itself is short and holds no reads through other connections. Everything an
ingest records (the document, new claims, evidence, ClaimReview markup, the audit entry)
lands in one transaction: an error leaves the claim base as it was.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import httpx
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store import repo
from store.claimbase import audit
from store.claimbase.importing import store_claimreview
from store.db import session_scope
from store.files.jsonl import EvidenceRecord, derive_key, fold
from store.ingest.extract import Article
from store.ingest.pipeline import FETCH_DEADLINE, Document, read_article, read_document
from store.match.analyze import Analyzer
from store.match.index import MatchIndex
from store.models import Claim

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

STRICT_SCORE = 75.0
FLIP = {"backs": "disputes", "disputes": "backs", "unconfirmed": "unconfirmed"}


@dataclass(frozen=True)
class Recorded:
    """One piece of evidence an ingest stored."""

    claim: str
    claim_key: str
    new_claim: bool
    speaker: str
    via: str | None
    stance: str
    date: dt.date | None
    quote: str


@dataclass
class IngestResult:
    """What an ingest found and stored; ``duplicate`` means the document was already there."""

    title: str | None
    url: str | None
    outlet: str
    published: dt.date | None
    document_id: int | None = None
    duplicate: bool = False
    recorded: list[Recorded] = field(default_factory=list)
    statements: int = 0
    already_known: int = 0
    claims_added: int = 0
    claimreview_added: int = 0

    @property
    def evidence_added(self) -> int:
        return len(self.recorded) + self.claimreview_added


async def ingest_source(
    claim_base: ClaimBase,
    source: str,
    *,
    client: httpx.AsyncClient,
    allow_private: bool,
    actor: str,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    deadline: float = FETCH_DEADLINE,
) -> IngestResult:
    """Ingest an http(s) link, an .html file or a .txt file.

    ``url`` names the document when it came from a file (it is its link in the answers);
    for a link it replaces the fetched address. Raises FetchError or IngestError.
    """
    article = await read_article(
        source, client=client, allow_private=allow_private, url=url, deadline=deadline
    )
    return await asyncio.to_thread(
        ingest_article,
        claim_base,
        article,
        actor=actor,
        outlet=outlet,
        published=published,
        url=url,
        title=title,
    )


def ingest_article(
    claim_base: ClaimBase,
    article: Article,
    *,
    actor: str,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> IngestResult:
    """Store an article's attributed statements as evidence, in one transaction."""
    document = read_document(article, outlet=outlet, published=published, url=url, title=title)
    result = IngestResult(
        title=document.title,
        url=document.url,
        outlet=document.outlet,
        published=document.published,
        statements=len(document.statements),
    )
    index = claim_base.index()
    propositions = [s.proposition for s in document.statements]
    propositions += [r.claim for _, r in document.reviews]
    # One search per distinct proposition: repeats and reviews that fold alike share it.
    distinct = {fold(p): p for p in propositions}
    links = {key: _strict_match(index, p) for key, p in distinct.items()}
    try:
        with session_scope(claim_base.engine) as session:
            _store(session, result, document, links, actor, claim_base.analyzer)
    except IntegrityError:
        # Another ingest of the same document may have won the race: then it holds the
        # evidence and this one adds nothing; anything else is a real error.
        with session_scope(claim_base.engine) as session:
            found = repo.find_document(
                session=session, url=result.url, content_hash=document.content_hash
            )
        if found is None:
            raise
        result.duplicate, result.document_id = True, found.id
        result.recorded.clear()
        result.claims_added = result.claimreview_added = result.already_known = 0
    claim_base.invalidate()
    return result


@dataclass(frozen=True)
class _Link:
    """Where a proposition goes: a stored claim (and whether it denies it), or nowhere yet."""

    claim_id: int
    denies: bool


def _strict_match(index: MatchIndex, proposition: str) -> _Link | None:
    result = index.search(proposition, limit=2, min_score=STRICT_SCORE)
    if not result.matches or result.ambiguous:
        return None
    best = result.matches[0]
    return _Link(best.claim_id, best.polarity == "denies")


def _store(
    session: Session,
    result: IngestResult,
    document: Document,
    links: dict[str, _Link | None],
    actor: str,
    analyzer: Analyzer,
) -> None:
    found = repo.find_document(session=session, url=result.url, content_hash=document.content_hash)
    if found is not None:
        result.duplicate = True
        result.document_id = found.id
        return
    outlets = repo.OutletCache(session)
    stored = repo.add_document(
        session=session,
        outlet_id=outlets.id_for(result.outlet[:200]),
        url=result.url,
        title=result.title,
        published=result.published,
        content_hash=document.content_hash,
    )
    result.document_id = stored.id
    claims = _ClaimChooser(session, links, analyzer)
    for statement in document.statements:
        claim, denies, created = claims.choose(statement.proposition)
        result.claims_added += created
        stance = FLIP[statement.stance] if denies else statement.stance
        via = " / ".join(statement.via) or None
        record = EvidenceRecord(
            claim=claim.text,
            key=claim.key,
            stance=stance,
            speaker=statement.speaker,
            outlet=result.outlet,
            date=statement.said_on or result.published,
            url=result.url,
            quote=statement.quote,
            via=via,
        )
        assert claim.id is not None
        added = repo.add_evidence(
            session=session,
            claim_id=claim.id,
            record=record,
            outlets=outlets,
            added_by=actor,
            document_id=stored.id,
        )
        if added is None:
            result.already_known += 1
            continue
        result.recorded.append(
            Recorded(
                claim=claim.text,
                claim_key=claim.key,
                new_claim=claim.key in claims.created,
                speaker=statement.speaker,
                via=via,
                stance=stance,
                date=statement.said_on or result.published,
                quote=statement.quote,
            )
        )
    if document.reviews:
        linked = []
        for role, record in document.reviews:
            claim, denies, created = claims.choose(record.claim)
            result.claims_added += created
            stance = FLIP[record.stance] if denies else record.stance
            linked.append(
                (role, replace(record, claim=claim.text, key=claim.key, stance=stance, aliases=()))
            )
        imported = store_claimreview(session=session, pairs=linked, who=actor)
        result.claimreview_added = imported.evidence_added
        result.claims_added += imported.claims_added
    audit.record(
        session=session,
        actor=actor,
        action=audit.INGEST,
        detail={
            "url": result.url,
            "title": result.title,
            "outlet": result.outlet,
            "document_id": stored.id,
            "evidence_added": result.evidence_added,
            "claims_added": result.claims_added,
            "already_known": result.already_known,
        },
    )


class _ClaimChooser:
    """Pick the claim for each proposition: a stored one matched strictly, one already
    chosen in this document, or a new one (matched strictly against the document's other
    new claims, so "Russia seized X" and "Russia captured X" in one article are one claim)."""

    def __init__(self, session: Session, links: dict[str, _Link | None], analyzer: Analyzer):
        self.session = session
        self.links = links
        self.analyzer = analyzer
        self.chosen: dict[str, tuple[Claim, bool]] = {}
        self.created: set[str] = set()
        self.new_entries: list[repo.IndexEntry] = []
        self.local: MatchIndex | None = None

    def choose(self, proposition: str) -> tuple[Claim, bool, bool]:
        """(claim, the proposition denies it, the claim was created now)."""
        folded = fold(proposition)
        if folded in self.chosen:
            claim, denies = self.chosen[folded]
            return claim, denies, False
        link = self.links.get(folded)
        claim = None
        if link is not None:
            claim = repo.claim_by_id(session=self.session, claim_id=link.claim_id)
        if claim is not None and link is not None:
            self.chosen[folded] = (claim, link.denies)
            return claim, link.denies, False
        if self.local is not None:
            local = _strict_match(self.local, proposition)
            if local is not None:
                claim = repo.claim_by_id(session=self.session, claim_id=local.claim_id)
                if claim is not None:
                    self.chosen[folded] = (claim, local.denies)
                    return claim, local.denies, False
        claim, created = repo.get_or_create_claim(
            session=self.session, key=derive_key(proposition), text=proposition
        )
        assert claim.id is not None
        if created:
            self.created.add(claim.key)
            self.new_entries.append(repo.IndexEntry(claim.id, claim.key, (claim.text,)))
            self.local = MatchIndex(self.new_entries, self.analyzer)
        self.chosen[folded] = (claim, False)
        return claim, False, created
