"""Inline mode through the fake Bot API: `@bot claim` in any chat offers the matching claims,
each posting its answer; an empty query offers nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from handlers.inline import inline_text
from tests.bot.test_groups import RunningBot, bots, prepare_database
from tests.fakes import updates
from tests.fakes.telegram_html import validate


@pytest.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RunningBot]:
    async with bots(prepare_database(tmp_path, monkeypatch)) as start:
        yield await start()


async def ask_inline(bot: RunningBot, query: str) -> dict[str, Any]:
    """Type `@bot query`; the parameters of the bot's answerInlineQuery."""
    server = bot.server
    before = len([c for c in server.calls if c["method"] == "answerInlineQuery"])
    update = updates.inline_query(query)
    server.push_update(update)
    calls = await server.wait_for_async("answerInlineQuery", count=before + 1, timeout=15)
    params = calls[-1]["params"]
    assert params["inline_query_id"] == update["inline_query"]["id"]
    return params


async def test_an_inline_query_offers_the_claim_with_its_answer(bot: RunningBot) -> None:
    params = await ask_inline(bot, "Russia took Krasnoarmeysk")
    [result] = params["results"]
    assert result["type"] == "article"
    assert result["title"] == "Russian forces captured Pokrovsk"
    assert result["description"].startswith("Contested: 1 source backs it, 1 source disputes it")
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["link_preview_options"] == {"is_disabled": True}
    ok, error, _ = validate(content["message_text"])
    assert ok, error
    assert "Backed by" in content["message_text"] and "RIA Novosti" in content["message_text"]


async def test_an_inline_query_offers_each_matching_claim(bot: RunningBot) -> None:
    params = await ask_inline(bot, "Russian forces captured villages in Dnipropetrovsk region")
    titles = [r["title"] for r in params["results"]]
    assert 2 <= len(titles) <= 5
    assert len(set(r["id"] for r in params["results"])) == len(titles)
    for result in params["results"]:
        assert result["title"] in result["input_message_content"]["message_text"]


async def test_an_empty_inline_query_offers_nothing(bot: RunningBot) -> None:
    params = await ask_inline(bot, "   ")
    assert params["results"] == []


async def test_an_unknown_claim_offers_the_no_match_answer(bot: RunningBot) -> None:
    params = await ask_inline(bot, "Russia took Zaporizhzhia")
    [result] = params["results"]
    assert result["title"] == "No stored claim matches this"
    assert result["input_message_content"]["message_text"].startswith(
        "No stored claim matches this."
    )


async def test_a_very_long_inline_query_is_cut_and_answered(bot: RunningBot) -> None:
    long_query = "Russia took Krasnoarmeysk " + "and then some more words " * 40
    assert len(inline_text(long_query)) == 256
    assert inline_text("  Russia\n took   Pokrovsk ") == "Russia took Pokrovsk"
    params = await ask_inline(bot, long_query)
    assert params["results"]


async def test_an_inline_check_is_written_to_the_check_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = 1001
    async with bots(prepare_database(tmp_path, monkeypatch)) as start:
        bot = await start(editor_ids=[editor])
        await ask_inline(bot, "Russia took Lviv")
        await ask_inline(bot, "Russia took Krasnoarmeysk")
        stats = await bot.reply(updates.private_command("/stats", user_id=editor))
    assert "Last 24 hours: 2 checks, 1 matched, 1 without a match." in stats["text"]
    assert "Asked most without a match:\n• Russia took Lviv\n" in stats["text"]
