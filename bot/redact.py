"""Secrets out of every log record: the bot token is part of every Bot API URL, and
python-telegram-bot prints that URL at DEBUG and puts the token in some error messages.

A log record factory replaces each known secret before any handler or formatter sees the
record, whichever library logged it and wherever the log goes.
"""

from __future__ import annotations

import logging
import threading

MASK = "[secret]"
_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def secrets_of(token: str | None, *others: str | None) -> set[str]:
    """The token, its secret part after the colon, and any other secrets given."""
    found = {s for s in (token, *others) if s}
    if token and ":" in token:
        found.add(token.split(":", 1)[1])
    return {s for s in found if len(s) >= 6}


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def install(*secrets: str) -> None:
    """Mask `secrets` in every log record from now on (idempotent, adds to the set)."""
    global _installed
    with _lock:
        _secrets.update(s for s in secrets if s)
        if _installed:
            return
        _installed = True
        make = logging.getLogRecordFactory()

        def factory(*args, **kwargs) -> logging.LogRecord:
            record = make(*args, **kwargs)
            if _secrets:
                _scrub(record)
            return record

        logging.setLogRecordFactory(factory)


def _scrub(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: leave it to the handler to report
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        clean = redact(text)
        if clean != text:
            record.exc_text = clean
