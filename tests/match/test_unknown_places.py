"""Places the gazetteer does not know: a capitalised word in a place slot is a place, its key
is shared by its spellings and case forms in three languages and by no other name, and a
claim about it is found by its name alone, never by a similar one.

The villages are made up, so these tests hold however many settlements the gazetteer knows.
"""

from __future__ import annotations

import random

import pytest

from store.match.analyze import Analyzer, looks_like_place, nominative, place_key, slot_cases
from store.match.index import MatchIndex
from store.match.rank import MATCH_THRESHOLD
from store.match.translit import transliterate
from store.repo import IndexEntry

LOC = frozenset({"loc", "acc", "gen"})
GEN = frozenset({"gen"})
INS = frozenset({"ins", "acc"})


@pytest.fixture(scope="module")
def analyzer(gazetteer) -> Analyzer:
    return Analyzer(gazetteer)


@pytest.mark.parametrize(
    ("words", "lang", "cases"),
    [
        (["Vorobyovka"], "en", frozenset({"nom"})),
        (["Воробьёвка"], "ru", frozenset({"nom"})),
        (["Воробьевку"], "ru", frozenset({"nom", "acc"})),
        (["Воробйовка"], "uk", frozenset({"nom"})),
        (["Воробйовці"], "uk", LOC),
        (["Воробьевки"], "ru", GEN),
        (["Воробьевкой"], "ru", INS),
    ],
)
def test_one_name_has_one_key_in_every_language_and_case(words, lang, cases) -> None:
    assert place_key(words, lang, cases) == place_key(["Vorobyovka"], "en")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Vorobyovka", "Vorobyivka"),
        ("Vorobyovka", "Vorobiivka"),
        ("Vorobyovka", "Zaporizke"),
        ("Pokrovsk", "Pokrovske"),
        ("Brezoranka", "Bruzoranka"),
    ],
)
def test_a_different_name_has_a_different_key(one: str, other: str) -> None:
    assert place_key([one], "en") != place_key([other], "en")


def test_y_and_i_are_one_latin_spelling_of_a_soft_sign_or_short_i() -> None:
    # Воробйівка is written Vorobiivka (KMU 2010) and Vorobyivka (the press): one name.
    assert place_key(["Vorobyivka"], "en") == place_key(["Vorobiivka"], "en")
    assert place_key(["Воробйівка"], "uk") == place_key(["Vorobiivka"], "en")


@pytest.mark.parametrize(
    ("word", "lang", "cases", "expected"),
    [
        ("покровске", "ru", LOC, "покровск"),
        ("покровском", "ru", LOC, "покровское"),
        ("покровском", "ru", INS, "покровск"),
        ("покровське", "uk", frozenset({"nom"}), "покровське"),
        ("дальнего", "ru", GEN, "дальнее"),
        ("романовке", "ru", LOC, "романовка"),
        ("коренева", "ru", GEN, "коренево"),
    ],
)
def test_case_endings_are_undone_only_as_the_declension_rules_make_them(
    word: str, lang: str, cases: frozenset[str], expected: str
) -> None:
    assert nominative(word, lang, cases) == expected


@pytest.mark.parametrize(
    "before",
    [
        "Russian forces captured the village of ",
        "Russia took ",
        "fighting near ",
        "shelling in ",
        "Бої у ",
        "ЗСУ звільнили село ",
        "Бои в районе ",
        "удар по н.п. ",
        "под ",
    ],
)
def test_place_slots(before: str) -> None:
    assert slot_cases(before) is not None


@pytest.mark.parametrize("before", ["Russia said ", "the ", "Zelensky told ", "the region "])
def test_not_place_slots(before: str) -> None:
    assert slot_cases(before) is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Brezoranka", True), ("May", False), ("Monday", False), ("east", False), ("NATO", False)],
)
def test_a_place_word_is_shaped_like_a_name(word: str, expected: bool) -> None:
    assert looks_like_place(word) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces captured the village of Brezoranka",
        "Russia took Brezoranka",
        "Росіяни захопили Брезоранку",
        "Бої у Брезоранці",
        "ВС РФ освободили Брезоранку",
        "Бои в районе Брезоранки",
        "Обстрел н.п. Брезоранка",
    ],
)
def test_a_word_in_a_place_slot_is_a_place(analyzer, text: str) -> None:
    assert analyzer.analyze(text).unknown == (place_key(["Brezoranka"], "en"),)


@pytest.mark.parametrize(
    "text",
    [
        "Fighting continues in the east",
        "Russia took it in May",
        "Russian troops took the bridge in Ukraine",
        "Бои в районе населённого пункта",
        "Russian forces advanced in Tambov region",
        "Песков: у Путина нет таких планов",
        "Об этом сообщили у Лаврова",
        "У Міноборони заявили про відступ",
        "В Генштабе ВСУ сообщили о боях",
        "У Міністерстві оборони росії заявили про контроль",
        "В Министерстве обороны сообщили о боях",
        "В Угрупованні об'єднаних сил заявили про бої",
        # A first name before a surname is a person, not a village.
        "У Тараса Кобзенка заявили про обстріл",
        "В Олега Прилуцкого сообщили о боях",
        # After an English verb or preposition only a Slavic-shaped name is taken for a place.
        "Trump laughed during a rally in Florida",
        "The leak captured Democratic staffers mocking voters",
    ],
)
def test_common_words_months_countries_regions_and_people_are_no_unknown_places(
    analyzer, text: str
) -> None:
    assert analyzer.analyze(text).unknown == ()


def test_a_two_word_name_is_one_place(analyzer) -> None:
    analysis = analyzer.analyze("Russia took Nova Brezoranka")
    assert analysis.unknown == (place_key(["Nova", "Brezoranka"], "en"),)
    assert analyzer.analyze("Росія захопила Нову Брезоранку").unknown == analysis.unknown


# --- the examples -------------------------------------------------------------------

ZAPORIZKE_CLAIMS = {
    "en": "Russian forces captured the village of Zaporizke in Dnipropetrovsk region",
    "uk": "Російські війська захопили село Запорізьке у Дніпропетровській області",
    "ru": "Российские войска захватили село Запорожское в Днепропетровской области",
}
VOROBYOVKA_QUERIES = {
    "en": "Russian forces captured the village of Vorobyovka in Dnipropetrovsk region",
    "uk": "Російські війська захопили село Воробйовка у Дніпропетровській області",
    "ru": "Российские войска захватили село Воробьёвка в Днепропетровской области",
}


@pytest.mark.parametrize("claim_lang", ["en", "uk", "ru"])
@pytest.mark.parametrize("query_lang", ["en", "uk", "ru"])
def test_a_village_never_answers_for_another_village_in_its_region(
    gazetteer, claim_lang: str, query_lang: str
) -> None:
    index = MatchIndex(
        [IndexEntry(1, "zaporizke", (ZAPORIZKE_CLAIMS[claim_lang],))], Analyzer(gazetteer)
    )
    result = index.search(VOROBYOVKA_QUERIES[query_lang], min_score=0)
    assert result.matches == []
    assert result.nearest is not None and result.nearest.reason == "a different place"


ONSETS = ("бр", "зд", "кв", "тр", "мл", "ств", "гр", "жб", "пл", "скр", "дв", "хл")
VOWELS = ("а", "о", "у", "е")
MIDDLES = ("б", "д", "р", "л", "м", "н", "т", "в", "з")
SUFFIXES = ("анка", "енка", "унка", "ушка")  # the same in Ukrainian and Russian
REGIONS = ("Donetsk", "Dnipropetrovsk", "Kharkiv", "Zaporizhzhia", "Sumy", "Kherson")
SWAP = {"а": "о", "о": "а", "у": "е", "е": "у"}


def made_up_villages(count: int) -> list[str]:
    rng = random.Random(13)
    names: set[str] = set()
    while len(names) < count:
        stem = [rng.choice(ONSETS), rng.choice(VOWELS), rng.choice(MIDDLES)]
        stem += [rng.choice(VOWELS), rng.choice(MIDDLES), rng.choice(SUFFIXES)]
        names.add("".join(stem).capitalize())
    return sorted(names)


def alike(name: str) -> str:
    """The name with its first vowel changed: Брезоранка -> Бризоранка is another village."""
    i = next(i for i, ch in enumerate(name) if ch in SWAP)
    return name[:i] + SWAP[name[i]] + name[i + 1 :]


def latin(name: str) -> str:
    return transliterate(name, "uk")


@pytest.fixture(scope="module")
def villages(gazetteer) -> tuple[list[str], MatchIndex]:
    names = made_up_villages(50)
    entries = [
        IndexEntry(i, name, (f"Russian forces captured {latin(name)} in {REGIONS[i % 6]} region",))
        for i, name in enumerate(names)
    ]
    return names, MatchIndex(entries, Analyzer(gazetteer))


def test_fifty_unknown_villages_are_each_found_by_their_name_alone(villages) -> None:
    names, index = villages
    found = [index.search(f"Russia took {latin(name)}", limit=1).matches for name in names]
    assert sum(bool(m) and m[0].key == name for m, name in zip(found, names, strict=True)) == 50


def test_a_similarly_named_village_finds_none_of_them(villages) -> None:
    names, index = villages
    for name in names:
        assert place_key([alike(name)], "uk") != place_key([name], "uk")
        result = index.search(f"Russia took {latin(alike(name))}", min_score=0)
        assert all(m.score < MATCH_THRESHOLD for m in result.matches), name


@pytest.mark.parametrize(
    "query",
    [
        "Russia took {en}",
        "Russian troops took the village of {en}",
        "Росіяни захопили {uk_acc}",
        "Бої у {uk_loc}",
        "ВС РФ освободили {ru_acc}",
        "Бои в районе {ru_gen}",
    ],
)
def test_an_unknown_village_is_found_in_three_languages(villages, query: str) -> None:
    names, index = villages
    name = next(n for n in names if n.endswith("анка"))
    text = query.format(
        en=latin(name),
        uk_acc=name[:-1] + "у",
        uk_loc=name[:-2] + "ці",
        ru_acc=name[:-1] + "у",
        ru_gen=name[:-1] + "и",
    )
    result = index.search(text, limit=1)
    assert [m.key for m in result.matches] == [name]


def test_a_query_naming_another_region_is_still_refused(villages) -> None:
    names, index = villages
    result = index.search(f"Russia took {latin(names[1])} in Luhansk region", min_score=0)
    assert result.matches == []
    assert result.nearest is not None and result.nearest.reason == "a different region"


def test_the_claims_region_in_the_query_still_matches(villages) -> None:
    names, index = villages
    result = index.search(f"Russia took {latin(names[1])} in {REGIONS[1]} region", limit=1)
    assert [m.key for m in result.matches] == [names[1]]
