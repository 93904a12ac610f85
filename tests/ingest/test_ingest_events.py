"""Claims are events: statements about one event join one claim whatever their wording,
source or language; background sentences make no claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session, select

from handlers.render import PLAIN, render_answer
from store.claimbase.base import ClaimBase
from store.claimbase.check import check
from store.claimbase.ingest import IngestResult, ingest_article
from store.ingest.pipeline import read_article_file
from store.models import Claim, Evidence


def _ingest(claim_base: ClaimBase, tmp_path: Path, name: str, text: str) -> IngestResult:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return ingest_article(claim_base, read_article_file(path), actor="test")


def _claims(claim_base: ClaimBase) -> dict[str, list[tuple[str, str]]]:
    with Session(claim_base.engine) as session:
        claims = {c.id: c.text for c in session.exec(select(Claim))}
        out: dict[str, list[tuple[str, str]]] = {text: [] for text in claims.values()}
        for e in session.exec(select(Evidence)):
            out[claims[e.claim_id]].append((e.speaker, e.stance))
    return out


def test_one_event_in_three_languages_is_one_claim(claim_base: ClaimBase, tmp_path: Path) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "en",
        "Lysychansk falls\nOutlet: Prairie Wire\nPublished: 2022-07-03\n\n"
        "Russia's defence ministry said its troops had captured Lysychansk.\n\n"
        "Kyiv denied that Russia took Lysychansk.\n\n"
        "The weather was hot all week.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "uk",
        "Лисичанськ\nOutlet: Степова правда\nPublished: 2022-07-03\n\n"
        "Російські війська захопили Лисичанськ, заявив Шойгу.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "ru",
        "Лисичанск\nOutlet: Вестник\nPublished: 2022-07-04\n\n"
        "Лисичанск освобожден подразделениями ВС России, сообщило Минобороны.\n",
    )
    claims = _claims(claim_base)
    capture = claims["Russian forces captured Lysychansk (Luhansk region)"]
    assert len(capture) == 4
    assert ("Kyiv", "disputes") in capture
    assert sum(stance == "backs" for _, stance in capture) == 3
    assert not [text for text in claims if "weather" in text]


def test_a_denial_elsewhere_disputes_the_event_and_background_is_left_out(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "claim",
        "Pokrovsk\nOutlet: Prairie Wire\nPublished: 2025-11-20\n\n"
        "Russian forces now control 60% of Pokrovsk, the Russian Defence Ministry said.\n\n"
        "Russian troops seized settlements, the ministry said.\n",
    )
    result = _ingest(
        claim_base,
        tmp_path,
        "denial",
        "Pokrovsk holds\nOutlet: Dnipro Courier\nPublished: 2025-11-21\n\n"
        "Russian forces do not control 60% of Pokrovsk, the Ukrainian General Staff said.\n\n"
        "Russian forces control 70% of Pokrovsk, a Russian blogger claimed.\n\n"
        "There was a missile attack there, residents said.\n",
    )
    claims = _claims(claim_base)
    assert claims["Russian forces control 60% of Pokrovsk (Donetsk region)"] == [
        ("Russian Defence Ministry", "backs"),
        ("Ukrainian General Staff", "disputes"),
    ]
    assert claims["Russian forces control 70% of Pokrovsk (Donetsk region)"] == [
        ("a Russian blogger", "backs")
    ]
    assert len(claims) == 2
    assert result.without_event == 1


def test_a_frameless_statement_still_joins_a_stored_claim_it_matches(
    sample_claim_base: ClaimBase, tmp_path: Path
) -> None:
    before = set(_claims(sample_claim_base))
    result = _ingest(
        sample_claim_base,
        tmp_path,
        "stored",
        "Zaporizke\nOutlet: Dnipro Courier\nPublished: 2025-08-20\n\n"
        "Russia took Zaporizke, the ministry said.\n",
    )
    [recorded] = result.recorded
    assert recorded.claim_key == "zaporizke" and not recorded.new_claim
    assert set(_claims(sample_claim_base)) == before


def test_an_answer_shows_the_other_side_of_the_same_place_and_days(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "moscow",
        "Lysychansk\nOutlet: Prairie Wire\nPublished: 2022-07-03\n\n"
        "Russian troops captured Lysychansk, the Russian Defence Ministry said.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "kyiv",
        "Retreat\nOutlet: Dnipro Courier\nPublished: 2022-07-03\n\n"
        "Ukrainian troops withdrew from Lysychansk, Ukraine's General Staff said.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "later",
        "Strike\nOutlet: Dnipro Courier\nPublished: 2023-03-01\n\n"
        "Ukrainian forces struck Lysychansk, the regional governor said.\n",
    )
    checked = check(claim_base, "Russia captured Lysychansk", logged=False)
    assert checked.answer.matches[0].claim.text == (
        "Russian forces captured Lysychansk (Luhansk region)"
    )
    [related] = checked.answer.related
    assert (related.text, related.speaker, related.date) == (
        "Ukrainian forces withdrew from Lysychansk (Luhansk region)",
        "Ukraine's General Staff",
        dt.date(2022, 7, 3),
    )
    assert checked.answer.to_json()["related"][0]["speaker"] == "Ukraine's General Staff"
    text = render_answer(checked.answer, style=PLAIN)
    assert (
        "• Ukrainian forces withdrew from Lysychansk (Luhansk region) — "
        "Ukraine's General Staff (Dnipro Courier), 3 Jul 2022"
    ) in text


def test_a_statement_without_an_event_does_not_join_a_stored_event(
    sample_claim_base: ClaimBase, tmp_path: Path
) -> None:
    result = _ingest(
        sample_claim_base,
        tmp_path,
        "loose",
        "Zaporizke\nOutlet: Dnipro Courier\nPublished: 2025-08-20\n\n"
        "Zaporizke will take years to rebuild, the ministry said.\n",
    )
    assert not result.recorded and result.without_event == 1


def test_a_capture_told_again_a_year_later_is_another_claim(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "2022",
        "Izium retaken\nOutlet: Prairie Wire\nPublished: 2022-09-10\n\n"
        "Ukraine's general staff said its troops had captured Izium.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "2022-later",
        "Izium\nOutlet: Степова правда\nPublished: 2022-10-02\n\n"
        "Українські війська захопили Ізюм, заявили в Генштабі.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "2023",
        "Izium again\nOutlet: Prairie Wire\nPublished: 2023-11-20\n\n"
        "A regional official said Ukrainian troops had captured Izium.\n",
    )
    claims = _claims(claim_base)
    assert len(claims["Ukrainian forces captured Izium (Kharkiv region)"]) == 2
    assert len(claims["Ukrainian forces captured Izium (Kharkiv region) in November 2023"]) == 1


def test_a_ministry_announcing_a_shared_village_name_again_announces_another_village(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    """Three villages of Donetsk oblast are called Іллінка: the ministry's flash on one, its
    retelling the next day, and a flash eleven days later on "Ильинка" again are two claims,
    and a post of each day is answered with its own."""
    flashes = [
        (
            "2024-11-20",
            "Степной вестник",
            "Российские войска заняли Ильинку в ДНР, сообщили в Минобороны РФ.",
        ),
        (
            "2024-11-21",
            "Фронтовой дайджест",
            "Армия России взяла Ильинку в ДНР, сообщило Минобороны.",
        ),
        (
            "2024-12-01",
            "Степной вестник",
            "Армия России заняла село Ильинка в ДНР, заявили в Минобороны.",
        ),
    ]
    for day, outlet, text in flashes:
        _ingest(
            claim_base, tmp_path, day, f"Сводка\nOutlet: {outlet}\nPublished: {day}\n\n{text}\n"
        )
    claims = {text: said for text, said in _claims(claim_base).items() if "Illinka" in text}
    assert sorted(len(said) for said in claims.values()) == [1, 2]
    assert any("December 2024" in text for text in claims)
    for day, month in (("2024-11-21", "November"), ("2024-12-02", "December")):
        post = "Российская армия заняла населенный пункт Ильинка в ДНР."
        answer = check(claim_base, post, posted=dt.date.fromisoformat(day), logged=False).answer
        first = answer.matches[0].claim
        assert month in " ".join(e.date.strftime("%B") for e in first.evidence if e.date)


def test_an_article_retelling_a_ministry_claim_weeks_later_joins_its_claim(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "flash",
        "Сводка\nOutlet: Степной вестник\nPublished: 2024-11-20\n\n"
        "Российские войска заняли Ильинку в ДНР, сообщили в Минобороны РФ.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "article",
        "Two weeks on the Donetsk front\nOutlet: Prairie Wire\nPublished: 2024-12-05\n\n"
        "Fighting went on along the whole Donetsk front this week, officers said.\n\n"
        "Shelling hit several towns overnight, the regional governor said.\n\n"
        "The Russian Defence Ministry claimed that its forces captured Illinka in the DPR.\n",
    )
    claims = {text: said for text, said in _claims(claim_base).items() if "Illinka" in text}
    assert [len(said) for said in claims.values()] == [2]


def test_a_capture_with_no_side_named_is_the_side_of_the_speaker_that_claims_it(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "ru",
        "Сводка\nOutlet: Вестник\nPublished: 2024-02-17\n\n"
        "Авдеевка полностью освобождена, сообщило Минобороны РФ.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "uk",
        "Зведення\nOutlet: Степова правда\nPublished: 2024-02-17\n\n"
        "Генштаб ЗСУ заявив, що Авдіївку не захоплено.\n",
    )
    claims = _claims(claim_base)
    assert "Avdiivka (Donetsk region) was captured" not in claims
    evidence = claims["Russian forces captured Avdiivka (Donetsk region)"]
    assert [stance for _, stance in evidence] == ["backs", "disputes"]


def test_the_enemy_that_took_a_village_is_the_other_side_of_the_speaker(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "ru",
        "Сводка\nOutlet: Вестник\nPublished: 2024-02-17\n\n"
        "«Противник оккупировал Авдеевку», — сообщили в Генштабе ВСУ.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "ru2",
        "Сводка\nOutlet: Вестник\nPublished: 2024-02-18\n\n"
        "«Противник оставил Авдеевку», — сообщили в Минобороны РФ.\n",
    )
    claims = _claims(claim_base)
    assert claims["Russian forces captured Avdiivka (Donetsk region)"] == [("Генштаб ВСУ", "backs")]
    assert "Ukrainian forces captured Avdiivka (Donetsk region)" not in claims


def test_a_counter_attack_that_freed_a_town_does_not_back_the_other_sides_capture(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "taken",
        "Kupiansk\nOutlet: Prairie Wire\nPublished: 2025-11-20\n\n"
        "Russia's defence ministry said its troops had captured Kupiansk.\n",
    )
    _ingest(
        claim_base,
        tmp_path,
        "freed",
        "Kupiansk\nOutlet: Weekly Ledger\nPublished: 2025-12-12\n\n"
        "Front lines near Kupiansk moved once more. A successful Ukrainian counter-attack "
        "had liberated the larger part of the town, and some Russian groups were left stranded.\n",
    )
    claims = _claims(claim_base)
    russian = next(text for text in claims if text.startswith("Russian forces captured Kupiansk"))
    assert ("Weekly Ledger", "backs") not in claims[russian]
    # the liberation is Ukraine's deed, told as such
    assert ("Weekly Ledger", "backs") in claims[
        "Ukrainian forces captured Kupiansk (Kharkiv region)"
    ]


def test_a_second_saying_verb_with_no_subject_is_the_same_speakers(
    claim_base: ClaimBase, tmp_path: Path
) -> None:
    _ingest(
        claim_base,
        tmp_path,
        "held",
        "Kursk\nOutlet: Evening Courier\nPublished: 2025-04-26\n\n"
        "Moscow's top general said Russian troops had captured Kursk region.\n\n"
        "Answering on its channel, Ukraine's general staff said the fighting was hard but "
        "insisted its units were still holding positions in Kursk region.\n",
    )
    claims = _claims(claim_base)
    assert ("Ukraine's general staff", "disputes") in claims["Russian forces captured Kursk region"]
    assert all(speaker != "Evening Courier" for pieces in claims.values() for speaker, _ in pieces)
