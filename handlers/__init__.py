"""Every handler, in the order the application registers them (order matters: the first
matching handler in a group wins, so commands come before the catch-alls).
"""

from __future__ import annotations

from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from handlers.check import on_check_command, on_private_message
from handlers.errors import on_error
from handlers.start import on_help, on_not_text, on_unknown_command

__all__ = ["COMMAND_MENU", "build_handlers", "on_error"]

COMMAND_MENU = [
    ("check", "check a claim (or reply /check to a message)"),
    ("help", "what the bot does and how to use it in a group"),
]


def build_handlers() -> list[tuple[int, BaseHandler]]:
    """(group, handler) pairs; group 0 holds the user-facing handlers in priority order."""
    private = filters.ChatType.PRIVATE
    readable = filters.TEXT | filters.CAPTION
    return [
        (0, CommandHandler(["start", "help"], on_help)),
        (0, CommandHandler("check", on_check_command)),
        (0, MessageHandler(private & filters.COMMAND, on_unknown_command)),
        (0, MessageHandler(private & readable & filters.UpdateType.MESSAGE, on_private_message)),
        (0, MessageHandler(private & filters.UpdateType.MESSAGE, on_not_text)),
    ]
