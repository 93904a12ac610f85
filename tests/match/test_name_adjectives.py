"""A village named "Nova", "Stara", "Velyka" or "Mala" and another village's name is a place of
its own: one place under one key in English, Ukrainian and Russian, never the village whose
name it carries, while the two-word names the gazetteer knows are found as before.

Illinka (Іллінка) is a real village name of the file; no village is called Nova Illinka.
"""

from __future__ import annotations

import pytest

from store.match import rules
from store.match.analyze import Analyzer, place_key
from store.match.gazetteer import Gazetteer
from store.match.index import MatchIndex
from store.repo import IndexEntry

NEW_ILLINKA = place_key(["Nova", "Illinka"], "en")
CLAIMS = {
    "illinka": "Russian troops seized Illinka in Donetsk region",
    "nova-illinka": "Russian troops seized Nova Illinka in Donetsk region",
}


def illinkas(gazetteer: Gazetteer) -> set[str]:
    return {p.id for p in gazetteer if "Іллінка" in p.names}


@pytest.fixture(scope="module")
def analyzer(gazetteer: Gazetteer) -> Analyzer:
    return Analyzer(gazetteer)


@pytest.fixture(scope="module")
def index(analyzer: Analyzer) -> MatchIndex:
    entries = [IndexEntry(i, key, (text,)) for i, (key, text) in enumerate(CLAIMS.items())]
    return MatchIndex(entries, analyzer)


@pytest.mark.parametrize(
    "text",
    [
        "Heavy fighting is reported around Nova Illinka",
        "Stara Illinka was shelled overnight, the governor said.",
        "Бої точаться за Нову Іллінку",
        "Novaya Illinka changed hands twice this week",
    ],
)
def test_the_gazetteer_never_reads_the_known_village_in_a_longer_name(
    gazetteer: Gazetteer, text: str
) -> None:
    found, new_names = gazetteer.read(text)
    assert not {m.place_id for m in found} & illinkas(gazetteer)
    assert len(new_names) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian units pulled back from Nova Illinka after a week of assaults",
        "The army says its troops seized Novaya Ilyinka",
        "Нова Іллінка опинилася під ударом артилерії.",
        "Російські підрозділи закріпилися в Новій Іллінці",
        "Окупанти обстріляли Нову Іллінку з мінометів",
        "Армия России заняла Новую Ильинку",
        "Бойцы ВС РФ зачистили населённый пункт Новая Ильинка",
    ],
)
def test_a_new_village_is_one_place_under_one_key_in_three_languages(
    analyzer: Analyzer, text: str
) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.unknown == (NEW_ILLINKA,)
    assert analysis.places == ()


def test_the_adjective_has_one_stem_in_three_languages() -> None:
    big = place_key(["Velyka", "Illinka"], "en")
    assert place_key(["Велика", "Іллінка"], "uk") == big
    assert place_key(["Большая", "Ильинка"], "ru") == big
    assert place_key(["Bolshaya", "Ilyinka"], "en") == big
    assert place_key(["Великая", "Ильинка"], "ru") == big
    assert place_key(["Нова", "Іллінка"], "uk") == place_key(["Новая", "Ильинка"], "ru")
    assert place_key(["Стара", "Іллінка"], "uk") == place_key(["Staraya", "Illinka"], "en")
    assert place_key(["Мала", "Іллінка"], "uk") == place_key(["Malaya", "Illinka"], "en")
    others = {NEW_ILLINKA, big, place_key(["Stara", "Illinka"], "en"), place_key(["Illinka"], "")}
    assert len(others) == 4


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("Russia says it took Nova Illinka", "nova-illinka"),
        ("Росіяни заявили, що захопили Нову Іллінку", "nova-illinka"),
        ("Минобороны РФ сообщило о взятии населённого пункта Новая Ильинка", "nova-illinka"),
        ("Russia says it took Illinka", "illinka"),
        ("Росіяни заявили, що захопили Іллінку", "illinka"),
    ],
)
def test_a_claim_answers_for_its_own_village_never_for_the_other(
    index: MatchIndex, query: str, meant: str
) -> None:
    found = [m.key for m in index.search(query, min_score=0).matches]
    assert found == [meant]


@pytest.mark.parametrize(
    ("query", "claim"),
    [
        ("Russian forces entered Nova Illinka", CLAIMS["illinka"]),
        ("Russian forces entered Illinka", CLAIMS["nova-illinka"]),
        ("Армия России заняла Новую Ильинку", CLAIMS["illinka"]),
        ("Росіяни увійшли в Іллінку", CLAIMS["nova-illinka"]),
    ],
)
def test_the_place_rules_refuse_the_other_village_both_ways(
    analyzer: Analyzer, gazetteer: Gazetteer, query: str, claim: str
) -> None:
    said, stored = analyzer.analyze(query), analyzer.analyze(claim)
    assert rules.reason_to_refuse(said, stored, gazetteer) == rules.DIFFERENT_PLACE


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Russian troops reached Velyka Novosilka", "velyka-novosilka"),
        ("Бої під Великою Новосілкою не вщухають", "velyka-novosilka"),
        ("ВСУ отошли из Великой Новоселки", "velyka-novosilka"),
        ("Russians were pushed back from Staryi Saltiv", "staryi-saltiv"),
    ],
)
def test_a_two_word_name_the_gazetteer_knows_is_still_found(
    gazetteer: Gazetteer, analyzer: Analyzer, text: str, place: str
) -> None:
    assert gazetteer.read(text) == (gazetteer.find(text), [])
    assert {m.place_id for m in gazetteer.find(text)} == {place}
    assert analyzer.analyze(text).unknown == ()


def test_a_settlement_no_one_curated_is_found_by_its_two_word_name(gazetteer: Gazetteer) -> None:
    # Велика Балка and Балка are both villages of the file.
    big = {p.id for p in gazetteer if "Велика Балка" in p.names}
    assert big and {p.id for p in gazetteer if "Балка" in p.names}
    for text in ("Бої біля Великої Балки", "Fighting near Velyka Balka"):
        assert {m.place_id for m in gazetteer.find(text)} == big


@pytest.mark.parametrize(
    "text",
    [
        "Бои продолжаются у Новой Ильинки",
        "Штурмовики закрепились в Новой Ильинке",
        "Противник отброшен под Новой Ильинкой",
        "Новая Ильинка перешла под контроль армии России",
        "Бої тривають біля Нової Іллінки",
    ],
)
def test_every_case_form_of_a_new_village_has_its_key_where_the_old_one_is_known(
    text: str,
) -> None:
    # A gazetteer that knows the Russian name of Illinka: its case forms say which case the
    # name of the new village is in.
    known = Gazetteer.from_entries(
        [
            {
                "id": "illinka",
                "kind": "village",
                "en": ["Illinka"],
                "uk": ["Іллінка"],
                "ru": ["Ильинка"],
            }
        ]
    )
    analysis = Analyzer(known).analyze(text)
    assert analysis.unknown == (NEW_ILLINKA,)
    assert analysis.places == ()
