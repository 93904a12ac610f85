"""From a message to the answer in the chat: the one check (`store.claimbase.check`), then
render and reply with buttons.

Every way of asking in a chat (private message, /check, a mention, an autocheck forward) ends
here, so they all answer alike.
"""

from __future__ import annotations

import asyncio

from telegram import Message, MessageOriginChannel

from handlers.common import MAX_QUERY, claim_base, is_private, origin_of
from handlers.context import Context
from handlers.keyboard import answer_markup
from handlers.render import GROUP, PRIVATE, Origin, posted_day, render_answer
from store.claimbase.check import check
from store.claimbase.sightings import ChannelPost


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


async def send_answer(
    message: Message,
    text: str,
    context: Context,
    *,
    source: Message | None = None,
    origin: Origin | None = None,
    quiet: bool = False,
) -> None:
    """Answer `message` about `text`; `source` is the message the text came from (a forward
    tells where it was first posted). `quiet` keeps silent when nothing matches."""
    origin = origin if origin is not None else origin_of(source)
    posted = posted_day(origin)
    checked = await asyncio.to_thread(
        check,
        claim_base(context),
        text[:MAX_QUERY],
        chat_id=message.chat_id,
        post=channel_post_of(source),
        posted=posted,
    )
    if quiet and not checked.answer.matches:
        return
    style = PRIVATE if is_private(message) else GROUP
    rendered = render_answer(
        checked.answer,
        style=style,
        origin=origin,
        sightings=checked.sightings,
        by_sentence=checked.by_sentence,
    )
    markup = answer_markup(checked.answer.matches, style, posted=posted)
    await message.reply_text(rendered, reply_markup=markup)
