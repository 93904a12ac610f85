"""A synthetic claim base in the interchange format, for measuring scale.

    python bench/synth.py --rows 1000000 -o /tmp/synth-1m.jsonl [--queries /tmp/q.jsonl]

The mix: capture, strike, shelling and withdrawal claims about real places from the
gazetteer, by Russian or Ukrainian actors, on dates over three years, each with one to five
pieces of evidence from a pool of speakers and outlets; and one claim in five a long English
sentence in the manner of fact-checked claims. With --queries, it also writes labelled
queries (a rephrased stored claim, or something the base does not hold).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from store.match.gazetteer import Gazetteer

ACTORS = {
    "russia": ["Russian forces", "Russian troops", "the Russian army", "Russian assault units"],
    "ukraine": ["Ukrainian forces", "Ukrainian troops", "the Ukrainian army", "Ukrainian units"],
}
QUERY_ACTORS = {"russia": ["Russia", "Russians", "Russian army"], "ukraine": ["Ukraine", "ZSU"]}
EVENTS = {
    "capture": (["captured", "took", "seized"], ["took", "captured", "seized control of"]),
    "strike": (["struck a power plant in", "hit a fuel depot in", "attacked a rail hub in"],
               ["hit", "struck", "attacked"]),
    "shell": (["shelled", "bombarded"], ["shelled", "pounded with artillery"]),
    "withdraw": (["withdrew from", "pulled out of"], ["retreated from", "left"]),
}  # fmt: skip
SPEAKERS = [
    ("Russian Defence Ministry", "TASS"), ("Russian Defence Ministry", "RIA Novosti"),
    ("Ukrainian General Staff", "Ukrinform"), ("DeepState", "Telegram"),
    ("Institute for the Study of War", "ISW"), ("a Russian military blogger", "Telegram"),
    ("regional governor", "Suspilne"), ("local officials", "Reuters"),
    ("three Ukrainian officers", "The New York Times"), ("a Kremlin spokesman", "Interfax"),
]  # fmt: skip
STANCES = ["backs", "backs", "disputes", "unconfirmed"]
TOPICS = (
    "vaccine election ballot senator governor tax refugees border wall climate wildfire "
    "pipeline tariff unemployment pension hospital school mayor immigrants police protest "
    "virus mask lockdown oil prices inflation bank bitcoin charity festival stadium airport "
    "bridge dam flood drought wheat grain fertilizer satellite nuclear reactor sanctions"
).split()
NAMES = "Smith Garcia Nguyen Kowalski Novak Haddad Okafor Larsen Moreau Tanaka Rossi Silva".split()


def settlements(gazetteer: Gazetteer) -> list[str]:
    return [p.names[0] for p in gazetteer if p.kind in ("city", "town", "village") and p.names]


def war_claim(rng: random.Random, places: list[str]) -> tuple[str, str]:
    actor = rng.choice(list(ACTORS))
    event = rng.choice(list(EVENTS))
    place = rng.choice(places)
    day = dt.date(2022, 3, 1) + dt.timedelta(days=rng.randrange(1100))
    when = f"{day.day} {day:%B %Y}"
    claim = f"{rng.choice(ACTORS[actor])} {rng.choice(EVENTS[event][0])} {place} on {when}"
    if rng.random() < 0.3:
        claim += f", {rng.choice(['killing', 'injuring', 'wounding'])} {rng.randint(2, 60)} people"
    query = f"{rng.choice(QUERY_ACTORS[actor])} {rng.choice(EVENTS[event][1])} {place} ({when})"
    return claim, query


def long_claim(rng: random.Random) -> tuple[str, str]:
    words = rng.sample(TOPICS, 6)
    who = f"{rng.choice(['Senator', 'Governor', 'Mayor', 'Minister'])} {rng.choice(NAMES)}"
    number = rng.randint(3, 900)
    claim = (
        f"{who} said the {words[0]} plan will {rng.choice(['double', 'cut', 'ban'])} "
        f"{words[1]} {words[2]} for {number} {words[3]} families before the {words[4]} "
        f"{words[5]} vote"
    )
    query = claim.split(" before ")[0].replace(" said ", " says ").replace(" will ", " would ")
    return claim, query


def generate(rows: int, seed: int = 7) -> Iterator[tuple[dict, str | None]]:
    """Interchange lines, with a query for the first line of each claim."""
    rng = random.Random(seed)
    places = settlements(Gazetteer.load_default())
    written = number = 0
    while written < rows:
        number += 1
        claim, query = long_claim(rng) if rng.random() < 0.2 else war_claim(rng, places)
        for i in range(min(rng.randint(1, 5), rows - written)):
            speaker, outlet = rng.choice(SPEAKERS)
            day = dt.date(2022, 3, 1) + dt.timedelta(days=rng.randrange(1200))
            line = {
                "id": f"s{number}",
                "claim": claim,
                "stance": rng.choice(STANCES),
                "speaker": speaker,
                "outlet": outlet,
                "date": day.isoformat(),
                "url": f"https://example.org/{number}/{i}",
                "quote": f"{speaker} on {day:%d %b}: {claim[:80]}",
            }
            yield line, (query if i == 0 else None)
            written += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True, help="evidence rows to write")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .jsonl to write")
    parser.add_argument("--queries", type=Path, help="also write labelled queries here")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cases = []
    with args.output.open("w", encoding="utf-8") as out:
        for line, query in generate(args.rows, args.seed):
            out.write(json.dumps(line) + "\n")
            if query and args.queries:
                cases.append({"q": query, "expect": line["id"], "polarity": "affirms"})
    if args.queries:
        rng = random.Random(args.seed + 1)
        with args.queries.open("w", encoding="utf-8") as out:
            for case in rng.sample(cases, min(len(cases), 1000)):
                out.write(json.dumps(case) + "\n")
    print(f"wrote {args.rows} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
