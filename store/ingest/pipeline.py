"""From an article to stored evidence: who said what about which claim, and when.

Matching runs before the write transaction, against the index of what is already stored, so
the transaction itself is short and holds no reads through other connections. Everything an
ingest records (the document, new claims, evidence, ClaimReview markup, the audit entry)
lands in one transaction: an error leaves the claim base as it was.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store import repo
from store.claimbase import audit
from store.claimbase.base import ClaimBase
from store.db import session_scope
from store.files.formats import FormatError, claimreview_records, import_claimreview
from store.files.jsonl import EvidenceRecord, derive_key, fold
from store.ingest.attribute import Statement, attribute
from store.ingest.extract import Article, extract_html, extract_text
from store.ingest.fetch import FetchError, fetch
from store.match.analyze import Analyzer
from store.match.index import MatchIndex
from store.models import Claim

__all__ = [
    "FetchError",
    "IngestError",
    "IngestResult",
    "Recorded",
    "ingest_article",
    "ingest_source",
    "ingest_url",
    "read_article_file",
]

MAX_FILE_BYTES = 5_000_000
STRICT_SCORE = 75.0
FETCH_DEADLINE = 20.0
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
STANCE_LABELS = {"backs": "backs", "disputes": "disputes", "unconfirmed": "not confirmed"}
FLIP = {"backs": "disputes", "disputes": "backs", "unconfirmed": "unconfirmed"}


class IngestError(Exception):
    """A source that cannot be ingested; ``str(e)`` is one line fit to show the user."""


@dataclass(frozen=True)
class Recorded:
    """One piece of evidence an ingest stored, as the reply lists it."""

    claim: str
    claim_key: str
    new_claim: bool
    speaker: str
    via: str | None
    stance: str
    date: dt.date | None
    quote: str

    def line(self) -> str:
        """E.g. ``disputes: Ukrainian officers (via BBC) · 7 Jul 2025 · “Russia took X”``."""
        via = f" (via {self.via})" if self.via else ""
        new = " [new claim]" if self.new_claim else ""
        return (
            f"{STANCE_LABELS[self.stance]}: {self.speaker}{via} · {human_day(self.date)} · "
            f"“{self.claim}”{new}"
        )


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

    def name(self) -> str:
        return f"“{self.title}”" if self.title else (self.url or "the document")

    def summary(self) -> str:
        where = f"{self.outlet}, {human_day(self.published)}"
        if self.duplicate:
            return f"Already ingested: {self.name()} ({where}); nothing added."
        claims = len({r.claim_key for r in self.recorded})
        text = (
            f"Ingested {self.name()} ({where}): {len(self.recorded)} pieces of evidence "
            f"on {claims} claims, {self.claims_added} of them new"
        )
        if self.claimreview_added:
            text += f"; {self.claimreview_added} from ClaimReview markup"
        if self.already_known:
            text += f"; {self.already_known} already known"
        if not self.statements:
            text += "; no attributed statements found"
        return text + "."


def human_day(day: dt.date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "undated"


# --- reading sources ---------------------------------------------------------------------


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """A link of any scheme (fetch refuses all but http and https), not a file path."""
    return bool(_SCHEME.match(source.strip()))


def read_article_file(path: str | Path, *, url: str | None = None) -> Article:
    """Read an .html or .txt file, at most 5 MB, refusing what is not text."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except IsADirectoryError:
        raise IngestError("is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or 'error'})") from None
    if len(data) > MAX_FILE_BYTES:
        raise IngestError("larger than 5 MB; ingest the article's own text instead")
    if b"\0" in data[:8192]:
        raise IngestError("a binary file, not an article (use .html or .txt)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError("not UTF-8 text; save it as UTF-8 and try again") from None
    if path.suffix.lower() in HTML_SUFFIXES:
        return extract_html(text, url=url)
    return extract_text(text)


async def fetch_article(
    url: str, *, client: httpx.AsyncClient, allow_private: bool, deadline: float
) -> Article:
    """Fetch a page and extract it; its link is the address it was finally served from."""
    page = await fetch(url, client=client, allow_private=allow_private, deadline=deadline)
    if page.content_type == "text/plain":
        article = await asyncio.to_thread(extract_text, page.text)
        article.url = page.url
        return article
    return await asyncio.to_thread(extract_html, page.text, url=page.url)


async def ingest_url(
    url: str,
    *,
    base: ClaimBase,
    client: httpx.AsyncClient,
    allow_private: bool,
    actor: str,
    outlet: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    deadline: float = FETCH_DEADLINE,
) -> IngestResult:
    """Fetch a web page (refusing private addresses unless allowed) and ingest it."""
    article = await fetch_article(
        url, client=client, allow_private=allow_private, deadline=deadline
    )
    return await asyncio.to_thread(
        ingest_article,
        article,
        base=base,
        actor=actor,
        outlet=outlet,
        published=published,
        title=title,
    )


async def ingest_source(
    source: str,
    *,
    base: ClaimBase,
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
    source = source.strip()
    if is_url(source):
        article = await fetch_article(
            source, client=client, allow_private=allow_private, deadline=deadline
        )
    else:
        article = await asyncio.to_thread(read_article_file, source, url=url)
    return await asyncio.to_thread(
        ingest_article,
        article,
        base=base,
        actor=actor,
        outlet=outlet,
        published=published,
        url=url,
        title=title,
    )


# --- storing -----------------------------------------------------------------------------


def content_hash(text: str) -> str:
    """Identity of a text without a link: case, width and spacing do not count."""
    return hashlib.sha256(fold(text).encode()).hexdigest()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


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


def ingest_article(
    article: Article,
    *,
    base: ClaimBase,
    actor: str,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> IngestResult:
    """Store an article's attributed statements as evidence, in one transaction."""
    url = (url or article.url or "").strip() or None
    outlet_name = (outlet or article.outlet or _host(url) or "").strip()
    if not outlet_name:
        raise IngestError('the outlet is not known: name it, e.g. --outlet "Kyiv Independent"')
    if not article.text.strip():
        raise IngestError("no article text found")
    result = IngestResult(
        title=(title or article.title or "").strip() or None,
        url=url,
        outlet=outlet_name,
        published=published or article.published,
    )
    statements = attribute(article.text, outlet=outlet_name)
    result.statements = len(statements)
    try:
        reviews = claimreview_records(article.claimreviews) if article.claimreviews else []
    except FormatError:
        reviews = []  # markup that is not a usable ClaimReview does not stop the article
    index = base.index()
    propositions = [s.proposition for s in statements] + [r.claim for _, r in reviews]
    links = {fold(p): _strict_match(index, p) for p in propositions}
    digest = content_hash(article.text)
    try:
        with session_scope(base.engine) as session:
            _store(session, result, statements, links, reviews, digest, actor, base)
    except IntegrityError:
        # Another ingest of the same document may have won the race: then it holds the
        # evidence and this one adds nothing; anything else is a real error.
        with session_scope(base.engine) as session:
            found = repo.find_document(session=session, url=result.url, content_hash=digest)
        if found is None:
            raise
        result.duplicate, result.document_id = True, found.id
        result.recorded.clear()
        result.claims_added = result.claimreview_added = result.already_known = 0
    base.invalidate()
    return result


def _store(
    session: Session,
    result: IngestResult,
    statements: list[Statement],
    links: dict[str, _Link | None],
    reviews: list[tuple[str, EvidenceRecord]],
    digest: str,
    actor: str,
    base: ClaimBase,
) -> None:
    found = repo.find_document(session=session, url=result.url, content_hash=digest)
    if found is not None:
        result.duplicate = True
        result.document_id = found.id
        return
    outlets = repo.OutletCache(session)
    document = repo.add_document(
        session=session,
        outlet_id=outlets.id_for(result.outlet[:200]),
        url=result.url,
        title=result.title,
        published=result.published,
        content_hash=digest,
    )
    result.document_id = document.id
    claims = _ClaimChooser(session, links, base.analyzer)
    for statement in statements:
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
            date=result.published,
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
            document_id=document.id,
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
                date=result.published,
                quote=statement.quote,
            )
        )
    if reviews:
        linked = []
        for role, record in reviews:
            claim, denies, created = claims.choose(record.claim)
            result.claims_added += created
            stance = FLIP[record.stance] if denies else record.stance
            linked.append(
                (role, replace(record, claim=claim.text, key=claim.key, stance=stance, aliases=()))
            )
        imported = import_claimreview(session=session, pairs=linked, who=actor)
        result.claimreview_added = imported.evidence_added
        result.claims_added += imported.claims_added
    audit.record(
        session=session,
        actor=actor,
        action="ingest",
        detail={
            "url": result.url,
            "title": result.title,
            "outlet": result.outlet,
            "document_id": document.id,
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
