"""The claim base service: the match index follows writes from this and other processes."""

import json

from store.claimbase.base import ClaimBase
from store.files.jsonl import parse_all


def line(key: str, claim: str, **extra: object) -> str:
    return json.dumps({"id": key, "claim": claim, "stance": "backs", "speaker": "ISW", **extra})


def test_writes_by_another_process_are_seen_without_rebuilding_the_index(
    sqlite_engine, gazetteer, sample_records
) -> None:
    bot = ClaimBase(sqlite_engine, gazetteer=gazetteer, recheck_seconds=0)
    bot.import_records(sample_records)
    index = bot.index()
    assert bot.check("Russia took Vuhledar").matches == []

    other = ClaimBase(sqlite_engine, gazetteer=gazetteer)
    other.import_records(parse_all([line("vuhledar", "Russian forces captured Vuhledar")]))
    other.import_records(
        parse_all([line("pokrovsk", "Russian forces captured Pokrovsk", aliases=["Pokrovsk fell"])])
    )
    answer = bot.check("Russia took Vuhledar")
    assert [m.claim.key for m in answer.matches] == ["vuhledar"]
    assert bot.index() is index
    assert "Pokrovsk fell" in index.texts


def test_a_new_claim_is_visible_to_the_next_check_at_once(claim_base, sample_records) -> None:
    claim_base.import_records(sample_records)
    claim_base.check("anything")
    claim_base.import_records(parse_all([line("vuhledar", "Russian forces captured Vuhledar")]))
    assert claim_base.check("Russia took Vuhledar").matches[0].claim.key == "vuhledar"
