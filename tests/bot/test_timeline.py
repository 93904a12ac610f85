"""The timeline through the fake Bot API: the 🕒 Timeline button and /timeline send the picture
as `sendPhoto`, the same one `sourcecheck timeline` writes; a claim with one dated source gets
words and no button."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.cli import main as cli
from handlers.timeline_chat import USAGE
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.handlers.test_buttons import buttons, data_of, press
from tests.harness import RunningBot, claim_database, running_bot


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no stray .env
    url = claim_database(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEMANTIC", "off")
    return url


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(database_url) as running:
        yield running


def photos(server: FakeBotAPI) -> list[dict[str, Any]]:
    return [s for s in server.sent if s["method"] == "sendPhoto"]


async def next_photo(server: FakeBotAPI, update: dict[str, Any] | None = None) -> dict[str, Any]:
    before = len(photos(server))
    if update is not None:
        server.push_update(update)
    await server.wait_for_async("sendPhoto", count=before + 1, timeout=20)
    return photos(server)[before]


def png_of(sent: dict[str, Any]) -> bytes:
    data = sent["params"]["photo"]["data"]
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.width == 1080
    assert len(data) <= 200 * 1024
    return data


async def test_the_timeline_button_sends_the_picture_under_the_answer(bot: RunningBot) -> None:
    answer = (await bot.reply(updates.private_text("Russia took Zaporizke")))["result"]
    assert [text for text, _ in buttons(answer)] == ["🔔 Watch", "🕒 Timeline"]
    before = len(photos(bot.server))
    assert await press(bot, answer, data_of(answer, "🕒")) is None
    await bot.server.wait_for_async("sendPhoto", count=before + 1, timeout=20)
    sent = photos(bot.server)[-1]
    png_of(sent)
    assert sent["params"]["parse_mode"] == "HTML"
    lines = sent["text"].splitlines()
    assert lines[0] == "🕒 Russian forces captured Zaporizke in Dnipropetrovsk region"
    assert "First claimed 10 Aug 2025 by Russian Defence Ministry (TASS)." in lines
    assert "First disputed 11 Aug 2025 by Ukrainian military officials (BBC News)." in lines
    assert (
        "Latest statement 12 Aug 2025: Institute for the Study of War (ISW) has not confirmed it."
        in lines
    )
    assert "Drawn: 3 sources, 3 dated statements, 10–12 Aug 2025." in lines


async def test_in_a_group_the_picture_replies_to_the_answer(bot: RunningBot) -> None:
    answer = (await bot.reply(updates.group_text("/check Russia took Zaporizke")))["result"]
    before = len(photos(bot.server))
    await press(bot, answer, data_of(answer, "🕒"))
    await bot.server.wait_for_async("sendPhoto", count=before + 1, timeout=20)
    sent = photos(bot.server)[-1]
    assert sent["params"]["chat_id"] == answer["chat"]["id"]
    assert sent["result"]["reply_to_message"]["message_id"] == answer["message_id"]


async def test_timeline_as_a_reply_is_the_picture_the_command_line_writes(
    bot: RunningBot, tmp_path: Path
) -> None:
    answer = (await bot.reply(updates.private_text("Russia took Zaporizke")))["result"]
    sent = await next_photo(bot.server, updates.private_text("/timeline", reply_to=answer))
    output = tmp_path / "timeline.png"
    assert cli(["timeline", "Russia took Zaporizke", "-o", str(output)]) == 0
    assert output.read_bytes() == png_of(sent)


async def test_a_forwarded_posts_day_reaches_the_picture(bot: RunningBot) -> None:
    posted = dt.datetime(2025, 8, 11, 9, 0, tzinfo=dt.UTC)
    forward = updates.channel_forward(
        "Russia took Zaporizke", original_date=int(posted.timestamp())
    )
    answer = (await bot.reply(forward))["result"]
    assert data_of(answer, "🕒") == f"timeline:{data_of(answer, '🔔').split(':')[1]}:p20250811"
    sent = await next_photo(bot.server, updates.private_text("/timeline", reply_to=answer))
    assert "The forwarded post is from 11 Aug 2025." in sent["text"]
    pressed = len(photos(bot.server))
    await press(bot, answer, data_of(answer, "🕒"))
    await bot.server.wait_for_async("sendPhoto", count=pressed + 1, timeout=20)
    assert photos(bot.server)[-1]["params"]["photo"]["data"] == sent["params"]["photo"]["data"]


async def test_timeline_as_a_reply_to_a_forward_checks_it_and_marks_its_day(
    bot: RunningBot,
) -> None:
    posted = dt.datetime(2025, 8, 12, 9, 0, tzinfo=dt.UTC)
    forward = updates.channel_forward(
        "Russia took Zaporizke", original_date=int(posted.timestamp())
    )
    reply = updates.private_text("/timeline", reply_to=forward["message"])
    sent = await next_photo(bot.server, reply)
    assert "Russian forces captured Zaporizke" in sent["text"]
    assert "The forwarded post is from 12 Aug 2025." in sent["text"]


async def test_timeline_with_the_claim_written_after_it(bot: RunningBot) -> None:
    sent = await next_photo(bot.server, updates.private_text("/timeline Russia took Pokrovsk"))
    assert "Russian forces captured Pokrovsk" in sent["text"]


async def test_one_dated_source_gets_words_and_no_button(bot: RunningBot) -> None:
    answer = (await bot.reply(updates.private_text("Russia took Pokrovske")))["result"]
    assert "Russian forces captured Pokrovske" in answer["text"]
    assert [text for text, _ in buttons(answer)] == ["🔔 Watch"]
    words = await bot.reply(updates.private_text("/timeline", reply_to=answer))
    assert (
        "Only one source on record gave a date, so there is no timeline to draw." in (words["text"])
    )
    usage = await bot.reply(updates.private_text("/timeline"))
    assert usage["text"] == USAGE
    assert photos(bot.server) == []


async def test_a_forged_timeline_button_is_out_of_date(bot: RunningBot) -> None:
    answer = (await bot.reply(updates.private_text("Russia took Zaporizke")))["result"]
    notice = await press(bot, answer, "timeline:424242")
    assert notice is not None and "out of date" in notice
    assert photos(bot.server) == []
