"""`/start`, `/help`, and the short lines for what the bot cannot read."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

HELP = (
    "I show where a claim comes from: which sources back it, which dispute it, which have "
    "not confirmed it, and when each said so. I never judge it myself.\n\n"
    "• Send or forward me a post, for example: Russia took Zaporizke\n"
    "• /check TEXT checks a claim; in a group, reply /check to any message.\n"
    "• /help shows this.\n\n"
    "In a group I only see commands and replies to me: use /check there."
)
NOT_TEXT = (
    "I can only read text. Send the claim as text, or forward a post with a caption. "
    "For example: Russia took Zaporizke"
)
UNKNOWN_COMMAND = "I do not know that command. Try /check Russia took Zaporizke, or /help."


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(HELP)


async def on_not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos without captions, voice: one helpful line in a private chat."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(NOT_TEXT)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(UNKNOWN_COMMAND)
