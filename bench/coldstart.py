"""Cold start: one `sourcecheck check` from a fresh process, where its time goes, and the bot's
start.

    python bench/coldstart.py [--runs 10] [--query TEXT] [--bot] [--source DIR]

A throwaway SQLite claim base is imported from samples/claims.jsonl. Then, each in a fresh
process: the bare interpreter (`python -c pass`); `sourcecheck check QUERY`; the same work cut
into parts timed in-process (imports, the lemmatiser's first use per language, opening the
claim base, the first check with its index build); with --bot, `sourcecheck run` against the
fake Bot API until its first long poll (the start an operator waits for).

Each line gives the median and p95 (nearest rank: with fewer than 20 runs, the slowest) of the
wall time, what a user waits, and of the CPU time (user + system) the process spent, which
moves less when other work shares the machine. SEMANTIC and the rest of the settings come from
the environment, as for `sourcecheck`.

--source DIR runs another checkout with this interpreter (for instance an older commit, from
`git archive COMMIT | tar -x -C DIR`), to compare two versions on the same machine and load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.botapi import FakeBotAPI  # noqa: E402

QUERY = "Russia took Zaporizke"

# Runs in a fresh process; prints {part: [wall, cpu]} as JSON.
PARTS = r"""
import json, sys, time
query = sys.argv[1]
parts = {}
last = [time.perf_counter(), time.process_time()]
def done(name):
    now = [time.perf_counter(), time.process_time()]
    parts[name] = [now[0] - last[0], now[1] - last[1]]
    last[:] = now
from bot import cli
from handlers.render import PLAIN, render_answer
done("imports (bot.cli, handlers.render)")
from store.match.text import lemma
for lang in ("en", "uk", "ru"):
    lemma("zzzq", lang)
    done(f"lemmatiser first use: {lang}")
settings = cli.Settings()
base = cli.open_claim_base(settings, semantic=True)
done("open claim base (schema, gazetteer, model)")
from store.claimbase.check import check
answer = check(base, query, limit=5, logged=False, with_sightings=False).answer
done("first check (index build + match)")
render_answer(answer, style=PLAIN)
done("render")
print(json.dumps(parts))
"""


def environment(database_url: str, source: Path | None) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    return env


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one fresh process, and what it printed."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return wall, children_cpu() - cpu, done.stdout


def bot_start(env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds from spawning `sourcecheck run` to its first getUpdates long poll."""
    with FakeBotAPI() as server, tempfile.TemporaryFile() as log:
        env = dict(env, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_BASE_URL=server.base_url)
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], env=env, cwd=cwd, stdout=log, stderr=log
        )
        try:
            server.wait_polling(timeout=120)
            wall = time.perf_counter() - start
            with open(f"/proc/{child.pid}/stat") as stat:  # CPU so far; Linux only
                fields = stat.read().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (AssertionError, OSError):
            log.seek(0)
            raise SystemExit(f"the bot did not start:\n{log.read().decode()[-2000:]}") from None
        finally:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return wall, cpu


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def report(name: str, samples: Sequence[tuple[float, float]]) -> dict[str, float]:
    walls, cpus = [s[0] for s in samples], [s[1] for s in samples]
    row = {
        "wall_median": statistics.median(walls),
        "wall_p95": p95(walls),
        "cpu_median": statistics.median(cpus),
        "cpu_p95": p95(cpus),
    }
    print(
        f"{name:44s} wall {row['wall_median']:6.3f} s (p95 {row['wall_p95']:6.3f})"
        f"   cpu {row['cpu_median']:6.3f} s (p95 {row['cpu_p95']:6.3f})",
        flush=True,
    )
    return row


def repeat(runs: int, measure: Callable[[], tuple[float, float]]) -> list[tuple[float, float]]:
    return [measure() for _ in range(runs)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per line")
    parser.add_argument("--query", default=QUERY)
    parser.add_argument("--bot", action="store_true", help="also time the bot's start")
    parser.add_argument("--source", type=Path, help="a checkout to run instead of this one")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    source = args.source.resolve() if args.source else None
    cwd = source or ROOT

    with tempfile.TemporaryDirectory(prefix="coldstart-") as tmp:
        env = environment(f"sqlite:///{tmp}/claims.db", source)
        python = [sys.executable]
        timed([*python, "-m", "bot", "import", str(cwd / "samples" / "claims.jsonl")], env, cwd)
        timed([*python, "-m", "bot", "check", args.query], env, cwd)  # warm the page cache
        print(
            f"{args.runs} runs each; code: {cwd}; SEMANTIC={env.get('SEMANTIC', 'auto')}; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        figures: dict[str, dict[str, float]] = {}
        figures["python -c pass"] = report(
            "python -c pass",
            repeat(args.runs, lambda: timed([*python, "-c", "pass"], env, cwd)[:2]),
        )
        figures["sourcecheck check"] = report(
            f"sourcecheck check {args.query!r}",
            repeat(
                args.runs, lambda: timed([*python, "-m", "bot", "check", args.query], env, cwd)[:2]
            ),
        )
        part_runs = [
            json.loads(timed([*python, "-c", PARTS, args.query], env, cwd)[2])
            for _ in range(args.runs)
        ]
        for name in part_runs[0]:
            figures[name] = report("  " + name, [tuple(run[name]) for run in part_runs])
        if args.bot:
            figures["bot start"] = report(
                "sourcecheck run, to its first long poll",
                repeat(args.runs, lambda: bot_start(env, cwd)),
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        if args.json:
            print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
