"""Whatever a newsroom pastes, and whatever an attacker sends, through the fake Bot API: each
gets one clear short line in a private chat (silence in a group), the bot goes on answering,
and no handler ever raises (no ERROR record in the log).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import updates
from tests.harness import RunningBot, claim_database, running_bot

EDITOR = 4242
GROUP = -100500
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}
CHANNEL = {"id": -1009876543210, "title": "Frontline Daily", "type": "channel"}
SHORT = 300  # characters: a "short line" is at most this long


@pytest.fixture
def no_errors(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Fail the test if anything logged an ERROR (a handler raised, the error handler ran)."""
    caplog.set_level(logging.WARNING)
    yield caplog
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [f"{r.name}: {r.getMessage()}" for r in errors]


@pytest.fixture
async def bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_errors: pytest.LogCaptureFixture
) -> AsyncIterator[RunningBot]:
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    async with running_bot(url, editor_ids=[EDITOR]) as running:
        yield running


def channel_message(text: str) -> dict[str, Any]:
    """A message posted in the group on behalf of a channel (sender_chat, from Channel_Bot)."""
    update = updates.group_text(text, chat_id=GROUP)
    update["message"]["from"] = CHANNEL_BOT
    update["message"]["sender_chat"] = CHANNEL
    return update


async def ask(bot: RunningBot, update: dict[str, Any]) -> str:
    """What the user sees in reply to `update` (HTML parsed), checked to be a reply."""
    sent = await bot.reply(update)
    chat = next(iter(v for k, v in update.items() if isinstance(v, dict)))["chat"]["id"]
    assert sent["params"]["chat_id"] == chat
    return sent["text"]


async def answered_later(bot: RunningBot) -> None:
    """The bot still answers an ordinary question afterwards."""
    text = await ask(bot, updates.private_text("Russia took Pokrovsk"))
    assert "Russian forces captured Pokrovsk" in text


# --- private chats: one short line each -------------------------------------------------------


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        (updates.private_text(""), "no text to check"),
        (updates.private_text("   \n\t  "), "no text to check"),
        (updates.private_text("\u200b\u200d\u2060"), "no text to check"),
        (updates.sticker(), "only read text"),
        (updates.photo(), "only read text"),
        (updates.voice(), "only read text"),
    ],
    ids=["empty", "whitespace", "zero-width-only", "sticker", "photo", "voice"],
)
async def test_what_holds_no_text_gets_one_line(
    bot: RunningBot, update: dict[str, Any], expected: str
) -> None:
    text = await ask(bot, update)
    assert expected in text.lower()
    assert "Russia took Zaporizke" in text  # says what to send instead
    assert len(text) < SHORT
    await answered_later(bot)


async def test_emoji_only_is_checked_and_matches_nothing(bot: RunningBot) -> None:
    text = await ask(bot, updates.private_text("🔥🔥🔥 🇺🇦 😡"))
    assert text.startswith("No stored claim matches this.")
    assert len(text) < SHORT


async def test_zero_width_and_rtl_marks_inside_a_claim_do_not_hide_it(bot: RunningBot) -> None:
    text = await ask(
        bot, updates.private_text("\u202eRussia\u200f took Zapo\u200brizke\u202c\u2066")
    )
    assert "Russian forces captured Zaporizke" in text


async def test_a_4096_character_post_gets_an_answer_that_fits(bot: RunningBot) -> None:
    sentence = "Russian forces took Pokrovsk after weeks of fighting, a channel says. "
    post = (sentence * 100)[:4096]
    sent = await bot.reply(updates.private_text(post), timeout=30)
    assert "Russian forces captured Pokrovsk" in sent["text"]
    assert len(sent["params"]["text"].encode("utf-16-le")) // 2 <= 4096


async def test_an_edited_message_is_checked_again(bot: RunningBot) -> None:
    first = updates.private_text("Russia took Zaporzke")
    await ask(bot, first)
    text = await ask(bot, updates.edited_text("Russia took Zaporizke", original=first))
    assert "Russian forces captured Zaporizke" in text


async def test_an_edited_editor_command_is_not_applied_and_says_so(bot: RunningBot) -> None:
    """Editing a /dispute must not record a second source; the editor is told to resend."""
    answer = await bot.reply(updates.private_text("Russia took Pokrovsk", user_id=EDITOR))
    command = updates.private_text(
        "/dispute Kyiv Independent | Kyiv Independent | The town still holds.",
        user_id=EDITOR,
        reply_to=answer["result"],
    )
    edited = updates.edited_text(
        "/dispute Kyiv Independent | Kyiv Independent | The town still holds out.",
        original=command,
    )
    text = await ask(bot, edited)
    assert "changed nothing" in text and "again" in text
    again = await ask(bot, updates.private_text("Russia took Pokrovsk"))
    assert "Kyiv Independent" not in again
    assert again == answer["text"]


# --- commands with junk arguments -------------------------------------------------------------


async def test_check_with_4000_characters_of_junk(bot: RunningBot) -> None:
    junk = "".join(chr(0x21 + (i * 7919) % 0x5D) for i in range(4000))
    sent = await bot.reply(updates.private_command(f"/check {junk}"), timeout=30)
    assert sent["text"].startswith("No stored claim matches this.")
    assert len(sent["params"]["text"]) <= 4096


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/watch foo", "Reply /watch to one of my answers"),
        ("/unwatch -1", "Reply /unwatch to one of my answers"),
        ("/unwatch foo bar", "Reply /unwatch to one of my answers"),
        ("/unwatch ²", "Reply /unwatch to one of my answers"),
        ("/unwatch 99999999999999999999999999", "There is no number"),
        ("/unwatch 0", "There is no number"),
        ("/check", "Send /check with a claim"),
        ("/help ;DROP TABLE claim;--", "I show where a claim comes from"),
        ("/frobnicate now", "I do not know that command"),
        ("/autocheck sideways", "Autocheck is for groups"),
    ],
)
async def test_junk_arguments_get_the_usage(bot: RunningBot, command: str, expected: str) -> None:
    text = await ask(bot, updates.private_command(command))
    assert expected in text
    assert len(text) < 700
    await answered_later(bot)


# --- buttons and inline queries -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "show:1",
        "more:1:zz",
        "watch:999999999",
        "unwatch:abc",
        "page:1",
        "show:1;rm -rf /",
        "x" * 64,
        "",
        "💣",
    ],
)
async def test_a_forged_button_gets_a_notice_and_changes_nothing(
    bot: RunningBot, data: str
) -> None:
    answer = await bot.reply(updates.private_text("Russia took Pokrovsk"))
    before = bot.server.message(answer["params"]["chat_id"], answer["result"]["message_id"])
    bot.server.push_update(updates.callback_query(data, message=answer["result"]))
    [*_, call] = await bot.server.wait_for_async("answerCallbackQuery", count=1, timeout=15)
    notice = call["params"].get("text") or ""
    assert "out of date" in notice
    after = bot.server.message(answer["params"]["chat_id"], answer["result"]["message_id"])
    assert after == before
    assert not [c for c in bot.server.calls if c["method"] == "editMessageText"]
    await answered_later(bot)
    assert len(bot.messages()) == 2  # nothing but the two answers was posted


async def test_a_watch_button_forged_onto_an_answer_about_another_claim(bot: RunningBot) -> None:
    """Data that is well formed but not a button of that message is refused like junk."""
    answer = await bot.reply(updates.private_text("Russia took Pokrovsk"))
    shown = {
        b["callback_data"]
        for row in answer["result"]["reply_markup"]["inline_keyboard"]
        for b in row
    }
    claim_id = next(int(d.split(":")[1]) for d in shown if d.startswith("watch:"))
    forged = f"watch:{claim_id + 1}"
    bot.server.push_update(updates.callback_query(forged, message=answer["result"]))
    [call] = await bot.server.wait_for_async("answerCallbackQuery", count=1, timeout=15)
    assert "out of date" in (call["params"].get("text") or "")
    text = await ask(bot, updates.private_command("/watching"))
    assert "watches no claims" in text


@pytest.mark.parametrize(
    "query",
    [
        ("Russia took Zaporizke " * 20)[:256],
        "🔥" * 128,
        "\u202e" + "x" * 255,
        "<b>&amp;</b>" * 21,
    ],
    ids=["words", "emoji", "rtl", "html"],
)
async def test_an_inline_query_of_256_characters(bot: RunningBot, query: str) -> None:
    bot.server.push_update(updates.inline_query(query))
    [call] = await bot.server.wait_for_async("answerInlineQuery", count=1, timeout=15)
    results = call["params"]["results"]
    assert 1 <= len(results) <= 5
    if query.startswith("Russia"):
        assert "Zaporizke" in results[0]["title"]


# --- groups and channels: silence unless addressed ------------------------------------------------


async def test_group_chatter_of_every_kind_gets_silence(bot: RunningBot) -> None:
    await bot.silent(
        updates.group_text("", chat_id=GROUP),
        updates.group_text("   ", chat_id=GROUP),
        updates.group_text("🔥🔥🔥", chat_id=GROUP),
        updates.group_text("Russia took Zaporizke", chat_id=GROUP),
        updates.sticker(chat=GROUP),
        updates.photo(chat=GROUP),
        updates.voice(chat=GROUP),
        updates.edited_text("Russia took Zaporizke", chat=GROUP),
        updates.group_text("/frobnicate", chat_id=GROUP),
        updates.group_text("/check@some_other_bot Russia took Zaporizke", chat_id=GROUP),
        channel_message("Russia took Zaporizke"),
        updates.channel_post("Russia took Zaporizke"),
        updates.channel_post("/check Russia took Zaporizke"),
        marker=updates.private_text("Russia took Pokrovsk"),
    )


async def test_a_channel_speaking_in_a_group_can_check_but_not_edit(bot: RunningBot) -> None:
    text = await ask(bot, channel_message("/check Russia took Zaporizke"))
    assert "Russian forces captured Zaporizke" in text
    text = await ask(bot, channel_message("/claim Russian forces captured Atlantis"))
    assert "Only editors can change the claim base" in text
