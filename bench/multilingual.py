"""Cost of a Ukrainian or Russian check with multilingual-e5-small on a large claim base.

    python bench/multilingual.py --real ../shared/eval/real [--size 10000] [--runs 200]

A synthetic claim base (bench/synth.py) is imported into a throwaway SQLite file, lexically;
every text then gets a random unit stand-in vector for the e5 model (float16, as stored), so
the numbers measure time and memory, not matching quality. The real model embeds each query, as
the bot does. Queries are the real Russian Telegram posts: whole (long posts) and cut to their
first ten words (short checks); they are read, never copied anywhere. Prints p50/p95 latency of
`ClaimBase.check` for both, the time to embed a query alone, and resident memory. The claim
texts' frames are read ahead first, as the bot does (`--frames-on-demand`: when a check first
needs them, as a one-off command line check does).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `sourcecheck` itself runs

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench.synth import generate
from store import repo
from store.claimbase import vectors
from store.claimbase.base import ClaimBase
from store.db import make_engine, session_scope, upgrade
from store.files.jsonl import record_from_dict
from store.match.vectors import DIM, TextVectors, everything


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def million_rss() -> None:
    """What a million texts' vectors add, for each model: float16 rows as TextVectors holds
    them (no float32 scan copy: past SCAN_LIMIT texts the nearest are not scanned)."""
    current = lambda: int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20  # noqa: E731
    before = current()
    rng = np.random.default_rng(2)
    held = []
    for _ in range(2):  # MiniLM and e5
        rows = np.empty((1_000_000, DIM), dtype=np.float16)
        for start in range(0, len(rows), 100_000):
            rows[start : start + 100_000] = rng.standard_normal((100_000, DIM), dtype=np.float32)
        held.append(rows)
    print(
        f"1M texts: vectors of both models add {current() - before:.0f} MB resident "
        f"({held[0].nbytes / 2**20:.0f} MB per model)"
    )


def timed(base: ClaimBase, queries: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each check: on a shared machine the CPU time is what the
    check costs, the wall time what a user waited. CPU time is the whole process's, so that
    the query's embedding counts wherever it runs (nothing else runs in this process)."""
    wall, cpu = [], []
    for query in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        base.check(query, limit=1)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, required=True, help="../shared/eval/real")
    parser.add_argument("--size", type=int, default=10_000, help="evidence rows")
    parser.add_argument(
        "--million", action="store_true", help="also the memory of 1M stand-in vectors per model"
    )
    parser.add_argument(
        "--frames-on-demand",
        action="store_true",
        help="read a claim's frame when a check first needs it, not ahead (as a one-off CLI)",
    )
    parser.add_argument("--runs", type=int, default=200, help="queries of each kind, at most")
    args = parser.parse_args()
    posts = [
        json.loads(line)["text"]
        for line in (args.real / "telegram_posts_ru.jsonl").open(encoding="utf-8")
    ]
    posts = [p for p in posts if len(p.split()) >= 12][: args.runs]
    short = [" ".join(p.split()[:10]) for p in posts]

    workdir = Path(tempfile.mkdtemp(prefix="sourcecheck-e5-"))
    engine = make_engine(f"sqlite:///{workdir / 'claims.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        records = (record_from_dict(line) for line, _ in generate(args.size))
        repo.import_records(session=session, records=records)
    base = ClaimBase(engine, semantic="off", frames_ahead=not args.frames_on_demand)
    index = base.index()
    started = time.perf_counter()
    base.wait_for_frames()
    if not args.frames_on_demand:
        print(f"frames read ahead in {time.perf_counter() - started:.1f} s, as the bot does")
    before = rss_mb()
    e5 = vectors.load_multilingual("on")
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((len(index.texts), DIM), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    stand_in = TextVectors.from_rows(
        index, matrix.astype(np.float16), np.ones(len(index.texts), dtype=bool), everything
    )
    del matrix
    base._multilingual.embedder = e5
    base._multilingual.vectors = stand_in
    base.recheck_seconds = 1e9  # no re-sync: the stand-in vectors stay
    timed(base, short[:5])  # the engine is mapped, the scan copy made
    base._multilingual.queries = None  # no query vector cached from the warm-up

    # What a check embeds (the words of the query, clipped), and its cost alone.
    embedded = [base._multilingual_search().texts(query) for query in short]
    tokens = [sum(e5.engine().token_count(t, True) for t in texts) for texts in embedded]
    started = time.thread_time()
    for texts in embedded:
        e5.embed_queries(texts)
    embed_ms = (time.thread_time() - started) * 1000 / len(short)
    print(f"{len(index.texts)} texts, {len(short)} short and {len(posts)} long Russian checks")
    for name, queries in (("short check", short), ("long post", posts)):
        wall, cpu = timed(base, queries)
        print(
            f"{name:12s} wall p50 {statistics.median(wall):6.1f} ms p95 "
            f"{percentile(wall, 0.95):6.1f} ms   cpu p50 {statistics.median(cpu):6.1f} ms p95 "
            f"{percentile(cpu, 0.95):6.1f} ms"
        )
    print(
        f"embedding a short query alone: {embed_ms:.1f} ms CPU on average, "
        f"{statistics.mean(tokens):.1f} tokens (p95 {percentile(tokens, 0.95)}, "
        f"at most {max(tokens)})"
    )
    print(f"resident memory: {before:.0f} MB lexical, {rss_mb():.0f} MB with e5 and its vectors")
    print(f"load average {os.getloadavg()[0]:.1f}")
    if args.million:
        million_rss()
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
