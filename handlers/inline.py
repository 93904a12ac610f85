"""Inline mode: `@bot claim` in any chat offers the best matching claims; picking one posts
its answer there, so a journalist can answer a colleague without adding the bot to the chat.
"""

from __future__ import annotations

import asyncio

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode

from handlers.common import claim_base
from handlers.context import Context
from handlers.render import PRIVATE, render_answer, summary
from handlers.words import match_score
from store.claimbase.answer import Answer
from store.claimbase.check import check

MAX_INLINE_QUERY = 256
MAX_RESULTS = 5
CACHE_SECONDS = 30  # short: editors change the claim base during the day
NO_MATCH_TITLE = "No stored claim matches this"


def _content(text: str) -> InputTextMessageContent:
    return InputTextMessageContent(
        text,
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


def inline_results(answer: Answer) -> list[InlineQueryResultArticle]:
    """One result per matching claim, each posting that claim's answer in full (the posted
    message has no buttons, so nothing is folded away); one "no match" result otherwise."""
    if not answer.matches:
        return [
            InlineQueryResultArticle(
                id="none",
                title=NO_MATCH_TITLE,
                description="Editors can add it with /claim",
                input_message_content=_content(render_answer(answer, style=PRIVATE)),
            )
        ]
    results = []
    for match in answer.matches[:MAX_RESULTS]:
        single = Answer(query=answer.query, matches=[match])
        title = match.claim.text
        if match.denies:
            title = f"Did NOT happen? {title}"
        results.append(
            InlineQueryResultArticle(
                id=f"{match.claim.id}-{match.match.polarity}",
                title=title[:200],
                description=f"{summary(match)} · {match_score(match.match.score)}",
                input_message_content=_content(render_answer(single, style=PRIVATE)),
            )
        )
    return results


def inline_text(query: str) -> str:
    """The query as checked: spaces folded, at most 256 characters (Telegram's own limit)."""
    return " ".join(query.split())[:MAX_INLINE_QUERY].strip()


async def on_inline_query(update: Update, context: Context) -> None:
    query = update.inline_query
    if query is None:
        return
    text = inline_text(query.query)
    if not text:
        await query.answer([], cache_time=CACHE_SECONDS)
        return
    # Logged like a chat check, without a chat: an inline query comes from no chat of ours.
    checked = await asyncio.to_thread(
        check, claim_base(context), text, limit=MAX_RESULTS, with_sightings=False
    )
    results = inline_results(checked.answer)
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False)
