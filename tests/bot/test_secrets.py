"""Secrets stay secret: the bot token never reaches a log line, a traceback or a chat, even at
DEBUG and while things fail; `.env` is never committed; the webhook secret is compared in
constant time.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import socket
import subprocess
import traceback
from pathlib import Path

import pytest

from bot import webhook_secret
from bot.app import serve
from bot.cli import configure_logging
from handlers import reply
from tests.conftest import ROOT
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import RunningBot, bot_settings, claim_database

TOKEN = "7412369850:AAGx-SeCrEtPaRt_q9Zk3LmNoPqRsTuVwXy"
SECRET_PART = TOKEN.split(":", 1)[1]
WEBHOOK_SECRET = "newsroom-hook-secret_2"


def leaks(text: str) -> bool:
    return TOKEN in text or SECRET_PART in text


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Logging as `sourcecheck run` sets it up with LOG_LEVEL=DEBUG, everything captured."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.NOTSET)  # as in a fresh process
    caplog.set_level(logging.DEBUG)
    configure_logging("DEBUG")
    return caplog


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every record with its arguments and traceback, as a log file would hold it."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


async def test_the_token_is_in_no_log_line_traceback_or_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug_logs: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    with FakeBotAPI(token=TOKEN) as server:
        bot = await RunningBot(server, bot_settings(server, url)).start()
        try:
            # A gateway failing beyond every retry: the answer is lost, the error logged.
            server.fail_next("sendMessage", "502", times=4)
            server.push_update(updates.private_text("Russia took Zaporizke", user_id=5001))
            await asyncio.to_thread(_wait_for_error, debug_logs)
            # A handler that raises: the user gets the short line, the log the traceback.
            real = reply.check

            def broken(*args, **kwargs):
                raise RuntimeError("the matcher fell over")

            monkeypatch.setattr(reply, "check", broken)
            sorry = await bot.reply(updates.private_text("Russia took Pokrovsk", user_id=5002))
            assert "failed on my side" in sorry["text"]
            monkeypatch.setattr(reply, "check", real)
            answer = await bot.reply(updates.private_text("Russia took Pokrovsk", user_id=5003))
            assert "Russian forces captured Pokrovsk" in answer["text"]
        finally:
            await bot.stop()
        sent = [s["params"]["text"] for s in server.sent]
    logged = everything_logged(debug_logs)
    assert "the matcher fell over" in logged and "Traceback" in logged
    assert "sendMessage" in logged  # the Bot API calls were logged at DEBUG...
    assert not leaks(logged)  # ...without the token
    assert sent and not any(leaks(text) for text in sent)


def _wait_for_error(caplog: pytest.LogCaptureFixture, timeout: float = 20) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(r.name == "handlers.errors" for r in caplog.records):
            return
        time.sleep(0.05)
    raise AssertionError("the failed send was never logged")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("problem", ["unreachable", "rejected token"])
async def test_a_bot_that_cannot_start_names_no_token(
    problem: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    with FakeBotAPI(token="1:another-token") as server:
        settings = bot_settings(server, url, telegram_bot_token=TOKEN)
        if problem == "unreachable":
            base = f"http://127.0.0.1:{closed_port()}/bot"
            settings = bot_settings(
                server, url, telegram_bot_token=TOKEN, telegram_api_base_url=base
            )
        with pytest.raises(Exception) as failure:
            await asyncio.wait_for(serve(settings, asyncio.Event(), poll_timeout=1), 30)
    assert "\n" not in str(failure.value)  # one line for the admin...
    assert ("BotFather" if problem == "rejected token" else "could not reach") in str(failure.value)
    shown = "".join(traceback.format_exception(failure.value))
    assert not leaks(shown), shown
    assert not leaks(everything_logged(debug_logs))
    assert not leaks(repr(settings)) and not leaks(str(settings.model_dump()))


def test_env_is_ignored_by_git() -> None:
    found = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", ".env"], cwd=ROOT, check=False
    )
    assert found.returncode == 0, ".env is not git-ignored"


def test_the_secret_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webhook_secret.hmac, "compare_digest", spy)
    assert webhook_secret.secret_matches(WEBHOOK_SECRET, WEBHOOK_SECRET)
    assert not webhook_secret.secret_matches(WEBHOOK_SECRET[:-1] + "x", WEBHOOK_SECRET)
    assert not webhook_secret.secret_matches(None, WEBHOOK_SECRET)
    assert not webhook_secret.secret_matches("", WEBHOOK_SECRET)
    assert len(calls) == 4


async def test_the_running_webhook_checks_the_secret_in_constant_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    compared: list[bytes] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append(a)
        return real(a, b)

    monkeypatch.setattr(webhook_secret.hmac, "compare_digest", spy)
    port = closed_port()
    with FakeBotAPI() as server:
        settings = bot_settings(
            server,
            url,
            webhook_url="https://bot.example.org/hook",
            webhook_secret=WEBHOOK_SECRET,
            webhook_listen="127.0.0.1",
            webhook_port=port,
        )
        bot = await RunningBot(server, settings).start()
        try:
            local = f"http://127.0.0.1:{port}/hook"
            claim = updates.private_text("Russia took Zaporizke")
            near_miss = WEBHOOK_SECRET[:-1] + "3"
            for wrong in (near_miss, "x", None):
                refused = await server.webhook_post_async(local, claim, secret_token=wrong)
                assert refused.status_code == 403
            assert compared[:2] == [near_miss.encode(), b"x"]
            accepted = await server.webhook_post_async(local, claim, secret_token=WEBHOOK_SECRET)
            assert accepted.status_code == 200
            await server.wait_for_async("sendMessage", timeout=15)
        finally:
            await bot.stop()
        assert len(server.sent) == 1
