"""Faults under the running bot: the claim base locked, gone or restarted mid-check, and the
Bot API throttling, failing or hanging up. The user gets one short line (or, once the fault
is retried away, the answer), the bot keeps running, and nothing is sent twice.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from telegram.ext import Application

import bot.app as app_module
from bot.cli import main as cli
from handlers.errors import DATABASE_DOWN
from tests.conftest import PG_URL, SAMPLE_CLAIMS
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import RunningBot, bot_settings, claim_database

QUESTION = "Russia took Zaporizke"
ANSWER = "Russian forces captured Zaporizke"


@pytest.fixture
def applications(monkeypatch: pytest.MonkeyPatch) -> list[Application]:
    """The applications `serve` builds, so a test can reach the bot's own engine."""
    built: list[Application] = []
    real = app_module.build_application

    def build(settings):
        application = real(settings)
        built.append(application)
        return application

    monkeypatch.setattr(app_module, "build_application", build)
    return built


async def running(server: FakeBotAPI, url: str) -> RunningBot:
    return await RunningBot(server, bot_settings(server, url)).start()


def sent_to(server: FakeBotAPI, chat_id: int) -> list[str]:
    return [
        s["text"]
        for s in server.sent
        if s["method"] == "sendMessage" and s["params"]["chat_id"] == chat_id
    ]


# --- SQLite ---------------------------------------------------------------------------------


def hold(path: Path) -> sqlite3.Connection:
    """Another process holding the claim base's write lock (`BEGIN EXCLUSIVE`) with a write
    under way. (In WAL mode readers cannot be shut out while the bot has the file open.)"""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO chatsettings (chat_id, autocheck, updated_at) VALUES (-42, 0, 0)")
    return holder


def release(holder: sqlite3.Connection) -> None:
    holder.execute("ROLLBACK")
    holder.close()


async def test_a_locked_database_answers_reads_and_gives_writes_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WAL: a check only reads, so it is answered while an import holds the write lock; a
    forwarded channel post is recorded as a sighting, so it gets the short line."""
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path) + "?timeout=0.5"
    forward = updates.channel_forward(QUESTION, user_id=2004, channel_message_id=77)
    with FakeBotAPI() as server:
        bot = await running(server, url)
        try:
            holder = hold(tmp_path / "claims.db")
            try:
                read = await bot.reply(updates.private_text(QUESTION, user_id=2004))
                write = await bot.reply(forward)
            finally:
                release(holder)
            assert ANSWER in read["text"]
            assert write["text"] == DATABASE_DOWN
            again = await bot.reply(forward)
            assert ANSWER in again["text"] and "Forwarded from Frontline Daily" in again["text"]
        finally:
            await bot.stop()
        assert sent_to(server, 2004) == [read["text"], DATABASE_DOWN, again["text"]]


async def test_a_database_that_is_gone_gets_one_line_and_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, applications: list[Application]
) -> None:
    """The folder holding the claim base disappears (a volume unmounted); connections opened
    from then on find nothing. When it is back, so are the answers."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "volume"
    folder.mkdir()
    url = claim_database(folder)
    with FakeBotAPI() as server:
        bot = await running(server, url)
        try:
            assert ANSWER in (await bot.reply(updates.private_text(QUESTION)))["text"]
            away = tmp_path / "elsewhere"
            folder.rename(away)
            # The connections already open follow the moved file; new ones find nothing.
            applications[-1].bot_data.claim_base.engine.dispose()
            gone = await bot.reply(updates.private_text(QUESTION, user_id=2002))
            assert gone["text"] == DATABASE_DOWN
            assert not folder.exists()  # nothing created in its place
            away.rename(folder)
            later = await bot.reply(updates.private_text(QUESTION, user_id=2002))
            assert ANSWER in later["text"]
        finally:
            await bot.stop()
        assert sent_to(server, 2002) == [DATABASE_DOWN, later["text"]]


async def test_a_database_file_overwritten_with_junk_gets_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, applications: list[Application]
) -> None:
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    with FakeBotAPI() as server:
        bot = await running(server, url)
        try:
            assert ANSWER in (await bot.reply(updates.private_text(QUESTION)))["text"]
            database = tmp_path / "claims.db"
            shutil.copyfile(database, tmp_path / "backup.db")
            applications[-1].bot_data.claim_base.engine.dispose()
            for suffix in ("-wal", "-shm"):
                (tmp_path / f"claims.db{suffix}").unlink(missing_ok=True)
            database.write_bytes(b"this is not a database, " * 1000)
            broken = await bot.reply(updates.private_text(QUESTION, user_id=2003))
            assert broken["text"] == DATABASE_DOWN
        finally:
            await bot.stop()


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture
def pg_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    """The sample claim base in a schema of its own; connections are named after the schema
    so the test terminates only its own."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = (
        make_url(PG_URL)
        .update_query_dict({"options": f"-csearch_path={schema}", "application_name": schema})
        .render_as_string(hide_password=False)
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEMANTIC", "off")
    try:
        assert cli(["import", str(SAMPLE_CLAIMS)]) == 0
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def terminate(url: str) -> int:
    """pg_terminate_backend for every connection of this test's schema; how many."""
    name = make_url(url).query["application_name"]
    admin = create_engine(PG_URL or "", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                ).all()
            )
    finally:
        admin.dispose()


async def test_postgres_restarted_mid_check(pg_url: str) -> None:
    """Terminate the bot's connections while twenty checks are under way: each chat gets
    exactly one message (the answer, or the short line), and the next check works."""
    with FakeBotAPI() as server:
        bot = await running(server, pg_url)
        try:
            assert ANSWER in (await bot.reply(updates.private_text(QUESTION)))["text"]
            chats = list(range(3001, 3021))
            assert await asyncio.to_thread(terminate, pg_url) >= 1
            for chat in chats:
                server.push_update(updates.private_text(QUESTION, user_id=chat))
            await asyncio.sleep(0)
            await asyncio.to_thread(terminate, pg_url)
            await server.wait_for_async("sendMessage", count=1 + len(chats), timeout=30)
            later = await bot.reply(updates.private_text(QUESTION, user_id=3100))
            assert ANSWER in later["text"]
        finally:
            await bot.stop()
        for chat in chats:
            [text_sent] = sent_to(server, chat)
            assert text_sent == DATABASE_DOWN or ANSWER in text_sent
        assert not server.refused


# --- the Bot API ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "times"), [("429", 1), ("429", 2), ("502", 2), ("drop", 1), ("drop", 3)]
)
async def test_a_failed_send_is_retried_and_the_answer_sent_once(
    kind: str, times: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    chat = 4000 + times
    with FakeBotAPI() as server:
        bot = await running(server, url)
        try:
            server.fail_next("sendMessage", kind, times=times, retry_after=1)
            server.push_update(updates.private_text(QUESTION, user_id=chat))
            await server.wait_for_async("sendMessage", count=1, timeout=30)
        finally:
            await bot.stop()  # every fetched update finished: nothing more can come
        [answer] = sent_to(server, chat)
        assert ANSWER in answer
        attempts: list[dict[str, Any]] = [
            c
            for c in server.calls
            if c["method"] == "sendMessage" and c["params"]["chat_id"] == chat
        ]
        assert [c["fault"] for c in attempts] == [kind] * times + [None]
