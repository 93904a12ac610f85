"""Checking a claim: a private message or forward, `/check TEXT`, or `/check` as a reply."""

from __future__ import annotations

from telegram import Update

from handlers.common import message_text, origin_of
from handlers.context import Context
from handlers.reply import send_answer

CHECK_USAGE = (
    "Send /check with a claim, for example: /check Russia took Zaporizke\n"
    "or reply /check to a message (a forward works too)."
)
NOTHING_TO_CHECK = (
    "There is no text to check here. Send the claim as text, or forward a post with text "
    "or a caption. For example: Russia took Zaporizke"
)


async def on_private_message(update: Update, context: Context) -> None:
    """Any text, caption or forward in a private chat is a claim to check."""
    message = update.effective_message
    if message is None:
        return
    text = message_text(message)
    if not text:
        await message.reply_text(NOTHING_TO_CHECK)
        return
    await send_answer(message, text, context, source=message, origin=origin_of(message))


async def on_check_command(update: Update, context: Context) -> None:
    """`/check TEXT`, or `/check` replying to the message to check (in groups too)."""
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    origin = None
    replied = None
    if not text and message.reply_to_message is not None:
        replied = message.reply_to_message
        text = message_text(replied)
        origin = origin_of(replied)
        if not text:
            await message.reply_text(NOTHING_TO_CHECK)
            return
    if not text:
        await message.reply_text(CHECK_USAGE)
        return
    await send_answer(message, text, context, source=replied, origin=origin)
