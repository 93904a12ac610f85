"""Per-chat settings, kept in the database so every replica and every restart agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from store.db import session_scope
from store.models import ChatSettings, utcnow

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase


def autocheck_enabled(claim_base: ClaimBase, chat_id: int) -> bool:
    with Session(claim_base.engine) as session:
        settings = session.get(ChatSettings, chat_id)
        return bool(settings and settings.autocheck)


def set_autocheck(claim_base: ClaimBase, chat_id: int, enabled: bool) -> None:
    with session_scope(claim_base.engine) as session:
        settings = session.get(ChatSettings, chat_id)
        if settings is None:
            settings = ChatSettings(chat_id=chat_id)
        settings.autocheck = enabled
        settings.updated_at = utcnow()
        session.add(settings)
