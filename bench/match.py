"""Scale: build time, memory and check latency of the claim base at growing sizes, against
brute-force rapidfuzz over every claim text.

    python bench/match.py --sizes 10000,100000,1000000 [--json] [--database-url URL]

Each size gets a fresh database (a SQLite file under /tmp, or a fresh schema on the
PostgreSQL of --database-url), imported from bench/synth.py's claim base in one streaming
transaction; then 1,000 labelled queries are checked. Brute force uses every query at 10k
and a sample of 100 above.

With --semantic-cost both models re-rank: all-MiniLM-L6-v2 English queries, multilingual-e5
Cyrillic ones (--cyrillic of them, short checks of this file's own wording), over random
stand-in vectors; past vectors.INDEX_LIMIT texts the approximate nearest-neighbour index of
each model is built (timed) before the checks, so the figures are with the index serving.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `sourcecheck` itself runs

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

# Run as a file, only bench/ is on the path, not the checkout that holds the `bench` package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from rapidfuzz import fuzz, process, utils
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.synth import generate
from store import repo
from store.claimbase.base import ClaimBase
from store.claimbase.vectors import load_multilingual
from store.db import make_engine, session_scope, upgrade
from store.files.jsonl import iter_records, validate_all
from store.match.embed import Embedder
from store.match.index import MatchIndex
from store.match.vectors import DIM, INDEX_LIMIT, TextVectors, everything

# Short Russian and Ukrainian checks (this file's own wording) for the multilingual model; the
# place is the synthetic claim's, in Latin letters, so the lexical side has something to find.
CYRILLIC = [
    "Российские войска обстреляли {place} ночью",
    "ВСУ сообщили об ударе по {place}",
    "Окупанти знову обстріляли {place}, є поранені",
    "Росіяни заявили про захоплення {place}",
    "В {place} прогремели взрывы, говорят местные",
    "Над {place} збили дрон, пишуть у пабліках",
]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fresh_database(
    base_url: str | None, workdir: Path, size: int
) -> tuple[str, Callable[[], None]]:
    """A URL for an empty database and a function that removes it."""
    if not base_url:
        path = workdir / f"claims-{size}.db"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


def stand_in(index: MatchIndex, seed: int, accepts: Callable[[str], bool]) -> TextVectors:
    """Random unit vectors (float16, as in production) for every text, made a block at a
    time so the float32 draft never holds the whole base."""
    rng = np.random.default_rng(seed)
    size = len(index.texts)
    matrix = np.empty((size, DIM), dtype=np.float16)
    for start in range(0, size, 65536):
        block = rng.standard_normal((min(65536, size - start), DIM), dtype=np.float32)
        matrix[start : start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return TextVectors.from_rows(index, matrix, np.ones(size, dtype=bool), accepts)


def index_mb(tables: list[TextVectors | None]) -> float:
    """What the nearest-neighbour indexes hold beside the matrices: lists, sketches, centroids."""
    total = 0
    for table in tables:
        ann = table.ann if table is not None else None
        if ann is None:
            continue
        arrays = [ann.assigned, ann.centroids, ann.centres, ann.turned]
        arrays += [part for bucket in ann.buckets for part in bucket]
        total += sum(a.nbytes for a in arrays if a is not None)
    return total / 2**20


def with_stand_in_vectors(base: ClaimBase, index: MatchIndex) -> float:
    """Semantic re-ranking at full cost, without hours of embedding: the real models embed
    every query, but the stored vectors are random unit vectors. The numbers measure time and
    memory, not matching quality. Returns the seconds the nearest-neighbour indexes took to
    build (both models, one after the other; 0 below INDEX_LIMIT, where checks scan)."""
    base.embedder = Embedder.load()
    base._vectors = stand_in(index, 1, lambda text: True)
    base._multilingual.embedder = load_multilingual("on")
    base._multilingual.vectors = stand_in(index, 2, everything)
    started = time.perf_counter()
    if len(index.texts) > INDEX_LIMIT:
        for table in (base._vectors, base._multilingual.vectors):
            table.start_index()
            table.wait_for_index()
    return time.perf_counter() - started


def run_size(size: int, args: argparse.Namespace, workdir: Path) -> dict:
    data = workdir / f"synth-{size}.jsonl"
    cases = []
    with data.open("w", encoding="utf-8") as out:
        for line, query in generate(size):
            out.write(json.dumps(line) + "\n")
            if query:
                cases.append((query, line["id"]))
    rng = random.Random(size)
    queries = rng.sample(cases, min(args.queries, len(cases)))
    cyrillic = [
        rng.choice(CYRILLIC).format(place=query.split(" ")[-4] if " " in query else query)
        for query, _ in rng.sample(queries, min(args.cyrillic, len(queries)))
    ]
    url, drop = fresh_database(args.database_url, workdir, size)
    try:
        engine = make_engine(url)
        upgrade(engine)
        started = time.perf_counter()
        with data.open("rb") as handle:
            validate_all(handle)
        with data.open("rb") as handle, session_scope(engine) as session:
            repo.import_records(session=session, records=iter_records(handle))
        import_s = time.perf_counter() - started
        base = ClaimBase(engine)
        started = time.perf_counter()
        index = base.index()
        build_s = time.perf_counter() - started
        ann_s = with_stand_in_vectors(base, index) if args.semantic_cost else 0.0
        rss = rss_mb()
        latencies, right = [], 0
        found: dict[str, str | None] = {}
        for query, expect in queries:
            started = time.perf_counter()
            answer = base.check(query, limit=1)
            latencies.append((time.perf_counter() - started) * 1000)
            top = answer.matches[0].claim.key if answer.matches else None
            found[query] = top
            right += top == expect
        cyrillic_ms = []
        for query in cyrillic if args.semantic_cost else []:
            started = time.perf_counter()
            base.check(query, limit=1)
            cyrillic_ms.append((time.perf_counter() - started) * 1000)
        texts, owners = index.texts, [index.keys[p] for p in index.text_claim]
        sample = queries if size < 100_000 else rng.sample(queries, min(100, len(queries)))
        brute_ms, brute_right, agree = [], 0, 0
        for query, expect in sample:
            started = time.perf_counter()
            best = process.extractOne(
                query, texts, scorer=fuzz.token_set_ratio, processor=utils.default_process
            )
            brute_ms.append((time.perf_counter() - started) * 1000)
            top = owners[best[2]] if best else None
            brute_right += top == expect
            agree += top == found[query]
        p95 = percentile(latencies, 0.95)
        brute_p95 = percentile(brute_ms, 0.95)
        return {
            "size": size,
            "claims": index.size,
            "texts": len(texts),
            "import_s": round(import_s, 1),
            "build_s": round(build_s, 1),
            "rss_mb": round(rss),
            "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(p95, 2),
            "p99_ms": round(percentile(latencies, 0.99), 2),
            "brute_p95_ms": round(brute_p95, 1),
            "speedup": round(brute_p95 / p95, 1),
            "top1_agreement": round(agree / len(sample), 3),
            "top1_accuracy": round(right / len(queries), 3),
            "brute_top1_accuracy": round(brute_right / len(sample), 3),
            "backend": make_url(url).get_backend_name(),
            "semantic": "stand-in vectors" if args.semantic_cost else "off",
            "ann_build_s": round(ann_s, 1),
            "ann_mb": round(index_mb([base._vectors, base._multilingual.vectors])),
            "cyrillic_p50_ms": round(statistics.median(cyrillic_ms), 2) if cyrillic_ms else None,
            "cyrillic_p95_ms": round(percentile(cyrillic_ms, 0.95), 2) if cyrillic_ms else None,
        }
    finally:
        engine.dispose()
        drop()
        data.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="evidence rows, comma-separated")
    parser.add_argument("--queries", type=int, default=1000, help="queries per size")
    parser.add_argument("--database-url", help="PostgreSQL URL (a fresh schema per size)")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    parser.add_argument(
        "--semantic-cost",
        action="store_true",
        help="re-rank with the real models on random stored vectors (time and memory only)",
    )
    parser.add_argument(
        "--cyrillic", type=int, default=300, help="Russian/Ukrainian checks (--semantic-cost)"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sourcecheck-bench-"))
    columns = ["size", "claims", "import_s", "build_s", "rss_mb", "p50_ms", "p95_ms", "p99_ms",
               "brute_p95_ms", "speedup", "top1_agreement", "top1_accuracy",
               "brute_top1_accuracy", "ann_build_s", "ann_mb", "cyrillic_p50_ms",
               "cyrillic_p95_ms"]  # fmt: skip
    if not args.json:
        print(" ".join(f"{c:>12}" for c in columns))
    for size in (int(s) for s in args.sizes.split(",")):
        row = run_size(size, args, workdir)
        line = json.dumps(row) if args.json else " ".join(f"{row[c]:>12}" for c in columns)
        print(line, flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
