"""What the matcher reads in a text: places as one token however spelt, actors, events,
negation, and a post's sentences."""

from __future__ import annotations

import pytest

from store.match.analyze import Analyzer


def test_lowercase_words_in_a_written_post_are_not_taken_for_places(gazetteer) -> None:
    post = (
        "Сили оборони відбили шість атак на запорізькому напрямку, повідомили у штабі. "
        "Противник зазнав втрат, ситуація контрольована, тривають бої за позиції."
    )
    assert Analyzer(gazetteer).analyze(post).places == ()


def test_one_place_is_one_token_in_any_language_or_case(gazetteer) -> None:
    analyzer = Analyzer(gazetteer)
    english = analyzer.analyze("Russia took Kupiansk")
    ukrainian = analyzer.analyze("Росіяни захопили Куп'янськ")
    russian = analyzer.analyze("ВС РФ освободили Купянск")
    assert english.places == ukrainian.places == russian.places
    assert len(english.places) == 1
    assert set(english.tokens) & set(ukrainian.tokens) & set(russian.tokens) >= {
        "~capture",
        "@kupiansk",
    }


def test_driving_into_a_town_is_entering_it_in_three_languages(gazetteer) -> None:
    """ "Въехали", "заїхали", "ворвались": a column driven into a town is troops that entered
    it, as the English claim says, and a post telling it must say so in the same sentence."""
    analyzer = Analyzer(gazetteer)
    claim = analyzer.analyze("Russian troops entered Kupiansk")
    for told in (
        "Колонна российской техники в понедельник въехала прямо в Купянск",
        "Російська бронетехніка заїхала в Куп'янськ зранку",
        "Штурмовики ворвались в Купянск с востока",
        "Захватчикам не удалось войти в Купянск",
        "Окупанти намагалися увійти в Куп'янськ",
    ):
        said = analyzer.analyze(told)
        assert said.events == claim.events == {"~enter"}
        assert said.places == claim.places


def test_an_encirclement_is_its_own_event_in_three_languages(gazetteer) -> None:
    """ "Оточення", "окружение", "encircled": one concept, not a capture (a report of a town
    encircled is not a report of it taken)."""
    analyzer = Analyzer(gazetteer)
    claim = analyzer.analyze("Russian forces encircled Pokrovsk")
    for told in ("Росіяни заявили про оточення Покровська", "ВС РФ завершили окружение Покровска"):
        said = analyzer.analyze(told)
        assert said.events == claim.events == {"~encircle"}
    assert analyzer.analyze("Russian forces captured Pokrovsk").events == {"~capture"}


def test_on_zaporizhzhia_is_the_region_in_zaporizhzhia_the_city(gazetteer) -> None:
    analyzer = Analyzer(gazetteer)
    region = analyzer.analyze("Росіяни захопили Степногірськ на Запоріжжі")
    assert region.regions == {"zaporizhzhia-oblast"}
    assert region.place_names == ("stepnohirsk",)
    assert "zaporizhzhia" in analyzer.analyze("Вибухи у Запоріжжі вночі").place_names


def test_invaders_are_russia(gazetteer) -> None:
    analyzer = Analyzer(gazetteer)
    for told in ("Российские захватчики вошли в город", "Загарбники увійшли в місто"):
        assert analyzer.analyze(told).actors == {"russia"}
        assert "~capture" not in analyzer.analyze(told).tokens


def test_words_that_reject_a_report_read_as_its_denial(gazetteer) -> None:
    """ "Спростовуючи", "заперечили", "нафантазували": the sentence denies the capture it
    names, as "did not capture" does."""
    analyzer = Analyzer(gazetteer)
    for told in (
        "Бригада тримає оборону біля Часового Яру, спростовуючи чутки про захоплення міста",
        "Командири заперечили захоплення Вугледара російськими військами",
        "Окупанти нафантазували захоплення Степногірська",
        "Ці новини про захоплення Покровська вигадані",
    ):
        assert analyzer.analyze(told).negated, told
    assert not analyzer.analyze("Окупанти заявили про захоплення Степногірська").negated


@pytest.mark.parametrize(
    ("text", "place", "where"),
    [
        ("Russian forces captured Dalnie south of Kurakhove", "dalnie", "kurakhove"),
        ("Russian forces captured Illinka (Kurakhove direction)", "illinka", "kurakhove"),
        ("ВС РФ освободили Ильинку в районе Курахово", "illinka", "kurakhove"),
        ("ВС РФ освободили Дальнее южнее Курахово", "dalnie", "kurakhove"),
        ("Росіяни захопили Дальнє поблизу Курахового", "dalnie", "kurakhove"),
        ("Міноборони РФ заявило про захоплення Іллінки на Покровському напрямку", "illinka", None),
        ("ВС РФ освободили Ильинку на Покровском направлении", "illinka", None),
    ],
)
def test_a_place_that_says_where_another_lies_is_a_locator(gazetteer, text, place, where) -> None:
    analysis = Analyzer(gazetteer).analyze(text)
    assert len(analysis.locators) == 1 and place in analysis.place_names
    (i,) = analysis.locators
    assert analysis.place_names[i] != place
    if where is not None:  # a front named by its town's adjective may read as another place
        assert analysis.place_names[i] == where
        assert analysis.locator_tokens == {"@" + where}


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces captured Kurakhove and Dalnie",
        "Бои идут в районе Курахово",  # the only place is what the text is about
    ],
)
def test_places_told_of_are_no_locators(gazetteer, text) -> None:
    assert Analyzer(gazetteer).analyze(text).locators == frozenset()


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("ВС РФ освободили Ильинку и Петровку", {"illinka", "petrivka"}),
        ("ВС России освободили Димитров, Родинское и Вольное в ДНР", {"myrnohrad", "rodynske"}),
        ("Russia took Stepove and Sieverne, and shelled Kharkiv", {"stepove", "sieverne"}),
        ("Росіяни захопили Іллінку та Петрівку", {"illinka", "petrivka"}),
    ],
)
def test_places_named_in_a_list_are_listed(gazetteer, text, places) -> None:
    analysis = Analyzer(gazetteer).analyze(text)
    listed = {analysis.place_names[i] for i in analysis.listed}
    assert places <= listed
    assert "kharkiv" not in listed


def test_every_place_a_listed_name_may_be_is_listed(gazetteer) -> None:
    """ "Петровка" is also each village renamed from a Petrivka: all of them are on the list,
    so a claim on any of them is."""
    analysis = Analyzer(gazetteer).analyze("ВС РФ освободили Ильинку и Петровку")
    assert len(analysis.place_names) > 2
    assert analysis.listed == frozenset(range(len(analysis.place_names)))


def test_places_apart_are_no_list(gazetteer) -> None:
    analyzer = Analyzer(gazetteer)
    assert analyzer.analyze("Russia took Dalnie, 20 km from Kurakhove").listed == frozenset()
    assert analyzer.analyze("Russian forces captured Kurakhove").listed == frozenset()


def test_actors_events_and_negation(gazetteer) -> None:
    analysis = Analyzer(gazetteer).analyze("Russia did not capture Zaporizke")
    assert analysis.actors == {"russia"}
    assert analysis.events == {"~capture"}
    assert analysis.negated
    assert not Analyzer(gazetteer).analyze("Russia captured Zaporizke").negated


def test_a_post_is_read_sentence_by_sentence(gazetteer) -> None:
    post = Analyzer(gazetteer).analyze(
        "Heavy fighting continued overnight, officials said. "
        "Russian troops had not captured Kupiansk by the morning."
    )
    assert post.long and len(post.sentences) == 2
    words, negated = post.sentences[1]
    assert "@kupiansk" in words and negated
    assert not post.sentences[0][1]
    assert Analyzer(gazetteer).analyze("Russia took Kupiansk").sentences == ()


def test_a_country_in_a_slot_stays_an_actor_and_is_no_unknown_place(gazetteer) -> None:
    analysis = Analyzer(gazetteer).analyze("Russia took Brezoranka in Ukraine")
    assert analysis.actors == {"russia", "ukraine"}
    assert len(analysis.unknown) == 1 and "?" + analysis.unknown[0] in analysis.tokens


def test_an_unknown_place_is_one_token_in_any_language_or_case(gazetteer) -> None:
    analyzer = Analyzer(gazetteer)
    texts = ["Russia took Brezoranka", "Росіяни захопили Брезоранку", "Бои под Брезоранкой"]
    keys = {analyzer.analyze(text).unknown for text in texts}
    assert len(keys) == 1 and len(next(iter(keys))) == 1
