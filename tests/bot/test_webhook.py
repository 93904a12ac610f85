"""How updates come in and answers go out: the webhook (with its secret) instead of polling,
and delivery that waits out Telegram's flood limit and retries a dropped connection."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import serve, webhook_problem
from bot.cli import main as cli
from bot.config import Settings
from tests.bot.test_groups import RunningBot, bots, prepare_database
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import bot_settings

SECRET = "newsroom-webhook-secret_1"
PUBLIC_URL = "https://bot.example.org/telegram/hook"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return prepare_database(tmp_path, monkeypatch)


async def test_the_webhook_refuses_a_wrong_secret_and_serves_the_right_one(
    database_url: str,
) -> None:
    port = free_port()
    with FakeBotAPI() as server:
        settings = bot_settings(
            server,
            database_url,
            webhook_url=PUBLIC_URL,
            webhook_secret=SECRET,
            webhook_listen="127.0.0.1",
            webhook_port=port,
            semantic="auto",
            rate_limit=True,
        )
        bot = await RunningBot(server, settings).start()
        try:
            [registered] = server.wait_for("setWebhook", timeout=1)
            assert registered["params"]["url"] == PUBLIC_URL
            assert registered["params"]["secret_token"] == SECRET
            assert not [c for c in server.calls if c["method"] == "getUpdates"]

            local = f"http://127.0.0.1:{port}/telegram/hook"
            claim = updates.private_text("Russia took Krasnoarmeysk")
            for wrong in ("not-the-secret", None):
                refused = await server.webhook_post_async(local, claim, secret_token=wrong)
                assert refused.status_code == 403
            assert not server.sent

            accepted = await server.webhook_post_async(local, claim, secret_token=SECRET)
            assert accepted.status_code == 200
            [sent] = await server.wait_for_async("sendMessage", timeout=15)
            assert "Russian forces captured Pokrovsk" in sent["params"]["text"]
        finally:
            await bot.stop()
        assert len(server.sent) == 1  # the refused posts were never handled
        assert not server.refused, server.refused


def test_a_webhook_without_a_secret_refuses_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'claims.db'}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-fake-token")
    monkeypatch.setenv("WEBHOOK_URL", PUBLIC_URL)
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    assert cli(["run"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "WEBHOOK_SECRET" in err


def test_webhook_settings_are_checked_before_serving() -> None:
    def problem(**values: object) -> str | None:
        return webhook_problem(Settings(_env_file=None, **values))

    assert problem() is None  # polling
    assert problem(webhook_url=PUBLIC_URL, webhook_secret=SECRET) is None
    assert "WEBHOOK_SECRET" in (problem(webhook_url=PUBLIC_URL) or "")
    assert "https://" in (problem(webhook_url="http://x.org/h", webhook_secret=SECRET) or "")
    assert "letters" in (problem(webhook_url=PUBLIC_URL, webhook_secret="with space") or "")


async def test_serve_refuses_a_webhook_without_a_secret(database_url: str) -> None:
    settings = Settings(
        _env_file=None, telegram_bot_token="1:x", database_url=database_url, webhook_url=PUBLIC_URL
    )
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        await serve(settings, asyncio.Event())


# --- delivery -------------------------------------------------------------------------------


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with bots(database_url) as start:
        yield await start()


def send_calls(bot: RunningBot) -> list[dict]:
    return [c for c in bot.server.calls if c["method"] == "sendMessage"]


async def test_a_flood_wait_is_waited_out_and_the_answer_delivered_once(bot: RunningBot) -> None:
    bot.server.fail_next("sendMessage", "429", retry_after=1)
    params = await bot.reply(updates.private_text("Russia took Krasnoarmeysk"))
    assert "Russian forces captured Pokrovsk" in params["text"]
    await bot.stop()
    calls = send_calls(bot)
    assert [c["status"] for c in calls] == [429, 200]
    assert calls[1]["time"] - calls[0]["time"] >= 1.0  # waited as Telegram asked
    assert len(bot.server.sent) == 1


@pytest.mark.parametrize("fault", ["drop", "502"])
async def test_a_lost_connection_is_retried_and_delivered_once(bot: RunningBot, fault: str) -> None:
    bot.server.fail_next("sendMessage", fault)
    params = await bot.reply(updates.private_text("Russia took the village of Zaporizke"))
    assert "Russian forces captured Zaporizke" in params["text"]
    await bot.stop()
    assert [c["ok"] for c in send_calls(bot)] == [False, True]
    assert len(bot.server.sent) == 1


async def test_a_refusal_is_not_retried(bot: RunningBot) -> None:
    bot.server.fail_next("sendMessage", "403")
    bot.server.push_update(updates.private_text("Russia took Krasnoarmeysk"))
    await bot.reply(updates.private_text("Russia took the village of Zaporizke", user_id=77))
    await bot.stop()
    assert [c["status"] for c in send_calls(bot)] == [403, 200]
