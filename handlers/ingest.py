"""`/ingest URL`: an editor hands the bot an article and it records who says what in it.

Only links are accepted here, never file paths, and the fetch goes through the shared,
guarded HTTP client, so a pasted link cannot reach inside the bot's own network unless the
admin turned on FETCH_ALLOW_PRIVATE.
"""

from __future__ import annotations

import html
import logging

import httpx
from telegram import Update

from handlers.channels import ingest_channel_post
from handlers.common import claim_base
from handlers.context import Context
from handlers.editors import actor, require_editor
from handlers.report import ingest_summary, recorded_line
from store.claimbase.ingest import IngestResult, ingest_source
from store.ingest.pipeline import FetchError, IngestError, is_url

log = logging.getLogger(__name__)

MAX_LINES = 10
MAX_MESSAGE = 4096
USAGE = (
    "Send /ingest with a link to an article, for example: /ingest https://example.org/news/1, "
    "or reply /ingest to a post forwarded from a channel."
)
NOT_A_LINK = (
    "/ingest reads web pages only: send a link starting with http:// or https://, "
    "for example /ingest https://example.org/news/1"
)


def http_client(context: Context) -> httpx.AsyncClient:
    return context.bot_data.http_client


def render_result(result: IngestResult) -> str:
    """The reply: the summary, then at most ten recorded lines and how many more."""
    head = html.escape(ingest_summary(result))
    lines = [f"• {html.escape(recorded_line(r))}" for r in result.recorded[:MAX_LINES]]
    rest = len(result.recorded) - len(lines)
    while lines:
        tail = [f"…and {rest} more"] if rest else []
        text = "\n".join([head, *lines, *tail])
        if len(text) <= MAX_MESSAGE:
            return text
        lines.pop()
        rest += 1
    tail = [f"…and {rest} more"] if rest else []
    return "\n".join([head[: MAX_MESSAGE - 40], *tail])


async def on_ingest(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    if await ingest_channel_post(update, context):
        return  # a channel post, replied to or linked
    args = context.args or []
    if not args:
        await message.reply_text(USAGE)
        return
    link = args[0]
    if not is_url(link):
        await message.reply_text(NOT_A_LINK)
        return
    try:
        result = await ingest_source(
            claim_base(context),
            link,
            client=http_client(context),
            allow_private=context.bot_data.fetch_allow_private,
            actor=actor(update),
        )
    except (FetchError, IngestError) as exc:
        await message.reply_text(html.escape(f"Could not ingest this link: {exc}"))
        return
    log.info("ingested %s: %d pieces of evidence", result.url, result.evidence_added)
    await message.reply_text(render_result(result))
