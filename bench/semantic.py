"""Semantic re-ranking at scale: check latency with SEMANTIC on and off on a 10k-claim base,
and the peak memory of `sourcecheck import` computing the vectors of 10k claims.

    .venv/bin/python bench/semantic.py --data ../shared/eval/clef2020   # CLEF claims and tweets
    .venv/bin/python bench/semantic.py                                  # synthetic claims

The import runs as a child process (`sourcecheck import`), so its peak RSS is its own; the
checks then run in this process against the imported base, through ClaimBase.check as the bot
calls it (matching, one query embedding, the answer's database reads).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the bot runs: see bot/cli.py main()
sys.path.insert(0, str(ROOT))

from store.claimbase.base import ClaimBase  # noqa: E402
from store.db import make_engine, upgrade  # noqa: E402
from store.match.embed import model_available  # noqa: E402

csv.field_size_limit(10_000_000)

ACTORS = (
    "Russian forces|Ukrainian troops|The general staff|Regional officials|The defence ministry|"
    "A military blogger|The governor|Air defence units"
).split("|")
ACTIONS = (
    "captured a village|repelled an assault|shot down eleven drones|reported a missile strike|"
    "denied losing positions|destroyed a tank column|announced an evacuation|"
    "confirmed damage to a power plant"
).split("|")
PLACES = (
    "in Donetsk region|near Bakhmut|outside Kharkiv|on the southern front|in occupied Crimea|"
    "close to the border|near Pokrovsk|in the Sumy area"
).split("|")
# Ukrainian and Russian claims of the same shape: most of what journalists forward.
UK = (
    "Російські війська|Сили оборони|Генштаб|Обласна влада|Міноборони|Губернатор|ППО".split("|"),
    "захопили село|відбили штурм|збили одинадцять дронів|повідомили про ракетний удар|"
    "заперечили втрату позицій|знищили колону танків|оголосили евакуацію".split("|"),
    "на Донеччині|біля Бахмута|під Харковом|на півдні|у Криму|біля кордону|біля Покровська".split(
        "|"
    ),
)
RU = (
    "Российские войска|ВСУ|Генштаб|Областные власти|Минобороны|Губернатор|ПВО".split("|"),
    "захватили село|отбили штурм|сбили одиннадцать дронов|сообщили о ракетном ударе|"
    "отрицают потерю позиций|уничтожили колонну танков|объявили эвакуацию".split("|"),
    "в Донецкой области|под Бахмутом|под Харьковом|на юге|в Крыму|у границы|под Покровском".split(
        "|"
    ),
)
MONTHS = "January February March April May June July August September October November December"
MONTHS_LIST = MONTHS.split()


def clef_base(data: Path, count: int) -> tuple[list[dict], list[str]]:
    with (data / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in list(csv.reader(handle, delimiter="\t"))[1:] if len(r) > 1]
    with (data / "dev" / "tweets.queries.tsv").open(encoding="utf-8", newline="") as handle:
        queries = [r[1] for r in list(csv.reader(handle, delimiter="\t"))[1:] if len(r) > 1]
    lines = [
        {"id": f"clef-{r[0]}", "claim": r[1], "stance": "unconfirmed", "speaker": "Snopes"}
        for r in rows[:count]
    ]
    return lines, queries


def synthetic_base(count: int) -> tuple[list[dict], list[str]]:
    combos = itertools.product(ACTORS, ACTIONS, PLACES, range(1, 29), MONTHS_LIST)
    lines = [
        {
            "id": f"s{n}",
            "claim": f"{actor} {action} {place} on {day} {month}",
            "stance": "backs",
            "speaker": actor,
        }
        for n, (actor, action, place, day, month) in enumerate(itertools.islice(combos, count))
    ]
    rng = random.Random(7)
    queries = []
    for line in rng.sample(lines, 200):
        words = line["claim"].split()
        del words[rng.randrange(len(words))]
        queries.append(" ".join(words))
    return lines, queries


def mixed_base(count: int) -> tuple[list[dict], list[str]]:
    """A realistic mix: 40% Ukrainian, 40% Russian, 20% English claims; uk/ru queries."""
    english, _ = synthetic_base(count // 5 + 1)
    rng = random.Random(11)
    lines, queries = english[: count // 5], []
    for language, (actors, actions, places) in (("uk", UK), ("ru", RU)):
        combos = itertools.product(actors, actions, places, range(1, 29), range(1, 13))
        for n, (actor, action, place, day, month) in enumerate(
            itertools.islice(combos, 2 * count // 5)
        ):
            claim = f"{actor} {action} {place} {day:02d}.{month:02d}"
            lines.append({"id": f"{language}{n}", "claim": claim, "stance": "backs"})
            lines[-1]["speaker"] = actor
        for line in rng.sample(lines[-(2 * count // 5) :], 100):
            words = line["claim"].split()
            del words[rng.randrange(len(words))]
            queries.append(" ".join(words))
    return lines, queries


def child_import(path: Path, database: Path, semantic: str) -> tuple[float, float, float]:
    """Import in a child process: (seconds, CPU seconds, peak RSS in MB of the largest child
    so far). The CPU time says what the wall time would be on an idle machine."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", SEMANTIC=semantic)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "import", str(path)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, after.ru_maxrss / 1024


def latencies(base: ClaimBase, queries: list[str]) -> list[float]:
    base.index()
    for query in queries[:5]:
        base.check(query)
    timings = []
    for query in queries:
        started = time.perf_counter()
        base.check(query, limit=5)
        timings.append(time.perf_counter() - started)
    return sorted(timings)


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="CLEF 2020 folder (default: synthetic claims)")
    parser.add_argument(
        "--mix", action="store_true", help="40%% Ukrainian, 40%% Russian, 20%% English claims"
    )
    parser.add_argument("--claims", type=int, default=10_000, help="claims to import (10000)")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="a folder kept from an earlier run: skip the imports and time the checks again",
    )
    args = parser.parse_args()
    if not model_available():
        print("the sentence model is not installed: nothing to compare", file=sys.stderr)
        return 1
    if args.data:
        lines, queries = clef_base(args.data, args.claims)
    elif args.mix:
        lines, queries = mixed_base(args.claims)
    else:
        lines, queries = synthetic_base(args.claims)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.reuse or Path(scratch)
        database = folder / "on.db"
        print(f"{len(lines)} claims, {len(queries)} queries")
        if not (args.reuse and database.is_file()):
            folder.mkdir(parents=True, exist_ok=True)
            source = folder / "claims.jsonl"
            source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
            for mode, target in (("off", folder / "off.db"), ("on", database)):
                seconds, cpu, peak = child_import(source, target, mode)
                print(
                    f"import, SEMANTIC={mode}: {seconds:.1f} s (CPU {cpu:.1f} s), "
                    f"peak RSS {peak:.0f} MB"
                )
        engine = make_engine(f"sqlite:///{database}")
        upgrade(engine)
        for mode in ("off", "on"):
            base = ClaimBase(engine, semantic=mode)
            started = time.perf_counter()
            base.index()
            loaded = time.perf_counter() - started
            timings = latencies(base, queries)
            print(
                f"check latency, SEMANTIC={mode}: p50 {1000 * percentile(timings, 0.5):.1f} ms, "
                f"p95 {1000 * percentile(timings, 0.95):.1f} ms "
                f"(index and vectors loaded in {loaded:.1f} s)"
            )
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
