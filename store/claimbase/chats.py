"""Per-chat settings, kept in the database so every replica and every restart agree."""

from __future__ import annotations

from sqlmodel import Session

from store.models import ChatSettings, utcnow


def autocheck_enabled(*, session: Session, chat_id: int) -> bool:
    settings = session.get(ChatSettings, chat_id)
    return bool(settings and settings.autocheck)


def set_autocheck(*, session: Session, chat_id: int, enabled: bool) -> None:
    settings = session.get(ChatSettings, chat_id)
    if settings is None:
        settings = ChatSettings(chat_id=chat_id)
    settings.autocheck = enabled
    settings.updated_at = utcnow()
    session.add(settings)
