"""Telegram channels: their posts as evidence (`/ingest` replying to a forwarded post, or with
a post's t.me link), and the bot in channels a newsroom runs.

- Every channel post the bot sees (forwarded to it, the automatic forward in a channel's
  discussion group, or a post in a channel it administers) is remembered with its first text,
  so `/ingest https://t.me/channel/1234` can read a post the bot has seen; it cannot read
  any other.
- In a channel the bot administers (`channel_post` updates) it records the posts as sightings
  and never writes there. Answers go under the post in the channel's discussion group, where
  `/autocheck on` checks the automatic forwards (`handlers.groups.on_group_forward`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import re
from dataclasses import replace

from sqlalchemy.exc import SQLAlchemyError
from telegram import (
    Chat,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)

from handlers.common import claim_base, message_text
from handlers.context import Context
from handlers.editors import actor
from handlers.words import human_date
from store.claimbase.check import check
from store.claimbase.posts import Post, PostIngest, ingest_post, remember, seen_post
from store.ingest.pipeline import IngestError

log = logging.getLogger(__name__)

NOT_A_POST = (
    "Reply /ingest to a post forwarded from a channel, or send a link: "
    "/ingest https://t.me/channel/1234 for a post I have seen, /ingest https://example.org/news/1 "
    "for an article."
)
FROM_A_PERSON = (
    "That was forwarded from a person, not a channel, so it cannot be recorded as a source. "
    "Forward the post from the channel that published it and reply /ingest to that."
)
FROM_HIDDEN = (
    "That forward hides who sent it, so I cannot tell who said it. Forward the post from the "
    "channel that published it and reply /ingest to that."
)
FROM_A_GROUP = (
    "That was posted in a group, not a channel, so it cannot be recorded as a source. "
    "Forward the post from the channel that published it and reply /ingest to that."
)
NO_TEXT = (
    "That post has no text or caption, so there is nothing to record. "
    "Reply /ingest to a post with text."
)
NOT_SEEN = (
    "I have not seen that post, and I cannot read channels by link. Forward the post to me "
    "(or to this chat) and reply /ingest to it."
)
RENAMED = (
    "This channel was called “{first}” when I first saw it (now “{now}”): recorded as {first}."
)
EDITED = "The channel edited this post on {day}; the record keeps the text as first posted."

_POST_LINK = re.compile(
    r"^https?://(?:www\.)?(?:t|telegram)\.me/(?:s/)?"
    r"(?:c/(?P<private>\d+)|(?P<username>[A-Za-z][A-Za-z0-9_]{3,31}))/(?P<id>\d+)/?(?:\?.*)?$"
)


def post_link(text: str) -> tuple[str | None, int | None, int] | None:
    """(username, private channel id, message id) of a t.me post link; None for other text."""
    found = _POST_LINK.match(text.strip())
    if found is None:
        return None
    private = int(f"-100{found['private']}") if found["private"] else None
    return found["username"], private, int(found["id"])


def _name(chat: Chat) -> str:
    return chat.title or chat.username or "a channel"


def forwarded_post(message: Message) -> Post | None:
    """The channel post a message forwards (the automatic forward in a discussion group too)."""
    source = message.forward_origin
    if not isinstance(source, MessageOriginChannel):
        return None
    return Post(
        channel_id=source.chat.id,
        message_id=source.message_id,
        title=_name(source.chat),
        username=source.chat.username,
        text=message_text(message),
        posted_at=source.date,
        edited_at=message.edit_date if message.is_automatic_forward else None,
    )


def own_post(message: Message) -> Post:
    """A post in a channel the bot administers."""
    chat = message.chat
    return Post(
        channel_id=chat.id,
        message_id=message.message_id,
        title=_name(chat),
        username=chat.username,
        text=message_text(message),
        posted_at=message.date,
        edited_at=message.edit_date,
    )


def refusal(message: Message) -> str | None:
    """Why a replied-to message cannot become evidence; None when it can."""
    source = message.forward_origin
    if isinstance(source, MessageOriginUser):
        return FROM_A_PERSON
    if isinstance(source, MessageOriginHiddenUser):
        return FROM_HIDDEN
    if isinstance(source, MessageOriginChat):
        return FROM_A_GROUP
    if not isinstance(source, MessageOriginChannel):
        return NOT_A_POST
    if not message_text(message):
        return NO_TEXT
    return None


def render_post_ingest(done: PostIngest, now: str) -> str:
    """The ingest report, after a line each for a renamed channel and an edited post."""
    from handlers.ingest import render_result  # the article report, shared

    notes = []
    if done.renamed_from:
        notes.append(RENAMED.format(first=done.renamed_from, now=now))
    if done.edited_at is not None:
        notes.append(EDITED.format(day=human_date(done.edited_at)))
    body = render_result(done.result)
    return "\n".join([*(html.escape(n, quote=False) for n in notes), body])


async def ingest_channel_post(update: Update, context: Context) -> bool:
    """`/ingest` replying to a message, or `/ingest https://t.me/…/N`: handled here (True),
    or left to the article path (False). The caller has checked that the user is an editor."""
    message = update.effective_message
    if message is None:
        return False
    args = context.args or []
    if args:
        found = post_link(args[0])
        if found is None:
            return False
        username, private_id, message_id = found
        post = await asyncio.to_thread(
            seen_post,
            claim_base(context),
            username=username,
            channel_id=private_id,
            message_id=message_id,
        )
        if post is None:
            await message.reply_text(NOT_SEEN)
            return True
    else:
        replied = message.reply_to_message
        if replied is None:
            return False
        why = refusal(replied)
        if why is not None:
            await message.reply_text(why)
            return True
        post = forwarded_post(replied)
        assert post is not None
    try:
        done = await asyncio.to_thread(ingest_post, claim_base(context), post, actor=actor(update))
    except IngestError as exc:
        await message.reply_text(html.escape(f"Could not ingest this post: {exc}", quote=False))
        return True
    log.info("ingested %s: %d pieces of evidence", post.link, done.result.evidence_added)
    await message.reply_text(render_post_ingest(done, post.title))
    return True


async def on_seen_forward(update: Update, context: Context) -> None:
    """Remember every channel post forwarded where the bot can see it, silently: the answer,
    if any, is another handler's, and a database that cannot take the post now costs only
    a later /ingest by link."""
    message = update.effective_message
    if message is None:
        return
    post = forwarded_post(message)
    if post is None or not post.text:
        return
    try:
        await asyncio.to_thread(remember, claim_base(context), post)
    except SQLAlchemyError as exc:
        # Best effort: the answer to the forward, if any, must not wait on this.
        log.warning("could not remember %s: %s", post.link, exc)


async def on_channel_post(update: Update, context: Context) -> None:
    """A post (or an edit) in a channel the bot administers: remembered, and recorded as a
    sighting of the claim it carries. The bot never writes into a channel."""
    message = update.channel_post or update.edited_channel_post
    if message is None:
        return
    post = own_post(message)
    if not post.text:
        return
    base = claim_base(context)
    await asyncio.to_thread(remember, base, post)
    sighted = post.public
    if update.edited_channel_post is not None or sighted is None:
        return  # an edit is the same post; a private channel's post cannot be linked
    if sighted.posted_at is None:
        sighted = replace(sighted, posted_at=dt.datetime.now(dt.UTC))
    await asyncio.to_thread(
        check, base, post.text, logged=False, post=sighted, with_sightings=False
    )
