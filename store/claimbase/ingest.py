"""Ingesting an article: its statements become evidence on the events they are about.

A statement's frame (store.match.frame: captured, by whom, where, how many) decides its
claim: every statement of one event joins one claim, whatever its wording, source or
language, and a denial joins it as a dispute. A new event gets a claim with a readable
English text. A statement with no frame is only kept when it strictly matches a stored
claim: background sentences do not become claims of their own.

Matching runs before the write transaction, against the index of what is already stored, so
the transaction itself is short and holds no reads through other connections. Everything an
ingest records (the document, new claims, evidence, ClaimReview markup, the audit entry)
lands in one transaction: an error leaves the claim base as it was.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import httpx
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store import repo
from store.claimbase import audit
from store.claimbase.events import frame_book
from store.claimbase.importing import store_claimreview
from store.db import session_scope
from store.files.jsonl import EvidenceRecord, derive_key, fold
from store.ingest.extract import Article
from store.ingest.pipeline import FETCH_DEADLINE, Document, read_article, read_document
from store.match.analyze import Analysis, Analyzer
from store.match.carry import carried_frames, one_place_each, places_meant
from store.match.frame import (
    APART_DAYS,
    CAPTURE,
    ENCIRCLE,
    ENTER,
    NAMESAKE_DAYS,
    SPANNING,
    Frame,
    FrameBook,
    describe,
    describe_when,
    namesakes,
    read_frame,
    speaker_side,
)
from store.match.index import MatchIndex
from store.models import Claim, ClaimAlias, Evidence

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

STRICT_SCORE = 75.0
# "the enemy" as the Russian and Ukrainian texts of either side write it ("ворог" is Russia's)
_ENEMY = re.compile(r"(?<![\w-])(?:противник\w*|враг(?:и|ов|а|у)?|the enemy)(?![\w-])", re.I)
OTHER_SIDE = {"russia": "ukraine", "ukraine": "russia"}
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
    without_event: int = 0  # statements with no frame that match no stored claim: left out
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
    analyzer = claim_base.analyzer
    meant = places_meant(
        ((s.sentence_index, s.proposition, s.quote) for s in document.statements), analyzer
    )
    document.statements = [
        replace(s, proposition=text)
        for s in document.statements
        for each in meant.get((s.sentence_index, s.proposition), [s.proposition])
        for text in one_place_each(each, analyzer)
    ]
    result = IngestResult(
        title=document.title,
        url=document.url,
        outlet=document.outlet,
        published=document.published,
        statements=len(document.statements),
    )
    index = claim_base.index()
    book = frame_book(index)
    texts = [s.proposition for s in document.statements] + [r.claim for _, r in document.reviews]
    # One reading and at most one search per distinct proposition: repeats and reviews that
    # fold alike share them. A proposition stating a known event needs no search.
    distinct = {fold(text): text for text in texts}
    analyses = {key: analyzer.analyze(text) for key, text in distinct.items()}
    frames = {
        key: read_frame(text, analyses[key], analyzer.gazetteer) for key, text in distinct.items()
    }
    # "Russian forces entered the city": the place named in the sentences just before.
    order = sorted(document.statements, key=lambda s: s.sentence_index)
    for key, frame in carried_frames(
        ((s.sentence_index, s.proposition, s.quote) for s in order), frames, analyzer, fold
    ).items():
        frames[key] = frame
    links = {
        key: _strict_match(index, text, book, analyses[key])
        for key, text in distinct.items()
        if frames[key] is None or book.find(frames[key]) is None
    }
    # A flash (what it says is in its first two sentences) announces news of the day; an
    # article may retell a ministry's claim weeks later.
    flash = all(s.sentence_index <= 1 for s in document.statements)
    chooser = _ClaimChooser(links, frames, book, analyzer, flash=flash)
    try:
        with session_scope(claim_base.engine) as session:
            _store(session, result, document, chooser, actor)
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


def _strict_match(
    index: MatchIndex, proposition: str, book: FrameBook, analysis: Analysis
) -> _Link | None:
    """The stored claim that states no event and that a proposition states in other words.
    A claim about an event is left to its frame, so neither the wording of another event
    nor a background sentence ("Kharkiv will take a decade to recover") joins it."""
    result = index.search(proposition, limit=2, min_score=STRICT_SCORE, analysis=analysis)
    if not result.matches or result.ambiguous:
        return None
    best = result.matches[0]
    if best.claim_id in book.framed:
        return None
    return _Link(best.claim_id, best.polarity == "denies")


def _claimed_by_side(frame: Frame) -> bool:
    """Ground said to be taken, entered or encircled (or not) with no side named."""
    return frame.action in {CAPTURE, ENTER, ENCIRCLE} and not frame.figure


def _store(
    session: Session,
    result: IngestResult,
    document: Document,
    chooser: _ClaimChooser,
    actor: str,
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
    claims = chooser.start(session)
    for statement in document.statements:
        chosen = claims.choose(
            statement.proposition,
            when=result.published,
            said_on=statement.said_on,
            side=speaker_side(statement.speaker),
            disputes=statement.stance == "disputes",
        )
        if chosen is None:
            result.without_event += 1
            continue
        claim, denies, created = chosen
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
            # A fact-checker's claim keeps its own text when it is about no known event.
            claim, denies, created = claims.choose_or_create(record.claim, when=record.date)
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
            "without_event": result.without_event,
        },
    )


Chosen = tuple[Claim, bool, bool]  # the claim, the text denies it, the claim was created now


class _ClaimChooser:
    """Pick the claim for each proposition: the claim of its event (stored, or created
    earlier in this document), else a stored claim it matches strictly, else a new claim
    for its event; a proposition about no event that matches no stored claim gets none."""

    def __init__(
        self,
        links: dict[str, _Link | None],
        frames: dict[str, Frame | None],
        book: FrameBook,
        analyzer: Analyzer,
        *,
        flash: bool = False,
    ) -> None:
        self.links = links
        self.flash = flash
        self.frames = frames
        self.book = book
        self.analyzer = analyzer
        self.session: Session | None = None
        self.local = FrameBook()  # events given a claim in this document
        self.created: set[str] = set()

    def start(self, session: Session) -> _ClaimChooser:
        self.session = session
        self.local = FrameBook()
        self.created = set()
        return self

    def choose(
        self,
        proposition: str,
        *,
        when: dt.date | None,
        said_on: dt.date | None = None,
        side: str | None = None,
        disputes: bool = False,
    ) -> Chosen | None:
        """The claim of a statement published on `when` (said on `said_on` when known), or
        None when it is about no event. `side` is the side the speaker speaks for: "the town
        was taken", said by one side's ministry, is that side's capture; denied by one side
        (`disputes`, or in its own words), the other side's."""
        folded = fold(proposition)
        frame = self.frames.get(folded)
        if frame is not None and frame.date is None and when is not None:
            frame = replace(frame, date=when)
        if frame is not None and side and frame.actor is None and _claimed_by_side(frame):
            # "Противник оккупировал X", said by one side, is the other side's capture
            denied = (frame.negated != disputes) != bool(_ENEMY.search(proposition))
            frame = replace(frame, actor=OTHER_SIDE[side] if denied else side)
        apart = False
        if frame is not None:
            day = said_on or frame.date
            # A side announcing again, in a flash, a capture of a name several villages
            # share is announcing another of them.
            announced = self.flash and side and side == frame.actor and namesakes(frame)
            again = side if announced else None
            for claim_id, denies in self._candidates(frame):
                if frame.action in SPANNING and day and self._apart(claim_id, day, again):
                    apart = True  # the same deed at another time: another claim
                    continue
                claim = self._claim(claim_id)
                if claim is not None:
                    return claim, denies, False
            if apart:
                dated = replace(frame, date=day)
                chosen = self._create(describe_when(dated, self.analyzer.gazetteer), dated)
                if chosen[2]:
                    # Matched on the event's words, as the claim of the other time is; the
                    # month in its text is for people, the post's own day picks between them.
                    plain = describe(frame, self.analyzer.gazetteer)
                    self.session.add(ClaimAlias(claim_id=chosen[0].id, text=plain))
                return chosen
        link = self.links.get(folded)
        if link is not None:
            claim = self._claim(link.claim_id)
            if claim is not None:
                return claim, link.denies, False
        if frame is None:
            return None
        return self._create(describe(frame, self.analyzer.gazetteer), frame)

    def choose_or_create(self, text: str, *, when: dt.date | None) -> Chosen:
        chosen = self.choose(text, when=when)
        if chosen is not None:
            return chosen
        return self._create(text, None)

    def _candidates(self, frame: Frame) -> list[tuple[int, bool]]:
        """The claims of this document, then the stored ones, that may tell the event."""
        found = dict(self.local.candidates(frame))
        for claim_id, denies in self.book.candidates(frame):
            found.setdefault(claim_id, denies)
        return list(found.items())

    def _apart(self, claim_id: int, day: dt.date, again: str | None = None) -> bool:
        """Every dated statement of the claim is more than APART_DAYS from `day`; or, for a
        side announcing `again` a capture of a name several villages share, every statement
        of that side backing the claim is more than NAMESAKE_DAYS from it (a ministry
        announces a capture once; others may confirm it weeks later)."""
        assert self.session is not None
        rows = self.session.exec(
            select(Evidence.said_on, Evidence.speaker, Evidence.stance).where(
                Evidence.claim_id == claim_id
            )
        ).all()
        dates = [d for d, _, _ in rows if d is not None]
        if dates and all(abs((d - day).days) > APART_DAYS for d in dates):
            return True
        if again is None:
            return False
        own = [
            d
            for d, speaker, stance in rows
            if d is not None and stance == "backs" and speaker_side(speaker) == again
        ]
        return bool(own) and all(abs((d - day).days) > NAMESAKE_DAYS for d in own)

    def _claim(self, claim_id: int) -> Claim | None:
        assert self.session is not None
        return repo.claim_by_id(session=self.session, claim_id=claim_id)

    def _create(self, text: str, frame: Frame | None) -> Chosen:
        assert self.session is not None
        claim, created = repo.get_or_create_claim(
            session=self.session, key=derive_key(text), text=text
        )
        assert claim.id is not None
        if created:
            self.created.add(claim.key)
        if frame is not None:
            # The claim's text states the event as affirmed: a denial disputes it.
            self.local.add(replace(frame, negated=False), claim.id)
        return claim, bool(frame and frame.negated), created
