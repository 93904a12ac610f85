"""A labelled set of place cases built from the shipped settlements, run with ``sourcecheck eval``.

    python -m bench.places_eval [--out bench/data/places_eval] [--seed 13] [--no-run]

Builds, from ``store/data/settlements.tsv.gz`` (``load_places()``), one claim base
(``claims.jsonl``: "Russian forces captured X in Y region", one claim per name) and one case
file per kind, plus ``cases.jsonl`` with all of them:

- ``similar``: villages whose Ukrainian names differ by one letter (Воробйовка/Воробіївка),
  in different oblasts. A claim about X; "Russia took X" expects it, "Russia took X'" expects
  no match.
- ``samename``: a name several settlements share. A claim about the one in oblast A;
  "Russia took X in B region" expects no match, "... in A region" expects the claim.
- ``samename_bare``: the same names queried without an oblast ("Russia took X"); the issue
  allows a match here, so it is counted on its own.
- ``renamed``: a claim under today's name, queries with the name before the renaming
  (Ukrainian accusative, Russian accusative of the generated Russian form).
- ``forms``: a claim in English, queries in Ukrainian ("Росія захопила X" accusative,
  "... заявили про захоплення X" genitive), Russian ("ВС РФ освободили X", accusative of the
  generated Russian form) and English.

Then runs ``sourcecheck eval`` on each case file and prints its report. A ``null`` expectation
answered with a claim is a wrong-place answer (the figure that must be 0); an answer about another
same-named place that says which oblast it is about ("oblast named") is counted on its own.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from store.match.declension import declensions
from store.match.russian import russian_forms
from store.match.settlements import PlaceRecord, load_places

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("similar", "samename", "samename_bare", "renamed", "forms")
SKIP_OBLASTS = {"crimea", "sevastopol", "kyiv-city"}
OBLAST_EN = {"zakarpattia": "Zakarpattia", "ivano-frankivsk": "Ivano-Frankivsk"}


def region(record: PlaceRecord) -> str:
    slug = record.oblast or ""
    return OBLAST_EN.get(slug, slug.replace("-", " ").title()) + " region"


def usable(record: PlaceRecord) -> bool:
    """A settlement with a one-word Ukrainian and English name in a mainland oblast."""
    return (
        bool(record.katottg)
        and record.category in ("C", "X", "M")
        and record.oblast not in SKIP_OBLASTS
        and record.oblast_unit is not None
        and bool(record.uk)
        and bool(record.en)
        and " " not in record.uk[0]
        and "-" not in record.uk[0]
        and "'" not in record.uk[0]
        and " " not in record.en[0]
        and len(record.uk[0]) >= 6
    )


# The regular ending each case takes, by the nominative's ending (longest first).
RULES = {
    ("uk", "acc"): (("а", "у"), ("я", "ю")),
    ("ru", "acc"): (("а", "у"), ("я", "ю")),
    ("uk", "gen"): (
        ("ія", "ії"),
        ("а", "и"),
        ("я", "і"),
        ("нє", "нього"),
        ("е", "ого"),
        ("ий", "ого"),
        ("ій", "ього"),
    ),
}
DECLINABLE = ("а", "я", "е", "є", "ий", "ій", "о")


def case_form(name: str, lang: str, case: str) -> str:
    """A one-word name in a case: the form of ``declension``'s generator that takes the regular
    ending (its first form in sorted order if none does), the nominative if it has none."""
    candidates = sorted(f for f, c in declensions([name.lower()], lang).items() if c == case)
    for ending, replace in RULES.get((lang, case), ()):
        if name.endswith(ending):
            want = name[: len(name) - len(ending)].lower() + replace
            if want in candidates:
                return name[0] + want[1:]
            break
    if case == "acc" and not name.endswith(("а", "я")):
        return name  # inanimate masculine and neuter: the accusative is the nominative
    return name[0] + candidates[0][1:] if candidates else name


def build(seed: int) -> tuple[list[dict], dict[str, list[dict]]]:
    rng = random.Random(seed)
    places = [r for r in load_places() if usable(r)]
    every = load_places()
    by_name: dict[str, list[PlaceRecord]] = defaultdict(list)
    for r in every:
        for name in r.uk:
            by_name[name].append(r)
    old_names = {n for r in every for n in r.old}
    current = set(by_name)
    claims: list[dict] = []
    cases: dict[str, list[dict]] = {k: [] for k in KINDS}
    used: set[str] = set()  # every name a claim or a query uses: each name in one case only

    def claim(record: PlaceRecord) -> str:
        key = f"p{len(claims) + 1:03d}"
        text = f"Russian forces captured {record.en[0]} in {region(record)}"
        claims.append(
            {
                "id": key,
                "claim": text,
                "stance": "backs",
                "speaker": "Russian Defence Ministry",
                "outlet": "TASS",
                "date": "2025-06-01",
                "url": f"https://example.org/places/{key}",
                "quote": f"{record.ru[0] if record.ru else record.uk[0]} освобождён.",
            }
        )
        return key

    def add(kind: str, q: str, expect: str | None, note: str) -> None:
        cases[kind].append({"q": q, "expect": expect, "polarity": "affirms", "note": note})

    unique = [r for r in places if len(by_name[r.uk[0]]) == 1 and r.uk[0] not in old_names]

    # 1. Similarly named villages in different oblasts: one letter changed, added or dropped.
    deletions: dict[str, list[PlaceRecord]] = defaultdict(list)
    for r in unique:
        name = r.uk[0]
        for i in range(len(name)):
            deletions[name[:i] + "*" + name[i + 1 :]].append(r)  # substitution
            deletions[name[:i] + name[i + 1 :]].append(r)  # r has one letter more
        deletions[name].append(r)  # r has one letter fewer than a name it equals minus one
    pairs = set()
    for group in deletions.values():
        for a in group:
            for b in group:
                if a.uk[0] < b.uk[0] and a.oblast != b.oblast and a.en[0] != b.en[0]:
                    pairs.add((a, b))
    pairs_list = sorted(pairs, key=lambda p: (p[0].uk[0], p[1].uk[0]))
    rng.shuffle(pairs_list)
    for a, b in pairs_list:
        if len(cases["similar"]) >= 120:
            break
        if {a.uk[0], b.uk[0]} & used:
            continue
        if rng.random() < 0.5:
            a, b = b, a
        used |= {a.uk[0], b.uk[0]}
        key = claim(a)
        note = f"{a.uk[0]} ({a.oblast}) vs {b.uk[0]} ({b.oblast})"
        add("similar", f"Russia took {a.en[0]}", key, note)
        add("similar", f"Russia took {b.en[0]}", None, note)

    # 2. Same-named settlements in several oblasts.
    shared = sorted(
        name
        for name, rs in by_name.items()
        if name not in used
        and name not in old_names
        and len({r.oblast for r in rs if usable(r)}) >= 2
        and all(usable(r) for r in rs)
    )
    rng.shuffle(shared)
    for name in shared[:50]:
        rs = [r for r in by_name[name] if usable(r)]
        a = rng.choice(rs)
        b = rng.choice([r for r in rs if r.oblast != a.oblast])
        used.add(name)
        key = claim(a)
        note = f"{name}: {len(rs)} settlements; claim in {a.oblast}, other in {b.oblast}"
        add("samename", f"Russia took {a.en[0]} in {region(b)}", None, note)
        add("samename", f"Russia took {a.en[0]} in {region(a)}", key, note)
        add("samename_bare", f"Russia took {a.en[0]}", key, note)

    # 3. Renamed settlements: the old name is nobody's current name and no other place's old one.
    old_count: dict[str, int] = defaultdict(int)
    for r in every:
        for n in set(r.old):
            old_count[n] += 1
    renamed = [
        r
        for r in unique
        if r.old
        and r.uk[0] not in used
        and " " not in r.old[0]
        and "-" not in r.old[0]
        and len(r.old[0]) >= 6
        and r.old[0] not in current
        and old_count[r.old[0]] == 1
        and r.old[0] != r.uk[0]
        and r.old[0].endswith(DECLINABLE)
    ]
    rng.shuffle(renamed)
    for r in renamed[:40]:
        old = r.old[0]
        used.add(r.uk[0])
        key = claim(r)
        note = f"{old} -> {r.uk[0]} ({r.oblast})"
        add("renamed", f"Росія захопила {case_form(old, 'uk', 'acc')}", key, note)
        ru_old = russian_forms(old)[0]
        add("renamed", f"ВС РФ освободили {case_form(ru_old, 'ru', 'acc')}", key, note)

    # 4. Russian forms and case forms of names the claim gives in English.
    rest = [r for r in unique if r.uk[0] not in used and r.uk[0].endswith(DECLINABLE)]
    rng.shuffle(rest)
    for r in rest[:50]:
        name = r.uk[0]
        used.add(name)
        key = claim(r)
        ru = russian_forms(name)[0]
        note = f"{name} / {ru} / {r.en[0]} ({r.oblast})"
        add("forms", f"Росія захопила {case_form(name, 'uk', 'acc')}", key, note)
        add(
            "forms",
            f"Російські війська заявили про захоплення {case_form(name, 'uk', 'gen')}",
            key,
            note,
        )
        add("forms", f"ВС РФ освободили {case_form(ru, 'ru', 'acc')}", key, note)
        add("forms", f"Russia took {r.en[0]}", key, note)
    return claims, cases


def write(out: Path, claims: list[dict], cases: dict[str, list[dict]]) -> None:
    out.mkdir(parents=True, exist_ok=True)

    def dump(path: Path, rows: list[dict]) -> None:
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    dump(out / "claims.jsonl", claims)
    for kind, rows in cases.items():
        dump(out / f"cases_{kind}.jsonl", rows)
    dump(out / "cases.jsonl", [row for kind in KINDS for row in cases[kind]])


def run(out: Path) -> None:
    """``sourcecheck eval --json`` on each kind; a table, then every failure."""
    exe = Path(sys.executable).with_name("sourcecheck")
    rows = []
    for kind in KINDS:
        path = out / f"cases_{kind}.jsonl"
        cmd = [str(exe), "eval", str(path), "--claims", str(out / "claims.jsonl"), "--json"]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        report = json.loads(done.stdout)
        cases = [json.loads(line) for line in path.open(encoding="utf-8")]
        positives = sum(1 for c in cases if c["expect"] is not None)
        failed_pos = sum(1 for f in report["failures"] if f["expect"] is not None)
        rows.append((kind, report, positives, len(cases) - positives, failed_pos))
    print(
        f"{'kind':<14} {'found':>9} {'no-match ok':>11} {'wrong':>5} "
        f"{'wrong place':>11} {'oblast named':>12} {'misses':>6}"
    )
    for kind, report, positives, negatives, failed_pos in rows:
        failed_neg = sum(1 for f in report["failures"] if f["expect"] is None)
        print(
            f"{kind:<14} {positives - failed_pos:>4}/{positives:<4} "
            f"{negatives - failed_neg:>5}/{negatives:<5} {report['wrong_answers']:>5} "
            f"{report['wrong_place']:>11} {report['namesake_named']:>12} {report['misses']:>6}"
        )
    for kind, report, *_ in rows:
        for f in report["failures"]:
            print(
                f"  {kind}: [{f['kind']}] {f['q']!r}: expected {f['expect']}, got {f['got']} "
                f"(score {f['score']})"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "data" / "places_eval"))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-run", action="store_true", help="write the set, do not run it")
    args = parser.parse_args(argv)
    claims, cases = build(args.seed)
    out = Path(args.out)
    write(out, claims, cases)
    counts = ", ".join(f"{k} {len(v)}" for k, v in cases.items())
    print(
        f"wrote {len(claims)} claims and {sum(map(len, cases.values()))} cases ({counts}) to {out}"
    )
    if not args.no_run:
        run(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
