"""Labelled statements against English claims: does an outlet's sentence about an event find
the English claim of that event, in English, Ukrainian and Russian alike, with SEMANTIC off
and on (issue 15)?

    .venv/bin/python bench/same_event_statements.py --real ../shared/eval/real \
        [--seeds ../shared/seeds] [--languages en,uk,ru]

The labels are bench/data/real_events/events.jsonl: 70 events of the real texts, each with
its actor, action and place, and the statements that tell it by file, line and character
offsets. For every event one English claim is stored, written from its labels ("Russian
forces captured Lysychansk"), with the event's day as evidence. Every labelled statement is
then checked as a forwarded sentence, with its text's date: the English articles' (and the
seed articles', with --seeds), the Ukrainian and Russian excerpts' and the Russian Telegram
posts'. It should find its event's claim first (a sentence telling two events, either), said
the right way round (a denial denies it), and never another event's. The English figures are
what a Ukrainian or Russian retelling is measured against: the same claims, the same events,
real sentences in each language. The texts are read from --real, never copied.
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
LANGUAGES = {"articles_en.jsonl": "en", "telegram_posts_ru.jsonl": "ru"}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def day_of(when: str | None) -> dt.date | None:
    """A label's day; a month or a year alone ("2025-08", "2024") is its first day."""
    if not when:
        return None
    parts = when.split("-")
    return dt.date(*(int(p) for p in parts + ["1"] * (3 - len(parts))))


def claim_text(event: dict) -> str:
    """ "Russian forces captured Lysychansk", "Russian forces control 70% of Sievierodonetsk"."""
    verb = "control" if event["action"] == "controls" else event["action"]
    share = f"{event['share']} of " if event.get("share") else ""
    return f"{event['actor']} {verb} {share}{event['place']}"


def claims(events: list[dict]) -> list[EvidenceRecord]:
    return [
        EvidenceRecord(
            claim=claim_text(e),
            stance="backs",
            speaker="labels",
            outlet="labels",
            key=e["id"],
            date=day_of(e.get("when")),
        )
        for e in events
    ]


def statements(
    events: list[dict], real: Path, seeds: Path | None
) -> dict[str, list[tuple[dict[str, str], str, dt.date | None]]]:
    """Per language, ({event id: stance}, the sentence, its text's date) of every labelled
    span: a span that tells two events ("Мирноград та Гуляйполе") is labelled under both,
    and either is its event. A seed article's span is of a line of its text, dated by the
    event's statement."""
    records: dict[str, list[dict]] = {}
    spans: dict[tuple[str, int, int, int], dict[str, str]] = {}
    dates: dict[tuple[str, int, int, int], str | None] = {}
    for event in events:
        for s in event["statements"]:
            name = s["file"]
            if name.startswith("seeds/"):
                if seeds is None:
                    continue
                if name not in records:
                    lines = (seeds / name.removeprefix("seeds/")).read_text("utf-8").splitlines()
                    records[name] = [{"text": line, "lang": "en"} for line in lines]
            elif name not in records:
                records[name] = read_jsonl(real / name)
            key = (name, s["line"], s["start"], s["end"])
            spans.setdefault(key, {})[event["id"]] = s["stance"]
            dates.setdefault(key, s.get("date"))
    found: dict[str, list] = {}
    for key, told in sorted(spans.items()):
        name, line, start, end = key
        record = records[name][line - 1]
        language = record.get("lang") or LANGUAGES[name]
        when = record.get("date") or dates[key]
        day = dt.date.fromisoformat(when[:10]) if when and len(when) >= 10 else None
        found.setdefault(language, []).append((told, record["text"][start:end], day))
    return found


def claim_base(events: list[dict], path: Path, mode: str) -> ClaimBase:
    """A new claim base at `path` holding the events' English claims, with their vectors."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    base = ClaimBase(engine, semantic=mode)
    base.import_records(claims(events))
    base.wait_for_vectors()
    return base


def tally(base: ClaimBase, checks: list, verbose: bool = False) -> dict[str, int]:
    counts = {"found": 0, "said the right way": 0, "wrong event": 0, "unanswered": 0}
    for told, text, day in checks:
        answer = check(base, text, posted=day, logged=False, with_sightings=False).answer
        if not answer.matches:
            counts["unanswered"] += 1
            outcome = "unanswered"
        elif (top := answer.matches[0]).claim.key not in told:
            counts["wrong event"] += 1
            outcome = f"WRONG {top.claim.key} {top.match.score:.0f}"
        else:
            counts["found"] += 1
            expected = "denies" if told[top.claim.key] == "disputes" else "affirms"
            right = top.match.polarity == expected
            counts["said the right way"] += right
            outcome = f"found {top.match.score:.0f}" + ("" if right else " (the wrong way round)")
        if verbose:  # the text is printed for reading by hand, never kept
            print(f"    {outcome:<32} {','.join(told)}: {' '.join(text.split())[:150]}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, required=True, help="../shared/eval/real")
    parser.add_argument("--seeds", type=Path, help="../shared/seeds: their English sentences too")
    parser.add_argument("--languages", default="en,uk,ru", help="which statements to check")
    parser.add_argument("--modes", default="off,on", help="SEMANTIC values to compare (off,on)")
    parser.add_argument("-v", "--verbose", action="store_true", help="each statement's outcome")
    args = parser.parse_args()
    events = read_jsonl(LABELS)
    by_language = statements(events, args.real, args.seeds)
    languages = args.languages.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        for mode in args.modes.split(","):
            base = claim_base(events, Path(scratch) / f"{mode}.db", mode)
            print(f"SEMANTIC={mode}, {len(events)} English claims")
            for language in languages:
                checks = by_language.get(language, [])
                counts = tally(base, checks, args.verbose)
                cells = ", ".join(f"{name} {n}/{len(checks)}" for name, n in counts.items())
                print(f"  {len(checks)} {language} statements: {cells}")
            base.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
