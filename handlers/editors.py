"""Who may change the claim base: the ids in EDITOR_IDS, and group admins when allowed."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from handlers.context import Context

log = logging.getLogger(__name__)

NOT_AN_EDITOR = (
    "Only editors can change the claim base. Ask an editor to add your Telegram id "
    "to EDITOR_IDS; meanwhile /check works for everyone."
)
ADMIN_CACHE_SECONDS = 300


async def is_editor(update: Update, context: Context) -> bool:
    user = update.effective_user
    if user is None:
        return False
    data = context.bot_data
    if user.id in data.editor_ids:
        return True
    chat = update.effective_chat
    if not data.editors_include_chat_admins or chat is None or chat.type == ChatType.PRIVATE:
        return False
    return user.id in await _admins(chat.id, context)


async def _admins(chat_id: int, context: Context) -> set[int]:
    """Admins of a group, asked of Telegram at most every five minutes per chat."""
    cache: dict[int, tuple[float, set[int]]] = context.bot_data.chat_admins
    cached = cache.get(chat_id)
    if cached and time.monotonic() - cached[0] < ADMIN_CACHE_SECONDS:
        return cached[1]
    try:
        members = await context.bot.get_chat_administrators(chat_id)
    except TelegramError as exc:
        log.warning("could not read the admins of chat %s: %s", chat_id, exc)
        return set()
    ids = {m.user.id for m in members}
    cache[chat_id] = (time.monotonic(), ids)
    return ids


async def require_editor(update: Update, context: Context) -> bool:
    """True for editors; everyone else gets one polite line and nothing changes."""
    if await is_editor(update, context):
        return True
    if update.effective_message is not None:
        await update.effective_message.reply_text(NOT_AN_EDITOR)
    return False


def actor(update: Update) -> str:
    """How the audit log names a Telegram user."""
    user = update.effective_user
    if user is None:
        return "telegram:unknown"
    name = f" @{user.username}" if user.username else ""
    return f"telegram:{user.id}{name}"
