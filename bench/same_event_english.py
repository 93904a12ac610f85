"""The same events the other way round: an English check against claims stored only in Russian.

Run by hand from the project root, after `make install`:

    .venv/bin/python bench/same_event_english.py --real ../shared/eval/real

The claims are the earliest Russian post of each event reported from two channels or more (as
in bench/same_event.py's default mode); each event's short English sentence of
bench/data/same_event/events.jsonl is then checked, dated with the day of the event's first
report, as the bot checks a text. English checks are compared by meaning with
all-MiniLM-L6-v2, which reads no Russian; multilingual-e5-small lifts a Russian claim only
when it states the check's event as the frames read it. Reported with SEMANTIC off, on
without e5 for English checks (`on-minilm`) and on: found (the top answer is a claim of the
event), wrong (the top answer is a claim of another event) and wrong anywhere (another
event's claim shown at all, which also stands for the check of an event whose claim is not
stored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import same_event

from store.claimbase.base import ClaimBase
from store.claimbase.check import check
from store.db import make_engine, upgrade
from store.match import vectors


def run(
    mode: str,
    stored: list[same_event.Stored],
    events: list[dict],
    days: dict[str, dt.date],
    folder: Path,
) -> dict:
    engine = make_engine(f"sqlite:///{folder / f'{mode}.db'}")
    upgrade(engine)
    base = ClaimBase(engine, semantic="off" if mode == "off" else "on")
    base.import_records(same_event.records(stored))
    base.wait_for_vectors()
    by_key = {s.key: s for s in stored}
    counts = {"found": 0, "wrong": 0, "wrong anywhere": 0}
    for event in events:
        answer = check(
            base,
            event["claim"],
            posted=days[event["id"]],
            logged=False,
            with_sightings=False,
        ).answer
        shown = [by_key[m.claim.key] for m in answer.matches]
        counts["found"] += bool(shown) and event["id"] in shown[0].events
        counts["wrong"] += bool(shown) and event["id"] not in shown[0].events
        counts["wrong anywhere"] += any(event["id"] not in s.events for s in shown)
    engine.dispose()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, required=True, help="../shared/eval/real")
    args = parser.parse_args()
    print(f"code: {same_event.code_version()}")
    posts = same_event.load_posts(args.real)
    stored = same_event.stored_claims(posts, english=False)
    reports = same_event.multi_channel_events(posts)
    days = {event: found[0].date for event, found in reports.items()}
    events = [
        e for e in same_event.read_jsonl(same_event.LABELS / "events.jsonl") if e["id"] in reports
    ]
    print(f"{len(events)} English checks against {len(stored)} Russian claims")
    with_e5 = vectors._other_meaning
    with tempfile.TemporaryDirectory() as scratch:
        for mode in ("off", "on-minilm", "on"):
            vectors._other_meaning = (lambda *_: None) if mode == "on-minilm" else with_e5
            counts = run(mode, stored, events, days, Path(scratch))
            cells = ", ".join(f"{name} {n}/{len(events)}" for name, n in counts.items())
            print(f"SEMANTIC={mode}: {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
