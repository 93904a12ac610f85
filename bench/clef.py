"""CLEF CheckThat! claim retrieval: MAP@5, R@1 and R@5 for the project's matcher (lexical and
fused with MiniLM cosines), MiniLM cosine alone, plain rapidfuzz token_set_ratio and a BM25
baseline, side by side on one split.

    python bench/clef.py --data ../shared/eval/clef2020 --split dev [--semantic off]

The verified claims and titles are embedded once and cached in /tmp, keyed by a hash of the
claims file; queries are embedded live, as the bot does, so the fused latency is the bot's.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the bot runs: see bot/cli.py main()
# Run as a script, bench/ comes first on the path and its bot.py would hide the bot package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from rapidfuzz import fuzz, process, utils

from bot.progress import ProgressBar
from store.claimbase.vectors import MODEL
from store.match.analyze import Analyzer
from store.match.embed import Embedder, SemanticUnavailable, model_available
from store.match.gazetteer import Gazetteer
from store.match.index import MatchIndex
from store.match.rank import CANDIDATES
from store.match.vectors import TextVectors, semantic_search
from store.repo import IndexEntry

csv.field_size_limit(10_000_000)
WORD = re.compile(r"\w+")
STOP = frozenset(
    "a an the of in on at to by for from with is are was were be been has have had this that "
    "it its and or but as not no".split()
)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return rows[1:]


def load(data: Path, split: str):
    claims = {row[0]: row[1] for row in read_tsv(data / "verified_claims.docs.tsv") if len(row) > 1}
    titles = {row[0]: row[2] for row in read_tsv(data / "verified_claims.docs.tsv") if len(row) > 2}
    queries = {row[0]: row[1] for row in read_tsv(data / split / "tweets.queries.tsv")}
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (data / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "0":
            qrels[parts[0]].add(parts[2])
    return claims, titles, queries, qrels


def metrics(ranked: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    ap, r1, r5 = [], [], []
    for qid, relevant in qrels.items():
        got = ranked.get(qid, [])[:5]
        hits, precision_sum = 0, 0.0
        for k, doc in enumerate(got, start=1):
            if doc in relevant:
                hits += 1
                precision_sum += hits / k
        ap.append(precision_sum / min(len(relevant), 5))
        r1.append(1.0 if got[:1] and got[0] in relevant else 0.0)
        r5.append(len(set(got) & relevant) / len(relevant))
    n = len(ap) or 1
    return {"MAP@5": sum(ap) / n, "R@1": sum(r1) / n, "R@5": sum(r5) / n}


def bm25_ranker(docs: dict[str, str]) -> Callable[[str], list[str]]:
    ids = list(docs)
    tokenized = [[w for w in WORD.findall(docs[i].lower()) if w not in STOP] for i in ids]
    df: Counter[str] = Counter()
    for tokens in tokenized:
        df.update(set(tokens))
    n = len(ids)
    avg = sum(len(t) for t in tokenized) / n
    idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = [len(t) for t in tokenized]
    for position, tokens in enumerate(tokenized):
        for token, tf in Counter(tokens).items():
            postings[token].append((position, tf))

    def rank(query: str) -> list[str]:
        scores: dict[int, float] = defaultdict(float)
        for token in set(WORD.findall(query.lower())) - STOP:
            for position, tf in postings.get(token, ()):
                norm = tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[position] / avg))
                scores[position] += idf[token] * norm
        top = sorted(scores.items(), key=lambda kv: -kv[1])[:5]
        return [ids[p] for p, _ in top]

    return rank


def cached_claim_vectors(
    embedder: Embedder, claims_file: Path, claims: dict[str, str], titles: dict[str, str]
) -> np.ndarray:
    """(2, n, dim) float16: row 0 the claims, row 1 the titles (zero where there is none).

    Stored as float16, as the claim base stores them, so the numbers are the bot's.
    """
    digest = hashlib.sha256(claims_file.read_bytes()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"sourcecheck-clef-{digest}.npy"
    ids = list(claims)
    if path.is_file():
        cached = np.load(path)
        if cached.shape == (2, len(ids), embedder.dim):
            return cached
    started = time.perf_counter()
    matrix = np.zeros((2, len(ids), embedder.dim), dtype=np.float16)
    jobs = [(0, n, claims[i]) for n, i in enumerate(ids)]
    jobs += [(1, n, titles[i]) for n, i in enumerate(ids) if titles.get(i)]
    bar = ProgressBar("embedding CLEF claims")
    bar.start(len(jobs))
    for start in range(0, len(jobs), 512):
        chunk = jobs[start : start + 512]
        vectors = embedder.embed([text for _, _, text in chunk])
        for (row, n, _), vector in zip(chunk, vectors, strict=True):
            matrix[row, n] = vector
        bar.advance(len(chunk))
    bar.finish()
    np.save(path, matrix)
    print(f"embedded {len(jobs)} texts in {time.perf_counter() - started:.0f} s, cached in {path}")
    return matrix


def index_vectors(
    index: MatchIndex, ids: list[str], claims: dict[str, str], matrix: np.ndarray
) -> TextVectors:
    """The cached vectors laid out in the index's text order, as the claim base loads them."""
    row_of = {key: n for n, key in enumerate(ids)}
    rows = np.zeros((len(index.texts), matrix.shape[2]), dtype=np.float32)
    known = np.zeros(len(index.texts), dtype=bool)
    for position, text in enumerate(index.texts):
        key = index.keys[int(index.text_claim[position])]
        n = row_of[key]
        rows[position] = matrix[0 if text == claims[key] else 1, n]
        known[position] = bool(rows[position].any())
    return TextVectors.from_rows(index, rows, known)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def candidate_recall(index: MatchIndex, queries: dict[str, str], qrels) -> float:
    """Share of queries with a relevant claim among the lexical candidates fusion re-ranks."""
    found = []
    for qid, relevant in qrels.items():
        tokens = frozenset(index.analyzer.analyze(queries[qid]).tokens)
        texts = index._candidates(tokens) if tokens else []
        keys = {index.keys[int(index.text_claim[t])] for t in texts}
        found.append(1.0 if keys & relevant else 0.0)
    return sum(found) / (len(found) or 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="folder with the CLEF files")
    parser.add_argument("--split", default="dev", help="train or dev (default dev)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument(
        "--semantic",
        choices=["on", "off"],
        default="on",
        help="off skips the MiniLM columns (default on when the model is installed)",
    )
    args = parser.parse_args()
    claims, titles, queries, qrels = load(args.data, args.split)
    if args.limit:
        keep = list(queries)[: args.limit]
        queries = {q: queries[q] for q in keep}
        qrels = {q: r for q, r in qrels.items() if q in queries}
    print(f"{len(claims)} verified claims, {len(queries)} queries ({args.split})")
    results = {}

    start = time.perf_counter()
    rank = bm25_ranker({i: f"{claims[i]} {titles.get(i, '')}" for i in claims})
    results["BM25 (claim + title)"] = (
        metrics({q: rank(t) for q, t in queries.items()}, qrels),
        time.perf_counter() - start,
    )

    start = time.perf_counter()
    choices = {i: c for i, c in claims.items()}
    ranked = {}
    for qid, text in queries.items():
        found = process.extract(
            text, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=5
        )
        ranked[qid] = [key for _, _, key in found]
    results["rapidfuzz token_set_ratio"] = (metrics(ranked, qrels), time.perf_counter() - start)

    start = time.perf_counter()
    entries = [
        IndexEntry(n, i, (c, titles[i]) if titles.get(i) else (c,))
        for n, (i, c) in enumerate(claims.items())
    ]
    index = MatchIndex(entries, Analyzer(Gazetteer.load_default()))
    build = time.perf_counter() - start
    start = time.perf_counter()
    ranked = {
        qid: [m.key for m in index.search(text, limit=5, min_score=0).matches]
        for qid, text in queries.items()
    }
    results["sourcecheck lexical"] = (metrics(ranked, qrels), time.perf_counter() - start)
    print(f"sourcecheck index built in {build:.1f} s")
    latency = {}
    if args.semantic == "on" and not model_available():
        print("semantic columns skipped: the model package is not installed", file=sys.stderr)
    elif args.semantic == "on":
        try:
            embedder = Embedder.load()
        except SemanticUnavailable as exc:
            print(f"semantic columns skipped: {exc}", file=sys.stderr)
        else:
            ids = list(claims)
            cached = cached_claim_vectors(
                embedder, args.data / "verified_claims.docs.tsv", claims, titles
            )
            vectors = index_vectors(index, ids, claims, cached)
            query_vectors: dict[str, np.ndarray] = {}

            def embed(texts: list[str]) -> np.ndarray:
                matrix = embedder.embed(texts)
                query_vectors[texts[0]] = matrix[0]
                return matrix

            timings, lexical_timings, ranked = [], [], {}
            start = time.perf_counter()
            for qid, text in queries.items():
                began = time.perf_counter()
                found = semantic_search(
                    index, text, vectors=vectors, embed=embed, limit=5, min_score=0
                )
                timings.append(time.perf_counter() - began)
                ranked[qid] = [m.key for m in found.matches]
            fused_seconds = time.perf_counter() - start
            for text in queries.values():
                began = time.perf_counter()
                index.search(text, limit=5, min_score=0)
                lexical_timings.append(time.perf_counter() - began)

            claim_matrix = cached[0].astype(np.float32)
            title_matrix = cached[1].astype(np.float32)
            has_title = title_matrix.any(axis=1)
            cosine_ranked = {}
            start = time.perf_counter()
            for qid, text in queries.items():
                vector = query_vectors.get(text)
                if vector is None:
                    vector = embedder.embed_one(text)
                scores = np.maximum(
                    claim_matrix @ vector, np.where(has_title, title_matrix @ vector, -1.0)
                )
                top = np.argpartition(-scores, 5)[:5]
                cosine_ranked[qid] = [ids[n] for n in top[np.argsort(-scores[top])]]
            results[f"semantic ({MODEL} cosine only)"] = (
                metrics(cosine_ranked, qrels),
                time.perf_counter() - start,
            )
            results["sourcecheck fused"] = (metrics(ranked, qrels), fused_seconds)
            latency = {"lexical": lexical_timings, "fused": timings}
            recall = candidate_recall(index, queries, qrels)
            print(
                f"lexical top-{CANDIDATES} candidates hold a relevant claim: R@{CANDIDATES}"
                f" {recall:.3f}"
            )

    print(f"{'method':40} {'MAP@5':>7} {'R@1':>7} {'R@5':>7} {'time s':>8}")
    for name, (m, seconds) in results.items():
        print(f"{name:40} {m['MAP@5']:7.3f} {m['R@1']:7.3f} {m['R@5']:7.3f} {seconds:8.1f}")
    for name, timings in latency.items():
        print(
            f"per-query latency, {name}: p50 {1000 * percentile(timings, 0.5):.1f} ms, "
            f"p95 {1000 * percentile(timings, 0.95):.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
