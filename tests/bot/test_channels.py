"""Telegram channels through the real bot and the fake Bot API: a forwarded channel post
becomes evidence with its own date and link, the bot comments under channel posts in a
discussion group, stays silent in the channel itself, and refuses bad posts in one line."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from handlers import watch as watch_handlers
from store.claimbase.posts import Post
from store.db import make_engine
from store.models import ChannelMessage, Document, Evidence, Sighting
from tests import harness
from tests.bot.test_faults import hold, release
from tests.fakes import updates

EDITOR = 1001
READER = 2002
DISCUSSION = -100777
MINISTRY = "Минобороны России"
MINISTRY_ID = -1001111111
POSTED = dt.datetime(2025, 11, 27, 9, 30, tzinfo=dt.UTC)
MINISTRY_POST = f"{MINISTRY}: ВС РФ освободили Гуляйполе"


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(watch_handlers, "ALERT_SECONDS", 0.2)
    return harness.claim_database(tmp_path, semantic="auto")


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[harness.RunningBot]:
    async with harness.bots(database_url, semantic="auto") as start:
        yield await start(editor_ids=[EDITOR])


def rows(bot: harness.RunningBot, model: type) -> list[Any]:
    engine = make_engine(bot.settings.database_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(model).order_by(model.id)).all())
    finally:
        engine.dispose()


def ministry_forward(text: str = MINISTRY_POST, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "channel_title": MINISTRY,
        "channel_username": "mod_russia",
        "channel_id": MINISTRY_ID,
        "channel_message_id": 52001,
        "original_date": int(POSTED.timestamp()),
        "user_id": EDITOR,
    }
    values.update(fields)
    return updates.channel_forward(text, **values)["message"]


def plain(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def ingest_reply(post: dict[str, Any], *, user_id: int = EDITOR) -> dict[str, Any]:
    return updates.private_text("/ingest", user_id=user_id, reply_to=plain(post))


async def answer(bot: harness.RunningBot, update: dict[str, Any]) -> str:
    return str((await bot.reply(update))["text"])


# --- a channel post becomes evidence -------------------------------------------------------


async def test_a_forwarded_ministry_post_becomes_evidence_with_its_own_date_and_link(
    bot: harness.RunningBot,
) -> None:
    post = ministry_forward()
    await bot.reply({"message": post})  # the forward itself is checked as usual
    report = await answer(bot, ingest_reply(post))
    assert "https://t.me/mod_russia/52001" in report
    assert f"{MINISTRY}, 27 Nov 2025" in report
    [evidence] = [e for e in rows(bot, Evidence) if e.url == "https://t.me/mod_russia/52001"]
    assert evidence.speaker == MINISTRY
    assert evidence.said_on == dt.date(2025, 11, 27)
    assert evidence.stance == "backs"

    checked = await answer(bot, updates.private_text("Russia took Huliaipole", user_id=READER))
    assert MINISTRY in checked and "27 Nov 2025" in checked

    # The same post forwarded again, by someone else: recorded once.
    again = ministry_forward(user_id=READER)
    await bot.reply({"message": again})
    repeat = await answer(bot, ingest_reply(again))
    assert repeat.startswith("Already ingested")
    assert len([e for e in rows(bot, Evidence) if e.url == evidence.url]) == 1


async def test_a_post_quoting_the_ministry_is_the_ministry_via_the_channel(
    bot: harness.RunningBot,
) -> None:
    post = ministry_forward(
        channel_title="Readovka", channel_username="readovka", channel_id=-1002222, user_id=EDITOR
    )
    await bot.reply({"message": post})
    await answer(bot, ingest_reply(post))
    [evidence] = [e for e in rows(bot, Evidence) if e.url == "https://t.me/readovka/52001"]
    assert evidence.speaker == MINISTRY
    documents = [d for d in rows(bot, Document) if d.url == evidence.url]
    assert len(documents) == 1


async def test_a_caption_counts_as_the_posts_text(bot: harness.RunningBot) -> None:
    post = ministry_forward()
    post["caption"] = post.pop("text")
    post["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 67}]
    await bot.reply({"message": post})
    await answer(bot, ingest_reply(post))
    assert [e.speaker for e in rows(bot, Evidence) if e.url == "https://t.me/mod_russia/52001"] == [
        MINISTRY
    ]


async def test_a_link_to_a_post_the_bot_has_seen_is_ingested(bot: harness.RunningBot) -> None:
    await bot.reply({"message": ministry_forward(user_id=READER)})  # seen, not ingested
    report = await answer(
        bot, updates.private_text("/ingest https://t.me/mod_russia/52001", user_id=EDITOR)
    )
    assert "https://t.me/mod_russia/52001" in report
    assert [e.speaker for e in rows(bot, Evidence) if e.url == "https://t.me/mod_russia/52001"] == [
        MINISTRY
    ]


# --- bad input: one line each, nothing recorded ----------------------------------------------


async def test_bad_posts_get_one_line_and_nothing_is_recorded(bot: harness.RunningBot) -> None:
    before = len(rows(bot, Document)), len(rows(bot, Evidence))
    photo = updates.channel_forward("", channel_message_id=7)["message"]
    photo.pop("text")
    photo["photo"] = [{"file_id": "p2", "file_unique_id": "u2", "width": 90, "height": 67}]
    person = updates.user_forward("ВС РФ освободили Гуляйполе")["message"]
    hidden = updates.hidden_user_forward("ВС РФ освободили Гуляйполе")["message"]
    plain_message = updates.private_text("ВС РФ освободили Гуляйполе", user_id=EDITOR)["message"]
    cases = [
        (ingest_reply(photo), "no text or caption"),
        (ingest_reply(person), "forwarded from a person"),
        (ingest_reply(hidden), "hides who sent it"),
        (ingest_reply(plain_message), "Reply /ingest to a post forwarded from a channel"),
        (
            updates.private_text("/ingest https://t.me/mod_russia/99999", user_id=EDITOR),
            "I have not seen that post",
        ),
        (ingest_reply(ministry_forward(), user_id=READER), "Only editors"),
    ]
    for update, expected in cases:
        text = await answer(bot, update)
        assert expected in text, text
        assert "\n" not in text
    assert (len(rows(bot, Document)), len(rows(bot, Evidence))) == before


async def test_a_renamed_channel_is_recorded_under_its_first_name_once(
    bot: harness.RunningBot,
) -> None:
    await bot.reply({"message": ministry_forward(user_id=READER)})
    renamed = ministry_forward(channel_title="МО РФ", channel_username="mod_rf")
    report = await answer(bot, ingest_reply(renamed))
    assert report.splitlines()[0] == (
        f"This channel was called “{MINISTRY}” when I first saw it (now “МО РФ”): "
        f"recorded as {MINISTRY}."
    )
    again = await answer(bot, ingest_reply(ministry_forward()))
    assert "Already ingested" in again
    assert len([d for d in rows(bot, Document) if d.url and "52001" in d.url]) == 1


# --- channels the newsroom runs ----------------------------------------------------------------


async def test_the_bot_comments_under_a_matching_channel_post_in_the_discussion_group(
    bot: harness.RunningBot,
) -> None:
    bot.server.set_admins(DISCUSSION, [updates.BOT_ID, EDITOR])
    turned_on = await answer(bot, updates.group_text("/autocheck on", chat_id=DISCUSSION))
    assert turned_on.startswith("Autocheck is on")

    post = updates.automatic_forward(
        "ВС РФ освободили Гуляйполе", group_id=DISCUSSION, channel_message_id=301
    )
    comment = await bot.reply(post)
    assert comment["params"]["chat_id"] == DISCUSSION
    assert comment["params"]["reply_parameters"]["message_id"] == post["message"]["message_id"]
    assert "Russian forces captured Huliaipole" in comment["text"]

    help_text = await answer(bot, updates.group_text("/help", chat_id=DISCUSSION))
    assert "discussion group" in help_text and "/autocheck on" in help_text

    await bot.silent(
        updates.automatic_forward(
            "Тепла погода у Львові сьогодні", group_id=DISCUSSION, channel_message_id=302
        ),
        marker=updates.private_text("Russia took Krasnoarmeysk", user_id=READER),
    )


async def test_in_its_own_channel_the_bot_records_sightings_and_stays_silent(
    bot: harness.RunningBot,
) -> None:
    post = updates.channel_post("ВС РФ освободили Гуляйполе")
    message_id = post["channel_post"]["message_id"]
    date = post["channel_post"]["date"]
    edit = updates.edited_channel_post(
        "ВС РФ вошли в Гуляйполе", message_id=message_id, date=date, edit_date=date + 600
    )
    marker = updates.private_text("Russia took Krasnoarmeysk", user_id=READER)
    await bot.silent(post, marker=marker)
    await bot.start()
    await bot.silent(edit, marker=updates.private_text("Russia took Krasnoarmeysk", user_id=READER))
    [sighting] = [s for s in rows(bot, Sighting) if s.message_id == message_id]
    assert sighting.channel == "frontline_daily" and sighting.claim_id is not None
    [stored] = [m for m in rows(bot, ChannelMessage) if m.message_id == message_id]
    assert stored.text == "ВС РФ освободили Гуляйполе"  # the first text stays
    assert stored.edited_at is not None
    channel = str(post["channel_post"]["chat"]["id"])
    assert [c for c in bot.server.calls if str(c["params"].get("chat_id")) == channel] == []

    # An editor ingests it by its link: the first text, and a line about the edit.
    await bot.start()
    report = await answer(
        bot,
        updates.private_text(f"/ingest https://t.me/frontline_daily/{message_id}", user_id=EDITOR),
    )
    assert report.splitlines()[0].startswith("The channel edited this post on ")
    [evidence] = [e for e in rows(bot, Evidence) if e.url and e.url.endswith(f"/{message_id}")]
    assert evidence.quote == "ВС РФ освободили Гуляйполе"
    assert evidence.speaker == "Frontline Daily"


# --- watches meet channels --------------------------------------------------------------------


async def test_an_alert_lists_the_channels_seen_since_the_last_alert_once(
    bot: harness.RunningBot,
) -> None:
    server = bot.server
    answered = await bot.reply(updates.private_text("Russia took Huliaipole", user_id=EDITOR))
    await bot.reply(
        updates.private_text("/watch", user_id=EDITOR, reply_to=plain(answered["result"]))
    )
    await bot.reply(
        {
            "message": ministry_forward(
                channel_title="Rybar", channel_username="rybar", channel_id=-1003
            )
        }
    )
    post = ministry_forward()
    await bot.reply({"message": post})
    before = len(harness.messages(server))
    server.push_update(ingest_reply(post))
    await server.wait_for_async("sendMessage", count=before + 2, timeout=15)
    [alert] = [m["text"] for m in harness.messages(server) if m["text"].startswith("🔔 Update on")]
    assert "Seen since the last alert in: @rybar" in alert
    assert "@mod_russia" in alert

    # A second alert does not list them again.
    second = ministry_forward(
        "ISW: Russian forces captured Huliaipole",
        channel_title="ISW",
        channel_username="isw",
        channel_id=-1004,
        channel_message_id=9,
    )
    await bot.reply({"message": second})
    before = len(harness.messages(server))
    server.push_update(ingest_reply(second))
    await server.wait_for_async("sendMessage", count=before + 2, timeout=15)
    alerts = [m["text"] for m in harness.messages(server) if m["text"].startswith("🔔 Update on")]
    assert len(alerts) == 2
    assert "@rybar" not in alerts[1] and "@isw" in alerts[1]


async def test_an_edited_post_in_the_discussion_group_notes_the_edit_in_silence(
    bot: harness.RunningBot,
) -> None:
    bot.server.set_admins(DISCUSSION, [updates.BOT_ID, EDITOR])
    await answer(bot, updates.group_text("/autocheck on", chat_id=DISCUSSION))
    post = updates.automatic_forward(
        "ВС РФ освободили Гуляйполе", group_id=DISCUSSION, channel_message_id=303
    )
    await bot.reply(post)
    edited = dict(post["message"], text="ВС РФ вошли в Гуляйполе")
    edited["edit_date"] = post["message"]["date"] + 300
    await bot.silent(
        {"edited_message": edited},
        marker=updates.private_text("Russia took Krasnoarmeysk", user_id=READER),
    )
    [stored] = [m for m in rows(bot, ChannelMessage) if m.message_id == 303]
    assert stored.text == "ВС РФ освободили Гуляйполе"
    assert stored.edited_at is not None


def test_a_private_channels_post_links_to_its_members_only_address() -> None:
    post = Post(channel_id=-1001234567, message_id=8, title="Closed", username=None, text="x")
    assert post.link == "https://t.me/c/1234567/8"


async def test_a_channel_post_the_database_cannot_take_still_gets_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = harness.claim_database(tmp_path) + "?timeout=0.5"
    async with harness.running_bot(url) as bot:
        holder = hold(tmp_path / "claims.db")
        try:
            await bot.silent(
                updates.channel_post("ВС РФ освободили Гуляйполе"),
                marker=updates.private_text("Russia took Krasnoarmeysk", user_id=READER),
            )
        finally:
            release(holder)
