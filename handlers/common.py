"""What every handler needs: the claim base, the text of a message, its origin."""

from __future__ import annotations

from telegram import (
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)
from telegram.constants import ChatType

from handlers.context import Context
from handlers.render import Origin
from store.claimbase.base import ClaimBase
from store.claimbase.sightings import ChannelPost
from store.match.text import INVISIBLE

MAX_QUERY = 4096


def claim_base(context: Context) -> ClaimBase:
    """The claim base; handlers run only while the application is up, so it is open."""
    opened = context.bot_data.claim_base
    if opened is None:
        raise RuntimeError("the claim base is not open: the application has not started")
    return opened


def message_text(message: Message | None) -> str:
    """The text or caption; media without a caption has none."""
    if message is None:
        return ""
    text = (message.text or message.caption or "").strip()
    # Zero-width and direction marks alone are no claim: treat them as no text at all.
    return text if INVISIBLE.sub("", text).strip() else ""


def is_private(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE


def origin_of(message: Message | None) -> Origin | None:
    """Where a forwarded message was first posted: channel (with its link), user or chat."""
    if message is None or message.forward_origin is None:
        return None
    source = message.forward_origin
    if isinstance(source, MessageOriginChannel):
        username = source.chat.username
        link = ChannelPost(username, source.chat.id, source.message_id).link if username else None
        return Origin(title=source.chat.title or "a channel", date=source.date, link=link)
    if isinstance(source, MessageOriginUser):
        return Origin(title=source.sender_user.full_name, date=source.date)
    if isinstance(source, MessageOriginHiddenUser):
        return Origin(title=source.sender_user_name, date=source.date)
    if isinstance(source, MessageOriginChat):
        return Origin(title=source.sender_chat.title or "a chat", date=source.date)
    return Origin(title="another chat", date=source.date)
