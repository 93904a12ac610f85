"""What an operator reads at the default LOG_LEVEL=INFO: what the bot did (started, answered,
refused, failed), not the job scheduler's heartbeat, which ran every two seconds."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.cli import configure_logging
from store.db import make_engine
from store.models import CheckLog
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import RunningBot, bot_settings, claim_database

HEARTBEAT = ("Running job", "executed successfully")
TOUCHED = ("", "httpx", "httpcore", "alembic", "apscheduler")


@pytest.fixture
def fresh_logging() -> Iterator[None]:
    """Loggers as a fresh process has them, and as they were again afterwards: configure_logging
    changes process-wide state."""
    loggers = [logging.getLogger(name) for name in TOUCHED]
    levels = [logger.level for logger in loggers]
    handlers = logging.getLogger().handlers[:]
    for logger in loggers[1:]:
        logger.setLevel(logging.NOTSET)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
    logging.getLogger().handlers[:] = handlers


def checks_logged(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(CheckLog)).one()
    finally:
        engine.dispose()


async def wait_until_logged(database_url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(checks_logged, database_url):
        assert time.monotonic() < deadline, "the check log was never flushed"
        await asyncio.sleep(0.2)


def heartbeat(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if any(h in r.getMessage() for h in HEARTBEAT)]


async def test_the_scheduler_heartbeat_stays_out_of_the_info_log(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fresh_logging: None,
) -> None:
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    caplog.set_level(logging.INFO)
    configure_logging("INFO")
    with FakeBotAPI() as server:
        bot = await RunningBot(server, bot_settings(server, url)).start()
        try:
            await bot.reply(updates.private_text("Russia took Zaporizke", user_id=5001))
            # Only the scheduled job writes the check log while the bot runs: once the check
            # is in the database, the job has run at least once under this logging.
            await wait_until_logged(url)
        finally:
            await bot.stop()
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("sourcecheck started" in line for line in info), info
    assert heartbeat(caplog) == []
    assert [r.getMessage() for r in caplog.records if r.name.startswith("apscheduler")] == []


@pytest.mark.parametrize("level", ["INFO", "WARNING"])
def test_a_scheduler_warning_still_shows(
    level: str, caplog: pytest.LogCaptureFixture, fresh_logging: None
) -> None:
    caplog.set_level(level)
    configure_logging(level)
    executor = logging.getLogger("apscheduler.executors.default")
    executor.info('Running job "_flush_check_log" (scheduled at 2026-01-01 00:00:02+00:00)')
    executor.warning('Run time of job "_flush_check_log" was missed by 0:00:05')
    logging.getLogger("apscheduler.scheduler").error("Error getting due jobs from job store")
    assert [r.getMessage() for r in caplog.records] == [
        'Run time of job "_flush_check_log" was missed by 0:00:05',
        "Error getting due jobs from job store",
    ]


def test_at_debug_the_scheduler_says_everything(
    caplog: pytest.LogCaptureFixture, fresh_logging: None
) -> None:
    caplog.set_level(logging.DEBUG)
    configure_logging("DEBUG")
    logging.getLogger("apscheduler.executors.default").info('Running job "_flush_check_log"')
    assert heartbeat(caplog) == ['Running job "_flush_check_log"']
