"""`sourcecheck eval`: matching measured on labelled cases, in a throwaway claim base."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from bot.progress import ProgressBar
from store.claimbase.base import ClaimBase
from store.db import make_engine, upgrade
from store.files.jsonl import EvidenceRecord


def load_cases(path: Path) -> list[dict]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            if not isinstance(case, dict) or not isinstance(case.get("q"), str):
                raise ValueError("needs a 'q' text")
        except ValueError as exc:
            raise ValueError(f"{path}: line {number}: {exc}") from None
        cases.append(case)
    return cases


def evaluate(
    cases_path: Path,
    claims_path: Path,
    *,
    records: Iterable[EvidenceRecord],
    semantic: str = "off",
    threshold: float | None = None,
) -> dict:
    """Top-1 accuracy and every failure, at the threshold the bot would use."""
    engine = make_engine("sqlite://")
    upgrade(engine)
    claim_base = ClaimBase(engine, semantic=semantic, threshold=threshold)
    claim_base.import_records(records, added_by="eval", progress=ProgressBar("vectors"))
    cases = load_cases(cases_path)
    right = wrong = missed = polarity_errors = wrong_place = named = 0
    failures = []
    for case in cases:
        expect = case.get("expect")
        polarity = case.get("polarity", "affirms")
        answer = claim_base.check(case["q"], limit=1)
        got = answer.matches[0] if answer.matches else None
        got_id = got.claim.key if got else None
        if got_id == expect and (got is None or got.match.polarity == polarity):
            right += 1
            continue
        if got_id == expect and got is not None:
            polarity_errors += 1
            kind = "polarity"
        elif got is None:
            missed += 1
            kind = "miss"
        else:
            wrong += 1
            kind = "wrong"
            elsewhere = _places(claim_base, got.claim.text) != _places(claim_base, case["q"])
            if expect is not None and got.match.where:
                # The query names a place several oblasts share and no oblast; the answer
                # says which one its claim is about ("Kornylivka, Cherkasy region").
                named += 1
                kind = "another namesake, oblast named"
            elif expect is None or elsewhere:
                wrong_place += 1
                kind = "wrong place"
        failures.append(
            {
                "q": case["q"],
                "expect": expect,
                "got": got_id,
                "kind": kind,
                "score": round(got.match.score) if got else None,
                "polarity": got.match.polarity if got else None,
                "nearest": answer.nearest.key if answer.nearest else None,
                "nearest_reason": answer.nearest.reason if answer.nearest else None,
            }
        )
    return {
        "cases": len(cases),
        "claims": str(claims_path),
        "top1_correct": right,
        "top1_accuracy": round(right / len(cases), 4) if cases else 0.0,
        "wrong_answers": wrong,
        "wrong_place": wrong_place,
        "namesake_named": named,
        "polarity_errors": polarity_errors,
        "misses": missed,
        "failures": failures,
    }


def _places(claim_base: ClaimBase, text: str) -> set[frozenset[str]]:
    return set(claim_base.analyzer.analyze(text).places)


def format_report(report: dict) -> str:
    lines = [
        f"{report['top1_correct']}/{report['cases']} correct "
        f"(top-1 accuracy {report['top1_accuracy']:.1%})",
        f"wrong answers: {report['wrong_answers']} (of which a wrong place: "
        f"{report['wrong_place']}; another same-named place, its oblast named: "
        f"{report['namesake_named']})",
        f"polarity errors: {report['polarity_errors']}",
        f"misses: {report['misses']}",
    ]
    for failure in report["failures"]:
        lines.append(
            f"  [{failure['kind']}] {failure['q']!r}: expected {failure['expect']}, "
            f"got {failure['got']} ({failure['polarity'] or 'no match'}, "
            f"score {failure['score']}); nearest {failure['nearest']} "
            f"({failure['nearest_reason']})"
        )
    return "\n".join(lines)
