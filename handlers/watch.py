"""Watching claims: `/watch` (or the 🔔 Watch button) subscribes the chat to a claim,
`/watching` lists, `/unwatch` stops, and a repeating job posts an alert when new evidence
arrives on a watched claim, wherever it came from.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from handlers.buttons import button_data
from handlers.callbacks import Callback, claim_id_of_answer, decode
from handlers.common import claim_base
from handlers.context import Context
from handlers.editors import actor
from handlers.words import STANCE_BY, human_date, short_day, source_dated
from store.claimbase import watch as watches
from store.claimbase.watch import Alert, WatchError
from store.repo import EvidenceView

log = logging.getLogger(__name__)

ALERT_SECONDS = 5.0
ALERTS_PER_ROUND = 50
ALERT_ITEMS = 5
JOB_NAME = "watch-alerts"
CALLBACK_PATTERN = r"^(watch|unwatch):"

WATCH_USAGE = "Reply /watch to one of my answers to get an alert here when its sources change."
UNWATCH_USAGE = (
    "Reply /unwatch to one of my answers or alerts, or send /unwatch N with a number "
    "from /watching."
)
STALE_BUTTON = "This button is out of date; check the claim again."


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _source(item: EvidenceView) -> str:
    text = _e(source_dated(item.speaker, outlet=item.outlet, via=item.via, date=item.date))
    if item.url:
        text += f' <a href="{html.escape(item.url, quote=True)}">↗</a>'
    return text


def render_alert(alert: Alert, *, limit: int = ALERT_ITEMS) -> str:
    """The alert: 🔔 Update on: CLAIM — now backed by X (TASS, 27 Nov 2025); a line per source."""
    head = f"🔔 Update on: {_e(alert.claim)}"
    items = alert.evidence
    seen = _channels_line(alert)
    if len(items) == 1:
        line = f"{head} — now {STANCE_BY.get(items[0].stance, 'noted by')} {_source(items[0])}"
        return line + (f"\n{seen}" if seen else "")
    lines = [head]
    lines += [f"• now {STANCE_BY.get(i.stance, 'noted by')} {_source(i)}" for i in items[:limit]]
    if len(items) > limit:
        lines.append(f"…and {len(items) - limit} more; /check the claim for all of them.")
    if seen:
        lines.append(seen)
    return "\n".join(lines)


def _channels_line(alert: Alert, *, limit: int = ALERT_ITEMS) -> str | None:
    """Seen since the last alert in: @a (26 Nov), @b (27 Nov) — each channel once."""
    if not alert.channels:
        return None
    shown = []
    for seen in alert.channels[:limit]:
        name = _e(f"@{seen.channel}")
        if seen.link:
            name = f'<a href="{html.escape(seen.link, quote=True)}">{name}</a>'
        shown.append(name + (f" ({short_day(seen.posted_at)})" if seen.posted_at else ""))
    rest = len(alert.channels) - len(shown)
    return (
        "Seen since the last alert in: " + ", ".join(shown) + (f" and {rest} more" if rest else "")
    )


def unwatch_keyboard(claim_id: int) -> InlineKeyboardMarkup:
    data = Callback("unwatch", claim_id).encode()
    return InlineKeyboardMarkup([[InlineKeyboardButton("🔕 Unwatch", callback_data=data)]])


async def _subscribe(update: Update, context: Context, claim_id: int) -> tuple[str, bool]:
    """Watch a claim in the current chat; the line to show, and whether the chat watches it."""
    chat = update.effective_chat
    assert chat is not None
    try:
        watched = await asyncio.to_thread(
            watches.watch,
            claim_base(context),
            chat_id=chat.id,
            claim_id=claim_id,
            created_by=actor(update),
        )
    except WatchError as exc:
        return f"Not watched: {exc}.", False
    if not watched.created:
        return (
            f"This chat already watches “{watched.claim}”. /watching lists, /unwatch stops."
        ), True
    return (
        f"🔔 This chat now watches “{watched.claim}”. I will post here when a source backs or "
        "disputes it. /watching lists, /unwatch stops."
    ), True


async def _unsubscribe(context: Context, chat_id: int, claim_id: int) -> bool:
    return await asyncio.to_thread(
        watches.unwatch, claim_base(context), chat_id=chat_id, claim_id=claim_id
    )


async def on_watch(update: Update, context: Context) -> None:
    """`/watch` replying to an answer (or an alert, or an editor's confirmation)."""
    message = update.effective_message
    if message is None:
        return
    claim_id = claim_id_of_answer(message.reply_to_message)
    if claim_id is None:
        await message.reply_text(WATCH_USAGE)
        return
    line, watched = await _subscribe(update, context, claim_id)
    await message.reply_text(_e(line), reply_markup=unwatch_keyboard(claim_id) if watched else None)


async def on_watching(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    chat_id = message.chat.id
    listed = await asyncio.to_thread(watches.watching, claim_base(context), chat_id=chat_id)
    if not listed:
        await message.reply_text(_e(f"This chat watches no claims yet. {WATCH_USAGE}"))
        return
    noun = "claim" if len(listed) == 1 else "claims"
    lines = [f"This chat watches {len(listed)} {noun}:"]
    lines += [f"{w.number}. {_e(w.claim)} · since {human_date(w.since)}" for w in listed]
    lines.append("/unwatch N stops one.")
    await message.reply_text(_cap("\n".join(lines)))


def _cap(text: str, limit: int = 4000) -> str:
    if len(text) <= limit:
        return text
    return text[: text.rfind("\n", 0, limit)] + "\n…"


async def on_unwatch(update: Update, context: Context) -> None:
    """`/unwatch` replying to an answer or alert, or `/unwatch N` from the /watching list."""
    message = update.effective_message
    if message is None:
        return
    chat_id = message.chat.id
    args = context.args or []
    claim_id = claim_id_of_answer(message.reply_to_message)
    if claim_id is None and len(args) == 1 and args[0].isdecimal():
        number = int(args[0])
        listed = await asyncio.to_thread(watches.watching, claim_base(context), chat_id=chat_id)
        chosen = [w for w in listed if w.number == number]
        if not chosen:
            size = f"it lists {len(listed)}" if listed else "this chat watches nothing"
            await message.reply_text(f"There is no number {number} in /watching: {size}.")
            return
        claim_id = chosen[0].claim_id
    if claim_id is None:
        await message.reply_text(UNWATCH_USAGE)
        return
    if await _unsubscribe(context, chat_id, claim_id):
        await message.reply_text("🔕 Stopped watching that claim here.")
    else:
        await message.reply_text("This chat was not watching that claim. /watching lists.")


async def on_watch_button(update: Update, context: Context) -> None:
    """The 🔔 Watch and 🔕 Unwatch buttons (callback data `watch:<id>`, `unwatch:<id>`)."""
    query = update.callback_query
    if query is None:
        return
    callback = decode(query.data if isinstance(query.data, str) else None)
    chat = update.effective_chat
    if callback is None or callback.action not in ("watch", "unwatch") or chat is None:
        await query.answer(STALE_BUTTON)
        return
    if isinstance(query.message, Message) and query.data not in button_data(query.message):
        await query.answer(STALE_BUTTON)  # not a button of that message: forged
        return
    if callback.action == "unwatch":
        stopped = await _unsubscribe(context, chat.id, callback.claim_id)
        await query.answer("Stopped watching." if stopped else "This chat was not watching it.")
        return
    line, watched = await _subscribe(update, context, callback.claim_id)
    await query.answer(line[:200])
    if watched and isinstance(query.message, Message):
        await query.message.reply_text(_e(line), reply_markup=unwatch_keyboard(callback.claim_id))


# ---------------------------------------------------------------------------------------------
# The alert job


async def send_alerts(context: Context) -> int:
    """One round: take the alerts owed, post them, hand back the ones that could not be sent."""
    opened = context.bot_data.claim_base  # None before post_init and after shutdown
    if opened is None:
        return 0
    try:
        alerts = await asyncio.to_thread(watches.take_alerts, opened, limit=ALERTS_PER_ROUND)
    except Exception:
        log.exception("could not read the alerts owed; trying again next round")
        return 0
    sent = 0
    for alert in alerts:
        try:
            await context.bot.send_message(
                alert.chat_id, render_alert(alert), reply_markup=unwatch_keyboard(alert.claim_id)
            )
            sent += 1
        except (Forbidden, BadRequest) as exc:
            if isinstance(exc, BadRequest) and "chat not found" not in exc.message.lower():
                log.warning("alert to chat %s refused: %s", alert.chat_id, exc.message)
                continue
            log.info("chat %s is gone (%s); dropping its watches", alert.chat_id, exc.message)
            await asyncio.to_thread(watches.drop_chat, opened, chat_id=alert.chat_id)
        except TelegramError as exc:
            log.warning("alert to chat %s not sent (%s); retrying next round", alert.chat_id, exc)
            await asyncio.to_thread(watches.give_back, opened, alert=alert)
    return sent


def schedule_alerts(application: Application, *, interval: float | None = None) -> bool:
    """Run `send_alerts` every few seconds; False (and no job) without a job queue."""
    queue = application.job_queue
    if queue is None:
        log.warning("no job queue (install python-telegram-bot[job-queue]); watch alerts are off")
        return False
    seconds = interval if interval is not None else ALERT_SECONDS
    for job in queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    queue.run_repeating(send_alerts, interval=seconds, first=seconds, name=JOB_NAME)
    return True
