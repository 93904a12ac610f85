"""Every handler, in the order the application registers them (order matters: the first
matching handler in a group wins, so commands come before the catch-alls).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telegram.ext import BaseHandler

__all__ = ["COMMAND_MENU", "build_handlers"]

COMMAND_MENU = [
    ("check", "check a claim (or reply /check to a message)"),
    ("watch", "reply to an answer: get alerts when sources change"),
    ("timeline", "reply to an answer: who said what, and when, as a picture"),
    ("help", "what the bot does and how to use it in a group"),
]


def build_handlers() -> list[tuple[int, BaseHandler]]:
    """(group, handler) pairs; group 0 holds the user-facing handlers in priority order.

    The handler modules are imported here, not at the top: the command line uses
    `handlers.render` and `handlers.words` and must not pay for Telegram's stack.
    """
    from telegram.ext import (
        CallbackQueryHandler,
        CommandHandler,
        InlineQueryHandler,
        MessageHandler,
        filters,
    )

    from handlers.buttons import on_button, wants
    from handlers.channels import on_channel_post, on_seen_forward
    from handlers.check import on_check_command, on_private_message
    from handlers.curate import on_alias, on_claim, on_evidence, on_undo
    from handlers.groups import on_autocheck, on_group_forward, on_mention
    from handlers.ingest import on_ingest
    from handlers.inline import on_inline_query
    from handlers.start import on_help, on_not_text, on_unknown_command
    from handlers.stats import on_stats
    from handlers.timeline_chat import CALLBACK_PATTERN as TIMELINE_PATTERN
    from handlers.timeline_chat import on_timeline, on_timeline_button
    from handlers.watch import CALLBACK_PATTERN, on_unwatch, on_watch, on_watch_button, on_watching

    private = filters.ChatType.PRIVATE
    readable = filters.TEXT | filters.CAPTION
    new_only = filters.UpdateType.MESSAGE
    groups = filters.ChatType.GROUPS
    group_text = readable & new_only & ~filters.COMMAND
    mentions = filters.Entity("mention") | filters.CaptionEntity("mention")
    return [
        # Before whatever answers it: every channel post the bot sees is remembered, so
        # /ingest can read it later by its link (an edit of a discussion group's automatic
        # forward notes the edit date). Updates run concurrently: remembering first means
        # a post is stored by the time its answer is out.
        (-1, MessageHandler(filters.FORWARDED & filters.UpdateType.MESSAGES, on_seen_forward)),
        (0, CommandHandler(["start", "help"], on_help)),
        (0, CommandHandler("check", on_check_command)),
        # Editors' changes and watches act on new messages only: editing a /dispute
        # must not record the source twice.
        (0, CommandHandler(["back", "dispute", "unconfirmed"], on_evidence, new_only)),
        (0, CommandHandler("claim", on_claim, new_only)),
        (0, CommandHandler("alias", on_alias, new_only)),
        (0, CommandHandler("undo", on_undo, new_only)),
        (0, CommandHandler("ingest", on_ingest, new_only)),
        (0, CommandHandler("stats", on_stats, new_only)),
        (0, CommandHandler("watch", on_watch, new_only)),
        (0, CommandHandler("watching", on_watching, new_only)),
        (0, CommandHandler("unwatch", on_unwatch, new_only)),
        (0, CallbackQueryHandler(on_watch_button, pattern=CALLBACK_PATTERN)),
        (0, CommandHandler("timeline", on_timeline)),
        (0, CallbackQueryHandler(on_timeline_button, pattern=TIMELINE_PATTERN)),
        (0, CommandHandler("autocheck", on_autocheck, new_only)),
        # The answer's "show"/"more" buttons, and any callback data nobody could have sent
        # (forged or from an old version): `wants` leaves watch/unwatch to the handler above.
        (0, CallbackQueryHandler(on_button, pattern=wants)),
        (0, InlineQueryHandler(on_inline_query)),
        (0, MessageHandler(private & filters.COMMAND, on_unknown_command)),
        # An edited text is a corrected question: it is checked again.
        (0, MessageHandler(private & readable & filters.UpdateType.MESSAGES, on_private_message)),
        (0, MessageHandler(private & filters.UpdateType.MESSAGE, on_not_text)),
        # Groups, after every command: the bot speaks only when addressed or, under
        # /autocheck on, under a forward that matches. A forward's mentions are someone
        # else's words, so a forward is never taken for a mention; other chatter matches
        # no handler and gets silence.
        (0, MessageHandler(groups & filters.FORWARDED & group_text, on_group_forward)),
        (0, MessageHandler(groups & mentions & ~filters.FORWARDED & group_text, on_mention)),
        # A channel the bot administers: its posts are recorded as sightings, in silence.
        (0, MessageHandler(filters.UpdateType.CHANNEL_POSTS, on_channel_post)),
    ]
