"""Transliteration, language detection and spelling skeletons."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.match.translit import detect_lang, transliterate, variant_key


@pytest.mark.parametrize(
    ("uk", "latin"),
    [
        ("Запорізьке", "Zaporizke"),
        ("Новогригорівка", "Novohryhorivka"),
        ("Гуляйполе", "Huliaipole"),
        ("Київ", "Kyiv"),
        ("Згурівка", "Zghurivka"),
        ("Запоріжжя", "Zaporizhzhia"),
        ("Слов'янськ", "Sloviansk"),
        ("Мар'їнка", "Marinka"),
        ("Єнакієве", "Yenakiieve"),
        ("Їжакевич", "Yizhakevych"),
        ("Йосипівка", "Yosypivka"),
        ("Юрій", "Yurii"),
        ("Яготин", "Yahotyn"),
        ("Кліщіївка", "Klishchiivka"),
        ("Щастя", "Shchastia"),
        ("Нью-Йорк", "Niu-York"),
        ("Торецьк", "Toretsk"),
        ("Харків", "Kharkiv"),
        ("Ґорґани", "Gorgany"),
    ],
)
def test_kmu_2010(uk: str, latin: str) -> None:
    assert transliterate(uk, "uk") == latin


@pytest.mark.parametrize(
    ("ru", "latin"),
    [
        ("Гуляйполе", "Gulyaypole"),
        ("Дзержинск", "Dzerzhinsk"),
        ("Красноармейск", "Krasnoarmeysk"),
        ("Артёмовск", "Artemovsk"),
        ("Купянск", "Kupyansk"),
        ("Щёкино", "Shchekino"),
        ("Подъячий", "Podyachiy"),
        ("Харьков", "Kharkov"),
        ("Днепропетровск", "Dnepropetrovsk"),
        ("Энгельс", "Engels"),
        ("Сызрань", "Syzran"),
    ],
)
def test_russian_scheme(ru: str, latin: str) -> None:
    assert transliterate(ru, "ru") == latin


def test_case_and_non_cyrillic_are_preserved() -> None:
    assert transliterate("ЖИТОМИР", "uk") == "ZHYTOMYR"
    assert transliterate("Щ", "uk") == "Shch"
    assert transliterate("Бої за Kupiansk, 2024!", "uk") == "Boi za Kupiansk, 2024!"
    assert transliterate("Hello") == "Hello"


def test_lang_none_detects() -> None:
    assert transliterate("Росіяни зайшли у Гуляйполе") == "Rosiiany zaishly u Huliaipole"
    assert transliterate("Россия заняла Гуляйполе") == "Rossiya zanyala Gulyaypole"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Russia took Zaporizke", "en"),
        ("", "en"),
        ("Росіяни взяли Запорізьке", "uk"),
        ("Армия России взяла Запорожское, сообщил Генштаб", "ru"),
        ("що там під Торецьком", "uk"),
        ("что там под Торецком", "ru"),
        ("Ворог та його втрати", "uk"),
        ("Торецк", "ru"),
        ("Торецьк", "uk"),
        ("Бахмут", "ru"),
        ("Объект поражён", "ru"),
        ("Ґрунт", "uk"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    "spellings",
    [
        ("Kupiansk", "Kupyansk", "Kupjansk", "Kup'iansk", "KUPIANSK"),
        ("Huliaipole", "Gulyaipole", "Hulyaipole", "Gulyai-Pole", "Gulyaypole", "Huliaj-Pole"),
        ("Avdiivka", "Avdiyivka", "Avdiïvka"),
        ("Kharkiv", "Kharkív", "Harkiv"),
        ("Sievierodonetsk", "Sieverodonetsk", "Severodonetsk", "Syeverodonetsk"),
        ("Marinka", "Mar'inka"),
        ("Yenakiieve", "Enakieve", "Yenakiyeve"),
        ("Klishchiivka", "Klischiivka", "Klishchiyivka"),
    ],
)
def test_variant_key_joins_spellings(spellings: tuple[str, ...]) -> None:
    assert len({variant_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pokrovsk", "Pokrovske"),
        ("Mykolaiv", "Mykolaivka"),
        ("Myrne", "Myrnohrad"),
        ("Zaporizke", "Zaporizhzhia"),
        ("Kostiantynopil", "Kostiantynivka"),
        ("Kurakhove", "Kurakhivka"),
        ("Kharkiv", "Kharkov"),
        ("Orikhiv", "Orikhove"),
        ("Pokrov", "Pokrovsk"),
        ("Berdychi", "Berdychiv"),
    ],
)
def test_variant_key_keeps_towns_apart(a: str, b: str) -> None:
    assert variant_key(a) != variant_key(b)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_crashes_on_any_unicode(text: str) -> None:
    for lang in (None, "uk", "ru", "en"):
        assert isinstance(transliterate(text, lang), str)
    assert detect_lang(text) in {"uk", "ru", "en"}
    assert isinstance(variant_key(text), str)


@given(st.text(alphabet=st.characters(codec="ascii")))
def test_ascii_passes_through(text: str) -> None:
    assert transliterate(text, "uk") == text
