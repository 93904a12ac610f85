"""The answer's keyboard, and reading it back when a button is pressed.

The buttons carry all the state a press needs: each "show:<claim_id>:<state>" and the
"more:<claim_id>:<state>" button hold the claim's polarity and score ("a94" affirms at 94,
"d80" denies at 80), and the keyboard lists every matching claim in rank order. So a press is
answered from the message itself and the claim base, whichever replica receives it and however
long after a restart. The watch button stays "watch:<claim_id>", as the watch handler reads it.
The 🕒 Timeline button, on a claim with two dated sources, is "timeline:<claim_id>[:p<YYYYMMDD>]",
the day the forwarded post was first posted, so the picture can mark it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from handlers.callbacks import Callback, decode
from handlers.render import Style, is_folded
from handlers.timeline import can_draw
from store.claimbase.answer import MatchAnswer
from store.claimbase.check import Ranked

MAX_SWITCH = 5
LABEL_CHARS = 40
STATE = re.compile(r"^([ad])(\d{1,3})$")
POSTED = re.compile(r"^p(\d{8})$")


def state_of(match: MatchAnswer) -> str:
    return f"{'d' if match.denies else 'a'}{round(match.match.score)}"


def parse_state(claim_id: int, extra: str | None) -> Ranked | None:
    found = STATE.match(extra or "")
    if found is None or int(found.group(2)) > 100:
        return None
    polarity = "denies" if found.group(1) == "d" else "affirms"
    return Ranked(claim_id, polarity, int(found.group(2)))


def _label(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARS:
        return text
    return text[: LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def timeline_button(claim_id: int, posted: dt.date | None = None) -> InlineKeyboardButton:
    extra = f"p{posted:%Y%m%d}" if posted is not None and posted.year >= 1000 else None
    return InlineKeyboardButton(
        "🕒 Timeline", callback_data=Callback("timeline", claim_id, extra).encode()
    )


def posted_of(extra: str | None) -> dt.date | None:
    """The forwarded post's day a timeline button carries, if any."""
    found = POSTED.match(extra or "")
    if found is None:
        return None
    try:
        return dt.datetime.strptime(found.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def answer_markup(
    ranked: Sequence[MatchAnswer],
    style: Style,
    *,
    current: int | None = None,
    posted: dt.date | None = None,
) -> InlineKeyboardMarkup | None:
    """Watch, "More ▾" and 🕒 Timeline for the claim shown, then one button per matching claim
    (rank order, the shown one ticked) when there are several. `current` defaults to the best
    match; `posted` is the forwarded post's day, for the timeline."""
    if not ranked:
        return None
    shown = next((m for m in ranked if m.claim.id == current), ranked[0])
    first = [
        InlineKeyboardButton("🔔 Watch", callback_data=Callback("watch", shown.claim.id).encode())
    ]
    if is_folded(shown, style):
        more = Callback("more", shown.claim.id, state_of(shown)).encode()
        first.append(InlineKeyboardButton("More ▾", callback_data=more))
    if can_draw(shown.claim):
        first.append(timeline_button(shown.claim.id, posted))
    rows = [first]
    if len(ranked) > 1:
        for match in ranked[:MAX_SWITCH]:
            mark = "✓" if match is shown else "▸"
            data = Callback("show", match.claim.id, state_of(match)).encode()
            rows.append(
                [InlineKeyboardButton(f"{mark} {_label(match.claim.text)}", callback_data=data)]
            )
    return InlineKeyboardMarkup(rows)


def ranked_of(message: Message) -> list[Ranked]:
    """The matching claims a keyboard lists, in rank order."""
    found: list[Ranked] = []
    if message.reply_markup is None:
        return found
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            data = button.callback_data if isinstance(button.callback_data, str) else None
            callback = decode(data)
            if callback is None or callback.action != "show":
                continue
            item = parse_state(callback.claim_id, callback.extra)
            if item is not None and all(r.claim_id != item.claim_id for r in found):
                found.append(item)
    return found
