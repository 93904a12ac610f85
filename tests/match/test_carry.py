"""A sentence saying "the town" tells of the place the sentences just before named."""

from __future__ import annotations

import pytest

from store.files.jsonl import fold
from store.match.analyze import Analyzer
from store.match.carry import carried_frames, one_place_each, places_meant
from store.match.frame import describe, read_frame
from store.match.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def analyzer(gazetteer: Gazetteer) -> Analyzer:
    return Analyzer(gazetteer)


def _carried(analyzer: Analyzer, sentences: list[str]) -> list[str]:
    frames = {fold(s): read_frame(s, analyzer.analyze(s), analyzer.gazetteer) for s in sentences}
    found = carried_frames(((i, s, s) for i, s in enumerate(sentences)), frames, analyzer, fold)
    return [describe(f, analyzer.gazetteer) for f in found.values()]


def test_the_town_is_the_place_named_just_before(analyzer: Analyzer) -> None:
    sentences = [
        "Fighting went on around Bakhmut all week.",
        "Russian forces entered the town on Friday.",
    ]
    assert _carried(analyzer, sentences) == [
        "Russian forces advanced into Bakhmut (Donetsk region)"
    ]


def test_a_russian_sentence_saying_the_city_gets_the_place_too(analyzer: Analyzer) -> None:
    sentences = ["Бои идут на окраинах Бахмута.", "Российские войска вошли в город."]
    assert _carried(analyzer, sentences) == [
        "Russian forces advanced into Bakhmut (Donetsk region)"
    ]


def test_a_place_named_long_before_is_not_carried(analyzer: Analyzer) -> None:
    sentences = (
        ["Fighting went on around Bakhmut all week."]
        + ["Nothing else."] * 4
        + ["Russian forces entered the town on Friday."]
    )
    assert _carried(analyzer, sentences) == []


@pytest.mark.parametrize(
    ("text", "each"),
    [
        (
            "Russian forces captured Soledar and Bakhmut",
            ["Russian forces captured Soledar", "Russian forces captured Bakhmut"],
        ),
        ("захоплення Соледара та Бахмута", ["захоплення Соледара", "захоплення Бахмута"]),
        ("Russian troops took Bakhmut", ["Russian troops took Bakhmut"]),
        (
            "ВС РФ заняли Соледар и город Бахмут",
            ["ВС РФ заняли Соледар", "ВС РФ заняли Бахмут"],
        ),
        (
            "Russian troops took Soledar and the town of Bakhmut",
            ["Russian troops took Soledar", "Russian troops took Bakhmut"],
        ),
        (
            "захоплення 60% Бахмута та 30% Соледара",
            ["захоплення 60% Бахмута", "захоплення 30% Соледара"],
        ),
        (
            "захоплення Бахмута Донецької області та Оріхова Запорізької області військами РФ",
            [
                "захоплення Бахмута Донецької області військами РФ",
                "захоплення Оріхова Запорізької області військами РФ",
            ],
        ),
    ],
)
def test_places_listed_together_are_one_proposition_each(
    analyzer: Analyzer, text: str, each: list[str]
) -> None:
    assert one_place_each(text, analyzer) == each


def test_a_reason_for_leaving_said_after_the_withdrawal_states_it(analyzer: Analyzer) -> None:
    sentences = [
        "Ukrainian troops have withdrawn from Vuhledar.",
        "The army acted to preserve the lives of its soldiers.",
    ]
    assert _carried(analyzer, sentences) == [
        "Ukrainian forces withdrew from Vuhledar (Donetsk region)"
    ]
    medics = ["Ukrainian troops have withdrawn from Vuhledar.", "Medics saved the lives of many."]
    assert _carried(analyzer, medics) == []


def _meant(analyzer: Analyzer, sentences: list[tuple[str, str]]) -> list[list[str]]:
    found = places_meant(((i, p, s) for i, (p, s) in enumerate(sentences)), analyzer)
    return list(found.values())


def test_the_settlements_listed_before_are_each_meant(analyzer: Analyzer) -> None:
    sentence = (
        "Сили оборони тримають позиції у Бахмуті, Соледарі, тоді як заяви про захоплення "
        "населених пунктів не відповідають дійсності."
    )
    [each] = _meant(analyzer, [("захоплення населених пунктів", sentence)])
    assert len(each) == 2 and each[0].startswith("захоплення Бахмут")


def test_these_settlements_reach_back_but_other_villages_do_not(analyzer: Analyzer) -> None:
    listed = "Бої тривають у Бахмуті та Соледарі."
    assert (
        len(_meant(analyzer, [(listed, listed), ("захоплення цих населених пунктів", "…")])[0]) == 2
    )
    assert _meant(analyzer, [(listed, listed), ("захоплення населених пунктів", "…")]) == []
    other = "Заяви про захоплення інших сіл біля Бахмута та Соледара не відповідають дійсності."
    assert _meant(analyzer, [("захоплення інших сіл", other)]) == []


def test_this_settlement_is_the_one_its_own_sentence_named(analyzer: Analyzer) -> None:
    sentence = (
        "Бахмут залишається під контролем ЗСУ, а заяви про захоплення цього населеного пункту "
        "не відповідають дійсності."
    )
    frames = {fold(p): None for p in ("захоплення цього населеного пункту",)}
    found = carried_frames(
        [(0, "захоплення цього населеного пункту", sentence)], frames, analyzer, fold
    )
    assert [describe(f, analyzer.gazetteer) for f in found.values()] == [
        "Bakhmut (Donetsk region) was captured"
    ]


def test_the_region_is_the_oblast_named_just_before(analyzer: Analyzer) -> None:
    sentences = [
        "Fighting has gone on in Kursk region since the summer.",
        "Russia's army says its forces have regained full control of the region.",
    ]
    assert _carried(analyzer, sentences) == ["Russian forces captured Kursk region"]
    # A sentence naming the region itself needs nothing carried.
    named = ["Fighting went on in Kursk region.", "Villages of Belgorod region were shelled."]
    assert _carried(analyzer, named) == []
