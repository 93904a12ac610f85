"""Chats watching claims, and the alerts owed to them when new evidence arrives.

A watch remembers the highest evidence id the chat has heard about. Evidence from anywhere
(a chat, an import, ingestion, another replica) gets a higher id, so "what is new" is one
comparison, and because the mark lives in the database, alerts survive a restart.

Taking alerts reads the new evidence and advances the mark in one transaction, with a
compare-and-set on the old mark: of two processes racing for the same watch, one wins and the
other takes nothing. On PostgreSQL the watch rows are also locked with FOR UPDATE SKIP LOCKED,
so a second replica skips them instead of waiting. The message is sent after that commit:
a crash between the commit and the send loses that one alert rather than sending it twice,
and a send that fails for a passing reason hands the alert back (`give_back`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store.claimbase.sightings import SightingView, aware, sightings_between
from store.db import session_scope
from store.models import Claim, Evidence, Outlet, Watch
from store.repo import EvidenceView

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

MAX_WATCHES_PER_CHAT = 100


class WatchError(ValueError):
    """A watch that cannot be made; the message is shown to the user."""


@dataclass(frozen=True)
class Watched:
    """A /watch: the claim's text, and False in `created` when the chat watched it already."""

    claim_id: int
    claim: str
    created: bool


@dataclass(frozen=True)
class WatchView:
    """A line of /watching."""

    number: int
    claim_id: int
    claim: str
    since: dt.datetime


@dataclass
class Alert:
    """New evidence on one watched claim for one chat; `previous` is the mark before it."""

    watch_id: int
    chat_id: int
    claim_id: int
    claim: str
    previous: int
    latest: int
    evidence: list[EvidenceView] = field(default_factory=list)
    # Channels seen carrying the claim since the alert before (each once, earliest post).
    channels: list[SightingView] = field(default_factory=list)


def latest_evidence_id(*, session: Session, claim_id: int) -> int:
    found = session.exec(
        select(func.max(col(Evidence.id))).where(Evidence.claim_id == claim_id)
    ).one()
    return int(found or 0)


def watch(claim_base: ClaimBase, *, chat_id: int, claim_id: int, created_by: str) -> Watched:
    """Subscribe a chat to a claim from now on: alerts start with the next evidence."""
    with session_scope(claim_base.engine) as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise WatchError("that claim is no longer in the claim base")
        existing = session.exec(
            select(Watch).where(Watch.chat_id == chat_id, Watch.claim_id == claim_id)
        ).first()
        if existing is not None:
            return Watched(claim_id, claim.text, created=False)
        count = session.exec(
            select(func.count(col(Watch.id))).where(Watch.chat_id == chat_id)
        ).one()
        if count >= MAX_WATCHES_PER_CHAT:
            raise WatchError(
                f"this chat already watches {MAX_WATCHES_PER_CHAT} claims; "
                "stop one with /unwatch N (see /watching)"
            )
        session.add(
            Watch(
                chat_id=chat_id,
                claim_id=claim_id,
                last_evidence_id=latest_evidence_id(session=session, claim_id=claim_id),
                created_by=created_by,
            )
        )
        session.flush()
        return Watched(claim_id, claim.text, created=True)


def watching(claim_base: ClaimBase, *, chat_id: int) -> list[WatchView]:
    """The chat's watches, oldest first, numbered as /unwatch N refers to them."""
    with Session(claim_base.engine) as session:
        rows = session.exec(
            select(Watch, Claim.text)
            .join(Claim, col(Claim.id) == col(Watch.claim_id))
            .where(Watch.chat_id == chat_id)
            .order_by(col(Watch.id))
        ).all()
    return [
        WatchView(number=n, claim_id=w.claim_id, claim=text, since=w.created_at)
        for n, (w, text) in enumerate(rows, start=1)
    ]


def unwatch(claim_base: ClaimBase, *, chat_id: int, claim_id: int) -> bool:
    """Stop a chat's watch of a claim; False when it was not watching it."""
    with session_scope(claim_base.engine) as session:
        result = session.exec(
            delete(Watch).where(col(Watch.chat_id) == chat_id, col(Watch.claim_id) == claim_id)
        )
        return bool(result.rowcount)


def drop_chat(claim_base: ClaimBase, *, chat_id: int) -> int:
    """Forget every watch of a chat the bot can no longer post to."""
    with session_scope(claim_base.engine) as session:
        result = session.exec(delete(Watch).where(col(Watch.chat_id) == chat_id))
        return int(result.rowcount or 0)


def take_alerts(claim_base: ClaimBase, *, limit: int = 50, per_alert: int = 20) -> list[Alert]:
    """Alerts for watches with newer evidence, their marks advanced when this returns."""
    with session_scope(claim_base.engine) as session:
        return claim_alerts(session=session, limit=limit, per_alert=per_alert)


def claim_alerts(*, session: Session, limit: int = 50, per_alert: int = 20) -> list[Alert]:
    """Take alerts in the caller's transaction: the marks advance when it commits, and the
    watch rows stay locked until then."""
    newest = (
        select(func.max(col(Evidence.id)))
        .where(col(Evidence.claim_id) == col(Watch.claim_id))
        .scalar_subquery()
    )
    watches = session.exec(
        select(Watch)
        .where(col(Watch.last_evidence_id) < newest)
        .order_by(col(Watch.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=Watch)
    ).all()
    if not watches:
        return []
    claims = dict(
        session.exec(
            select(Claim.id, Claim.text).where(col(Claim.id).in_({w.claim_id for w in watches}))
        ).all()
    )
    alerts = []
    for item in watches:
        assert item.id is not None
        rows = session.exec(
            select(Evidence, Outlet.name)
            .join(Outlet, col(Outlet.id) == col(Evidence.outlet_id))
            .where(Evidence.claim_id == item.claim_id, col(Evidence.id) > item.last_evidence_id)
            .order_by(col(Evidence.id))
            .limit(per_alert)
        ).all()
        if not rows:
            continue
        latest = max(e.id for e, _ in rows if e.id is not None)
        previous = item.last_evidence_id
        channels = _channels_seen(session, item, rows[-1][0])
        taken = session.exec(
            update(Watch)
            .where(col(Watch.id) == item.id, col(Watch.last_evidence_id) == previous)
            .values(last_evidence_id=latest)
            .execution_options(synchronize_session=False)
        )
        if not taken.rowcount:
            continue
        alerts.append(
            Alert(
                watch_id=item.id,
                chat_id=item.chat_id,
                claim_id=item.claim_id,
                claim=claims.get(item.claim_id, ""),
                previous=previous,
                latest=latest,
                evidence=[
                    EvidenceView(
                        stance=e.stance,
                        speaker=e.speaker,
                        outlet=outlet,
                        date=e.said_on,
                        quote=e.quote,
                        url=e.url,
                        via=e.via,
                    )
                    for e, outlet in rows
                ],
                channels=channels,
            )
        )
    return alerts


def _channels_seen(session: Session, item: Watch, latest: Evidence) -> list[SightingView]:
    """Channels seen carrying the claim between the evidence of the last alert (or the watch's
    start) and the newest evidence of this one: each sighting falls in one alert's window."""
    since = aware(item.created_at)
    if item.last_evidence_id:
        before = session.get(Evidence, item.last_evidence_id)
        if before is not None:
            since = max(since, aware(before.created_at))
    return sightings_between(
        session=session, claim_id=item.claim_id, after=since, until=aware(latest.created_at)
    )


def give_back(claim_base: ClaimBase, *, alert: Alert) -> bool:
    """Undo taking an alert that could not be sent, so the next round tries again."""
    with session_scope(claim_base.engine) as session:
        result = session.exec(
            update(Watch)
            .where(col(Watch.id) == alert.watch_id, col(Watch.last_evidence_id) == alert.latest)
            .values(last_evidence_id=alert.previous)
        )
        return bool(result.rowcount)
