"""Attribution on the forms real reporting uses: denials in three languages, speakers that are
names (never fragments), the channel that carried the words, and what is not a statement."""

from __future__ import annotations

import subprocess
import sys

import pytest

from store.ingest.attribute import Statement, attribute


def _one(statements: list[Statement]) -> tuple[str, str, str]:
    [s] = statements
    return s.speaker, s.stance, s.proposition


# --- stance in Ukrainian and Russian ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Генштаб ЗСУ заявив, що повідомлення про захоплення Лиманського не відповідають "
            "дійсності.",
            ("Генштаб ЗСУ", "disputes", "захоплення Лиманського"),
        ),
        (
            "Командування ЗСУ спростувало заяви Міноборони РФ про захоплення Лиманського.",
            ("Командування ЗСУ", "disputes", "захоплення Лиманського"),
        ),
        (
            "Речник угруповання спростовує чергові неправдиві повідомлення про нібито "
            "«захоплення» Лиманського.",
            ("Речник угруповання", "disputes", "захоплення Лиманського"),
        ),
        (
            "В Генштабе ВСУ заявили, что информация о взятии Лиманского не соответствует "
            "действительности.",
            ("Генштаб ВСУ", "disputes", "взятии Лиманского"),
        ),
        (
            "Представитель штаба заявил, что сообщения о захвате Лиманского — это фейк.",
            ("Представитель штаба", "disputes", "захвате Лиманского"),
        ),
        (
            "Генштаб ЗСУ не підтверджує захоплення Лиманського.",
            ("Генштаб ЗСУ", "unconfirmed", "захоплення Лиманського"),
        ),
        (
            "Представитель ВСУ не подтверждает отход из Лиманского.",
            ("Представитель ВСУ", "unconfirmed", "отход из Лиманского"),
        ),
    ],
)
def test_slavic_denials_dispute(sentence: str, expected: tuple[str, str, str]) -> None:
    statements = attribute(sentence, outlet="Вісті")
    assert _one([s for s in statements if s.stance != "backs" or s.speaker == expected[0]]) == (
        expected
    )


def test_unattributed_denial_is_the_outlet_and_about_this_names_the_speaker() -> None:
    statements = attribute(
        "Заяви Кремля про захоплення Лиманського не відповідають дійсності. "
        "Про це повідомляє Генеральний штаб ЗСУ.",
        outlet="Вісті",
    )
    assert {(s.speaker, s.stance, s.proposition) for s in statements} == {
        ("Генеральний штаб ЗСУ", "disputes", "захоплення Лиманського"),
        ("Кремль", "backs", "захоплення Лиманського"),
    }


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Генштаб ЗСУ спростував заяви Кремля про «захоплення» Плавнів.", "Кремль"),
        (
            "У Генштабі заявили, що повідомлення російського Міноборони про нібито захоплення "
            "Плавнів не відповідає дійсності.",
            "російське Міноборони",
        ),
        ("Генштаб ЗСУ спростував інформацію про захоплення Плавнів.", None),
    ],
)
def test_the_source_of_a_refuted_claim_backs_it(text: str, source: str | None) -> None:
    statements = attribute(text, outlet="Вісті")
    assert [s.proposition for s in statements if s.stance == "disputes"] == ["захоплення Плавнів"]
    backers = [(s.speaker, s.proposition) for s in statements if s.stance == "backs"]
    assert backers == ([(source, "захоплення Плавнів")] if source else [])


def test_about_this_moves_the_outlets_sentence_to_the_named_source() -> None:
    statements = attribute(
        "Російські війська захопили село Лиманське на Донеччині. "
        "Про це повідомляє аналітичний проєкт DeepState, передає Вісті.",
        outlet="Вісті",
    )
    assert [s.speaker for s in statements] == ["аналітичний проєкт DeepState"]
    assert statements[0].stance == "backs"


def test_fact_checker_quoting_a_fake_disputes_it() -> None:
    for text in (
        "Fake: Ukrainian troops fled Lymanske.",
        "Фейк: українські війська втекли з Лиманського.",
    ):
        [s] = attribute(text, outlet="StopFake")
        assert (s.speaker, s.stance) == ("StopFake", "disputes")
        assert "Lymanske" in s.proposition or "Лиманського" in s.proposition


# --- stance in English --------------------------------------------------------------------


def test_cast_doubt_disputes_the_claim_not_the_word_claim() -> None:
    statements = attribute(
        "Ivan Petrenko has cast doubt on Moscow's claim that Russian troops captured Lymanske.",
        outlet="Desk",
    )
    assert _one(statements) == ("Ivan Petrenko", "disputes", "Russian troops captured Lymanske")


def test_cannot_say_inside_a_quote_belongs_to_the_named_speaker() -> None:
    statements = attribute(
        "“We cannot say today that Lymanske is under Russian control,” the regional governor, "
        "Ivan Petrenko, said.",
        outlet="Desk",
    )
    assert _one(statements) == (
        "Ivan Petrenko, the regional governor",
        "disputes",
        "Lymanske is under Russian control",
    )


def test_first_person_quote_goes_to_the_speaker_named_after_it() -> None:
    statements = attribute(
        "“We cannot say that Lymanske is lost. The fighting goes on near the school,” "
        "Ivan Petrenko said on Monday at a briefing in Kharkiv.",
        outlet="Desk",
    )
    speakers = {s.proposition: (s.speaker, s.stance) for s in statements}
    assert speakers["Lymanske is lost"] == ("Ivan Petrenko", "disputes")
    assert speakers["The fighting goes on near the school"] == ("Ivan Petrenko", "backs")
    assert all(s.speaker not in ("We", "We cannot") for s in statements)


def test_dismissed_as_propaganda_disputes() -> None:
    statements = attribute(
        "Two brigade officers dismissed reports of the fall of Lymanske as propaganda.",
        outlet="Desk",
    )
    [s] = statements
    assert (s.speaker, s.stance) == ("Two brigade officers", "disputes")
    assert "Lymanske" in s.proposition


def test_unconfirmed_claims_section_keeps_the_claim_and_marks_it_unconfirmed() -> None:
    statements = attribute(
        "Russian forces attacked near Lymanske on May 3.\n"
        "Unconfirmed claims: A Russian milblogger claimed that Russian forces seized Lymanske.",
        outlet="ISW",
    )
    about = {
        (s.speaker, s.stance)
        for s in statements
        if s.proposition == "Russian forces seized Lymanske"
    }
    assert about == {("A Russian milblogger", "backs"), ("ISW", "unconfirmed")}


def test_unconfirmed_reports_and_unverified_asides_are_unconfirmed() -> None:
    [s] = attribute(
        "There are unconfirmed reports of Ukrainian strikes on the Lymanske bridge.", outlet="Desk"
    )
    assert (s.speaker, s.stance) == ("Desk", "unconfirmed")
    statements = attribute(
        "According to reports that could not be independently verified, Russian troops entered "
        "Lymanske.",
        outlet="Desk",
    )
    assert ("Desk", "unconfirmed", "Russian troops entered Lymanske") in {
        (s.speaker, s.stance, s.proposition) for s in statements
    }


# --- speakers and channels ----------------------------------------------------------------


def test_listener_is_not_the_channel_and_the_agency_is() -> None:
    [s] = attribute("Shoigu told Putin that Russian forces took Lymanske, RIA Novosti reported.")
    assert (s.speaker, s.via, s.proposition) == (
        "Shoigu",
        ("RIA Novosti",),
        "Russian forces took Lymanske",
    )
    [s] = attribute("Shoigu told Putin on Sunday that Russian forces took Lymanske.")
    assert s.speaker == "Shoigu" and s.via == ()


def test_telegram_post_is_the_channel() -> None:
    [s] = attribute(
        "The Russian Defence Ministry said in a Telegram post that its troops took Lymanske."
    )
    assert (s.speaker, s.via) == ("Russian Defence Ministry", ("Telegram",))
    assert s.proposition == "Russian troops took Lymanske"


def test_he_added_is_the_last_named_speaker() -> None:
    statements = attribute(
        "Ivan Petrenko, governor of Kharkiv region, said Russian troops entered Lymanske. "
        "He added that two civilians were wounded."
    )
    assert {s.speaker for s in statements} == {"Ivan Petrenko, governor of Kharkiv region"}


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Earlier in the day Ukraine's army said its troops held the line near Lymanske.",
            "Ukraine's army",
        ),
        (
            "Despite the shelling, the city's mayor, Olha Koval, said the water was back.",
            "Olha Koval, the city's mayor",
        ),
        (
            "Water pumps in Lymanske stopped working overnight, the city's mayor said.",
            "city's mayor",
        ),
        ("Водночас у Генштабі заявили, що оборона Лиманського триває.", "Генштаб"),
    ],
)
def test_speaker_is_a_name_or_role_never_a_fragment(sentence: str, speaker: str) -> None:
    statements = attribute(sentence, outlet="Desk")
    assert {s.speaker for s in statements} == {speaker}


def test_no_named_speaker_means_the_outlet_speaks() -> None:
    statements = attribute(
        "Russian forces shelled Lymanske overnight and damaged a school.", outlet="Desk"
    )
    assert {s.speaker for s in statements} == {"Desk"}


# --- only statements are evidence ---------------------------------------------------------


def test_captions_stamps_posts_links_questions_and_appeals_are_dropped() -> None:
    text = "\n".join(
        [
            "Ukrainian soldiers near Lymanske. Photograph: Ivan Petrenko/Reuters",
            "Updated at 14.05 BST",
            "14.05 BST",
            "12.34 BST Russian forces shelled Kramatorsk overnight, the governor said.",
            "Russian troops attacked Lymanske from the east.[1] The "
            "[regional council](https://x.example/a) reported damage in Lymanske."
            "[[iv]](https://x.example/b)",
            "— Ivan Petrenko (@ipetrenko) March 3, 2022",
            "Did Russian forces capture Lymanske?",
            "Subscribe to our channel for updates from Lymanske.",
        ]
    )
    statements = attribute(text, outlet="Desk")
    quotes = " ".join(s.quote for s in statements)
    for gone in ("Photograph", "Updated", "BST", "@ipetrenko", "?", "Subscribe", "https", "[1]"):
        assert gone not in quotes
    assert ("governor", "Russian forces shelled Kramatorsk overnight") in {
        (s.speaker, s.proposition) for s in statements
    }
    assert ("regional council", "damage in Lymanske") in {
        (s.speaker, s.proposition) for s in statements
    }


def test_pronoun_leads_are_resolved_or_dropped() -> None:
    statements = attribute(
        "Russian forces shelled Kramatorsk on Monday. They also captured Lymanske. "
        "It was the heaviest attack in weeks.",
        outlet="Desk",
    )
    props = [s.proposition for s in statements]
    assert "Russian forces also captured Lymanske" in props
    assert not any(p.startswith(("It ", "They ")) for p in props)


def test_live_blog_stamp_is_cut_and_a_bare_decimal_is_kept() -> None:
    [s] = attribute(
        "4 Aug 2024 21.20 President Ivan Koval said Ukrainian forces withdrew from Lymanske."
    )
    assert (s.speaker, s.proposition) == (
        "President Ivan Koval",
        "Ukrainian forces withdrew from Lymanske",
    )
    [s] = attribute("Officials counted 10.50 tonnes of debris in Lymanske.", outlet="Desk")
    assert s.proposition.startswith("Officials counted 10.50")


def test_posting_on_telegram_is_the_channel() -> None:
    [s] = attribute("Posting on Telegram, the governor said Russian troops shelled Kupiansk.")
    assert (s.speaker, s.via) == ("governor", ("Telegram",))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "За словами речника Сил оборони півдня Олега Коваля, ворог не захопив Плавні.",
            "речник Сил оборони півдня Олег Коваль",
        ),
        (
            "У заяві пресслужби Генштабу йдеться, що інформація про захоплення Плавнів "
            "не відповідає дійсності.",
            "пресслужба Генштабу",
        ),
        ("У Генеральному штабі ЗСУ заявили, що бої тривають біля Плавнів.", "Генеральний штаб ЗСУ"),
        ("Ворог просунувся біля Плавнів, за словами Олександра Сирського.", "Олександр Сирський"),
        (
            "По словам официального представителя ведомства Ирины Петровой, войска заняли Плавни.",
            "официальный представитель ведомства Ирина Петрова",
        ),
        (
            "В Министерстве обороны России заявили, что войска заняли Плавни.",
            "Министерство обороны России",
        ),
    ],
)
def test_slavic_speakers_are_named_in_the_nominative(text: str, speaker: str) -> None:
    assert {s.speaker for s in attribute(text, outlet="Desk")} == {speaker}


def test_a_speaker_cited_by_an_outlet_is_in_the_nominative_and_off_air() -> None:
    statements = attribute(
        "Росіяни просунулися біля Плавнів. Про це повідомляє Новинар з посиланням на заяву "
        "головного сержанта штурмової бригади Петра Гончаренка в ефірі телемарафону.",
        outlet="Desk",
    )
    assert {(s.speaker, s.via) for s in statements} == {
        ("головний сержант штурмової бригади Петро Гончаренко", ("Новинар",))
    }


def test_morphology_is_loaded_only_for_a_slavic_speaker_in_an_oblique_case() -> None:
    program = (
        "import sys\n"
        "from store.ingest.attribute import attribute\n"
        "attribute('Officials said Russian troops captured Lymanske. "
        "Генштаб заявив, що бої тривають біля Плавнів.')\n"
        "print('pymorphy3' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_live_blog_author_after_the_stamp_is_not_the_speaker() -> None:
    statements = attribute(
        "23 Jul 2022 17.23 Jane Holloway Turkey’s defence minister, Ahmet Demir, has said "
        "Turkish officials are concerned after the strike on Odesa.\n"
        "23 Jul 2022 17.40 Ivan Koval said Ukrainian forces withdrew from Lymanske.\n"
        "23 Jul 2022 17.52 Mark Tennant The governor of Kharkiv said Russian forces shelled "
        "Kupiansk."
    )
    assert [s.speaker for s in statements] == [
        "Ahmet Demir, Turkey’s defence minister",
        "Ivan Koval",
        "governor of Kharkiv",
    ]


def test_a_video_showing_someone_speak_is_theirs_carried_by_the_outlet() -> None:
    [quoted] = attribute(
        "“Our troops hold Lymanske,” a video on the state Belnews agency showed Lukashenko "
        "telling a gathering of officers."
    )
    assert (quoted.speaker, quoted.via, quoted.proposition) == (
        "Lukashenko",
        ("Belnews agency",),
        "Our troops hold Lymanske",
    )
    [said] = attribute(
        "A video showed Zelenskiy telling soldiers in Kupiansk that the city would hold."
    )
    assert (said.speaker, said.via, said.proposition) == ("Zelenskiy", (), "the city would hold")


def test_propositions_hold_the_claim_only() -> None:
    statements = attribute(
        "The regional council said three drones hit Sumy overnight, adding that two people "
        "were wounded.\n"
        "Four missiles hit Mykolaiv on Tuesday, according to the city’s mayor, Ivan Koval.\n"
        "So far, according to Ukrainian officials, the front near Siversk is holding.\n"
        "The general staff said Ukrainian drones struck a depot in Bryansk. The depot supplied "
        "Russian units, it added.",
        outlet="Desk",
    )
    assert {(s.speaker, s.proposition) for s in statements} == {
        ("regional council", "three drones hit Sumy overnight"),
        ("regional council", "two people were wounded"),
        ("Ivan Koval, the city’s mayor", "Four missiles hit Mykolaiv on Tuesday"),
        ("Ukrainian officials", "the front near Siversk is holding"),
        ("general staff", "Ukrainian drones struck a depot in Bryansk"),
        ("general staff", "The depot supplied Russian units"),
    }


def test_a_fragment_with_no_speaker_is_not_the_outlets() -> None:
    statements = attribute(
        "Ukraine and Russia had different aims in the talks, he said.\n"
        "said Ukrainian troops were still holding the industrial zone.",
        outlet="Desk",
    )
    assert statements == []


def test_a_speaker_set_off_inside_the_claim() -> None:
    [s] = attribute("The strike, Ukraine’s air force said, hit a depot near Tokmak.")
    assert (s.speaker, s.proposition) == (
        "Ukraine’s air force",
        "The strike hit a depot near Tokmak",
    )


def test_a_channel_line_ending_in_its_source_is_that_source_speaking() -> None:
    statements = attribute(
        "❗️ВС РФ освободили населённый пункт Степное в ДНР — Минобороны РФ\n\n"
        "Бахмут — город, где до войны жили 70 тысяч человек — был взят в мае.",
        outlet="Фронтовая сводка",
    )
    by_text = {s.proposition: s.speaker for s in statements}
    assert by_text["ВС РФ освободили населённый пункт Степное в ДНР"] == "Минобороны РФ"
    assert all(speaker != "был взят в мае" for speaker in by_text.values())


def test_refusing_to_admit_a_loss_disputes_it_whoever_reports_it() -> None:
    found = attribute(
        "Президент отказался признать потерю города Соледар, сообщает Пример-Новости.",
        outlet="Example",
    )
    assert [(s.speaker, s.stance) for s in found] == [("Президент", "disputes")]
    assert "Соледар" in found[0].proposition


def test_a_capture_called_a_fantasy_is_disputed() -> None:
    found = attribute(
        "Окупанти нафантазували захоплення Соледара так само, як раніше. Про це повідомляє "
        "Приклад з посиланням на заяву Сил оборони Сходу.",
        outlet="Example",
    )
    assert [s.stance for s in found] == ["disputes"]
    assert found[0].proposition == "захоплення Соледара"
