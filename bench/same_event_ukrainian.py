"""Ukrainian statements against English claims: does a Ukrainian outlet's sentence about an
event find the English claim of that event, with SEMANTIC off and on (issue 15)?

    .venv/bin/python bench/same_event_ukrainian.py --real ../shared/eval/real

The labels are bench/data/real_events/events.jsonl: 70 events of the real texts, each with
its actor, action and place, and the statements that tell it by file, line and character
offsets. For every event one English claim is stored, written from its labels ("Russian
forces captured Lysychansk"), with the event's day as evidence. Every labelled statement of a
Ukrainian excerpt of news_excerpts_uk_ru.jsonl is then checked as a forwarded sentence, with
the excerpt's date: it should find its event's claim first (a sentence telling two events,
either), said the right way round (a denial denies it), and never another event's. The
texts are read from --real, never copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the bot runs: see bot/cli.py main()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.claimbase.base import ClaimBase
from store.claimbase.check import check
from store.db import make_engine, upgrade
from store.files.jsonl import EvidenceRecord

LABELS = Path(__file__).resolve().parent / "data" / "real_events" / "events.jsonl"
EXCERPTS = "news_excerpts_uk_ru.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def day_of(when: str | None) -> dt.date | None:
    """A label's day; a month or a year alone ("2025-08", "2024") is its first day."""
    if not when:
        return None
    parts = when.split("-")
    return dt.date(*(int(p) for p in parts + ["1"] * (3 - len(parts))))


def claims(events: list[dict]) -> list[EvidenceRecord]:
    return [
        EvidenceRecord(
            claim=f"{e['actor']} {e['action']} {e['place']}",
            stance="backs",
            speaker="labels",
            outlet="labels",
            key=e["id"],
            date=day_of(e.get("when")),
        )
        for e in events
    ]


def statements(events: list[dict], real: Path) -> list[tuple[dict[str, str], str, dt.date | None]]:
    """({event id: stance}, the Ukrainian sentence, its excerpt's date) of every labelled
    span of a Ukrainian excerpt: a span that tells two events ("Мирноград та Гуляйполе")
    is labelled under both, and either is its event."""
    excerpts = read_jsonl(real / EXCERPTS)
    spans: dict[tuple[int, int, int], dict[str, str]] = {}
    for event in events:
        for s in event["statements"]:
            if s["file"] == EXCERPTS and excerpts[s["line"] - 1].get("lang") == "uk":
                spans.setdefault((s["line"], s["start"], s["end"]), {})[event["id"]] = s["stance"]
    found = []
    for (line, start, end), told in sorted(spans.items()):
        record = excerpts[line - 1]
        day = dt.date.fromisoformat(record["date"][:10]) if record.get("date") else None
        found.append((told, record["text"][start:end], day))
    return found


def run(mode: str, events: list[dict], checks: list, folder: Path) -> dict[str, int]:
    engine = make_engine(f"sqlite:///{folder / f'{mode}.db'}")
    upgrade(engine)
    base = ClaimBase(engine, semantic=mode)
    base.import_records(claims(events))
    base.wait_for_vectors()
    counts = {"found": 0, "said the right way": 0, "wrong event": 0, "unanswered": 0}
    for told, text, day in checks:
        answer = check(base, text, posted=day, logged=False, with_sightings=False).answer
        if not answer.matches:
            counts["unanswered"] += 1
            continue
        top = answer.matches[0]
        if top.claim.key not in told:
            counts["wrong event"] += 1
            continue
        counts["found"] += 1
        expected = "denies" if told[top.claim.key] == "disputes" else "affirms"
        counts["said the right way"] += top.match.polarity == expected
    engine.dispose()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, required=True, help="../shared/eval/real")
    parser.add_argument("--modes", default="off,on", help="SEMANTIC values to compare (off,on)")
    args = parser.parse_args()
    events = read_jsonl(LABELS)
    checks = statements(events, args.real)
    print(f"{len(checks)} Ukrainian statements against {len(events)} English claims")
    with tempfile.TemporaryDirectory() as scratch:
        for mode in args.modes.split(","):
            counts = run(mode, events, checks, Path(scratch))
            cells = ", ".join(f"{name} {n}/{len(checks)}" for name, n in counts.items())
            print(f"SEMANTIC={mode}: {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
