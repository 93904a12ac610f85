"""The real bot (`serve`, the code path of `sourcecheck run`) against the fake Bot API, as the
hardening tests use it: a copy of the sample claim base per test, SEMANTIC off, and helpers
that say what the bot sent for an update, or that it sent nothing.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from bot.app import serve
from bot.cli import main as cli
from bot.config import Settings
from tests.conftest import SAMPLE_CLAIMS
from tests.fakes.botapi import FakeBotAPI


@functools.cache
def _template() -> Path:
    """The sample claim base imported once; every test gets a copy of the file."""
    folder = Path(tempfile.mkdtemp(prefix="sourcecheck-hardening-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # no stray .env
        patch.setenv("DATABASE_URL", f"sqlite:///{folder / 'claims.db'}")
        patch.setenv("SEMANTIC", "off")
        assert cli(["import", str(SAMPLE_CLAIMS)]) == 0
    return folder / "claims.db"


def claim_database(folder: Path) -> str:
    """A fresh copy of the sample claim base in `folder`; its SQLAlchemy URL."""
    template = _template()
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, folder / f"claims.db{suffix}")
    return f"sqlite:///{folder / 'claims.db'}"


def bot_settings(server: FakeBotAPI, database_url: str, **overrides: Any) -> Settings:
    """Settings for a bot talking only to the fake server; no .env is read."""
    values: dict[str, Any] = {
        "telegram_bot_token": server.token,
        "telegram_api_base_url": server.base_url,
        "database_url": database_url,
        "semantic": "off",
        "rate_limit": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class RunningBot:
    """The bot polling the fake server until `stop`."""

    def __init__(self, server: FakeBotAPI, settings: Settings) -> None:
        self.server = server
        self.settings = settings
        self.stopper = asyncio.Event()
        self.task: asyncio.Task | None = None

    async def start(self) -> RunningBot:
        self.task = asyncio.create_task(serve(self.settings, self.stopper, poll_timeout=1))
        await self.server.wait_polling_async(timeout=30)
        return self

    async def stop(self) -> None:
        """Stop after every update already fetched has been handled (PTB drains them)."""
        if self.task is None:
            return
        if not self.task.done():
            self.stopper.set()
            await asyncio.wait_for(self.task, timeout=30)
        self.task.result()

    def messages(self) -> list[dict[str, Any]]:
        """Successful sendMessage calls so far: {params, text (as the user sees it), result}."""
        return [s for s in self.server.sent if s["method"] == "sendMessage"]

    async def reply(self, update: dict[str, Any], *, timeout: float = 15) -> dict[str, Any]:
        """Push an update and return the message the bot sent for it (the next sendMessage)."""
        before = len(self.messages())
        self.server.push_update(update)
        await self.server.wait_for_async("sendMessage", count=before + 1, timeout=timeout)
        return self.messages()[before]

    async def silent(self, *silent_updates: dict[str, Any], marker: dict[str, Any]) -> None:
        """Assert the bot sends nothing for these updates: push them, then `marker` (which gets
        an answer), wait for that answer, and stop the bot, which finishes every fetched update
        first; only the marker's answer may have been sent."""
        before = len(self.messages())
        for update in silent_updates:
            self.server.push_update(update)
        self.server.push_update(marker)
        await self.server.wait_for_async("sendMessage", count=before + 1, timeout=15)
        await self.stop()
        sent = self.messages()[before:]
        marker_chat = marker["message"]["chat"]["id"]
        assert [s["params"]["chat_id"] for s in sent] == [marker_chat], [s["text"] for s in sent]
