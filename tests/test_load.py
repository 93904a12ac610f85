"""A burst of 2,000 updates from 200 chats through the fake Bot API: every one answered once,
in the right chat, no kind of update left waiting behind the others, and memory flat between
a first and a second burst.
"""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import RunningBot, bot_settings, claim_database

CHATS = 200
PER_CHAT = 10
QUESTIONS = [
    "Russia took Zaporizke",
    "Russians liberated Krasnoarmeysk, they say",
    "Росія захопила Гуляйполе",
    "Russia took Zaporizhzhia",
    "Russia did not take Pokrovsk",
]
RSS_GROWTH_LIMIT = 40 * 1024 * 1024  # bytes between the end of the first and second burst


def rss() -> int:
    """Resident memory of this process, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def burst(round_: int) -> list[tuple[str, dict[str, Any]]]:
    """(kind, update) for every chat: mostly checks, some /help and stickers, interleaved."""
    out = []
    for n in range(PER_CHAT):
        for chat in range(CHATS):
            user_id = 10_000 + chat
            if n % 5 == 3:
                out.append(("help", updates.private_command("/help", user_id=user_id)))
            elif n % 5 == 4:
                out.append(("sticker", updates.sticker(user_id=user_id)))
            else:
                question = QUESTIONS[(chat + n + round_) % len(QUESTIONS)]
                out.append(("check", updates.private_text(question, user_id=user_id)))
    return out


def kind_of(text: str) -> str:
    if text.startswith("I show where a claim comes from"):
        return "help"
    if text.startswith("I can only read text"):
        return "sticker"
    return "check"


async def run_burst(bot: RunningBot, round_: int) -> dict[str, Any]:
    """Push a whole burst at once; answers are told apart by chat and by what they say
    (private answers are not threaded as replies), latency counted from the push."""
    server = bot.server
    before = len(bot.messages())
    items = burst(round_)
    expected: dict[int, dict[str, int]] = {}
    started = time.monotonic()
    wall = time.time()
    for kind, update in items:
        server.push_update(update)
        chat = expected.setdefault(update["message"]["chat"]["id"], {})
        chat[kind] = chat.get(kind, 0) + 1
    await server.wait_for_async("sendMessage", count=before + len(items), timeout=120)
    elapsed = time.monotonic() - started
    sent = bot.messages()[before:]
    calls = [c for c in server.calls if c["method"] == "sendMessage" and c["ok"]][before:]
    assert len(sent) == len(calls) == len(items)
    got: dict[int, dict[str, int]] = {}
    latencies: dict[str, list[float]] = {"check": [], "help": [], "sticker": []}
    for message, call in zip(sent, calls, strict=True):
        kind = kind_of(message["text"])
        chat = got.setdefault(message["params"]["chat_id"], {})
        chat[kind] = chat.get(kind, 0) + 1
        latencies[kind].append(call["time"] - wall)
    assert got == expected  # one answer per update, of the right kind, in the right chat
    every = sorted(x for values in latencies.values() for x in values)
    return {
        "updates": len(items),
        "seconds": elapsed,
        "per_second": len(items) / elapsed,
        "p50": statistics.median(every),
        "p95": every[int(len(every) * 0.95)],
        "worst": {kind: max(values) for kind, values in latencies.items()},
    }


@pytest.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    url = claim_database(tmp_path)
    with FakeBotAPI() as server:
        running = await RunningBot(server, bot_settings(server, url, rate_limit=False)).start()
        try:
            yield running
        finally:
            await running.stop()
        assert not server.refused, server.refused[:3]


async def test_two_bursts_of_2000_updates_from_200_chats(bot: RunningBot) -> None:
    first = await run_burst(bot, 0)
    gc.collect()
    after_first = rss()
    second = await run_burst(bot, 1)
    gc.collect()
    after_second = rss()
    for name, result in (("first", first), ("second", second)):
        print(
            f"\n{name} burst: {result['updates']} updates in {result['seconds']:.1f} s "
            f"({result['per_second']:.0f}/s), update→sendMessage p50 {result['p50']:.2f} s, "
            f"p95 {result['p95']:.2f} s, worst per kind "
            + ", ".join(f"{k} {v:.2f} s" for k, v in result["worst"].items())
        )
    mib = 2**20
    print(
        f"RSS after first burst {after_first / mib:.0f} MiB, after second {after_second / mib:.0f} MiB"
    )
    assert after_second - after_first < RSS_GROWTH_LIMIT
    # Nobody starved: the slowest help line and sticker reply came within the burst, no
    # later than the slowest check.
    for result in (first, second):
        assert result["worst"]["help"] <= result["worst"]["check"] + 1.0
        assert result["worst"]["sticker"] <= result["worst"]["check"] + 1.0
        assert result["seconds"] < 25
