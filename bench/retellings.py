"""One event told in three languages: is a Ukrainian or Russian retelling of a stored claim
found as reliably as the English one, with SEMANTIC off and on (issue 15)?

    .venv/bin/python bench/retellings.py [--modes off,on] [-v]

bench/data/retellings/retellings.jsonl holds, for each of the 70 events labelled in
bench/data/real_events/events.jsonl, the same news written once in English, once in
Ukrainian and once in Russian (about a quarter told as the other side's denial). The 70
English claims of bench/same_event_statements.py are stored (one per event, written from
its labels, with the event's day as evidence); every retelling is then checked as a
forwarded text of that day. Each language's figures are over the same events and the same
claims, so they differ only by the language: found (the event's claim first), said the
right way round, another event's claim first, unanswered. `-v` prints each event whose
languages disagree. `--half even|odd` keeps the events of even or odd lines: tune on one,
measure on the other.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the bot runs: see bot/cli.py main()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from same_event_statements import LABELS, claim_base, day_of, read_jsonl

from store.claimbase.base import ClaimBase
from store.claimbase.check import check

RETELLINGS = Path(__file__).resolve().parent / "data" / "retellings" / "retellings.jsonl"
LANGUAGES = ("en", "uk", "ru")


def outcome(base: ClaimBase, retelling: dict, language: str) -> str:
    """ "found", "found the wrong way round", "wrong event" or "unanswered"."""
    text, day = retelling[language], day_of(retelling.get("date"))
    answer = check(base, text, posted=day, logged=False, with_sightings=False).answer
    if not answer.matches:
        return "unanswered"
    top = answer.matches[0]
    if top.claim.key != retelling["event"]:
        return "wrong event"
    expected = "denies" if retelling["stance"] == "disputes" else "affirms"
    return "found" if top.match.polarity == expected else "found the wrong way round"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default="off,on", help="SEMANTIC values to compare (off,on)")
    parser.add_argument("-v", "--verbose", action="store_true", help="events told unalike")
    parser.add_argument("--half", choices=("even", "odd"), help="only the even or odd lines")
    args = parser.parse_args()
    events = read_jsonl(LABELS)
    retellings = read_jsonl(RETELLINGS)
    if args.half:
        retellings = retellings[args.half == "odd" :: 2]
    disputed = sum(r["stance"] == "disputes" for r in retellings)
    print(
        f"{len(retellings)} events told in {', '.join(LANGUAGES)} ({disputed} as denials), "
        f"against {len(events)} English claims"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for mode in args.modes.split(","):
            base = claim_base(events, Path(scratch) / f"{mode}.db", mode)
            table = {
                r["event"]: {lang: outcome(base, r, lang) for lang in LANGUAGES} for r in retellings
            }
            base.engine.dispose()
            print(f"SEMANTIC={mode}")
            for lang in LANGUAGES:
                said = [row[lang] for row in table.values()]
                found = sum(s.startswith("found") for s in said)
                right = said.count("found")
                wrong = said.count("wrong event")
                print(
                    f"  {lang}: found {found}/{len(said)}, the right way round {right}, "
                    f"wrong event {wrong}, unanswered {said.count('unanswered')}"
                )
            if args.verbose:
                for lang in LANGUAGES:
                    wrong = [e for e, row in table.items() if row[lang] == "wrong event"]
                    print(f"    {lang} wrong event: {', '.join(wrong) or 'none'}")
                for event, row in table.items():
                    if len(set(row.values())) > 1:
                        cells = ", ".join(f"{lang} {row[lang]}" for lang in LANGUAGES)
                        print(f"    {event}: {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
