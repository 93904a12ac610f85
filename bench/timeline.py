"""The timeline picture: how long it takes to draw and how big the PNG is, against the limits
of issue 16 (at most 300 ms to render, at most 200 kB, 1080 px wide).

    python bench/timeline.py [--runs 30] [--json]

Cases: every claim of the sample claim base with two dated sources; a contested claim with
12 sources; 21 sources with 400 statements over two months (12 rows drawn, "and 9 more");
1,000 statements with long Cyrillic names wrapping to three lines and 150 undated ones; the
same over ten years. Each run draws a claim whose title and names differ from the last, so
no cached text width flatters the figure. Wall time and CPU time are both printed: on a
shared machine the wall time also counts whatever else runs. The first line is a fresh
process's first picture, which pays for importing matplotlib and Pillow and loading the font
(the bot pays it once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.timeline import WIDTH, can_draw, render_timeline  # noqa: E402
from store.files.jsonl import parse_all  # noqa: E402
from store.repo import ClaimView, EvidenceView  # noqa: E402

LIMIT_MS = 300
LIMIT_BYTES = 200 * 1024
STANCES = ("backs", "disputes", "unconfirmed")
SPEAKERS = [
    "Russian Defence Ministry",
    "Ukrainian General Staff",
    "Institute for the Study of War",
    "Southern Defence Forces",
    "DeepState",
    "Rybar channel",
    "Oleksandr Syrskyi",
    "Volodymyr Zelensky",
    "Dmitry Peskov",
    "Andriy Kovalenko",
    "Readovka",
    "Zvezda TV",
]
LONG_NAMES = [
    "Речник Дніпровського оперативно-стратегічного угруповання військ Віктор Трегубов",
    "Официальный представитель Министерства обороны Российской Федерации генерал-майор",
    "Командувач Сил оборони півдня України та начальник об'єднаного координаційного пресцентру",
]

FIRST_RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
import datetime as dt
from store.repo import ClaimView, EvidenceView
started = time.perf_counter()
from handlers.timeline import render_timeline
d = dt.date(2025, 8, 10)
claim = ClaimView(1, "k", "Russian forces captured Zaporizke", evidence=[
    EvidenceView("backs", "Russian Defence Ministry", "TASS", d, None, None),
    EvidenceView("disputes", "Ukrainian officials", "BBC", d.replace(day=11), None, None),
])
render_timeline(claim)
print((time.perf_counter() - started) * 1000)
"""


def sample_claims() -> list[ClaimView]:
    """The sample claim base's claims with their evidence, as the bot reads them."""
    with (ROOT / "samples" / "claims.jsonl").open("rb") as handle:
        records = parse_all(handle)
    claims: dict[str, ClaimView] = {}
    for record in records:
        key = record.claim_key
        view = claims.setdefault(key, ClaimView(len(claims) + 1, key, record.claim))
        view.evidence.append(
            EvidenceView(
                record.stance,
                record.speaker,
                record.outlet,
                record.date,
                record.quote,
                record.url,
                record.via,
            )
        )
    return [claim for claim in claims.values() if can_draw(claim)]


def synthetic(
    run: int,
    *,
    sources: int,
    statements: int,
    days: int,
    names: list[str],
    undated: int = 0,
) -> ClaimView:
    rng = random.Random(run)
    start = dt.date(2025, 11, 1) - dt.timedelta(days=max(days - 60, 0))
    speakers = [f"{names[i % len(names)]} {run}-{i}" for i in range(sources)]
    evidence = [
        EvidenceView(
            STANCES[rng.randrange(3)],
            speakers[i % sources],
            rng.choice(["TASS", "BBC News", "Суспільне", "Telegram", "Reuters"]),
            start + dt.timedelta(days=rng.randrange(days)),
            None,
            None,
        )
        for i in range(statements)
    ]
    evidence += [
        EvidenceView("backs", f"Undated source {run}-{i}", "Telegram", None, None, None)
        for i in range(undated)
    ]
    text = f"Russian forces captured Huliaipole in Zaporizhzhia region, run {run}"
    return ClaimView(run, f"synthetic-{run}", text, evidence=evidence)


CASES: dict[str, Callable[[int], ClaimView]] = {
    "12 sources, 24 statements, 3 weeks": lambda run: synthetic(
        run, sources=12, statements=24, days=21, names=SPEAKERS
    ),
    "21 sources, 400 statements, 2 months": lambda run: synthetic(
        run, sources=21, statements=400, days=60, names=SPEAKERS
    ),
    "30 long Cyrillic names, 1000 statements, 150 undated": lambda run: synthetic(
        run, sources=30, statements=1000, days=90, names=LONG_NAMES, undated=150
    ),
    "30 long names, 1000 statements over 10 years": lambda run: synthetic(
        run, sources=30, statements=1000, days=3650, names=LONG_NAMES
    ),
}


def first_picture() -> float:
    """Milliseconds from importing the module to the first PNG, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, str(ROOT)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(name: str, make: Callable[[int], ClaimView], runs: int) -> dict:
    times, cpu, sizes, heights = [], [], [], []
    for run in range(runs):
        claim = make(run)
        started, used = time.perf_counter(), time.process_time()
        picture = render_timeline(claim, posted=dt.date(2025, 11, 20))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        sizes.append(len(picture.png))
        heights.append(picture.height)
        assert picture.width == WIDTH
    return {
        "case": name,
        "runs": runs,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(nearest_rank(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_max_ms": round(max(cpu), 1),
        "max_kb": round(max(sizes) / 1024, 1),
        "max_height_px": max(heights),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="pictures per case (default 30)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    cold = first_picture()
    samples = sample_claims()
    render_timeline(samples[0])  # imports and fonts, paid once per process
    rows = [measure("sample claim base", lambda run: samples[run % len(samples)], args.runs)]
    rows += [measure(name, make, args.runs) for name, make in CASES.items()]
    load = os.getloadavg()[0]
    # CPU time is what the picture costs; wall time adds whatever else shares the machine.
    within = all(r["cpu_max_ms"] <= LIMIT_MS and r["max_kb"] * 1024 <= LIMIT_BYTES for r in rows)
    if args.json:
        print(json.dumps({"first_picture_ms": round(cold), "cases": rows, "within": within}))
        return 0
    print(f"load average: {load:.1f} on {os.cpu_count()} cores (wall time includes other work)")
    print(f"first picture in a fresh process (imports, font): {cold:.0f} ms")
    head = ["wall p50", "p95", "max", "CPU p50", "max", "max kB", "height"]
    print(f"{'case':<54}" + "".join(f"{h:>9}" for h in head))
    for r in rows:
        keys = ["p50_ms", "p95_ms", "max_ms", "cpu_p50_ms", "cpu_max_ms", "max_kb"]
        print(f"{r['case']:<54}" + "".join(f"{r[k]:>9}" for k in [*keys, "max_height_px"]))
    verdict = "within" if within else "EXCEEDED"
    print(f"limits: {LIMIT_MS} ms of CPU, {LIMIT_BYTES // 1024} kB: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
