"""The timeline in a chat: the 🕒 Timeline button under an answer, and `/timeline` (as a reply
to an answer, to a forwarded post, or with the claim after it) send the claim's timeline as a
picture with its caption. A claim with fewer than two dated sources gets the same story in
words instead, and its answers carry no button.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Message, Update

from handlers.buttons import OUT_OF_DATE, button_data
from handlers.callbacks import claim_id_of_answer, decode
from handlers.common import MAX_QUERY, claim_base, is_private, message_text, origin_of
from handlers.context import Context
from handlers.keyboard import posted_of
from handlers.render import GROUP, PRIVATE, render_answer
from handlers.reply import channel_post_of
from handlers.timeline import can_draw, in_words, render_timeline
from store.claimbase.check import check
from store.claimbase.timeline import claim_view
from store.repo import ClaimView

CALLBACK_PATTERN = r"^timeline:"
FILENAME = "timeline.png"
USAGE = (
    "Reply /timeline to one of my answers (or to a forwarded post) to see who said what "
    "about its claim, and when, as a picture. Or write the claim after it: "
    "/timeline Russia took Zaporizke"
)
GONE = "That claim is no longer in the claim base. Send it again to check."
NOT_DRAWN = "Fewer than two sources gave a date: nothing to draw."
FAILED = "The timeline could not be drawn. Please try again in a minute."


def _timeline_state(message: Message | None) -> tuple[int | None, dt.date | None]:
    """The claim an answer is about and the forwarded post's day its timeline button holds."""
    claim_id = claim_id_of_answer(message)
    if message is None:
        return claim_id, None
    for data in button_data(message):
        callback = decode(data)
        if callback is not None and callback.action == "timeline":
            return callback.claim_id, posted_of(callback.extra)
    return claim_id, None


async def send_timeline(message: Message, claim: ClaimView, *, posted: dt.date | None) -> None:
    """The picture and its caption as a reply to `message`; the story in words when the claim
    cannot be drawn."""
    if not can_draw(claim):
        await message.reply_text(in_words(claim, posted=posted))
        return
    await _send_picture(message, claim, posted=posted)


async def _send_picture(message: Message, claim: ClaimView, *, posted: dt.date | None) -> None:
    """The picture and its caption as a reply to `message`, for a claim that `can_draw`."""
    picture = await asyncio.to_thread(render_timeline, claim, posted=posted)
    await message.reply_photo(picture.png, caption=picture.caption, filename=FILENAME)


async def on_timeline(update: Update, context: Context) -> None:
    """`/timeline`: as a reply to an answer, that answer's claim; as a reply to any other
    message, or followed by text, the claim that text matches."""
    message = update.effective_message
    if message is None:
        return
    source = message.reply_to_message
    claim_id, posted = _timeline_state(source)
    if claim_id is not None:
        claim = await asyncio.to_thread(claim_view, claim_base(context), claim_id)
        if claim is None:
            await message.reply_text(GONE)
            return
        await send_timeline(message, claim, posted=posted)
        return
    text = " ".join(context.args or []) or message_text(source)
    if not text:
        await message.reply_text(USAGE)
        return
    origin = origin_of(source) if not context.args else None
    day = origin.date.date() if origin is not None and origin.date else None
    checked = await asyncio.to_thread(
        check,
        claim_base(context),
        text[:MAX_QUERY],
        chat_id=message.chat_id,
        post=channel_post_of(source) if not context.args else None,
        posted=day,
        with_sightings=False,
    )
    if not checked.answer.matches:
        style = PRIVATE if is_private(message) else GROUP
        await message.reply_text(render_answer(checked.answer, style=style, origin=origin))
        return
    await send_timeline(message, checked.answer.matches[0].claim, posted=day)


async def on_timeline_button(update: Update, context: Context) -> None:
    """The 🕒 Timeline button (callback data `timeline:<id>[:p<YYYYMMDD>]`)."""
    query = update.callback_query
    if query is None:
        return
    callback = decode(query.data if isinstance(query.data, str) else None)
    message = query.message
    if callback is None or callback.action != "timeline" or not isinstance(message, Message):
        await query.answer(OUT_OF_DATE)
        return
    if query.data not in button_data(message):
        await query.answer(OUT_OF_DATE)  # not a button of this message: forged, or changed
        return
    try:
        claim = await asyncio.to_thread(claim_view, claim_base(context), callback.claim_id)
    except Exception:
        await query.answer(FAILED)
        raise  # the error handler logs it
    if claim is None:
        await query.answer(GONE)
        return
    if not can_draw(claim):
        await query.answer(NOT_DRAWN)
        return
    await query.answer()
    await _send_picture(message, claim, posted=posted_of(callback.extra))
