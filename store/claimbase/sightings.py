"""Provenance: public channel posts seen carrying a claim, kept apart from evidence.

A sighting says "this channel posted this, on this date", not "this channel backs the claim":
it tells a newsroom where a claim is circulating and since when, which evidence cannot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.models import Sighting


@dataclass(frozen=True)
class ChannelPost:
    """A post in a public channel, as a forward reveals it."""

    channel: str  # the channel's username, without "@"
    channel_id: int
    message_id: int
    posted_at: dt.datetime | None = None

    @property
    def link(self) -> str:
        return f"https://t.me/{self.channel}/{self.message_id}"


@dataclass(frozen=True)
class SightingView:
    """One channel that carried the claim, at its earliest post."""

    channel: str
    posted_at: dt.datetime | None
    link: str | None


def record_sighting(*, session: Session, post: ChannelPost, claim_id: int | None) -> Sighting:
    """Record the post once per claim; the same post forwarded again changes nothing."""
    existing = _find(session, post, claim_id)
    if existing is not None:
        return existing
    sighting = Sighting(
        claim_id=claim_id,
        channel_id=post.channel_id,
        channel=post.channel,
        message_id=post.message_id,
        link=post.link,
        posted_at=post.posted_at,
    )
    try:
        with session.begin_nested():
            session.add(sighting)
    except IntegrityError:
        # Another replica recorded the same post between our look-up and our insert.
        found = _find(session, post, claim_id)
        if found is None:
            raise
        return found
    return sighting


def _find(session: Session, post: ChannelPost, claim_id: int | None) -> Sighting | None:
    query = select(Sighting).where(
        Sighting.channel_id == post.channel_id, Sighting.message_id == post.message_id
    )
    query = query.where(
        col(Sighting.claim_id).is_(None) if claim_id is None else Sighting.claim_id == claim_id
    )
    return session.exec(query).first()


def sightings_of(
    *, session: Session, claim_id: int, exclude: ChannelPost | None = None, limit: int = 50
) -> list[SightingView]:
    """Channels that carried the claim, each at its earliest post, oldest first.

    `exclude` is the post being answered, so the answer never cites the forward itself.
    """
    rows = session.exec(
        select(Sighting)
        .where(Sighting.claim_id == claim_id)
        .order_by(col(Sighting.posted_at), col(Sighting.id))
        .limit(limit * 4)
    ).all()
    if exclude is not None:
        skipped = (exclude.channel_id, exclude.message_id)
        rows = [row for row in rows if (row.channel_id, row.message_id) != skipped]
    return _earliest(rows, limit)


def sightings_between(
    *, session: Session, claim_id: int, after: dt.datetime, until: dt.datetime, limit: int = 50
) -> list[SightingView]:
    """Channels first seen carrying the claim in (after, until], by when the bot saw them,
    each at its earliest post: what a watch's alert adds since the one before."""
    # The newest rows, compared in Python: SQLite keeps datetimes as naive text.
    rows = session.exec(
        select(Sighting)
        .where(Sighting.claim_id == claim_id)
        .order_by(col(Sighting.id).desc())
        .limit(limit * 20)
    ).all()
    start, end = aware(after), aware(until)
    inside = [row for row in rows if start < (aware(row.seen_at) or end) <= end]
    return _earliest(inside, limit)


def _earliest(rows: list[Sighting] | Sequence[Sighting], limit: int) -> list[SightingView]:
    earliest: dict[str, Sighting] = {}
    for row in rows:
        key = row.channel.lower()
        current = earliest.get(key)
        if current is None or _sort_key(row) < _sort_key(current):
            earliest[key] = row
    ordered = sorted(earliest.values(), key=_sort_key)[:limit]
    return [SightingView(r.channel, aware(r.posted_at), r.link) for r in ordered]


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: dt.datetime | None) -> dt.datetime | None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _sort_key(row: Sighting) -> tuple[bool, dt.datetime, int]:
    posted = aware(row.posted_at)
    return (posted is None, posted or dt.datetime.min.replace(tzinfo=dt.UTC), row.id or 0)
