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
from telegram.ext import ContextTypes

from handlers.callbacks import Callback, claim_id_of_answer
from handlers.common import claim_base, in_session
from handlers.editors import actor, require_editor
from handlers.render import human_date
from store.claimbase import curate as curation
from store.claimbase.curate import CurationError, EvidenceInput

log = logging.getLogger(__name__)

STANCES = {"back": "backs", "dispute": "disputes", "unconfirmed": "unconfirmed"}
STANCE_VERBS = {"backs": "backs", "disputes": "disputes", "unconfirmed": "has not confirmed"}
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
DUPLICATE_SCORE = 90


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


def _source(entry: EvidenceInput) -> str:
    where = [entry.outlet] if entry.outlet != entry.speaker else []
    if entry.date:
        where.append(human_date(entry.date))
    return entry.speaker + (f" ({', '.join(where)})" if where else "")


async def on_evidence(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
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
        entry = curation.parse_evidence(command_body(message))
    except CurationError as exc:
        await message.reply_text(_e(f"Cannot read that: {exc}.\n{usage}"))
        return
    base = claim_base(context)
    who = actor(update)

    def work(session):
        evidence = curation.add_evidence(
            session=session, claim_id=claim_id, stance=stance, entry=entry, actor=who
        )
        claim = curation.claim_of(session=session, claim_id=evidence.claim_id)
        return claim.text

    try:
        text = await in_session(base, work)
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    base.invalidate()
    await message.reply_text(
        f"Recorded: {_e(_source(entry))} {STANCE_VERBS[stance]} “{_e(text)}”.\n/undo reverts it.",
        reply_markup=claim_keyboard(claim_id),
    )


async def on_claim(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/claim TEXT`: a new claim, unless the matcher already knows it."""
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    body = command_body(message)
    usage = CLAIM_USAGE.format(example=CLAIM_EXAMPLE)
    try:
        text = curation.claim_text(body)
    except CurationError as exc:
        await message.reply_text(_e(f"Cannot use that: {exc}.\n{usage}" if body else usage))
        return
    base = claim_base(context)
    answer = await asyncio.to_thread(base.check, text, limit=1, min_score=DUPLICATE_SCORE)
    if answer.matches:
        known = answer.matches[0].claim
        await message.reply_text(
            f"That claim is already stored: “{_e(known.text)}”. Reply to this message with "
            "/back, /dispute or /unconfirmed to add a source, or /alias for another wording.",
            reply_markup=claim_keyboard(known.id),
        )
        return
    who = actor(update)
    try:
        claim = await in_session(
            base, lambda session: curation.add_claim(session=session, text=text, actor=who)
        )
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    base.invalidate()
    assert claim.id is not None
    await message.reply_text(
        f"Added the claim “{_e(claim.text)}”. Reply to this message with /back, /dispute or "
        "/unconfirmed speaker | outlet | date | url | quote to record its sources.",
        reply_markup=claim_keyboard(claim.id),
    )


async def on_alias(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/alias TEXT` replying to an answer, or `/alias place: NAME = PLACE`."""
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    body = command_body(message)
    if curation.is_place_alias(body):
        await _place_alias(update, context, message, body)
        return
    claim_id = claim_id_of_answer(message.reply_to_message)
    if not body or claim_id is None:
        await message.reply_text(_e(ALIAS_USAGE if not body else f"{NO_ANSWER}\n{ALIAS_USAGE}"))
        return
    base = claim_base(context)
    who = actor(update)

    def work(session):
        alias = curation.add_alias(session=session, claim_id=claim_id, text=body, actor=who)
        return alias.text, curation.claim_of(session=session, claim_id=claim_id).text

    try:
        alias, text = await in_session(base, work)
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    base.invalidate()
    await message.reply_text(
        f"Added the wording “{_e(alias)}” to “{_e(text)}”. /undo reverts it.",
        reply_markup=claim_keyboard(claim_id),
    )


async def _place_alias(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message, body: str
) -> None:
    try:
        wanted = curation.parse_place_alias(body)
    except CurationError as exc:
        await message.reply_text(_e(f"Cannot read that: {exc}.\n{ALIAS_USAGE}"))
        return
    base = claim_base(context)
    places = await asyncio.to_thread(curation.resolve_place, base.gazetteer, wanted.place)
    if not places:
        await message.reply_text(
            _e(
                f"I do not know the place {wanted.place}. Name it as I know it "
                "(for example Huliaipole, Гуляйполе) or by its id."
            )
        )
        return
    if len(places) > 1:
        options = ", ".join(f"{p.id} ({p.oblast or p.kind})" for p in places[:8])
        await message.reply_text(
            _e(
                f"Several places are called {wanted.place}: {options}. Use the id, for "
                f"example: /alias place: {wanted.name} = {places[0].id}"
            )
        )
        return
    place = places[0]
    who = actor(update)
    try:
        await in_session(
            base,
            lambda session: curation.add_place_name(
                session=session, place=place, name=wanted.name, actor=who
            ),
        )
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    await asyncio.to_thread(base.reload_places)
    region = f" ({place.oblast})" if place.oblast else ""
    await message.reply_text(
        _e(
            f"Added {wanted.name} as a name of {place.names[0]}{region}. "
            "Checks read it from now on; /undo reverts it."
        )
    )


async def on_undo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/undo`: revert the editor's own last change that is not undone yet."""
    message = update.effective_message
    if message is None or not await require_editor(update, context):
        return
    base = claim_base(context)
    who = actor(update)
    try:
        undone = await in_session(
            base, lambda session: curation.undo_last(session=session, actor=who)
        )
    except CurationError as exc:
        await message.reply_text(_e(f"Nothing changed: {exc}."))
        return
    if undone is None:
        await message.reply_text("You have no change left to undo.")
        return
    if undone.places_changed:
        await asyncio.to_thread(base.reload_places)
    else:
        base.invalidate()
    await message.reply_text(_e(f"Undone: {undone.description}."))
