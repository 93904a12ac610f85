"""Gazetteer data and the place matcher: traps kept apart, variants joined."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.match.gazetteer import Gazetteer, Place, PlaceMention, region_word

DATA = Path(__file__).resolve().parents[2] / "store" / "data" / "gazetteer.jsonl"
KINDS = {"country", "oblast", "city", "town", "village", "region"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load_default()


def ids(gaz: Gazetteer, text: str) -> list[str]:
    return [m.place_id for m in gaz.find(text)]


def one(gaz: Gazetteer, text: str) -> str:
    found = ids(gaz, text)
    assert len(found) == 1, (text, found)
    return found[0]


# --- data ------------------------------------------------------------------------------------


def test_data_file_is_well_formed() -> None:
    entries = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    seen = set()
    for e in entries:
        assert e["id"] not in seen
        seen.add(e["id"])
        assert e["kind"] in KINDS
        assert e["en"] and e["uk"] and e["ru"], e["id"]
    settlements = [e for e in entries if e["kind"] in {"city", "town", "village"}]
    oblasts = [e for e in entries if e["kind"] == "oblast"]
    assert len(settlements) >= 300
    assert len(oblasts) >= 25


def test_every_ukrainian_oblast_is_there(gaz: Gazetteer) -> None:
    slugs = (
        "vinnytsia volyn dnipropetrovsk donetsk zhytomyr zakarpattia zaporizhzhia ivano-frankivsk "
        "kyiv kirovohrad luhansk lviv mykolaiv odesa poltava rivne sumy ternopil kharkiv kherson "
        "khmelnytskyi cherkasy chernivtsi chernihiv"
    ).split()
    for slug in slugs:
        assert gaz.place(f"{slug}-oblast").kind == "oblast"
    for pid in ("crimea", "kyiv", "sevastopol", "ukraine", "russia", "kursk-oblast"):
        gaz.place(pid)


def test_place_record(gaz: Gazetteer) -> None:
    toretsk = gaz.place("toretsk")
    assert isinstance(toretsk, Place)
    assert toretsk.kind == "city" and toretsk.oblast == "donetsk"
    assert {"Toretsk", "Торецьк", "Торецк", "Dzerzhinsk"} <= set(toretsk.names)


# --- traps -----------------------------------------------------------------------------------


TRAPS = [
    ("Pokrovsk", "Pokrovske", "pokrovsk"),
    ("Mykolaiv", "Mykolaivka", "mykolaiv"),
    ("Myrnohrad", "Myrne", "myrnohrad"),
    ("Zaporizhzhia", "Zaporizke", "zaporizhzhia"),
    ("Kostiantynivka", "Kostiantynopil", "kostiantynivka"),
    ("Kurakhove", "Kurakhivka", "kurakhove"),
    ("Orikhiv", "Orikhove", "orikhiv"),
    ("Pokrovsk", "Pokrov", "pokrovsk"),
    ("Berdychiv", "Berdychi", "berdychiv"),
]


@pytest.mark.parametrize(("a", "b", "a_id"), TRAPS)
def test_trap_pairs_stay_apart(gaz: Gazetteer, a: str, b: str, a_id: str) -> None:
    first, second = ids(gaz, a), ids(gaz, b)
    assert first == [a_id]
    assert second and a_id not in second
    assert not set(first) & set(second)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Покровськ", "Покровське"),
        ("Покровск", "Покровское"),
        ("Миколаїв", "Миколаївка"),
        ("Николаев", "Николаевка"),
        ("Мирне", "Мирноград"),
        ("Запоріжжя", "Запорізьке"),
        ("Запорожье", "Запорожское"),
        ("Костянтинопіль", "Костянтинівка"),
        ("Курахове", "Курахівка"),
    ],
)
def test_cyrillic_traps_stay_apart(gaz: Gazetteer, a: str, b: str) -> None:
    assert not set(ids(gaz, a)) & set(ids(gaz, b))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("у Покровську", "pokrovsk"),
        ("біля Покровського", "pokrovske-dnipropetrovsk"),
        ("Миколаєва", "mykolaiv"),
        ("у Миколаївці", "mykolaivka-donetsk"),
        ("Мирного, Донецька область", "myrne-donetsk"),
        ("Мирнограда", "myrnohrad"),
        ("до Запоріжжя", "zaporizhzhia"),
        ("Запорізького", "zaporizke"),
        ("Запорожского", "zaporizke"),
        ("Костянтинополя", "kostiantynopil"),
        ("Костянтинівки", "kostiantynivka"),
    ],
)
def test_inflected_traps(gaz: Gazetteer, text: str, place: str) -> None:
    assert ids(gaz, text)[0] == place


def test_preposition_decides_ambiguous_case(gaz: Gazetteer) -> None:
    assert ids(gaz, "бои под Покровском") == ["pokrovsk"]
    assert ids(gaz, "бои в Покровском") == ["pokrovske-dnipropetrovsk"]


def test_exact_form_beats_inflected_reading(gaz: Gazetteer) -> None:
    # "Бердичів" is also the genitive plural of Бердичі, but it is a town's own name.
    assert ids(gaz, "Бердичів") == ["berdychiv"]
    assert ids(gaz, "біля Бердичів") == ["berdychiv"]


# --- variants, languages, old names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "place"),
    [
        (["Kupiansk", "Kupyansk", "Kupjansk", "Куп'янськ", "Купянск", "Купʼянськ"], "kupiansk"),
        (
            ["Huliaipole", "Gulyaipole", "Gulyai-Pole", "Gulyai Pole", "Гуляйполе", "Гуляйполье"],
            "huliaipole",
        ),
        (["Toretsk", "Торецьк", "Торецк", "Dzerzhinsk", "Дзержинськ", "Дзержинск"], "toretsk"),
        (["Bakhmut", "Artemovsk", "Artemivsk", "Артемівськ", "Артемовск"], "bakhmut"),
        (["Pokrovsk", "Krasnoarmeysk", "Krasnoarmiisk", "Красноармейск"], "pokrovsk"),
        (["Myrnohrad", "Dimitrov", "Dymytrov", "Мирноград"], "myrnohrad"),
        (["Kropyvnytskyi", "Kirovohrad", "Kirovograd", "Кропивницький"], "kropyvnytskyi"),
        (["Dnipro", "Dnepropetrovsk", "Dnipropetrovsk", "Дніпро", "Днепр"], "dnipro"),
        (["Kharkiv", "Kharkov", "Харків", "Харьков"], "kharkiv"),
        (["Kyiv", "Kiev", "Київ", "Киев"], "kyiv"),
        (["Odesa", "Odessa", "Одеса", "Одесса"], "odesa"),
        (["Luhansk", "Lugansk", "Луганськ", "Луганск"], "luhansk"),
        (["Zaporizhzhia", "Zaporozhye", "Zaporizhia", "Запоріжжя", "Запорожье"], "zaporizhzhia"),
        (["Niu-York", "New York", "Niu York", "Нью-Йорк", "Novhorodske"], "niu-york"),
        (["Sievierodonetsk", "Severodonetsk", "Северодонецк"], "sievierodonetsk"),
        (["Robotyne", "Rabotino", "Работино"], "robotyne"),
        (["Kadiivka", "Stakhanov", "Стаханов"], "kadiivka"),
        (["Oleshky", "Aleshki", "Tsiurupynsk", "Цюрупинск"], "oleshky"),
    ],
)
def test_spellings_languages_and_old_names_join(
    gaz: Gazetteer, forms: list[str], place: str
) -> None:
    for form in forms:
        assert one(gaz, form) == place, form


def test_case_insensitive(gaz: Gazetteer) -> None:
    assert one(gaz, "KUPIANSK") == "kupiansk"
    assert one(gaz, "kupiansk") == "kupiansk"
    assert one(gaz, "ТОРЕЦЬК") == "toretsk"


def test_variant_is_not_fuzzy(gaz: Gazetteer) -> None:
    assert ids(gaz, "Kupiansky") == []
    assert ids(gaz, "Pokrovskyi") == []
    assert ids(gaz, "Bakhmutt") == ["bakhmut"]
    assert ids(gaz, "Bahkmut") == []


# --- inflection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Торецька", "toretsk"),
        ("Торецьку", "toretsk"),
        ("під Торецьком", "toretsk"),
        ("в Торецке", "toretsk"),
        ("Херсона", "kherson"),
        ("у Херсоні", "kherson"),
        ("у Покровську", "pokrovsk"),
        ("под Покровском", "pokrovsk"),
        ("Гуляйполя", "huliaipole"),
        ("у Гуляйполі", "huliaipole"),
        ("Запорізького", "zaporizke"),
        ("Запорожья", "zaporizhzhia"),
        ("к Запорожью", "zaporizhzhia"),
        ("біля Часового Яру", "chasiv-yar"),
        ("в Часовом Яре", "chasiv-yar"),
        ("Великої Новосілки", "velyka-novosilka"),
        ("у Новій Каховці", "nova-kakhovka"),
        ("Кривому Розі", "kryvyi-rih"),
        ("Харкова", "kharkiv"),
        ("у Києві", "kyiv"),
        ("в Авдіївці", "avdiivka"),
        ("Авдеевку", "avdiivka"),
        ("в Олешках", "oleshky"),
        ("у Сумах", "sumy"),
        ("на Харківщині", "kharkiv-oblast"),
        ("Нью-Йорку", "niu-york"),
        ("в Судже", "sudzha"),
        ("Курахового", "kurakhove"),
        ("Марганця", "marhanets"),
        ("Нікополя", "nikopol"),
        # A hyphenated name declines in each part.
        ("захоплення Куп'янська-Вузлового", "kupiansk-vuzlovyi"),
        ("в Купянске-Узловом", "kupiansk-vuzlovyi"),
        ("Кам'янки-Дніпровської", "kamianka-dniprovska"),
    ],
)
def test_inflected_forms(gaz: Gazetteer, text: str, place: str) -> None:
    assert one(gaz, text) == place


def test_short_words_do_not_inflect_into_places(gaz: Gazetteer) -> None:
    assert ids(gaz, "сум і горе") == []
    assert ids(gaz, "Яр") == []


# --- regions, multi-word, possessives --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Donetsk region", "donetsk-oblast"),
        ("Donetsk Oblast", "donetsk-oblast"),
        ("Zaporizhzhia oblast", "zaporizhzhia-oblast"),
        ("Zaporozhye region", "zaporizhzhia-oblast"),
        ("Донецька область", "donetsk-oblast"),
        ("Донецької області", "donetsk-oblast"),
        ("в Донецкой обл.", "donetsk-oblast"),
        ("Запорізька область", "zaporizhzhia-oblast"),
        ("Запорожская область", "zaporizhzhia-oblast"),
        ("Запорожской области", "zaporizhzhia-oblast"),
        ("Dnipropetrovsk region", "dnipropetrovsk-oblast"),
        ("Kursk region", "kursk-oblast"),
        ("в Курской области", "kursk-oblast"),
        ("Kirovohrad Oblast", "kirovohrad-oblast"),
        ("Донеччина", "donetsk-oblast"),
    ],
)
def test_region_phrases_resolve_to_oblast(gaz: Gazetteer, text: str, place: str) -> None:
    assert one(gaz, text) == place


def test_city_alone_is_city(gaz: Gazetteer) -> None:
    assert ids(gaz, "Donetsk") == ["donetsk"]
    assert ids(gaz, "Donetsk region and Donetsk") == ["donetsk-oblast", "donetsk"]


def test_plural_region_word_covers_both(gaz: Gazetteer) -> None:
    assert ids(gaz, "Donetsk and Luhansk regions") == ["donetsk-oblast", "luhansk-oblast"]
    assert ids(gaz, "Донецька та Луганська області") == ["donetsk-oblast", "luhansk-oblast"]


def test_region_word() -> None:
    for word in ("oblast", "Region", "province", "область", "області", "обл.", "обл", "области"):
        assert region_word(word), word
    for word in ("district", "район", "Donetsk", "city"):
        assert not region_word(word), word


@pytest.mark.parametrize(
    ("text", "place", "surface"),
    [
        ("Fighting in Chasiv Yar continues", "chasiv-yar", "Chasiv Yar"),
        ("near Velyka Novosilka", "velyka-novosilka", "Velyka Novosilka"),
        ("Nova Kakhovka dam", "nova-kakhovka", "Nova Kakhovka"),
        ("Russia took New York", "niu-york", "New York"),
        ("Zaporizke's outskirts", "zaporizke", "Zaporizke"),
        ("Kupiansk’s centre", "kupiansk", "Kupiansk"),
        ("Gulyai-Pole front", "huliaipole", "Gulyai-Pole"),
        ("Kozacha Lopan", "kozacha-lopan", "Kozacha Lopan"),
    ],
)
def test_longest_match_and_surface(gaz: Gazetteer, text: str, place: str, surface: str) -> None:
    found = [m for m in gaz.find(text) if m.place_id == place]
    assert found, gaz.find(text)
    mention = found[0]
    assert mention.surface == surface
    assert text[mention.start : mention.end] == surface


def test_mention_spans_point_into_text(gaz: Gazetteer) -> None:
    text = "Росіяни заявили, що взяли Запорізьке та наступають на Гуляйполе і Оріхів."
    mentions = gaz.find(text)
    assert [m.place_id for m in mentions] == ["zaporizke", "huliaipole", "orikhiv"]
    for m in mentions:
        assert isinstance(m, PlaceMention)
        assert text[m.start : m.end] == m.surface


def test_names_do_not_join_across_punctuation(gaz: Gazetteer) -> None:
    assert ids(gaz, "Chasiv. Yar") == []
    assert ids(gaz, "з Запоріжжя") == ["zaporizhzhia"]


def test_common_words_need_a_capital(gaz: Gazetteer) -> None:
    assert ids(gaz, "евакуація: мирне населення виїхало") == []
    assert ids(gaz, "Мирне населення виїхало") == []
    assert ids(gaz, "День Победы") == []
    assert ids(gaz, "ізюм і горіхи") == []
    assert ids(gaz, "бої за Мирне, Донецька область")[0] == "myrne-donetsk"


def test_duplicate_names_use_oblast_context(gaz: Gazetteer) -> None:
    assert ids(gaz, "Novoselivka") == ["novoselivka-chernihiv", "novoselivka-donetsk"]
    assert ids(gaz, "Novoselivka near Lyman")[0] == "novoselivka-donetsk"
    assert ids(gaz, "Новоселівка, Чернігівська область")[0] == "novoselivka-chernihiv"
    assert ids(gaz, "Mykolaivka, Sumy region")[0] == "mykolaivka-sumy"
    assert ids(gaz, "Mykolaivka near Sloviansk")[0] == "mykolaivka-donetsk"


def test_countries_and_russian_places(gaz: Gazetteer) -> None:
    assert ids(gaz, "Russia's army in Ukraine") == ["russia", "ukraine"]
    assert ids(gaz, "в России и Украине") == ["russia", "ukraine"]
    assert one(gaz, "Sudzha") == "sudzha"
    assert one(gaz, "Коренево") == "korenevo"
    assert one(gaz, "Engels") == "engels"
    assert one(gaz, "Moscow") == "moscow"
    assert one(gaz, "Belgorod") == "belgorod"
    assert one(gaz, "Брянська область") == "bryansk-oblast"


# --- editing ---------------------------------------------------------------------------------


def test_from_entries_and_add_merge() -> None:
    small = Gazetteer.from_entries(
        [
            {
                "id": "toretsk",
                "kind": "city",
                "oblast": "donetsk",
                "en": ["Toretsk"],
                "uk": ["Торецьк"],
            }
        ]
    )
    assert [m.place_id for m in small.find("Dzerzhinsk")] == []
    small.add({"id": "toretsk", "old": ["Dzerzhinsk", "Дзержинск"]})
    assert [m.place_id for m in small.find("Dzerzhinsk, під Дзержинском")] == ["toretsk"] * 2
    assert small.place("toretsk").kind == "city"
    assert "Dzerzhinsk" in small.place("toretsk").names
    small.add({"id": "new-place", "kind": "village", "oblast": "donetsk", "en": ["Testove"]})
    assert [m.place_id for m in small.find("Testove")] == ["new-place"]


# --- robustness ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_find_never_crashes(gaz: Gazetteer, text: str) -> None:
    for m in gaz.find(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Торецьк", "Kupiansk", "під", " ", ",", "Donetsk", "region"])))
def test_find_spans_are_ordered(gaz: Gazetteer, words: list[str]) -> None:
    text = " ".join(words)
    starts = [m.start for m in gaz.find(text)]
    assert starts == sorted(starts)


def test_find_is_fast(gaz: Gazetteer) -> None:
    import time

    text = "Російські війська атакували Покровськ, Торецьк і Kupiansk біля Donetsk region. " * 300
    began = time.perf_counter()
    found = gaz.find(text)
    assert len(found) == 1200
    assert time.perf_counter() - began < 1.0
