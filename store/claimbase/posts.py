"""Telegram channel posts: remembered as the bot first saw them, and ingested as evidence.

The bot cannot fetch a channel post by its link, so every post it sees (forwarded to it, in a
discussion group, or in a channel it administers) is kept here with its first text; an edit
only notes the edit date. Ingesting a post goes through the same use case as an article
(`store.claimbase.ingest.ingest_article`): the channel is the outlet, the post's own date the
date, its t.me link the document's link. The post's channel and message ids, not its link,
recognise it again, so a channel that changed its name or username does not record it twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.claimbase.ingest import IngestResult, ingest_article
from store.claimbase.sightings import ChannelPost, aware
from store.db import session_scope
from store.ingest.extract import Article
from store.ingest.pipeline import IngestError
from store.models import ChannelMessage

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

MAX_TEXT = 5000


@dataclass(frozen=True)
class Post:
    """A channel post as an update shows it; `edited_at` is set on an edit."""

    channel_id: int
    message_id: int
    title: str
    username: str | None
    text: str
    posted_at: dt.datetime | None = None
    edited_at: dt.datetime | None = None

    @property
    def public(self) -> ChannelPost | None:
        """The post as a sighting records it; None in a private channel, which has no name."""
        if not self.username:
            return None
        return ChannelPost(self.username, self.channel_id, self.message_id, self.posted_at)

    @property
    def link(self) -> str:
        """t.me/name/N for a public channel, t.me/c/ID/N (members only) for a private one."""
        public = self.public
        if public is not None:
            return public.link
        return f"https://t.me/c/{str(self.channel_id).removeprefix('-100')}/{self.message_id}"


@dataclass
class PostIngest:
    """An ingested post: the ingest's result, and what the editor should know about it."""

    result: IngestResult
    outlet: str
    renamed_from: str | None = None  # the channel's name when the bot first saw it
    edited_at: dt.datetime | None = None  # the record keeps the text as first posted


# --- who speaks in a post ---------------------------------------------------------------------

# "Минобороны России: ВС РФ освободили Дальнее": the post quotes the ministry. A label such as
# "Срочно:" or "BREAKING:" names nobody.
_LEAD = re.compile(r"^[^\w«\"“]{0,4}(?P<who>[^\W\d_][^:\n.!?«»\"“”]{1,80}?)\s*:\s+(?P<rest>\S.*)$")
_LABELS = {
    "breaking",
    "urgent",
    "update",
    "upd",
    "exclusive",
    "video",
    "photo",
    "important",
    "срочно",
    "молния",
    "важно",
    "внимание",
    "официально",
    "эксклюзив",
    "видео",
    "фото",
    "главное",
    "итоги",
    "терміново",
    "увага",
    "важливо",
    "офіційно",
    "ексклюзив",
    "відео",
    "головне",
    "підсумки",
}
MAX_SPEAKER_WORDS = 6
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")


def lead_speaker(line: str) -> tuple[str, str] | None:
    """(speaker, statement) when a post's line opens with "Speaker: statement"."""
    found = _LEAD.match(line.strip())
    if found is None:
        return None
    who = " ".join(found["who"].split())
    words = who.split()
    if len(words) > MAX_SPEAKER_WORDS or not who[0].isupper():
        return None
    if who.casefold() in _LABELS or words[0].casefold() in _LABELS:
        return None
    return who, found["rest"].strip()


def attributable(text: str, *, channel: str) -> str:
    """The post's text as attribution reads it: a line opening with "Speaker: statement" says
    "according to Speaker, statement" in the post's language, so the speaker is the one the
    post quotes; the channel's own name as the lead is the channel speaking for itself.
    Unattributed sentences are the channel's own (attribution gives them to the outlet).

    (This belongs in `store.ingest.attribute` as a lead rule once its rewrite lands.)
    """
    lines = text.strip().split("\n")
    ukrainian = bool(_UKRAINIAN.search(text))
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        found = lead_speaker(line)
        if found is None:
            break
        who, rest = found
        if who.casefold() == channel.strip().casefold():
            lines[n] = rest
        elif ukrainian:
            lines[n] = f"За даними {who}, {rest}"
        elif _CYRILLIC.search(rest):
            lines[n] = f"По данным {who}, {rest}"
        else:
            lines[n] = f"According to {who}, {rest}"
        break  # only the post's opening line names its speaker this way
    return "\n".join(lines)


# --- remembering posts --------------------------------------------------------------------------


def _find(session: Session, channel_id: int, message_id: int) -> ChannelMessage | None:
    return session.exec(
        select(ChannelMessage).where(
            ChannelMessage.channel_id == channel_id, ChannelMessage.message_id == message_id
        )
    ).first()


def _remember(session: Session, post: Post) -> ChannelMessage:
    """The stored post, recorded now if new; an edit only notes its date."""
    stored = _find(session, post.channel_id, post.message_id)
    if stored is None:
        stored = ChannelMessage(
            channel_id=post.channel_id,
            message_id=post.message_id,
            username=post.username,
            title=post.title[:300],
            text=post.text[:MAX_TEXT],
            posted_at=post.posted_at,
            edited_at=post.edited_at,
        )
        try:
            with session.begin_nested():
                session.add(stored)
            return stored
        except IntegrityError:
            # Another update saw the same post between our look-up and our insert.
            found = _find(session, post.channel_id, post.message_id)
            if found is None:
                raise
            stored = found
    edited = aware(stored.edited_at)
    if post.edited_at is not None and (edited is None or post.edited_at > edited):
        stored.edited_at = post.edited_at
        session.add(stored)
    return stored


def remember(claim_base: ClaimBase, post: Post) -> None:
    """Keep a post the bot saw (its first text; an edit notes the edit date)."""
    if not post.text.strip():
        return
    with session_scope(claim_base.engine) as session:
        _remember(session, post)


def seen_post(
    claim_base: ClaimBase, *, username: str | None, channel_id: int | None, message_id: int
) -> Post | None:
    """A post the bot has seen, by its link's channel name (or private channel id)."""
    with Session(claim_base.engine) as session:
        query = select(ChannelMessage).where(ChannelMessage.message_id == message_id)
        if username:
            query = query.where(func.lower(col(ChannelMessage.username)) == username.lower())
        elif channel_id is not None:
            query = query.where(ChannelMessage.channel_id == channel_id)
        else:
            return None
        row = session.exec(query.order_by(col(ChannelMessage.id).desc())).first()
    if row is None:
        return None
    return Post(
        channel_id=row.channel_id,
        message_id=row.message_id,
        title=row.title,
        username=row.username,
        text=row.text,
        posted_at=aware(row.posted_at),
        edited_at=aware(row.edited_at),
    )


def _first_title(session: Session, channel_id: int) -> str | None:
    """The channel's name when the bot first saw one of its posts."""
    return session.exec(
        select(ChannelMessage.title)
        .where(ChannelMessage.channel_id == channel_id)
        .order_by(col(ChannelMessage.seen_at), col(ChannelMessage.id))
        .limit(1)
    ).first()


# --- ingesting a post ----------------------------------------------------------------------------


def ingest_post(claim_base: ClaimBase, post: Post, *, actor: str) -> PostIngest:
    """Record what a channel post says as evidence, once per post; blocking.

    The text recorded is the post's first text as the bot saw it, the outlet the channel's
    name as the bot first knew it. Raises `store.ingest.pipeline.IngestError` for a post
    without text.
    """
    if not post.text.strip():
        raise IngestError("the post has no text or caption")
    with session_scope(claim_base.engine) as session:
        first_title = _first_title(session, post.channel_id)
        stored = _remember(session, post)
        row_id, text, document_id = stored.id, stored.text, stored.document_id
        edited_at = aware(stored.edited_at)
        posted_at = aware(stored.posted_at) or post.posted_at
        username = post.username or stored.username
        link = replace(post, username=username).link
    outlet = first_title or post.title
    renamed = outlet if outlet.strip().casefold() != post.title.strip().casefold() else None
    published = posted_at.date() if posted_at is not None else None
    if document_id is not None:
        result = IngestResult(
            title=None,
            url=link,
            outlet=outlet,
            published=published,
            document_id=document_id,
            duplicate=True,
        )
        return PostIngest(result, outlet, renamed, edited_at)
    article = Article(
        title=None,
        outlet=outlet,
        published=published,
        published_at=posted_at,
        url=link,
        text=attributable(text, channel=outlet),
    )
    result = ingest_article(
        claim_base, article, actor=actor, outlet=outlet, published=published, url=link
    )
    if result.document_id is not None:
        with session_scope(claim_base.engine) as session:
            row = session.get(ChannelMessage, row_id)
            if row is not None and row.document_id is None:
                row.document_id = result.document_id
                session.add(row)
    return PostIngest(result, outlet, renamed, edited_at)
