"""The bot in a newsroom's group, through the fake Bot API: /check, mentions, /autocheck,
silence for chatter, and where a forwarded channel post has been seen before."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from handlers.render import GROUP, render_answer
from store.claimbase.answer import Answer, MatchAnswer
from store.claimbase.sightings import ChannelPost, SightingView, record_sighting, sightings_of
from store.claimbase.stats import CheckLogBuffer, checks_since
from store.db import make_engine
from store.match.rank import Match
from store.models import CheckLog, Claim, Sighting
from store.repo import ClaimView, EvidenceView
from tests import harness
from tests.claimbase.test_check import POST
from tests.fakes import updates
from tests.fakes.telegram_html import validate

GROUP_ID = -100500
ADMIN_ID = 1002
BOT = updates.BOT_USERNAME

# Extra sources on the Huliaipole claim, so a group answer has more than three a side.
HULIAIPOLE_MORE = [
    ("backs", "Zvezda TV", "2025-11-27", "Footage shows the flag raised over the town council."),
    ("backs", "Rybar channel", "2025-11-28", "The last Ukrainian positions in the town are gone."),
    ("backs", "RT", "2025-11-29", "Moscow says the whole town is now under its control."),
    ("backs", "Readovka", "2025-11-30", "Assault groups report the town cleared."),
]


def huliaipole_lines() -> list[str]:
    return [
        json.dumps(
            {
                "id": "huliaipole",
                "claim": "Russian forces captured Huliaipole",
                "stance": stance,
                "speaker": speaker,
                "date": date,
                "quote": quote,
                "url": f"https://example.org/extra/{i}",
            }
        )
        for i, (stance, speaker, date, quote) in enumerate(HULIAIPOLE_MORE)
    ]


def prepare_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The sample claim base plus four more backers of the Huliaipole claim, as a fresh file."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    url = harness.claim_database(tmp_path, semantic="auto", extra_claims=huliaipole_lines())
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return prepare_database(tmp_path, monkeypatch)


class RunningBot(harness.RunningBot):
    """The harness bot, answering with the parameters it sent."""

    async def reply(self, update: dict[str, Any], *, count: int = 1) -> dict[str, Any]:
        """Push an update; the parameters of the (last of `count`) message(s) sent for it, with
        "seen": the text as the user sees it (HTML parsed)."""
        sent = (await harness.next_messages(self.server, update, count=count))[-1]
        return {**sent["params"], "seen": sent["text"], "result": sent["result"]}

    async def silent(self, *silent_updates: dict[str, Any]) -> None:  # type: ignore[override]
        """Assert the bot sends nothing for these: push them and then a private message, and
        once the private answer is out, stop the bot (which finishes every fetched update)."""
        before = len(self.server.sent)
        for update in silent_updates:
            self.server.push_update(update)
        await self.reply(updates.private_text("Russia took Krasnoarmeysk", user_id=4242))
        await self.stop()
        new = self.server.sent[before:]
        assert [s["params"]["chat_id"] for s in new] == [4242], [s["text"] for s in new]


BotFactory = harness.BotFactory


def bots(database_url: str) -> contextlib.AbstractAsyncContextManager[BotFactory]:
    """Start bots (each with its own fake server) on one database; all stopped at the end,
    and none may have sent anything Telegram would refuse."""
    return harness.bots(database_url, bot_class=RunningBot, semantic="auto", rate_limit=True)


@pytest.fixture
async def make_bot(database_url: str) -> AsyncIterator[BotFactory]:
    async with bots(database_url) as start:
        yield start


@pytest.fixture
async def bot(make_bot: BotFactory) -> RunningBot:
    return await make_bot()


def rows(database_url: str, model: type) -> list[Any]:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(model).order_by(model.id)).all())
    finally:
        engine.dispose()


# --- asking in a group ----------------------------------------------------------------------


async def test_check_replying_to_a_forward_in_a_group_answers_under_it(bot: RunningBot) -> None:
    post = updates.channel_forward("ВС РФ освободили Гуляйполе", chat=GROUP_ID)["message"]
    bot.server.push_update({"message": post})
    command = updates.group_text("/check", reply_to=post)
    params = await bot.reply(command)
    assert params["chat_id"] == GROUP_ID
    assert params["reply_parameters"]["message_id"] == command["message"]["message_id"]
    assert "Russian forces captured Huliaipole" in params["text"]
    assert "Forwarded from Frontline Daily" in params["text"]


async def test_check_addressed_to_the_bot_by_name(bot: RunningBot) -> None:
    params = await bot.reply(updates.group_text(f"/check@{BOT} Russia took Krasnoarmeysk"))
    assert "Russian forces captured Pokrovsk" in params["text"]
    assert params["chat_id"] == GROUP_ID


async def test_a_mention_checks_its_text(bot: RunningBot) -> None:
    mention = updates.mention("Russia took the village of Zaporizke")
    params = await bot.reply(mention)
    assert "Russian forces captured Zaporizke" in params["text"]
    assert params["reply_parameters"]["message_id"] == mention["message"]["message_id"]


async def test_a_bare_mention_replying_to_a_message_checks_that_message(bot: RunningBot) -> None:
    post = updates.group_text("They say Russia took Krasnoarmeysk")["message"]
    bot.server.push_update({"message": post})
    params = await bot.reply(updates.group_text(f"@{BOT}", reply_to=post))
    assert "Russian forces captured Pokrovsk" in params["text"]


async def test_a_bare_mention_gets_an_example(bot: RunningBot) -> None:
    params = await bot.reply(updates.mention(""))
    assert f"@{BOT} Russia took Zaporizke" in params["text"]


async def test_group_chatter_and_other_bots_get_silence(bot: RunningBot) -> None:
    await bot.silent(
        updates.group_text("Russia took the village of Zaporizke"),
        updates.group_text("@someone_else_bot Russia took Krasnoarmeysk"),
        updates.group_text("/check@someone_else_bot Russia took Krasnoarmeysk"),
        updates.channel_forward("ВС РФ освободили Гуляйполе", chat=GROUP_ID),
        updates.sticker(chat=GROUP_ID),
    )


# --- autocheck ------------------------------------------------------------------------------


async def test_autocheck_answers_matching_forwards_and_ignores_the_rest(bot: RunningBot) -> None:
    server = bot.server
    server.set_admins(GROUP_ID, [updates.BOT_ID, ADMIN_ID])
    refused = await bot.reply(updates.group_text("/autocheck on"))
    assert "Only editors and the admins" in refused["text"]
    turned_on = await bot.reply(updates.group_text("/autocheck on", user_id=ADMIN_ID))
    assert turned_on["text"].startswith("Autocheck is on")
    assert "cannot see" not in turned_on["text"]  # the bot is an admin: it reads everything

    forward = updates.channel_forward("Russia took Krasnoarmeysk", chat=GROUP_ID)
    params = await bot.reply(forward)
    assert "Russian forces captured Pokrovsk" in params["text"]
    assert params["reply_parameters"]["message_id"] == forward["message"]["message_id"]

    await bot.silent(
        updates.channel_forward("The weather in Lviv is sunny today", chat=GROUP_ID),
        updates.group_text("Russia took the village of Zaporizke"),
    )
    queries = [row.query for row in rows(bot.settings.database_url, CheckLog)]
    assert "The weather in Lviv is sunny today" in queries  # checked, and silent


async def test_autocheck_off_stops_answering_forwards(make_bot: BotFactory) -> None:
    bot = await make_bot(editor_ids=[ADMIN_ID])
    turned_on = await bot.reply(updates.group_text("/autocheck on", user_id=ADMIN_ID))
    assert "make me an admin" in turned_on["text"]  # not an admin: warned, but saved
    state = await bot.reply(updates.group_text("/autocheck"))
    assert state["text"].startswith("Autocheck is on in this chat")
    off = await bot.reply(updates.group_text("/autocheck off", user_id=ADMIN_ID))
    assert off["text"].startswith("Autocheck is off")
    await bot.silent(updates.channel_forward("Russia took Krasnoarmeysk", chat=GROUP_ID))


async def test_autocheck_survives_a_restart(make_bot: BotFactory) -> None:
    first = await make_bot(editor_ids=[ADMIN_ID])
    await first.reply(updates.group_text("/autocheck on", user_id=ADMIN_ID))
    await first.stop()
    second = await make_bot()
    params = await second.reply(updates.channel_forward("Russia took Krasnoarmeysk", chat=GROUP_ID))
    assert "Russian forces captured Pokrovsk" in params["text"]


async def test_autocheck_in_private_says_what_it_is_for(bot: RunningBot) -> None:
    params = await bot.reply(updates.private_command("/autocheck on"))
    assert "Autocheck is for groups" in params["text"]


# --- provenance -----------------------------------------------------------------------------


async def test_a_channel_post_seen_before_is_shown_as_circulating(bot: RunningBot) -> None:
    first_day = int(dt.datetime(2025, 11, 26, 8, tzinfo=dt.UTC).timestamp())
    second_day = int(dt.datetime(2025, 11, 27, 8, tzinfo=dt.UTC).timestamp())
    first = await bot.reply(
        updates.channel_forward(
            "ВС РФ освободили Гуляйполе",
            channel_username="frontline_daily",
            channel_id=-1001,
            channel_message_id=77,
            original_date=first_day,
        )
    )
    assert "Also circulating" not in first["text"]
    forward = updates.channel_forward(
        "Russian forces captured Huliaipole",
        channel_title="South Watch",
        channel_username="south_watch",
        channel_id=-1002,
        channel_message_id=9,
        original_date=second_day,
        chat=GROUP_ID,
    )
    second = await bot.reply(updates.group_text("/check", reply_to=forward["message"]))
    seen = second["seen"]
    assert "Also circulating in: @frontline_daily (26 Nov) · first seen 26 Nov 2025" in seen
    assert "@south_watch" not in seen.split("Also circulating in:")[1]  # not the post itself
    assert '<a href="https://t.me/frontline_daily/77">@frontline_daily</a>' in second["text"]

    await bot.reply(updates.user_forward("Russian forces captured Huliaipole"))
    await bot.stop()
    stored = rows(bot.settings.database_url, Sighting)
    assert [(s.channel, s.message_id, s.link) for s in stored] == [
        ("frontline_daily", 77, "https://t.me/frontline_daily/77"),
        ("south_watch", 9, "https://t.me/south_watch/9"),
    ]
    assert stored[0].claim_id == stored[1].claim_id is not None
    posted = stored[0].posted_at.replace(tzinfo=dt.UTC)
    assert posted == dt.datetime(2025, 11, 26, 8, tzinfo=dt.UTC)


def test_the_same_post_is_recorded_once_and_never_cites_itself(engine: Engine) -> None:
    post = ChannelPost("frontline_daily", -1001, 5, dt.datetime(2025, 11, 26, tzinfo=dt.UTC))
    other = ChannelPost("south_watch", -1002, 6, dt.datetime(2025, 11, 25, tzinfo=dt.UTC))
    later = ChannelPost("south_watch", -1002, 8, dt.datetime(2025, 11, 28, tzinfo=dt.UTC))
    undated = ChannelPost("no_date", -1003, 1)
    with Session(engine) as session:
        claim = Claim(key="c1", text="Russian forces captured Huliaipole")
        session.add(claim)
        session.flush()
        assert claim.id is not None
        for item in (post, post, other, later, undated):
            record_sighting(session=session, post=item, claim_id=claim.id)
        record_sighting(session=session, post=post, claim_id=None)
        record_sighting(session=session, post=post, claim_id=None)
        session.commit()
        assert len(session.exec(select(Sighting)).all()) == 5
        seen = sightings_of(session=session, claim_id=claim.id, exclude=post)
    assert [(s.channel, s.posted_at and s.posted_at.day) for s in seen] == [
        ("south_watch", 25),
        ("no_date", None),
    ]


# --- pure parts -----------------------------------------------------------------------------


def _answer() -> Answer:
    claim = ClaimView(id=1, key="c1", text="Russian forces captured Huliaipole")
    claim.evidence = [EvidenceView("backs", "Ministry", "TASS", dt.date(2025, 11, 27), None, None)]
    return Answer(query="q", matches=[MatchAnswer(Match(1, "c1", 90, "affirms", "x"), claim)])


def test_the_circulating_line_lists_channels_oldest_first_and_escapes() -> None:
    seen = [
        SightingView(f"chan_{i}", dt.datetime(2025, 11, 20 + i, tzinfo=dt.UTC), None)
        for i in range(7)
    ]
    text = render_answer(_answer(), style=GROUP, sightings=seen)
    ok, error, _ = validate(text)
    assert ok, error
    line = text.splitlines()[-1]
    assert line.startswith("Also circulating in: @chan_0 (20 Nov), @chan_1 (21 Nov)")
    assert "and 2 more · first seen 20 Nov 2025 (@chan_0)" in line


def test_checks_are_counted_with_the_questions_nobody_answered(engine: Engine) -> None:
    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    log = CheckLogBuffer(engine)
    for query, claim in [("Russia took Lviv", None), ("russia  took lviv", None), ("X", 1)]:
        log.add(chat_id=5, query=query, claim_id=claim)
    log.add(chat_id=5, query="y" * 400, claim_id=None)
    assert log.flush() == 4
    with Session(engine) as session:
        stats = checks_since(session=session, since=since)
    assert stats["checks"] == 4 and stats["matched"] == 1 and stats["unmatched"] == 3
    assert stats["top_unmatched"][0] == ("Russia took Lviv", 2)
    assert stats["top_unmatched"][1] == ("y" * 300, 1)


async def test_a_long_private_post_is_answered_with_both_claims(bot: RunningBot) -> None:
    params = await bot.reply(updates.private_text(POST))
    text = params["text"]
    assert "Also in this post:" in text
    assert (
        "Russian forces captured Zaporizke" in text and "Russian forces captured Pokrovsk" in text
    )
    assert text.count("Russian forces captured Pokrovsk") == 1
