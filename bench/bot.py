"""End to end: updates pushed through the fake Bot API into the real bot, answers counted.

    python -m bench.bot --updates 2000 --chats 200 [--rate-limit on]

Prints updates per second and the time from an update being available to the bot's
sendMessage (p50/p95), and checks that every update got exactly one answer. With the rate
limiter on it also reports the highest number of messages sent in any one second, and in
any one minute to one chat, against Telegram's limits (30 a second; 20 a minute in a group).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from multiprocessing.connection import Connection
from pathlib import Path

# Run as a file, bench/ heads the path and this file would stand for the `bot` package: the
# checkout goes first (with -m it already is).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import serve
from bot.config import Settings
from store import repo
from store.db import make_engine, session_scope, upgrade
from store.files.jsonl import parse_all
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "Russia took Zaporizke",
    "Russian troops crossed into Dnipropetrovsk region",
    "Russia did not take Huliaipole",
    "Росія захопила Запорізьке",
    "Russia took Zaporizhzhia",
    "The Eiffel Tower is closed for renovation",
]


def telegram_side(args: argparse.Namespace, pipe: Connection) -> None:
    """The fake Bot API in a process of its own, so it does not share the bot's GIL: it
    sends its address, waits for the bot to poll, pushes the burst and reports the calls."""
    with FakeBotAPI() as server:
        pipe.send((server.token, server.base_url))
        server.wait_polling(timeout=120)
        pushed: dict[int, list[float]] = defaultdict(list)
        for n in range(args.updates):
            chat = 10_000 + n % args.chats
            pushed[chat].append(time.time())
            server.push_update(updates.private_text(QUERIES[n % len(QUERIES)], user_id=chat))
        sent = server.wait_for("sendMessage", count=args.updates, timeout=900)
        pipe.send((dict(pushed), [(c["time"], int(c["params"]["chat_id"])) for c in sent]))


async def run(args: argparse.Namespace) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="sourcecheck-bot-bench-"))
    url = f"sqlite:///{workdir / 'claims.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with (ROOT / "samples" / "claims.jsonl").open("rb") as handle, session_scope(engine) as s:
        repo.import_records(session=s, records=parse_all(handle))
    engine.dispose()
    here, there = multiprocessing.Pipe()
    telegram = multiprocessing.get_context("spawn").Process(
        target=telegram_side, args=(args, there), daemon=True
    )
    telegram.start()
    token, base_url = here.recv()
    settings = Settings(
        _env_file=None,
        telegram_bot_token=token,
        telegram_api_base_url=base_url,
        database_url=url,
        rate_limit=args.rate_limit == "on",
        semantic=args.semantic,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop, poll_timeout=1))
    pushed, sent = await asyncio.to_thread(here.recv)
    stop.set()
    await task
    telegram.join(timeout=30)
    first = min(t for times in pushed.values() for t in times)
    elapsed = max(t for t, _ in sent) - first
    latencies: list[float] = []
    answers: Counter[int] = Counter()
    per_second: Counter[int] = Counter()
    per_chat_minute: dict[int, Counter[int]] = defaultdict(Counter)
    for when, chat in sorted(sent):
        if answers[chat] < len(pushed[chat]):
            latencies.append((when - pushed[chat][answers[chat]]) * 1000)
        answers[chat] += 1
        per_second[int(when)] += 1
        per_chat_minute[chat][int(when // 60)] += 1
    lost = sum(max(0, len(times) - answers[chat]) for chat, times in pushed.items())
    twice = sum(max(0, answers[chat] - len(times)) for chat, times in pushed.items())
    latencies.sort()
    return {
        "updates": args.updates,
        "chats": args.chats,
        "rate_limit": args.rate_limit,
        "seconds": round(elapsed, 2),
        "updates_per_s": round(args.updates / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * len(latencies))], 1) if latencies else None,
        "lost": lost,
        "answered_twice": twice,
        "max_per_second": max(per_second.values()) if per_second else 0,
        "max_per_chat_minute": max((max(c.values()) for c in per_chat_minute.values()), default=0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--rate-limit", choices=["on", "off"], default="off")
    parser.add_argument("--semantic", choices=["on", "off", "auto"], default="off")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    for key, value in result.items():
        print(f"{key:>20}: {value}")
    return 0 if result["lost"] == 0 and result["answered_twice"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
