"""The error handler: the traceback to the log, a short line to the user, the bot goes on."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError
from telegram import Update
from telegram.error import TelegramError

from handlers.context import Context

log = logging.getLogger(__name__)

SORRY = "Sorry, that check failed on my side. Please try again in a minute."
DATABASE_DOWN = "The claim base is not reachable right now. Please try again in a minute."


async def on_error(update: object, context: Context) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if update.channel_post is not None or update.edited_channel_post is not None:
        return  # the bot never writes into a channel
    if isinstance(context.error, TelegramError):
        return  # the reply itself failed; another attempt would fail the same way
    text = DATABASE_DOWN if database_down(context.error) else SORRY
    try:
        await update.effective_message.reply_text(text)
    except TelegramError:
        log.warning("could not tell the user about the error")


def database_down(error: object) -> bool:
    """The database could not be used (locked, gone, restarted, not a database file), as
    opposed to a mistake in a query, which is a bug and gets the general line."""
    return isinstance(error, OperationalError | InterfaceError) or type(error) is DatabaseError
