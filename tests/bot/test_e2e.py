"""The real bot (`serve`, the code path behind `sourcecheck run`) against a fake Bot API server
on 127.0.0.1: what a journalist sends, and what the bot sends back."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import claim_database, next_messages, running_bot


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return claim_database(tmp_path, semantic="auto")


@pytest.fixture
async def telegram(database_url: str) -> AsyncIterator[FakeBotAPI]:
    """The bot polling the fake server; stopped and checked for clean shutdown afterwards."""
    async with running_bot(database_url, semantic="auto", rate_limit=True) as bot:
        yield bot.server


async def reply_to(server: FakeBotAPI, update: dict, *, count: int = 1) -> dict:
    """Push an update and return the parameters of the message the bot sent for it."""
    return (await next_messages(server, update, count=count))[-1]["params"]


async def test_a_private_text_gets_the_sources_of_the_matching_claim(
    telegram: FakeBotAPI,
) -> None:
    params = await reply_to(telegram, updates.private_text("Russia took Zaporizke"))
    text = params["text"]
    assert "Russian forces captured Zaporizke" in text
    assert "Backed by" in text and "Russian Defence Ministry (TASS)" in text
    assert "Disputed by" in text and "Ukrainian military officials" in text
    assert "Not confirmed by" in text
    assert text.index("10 Aug 2025") < text.index("11 Aug 2025")
    assert params["parse_mode"] == "HTML"


async def test_a_forward_from_a_channel_says_where_it_came_from(telegram: FakeBotAPI) -> None:
    forward = updates.channel_forward(
        "ВС РФ освободили Гуляйполе",
        channel_title="Frontline Daily",
        channel_username="frontline_daily",
        channel_message_id=5512,
    )
    text = (await reply_to(telegram, forward))["text"]
    assert "Russian forces captured Huliaipole" in text
    assert "Forwarded from Frontline Daily" in text
    assert "t.me/frontline_daily/5512" in text


async def test_a_forward_months_away_from_the_claim_says_so(telegram: FakeBotAPI) -> None:
    posted = dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)
    forward = updates.channel_forward(
        "Russia took Zaporizke",
        channel_username="frontline_daily",
        original_date=int(posted.timestamp()),
    )
    text = (await reply_to(telegram, forward))["text"]
    assert "Russian forces captured Zaporizke" in text
    assert "This claim is from Aug 2025; the post is from Nov 2024." in text


async def test_check_as_a_reply_in_a_group_checks_the_replied_message(
    telegram: FakeBotAPI,
) -> None:
    post = updates.group_text("Russians liberated Krasnoarmeysk, they say")["message"]
    telegram.push_update({"message": post})
    params = await reply_to(telegram, updates.group_text("/check", reply_to=post))
    assert "Russian forces captured Pokrovsk" in params["text"]
    assert params["chat_id"] == post["chat"]["id"]


async def test_a_claim_about_a_different_place_is_not_matched(telegram: FakeBotAPI) -> None:
    text = (await reply_to(telegram, updates.private_text("Russia took Zaporizhzhia")))["text"]
    assert text.startswith("No stored claim matches this.")
    assert "a different place" in text
    assert "/claim" in text


async def test_start_explains_the_bot(telegram: FakeBotAPI) -> None:
    text = (await reply_to(telegram, updates.private_command("/start")))["text"]
    assert "/check" in text and "group" in text


async def test_a_sticker_gets_one_helpful_line_and_the_bot_keeps_answering(
    telegram: FakeBotAPI,
) -> None:
    text = (await reply_to(telegram, updates.sticker()))["text"]
    assert "only read text" in text
    text = (await reply_to(telegram, updates.private_text("Russia took Pokrovsk")))["text"]
    assert "Russian forces captured Pokrovsk" in text


async def test_stickers_and_chatter_in_a_group_get_silence(telegram: FakeBotAPI) -> None:
    telegram.push_update(updates.sticker(chat=-100500))
    telegram.push_update(updates.group_text("Russia took Zaporizke"))
    text = (await reply_to(telegram, updates.private_text("Russia took Pokrovsk")))["text"]
    assert "Pokrovsk" in text
    assert len(telegram.sent) == 1


async def test_the_bot_honours_match_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MATCH_THRESHOLD=95: the Russian wording of the Huliaipole claim (a match in the 80s,
    answered at the default threshold) gets "no match"; an exact wording still matches."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MATCH_THRESHOLD", "95")
    async with running_bot(claim_database(tmp_path)) as bot:
        assert bot.settings.match_threshold == 95
        below = await bot.reply(updates.private_text("ВС РФ освободили Гуляйполе"))
        assert below["text"].startswith("No stored claim matches this.")
        assert "Russian forces captured Huliaipole" in below["text"]  # named as the nearest
        exact = await bot.reply(updates.private_text("Russia took Zaporizke"))
        assert "Russian forces captured Zaporizke" in exact["text"]
