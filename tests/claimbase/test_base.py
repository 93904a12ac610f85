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


def test_frames_read_ahead_give_the_same_answers_and_follow_new_claims(
    sqlite_engine, gazetteer, sample_records
) -> None:
    """The bot reads every claim's frame in the background: its answers are those of a claim
    base that reads a frame when a check first needs it, and a claim added later is read too."""
    writer = ClaimBase(sqlite_engine, gazetteer=gazetteer)
    writer.import_records(sample_records)
    ahead = ClaimBase(sqlite_engine, gazetteer=gazetteer, recheck_seconds=0, frames_ahead=True)
    lazy = ClaimBase(sqlite_engine, gazetteer=gazetteer)
    index = ahead.index()
    assert ahead.wait_for_frames(timeout=60)
    assert index.unread_frames == 0
    for query in (
        "Russia took Zaporizke",
        "Росія захопила Покровськ",
        "Ukrainian troops pulled out of Sudzha",
    ):
        answers = [ahead.check(query), lazy.check(query)]
        assert answers[0].matches
        assert [[(m.claim.key, m.match.score) for m in a.matches] for a in answers] == [
            [(m.claim.key, m.match.score) for m in answers[1].matches]
        ] * 2
    assert lazy.index().unread_frames > 0

    writer.import_records(parse_all([line("vuhledar", "Russian forces captured Vuhledar")]))
    assert ahead.index() is index
    assert ahead.wait_for_frames(timeout=60)
    assert index.unread_frames == 0
    assert ahead.check("Russia took Vuhledar").matches[0].claim.key == "vuhledar"
