"""Every settlement of Ukraine: villages no one curated are found in three languages and
declined, same-named villages stay apart when a text says where, and ordinary words stay words.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from store.match import rules
from store.match.analyze import Analyzer, Where
from store.match.declension import declensions
from store.match.gazetteer import Gazetteer, _name_lang, _split_name, load_tables
from store.match.index import MatchIndex
from store.match.settlements import DATA_FILE as SETTLEMENTS_FILE
from store.match.settlements import load_places, uncurated
from store.repo import IndexEntry

CURATED = Path(__file__).resolve().parents[2] / "store" / "data" / "gazetteer.jsonl"


def ids(gaz: Gazetteer, text: str) -> set[str]:
    return {m.place_id for m in gaz.find(text)}


def named(gaz: Gazetteer, uk: str) -> set[str]:
    """Every place whose Ukrainian name is ``uk``."""
    return {p.id for p in gaz if uk in p.names}


def curated_names() -> set[str]:
    lines = CURATED.read_text(encoding="utf-8").splitlines()
    return {
        n for e in map(json.loads, lines) for k in ("en", "uk", "ru", "old") for n in e.get(k, [])
    }


@pytest.fixture(scope="module")
def novodmytrivka(gazetteer: Gazetteer) -> set[str]:
    found = named(gazetteer, "Новодмитрівка")
    assert len(found) == 10 and "Новодмитрівка" not in curated_names()
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces captured Novodmytrivka",
        "Бої біля Новодмитрівки",
        "Росіяни увійшли в Новодмитрівку",
        "Бои в Новодмитровке",
        "ВС РФ освободили Новодмитровку",
    ],
)
def test_a_village_the_curated_list_lacked_is_found_in_every_language(
    gazetteer: Gazetteer, novodmytrivka: set[str], text: str
) -> None:
    # Ten villages share the name and nothing in the text tells them apart: all are meant.
    assert ids(gazetteer, text) - {"russia"} == novodmytrivka


def test_an_old_name_and_its_case_forms_find_the_renamed_villages(gazetteer: Gazetteer) -> None:
    renamed = {p.id for p in gazetteer if "Воровське" in p.names}
    assert len(renamed) >= 3 and "Воровське" not in curated_names()
    assert ids(gazetteer, "Бої у Воровському") == renamed
    assert ids(gazetteer, "Бои в Воровском") == renamed


def test_an_oblast_or_raion_named_in_the_text_pins_the_village(
    gazetteer: Gazetteer, novodmytrivka: set[str]
) -> None:
    kherson = ids(gazetteer, "Новодмитрівка, Херсонська область") - {"kherson-oblast"}
    assert len(kherson) == 3 and kherson < novodmytrivka
    assert all(gazetteer.place(i).oblast == "kherson" for i in kherson)
    by_raion = [
        "Новодмитрівка Краматорського району",
        "Новодмитровка Краматорского района",
        "Novodmytrivka, Kramatorskyi raion",
    ]
    pinned = [ids(gazetteer, text) for text in by_raion]
    assert pinned[0] == pinned[1] == pinned[2] and len(pinned[0]) == 1
    assert pinned[0] < novodmytrivka
    # The raion's adjective is not read as a village ("Краматорського" is no place).
    assert ids(gazetteer, "Синельниківського району") == set()


def test_the_answer_can_say_which_village_a_text_means(
    gazetteer: Gazetteer, novodmytrivka: set[str]
) -> None:
    (surface, places), *_ = gazetteer.named("Росіяни захопили Новодмитрівку Покровського району")
    assert surface == "Новодмитрівку" and len(places) == 1
    (place,) = places
    assert gazetteer.place(place).oblast == "donetsk" and place in novodmytrivka
    assert gazetteer.named("Бої біля Новодмитрівки") == [("Новодмитрівки", novodmytrivka)]


def test_same_named_settlements_of_different_kinds_all_stay_candidates(
    gazetteer: Gazetteer,
) -> None:
    andriivka = named(gazetteer, "Андріївка")
    kinds = {gazetteer.place(i).kind for i in andriivka}
    assert {"village", "town"} <= kinds
    assert (
        ids(gazetteer, "Бої біля Андріївки")
        == andriivka - {i for i in andriivka if gazetteer.curated(i)}
        or ids(gazetteer, "Бої біля Андріївки") <= andriivka
    )


def test_a_real_name_outranks_a_russian_form_generated_for_another_place(
    gazetteer: Gazetteer,
) -> None:
    # "Каменка" is the old name of a town and of one Кам'янка, and the Russian form generated
    # for fifty other Кам'янкас.
    kamianka = named(gazetteer, "Кам'янка")
    old = {
        r.id
        for r in load_places()
        if "Каменка" in r.old or (gazetteer.curated(r.id) and "Каменка" in r.ru)
    }
    assert len(kamianka) > 20 and len(kamianka - old) > 20
    found = ids(gazetteer, "Российские войска вошли в Каменку")
    assert found and found <= old


def test_generated_russian_forms_are_read_only_in_russian_text(
    gazetteer: Gazetteer, novodmytrivka: set[str]
) -> None:
    assert ids(gazetteer, "Бои под Новодмитровкой") == novodmytrivka
    assert ids(gazetteer, "Бої під Новодмитровкою") == set()
    assert ids(gazetteer, "Fighting near Novodmitrovka") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Перемога буде за нами.",
        "Мирне населення виїхало.",
        "Нове життя почалося. Зоря зійшла над містом.",
        "Зоря яскрава, а дружба міцна.",
        "мирне населення, нове життя, перемога",
        "Oleh Syniehubov said the Pole was arrested.",
        "My cousin lost her job last week, says Pablo Martini.",
        "The letter was signed by Valentin Martini and two others.",
    ],
)
def test_common_word_village_names_do_not_turn_ordinary_text_into_places(
    gazetteer: Gazetteer, text: str
) -> None:
    assert ids(gazetteer, text) == set()


@pytest.mark.parametrize(
    "text", ["Shelling near Martyny went on.", "Near Martyny the fighting went on."]
)
def test_a_village_spelt_like_a_surname_is_still_found_where_no_first_name_precedes_it(
    gazetteer: Gazetteer, text: str
) -> None:
    assert ids(gazetteer, text) & named(gazetteer, "Мартини")


def test_a_village_named_like_a_word_is_found_where_written_as_a_name(
    gazetteer: Gazetteer,
) -> None:
    peremoha = named(gazetteer, "Перемога")
    assert len(peremoha) > 5
    assert ids(gazetteer, "Російські війська захопили Перемогу") == peremoha


# --- matching --------------------------------------------------------------------------------

CLAIMS = {
    "zaporizke": ["Russian forces captured the village of Zaporizke in Dnipropetrovsk region"],
    "kherson-novodmytrivka": ["Russian forces captured Novodmytrivka in Kherson region"],
    "kramatorsk-novodmytrivka": ["Росіяни захопили Новодмитрівку Краматорського району"],
    "yany-kapu": ["Ukrainian drones struck an oil depot in Yany Kapu"],
}


@pytest.fixture(scope="module")
def index(gazetteer: Gazetteer) -> MatchIndex:
    entries = [IndexEntry(i, key, tuple(texts)) for i, (key, texts) in enumerate(CLAIMS.items())]
    return MatchIndex(entries, Analyzer(gazetteer))


def keys(index: MatchIndex, query: str) -> list[str]:
    return [m.key for m in index.search(query).matches]


@pytest.mark.parametrize(
    "query",
    [
        "Russian forces captured the village of Vorobivka in Dnipropetrovsk region",
        "Российские войска заняли Воробьевку",
        "Russian forces captured Novodmytrivka in Dnipropetrovsk region",
    ],
)
def test_another_village_never_finds_the_claim_about_zaporizke(
    index: MatchIndex, query: str
) -> None:
    assert "zaporizke" not in keys(index, query)


def test_a_post_signed_with_a_surname_spelt_like_a_village_still_finds_a_claim_about_no_place(
    gazetteer: Gazetteer,
) -> None:
    claim = "A pensioner sold his car to pay for a cat's surgery."
    index = MatchIndex([IndexEntry(1, "cat", (claim,))], Analyzer(gazetteer))
    post = "My neighbour sold his car to pay for his cat's surgery — Pablo Martini"
    assert [m.key for m in index.search(post, min_score=0).matches] == ["cat"]


def test_vorobyovka_is_a_real_village_of_the_file(gazetteer: Gazetteer) -> None:
    assert named(gazetteer, "Вороб'ївка")
    assert ids(gazetteer, "Российские войска заняли Воробьевку") == named(gazetteer, "Вороб'ївка")


def test_same_named_villages_in_two_oblasts_never_match(index: MatchIndex) -> None:
    assert keys(index, "Russian forces captured Novodmytrivka in Kherson region")[:1] == [
        "kherson-novodmytrivka"
    ]
    assert "kherson-novodmytrivka" not in keys(
        index, "Russian forces captured Novodmytrivka in Donetsk region"
    )
    assert "kramatorsk-novodmytrivka" not in keys(
        index, "Росіяни захопили Новодмитрівку Покровського району"
    )
    assert "kramatorsk-novodmytrivka" not in keys(
        index, "Росіяни захопили Новодмитрівку, Херсонська область"
    )


@pytest.mark.parametrize(
    ("query", "oblast"),
    [
        ("Russian forces captured Novodmytrivka in the DPR", "donetsk"),
        ("Russia took Novodmytrivka in the Donetsk People's Republic", "donetsk"),
        ("ВС РФ освободили Новодмитровку в ДНР", "donetsk"),
        ("Росіяни захопили Новодмитрівку в так званій Донецькій народній республіці", "donetsk"),
        ("Russian forces captured Novodmytrivka in the LPR", "luhansk"),
        ("ВС РФ освободили Новодмитровку в Луганской Народной Республике", "luhansk"),
    ],
)
def test_the_self_proclaimed_republics_read_as_their_oblast(
    gazetteer: Gazetteer, query: str, oblast: str
) -> None:
    analyzer = Analyzer(gazetteer)
    said = analyzer.analyze(query)
    region = analyzer.analyze(f"Russian forces captured Novodmytrivka in {oblast.title()} region")
    assert said.regions == region.regions == {f"{oblast}-oblast"}
    assert set(said.places) == set(region.places)
    kramatorsk = analyzer.analyze(CLAIMS["kramatorsk-novodmytrivka"][0])
    refused = rules.reason_to_refuse(said, kramatorsk, gazetteer)
    assert (refused is None) is (oblast == "donetsk")


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Українські військові заперечили захоплення Покровська", False),
        ("Українська армія відійшла з Покровська", False),
        ("Украинские военные отступили из Покровска", False),
        ("Росіяни захопили Українськ", True),
        ("Бої тривають біля Українська", True),
        ("Окупанти заявили про захоплення Українська та Покровська", True),
        ("ВС РФ освободили Украинск", True),
        ("Бои идут под Украинском", True),
    ],
)
def test_ukraines_adjective_is_not_the_town_of_ukrainsk(
    gazetteer: Gazetteer, text: str, town: bool
) -> None:
    assert ("ukrainsk" in ids(gazetteer, text)) is town


def test_a_russian_spelling_finds_the_villages_of_that_name_now(gazetteer: Gazetteer) -> None:
    """ "Петровка" is every Petrivka, not only the villages once called so and since renamed:
    a Russian form of an old name ranks with the Russian forms of current names."""
    found = ids(gazetteer, "ВС РФ освободили населенный пункт Петровка")
    assert named(gazetteer, "Петрівка") <= found
    assert ids(gazetteer, "ВС РФ освободили Ильинку") == named(gazetteer, "Іллінка")


@pytest.mark.parametrize(
    "query",
    [
        "Российская армия освободила населенный пункт Новодмитровка в Донбассе",
        "Russian troops took Novodmytrivka in Donbas",
    ],
)
def test_donbas_is_donetsk_and_luhansk_oblasts(gazetteer: Gazetteer, query: str) -> None:
    """A village "в Донбассе" is its namesake in Donetsk or Luhansk oblast: the claim on the
    Donetsk one answers, the Kherson one is another village."""
    analyzer = Analyzer(gazetteer)
    said = analyzer.analyze(query)
    oblasts = {gazetteer.place(i).oblast for ids in said.places for i in ids}
    assert oblasts and oblasts <= {"donetsk", "luhansk"}
    kramatorsk = analyzer.analyze(CLAIMS["kramatorsk-novodmytrivka"][0])
    kherson = analyzer.analyze(CLAIMS["kherson-novodmytrivka"][0])
    assert rules.reason_to_refuse(said, kramatorsk, gazetteer) is None
    assert rules.reason_to_refuse(said, kherson, gazetteer) is not None


def test_a_query_that_does_not_say_where_may_match_either_village(index: MatchIndex) -> None:
    found = keys(index, "Росіяни захопили Новодмитрівку")
    assert {"kherson-novodmytrivka", "kramatorsk-novodmytrivka"} & set(found)


@pytest.mark.parametrize(
    "query", ["Russia took Zaporizke", "Росія захопила Запорізьке", "ВС РФ заняли Запорожское"]
)
def test_a_query_that_does_not_say_where_is_told_which_oblast_the_claim_is_about(
    index: MatchIndex, query: str
) -> None:
    (found, *_) = index.search(query).matches
    assert found.key == "zaporizke"
    assert found.where == (Where("Zaporizke", "Dnipropetrovsk region"),)


def test_nothing_is_added_when_the_query_says_where(index: MatchIndex) -> None:
    pinned = "Russia took Zaporizke in Dnipropetrovsk region"
    assert [m.where for m in index.search(pinned).matches] == [()]
    # Kherson oblast has three Novodmytrivkas: the claim says the oblast, and so does the answer.
    (found, *_) = index.search("Russian forces captured Novodmytrivka").matches
    assert found.where == (Where("Novodmytrivka", "Kherson region"),)


def test_a_renamed_town_is_found_by_its_old_name(index: MatchIndex, gazetteer: Gazetteer) -> None:
    (town,) = named(gazetteer, "Яни Капу")
    assert not gazetteer.curated(town) and "Krasnoperekopsk" in gazetteer.place(town).names
    assert keys(index, "Ukrainian drones struck an oil depot in Krasnoperekopsk")[:1] == [
        "yany-kapu"
    ]
    assert keys(index, "Украинские дроны атаковали нефтебазу в Красноперекопске")[:1] == [
        "yany-kapu"
    ]


def test_a_post_naming_another_oblast_does_not_back_the_claim(gazetteer: Gazetteer) -> None:
    analyzer = Analyzer(gazetteer)
    claim = analyzer.analyze("Russian forces captured Novodmytrivka in Kherson region")
    post = (
        "Heavy fighting continues in {} region. Russian forces captured Novodmytrivka, "
        "officials said, and shelled several villages nearby overnight, damaging houses and "
        "power lines."
    )
    # Kharkiv region has a Novodmytrivka of its own, Lviv region has none: either way the
    # post is about another village than the claim's.
    kharkiv, lviv, kherson = (
        analyzer.analyze(post.format(r)) for r in ("Kharkiv", "Lviv", "Kherson")
    )
    assert kharkiv.long and lviv.long
    assert rules.reason_to_refuse(kharkiv, claim, gazetteer) == rules.DIFFERENT_PLACE
    assert rules.place_rule(lviv, claim, gazetteer) is None
    assert rules.oblast_rule(lviv, claim, gazetteer) == rules.DIFFERENT_PLACE
    assert rules.oblast_rule(kherson, claim, gazetteer) is None


# --- editors' names --------------------------------------------------------------------------


def test_an_editors_name_for_a_settlement_goes_into_a_copy(gazetteer: Gazetteer) -> None:
    (village, *_) = sorted(ids(gazetteer, "Новодмитрівка Краматорського району"))
    edited = gazetteer.copy()
    edited.add({"id": village, "en": ["Novodmitrovka-Kramatorska"]})
    assert ids(edited, "near Novodmitrovka-Kramatorska") == {village}
    assert ids(gazetteer, "near Novodmitrovka-Kramatorska") == set()


# --- the shipped tables ----------------------------------------------------------------------


def test_the_shipped_tables_are_built_from_the_shipped_settlements() -> None:
    tables = load_tables()
    assert tables["source"] == hashlib.sha256(SETTLEMENTS_FILE.read_bytes()).hexdigest(), (
        "settlements.tsv.gz changed: rebuild with python -m store.match.gazetteer"
    )
    assert len(tables["places"]) == len(load_places())


def test_every_case_form_generated_for_a_settlement_finds_it(gazetteer: Gazetteer) -> None:
    """The forms are generated on demand from the name's stem: none may be lost on the way."""
    shipped = gazetteer._shipped
    assert shipped is not None
    sample = [r for r in load_places() if uncurated(r)][::97]
    checked = 0
    for record in sample:
        for lang in ("uk", "ru", "old"):
            for name in getattr(record, lang):
                words = _split_name(name)
                for declared in _name_lang(name, lang):
                    for form in declensions(words, declared):
                        real, generated = shipped.declined(1, form)
                        assert record.id in (generated if lang == "ru" else real), (name, form)
                        checked += 1
    assert checked > 3000
