"""The one check, without Telegram: a long post sentence by sentence, the check log, the
sightings of a forwarded channel post, the threshold, and an answer recalled from its buttons."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.claimbase.base import ClaimBase
from store.claimbase.check import Checked, Ranked, check, recall, time_gap_of
from store.claimbase.sightings import ChannelPost
from store.files.jsonl import EvidenceRecord
from store.match.gazetteer import Gazetteer
from store.match.posts import claim_sentences, is_long_post
from store.models import CheckLog, Sighting

POST = (
    "Evening summary from our correspondents on the southern and eastern fronts. "
    "Russia took the village of Zaporizke, local officials told reporters this afternoon. "
    "Residents describe a quiet evening in the district centre. "
    "In the east, Russia took Krasnoarmeysk after weeks of street fighting. "
    "Russia took Krasnoarmeysk, another channel repeats."
)
FRONTLINE = ChannelPost("frontline_daily", -1001, 77, dt.datetime(2025, 11, 26, tzinfo=dt.UTC))
SOUTH = ChannelPost("south_watch", -1002, 9, dt.datetime(2025, 11, 27, tzinfo=dt.UTC))


def logged(claim_base: ClaimBase) -> list[CheckLog]:
    claim_base.check_log.flush()
    with Session(claim_base.engine) as session:
        return list(session.exec(select(CheckLog).order_by(CheckLog.id)).all())


def keys(checked: Checked) -> list[str]:
    return [m.claim.key for m in checked.answer.matches]


def test_a_long_post_is_checked_sentence_by_sentence(sample_claim_base: ClaimBase) -> None:
    assert is_long_post(POST) and not is_long_post("Russia took Zaporizke. It did.")
    assert len(claim_sentences(POST)) >= 3
    checked = check(sample_claim_base, POST)
    assert checked.by_sentence
    claims = [m.claim.key for m in checked.answer.matches]
    assert sorted(claims) == ["pokrovsk", "zaporizke"]  # each claim once
    assert checked.answer.query == POST


def test_a_long_post_without_a_matching_sentence_is_checked_whole(
    sample_claim_base: ClaimBase,
) -> None:
    text = ("The weather in Lviv was sunny on Monday. " * 8).strip()
    checked = check(sample_claim_base, text)
    assert not checked.by_sentence and checked.answer.query == text


def test_a_list_of_places_finds_the_claim_of_each(claim_base: ClaimBase) -> None:
    """A ministry's report lists the villages it claims; each village has its own claim."""
    claim_base.import_records(
        [
            EvidenceRecord(
                claim=f"Russian forces captured {place} in Donetsk region",
                stance="backs",
                speaker="Russian Ministry of Defence",
                outlet="TASS",
                key=key,
                date=dt.date(2024, 12, 1),
            )
            for key, place in [("illinka", "Illinka"), ("petrivka", "Petrivka")]
        ]
    )
    for text in (
        "Российские военные освободили населенные пункты Ильинка и Петровка",
        "ВС РФ освободили Ильинку, Петровку и Вольное в ДНР",
        "Росіяни заявили, що захопили Іллінку та Петрівку",
    ):
        checked = check(claim_base, text, logged=False)
        assert sorted(keys(checked)) == ["illinka", "petrivka"], text
    assert keys(check(claim_base, "ВС РФ освободили Петровку", logged=False)) == ["petrivka"]


def test_a_look_alike_claim_of_another_time_is_left_out_of_a_dated_answer(
    claim_base: ClaimBase,
) -> None:
    """Two villages named Illinka were taken eleven days apart: a post of the day of the
    second answers with its claim only; a post between them shows both."""
    claim_base.import_records(
        [
            EvidenceRecord(
                claim=f"Russian forces captured Illinka ({direction} direction)",
                stance="backs",
                speaker="Russian Ministry of Defence",
                outlet="TASS",
                key=key,
                date=day,
            )
            for key, direction, day in [
                ("first", "Kurakhove", dt.date(2024, 11, 20)),
                ("second", "Pokrovsk", dt.date(2024, 12, 1)),
            ]
        ]
    )
    post = "Российская армия взяла под контроль населенный пункт Ильинка"
    assert keys(check(claim_base, post, logged=False)) in (
        ["first", "second"],
        ["second", "first"],
    )
    assert keys(check(claim_base, post, posted=dt.date(2024, 12, 1), logged=False)) == ["second"]
    assert keys(check(claim_base, post, posted=dt.date(2024, 11, 20), logged=False)) == ["first"]
    between = check(claim_base, post, posted=dt.date(2024, 11, 26), logged=False)
    assert sorted(keys(between)) == ["first", "second"]


def test_a_check_is_logged_with_its_chat_and_best_claim(sample_claim_base: ClaimBase) -> None:
    check(sample_claim_base, "Russia took Zaporizke", chat_id=5)
    check(sample_claim_base, "Russia took Lviv")
    rows = logged(sample_claim_base)
    assert [(r.chat_id, r.query, r.matched) for r in rows] == [
        (5, "Russia took Zaporizke", True),
        (None, "Russia took Lviv", False),
    ]
    assert rows[0].claim_id is not None and rows[1].claim_id is None


def test_a_check_asked_outside_telegram_is_not_logged(sample_claim_base: ClaimBase) -> None:
    check(sample_claim_base, "Russia took Zaporizke", logged=False)
    assert logged(sample_claim_base) == []


def test_a_forwarded_channel_post_is_recorded_and_shows_where_else_it_circulates(
    sample_claim_base: ClaimBase,
) -> None:
    first = check(sample_claim_base, "Russia took Zaporizke", post=FRONTLINE)
    assert first.sightings == []  # the post itself is never cited
    second = check(sample_claim_base, "Russia took Zaporizke", post=SOUTH)
    assert [(s.channel, s.link) for s in second.sightings] == [
        ("frontline_daily", "https://t.me/frontline_daily/77")
    ]
    plain = check(sample_claim_base, "Russia took Zaporizke")
    assert [s.channel for s in plain.sightings] == ["frontline_daily", "south_watch"]
    assert check(sample_claim_base, "Russia took Zaporizke", with_sightings=False).sightings == []
    with Session(sample_claim_base.engine) as session:
        stored = session.exec(select(Sighting).order_by(Sighting.id)).all()
    best = plain.answer.matches[0].claim.id
    assert [(s.channel, s.claim_id) for s in stored] == [
        ("frontline_daily", best),
        ("south_watch", best),
    ]


def test_a_post_that_matches_nothing_is_recorded_without_a_claim(
    sample_claim_base: ClaimBase,
) -> None:
    checked = check(sample_claim_base, "The weather in Lviv is sunny", post=FRONTLINE)
    assert checked.answer.matches == [] and checked.sightings == []
    with Session(sample_claim_base.engine) as session:
        [stored] = session.exec(select(Sighting)).all()
    assert stored.claim_id is None


@pytest.fixture
def strict_base(
    sqlite_engine: Engine, gazetteer: Gazetteer, sample_records: list[EvidenceRecord]
) -> ClaimBase:
    claim_base = ClaimBase(sqlite_engine, gazetteer=gazetteer, threshold=95)
    claim_base.import_records(sample_records)
    return claim_base


def test_the_threshold_of_the_claim_base_decides_what_matches(
    sample_claim_base: ClaimBase, strict_base: ClaimBase
) -> None:
    query = "ВС РФ освободили Гуляйполе"  # Huliaipole, in Russian: a match below 95
    assert [m.claim.key for m in check(sample_claim_base, query).answer.matches] == ["huliaipole"]
    strict = check(strict_base, query).answer
    assert strict.matches == [] and strict.nearest is not None
    assert strict.nearest.key == "huliaipole"
    assert check(strict_base, query, min_score=60).answer.matches  # one check may override it
    long_post = POST.replace("Krasnoarmeysk", "Гуляйполе")  # each sentence gets the threshold
    assert "huliaipole" in keys(check(sample_claim_base, long_post))
    assert "huliaipole" not in keys(check(strict_base, long_post))


def test_an_answer_is_recalled_from_its_buttons_for_the_claims_that_still_exist(
    sample_claim_base: ClaimBase,
) -> None:
    answer = check(sample_claim_base, POST, post=FRONTLINE).answer
    ranked = [Ranked(m.claim.id, m.match.polarity, round(m.match.score)) for m in answer.matches]
    check(sample_claim_base, "Russia took Zaporizke", post=SOUTH)
    shown = ranked[-1].claim_id
    gone = Ranked(999_999, "affirms", 90)
    recalled = recall(sample_claim_base, [*ranked, gone], shown=shown, post=None)
    assert [m.claim.id for m in recalled.answer.matches] == [r.claim_id for r in ranked]
    assert [round(m.match.score) for m in recalled.answer.matches] == [r.score for r in ranked]
    best = answer.matches[0].claim.id  # the claim the forwarded post was recorded on
    again = recall(sample_claim_base, ranked, shown=best, post=SOUTH)
    assert [s.channel for s in again.sightings] == ["frontline_daily"]
    assert logged(sample_claim_base)[-1].query == "Russia took Zaporizke"  # recalling logs nothing


def test_a_forwarded_post_prefers_the_claims_of_its_time(sample_claim_base: ClaimBase) -> None:
    august, november = dt.date(2025, 8, 11), dt.date(2025, 11, 28)
    assert keys(check(sample_claim_base, POST, posted=august))[0] == "zaporizke"
    assert keys(check(sample_claim_base, POST, posted=november))[0] == "pokrovsk"
    later = ChannelPost("frontline_daily", -1001, 78, dt.datetime(2025, 11, 28, tzinfo=dt.UTC))
    assert keys(check(sample_claim_base, POST, post=later))[0] == "pokrovsk"
    assert check(sample_claim_base, POST, posted=november).answer.time_gap is None  # it fits
    assert check(sample_claim_base, POST).answer.time_gap is None  # no date to fit


def test_a_claim_months_away_from_the_post_is_noted(sample_claim_base: ClaimBase) -> None:
    posted = dt.date(2024, 11, 20)
    answer = check(sample_claim_base, "Russia took Zaporizke", posted=posted).answer
    assert keys(Checked(answer)) == ["zaporizke"]  # still the answer, with a note
    assert answer.time_gap is not None
    assert (answer.time_gap.claim, answer.time_gap.post) == (dt.date(2025, 8, 10), posted)
    assert answer.to_json()["time_gap"] == {"claim": "2025-08-10", "post": "2024-11-20"}
    near = check(sample_claim_base, "Russia took Zaporizke", posted=dt.date(2025, 9, 20))
    assert near.answer.time_gap is None and "time_gap" not in near.answer.to_json()
    assert time_gap_of(near.answer.matches[0], None) is None  # what a button recalls, undated
    recalled = time_gap_of(answer.matches[0], posted)
    assert recalled == answer.time_gap
