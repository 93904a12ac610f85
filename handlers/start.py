"""`/start`, `/help`, and the short lines for what the bot cannot read."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from handlers.check import NOTHING_TO_CHECK
from handlers.context import Context
from handlers.editors import is_editor

HELP = (
    "I show where a claim comes from: which sources back it, which dispute it, which have "
    "not confirmed it, and when each said so. I never judge it myself.\n\n"
    "• Send or forward me a post, for example: Russia took Zaporizke\n"
    "• /check TEXT checks a claim; in a group, reply /check to any message.\n"
    "• /watch as a reply to an answer: I post here when its sources change. "
    "/watching lists, /unwatch stops.\n"
    "• /timeline as a reply to an answer: who said what, and when, as a picture.\n"
    "• /help shows this.\n\n"
    "In a group I see only commands, mentions and replies to me: use /check, or "
    "@mention me with the claim. An admin can make me check every forwarded post with "
    "/autocheck on (I stay silent when nothing matches)."
)
EDITOR_HELP = (
    "\n\nFor editors (reply to one of my answers):\n"
    "• /back, /dispute or /unconfirmed speaker | outlet | date | url | quote records a source; "
    "date and url may be left out. For example: /dispute Ukrainian Southern Defence Forces | "
    "Ukrainska Pravda | 28 Nov 2025 | Huliaipole remains under Ukrainian control.\n"
    "• /alias another wording of the claim, e.g. /alias Russia took Gulyaipole\n"
    "• /alias place: Gulyaipole = Huliaipole adds a spelling of a place I know "
    "(the new name, then a name or id I know).\n"
    "Anywhere: /claim TEXT adds a claim, /ingest LINK records who says what in an article "
    "(or reply /ingest to a forwarded channel post), "
    "/undo reverts your last change, /stats shows the claim base and what was asked without "
    "a match."
)
CHANNEL_HELP = (
    "\n\nFor channel admins: add me to your channel's discussion group, make me an admin "
    "there and send /autocheck on in that group. I then comment under every channel post "
    "that matches a stored claim and stay silent under the rest. I never post in the channel "
    "itself; made an admin of the channel, I only note which claims its posts carry."
)
NOT_TEXT = (
    "I can only read text. Send the claim as text, or forward a post with a caption. "
    "For example: Russia took Zaporizke"
)
UNKNOWN_COMMAND = "I do not know that command. Try /check Russia took Zaporizke, or /help."
EDITED_COMMAND = (
    "I carry out commands from new messages only, so that edit changed nothing. "
    "Send the corrected command again."
)


async def on_help(update: Update, context: Context) -> None:
    if update.effective_message is not None:
        extra = EDITOR_HELP if await is_editor(update, context) else ""
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE:
            extra = CHANNEL_HELP + extra
        await update.effective_message.reply_text(HELP + extra)


async def on_not_text(update: Update, context: Context) -> None:
    """Stickers, photos without captions, voice: one helpful line in a private chat (a text
    that is empty says there is nothing to check rather than that it is not text)."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(NOTHING_TO_CHECK if message.text is not None else NOT_TEXT)


async def on_unknown_command(update: Update, context: Context) -> None:
    """A command no handler took; an edited one is most likely an editor's corrected change,
    which is never applied twice, so say so instead of claiming not to know it."""
    if update.effective_message is not None:
        edited = update.edited_message is not None
        await update.effective_message.reply_text(EDITED_COMMAND if edited else UNKNOWN_COMMAND)
