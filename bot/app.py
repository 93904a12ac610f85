"""Application wiring: one function builds the bot, services live from `_post_init` to
`_post_shutdown`, and `serve` is the single code path behind `sourcecheck run` and the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import urllib.parse

import httpx
from sqlalchemy.exc import SQLAlchemyError
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import redact, webhook_secret
from bot.config import Settings
from bot.delivery import DeliveryLimiter
from bot.redact import secrets_of
from handlers import COMMAND_MENU, build_handlers
from handlers.context import CONTEXT_TYPES, BotData, Context
from handlers.errors import on_error
from handlers.watch import schedule_alerts
from store.claimbase.base import ClaimBase
from store.db import make_engine, upgrade

log = logging.getLogger(__name__)
CHECK_LOG_SECONDS = 2.0


def file_base_url(base_url: str) -> str:
    """The file endpoint beside the Bot API one: .../bot -> .../file/bot."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if head else base_url


class StartError(Exception):
    """The bot cannot start; one line for the admin, never holding the token."""


def build_application(settings: Settings) -> Application:
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    webhook = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    redact.install(*secrets_of(token, webhook))
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
        .rate_limiter(DeliveryLimiter(throttle=settings.rate_limit))
        .context_types(CONTEXT_TYPES)
        .build()
    )
    data: BotData = application.bot_data
    data.editor_ids = frozenset(settings.editor_ids)
    data.editors_include_chat_admins = settings.editors_include_chat_admins
    data.fetch_allow_private = settings.fetch_allow_private
    for group, handler in build_handlers():
        application.add_handler(handler, group)
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application, settings: Settings) -> None:
    """Open the claim base (upgrading its schema) and publish the command menu."""
    data: BotData = application.bot_data
    engine = make_engine(settings.database_url)
    await asyncio.to_thread(upgrade, engine)
    # Loading the sentence model takes a moment: off the event loop, like the index. The
    # claims' frames are read in the background once the index is built, so that no check
    # waits for its candidates' first read.
    claim_base = await asyncio.to_thread(
        lambda: ClaimBase(
            engine,
            semantic=settings.semantic,
            threshold=settings.match_threshold,
            frames_ahead=settings.frames_ahead,
        )
    )
    log.info("semantic re-ranking %s", "on" if claim_base.semantic else "off")
    await asyncio.to_thread(claim_base.index)
    data.claim_base = claim_base
    # One client for every /ingest; fetch pins each hop to a checked address, so no proxy.
    data.http_client = httpx.AsyncClient(trust_env=False)
    await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMAND_MENU])
    schedule_alerts(application)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _flush_check_log, interval=CHECK_LOG_SECONDS, first=CHECK_LOG_SECONDS
        )
    me = application.bot
    log.info("sourcecheck started as @%s", me.username)


async def _flush_check_log(context: Context) -> None:
    claim_base = context.bot_data.claim_base
    if claim_base is not None:
        try:
            await asyncio.to_thread(claim_base.check_log.flush)
        except SQLAlchemyError as exc:  # kept for the next round; the checks themselves went out
            log.warning("could not write the check log: %s", type(exc).__name__)


async def _post_shutdown(application: Application) -> None:
    data: BotData = application.bot_data
    claim_base, data.claim_base = data.claim_base, None
    if claim_base is not None:
        with contextlib.suppress(SQLAlchemyError):
            await asyncio.to_thread(claim_base.check_log.flush)
        claim_base.engine.dispose()
    client, data.http_client = data.http_client, None
    if client is not None:
        await client.aclose()


SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def webhook_problem(settings: Settings) -> str | None:
    """Why the webhook settings cannot be served, in one line, or None when they can."""
    if not settings.webhook_url:
        return None
    if not settings.webhook_url.startswith("https://"):
        return "WEBHOOK_URL must start with https:// (Telegram only calls HTTPS webhooks)"
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not secret:
        return (
            "WEBHOOK_URL is set without WEBHOOK_SECRET: set WEBHOOK_SECRET to a random string "
            "(letters, digits, _ and -), or unset WEBHOOK_URL to use long polling"
        )
    if not SECRET_TOKEN.match(secret):
        return "WEBHOOK_SECRET may hold only letters, digits, _ and -, at most 256 of them"
    return None


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    *,
    poll_timeout: int = 10,
    ready: asyncio.Event | None = None,
) -> None:
    """Serve updates until `stop` is set; the same path in production and in tests.

    Long polling, or a webhook when WEBHOOK_URL is set (then every request must carry
    WEBHOOK_SECRET, so only Telegram can feed the bot). `ready` is set once updates flow.
    """
    problem = webhook_problem(settings)
    if problem:
        raise ValueError(problem)
    application = build_application(settings)
    try:
        await application.initialize()
    except InvalidToken:
        raise StartError(
            "Telegram refused TELEGRAM_BOT_TOKEN (mistyped or revoked): copy it again from "
            "@BotFather"
        ) from None
    except NetworkError as exc:
        raise StartError(
            f"could not reach the Bot API at {settings.telegram_api_base_url}: "
            f"{redact.redact(str(exc))}"
        ) from None
    async with application:
        # initialize() does not run post_init; run_polling would, so do as it does.
        await _post_init(application, settings)
        try:
            await application.start()
            assert application.updater is not None
            if settings.webhook_url:
                await _start_webhook(application, settings)
            else:
                await application.updater.start_polling(
                    poll_interval=0.0,
                    timeout=poll_timeout,
                    allowed_updates=Update.ALL_TYPES,
                    drop_pending_updates=False,
                )
            if ready is not None:
                ready.set()
            await stop.wait()
            await application.updater.stop()
            await application.stop()
        finally:
            await _post_shutdown(application)


async def _start_webhook(application: Application, settings: Settings) -> None:
    """Listen where the proxy forwards WEBHOOK_URL's path, and tell Telegram the URL."""
    assert application.updater is not None and settings.webhook_url
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    webhook_secret.install()
    await application.updater.start_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urllib.parse.urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
    )
    log.info("serving a webhook on %s:%s", settings.webhook_listen, settings.webhook_port)


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
