"""`/stats` for editors: the size of the claim base, the day's checks, and the questions it
could not answer (the claims worth adding next)."""

from __future__ import annotations

import asyncio
import html

from telegram import Update

from handlers.common import claim_base
from handlers.context import Context
from handlers.editors import require_editor
from store.claimbase.stats import read_stats

QUERY_CHARS = 80


def render_stats(stats: dict) -> str:
    """Plain numbers, and the unmatched queries quoted as people typed them."""
    lines = [
        f"Claim base: {stats['claims']} claims, {stats['evidence']} pieces of evidence, "
        f"{stats['outlets']} outlets.",
        f"Last 24 hours: {stats['checks']} checks, {stats['matched']} matched, "
        f"{stats['unmatched']} without a match.",
    ]
    top = stats.get("top_unmatched") or []
    if top:
        lines.append("Asked most without a match:")
        for query, count in top:
            short = query if len(query) <= QUERY_CHARS else query[: QUERY_CHARS - 1] + "…"
            times = f" ({count}×)" if count > 1 else ""
            lines.append(f"• {html.escape(short, quote=False)}{times}")
        lines.append("Editors can add one with /claim TEXT.")
    return "\n".join(lines)


async def on_stats(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    stats = await asyncio.to_thread(read_stats, claim_base(context))
    await message.reply_text(render_stats(stats))
