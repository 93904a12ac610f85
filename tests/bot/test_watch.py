"""Watching claims through the real bot and the fake Bot API: subscribe, list, stop, and the
alert that new evidence from anywhere (here: `sourcecheck import` in the same database) sends,
once, even across a restart."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from telegram.ext import ApplicationBuilder

from bot.cli import main as cli
from handlers import watch as watch_handlers
from store.claimbase import watch as watches
from store.claimbase.base import ClaimBase
from store.claimbase.watch import Alert
from store.db import make_engine, session_scope
from store.files.jsonl import parse_all
from store.repo import EvidenceView
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import claim_database, next_messages, running_bot

USER = 1001
GROUP = -100888

Start = Callable[[], Awaitable[object]]
Stop = Callable[[], Awaitable[None]]


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = claim_database(tmp_path, semantic="auto")
    monkeypatch.setenv("DATABASE_URL", url)  # for `sourcecheck import`
    monkeypatch.setattr(watch_handlers, "ALERT_SECONDS", 0.2)
    return url


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[tuple[FakeBotAPI, Start, Stop]]:
    """The fake server, and start/stop of the bot against it (a restart is stop then start)."""
    async with running_bot(database_url, semantic="auto") as running:
        yield running.server, running.start, running.stop


@pytest.fixture
async def telegram(bot: tuple[FakeBotAPI, Start, Stop]) -> FakeBotAPI:
    return bot[0]


async def send(server: FakeBotAPI, update: dict) -> dict:
    """Push an update; return the message the bot sent for it (as Telegram stores it)."""
    return (await next_messages(server, update))[0]["result"]


def plain(message: dict) -> dict:
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def private(text: str, *, reply_to: dict | None = None) -> dict:
    return updates.private_text(text, user_id=USER, reply_to=plain(reply_to) if reply_to else None)


def alerts(server: FakeBotAPI) -> list[str]:
    return [s["text"] for s in server.sent if s["text"].startswith("🔔 Update on:")]


async def wait_alerts(server: FakeBotAPI, count: int) -> list[str]:
    """Wait until `count` alerts were sent in all (each alert is one sendMessage)."""
    for _ in range(200):
        found = alerts(server)
        if len(found) >= count:
            return found
        total = len(server.sent)
        await server.wait_for_async("sendMessage", count=total + 1, timeout=15)
    raise AssertionError(f"expected {count} alerts, got {alerts(server)}")


def write_records(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


POKROVSK = {"id": "pokrovsk", "claim": "Russian forces captured Pokrovsk"}
HULIAIPOLE = {"id": "huliaipole", "claim": "Russian forces captured Huliaipole"}


def evidence(claim: dict, stance: str, speaker: str, outlet: str, date: str, quote: str) -> dict:
    return {
        **claim,
        "stance": stance,
        "speaker": speaker,
        "outlet": outlet,
        "date": date,
        "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/{date}",
        "quote": quote,
    }


async def import_file(path: str) -> None:
    assert await asyncio.to_thread(cli, ["import", path]) == 0


async def test_watch_then_an_import_sends_one_alert(telegram: FakeBotAPI, tmp_path: Path) -> None:
    answer = await send(telegram, private("Russia took Pokrovsk"))
    confirm = await send(telegram, private("/watch", reply_to=answer))
    assert confirm["text"].startswith(
        "🔔 This chat now watches “Russian forces captured Pokrovsk”."
    )
    again = await send(telegram, private("/watch", reply_to=answer))
    assert again["text"].startswith("This chat already watches")

    first = evidence(
        POKROVSK, "disputes", "Ukrainian General Staff", "Suspilne", "2025-12-03",
        "Units hold the northern districts.",
    )  # fmt: skip
    await import_file(write_records(tmp_path / "one.jsonl", [first]))
    [alert] = await wait_alerts(telegram, 1)
    assert alert == (
        "🔔 Update on: Russian forces captured Pokrovsk — now disputed by "
        "Ukrainian General Staff (Suspilne, 3 Dec 2025) ↗"
    )
    sent = next(s for s in telegram.sent if s["text"] == alert)
    assert sent["params"]["chat_id"] == USER

    second = evidence(
        POKROVSK, "backs", "Russian Defence Ministry", "TASS", "2025-12-04",
        "The city has been fully liberated.",
    )  # fmt: skip
    await import_file(write_records(tmp_path / "two.jsonl", [first, second]))
    found = await wait_alerts(telegram, 2)
    assert found[1] == (
        "🔔 Update on: Russian forces captured Pokrovsk — now backed by "
        "Russian Defence Ministry (TASS, 4 Dec 2025) ↗"
    )
    assert len(found) == 2, "the first alert was sent again"


async def test_evidence_on_a_claim_nobody_watches_sends_nothing(
    telegram: FakeBotAPI, tmp_path: Path
) -> None:
    answer = await send(telegram, private("Russia took Pokrovsk"))
    await send(telegram, private("/watch", reply_to=answer))
    other = evidence(
        HULIAIPOLE, "backs", "Russian Defence Ministry", "TASS", "2025-11-29", "Taken fully."
    )
    watched = evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-05", "Ours now.")
    await import_file(write_records(tmp_path / "both.jsonl", [other, watched]))
    found = await wait_alerts(telegram, 1)
    assert found == [
        "🔔 Update on: Russian forces captured Pokrovsk — now backed by "
        "Rybar (Telegram, 5 Dec 2025) ↗"
    ]


async def test_the_watch_button_subscribes_the_chat(telegram: FakeBotAPI, tmp_path: Path) -> None:
    answer = await send(
        telegram, updates.group_text("/check Russia took Huliaipole", chat_id=GROUP)
    )
    data = answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("watch:")
    confirm = await send(telegram, updates.callback_query(data, message=plain(answer)))
    assert confirm["text"].startswith(
        "🔔 This chat now watches “Russian forces captured Huliaipole”"
    )
    assert confirm["chat"]["id"] == GROUP
    answered = await telegram.wait_for_async("answerCallbackQuery", count=1)
    assert answered[-1]["params"]["text"].startswith("🔔 This chat now watches")

    new = evidence(HULIAIPOLE, "unconfirmed", "ISW", "ISW", "2025-11-29", "Not yet observed.")
    await import_file(write_records(tmp_path / "isw.jsonl", [new]))
    [alert] = await wait_alerts(telegram, 1)
    assert "now not confirmed by ISW (29 Nov 2025)" in alert
    sent = next(s for s in telegram.sent if s["text"] == alert)
    assert sent["params"]["chat_id"] == GROUP


async def test_watching_lists_and_unwatch_stops(telegram: FakeBotAPI, tmp_path: Path) -> None:
    empty = await send(telegram, private("/watching"))
    assert empty["text"].startswith("This chat watches no claims yet.")
    for query in ("Russia took Pokrovsk", "Russia took Huliaipole", "Russia took Zaporizke"):
        answer = await send(telegram, private(query))
        await send(telegram, private("/watch", reply_to=answer))
    listed = (await send(telegram, private("/watching")))["text"].splitlines()
    assert listed[0] == "This chat watches 3 claims:"
    assert listed[1].startswith("1. Russian forces captured Pokrovsk · since ")
    assert listed[2].startswith("2. Russian forces captured Huliaipole · since ")
    assert listed[3].startswith("3. Russian forces captured Zaporizke in Dnipropetrovsk region")
    assert listed[4] == "/unwatch N stops one."

    stopped = await send(telegram, private("/unwatch 2"))
    assert stopped["text"] == "🔕 Stopped watching that claim here."
    missing = await send(telegram, private("/unwatch 7"))
    assert missing["text"] == "There is no number 7 in /watching: it lists 2."
    usage = await send(telegram, private("/unwatch"))
    assert usage["text"].startswith("Reply /unwatch to one of my answers")
    zaporizke = await send(telegram, private("Russia took Zaporizke"))
    by_reply = await send(telegram, private("/unwatch", reply_to=zaporizke))
    assert by_reply["text"] == "🔕 Stopped watching that claim here."
    listed = (await send(telegram, private("/watching")))["text"].splitlines()
    assert listed[:2] == ["This chat watches 1 claim:", listed[1]]
    assert "Pokrovsk" in listed[1]

    records = [
        evidence(HULIAIPOLE, "backs", "Rybar", "Telegram", "2025-11-29", "Ours."),
        evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-05", "Ours too."),
    ]
    await import_file(write_records(tmp_path / "mixed.jsonl", records))
    found = await wait_alerts(telegram, 1)
    assert len(found) == 1 and "Pokrovsk" in found[0]


async def test_unwatch_button_on_an_alert(telegram: FakeBotAPI, tmp_path: Path) -> None:
    answer = await send(telegram, private("Russia took Pokrovsk"))
    await send(telegram, private("/watch", reply_to=answer))
    record = evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-05", "Ours.")
    await import_file(write_records(tmp_path / "a.jsonl", [record]))
    await wait_alerts(telegram, 1)
    alert = next(s for s in telegram.sent if s["text"].startswith("🔔 Update on:"))["result"]
    data = alert["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("unwatch:")
    telegram.push_update(updates.callback_query(data, message=plain(alert), user_id=USER))
    answered = await telegram.wait_for_async("answerCallbackQuery", count=1)
    assert answered[-1]["params"]["text"] == "Stopped watching."
    listed = await send(telegram, private("/watching"))
    assert listed["text"].startswith("This chat watches no claims yet.")


async def test_watches_survive_a_restart(
    bot: tuple[FakeBotAPI, Start, Stop], tmp_path: Path
) -> None:
    server, start, stop = bot
    answer = await send(server, private("Russia took Pokrovsk"))
    await send(server, private("/watch", reply_to=answer))
    await stop()
    while_down = evidence(
        POKROVSK, "disputes", "Suspilne reporters", "Suspilne", "2025-12-06", "Still contested."
    )
    await import_file(write_records(tmp_path / "down.jsonl", [while_down]))
    await start()
    [alert] = await wait_alerts(server, 1)
    assert "now disputed by Suspilne reporters (Suspilne, 6 Dec 2025)" in alert
    after = evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-07", "Ours now.")
    await import_file(write_records(tmp_path / "up.jsonl", [while_down, after]))
    found = await wait_alerts(server, 2)
    assert len(found) == 2 and "now backed by Rybar" in found[1]


async def test_a_send_that_fails_on_the_way_is_retried_once(
    telegram: FakeBotAPI, tmp_path: Path
) -> None:
    answer = await send(telegram, private("Russia took Pokrovsk"))
    await send(telegram, private("/watch", reply_to=answer))
    telegram.fail_next("sendMessage", "502", times=2)
    record = evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-05", "Ours.")
    await import_file(write_records(tmp_path / "a.jsonl", [record]))
    await wait_alerts(telegram, 1)
    later = evidence(POKROVSK, "backs", "TASS", "TASS", "2025-12-06", "Fully ours.")
    await import_file(write_records(tmp_path / "b.jsonl", [later]))
    found = await wait_alerts(telegram, 2)
    assert len(found) == 2 and "Rybar" in found[0] and "TASS" in found[1]
    assert sum(1 for c in telegram.calls if c["fault"] == "502") == 2


async def test_a_chat_that_is_gone_loses_its_watches(telegram: FakeBotAPI, tmp_path: Path) -> None:
    answer = await send(telegram, private("Russia took Pokrovsk"))
    await send(telegram, private("/watch", reply_to=answer))
    telegram.fail_next("sendMessage", "403")
    record = evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-05", "Ours.")
    await import_file(write_records(tmp_path / "a.jsonl", [record]))
    while not any(c["fault"] == "403" for c in telegram.calls):
        await telegram.wait_for_async(None, count=len(telegram.calls) + 1, timeout=15)
    listed = await send(telegram, private("/watching"))
    assert listed["text"].startswith("This chat watches no claims yet.")
    assert alerts(telegram) == []


def one_record(record: dict) -> list:
    return parse_all(io.BytesIO(json.dumps(record).encode() + b"\n"))


def test_marks_are_taken_once_and_given_back(engine: Engine, sample_records: list) -> None:
    claim_base = ClaimBase(engine)
    claim_base.import_records(sample_records)
    claim_id = claim_base.check("Russia took Pokrovsk").matches[0].claim.id
    watches.watch(claim_base, chat_id=7, claim_id=claim_id, created_by="t")
    assert watches.take_alerts(claim_base) == []
    claim_base.import_records(
        one_record(evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-05", "Ours."))
    )
    [alert] = watches.take_alerts(claim_base)
    assert alert.latest > alert.previous and [e.speaker for e in alert.evidence] == ["Rybar"]
    assert watches.take_alerts(claim_base) == []
    assert watches.give_back(claim_base, alert=alert)
    [again] = watches.take_alerts(claim_base)
    assert again.latest == alert.latest


def test_a_second_replica_skips_watches_being_alerted(
    pg_engine: Engine, sample_records: list
) -> None:
    """PostgreSQL: while one process holds a watch's alert, another takes nothing for it."""
    claim_base = ClaimBase(pg_engine)
    claim_base.import_records(sample_records)
    claim_id = claim_base.check("Russia took Pokrovsk").matches[0].claim.id
    watches.watch(claim_base, chat_id=7, claim_id=claim_id, created_by="t")
    record = evidence(POKROVSK, "backs", "Rybar", "Telegram", "2025-12-05", "Ours.")
    claim_base.import_records(one_record(record))
    other = make_engine(pg_engine.url.render_as_string(hide_password=False))
    try:
        with session_scope(pg_engine) as first:
            taken = watches.claim_alerts(session=first)
            with session_scope(other) as second:
                assert watches.claim_alerts(session=second) == []
        assert len(taken) == 1
        with session_scope(other) as second:
            assert watches.claim_alerts(session=second) == []
    finally:
        other.dispose()


@pytest.mark.filterwarnings("ignore:No `JobQueue` set up")
def test_no_job_queue_means_no_alert_job() -> None:
    without = ApplicationBuilder().token("123456:TEST-no-queue").job_queue(None).build()
    assert watch_handlers.schedule_alerts(without) is False
    with_queue = ApplicationBuilder().token("123456:TEST-queue").build()
    assert watch_handlers.schedule_alerts(with_queue, interval=60) is True
    assert watch_handlers.schedule_alerts(with_queue, interval=60) is True
    assert with_queue.job_queue is not None
    names = [job.name for job in with_queue.job_queue.jobs()]
    assert names.count(watch_handlers.JOB_NAME) == 1


def test_a_long_alert_lists_five_sources_and_counts_the_rest() -> None:
    items = [
        EvidenceView("backs", f"Speaker <{n}>", "TASS", dt.date(2025, 12, n), None, None)
        for n in range(1, 8)
    ]
    alert = Alert(1, 7, 3, "Russian forces captured Pokrovsk & more", 0, 9, items)
    lines = watch_handlers.render_alert(alert).splitlines()
    assert lines[0] == "🔔 Update on: Russian forces captured Pokrovsk &amp; more"
    assert lines[1] == "• now backed by Speaker &lt;1&gt; (TASS, 1 Dec 2025)"
    assert len(lines) == 7
    assert lines[-1] == "…and 2 more; /check the claim for all of them."
