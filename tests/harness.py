"""The real bot (`serve`, the code path of `sourcecheck run`) against the fake Bot API, as the
end-to-end tests use it: a copy of the sample claim base per test (SEMANTIC off unless a test
asks otherwise), and helpers that say what the bot sent for an update, or that it sent nothing.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.app import serve
from bot.cli import main as cli
from bot.config import Settings
from tests.conftest import SAMPLE_CLAIMS
from tests.fakes.botapi import FakeBotAPI


@functools.cache
def _template(semantic: str, extra_claims: tuple[str, ...]) -> Path:
    """The sample claim base (plus `extra_claims`, JSONL lines) imported once by the CLI with
    SEMANTIC=`semantic` (importing with the model computes embeddings, which takes seconds);
    every test gets a copy of the file."""
    folder = Path(tempfile.mkdtemp(prefix="sourcecheck-claims-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    source = SAMPLE_CLAIMS
    if extra_claims:
        source = folder / "claims.jsonl"
        lines = SAMPLE_CLAIMS.read_text(encoding="utf-8").splitlines() + list(extra_claims)
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # no stray .env
        patch.setenv("DATABASE_URL", f"sqlite:///{folder / 'claims.db'}")
        patch.setenv("SEMANTIC", semantic)
        assert cli(["import", str(source)]) == 0
    return folder / "claims.db"


def claim_database(folder: Path, *, semantic: str = "off", extra_claims: Sequence[str] = ()) -> str:
    """A fresh copy of the sample claim base in `folder`; its SQLAlchemy URL. A bot on it should
    run with the same `semantic` setting the base was imported with."""
    template = _template(semantic, tuple(extra_claims))
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


def messages(server: FakeBotAPI) -> list[dict[str, Any]]:
    """Successful sendMessage calls so far: {params, text (as the user sees it), result}."""
    return [s for s in server.sent if s["method"] == "sendMessage"]


async def next_messages(
    server: FakeBotAPI, update: dict[str, Any], *, count: int = 1, timeout: float = 15
) -> list[dict[str, Any]]:
    """Push an update and return the next `count` messages the bot sent (for it)."""
    before = len(messages(server))
    server.push_update(update)
    await server.wait_for_async("sendMessage", count=before + count, timeout=timeout)
    return messages(server)[before : before + count]


class RunningBot:
    """The bot polling the fake server (or serving its webhook, when the settings name one)
    until `stop`; `start` after `stop` is a restart."""

    def __init__(self, server: FakeBotAPI, settings: Settings) -> None:
        self.server = server
        self.settings = settings
        self.stopper = asyncio.Event()
        self.task: asyncio.Task | None = None

    async def start(self) -> RunningBot:
        self.stopper = asyncio.Event()
        try:
            if self.settings.webhook_url:
                ready = asyncio.Event()
                self.task = asyncio.create_task(serve(self.settings, self.stopper, ready=ready))
                await asyncio.wait_for(ready.wait(), timeout=30)
            else:
                self.task = asyncio.create_task(serve(self.settings, self.stopper, poll_timeout=1))
                await self.server.wait_polling_async(timeout=30)
        except Exception:
            await self.stop()  # raises why `serve` failed, if it did
            raise
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
        return messages(self.server)

    async def reply(self, update: dict[str, Any], *, timeout: float = 15) -> dict[str, Any]:
        """Push an update and return the message the bot sent for it (the next sendMessage)."""
        return (await next_messages(self.server, update, timeout=timeout))[0]

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


BotFactory = Callable[..., Awaitable[RunningBot]]


@contextlib.asynccontextmanager
async def bots(
    database_url: str, *, bot_class: type[RunningBot] = RunningBot, **defaults: Any
) -> AsyncIterator[BotFactory]:
    """Start bots (each with its own fake server) on one database, with `defaults` and then the
    factory's arguments as settings; all stopped at the end, and none may have sent anything
    Telegram would refuse."""
    running: list[RunningBot] = []

    async def start(**settings: Any) -> RunningBot:
        server = FakeBotAPI().start()
        bot = bot_class(server, bot_settings(server, database_url, **{**defaults, **settings}))
        running.append(bot)
        return await bot.start()

    try:
        yield start
    finally:
        for bot in running:
            try:
                await bot.stop()
            finally:
                bot.server.stop()
            assert not bot.server.refused, bot.server.refused


@contextlib.asynccontextmanager
async def running_bot(database_url: str, **settings: Any) -> AsyncIterator[RunningBot]:
    """One bot on its own fake server, as `bots` starts it."""
    async with bots(database_url) as start:
        yield await start(**settings)
