"""The bot in a newsroom's group: a mention, forwards checked automatically, /autocheck.

A group is full of other people's messages, so the bot speaks only when addressed (a command,
a mention) or, where the chat asked for it with /autocheck on, under a forwarded post that
matches a stored claim. Everything else gets silence.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import ChatMember, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from handlers.common import claim_base, message_text
from handlers.context import Context
from handlers.editors import is_editor
from handlers.reply import send_answer
from store.claimbase.chats import autocheck_enabled, set_autocheck

log = logging.getLogger(__name__)

MENTION_USAGE = (
    "Mention me with a claim, for example: @{bot} Russia took Zaporizke\n"
    "or reply to a message with /check."
)
NOTHING_TO_CHECK = "There is no text to check in that message. Mention me with the claim as text."
AUTOCHECK_USAGE = "Send /autocheck on to check every forwarded post here, /autocheck off to stop."
AUTOCHECK_STATE = "Autocheck is {state} in this chat. " + AUTOCHECK_USAGE
AUTOCHECK_PRIVATE = (
    "Autocheck is for groups: add me to your newsroom's group and send /autocheck on there. "
    "Here every message is checked anyway."
)
AUTOCHECK_NOT_ALLOWED = (
    "Only editors and the admins of this chat can change autocheck. "
    "Meanwhile anyone can reply /check to a forwarded post."
)
AUTOCHECK_ON = (
    "Autocheck is on: I will check every forwarded post in this chat and stay quiet when "
    "nothing matches. /autocheck off stops it."
)
AUTOCHECK_BLIND = (
    "\nI cannot see forwards here yet: make me an admin of this group (or turn off my privacy "
    "mode with @BotFather, /setprivacy), then forward a post."
)
AUTOCHECK_OFF = "Autocheck is off. Reply /check to a post, or mention me with a claim."
ADMIN_STATUSES = (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


def mentions_me(message: Message, username: str | None) -> bool:
    if not username:
        return False
    wanted = f"@{username}".lower()
    found = message.parse_entities([MessageEntity.MENTION])
    found.update(message.parse_caption_entities([MessageEntity.MENTION]))
    return any(text.lower() == wanted for text in found.values())


def without_mention(text: str, username: str) -> str:
    """The text with the bot's @name taken out, so only the claim is matched."""
    wanted = f"@{username}".lower()
    return " ".join(word for word in text.split() if word.lower().rstrip(",:;") != wanted)


async def on_mention(update: Update, context: Context) -> None:
    """`@bot TEXT` checks TEXT; a bare `@bot` in reply to a message checks that message."""
    message = update.effective_message
    username = context.bot.username
    if message is None or not mentions_me(message, username):
        return  # another account was mentioned: not addressed to the bot
    text = without_mention(message_text(message), username)
    if text:
        await send_answer(message, text, context, source=message)
        return
    replied = message.reply_to_message
    if replied is None:
        await message.reply_text(MENTION_USAGE.format(bot=username))
        return
    replied_text = message_text(replied)
    if not replied_text:
        await message.reply_text(NOTHING_TO_CHECK)
        return
    await send_answer(message, replied_text, context, source=replied)


async def on_group_forward(update: Update, context: Context) -> None:
    """A forwarded post in a group: checked only where autocheck is on, answered only on a
    match (a forward that matches nothing is the group's business, not the bot's)."""
    message = update.effective_message
    if message is None:
        return
    text = message_text(message)
    if not text:
        return
    enabled = await asyncio.to_thread(autocheck_enabled, claim_base(context), message.chat_id)
    if enabled:
        await send_answer(message, text, context, source=message, quiet=True)


async def on_autocheck(update: Update, context: Context) -> None:
    """`/autocheck on|off` (editors and chat admins); bare `/autocheck` tells the state."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    if chat.type == ChatType.PRIVATE:
        await message.reply_text(AUTOCHECK_PRIVATE)
        return
    args = [a.lower() for a in context.args or []]
    if not args:
        enabled = await asyncio.to_thread(autocheck_enabled, claim_base(context), chat.id)
        await message.reply_text(AUTOCHECK_STATE.format(state="on" if enabled else "off"))
        return
    if len(args) != 1 or args[0] not in ("on", "off"):
        await message.reply_text(AUTOCHECK_USAGE)
        return
    if not await may_change_chat(update, context):
        await message.reply_text(AUTOCHECK_NOT_ALLOWED)
        return
    enabled = args[0] == "on"
    await asyncio.to_thread(set_autocheck, claim_base(context), chat.id, enabled)
    if not enabled:
        await message.reply_text(AUTOCHECK_OFF)
        return
    blind = not await reads_everything(chat.id, context)
    await message.reply_text(AUTOCHECK_ON + (AUTOCHECK_BLIND if blind else ""))


async def may_change_chat(update: Update, context: Context) -> bool:
    """Editors, and the admins of this chat (an anonymous admin posts as the chat itself)."""
    if await is_editor(update, context):
        return True
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if chat is None:
        return False
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    if user is None:
        return False
    try:
        admins = await context.bot.get_chat_administrators(chat.id)
    except TelegramError as exc:
        log.warning("could not read the admins of chat %s: %s", chat.id, exc)
        return False
    return any(member.user.id == user.id for member in admins)


async def reads_everything(chat_id: int, context: Context) -> bool:
    """Whether the bot receives every message here: privacy mode off, or an admin."""
    if context.bot.can_read_all_group_messages:
        return True
    try:
        member = await context.bot.get_chat_member(chat_id, context.bot.id)
    except TelegramError as exc:
        log.warning("could not read my own status in chat %s: %s", chat_id, exc)
        return False
    return member.status in ADMIN_STATUSES
