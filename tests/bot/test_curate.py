"""Editors changing the claim base from a chat, through the real bot and the fake Bot API:
who may, what a change looks like in the next answer, undo, and the audit log."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.cli import main as cli
from handlers.editors import NOT_AN_EDITOR
from store import repo
from store.db import make_engine
from store.models import AuditEntry
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import claim_database, next_messages, running_bot

EDITOR = 4242
REPORTER = 1001
ADMIN = 5151
GROUP = -100777

DISPUTE_POKROVSK = (
    "/dispute Ukrainian General Staff | Suspilne | 3 Dec 2025 | "
    "https://suspilne.media/pokrovsk-1 | Units still hold the northern districts of the city."
)


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = claim_database(tmp_path, semantic="auto")
    monkeypatch.setenv("DATABASE_URL", url)  # for `sourcecheck audit`
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
async def telegram(database_url: str) -> AsyncIterator[FakeBotAPI]:
    """The bot with one editor by id, and group admins counted as editors."""
    settings = {"editor_ids": [EDITOR], "editors_include_chat_admins": True, "semantic": "auto"}
    async with running_bot(database_url, **settings) as bot:
        yield bot.server


async def send(server: FakeBotAPI, update: dict) -> dict:
    """Push an update; return the message the bot sent for it (as Telegram stores it)."""
    return (await next_messages(server, update))[0]["result"]


def private(text: str, *, user: int = EDITOR, reply_to: dict | None = None) -> dict:
    if reply_to is not None:
        reply_to = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
    return updates.private_text(text, user_id=user, reply_to=reply_to)


async def check(server: FakeBotAPI, text: str, *, user: int = EDITOR) -> dict:
    return await send(server, private(f"/check {text}", user=user))


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return repo.counts(session=session)


def audit_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count(col(AuditEntry.id)))).one()


def section(text: str, head: str) -> str:
    """The lines of one section of an answer ("Disputed by"), up to the next blank line."""
    start = text.index(head)
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else None]


# ---------------------------------------------------------------------------------------------
# Who may change the claim base


async def test_a_reporters_dispute_is_refused_and_nothing_changes(
    telegram: FakeBotAPI, db: Engine
) -> None:
    answer = await check(telegram, "Russia took Pokrovsk", user=REPORTER)
    before, audits = counts(db), audit_count(db)
    refusal = await send(telegram, private(DISPUTE_POKROVSK, user=REPORTER, reply_to=answer))
    assert refusal["text"] == NOT_AN_EDITOR
    assert counts(db) == before and audit_count(db) == audits
    again = await check(telegram, "Russia took Pokrovsk", user=REPORTER)
    assert again["text"] == answer["text"]
    assert "Ukrainian General Staff" not in again["text"]


async def test_an_editors_dispute_is_recorded_and_shown_in_the_next_answer(
    telegram: FakeBotAPI, db: Engine
) -> None:
    answer = await check(telegram, "Russia took Pokrovsk")
    assert "Contested: 1 source backs it, 1 source disputes it" in answer["text"]
    reply = await send(telegram, private(DISPUTE_POKROVSK, reply_to=answer))
    assert reply["text"].startswith(
        "Recorded: Ukrainian General Staff (Suspilne, 3 Dec 2025) disputes "
        "“Russian forces captured Pokrovsk”."
    )
    text = (await check(telegram, "Russia took Pokrovsk"))["text"]
    assert "Contested: 1 source backs it, 2 sources dispute it" in text
    disputed = section(text, "Disputed by")
    assert "Ukrainian General Staff (Suspilne) · 3 Dec 2025" in disputed
    assert "Units still hold the northern districts of the city." in disputed
    assert "Ukrainian General Staff" not in section(text, "Backed by")


async def test_a_group_admin_is_an_editor_and_others_in_the_group_are_not(
    telegram: FakeBotAPI,
) -> None:
    telegram.set_admins(GROUP, [ADMIN])
    answer = await send(telegram, updates.group_text("/check Russia took Zaporizke", chat_id=GROUP))
    plain = {k: v for k, v in answer.items() if k != "reply_to_message"}
    back = "/back Russian military bloggers | Rybar | 10 Aug 2025 | Zaporizhske is ours."
    refused = await send(
        telegram, updates.group_text(back, chat_id=GROUP, user_id=REPORTER, reply_to=plain)
    )
    assert refused["text"] == NOT_AN_EDITOR
    recorded = await send(
        telegram, updates.group_text(back, chat_id=GROUP, user_id=ADMIN, reply_to=plain)
    )
    assert recorded["text"].startswith("Recorded: Russian military bloggers (Rybar, 10 Aug 2025)")
    text = (
        await send(telegram, updates.group_text("/check Russia took Zaporizke", chat_id=GROUP))
    )["text"]
    assert "Russian military bloggers (Rybar)" in section(text, "Backed by")


async def test_the_same_source_twice_is_not_recorded_twice(
    telegram: FakeBotAPI, db: Engine
) -> None:
    answer = await check(telegram, "Russia took Pokrovsk")
    await send(telegram, private(DISPUTE_POKROVSK, reply_to=answer))
    before = counts(db)
    again = await send(telegram, private(DISPUTE_POKROVSK, reply_to=answer))
    assert again["text"] == "Nothing changed: that source is already recorded on this claim."
    assert counts(db) == before


# ---------------------------------------------------------------------------------------------
# Malformed input


async def test_a_malformed_back_gets_the_usage_line_and_changes_nothing(
    telegram: FakeBotAPI, db: Engine
) -> None:
    answer = await check(telegram, "Russia took Huliaipole")
    before = counts(db)
    reply = await send(telegram, private("/back TASS said it was taken", reply_to=answer))
    text = reply["text"]
    assert text.startswith("Cannot read that: expected at least three parts")
    assert "/back speaker | outlet | date | url | quote" in text
    assert "For example: /back Russian Defence Ministry | TASS | 27 Nov 2025" in text
    bad_date = await send(
        telegram, private("/back MoD | TASS | 31 Nov 2025 | Taken.", reply_to=answer)
    )
    assert bad_date["text"].startswith("Cannot read that: 31 Nov 2025 is not a real date")
    separators = (await send(telegram, private("/back ||||", reply_to=answer)))["text"]
    assert separators.startswith("Cannot read that")
    assert "Usage: reply to one of my answers with /back" in separators
    unanswered = (await send(telegram, private("/back ||||")))["text"]
    assert "Reply to one of my answers" in unanswered
    from_a_reader = await send(telegram, private("/back ||||", user=REPORTER))
    assert from_a_reader["text"] == NOT_AN_EDITOR
    assert counts(db) == before


async def test_evidence_without_replying_to_an_answer_says_how(telegram: FakeBotAPI) -> None:
    reply = await send(telegram, private("/dispute A | B | They deny it."))
    assert reply["text"].startswith("Reply to one of my answers, so I know which claim you mean.")
    assert "For example: /dispute" in reply["text"]


# ---------------------------------------------------------------------------------------------
# Claims, wordings, place names


async def test_a_new_claim_is_found_by_the_next_check(telegram: FakeBotAPI) -> None:
    before = await check(telegram, "Russia took Kupiansk")
    assert before["text"].startswith("No stored claim matches this.")
    added = await send(telegram, private("/claim Russian forces captured Kupiansk"))
    assert added["text"].startswith("Added the claim “Russian forces captured Kupiansk”.")
    after = await check(telegram, "Russia took Kupiansk")
    assert "Russian forces captured Kupiansk" in after["text"]
    assert "No sources recorded yet" in after["text"]
    source = "/back Russian Defence Ministry | TASS | 2025-11-20 | Kupiansk has been liberated."
    recorded = await send(telegram, private(source, reply_to=added))
    assert recorded["text"].startswith("Recorded: Russian Defence Ministry (TASS, 20 Nov 2025)")
    text = (await check(telegram, "Russia took Kupiansk"))["text"]
    assert "Backed only: 1 source" in text


async def test_a_claim_already_stored_is_not_added_again(telegram: FakeBotAPI, db: Engine) -> None:
    before = counts(db)
    reply = await send(telegram, private("/claim Russia captured Huliaipole"))
    assert reply["text"].startswith(
        "That claim is already stored: “Russian forces captured Huliaipole”."
    )
    assert counts(db) == before
    usage = await send(telegram, private("/claim"))
    assert usage["text"] == (
        "Usage: /claim and the claim in a few words.\n"
        "For example: /claim Russian forces captured Kupiansk"
    )


async def test_an_alias_makes_a_new_wording_match(telegram: FakeBotAPI) -> None:
    wording = "Kyiv's soldiers have gone from Sudzha"
    assert (await check(telegram, wording))["text"].startswith("No stored claim matches this.")
    answer = await check(telegram, "Ukraine pulled out of Sudzha")
    reply = await send(telegram, private(f"/alias {wording}", reply_to=answer))
    assert reply["text"].startswith(f"Added the wording “{wording}” to “Ukrainian troops withdrew")
    text = (await check(telegram, wording))["text"]
    assert "Ukrainian troops withdrew from Sudzha in Kursk region" in text


async def test_a_place_alias_teaches_a_new_spelling(telegram: FakeBotAPI) -> None:
    spelling = "Russians took Gulai Pole"
    assert (await check(telegram, spelling))["text"].startswith("No stored claim matches this.")
    reply = await send(telegram, private("/alias place: Gulai Pole = Huliaipole"))
    assert reply["text"].startswith("Added Gulai Pole as a name of Huliaipole (zaporizhzhia).")
    assert "Russian forces captured Huliaipole" in (await check(telegram, spelling))["text"]
    unknown = await send(telegram, private("/alias place: Atlantis Minor = Atlantis"))
    assert unknown["text"].startswith("I do not know the place Atlantis.")
    several = await send(telegram, private("/alias place: Novoselyvka = Novoselivka"))
    assert several["text"].startswith("Several places are called Novoselivka:")


async def test_undo_reverts_the_editors_own_changes_newest_first(
    telegram: FakeBotAPI, db: Engine
) -> None:
    start = counts(db)
    answer = await check(telegram, "Russia took Pokrovsk")
    await send(telegram, private(DISPUTE_POKROVSK, reply_to=answer))
    await send(telegram, private("/claim Russian forces captured Kupiansk"))
    assert counts(db)["claims"] == start["claims"] + 1
    assert (await send(telegram, private("/undo")))["text"] == (
        "Undone: the claim “Russian forces captured Kupiansk”."
    )
    assert (await check(telegram, "Russia took Kupiansk"))["text"].startswith("No stored claim")
    assert (await send(telegram, private("/undo")))["text"] == (
        "Undone: the record of Ukrainian General Staff disputing the claim."
    )
    assert "Ukrainian General Staff" not in (await check(telegram, "Russia took Pokrovsk"))["text"]
    assert (await send(telegram, private("/undo")))["text"] == "You have no change left to undo."
    assert counts(db)["claims"] == start["claims"]
    assert counts(db)["evidence"] == start["evidence"]


async def test_undo_is_per_editor(telegram: FakeBotAPI, db: Engine) -> None:
    telegram.set_admins(GROUP, [ADMIN])
    await send(telegram, private("/claim Russian forces captured Kupiansk"))
    other = await send(telegram, updates.group_text("/undo", chat_id=GROUP, user_id=ADMIN))
    assert other["text"] == "You have no change left to undo."
    assert "Kupiansk" in (await check(telegram, "Russia took Kupiansk"))["text"]


async def test_undo_of_a_place_name_forgets_the_spelling(telegram: FakeBotAPI) -> None:
    await send(telegram, private("/alias place: Gulai Pole = Huliaipole"))
    assert "Huliaipole" in (await check(telegram, "Russians took Gulai Pole"))["text"]
    assert (await send(telegram, private("/undo")))["text"] == (
        "Undone: the place name Gulai Pole."
    )
    text = (await check(telegram, "Russians took Gulai Pole"))["text"]
    assert text.startswith("No stored claim matches this.")


# ---------------------------------------------------------------------------------------------
# Audit, stats, help


async def test_the_audit_command_prints_who_changed_what(
    telegram: FakeBotAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = await check(telegram, "Russia took Pokrovsk")
    await send(telegram, private(DISPUTE_POKROVSK, reply_to=answer))
    await send(telegram, private("/claim Russian forces captured Kupiansk"))
    await send(telegram, private("/undo"))
    capsys.readouterr()
    assert await asyncio.to_thread(cli, ["audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert f"telegram:{EDITOR}  undo" in lines[0] and "(add_claim)" in lines[0]
    assert "add_claim" in lines[1] and "“Russian forces captured Kupiansk”" in lines[1]
    assert lines[1].endswith("[undone]")
    assert "add_evidence  claim pokrovsk  disputes: Ukrainian General Staff (Suspilne)" in lines[2]
    assert "2025-12-03" in lines[2] and not lines[2].endswith("[undone]")
    assert "import:claims.jsonl  import" in lines[3]
    assert await asyncio.to_thread(cli, ["audit", "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert await asyncio.to_thread(cli, ["audit", "--actor", "import:claims.jsonl"]) == 0
    only = capsys.readouterr().out.splitlines()
    assert len(only) == 1 and "import:claims.jsonl" in only[0]
    assert await asyncio.to_thread(cli, ["audit", "--actor", "nobody"]) == 0
    assert capsys.readouterr().out == "no changes recorded by nobody\n"


async def test_stats_for_editors_only(telegram: FakeBotAPI) -> None:
    refused = await send(telegram, private("/stats", user=REPORTER))
    assert refused["text"] == NOT_AN_EDITOR
    text = (await send(telegram, private("/stats")))["text"]
    assert text.startswith("Claim base: 9 claims, 16 pieces of evidence,")
    assert "Last 24 hours:" in text


async def test_help_shows_editor_commands_to_editors_only(telegram: FakeBotAPI) -> None:
    editor = (await send(telegram, private("/help")))["text"]
    reporter = (await send(telegram, private("/help", user=REPORTER)))["text"]
    assert "/watch" in reporter and "/watch" in editor
    assert "/dispute" in editor and "/alias place:" in editor and "/undo" in editor
    assert "/dispute" not in reporter
