"""The claim base: outlets, documents, claims and the evidence that ties speakers to claims.

Evidence is kept apart from claims because the product's answer is *who said what, when*:
a claim never carries a verdict, only the stances recorded against it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import BigInteger, Column, DateTime, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Stance(StrEnum):
    backs = "backs"
    disputes = "disputes"
    unconfirmed = "unconfirmed"


class Outlet(SQLModel, table=True):
    """Where a statement was published: a newspaper, an agency, a Telegram channel."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class Document(SQLModel, table=True):
    """One article or post. Ingesting the same document twice finds it by url or content hash."""

    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", index=True)
    url: str | None = Field(default=None, max_length=2000, unique=True)
    title: str | None = Field(default=None, max_length=500)
    published: dt.date | None = None
    content_hash: str | None = Field(default=None, max_length=64, unique=True)
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


CLAIM_KEY_MAX = 300  # real fact-check ids (Snopes slugs) reach 104 characters


class Claim(SQLModel, table=True):
    """A proposition in the claim base's own words; `key` is the id used in files and answers."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=CLAIM_KEY_MAX, unique=True)
    text: str = Field(max_length=1000)
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ClaimAlias(SQLModel, table=True):
    """Another phrasing of a claim; matched like the claim text itself."""

    __table_args__ = (UniqueConstraint("claim_id", "text", name="uq_claimalias_claim_text"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    text: str = Field(max_length=1000)


class Evidence(SQLModel, table=True):
    """A speaker's stance on a claim, with the date it was said and the exact quote.

    `fingerprint` makes imports idempotent: the same line imported twice is one row.
    """

    __table_args__ = (Index("ix_evidence_claim_stance", "claim_id", "stance"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    stance: str = Field(max_length=20)
    speaker: str = Field(max_length=300)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    said_on: dt.date | None = None
    quote: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=2000)
    via: str | None = Field(default=None, max_length=500)
    added_by: str | None = Field(default=None, max_length=200)
    fingerprint: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class PlaceName(SQLModel, table=True):
    """A place-name form added by an editor; merged into the shipped gazetteer at start."""

    __table_args__ = (UniqueConstraint("place_id", "name", name="uq_placename_place_name"),)

    id: int | None = Field(default=None, primary_key=True)
    place_id: str = Field(max_length=100, index=True)
    kind: str = Field(default="village", max_length=20)
    oblast: str | None = Field(default=None, max_length=100)
    lang: str = Field(default="en", max_length=8)  # en, uk, ru or old
    name: str = Field(max_length=200)
    added_by: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ClaimVector(SQLModel, table=True):
    """A sentence embedding of a claim text or alias (float16 bytes), computed once."""

    __table_args__ = (
        UniqueConstraint("claim_id", "text_hash", "model", name="uq_claimvector_text_model"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    text_hash: str = Field(max_length=64)
    model: str = Field(max_length=100)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ChatSettings(SQLModel, table=True):
    """Per-chat choices, such as checking every forward automatically in a group."""

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    autocheck: bool = False
    updated_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class Watch(SQLModel, table=True):
    """A chat's subscription to a claim; `last_evidence_id` is how far alerts have gone."""

    __table_args__ = (UniqueConstraint("chat_id", "claim_id", name="uq_watch_chat_claim"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    claim_id: int = Field(foreign_key="claim.id", index=True)
    last_evidence_id: int = 0
    created_by: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class Sighting(SQLModel, table=True):
    """A public channel post seen carrying a claim: provenance, kept apart from evidence."""

    __table_args__ = (
        UniqueConstraint("channel_id", "message_id", "claim_id", name="uq_sighting_post_claim"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True)
    channel_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    channel: str = Field(max_length=200)
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    link: str | None = Field(default=None, max_length=300)
    posted_at: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    seen_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ChannelMessage(SQLModel, table=True):
    """A channel post as the bot first saw it (forwarded, in a discussion group, or as the
    channel's admin): its first text, kept when the channel edits it, and the edit date.

    `/ingest t.me/channel/N` reads a post from here (the bot cannot fetch posts), and the
    post's id, not its link, tells the same post again after the channel changed its name.
    """

    __table_args__ = (UniqueConstraint("channel_id", "message_id", name="uq_channelmessage_post"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    username: str | None = Field(default=None, max_length=200, index=True)
    title: str = Field(max_length=300)
    text: str = Field(max_length=5000)
    posted_at: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    edited_at: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    document_id: int | None = Field(default=None, foreign_key="document.id")
    seen_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class AuditEntry(SQLModel, table=True):
    """Who changed the claim base, when, and what; `undone` marks a reverted change."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True),
    )
    actor: str = Field(max_length=200, index=True)
    action: str = Field(max_length=50)
    claim_id: int | None = Field(default=None, index=True)
    evidence_id: int | None = None
    alias_id: int | None = None
    detail: str | None = Field(default=None, max_length=4000)
    undone: bool = False


class CheckLog(SQLModel, table=True):
    """One line per check, for /stats: how many checks, and what found no match."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True),
    )
    chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    query: str = Field(max_length=300)
    claim_id: int | None = None
    matched: bool = False
