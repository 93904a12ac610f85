"""Measure store.match.embed: per-query latency and batch throughput on this machine.

The bot embeds each incoming claim on the request path (latency matters) and embeds stored
claims in bulk when indexing (throughput matters), so both are reported.

    .venv/bin/python bench/embed.py [--queries 200] [--batch 1000] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.match.embed import Embedder, SemanticUnavailable

_ACTORS = [
    "Russian forces",
    "Ukrainian troops",
    "The general staff",
    "Regional officials",
    "The defence ministry",
    "Local residents",
    "A military blogger",
    "The governor of Belgorod",
]
_ACTIONS = [
    "captured a village",
    "repelled an assault",
    "shot down eleven drones",
    "reported a missile strike",
    "denied losing positions",
    "claimed to have destroyed a tank column",
    "announced an evacuation",
    "confirmed damage to a power plant",
]
_PLACES = [
    "in Donetsk region",
    "near Bakhmut",
    "outside Kharkiv",
    "on the Zaporizhzhia front",
    "in occupied Crimea",
    "close to the Russian border",
    "near Pokrovsk",
    "in the Sumy area",
]
_TAILS = [
    "",
    "overnight",
    "according to an unverified Telegram post",
    "after several days of heavy fighting",
    "citing satellite images published on Tuesday",
    "though no independent confirmation was available",
]


def _sentences(count: int, seed: int) -> list[str]:
    """Claim-like sentences of 6 to 25 words, varied so batches see realistic length spread."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(_ACTORS), rng.choice(_ACTIONS), rng.choice(_PLACES), rng.choice(_TAILS)]
        out.append(" ".join(p for p in parts if p) + ".")
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def main() -> int:
    """Run both measurements and print them; exit 1 when the model is not installed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    try:
        start = time.perf_counter()
        embedder = Embedder.load()
        load_s = time.perf_counter() - start
    except SemanticUnavailable as exc:
        print(f"model unavailable: {exc}", file=sys.stderr)
        return 1
    print(f"load: {load_s * 1000:.0f} ms")

    queries = _sentences(args.queries, seed=1)
    for text in queries[:10]:
        embedder.embed_one(text)
    latencies = []
    for text in queries:
        t0 = time.perf_counter()
        embedder.embed_one(text)
        latencies.append((time.perf_counter() - t0) * 1000)
    words = [len(q.split()) for q in queries]
    print(
        f"query latency over {len(queries)} queries ({min(words)}-{max(words)} words): "
        f"p50 {statistics.median(latencies):.2f} ms, p95 {_percentile(latencies, 0.95):.2f} ms, "
        f"max {max(latencies):.2f} ms"
    )

    batch = _sentences(args.batch, seed=2)
    embedder.embed(batch[: args.batch_size], batch_size=args.batch_size)
    t0 = time.perf_counter()
    embedder.embed(batch, batch_size=args.batch_size)
    elapsed = time.perf_counter() - t0
    print(
        f"batch: {len(batch)} sentences in {elapsed:.2f} s = {len(batch) / elapsed:.0f} "
        f"sentences/s (batch_size={args.batch_size})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
