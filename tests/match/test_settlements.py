"""The shipped settlements of Ukraine and the Russian forms generated for them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from store.match.build_gazetteer import clean_name, name_key
from store.match.gazetteer import Gazetteer
from store.match.russian import MAX_FORMS, russian_forms
from store.match.settlements import DATA_FILE, PlaceRecord, load_places, read_records

CURATED = Path(__file__).resolve().parents[2] / "store" / "data" / "gazetteer.jsonl"


@pytest.mark.parametrize(
    ("uk", "ru"),
    [
        ("Новодмитрівка", "Новодмитровка"),
        ("Запорізьке", "Запорожское"),
        ("Покровське", "Покровское"),
        ("Вугледар", "Угледар"),
        ("Покровськ", "Покровск"),
        ("Торецьк", "Торецк"),
        ("Сіверськ", "Северск"),
        ("Слов'янськ", "Славянск"),
        ("Кам’янське", "Каменское"),
        ("Мар'їнка", "Марьинка"),
        ("Андріївка", "Андреевка"),
        ("Миколаївка", "Николаевка"),
        ("Олександрівка", "Александровка"),
        ("Новоолексіївка", "Новоалексеевка"),
        ("Василівка", "Васильевка"),
        ("Курахове", "Курахово"),
        ("Степове", "Степовое"),
        ("Очеретине", "Очеретино"),
        ("Мирне", "Мирное"),
        ("Єнакієве", "Енакиево"),
        ("Енергодар", "Энергодар"),
        ("Нова Каховка", "Новая Каховка"),
        ("Кривий Ріг", "Кривой Рог"),
        ("Великі Копані", "Великие Копани"),
        ("Запоріжжя", "Запорожье"),
        ("Марганець", "Марганец"),
        ("Часів Яр", "Часов Яр"),
        ("Вовчанськ", "Волчанск"),
        ("Київ", "Киев"),
        ("Львів", "Львов"),
        ("Чугуїв", "Чугуев"),
        ("Піски", "Пески"),
        ("Суми", "Сумы"),
        ("Лозова", "Лозовая"),
        ("Гуляйполе", "Гуляйполе"),
        ("Світлодарськ", "Светлодарск"),
        ("Чорноморськ", "Черноморск"),
        ("Ірпінь", "Ирпень"),
        ("Білогір'я", "Белогорье"),
        ("Соловйове", "Соловьево"),
        ("Іллінка", "Ильинка"),
        ("Нова Іллінка", "Новая Ильинка"),
        ("Дальнє", "Дальнее"),
        ("Затишшя", "Затишье"),
        ("Ганнівка", "Ганновка"),
    ],
)
def test_russian_forms(uk: str, ru: str) -> None:
    forms = russian_forms(uk)
    assert ru in forms, forms
    assert 1 <= len(forms) <= MAX_FORMS


def test_russian_forms_best_first_and_unchanged_names() -> None:
    assert russian_forms("Новодмитрівка")[0] == "Новодмитровка"
    assert russian_forms("Покровськ") == ("Покровск",)
    assert russian_forms("Бахмут") == ("Бахмут",)
    assert russian_forms("Лисичанськ") == ("Лисичанск",)  # not the ѣ root "ліс"


@pytest.fixture(scope="module")
def places() -> list[PlaceRecord]:
    return load_places()


def named(places: list[PlaceRecord], name: str) -> list[PlaceRecord]:
    return [p for p in places if p.katottg and name in p.uk]


def test_the_whole_country(places: list[PlaceRecord]) -> None:
    settlements = [p for p in places if p.katottg]
    assert len(settlements) == 29_707
    assert len({p.katottg for p in settlements}) == 29_707
    assert len({p.id for p in places}) == len(places)
    assert Counter(p.category for p in settlements) == {"C": 27_237, "X": 2_007, "M": 461, "K": 2}
    for p in settlements:
        assert p.uk and p.en and p.ru and p.oblast and p.oblast_unit
        assert (p.raion is None) == (p.category == "K")


def test_novodmytrivka_names_ten_settlements_apart(places: list[PlaceRecord]) -> None:
    found = named(places, "Новодмитрівка")
    assert len(found) == 10
    assert len({(p.oblast_unit.code, p.raion.code) for p in found}) == 10
    assert all("Новодмитровка" in p.ru for p in found)


def test_zaporizke_names_thirteen_settlements_apart(places: list[PlaceRecord]) -> None:
    found = named(places, "Запорізьке")
    assert len(found) == 13
    assert len({(p.oblast_unit.code, p.raion.code, p.hromada.code) for p in found}) == 13
    assert all(p.oblast and p.raion.name and p.hromada.name for p in found)
    assert all("Запорожское" in p.ru for p in found)


@pytest.mark.parametrize(
    ("current", "old"),
    [("Бахмут", "Артемівськ"), ("Покровськ", "Красноармійськ"), ("Самар", "Новомосковськ")],
)
def test_names_before_the_renamings(places: list[PlaceRecord], current: str, old: str) -> None:
    found = [p for p in named(places, current) if p.category == "M"]
    assert len(found) == 1
    assert old in found[0].old


def test_press_spelling_kupyansk(places: list[PlaceRecord]) -> None:
    (kupiansk,) = [p for p in named(places, "Куп'янськ") if p.category == "M"]
    assert kupiansk.id == "kupiansk"  # the curated id is kept
    assert {"Kupiansk", "Kupyansk"} <= set(kupiansk.en)


def test_every_curated_entry_keeps_its_id_and_names(places: list[PlaceRecord]) -> None:
    by_id = {p.id: p for p in places}
    curated = [json.loads(line) for line in CURATED.read_text(encoding="utf-8").splitlines()]
    assert len(curated) == 533
    for entry in curated:
        place = by_id[entry["id"]]
        assert place.kind == entry["kind"]
        assert place.oblast == entry["oblast"]
        have = {name_key(n) for n in place.names}
        for lang in ("en", "uk", "ru", "old"):
            for name in entry.get(lang, []):
                assert name_key(clean_name(name)) in have, (entry["id"], name)


def test_most_curated_settlements_linked_to_their_code(places: list[PlaceRecord]) -> None:
    linked = [p for p in places if p.katottg and not p.id.startswith("UA")]
    assert len(linked) >= 400
    assert {"bakhmut", "pokrovsk", "kupiansk", "kyiv", "sievierodonetsk"} <= {p.id for p in linked}


def test_records_feed_the_gazetteer(places: list[PlaceRecord]) -> None:
    """Not wired yet; this shows the records are ready for ``Gazetteer.add``."""
    villages = [p for p in named(places, "Новодмитрівка") if p.category == "C"]
    gaz = Gazetteer.from_entries(p.entry() for p in villages)
    found = {m.place_id for m in gaz.find("Бои под Новодмитровкой и у Новодмитрівки")}
    assert found == {p.id for p in villages}
    assert len(found) == 9


def test_malformed_file_refused() -> None:
    with pytest.raises(ValueError, match="not a sourcecheck gazetteer"):
        read_records(["id\tname\n"])
    with pytest.raises(ValueError, match=":3: malformed"):
        read_records(["#sourcecheck-gazetteer\t1\n", "U\tUA1\tO\tX\n", "P\tonly\tthree\n"])


def test_shipped_file_is_compact() -> None:
    assert DATA_FILE.stat().st_size < 3_000_000


def test_ambiguous_curated_place_lists_the_codes_it_may_be(places: list[PlaceRecord]) -> None:
    by_code = {p.katottg: p for p in places if p.katottg}
    zaporizke = next(p for p in places if p.id == "zaporizke")
    assert zaporizke.katottg == ""  # six Zaporizkes in Dnipropetrovsk oblast, none named
    assert len(zaporizke.maybe) == 6
    assert {by_code[c].oblast for c in zaporizke.maybe} == {"dnipropetrovsk"}
    assert all("Запорізьке" in by_code[c].uk for c in zaporizke.maybe)
