"""Frames: the event a statement tells, read alike in English, Ukrainian and Russian, and
a claim text that reads back as the same event."""

from __future__ import annotations

import datetime as dt

import pytest

from store.match.analyze import Analyzer
from store.match.frame import DATED, Frame, FrameBook, Framer
from store.match.gazetteer import Gazetteer

DAY = dt.date(2024, 7, 3)


@pytest.fixture(scope="module")
def framer(gazetteer: Gazetteer) -> Framer:
    return Framer(Analyzer(gazetteer))


def _read(framer: Framer, text: str) -> tuple | None:
    frame = framer.frame(text, date=DAY)
    if frame is None:
        return None
    return frame.action, frame.actor, frame.figure, frame.negated, framer.describe(frame)


@pytest.mark.parametrize(
    "text",
    [
        "Russian troops have captured Lysychansk",
        "Lysychansk fell to Russian forces on Saturday",
        "Lysychansk is now under Russian control",
        "Російські війська захопили Лисичанськ",
        "Лисичанськ окупували російські війська",
        "Армия России освободила Лисичанск в ЛНР",
    ],
)
def test_one_capture_in_three_languages_is_one_frame(framer: Framer, text: str) -> None:
    assert _read(framer, text) == (
        "capture",
        "russia",
        None,
        False,
        "Russian forces captured Lysychansk (Luhansk region)",
    )


def test_a_denial_is_the_same_frame_negated(framer: Framer) -> None:
    assert _read(framer, "Lysychansk has not been captured")[3] is True
    held = framer.frame("Ukrainian units still hold Lysychansk")
    captured = framer.frame("Russian forces took Lysychansk")
    assert held is not None and captured is not None
    assert (held.action, held.actor, held.places, held.negated) == (
        "capture",
        "russia",
        captured.places,
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ukrainian troops withdrew from Avdiivka",
            "Ukrainian forces withdrew from Avdiivka (Donetsk region)",
        ),
        (
            "Russian forces now control about 60% of Pokrovsk",
            "Russian forces control 60% of Pokrovsk (Donetsk region)",
        ),
        (
            "Russian forces now control two-thirds of Pokrovsk",
            "Russian forces control 67% of Pokrovsk (Donetsk region)",
        ),
        (
            "Russian missiles struck Kharkiv overnight",
            "Russian forces struck Kharkiv (Kharkiv region) on 3 Jul 2024",
        ),
        (
            "Ukrainian defenders repelled 14 Russian attacks near Kupiansk",
            "Ukrainian forces repelled 14 attacks near Kupiansk (Kharkiv region) on 3 Jul 2024",
        ),
        (
            "Сили оборони відбили 14 атак біля Куп'янська",
            "Ukrainian forces repelled 14 attacks near Kupiansk (Kharkiv region) on 3 Jul 2024",
        ),
        (
            "Shelling killed four civilians in Kupiansk",
            "4 people killed in Kupiansk (Kharkiv region) on 3 Jul 2024",
        ),
        (
            "Ukrainian air defence shot down 38 drones",
            "Ukrainian forces shot down 38 drones on 3 Jul 2024",
        ),
        (
            "Russia established full control over Luhansk region",
            "Russian forces captured Luhansk region",
        ),
        (
            "Russian troops crossed into Dnipropetrovsk region",
            "Russian forces advanced into Dnipropetrovsk region",
        ),
    ],
)
def test_actions_figures_and_their_claim_texts(framer: Framer, text: str, expected: str) -> None:
    assert _read(framer, text)[4] == expected


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        # Ukrainian "-ють" is "they control", not an infinitive.
        ("Російські війська контролюють Вовчанськ", ("capture", "russia", None, False)),
        ("Війська РФ контролюють 80% Вовчанська", ("capture", "russia", "80%", False)),
        ("Росія хоче захопити Вовчанськ", None),
        # The agent in the instrumental, after the action.
        (
            "Українські військові спростували захоплення росіянами Запорізького",
            ("capture", "russia", None, True),
        ),
        (
            "ВСУ опровергли слова Путина об окружении Купянска российской армией",
            ("encircle", "russia", None, True),
        ),
        # "Most of" is a share, in three languages.
        ("Russian forces control most of Sievierodonetsk", ("capture", "russia", "most", False)),
        (
            "Большая часть Северодонецка под контролем российских войск",
            ("capture", "russia", "most", False),
        ),
        ("Більшу частину Сєвєродонецька контролюють росіяни", ("capture", "russia", "most", False)),
        # Pulling out of a town.
        ("Сили оборони вийшли із Сіверська", ("withdraw", "ukraine", None, False)),
        # The side that denies a capture speaks: it is not said to have captured.
        (
            "Українські військові спростували заяву Міноборони РФ про захоплення Лиману",
            ("capture", None, None, True),
        ),
        (
            "Ukrainian officers rejected the Russian claim to have captured Lyman",
            ("capture", "russia", None, True),
        ),
    ],
)
def test_ukrainian_and_russian_grammar_of_an_event(framer: Framer, text: str, frame) -> None:
    read = _read(framer, text)
    assert (read[:4] if read else None) == frame


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Russian air defence shot down 34 Ukrainian drones overnight", "russia"),
        ("ПВО за ночь перехватила и уничтожила 22 украинских беспилотника", "russia"),
        ("Российская ПВО сбила 34 дрона за ночь", "russia"),
        ("Сили ППО збили 40 російських дронів", "ukraine"),
        ("Ukraine shot down 12 Russian drones", "ukraine"),
    ],
)
def test_the_side_bringing_drones_down_is_not_the_side_whose_drones_they_are(
    framer: Framer, text: str, actor: str
) -> None:
    action, side, figure, negated, _ = _read(framer, text)
    assert (action, side, negated) == ("down", actor, False)
    assert figure is not None and figure.endswith("drones")


@pytest.mark.parametrize(
    "text",
    [
        "Russian troops seized settlements",
        "There was a missile attack there",
        "so far",
        "Moscow wants to capture Kramatorsk",
        "Russian forces could take Kostiantynivka within weeks",
        "Moscow's forces are regrouping",
        "Russian forces attacked near Lyman and Siversk",
        "Ukrainian forces damaged the bridges into occupied Kherson",
        "Several villages of Zaporizhzhia region are under Russian control",
        "It had seized land in Kursk region",
        "Ukraine hoped to trade the land it had seized in Kursk region after the full invasion",
        "In Kyiv's schools, first-year numbers have fallen by two-thirds",
        "Moscow's forces have captured nothing",
    ],
)
def test_background_has_no_frame(framer: Framer, text: str) -> None:
    assert framer.frame(text) is None


def test_a_village_the_gazetteer_does_not_know_is_still_the_place_of_an_event(
    framer: Framer,
) -> None:
    english = framer.frame("The village of Gornal in Kursk region was liberated by Russian troops")
    russian = framer.frame("Российские войска освободили село Горналь")
    other = framer.frame("Russian troops captured the village of Gornyak")
    assert english is not None and russian is not None and other is not None
    assert english.same_event(russian)
    assert not english.same_event(other)
    assert framer.describe(english) == "Russian forces captured Gornal"


def test_a_different_figure_or_place_is_another_event(framer: Framer) -> None:
    sixty = framer.frame("Russian forces control 60% of Pokrovsk")
    seventy = framer.frame("Russian forces control 70% of Pokrovsk")
    myrnohrad = framer.frame("Russian forces control 60% of Myrnohrad")
    assert sixty and seventy and myrnohrad
    assert not sixty.same_event(seventy) and not sixty.same_event(myrnohrad)


def test_dated_events_are_told_apart_by_day(framer: Framer) -> None:
    strike = framer.frame("Russian missiles struck Kharkiv", date=DAY)
    next_day = framer.frame("Russia hit Kharkiv with missiles", date=DAY + dt.timedelta(days=1))
    week_later = framer.frame("Russian missiles struck Kharkiv", date=DAY + dt.timedelta(days=7))
    assert strike and next_day and week_later
    assert strike.same_event(next_day) and not strike.same_event(week_later)


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces captured Lysychansk",
        "Lysychansk was captured",
        "Ukrainian troops withdrew from Avdiivka",
        "Russian forces control 60% of Pokrovsk",
        "Russian missiles struck Kharkiv",
        "Shelling killed four civilians in Kupiansk",
        "Russia launched 90 drones at Kyiv",
        "Ukrainian defenders repelled 14 Russian attacks near Kupiansk",
        "Russian troops encircled Mariupol",
    ],
)
def test_a_claim_text_reads_back_as_its_frame(framer: Framer, text: str) -> None:
    frame = framer.frame(text, date=DAY)
    assert frame is not None
    back = framer.frame(framer.describe(frame))
    assert back is not None and back.same_event(frame)
    # A capture is one event whenever it is told; a strike's day is part of its claim.
    day = DAY if frame.action in DATED else None
    assert (back.actor, back.date, back.negated) == (frame.actor, day, False)


def test_the_book_finds_the_claim_of_an_event(framer: Framer) -> None:
    book = FrameBook()
    captured = framer.frame("Russian forces captured Lysychansk")
    withdrew = framer.frame("Ukrainian forces withdrew from Lysychansk")
    assert captured and withdrew
    book.add(captured, 1)
    book.add(withdrew, 2)
    denial = framer.frame("Лисичанськ не захоплено")
    assert denial is not None
    assert book.find(denial) == (1, True)
    assert book.find(Frame("capture", captured.places, "ukraine")) is None
    assert set(book.framed) == {1, 2}
    assert book.same_place(1) == [2]


@pytest.mark.parametrize(
    ("text", "actor", "figure"),
    [
        # A noun of capture with its place in the genitive.
        ("Штаб армії рф оголосив про окупацію міста Бахмут", None, None),
        ("В Москве сообщили об оккупации Бахмута", None, None),
        ("Russian troops claim Bakhmut's fall after months of fighting", "russia", None),
        ("Officials say Bakhmut is now under [Russian] control", "russia", None),
        ("Moscow's army claimed to have captured Bakhmut last week", "russia", None),
        ("A commander says Russia holds at least 40% of Bakhmut", "russia", "40%"),
    ],
)
def test_nouns_possessives_and_brackets_still_tell_a_capture(
    framer: Framer, text: str, actor: str | None, figure: str | None
) -> None:
    frame = framer.frame(text)
    assert frame is not None
    assert (frame.action, frame.actor, frame.figure, frame.negated) == (
        "capture",
        actor,
        figure,
        False,
    )
    assert frame.places == framer.frame("Bakhmut was captured").places


def test_a_region_regained_is_a_capture_of_the_whole_region(framer: Framer) -> None:
    frame = framer.frame("Russian forces regained control of Kursk region, the general said")
    assert frame is not None
    assert (frame.action, frame.actor, frame.places) == (
        "capture",
        "russia",
        frozenset({"kursk-oblast"}),
    )
    # A part of a region, taken without saying how much, is still no frame.
    assert framer.frame("Russian troops control most of the city") is None


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine lost control of Bakhmut after a long siege",
        "ЗСУ втратили контроль над Бахмутом",
        "Генштаб не подтвердил потерю украинской стороной города Бахмут",
        "Киев потерял контроль над Бахмутом, пишут блогеры",
    ],
)
def test_a_side_losing_a_place_is_the_other_side_taking_it(framer: Framer, text: str) -> None:
    frame = framer.frame(text)
    assert frame is not None
    assert (frame.action, frame.actor) == ("capture", "russia")
    assert frame.places == framer.frame("Bakhmut was captured").places


def test_losses_in_people_are_not_a_place_lost(framer: Framer) -> None:
    assert framer.frame("Втрати ворога біля Бахмута склали 300 осіб") is None


@pytest.mark.parametrize(
    ("text", "action", "actor"),
    [
        ("Ukrainian units were forced to pull back from Bakhmut", "withdraw", "ukraine"),
        ("Russian troops were driven out of Bakhmut, the command said", "withdraw", "russia"),
        ("Russian forces secured a foothold in Bakhmut", "enter", "russia"),
        ("Десант армии РФ высадился в Бахмуте", "enter", "russia"),
    ],
)
def test_pulling_back_and_footholds(framer: Framer, text: str, action: str, actor: str) -> None:
    frame = framer.frame(text)
    assert frame is not None
    assert (frame.action, frame.actor) == (action, actor)


def test_a_foothold_only_sought_is_no_event(framer: Framer) -> None:
    assert framer.frame("Russian troops are trying to gain a foothold in Bakhmut") is None
    assert framer.frame("Ukrainian units plan to pull back from Bakhmut") is None


def test_an_entry_noun_is_an_advance_and_west_of_is_not(framer: Framer) -> None:
    frame = framer.frame("У РНБО України спростували чутки про захід у Бахмут російських військ")
    assert frame is not None
    assert (frame.action, frame.actor) == ("enter", "russia")
    assert framer.frame("Бої тривають на захід від Бахмута") is None


def test_a_sides_claim_names_who_is_said_to_have_acted(framer: Framer) -> None:
    frame = framer.frame("The mayor denied Russian claims of Bakhmut's fall")
    assert frame is not None
    assert (frame.action, frame.actor) == ("capture", "russia")


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian units pushed forward in the Bakhmut direction",
        "Батальон ВСУ разгромлен на Бахмутском направлении, сообщил штаб",
        "Two aid workers were captured, a Kharkiv court heard on Monday",
        "Укрепленный опорник противника захвачен в Бахмуте",
        "Russian troops seized positions near Avdiivka",
        "Ukrainian troops advanced near Bakhmut and Soledar",
        "The two prisoners were held in the republic of Donetsk, far from where they were taken",
        "ВСУ потеряли более 30% занятой территории в Курской области",
    ],
)
def test_a_sector_a_strongpoint_or_a_place_in_passing_is_no_event_there(
    framer: Framer, text: str
) -> None:
    assert framer.frame(text) is None


def test_a_capital_named_as_a_side_is_not_the_place_of_the_event(framer: Framer) -> None:
    frame = framer.frame("Киевский режим признал, что российские войска продвинулись в Бахмут")
    assert frame is not None and framer.describe(frame).startswith(
        "Russian forces advanced into Bakhmut"
    )
    assert framer.frame("Kyiv said Russian troops had advanced") is None
    assert framer.frame("Населенный пункт Соледар освобожден, сообщили в штабе") is not None


def test_a_failed_entry_is_the_entry_denied(framer: Framer) -> None:
    frame = framer.frame("Российским захватчикам не удалось войти в Бахмут")
    assert frame is not None
    assert (frame.action, frame.actor, frame.negated) == ("enter", "russia", True)


@pytest.mark.parametrize(
    ("speaker", "side"),
    [
        ("Минобороны РФ", "russia"),
        ("Минобороны", "russia"),
        ("Минобороны Украины", "ukraine"),
        ("Russian Defence Ministry", "russia"),
        ("Генеральний штаб Збройних Сил України", "ukraine"),
        ("спикер Генштаба ВСУ", "ukraine"),
        ("DeepState", None),
        ("Ukrainian and Russian officials", None),
    ],
)
def test_a_speakers_side_is_read_from_its_name(speaker: str, side: str | None) -> None:
    from store.match.frame import speaker_side

    assert speaker_side(speaker) == side


def test_a_region_captured_reads_back_from_its_claim_text(framer: Framer) -> None:
    frame = framer.frame("Russian troops have retaken all of Kursk region")
    assert frame is not None
    text = framer.describe(frame)
    assert text == "Russian forces captured Kursk region"
    assert framer.frame(text) == frame
    # Villages of the region taken are still not the region.
    assert framer.frame("Russian troops captured two villages in Kursk region") is None


_HOLDING_ON = (
    "Ukrainian forces are still holding positions in Kursk region",
    "Ukrainian troops continue to hold Pokrovsk",
    "ЗСУ продовжують утримувати позиції в Покровську",
    "ВСУ продолжают удерживать позиции в Курской области",
)


def test_the_defenders_holding_on_deny_the_place_taken(framer: Framer) -> None:
    for text in _HOLDING_ON:
        frame = framer.frame(text)
        assert frame is not None, text
        assert (frame.action, frame.actor, frame.negated) == ("capture", "russia", True)
        assert framer.describe(frame).startswith("Russian forces captured")
    # Said with no side named, the speaker's side is told apart when it is stored.
    unnamed = framer.frame("Our units are still holding positions in Kursk region")
    assert unnamed is not None and (unnamed.actor, unnamed.negated) == (None, True)


def test_positions_held_in_a_regional_centre_named_alone_are_in_its_region(
    framer: Framer,
) -> None:
    held = framer.frame("Ukrainian units are still holding positions in Kursk")
    assert held is not None and framer.describe(held) == "Russian forces captured Kursk region"
    # The city itself taken is still the city; another town held is that town.
    taken = framer.frame("Russian forces captured Kursk")
    assert taken is not None and framer.describe(taken).startswith(
        "Russian forces captured Kursk ("
    )
    town = framer.frame("Ukrainian units are still holding positions in Pokrovsk")
    assert town is not None and town.places == framer.frame("Pokrovsk was captured").places
