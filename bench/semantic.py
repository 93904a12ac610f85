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


def child_import(path: Path, database: Path, semantic: str) -> tuple[float, float]:
    """Import in a child process: (seconds, peak RSS in MB of the largest child so far)."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", SEMANTIC=semantic)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "import", str(path)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024


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
    lines, queries = clef_base(args.data, args.claims) if args.data else synthetic_base(args.claims)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.reuse or Path(scratch)
        database = folder / "on.db"
        print(f"{len(lines)} claims, {len(queries)} queries")
        if not (args.reuse and database.is_file()):
            folder.mkdir(parents=True, exist_ok=True)
            source = folder / "claims.jsonl"
            source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
            off_seconds, off_peak = child_import(source, folder / "off.db", "off")
            print(f"import, SEMANTIC=off: {off_seconds:.1f} s, peak RSS {off_peak:.0f} MB")
            on_seconds, on_peak = child_import(source, database, "on")
            print(
                f"import, SEMANTIC=on (vectors in batches): {on_seconds:.1f} s, "
                f"peak RSS {on_peak:.0f} MB"
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
