"""Button presses on an answer: switch to another matching claim ("show"), or unfold every
source ("more"). Anything that does not fit (forged, stale, a deleted claim) gets a short
notice, and every press is answered so the client stops its spinner.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from handlers.callbacks import claim_id_of_answer, decode
from handlers.common import claim_base, origin_of
from handlers.context import Context
from handlers.keyboard import answer_markup, parse_state, ranked_of
from handlers.render import FULL, GROUP, PRIVATE, posted_day, render_answer
from handlers.reply import channel_post_of
from store.claimbase.answer import Answer
from store.claimbase.check import recall, time_gap_of

log = logging.getLogger(__name__)

OUT_OF_DATE = "This button is out of date. Send the claim again."
ALREADY_SHOWN = "That claim is already shown."
FAILED = "That did not work on my side. Please try again in a minute."
HANDLED = ("show", "more")


def wants(data: object) -> bool:
    """Which presses this module answers: its own actions, and any other data (forged, or an
    action no button carries), so every press gets an answer.

    "watch" and "unwatch" belong to the watch handler, so they are left alone here.
    """
    callback = decode(data if isinstance(data, str) else None)
    return callback is None or callback.action not in ("watch", "unwatch")


def button_data(message: Message) -> set[str]:
    if message.reply_markup is None:
        return set()
    rows = message.reply_markup.inline_keyboard
    return {b.callback_data for row in rows for b in row if isinstance(b.callback_data, str)}


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        notice = await _press(update, context)
    except Exception:
        log.exception("a button press failed")
        notice = FAILED
    await query.answer(notice)


async def _press(update: Update, context: Context) -> str | None:
    """Edit the answer for a press; the notice to show, or None when the edit says it all."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data if isinstance(query.data, str) else None)
    message = query.message
    if callback is None or callback.action not in HANDLED or not isinstance(message, Message):
        return OUT_OF_DATE
    if query.data not in button_data(message):
        return OUT_OF_DATE  # not a button of this message: forged, or the answer changed
    ranked = ranked_of(message)
    current = claim_id_of_answer(message)
    if callback.action == "more":
        pressed = parse_state(callback.claim_id, callback.extra)
        if pressed is None or callback.claim_id != current:
            return OUT_OF_DATE
        if not ranked:
            ranked = [pressed]
        style = FULL
    else:
        if all(r.claim_id != callback.claim_id for r in ranked):
            return OUT_OF_DATE
        if callback.claim_id == current:
            return ALREADY_SHOWN
        style = PRIVATE if message.chat.type == ChatType.PRIVATE else GROUP
    if all(r.claim_id != callback.claim_id for r in ranked):
        return OUT_OF_DATE
    source = message.reply_to_message
    post = channel_post_of(source)
    recalled = await asyncio.to_thread(
        recall, claim_base(context), ranked, shown=callback.claim_id, post=post
    )
    matches = recalled.answer.matches
    shown = next((m for m in matches if m.claim.id == callback.claim_id), None)
    if shown is None:
        return OUT_OF_DATE
    origin = origin_of(source)
    posted = posted_day(origin)
    answer = Answer(
        query="",
        matches=[shown, *[m for m in matches if m is not shown]],
        time_gap=time_gap_of(shown, posted),
    )
    text = render_answer(answer, style=style, origin=origin, sightings=recalled.sightings)
    markup = answer_markup(matches, style, current=shown.claim.id, posted=posted)
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
    return None
