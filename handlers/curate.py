"""Editors change the claim base from a chat: `/back`, `/dispute`, `/unconfirmed` (as a reply
to an answer), `/claim`, `/alias` and `/undo`.

Everyone else gets one polite line and nothing changes. Every change is one transaction with
its audit entry; the reply says what was recorded and carries the claim's Watch button, so an
editor can reply to the confirmation itself to add the next source.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from handlers.callbacks import Callback, claim_id_of_answer
from handlers.common import claim_base
from handlers.context import Context
from handlers.editors import actor, require_editor
from handlers.report import evidence_recorded, undone
from store.claimbase import curate, editline
from store.claimbase.curate import PlaceNotFound
from store.claimbase.editline import CurationError
from store.claimbase.undo import undo_last

log = logging.getLogger(__name__)

STANCES = {"back": "backs", "dispute": "disputes", "unconfirmed": "unconfirmed"}
EXAMPLES = {
    "back": "/back Russian Defence Ministry | TASS | 27 Nov 2025 | https://tass.com/1234 "
    "| Gulyaipole has been liberated.",
    "dispute": "/dispute Ukrainian Southern Defence Forces | Ukrainska Pravda | 28 Nov 2025 "
    "| Huliaipole remains under Ukrainian control.",
    "unconfirmed": "/unconfirmed Institute for the Study of War | ISW | 2025-11-28 "
    "| ISW has not observed footage confirming the claim.",
}
EVIDENCE_USAGE = (
    "Usage: reply to one of my answers with /{command} speaker | outlet | date | url | quote "
    "(date and url may be left out).\nFor example: {example}"
)
CLAIM_USAGE = "Usage: /claim and the claim in a few words.\nFor example: /claim {example}"
CLAIM_EXAMPLE = "Russian forces captured Kupiansk"
ALIAS_USAGE = (
    "Usage: reply to one of my answers with /alias and another wording of its claim, "
    "for example: /alias Russia took Gulyaipole\n"
    "For a place name: /alias place: Gulyaipole = Huliaipole (the new name, then a place I know)."
)
NO_ANSWER = "Reply to one of my answers, so I know which claim you mean."


def command_name(message: Message) -> str:
    """The command as typed, without the slash and the @botname: `/Dispute@bot` is dispute."""
    head = (message.text or "").split(maxsplit=1)[0] if message.text else ""
    return head.lstrip("/").split("@", 1)[0].lower()


def command_body(message: Message) -> str:
    """Everything after the command, as typed (spacing and `|` kept, unlike context.args)."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def claim_keyboard(claim_id: int) -> InlineKeyboardMarkup:
    """The Watch button: watches the claim, and marks the message as being about it."""
    data = Callback("watch", claim_id).encode()
    return InlineKeyboardMarkup([[InlineKeyboardButton("🔔 Watch", callback_data=data)]])


def _e(text: str) -> str:
    return html.escape(text, quote=False)


async def on_evidence(update: Update, context: Context) -> None:
    """`/back`, `/dispute`, `/unconfirmed` replying to an answer: a source's stance on its claim."""
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    command = command_name(message)
    stance = STANCES.get(command, "backs")
    usage = EVIDENCE_USAGE.format(command=command, example=EXAMPLES.get(command, EXAMPLES["back"]))
    claim_id = claim_id_of_answer(message.reply_to_message)
    if claim_id is None:
        await message.reply_text(_e(f"{NO_ANSWER}\n{usage}"))
        return
    try:
        entry = editline.parse_evidence(command_body(message))
    except CurationError as exc:
        await message.reply_text(_e(f"Cannot read that: {exc}.\n{usage}"))
        return
    try:
        added = await asyncio.to_thread(
            curate.add_evidence,
            claim_base(context),
            claim_id=claim_id,
            stance=stance,
            evidence=entry,
            actor=actor(update),
        )
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    await message.reply_text(
        _e(evidence_recorded(added)), reply_markup=claim_keyboard(added.claim_id)
    )


async def on_claim(update: Update, context: Context) -> None:
    """`/claim TEXT`: a new claim, unless the matcher already knows it."""
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    body = command_body(message)
    usage = CLAIM_USAGE.format(example=CLAIM_EXAMPLE)
    try:
        text = editline.claim_text(body)
    except CurationError as exc:
        await message.reply_text(_e(f"Cannot use that: {exc}.\n{usage}" if body else usage))
        return
    try:
        claim = await asyncio.to_thread(
            curate.add_claim, claim_base(context), text=text, actor=actor(update)
        )
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    if not claim.created:
        await message.reply_text(
            f"That claim is already stored: “{_e(claim.text)}”. Reply to this message with "
            "/back, /dispute or /unconfirmed to add a source, or /alias for another wording.",
            reply_markup=claim_keyboard(claim.claim_id),
        )
        return
    await message.reply_text(
        f"Added the claim “{_e(claim.text)}”. Reply to this message with /back, /dispute or "
        "/unconfirmed speaker | outlet | date | url | quote to record its sources.",
        reply_markup=claim_keyboard(claim.claim_id),
    )


async def on_alias(update: Update, context: Context) -> None:
    """`/alias TEXT` replying to an answer, or `/alias place: NAME = PLACE`."""
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    body = command_body(message)
    if editline.is_place_alias(body):
        await _place_alias(update, context, message, body)
        return
    claim_id = claim_id_of_answer(message.reply_to_message)
    if not body or claim_id is None:
        await message.reply_text(_e(ALIAS_USAGE if not body else f"{NO_ANSWER}\n{ALIAS_USAGE}"))
        return
    try:
        alias = await asyncio.to_thread(
            curate.add_alias, claim_base(context), claim_id=claim_id, text=body, actor=actor(update)
        )
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    await message.reply_text(
        f"Added the wording “{_e(alias.text)}” to “{_e(alias.claim)}”. /undo reverts it.",
        reply_markup=claim_keyboard(claim_id),
    )


async def _place_alias(update: Update, context: Context, message: Message, body: str) -> None:
    try:
        wanted = editline.parse_place_alias(body)
    except CurationError as exc:
        await message.reply_text(_e(f"Cannot read that: {exc}.\n{ALIAS_USAGE}"))
        return
    try:
        added = await asyncio.to_thread(
            curate.add_place_name,
            claim_base(context),
            name=wanted.name,
            place=wanted.place,
            actor=actor(update),
        )
    except PlaceNotFound as exc:
        await message.reply_text(_e(_place_not_found(wanted.name, exc)))
        return
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    place = added.place
    region = f" ({place.oblast})" if place.oblast else ""
    await message.reply_text(
        _e(
            f"Added {added.name} as a name of {place.names[0]}{region}. "
            "Checks read it from now on; /undo reverts it."
        )
    )


def _place_not_found(name: str, exc: PlaceNotFound) -> str:
    if not exc.places:
        return (
            f"I do not know the place {exc.wanted}. Name it as I know it "
            "(for example Huliaipole, Гуляйполе) or by its id."
        )
    options = ", ".join(f"{p.id} ({p.oblast or p.kind})" for p in exc.places[:8])
    return (
        f"Several places are called {exc.wanted}: {options}. Use the id, for "
        f"example: /alias place: {name} = {exc.places[0].id}"
    )


async def on_undo(update: Update, context: Context) -> None:
    """`/undo`: revert the editor's own last change that is not undone yet."""
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    try:
        reverted = await asyncio.to_thread(undo_last, claim_base(context), actor=actor(update))
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    if reverted is None:
        await message.reply_text("You have no change left to undo.")
        return
    await message.reply_text(_e(f"Undone: {undone(reverted)}."))
