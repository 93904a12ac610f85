"""What the handlers share for the application's lifetime, typed instead of string keys:
python-telegram-bot builds one `BotData` per application (`CONTEXT_TYPES`), `bot/app.py` fills
it from the settings and opens the services in post_init, and every handler reaches it as
`context.bot_data`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from telegram.ext import CallbackContext, ContextTypes, ExtBot

from store.claimbase.base import ClaimBase


@dataclass
class BotData:
    """Built empty by python-telegram-bot; filled by `bot.app.build_application`."""

    editor_ids: frozenset[int] = frozenset()
    editors_include_chat_admins: bool = False
    fetch_allow_private: bool = False
    # Opened in post_init and closed in post_shutdown: None outside the application's life.
    claim_base: ClaimBase | None = None
    http_client: httpx.AsyncClient | None = None
    # Each group's admins as Telegram last told them: chat id -> (monotonic time, user ids).
    chat_admins: dict[int, tuple[float, set[int]]] = field(default_factory=dict)


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
CONTEXT_TYPES: ContextTypes[Context, dict[Any, Any], dict[Any, Any], BotData] = ContextTypes(
    bot_data=BotData  # type: ignore[arg-type]
)
