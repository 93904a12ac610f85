"""The answer's buttons through the fake Bot API: "More ▾" unfolds every source, "show"
switches to another matching claim, and forged or stale data gets a short notice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from handlers.buttons import OUT_OF_DATE
from handlers.keyboard import answer_markup, parse_state
from handlers.render import GROUP, PRIVATE
from store.claimbase.answer import MatchAnswer
from store.match.rank import Match
from store.repo import ClaimView, EvidenceView
from tests.bot.test_groups import POST, RunningBot, bots, prepare_database
from tests.fakes import updates

GROUP_ID = -100500


@pytest.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RunningBot]:
    async with bots(prepare_database(tmp_path, monkeypatch)) as start:
        yield await start()


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def data_of(message: dict[str, Any], label_start: str) -> str:
    return next(data for text, data in buttons(message) if text.startswith(label_start))


async def press(bot: RunningBot, message: dict[str, Any], data: str) -> str | None:
    """Press a button; the notice the user sees (None for a silent answer)."""
    server = bot.server
    answered = len([c for c in server.calls if c["method"] == "answerCallbackQuery"])
    server.push_update(updates.callback_query(data, message=message))
    calls = await server.wait_for_async("answerCallbackQuery", count=answered + 1, timeout=15)
    return calls[-1]["params"].get("text")


def edits(bot: RunningBot) -> int:
    return len([c for c in bot.server.calls if c["method"] == "editMessageText"])


async def test_more_unfolds_every_source_in_the_same_message(bot: RunningBot) -> None:
    sent = await bot.reply(updates.group_text("/check Russian forces captured Huliaipole"))
    answer = sent["result"]
    assert "… and 2 more" in sent["seen"]
    assert "Readovka" not in sent["seen"]
    assert [text for text, _ in buttons(answer)] == ["🔔 Watch", "More ▾", "🕒 Timeline"]

    notice = await press(bot, answer, data_of(answer, "More"))
    assert notice is None
    edited = bot.server.message(GROUP_ID, answer["message_id"])
    assert edited is not None and "edit_date" in edited
    for speaker in ("Russian Defence Ministry", "Zvezda TV", "Rybar channel", "RT", "Readovka"):
        assert speaker in edited["text"]
    assert "more" not in edited["text"].split("Backed by")[1].split("Disputed by")[0]
    # nothing left to unfold
    assert [text for text, _ in buttons(edited)] == ["🔔 Watch", "🕒 Timeline"]


async def test_show_switches_between_the_claims_of_a_long_post(bot: RunningBot) -> None:
    sent = await bot.reply(updates.private_text(POST))
    answer = sent["result"]
    labels = [text for text, _ in buttons(answer)]
    assert labels[0] == "🔔 Watch"
    assert [label[0] for label in labels if label[0] in "✓▸"] == ["✓", "▸"]
    first_head = sent["seen"].splitlines()[0]
    other = next(text for text in labels if text.startswith("▸"))[2:]

    assert await press(bot, answer, data_of(answer, "▸")) is None
    chat_id = answer["chat"]["id"]
    edited = bot.server.message(chat_id, answer["message_id"])
    assert edited is not None
    head = edited["text"].splitlines()[0]
    assert head != first_head and other.rstrip("…") in head
    assert first_head.removeprefix("🔎 ") in edited["text"]  # now listed as the other match
    switches = [text[0] for text, _ in buttons(edited) if text[0] in "✓▸"]
    assert switches == ["▸", "✓"]  # rank order kept
    assert data_of(edited, "🔔").startswith("watch:")

    before = edits(bot)
    edited_with_reply = {**edited, "reply_to_message": answer.get("reply_to_message")}
    notice = await press(bot, edited_with_reply, data_of(edited, "✓"))
    assert notice == "That claim is already shown."
    assert edits(bot) == before


async def test_forged_and_stale_buttons_get_a_notice_and_change_nothing(bot: RunningBot) -> None:
    sent = await bot.reply(updates.private_text(POST))
    answer = sent["result"]
    shown = data_of(answer, "✓").split(":")[1]
    other = data_of(answer, "▸").split(":")[1]
    before = edits(bot)
    for data in (
        "show:999999:a90",  # not one of the answer's claims
        "more:999999:a90",
        f"more:{other}:a90",  # "more" for a claim that is not the one shown
        f"show:{other}:z1",  # a state nobody encodes
        f"show:{other}:a101",
        "hello",
        "show:1:a90:extra",
        "x" * 64,
    ):
        assert await press(bot, answer, data) == OUT_OF_DATE, data
    assert edits(bot) == before
    assert shown != other
    assert all("Sorry" not in s["text"] for s in bot.server.sent)


async def test_a_button_on_a_claim_that_is_gone_is_out_of_date(bot: RunningBot) -> None:
    sent = await bot.reply(updates.private_text(POST))
    answer = dict(sent["result"])
    keyboard = answer["reply_markup"]["inline_keyboard"]
    forged_rows = [[{"text": "▸ gone", "callback_data": "show:424242:a90"}], *keyboard]
    answer["reply_markup"] = {"inline_keyboard": forged_rows}
    assert await press(bot, answer, "show:424242:a90") == OUT_OF_DATE


def test_the_keyboard_fits_telegram_and_reads_back() -> None:
    claim = ClaimView(id=7, key="k", text="A claim " + "with many words " * 10)
    claim.evidence = [EvidenceView("backs", f"S{i}", "O", None, None, None) for i in range(4)]
    match = MatchAnswer(Match(7, "k", 87.4, "denies", claim.text), claim)
    folded = answer_markup([match], GROUP)
    assert folded is not None
    data = [b.callback_data for row in folded.inline_keyboard for b in row]
    assert data == ["watch:7", "more:7:d87"]
    assert all(len(str(d).encode()) <= 64 for d in data)
    assert answer_markup([match], PRIVATE).inline_keyboard == ((folded.inline_keyboard[0][0],),)
    state = parse_state(7, "d87")
    assert state is not None and (state.polarity, state.score) == ("denies", 87)
    assert parse_state(7, "a101") is None and parse_state(7, None) is None
