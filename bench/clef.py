"""CLEF CheckThat! claim retrieval: MAP@5, R@1 and R@5 for the project's matcher, plain
rapidfuzz token_set_ratio and a BM25 baseline, side by side on one split.

    python bench/clef.py --data ../shared/eval/clef2020 --split dev
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from store.match import Analyzer, MatchIndex
from store.places import Gazetteer
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="folder with the CLEF files")
    parser.add_argument("--split", default="dev", help="train or dev (default dev)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
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

    print(f"{'method':32} {'MAP@5':>7} {'R@1':>7} {'R@5':>7} {'time s':>8}")
    for name, (m, seconds) in results.items():
        print(f"{name:32} {m['MAP@5']:7.3f} {m['R@1']:7.3f} {m['R@5']:7.3f} {seconds:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
