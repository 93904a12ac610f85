"""From a message to the answer in the chat: check (sentence by sentence for a long post),
log the check, record where a channel post circulates, render, and reply with buttons.

Every way of asking (private message, /check, a mention, an autocheck forward) ends here, so
they all answer alike and all feed the check log and the sightings.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from telegram import Message, MessageOriginChannel
from telegram.ext import ContextTypes

from handlers.common import MAX_QUERY, claim_base, is_private, origin_of
from handlers.keyboard import answer_markup
from handlers.render import GROUP, PRIVATE, Origin, render_answer
from store.claimbase.answer import Answer
from store.claimbase.base import ClaimBase
from store.claimbase.posts import check_post
from store.claimbase.sightings import ChannelPost, SightingView, record_sighting, sightings_of
from store.db import session_scope

POST_LABEL = "Also in this post"


@dataclass(frozen=True)
class Checked:
    answer: Answer
    sightings: list[SightingView]
    by_sentence: bool


def channel_post_of(message: Message | None) -> ChannelPost | None:
    """The public channel post a message was forwarded from; None for users and private
    channels, whose posts cannot be linked and are nobody else's business."""
    if message is None or not isinstance(message.forward_origin, MessageOriginChannel):
        return None
    source = message.forward_origin
    if not source.chat.username:
        return None
    return ChannelPost(
        channel=source.chat.username,
        channel_id=source.chat.id,
        message_id=source.message_id,
        posted_at=source.date,
    )


def run_check(
    base: ClaimBase, text: str, *, chat_id: int | None, post: ChannelPost | None
) -> Checked:
    """The blocking part, run in a worker thread: match, then one short transaction."""
    result = check_post(lambda sentence: base.check(sentence, limit=5), text)
    answer = result.answer
    best = answer.matches[0].claim.id if answer.matches else None
    base.check_log.add(chat_id=chat_id, query=text, claim_id=best)
    seen: list[SightingView] = []
    if post is not None or best is not None:
        with session_scope(base.engine) as session:
            if post is not None:
                record_sighting(session=session, post=post, claim_id=best)
            seen = sightings_of(session=session, claim_id=best, exclude=post) if best else []
    return Checked(answer, seen, result.by_sentence)


async def send_answer(
    message: Message,
    text: str,
    context: ContextTypes.DEFAULT_TYPE,
    *,
    source: Message | None = None,
    origin: Origin | None = None,
    quiet: bool = False,
) -> None:
    """Answer `message` about `text`; `source` is the message the text came from (a forward
    tells where it was first posted). `quiet` keeps silent when nothing matches."""
    checked = await asyncio.to_thread(
        run_check,
        claim_base(context),
        text[:MAX_QUERY],
        chat_id=message.chat_id,
        post=channel_post_of(source),
    )
    if quiet and not checked.answer.matches:
        return
    style = PRIVATE if is_private(message) else GROUP
    rendered = render_answer(
        checked.answer,
        style=style,
        origin=origin if origin is not None else origin_of(source),
        sightings=checked.sightings,
        others_label=POST_LABEL if checked.by_sentence else None,
    )
    await message.reply_text(rendered, reply_markup=answer_markup(checked.answer.matches, style))
