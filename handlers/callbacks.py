"""Callback data of the answer's buttons, and finding which claim an answer was about.

Callback data is at most 64 bytes and comes back from Telegram as the client sent it, so it
is parsed strictly: forged or stale data decodes to None and gets a short notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Message

PATTERN = re.compile(r"^(show|more|watch|unwatch|timeline):(\d{1,12})(?::([a-z0-9_-]{1,20}))?$")


@dataclass(frozen=True)
class Callback:
    action: str
    claim_id: int
    extra: str | None = None

    def encode(self) -> str:
        data = f"{self.action}:{self.claim_id}"
        return f"{data}:{self.extra}" if self.extra else data


def decode(data: str | None) -> Callback | None:
    if not data or len(data) > 64:
        return None
    found = PATTERN.match(data)
    if found is None:
        return None
    return Callback(found.group(1), int(found.group(2)), found.group(3))


def claim_id_of_answer(message: Message | None) -> int | None:
    """The claim a bot answer is about, read from its buttons (Telegram echoes them in replies)."""
    if message is None or message.reply_markup is None:
        return None
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            callback = decode(
                button.callback_data if isinstance(button.callback_data, str) else None
            )
            if callback is not None and callback.action in ("watch", "unwatch", "more"):
                return callback.claim_id
    return None
