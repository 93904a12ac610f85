"""The webhook's secret compared in constant time.

python-telegram-bot checks the X-Telegram-Bot-Api-Secret-Token header with `!=`, which
returns sooner the earlier the first wrong character is, so a patient attacker could learn
the secret one character at a time. Our check runs first with `hmac.compare_digest`; PTB's
own comparison then only ever sees the right secret.
"""

from __future__ import annotations

import hmac
from http import HTTPStatus

import tornado.web
from telegram.ext._utils.webhookhandler import TelegramHandler

HEADER = "X-Telegram-Bot-Api-Secret-Token"
_ptb_validate = TelegramHandler._validate_post


def secret_matches(given: str | None, expected: str) -> bool:
    """Whether the header holds the secret; the time taken does not depend on where they
    differ."""
    return hmac.compare_digest((given or "").encode(), expected.encode())


def _validate_post(self: TelegramHandler) -> None:
    if self.secret_token is not None and not secret_matches(
        self.request.headers.get(HEADER), self.secret_token
    ):
        raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN, reason="Wrong or missing secret token")
    _ptb_validate(self)


def install() -> None:
    """Put the constant-time check in front of PTB's (idempotent)."""
    TelegramHandler._validate_post = _validate_post
