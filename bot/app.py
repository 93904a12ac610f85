"""Application wiring: one function builds the bot, services live from `_post_init` to
`_post_shutdown`, and `serve` is the single code path behind `sourcecheck run` and the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot.config import Settings
from handlers import COMMAND_MENU, build_handlers, on_error
from handlers.common import CLAIMS
from store.db import make_engine, upgrade
from store.service import ClaimBase

log = logging.getLogger(__name__)


def file_base_url(base_url: str) -> str:
    """The file endpoint beside the Bot API one: .../bot -> .../file/bot."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if head else base_url


def build_application(settings: Settings) -> Application:
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(8)
        .build()
    )
    application.bot_data["settings"] = settings
    for group, handler in build_handlers():
        application.add_handler(handler, group)
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application) -> None:
    """Open the claim base (upgrading its schema) and publish the command menu."""
    settings: Settings = application.bot_data["settings"]
    engine = make_engine(settings.database_url)
    await asyncio.to_thread(upgrade, engine)
    base = ClaimBase(engine)
    await asyncio.to_thread(base.index)
    application.bot_data[CLAIMS] = base
    await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMAND_MENU])
    me = application.bot
    log.info("sourcecheck started as @%s", me.username)


async def _post_shutdown(application: Application) -> None:
    base: ClaimBase | None = application.bot_data.pop(CLAIMS, None)
    if base is not None:
        base.engine.dispose()


async def serve(settings: Settings, stop: asyncio.Event, *, poll_timeout: int = 10) -> None:
    """Poll for updates until `stop` is set; the same path in production and in tests."""
    application = build_application(settings)
    async with application:
        # initialize() does not run post_init; run_polling would, so do as it does.
        await _post_init(application)
        try:
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(
                poll_interval=0.0,
                timeout=poll_timeout,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
            await stop.wait()
            await application.updater.stop()
            await application.stop()
        finally:
            await _post_shutdown(application)


def run_polling(settings: Settings) -> None:
    """Start the bot and stop cleanly on Ctrl-C or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        await serve(settings, stop)

    asyncio.run(main())
