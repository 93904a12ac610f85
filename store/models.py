"""The claim base: outlets, documents, claims and the evidence that ties speakers to claims.

Evidence is kept apart from claims because the product's answer is *who said what, when*:
a claim never carries a verdict, only the stances recorded against it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Column, DateTime, Index, UniqueConstraint
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


class Claim(SQLModel, table=True):
    """A proposition in the claim base's own words; `key` is the id used in files and answers."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=100, unique=True)
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
