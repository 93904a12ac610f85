"""Tests for attribution: who backs, who disputes, who has not confirmed, and through whom."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest.attribute import Statement, attribute
from store.ingest.extract import extract_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles"


def _sample(name: str) -> list[Statement]:
    article = extract_text((SAMPLES / name).read_text(encoding="utf-8"))
    return attribute(article.text, outlet=article.outlet)


def _find(statements: list[Statement], proposition: str) -> dict[str, str]:
    """speaker -> stance for one proposition."""
    return {s.speaker: s.stance for s in statements if s.proposition == proposition}


# --- small sentences ---------------------------------------------------------------------


def test_one_official_said() -> None:
    [s] = attribute(
        "On Sunday, the Russian Defence Ministry said that tank units had reached the "
        "border of Donetsk region.",
        outlet="Steppe Post",
    )
    assert s.speaker == "Russian Defence Ministry"
    assert s.stance == "backs"
    assert s.proposition == "tank units reached the border of Donetsk region"
    assert s.via == ()
    assert s.sentence_index == 0


def test_told_newspaper_gives_via_chain() -> None:
    [s] = attribute(
        "Russian soldiers crossed into Dnipropetrovsk region at the weekend, three Ukrainian "
        "officers told The New York Times."
    )
    assert s.speaker == "three Ukrainian officers"
    assert s.via == ("The New York Times",)
    assert s.proposition == "Russian soldiers crossed into Dnipropetrovsk region at the weekend"


def test_nyt_abbreviation_and_anaphora() -> None:
    statements = attribute(
        "Two Ukrainian officers told The New York Times that Russian groups crossed the "
        "boundary. The officers also told the NYT Russian troops have not seized any villages."
    )
    last = statements[-1]
    assert last.speaker == "Two Ukrainian officers"
    assert last.via == ("The New York Times",)
    assert last.stance == "disputes"
    assert last.proposition == "Russian troops seized villages"


def test_not_confirmed() -> None:
    [s] = attribute("Ukraine's army has so far not confirmed the Russian advance near Dachne.")
    assert s.speaker == "Ukraine's army"
    assert s.stance == "unconfirmed"
    assert s.proposition == "the Russian advance near Dachne"


def test_could_not_be_verified_points_back() -> None:
    statements = attribute(
        "Russia claimed the capture of Zaporizke. The claims could not be independently verified.",
        outlet="Steppe Post",
    )
    assert _find(statements, "Russia captured Zaporizke") == {
        "Russia": "backs",
        "Steppe Post": "unconfirmed",
    }


def test_two_speakers_in_one_sentence() -> None:
    statements = attribute(
        "Reports indicate Russia captured two villages, Zaporizke and Novohryhorivka, "
        "although Ukrainian military officials contest these claims.",
        outlet="Steppe Post",
    )
    for village in ("Zaporizke", "Novohryhorivka"):
        assert _find(statements, f"Russia captured {village}") == {
            "unnamed reports": "backs",
            "Ukrainian military officials": "disputes",
        }
    assert {s.sentence_index for s in statements} == {0}


def test_denial_with_that() -> None:
    [s] = attribute("Kyiv denied that Russian forces had entered Novohryhorivka.")
    assert (s.speaker, s.stance) == ("Kyiv", "disputes")
    assert s.proposition == "Russian forces entered Novohryhorivka"


def test_denial_of_previous_sentence() -> None:
    statements = attribute(
        "The Russian Defence Ministry claimed that its forces captured Zaporizke. "
        "Ukrainian officials denied these claims."
    )
    assert _find(statements, "Russian forces captured Zaporizke") == {
        "Russian Defence Ministry": "backs",
        "Ukrainian officials": "disputes",
    }


def test_admitted_backs() -> None:
    [s] = attribute("Ukrainian forces have admitted that Russian troops crossed into the region.")
    assert (s.speaker, s.stance) == ("Ukrainian forces", "backs")


def test_according_to() -> None:
    [s] = attribute("According to Ukraine's General Staff, 46 attacks were repelled on Monday.")
    assert s.speaker == "Ukraine's General Staff"
    assert s.proposition == "46 attacks were repelled on Monday"


def test_pronoun_follows_the_named_speaker() -> None:
    statements = attribute(
        "This is the largest attack in the region, Viktor Petrenko, of the southern command, "
        "told the BBC, although he stressed that the advance had been stopped."
    )
    assert [(s.speaker, s.via, s.proposition) for s in statements] == [
        (
            "Viktor Petrenko, of the southern command",
            ("BBC",),
            "This is the largest attack in the region",
        ),
        ("Viktor Petrenko, of the southern command", (), "the advance had been stopped"),
    ]


def test_unattributed_sentence_is_the_outlets() -> None:
    [s] = attribute("Russian drones hit Dnipro overnight.", outlet="Steppe Post")
    assert (s.speaker, s.stance) == ("Steppe Post", "backs")


def test_filler_and_boilerplate_skipped() -> None:
    text = "Many analysts think it is mostly about morale.\nPlease support us monthly.\n"
    assert attribute(text, outlet="Steppe Post") == []


def test_quote_is_the_exact_sentence() -> None:
    sentence = "Mr. Kovalenko admitted that Russian groups had crossed the boundary near Dachne."
    [s] = attribute(f"Russian drones hit Dnipro. {sentence}")[1:]
    assert s.quote == sentence
    assert s.sentence_index == 1
    assert s.speaker == "Mr. Kovalenko"


# --- Ukrainian and Russian ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "stance", "proposition"),
    [
        (
            "Міноборони Росії заявило, що російські війська захопили Новогригорівку.",
            "Міноборони Росії",
            "backs",
            "російські війська захопили Новогригорівку",
        ),
        (
            "За даними Генштабу ЗСУ, бої тривають поблизу Запорізького.",
            "Генштаб ЗСУ",
            "backs",
            "бої тривають поблизу Запорізького",
        ),
        (
            "Українські військові спростували захоплення Запорізького.",
            "Українські військові",
            "disputes",
            "захоплення Запорізького",
        ),
        (
            "Командування ЗСУ не підтвердило захоплення Новогригорівки.",
            "Командування ЗСУ",
            "unconfirmed",
            "захоплення Новогригорівки",
        ),
        (
            "Минобороны России сообщило, что войска вышли к границе Донецкой области.",
            "Минобороны России",
            "backs",
            "войска вышли к границе Донецкой области",
        ),
        (
            "По данным ведомства, наступление продолжается.",
            "ведомство",
            "backs",
            "наступление продолжается",
        ),
        (
            "Представитель ВСУ опроверг сообщения о захвате Запорожского.",
            "Представитель ВСУ",
            "disputes",
            "захвате Запорожского",
        ),
        (
            "Генштаб ВСУ не подтвердил продвижение российских войск.",
            "Генштаб ВСУ",
            "unconfirmed",
            "продвижение российских войск",
        ),
        (
            "«Ситуация под контролем», — заявил командир бригады.",
            "командир бригады",
            "backs",
            "Ситуация под контролем",
        ),
        (
            "Речник заявив, що росіяни не захопили Запорізьке.",
            "Речник",
            "disputes",
            "росіяни захопили Запорізьке",
        ),
    ],
)
def test_ukrainian_and_russian(sentence: str, speaker: str, stance: str, proposition: str) -> None:
    [s] = attribute(sentence)
    assert (s.speaker, s.stance, s.proposition) == (speaker, stance, proposition)


# --- whole sample articles ---------------------------------------------------------------


def test_sample_who_backs_and_who_disputes_each_village() -> None:
    statements = _sample("villages_contested_en.txt")
    assert _find(statements, "Russian forces captured Zaporizke") == {
        "Russian Defence Ministry": "backs",
        "Ukrainian military officials": "disputes",
    }
    assert _find(statements, "Russia seized Novohryhorivka") == {
        "unnamed reports": "backs",
        "Ukrainian officials": "disputes",
    }
    assert _find(statements, "The enemy has taken Zaporizke") == {
        "Maj. Andriy Kovalenko": "disputes"
    }
    assert _find(statements, "Russian forces captured Novohryhorivka")["Ukrainian military"] == (
        "unconfirmed"
    )
    assert _find(statements, "Ukrainian troops still held Zaporizke") == {
        "Ukrainian military officials": "backs"
    }


def test_sample_frontline_statements() -> None:
    statements = _sample("frontline_dnipro_en.txt")
    by_speaker = {(s.speaker, s.proposition): s for s in statements}
    nyt = by_speaker[
        (
            "Three Ukrainian officers serving near the regional boundary",
            "several Russian assault groups walked over from Donetsk region during the weekend",
        )
    ]
    assert nyt.via == ("The New York Times",)
    assert _find(statements, "Russia captured Zaporizke on July 7") == {
        "Russia": "backs",
        "Kyiv Frontline Review": "unconfirmed",
    }
    assert _find(statements, "Russian forces are present in Dnipropetrovsk region") == {
        "Ukrainian military": "unconfirmed"
    }
    assert _find(statements, "Russian tank units reached the border of Donetsk region") == {
        "Russian Defence Ministry": "backs"
    }
    assert not any("contributed" in s.quote or "support us" in s.quote for s in statements)


def test_sample_ukrainian_and_russian_articles() -> None:
    uk = _sample("dnipro_uk.txt")
    ru = _sample("dnipro_ru.txt")
    assert {s.stance for s in uk} == {"backs", "disputes", "unconfirmed"}
    assert {s.stance for s in ru} == {"backs", "disputes", "unconfirmed"}
    assert not any("Підтримайте" in s.quote for s in uk)
    assert not any("Подпишитесь" in s.quote for s in ru)


def test_appeal_block_in_raw_text_is_skipped() -> None:
    text = (
        "Russian drones hit Dnipro overnight.\n"
        "A message from the Steppe Post:\n"
        "Dear readers,\n"
        "The authorities claim our reporting harms the state, and we need your help.\n"
        "Russian officials said the front line was stable.\n"
    )
    statements = attribute(text, outlet="Steppe Post")
    assert [(s.sentence_index, s.speaker) for s in statements] == [
        (0, "Steppe Post"),
        (4, "Russian officials"),
    ]


def test_failed_to_is_a_denial() -> None:
    [s] = attribute("A brigade spokesman said Russian forces failed to capture Zaporizke.")
    assert (s.speaker, s.stance) == ("A brigade spokesman", "disputes")
    assert s.proposition == "Russian forces capture Zaporizke"


def test_their_tank_units_and_they_name_the_speakers_side() -> None:
    statements = attribute(
        "The Russian Defence Ministry said its tank units had reached Dachne. "
        "Ukrainian officers said they still hold Zaporizke."
    )
    props = {s.proposition for s in statements}
    assert "Russian tank units reached Dachne" in props
    assert "Ukrainian forces still hold Zaporizke" in props


def test_channel_post_furniture_is_not_evidence() -> None:
    post = (
        "**⚡️Срочно: ВС РФ освободили Новоалексеевку в ДНР — Минобороны РФ**\n\n"
        "Главное с фронта за сутки:\n\n"
        "— Наши взяли под контроль дорогу на Верхнее.\n\n"
        "— Село Нижнее под контролем наших.\n\n"
        "[👉 Фронтовая сводка. Подписаться](https://t.me/+example)\n"
        "📩 [Прислать новость](https://t.me/front_go)\n"
        "__Читать нас без блокировок можно здесь: ____example.ru/read__\n"
        "@front_daily_bot\n"
        "#сводка #ДНР\n"
    )
    found = [s.proposition for s in attribute(post, outlet="Фронтовая сводка")]
    assert found == [
        "ВС РФ освободили Новоалексеевку в ДНР",
        "Наши взяли под контроль дорогу на Верхнее",
        "Село Нижнее под контролем наших",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The defence ministry said it had shot down 12 drones over Belgorod.",
            [("defence ministry", "defence ministry had shot down 12 drones over Belgorod")],
        ),
        (
            "Ukrainian forces said they recaptured the village of Verkhnie near Izium.",
            [
                (
                    "Ukrainian forces",
                    "Ukrainian forces recaptured the village of Verkhnie near Izium",
                )
            ],
        ),
        # "they" in a person's words could be either side: nothing to point to
        ("They entered the city, Oleh Marchenko, the governor, said on Monday.", []),
        (
            "It is regrettable, but the shelling went on, the ministry said.",
            [("ministry", "the shelling went on")],
        ),
        ("Там работают штурмовые группы 20-й бригады.", []),
        ("Місто взяте.", []),
    ],
)
def test_a_pronoun_is_resolved_or_dropped(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(s.speaker, s.proposition) for s in attribute(text, outlet="Вестник")]
    assert found == expected


def test_a_locative_pronoun_that_names_its_place_stays() -> None:
    [s] = attribute("Там же ВСУ пытались атаковать у села Верхнее.", outlet="Вестник")
    assert s.proposition == "Там же ВСУ пытались атаковать у села Верхнее"


def test_the_regional_governor_is_the_governor_named_before() -> None:
    text = (
        "Fighting reached the outskirts of Bakhmut, the Donetsk regional governor, "
        "Ivan Petrenko, said on Monday. The regional governor said Ukrainian soldiers had "
        "abandoned Soledar."
    )
    speakers = {s.speaker for s in attribute(text, outlet="Daily Example")}
    assert "the Donetsk regional governor, Ivan Petrenko" in speakers or any(
        "Ivan Petrenko" in s for s in speakers
    )
    assert "regional governor" not in speakers


def test_forces_a_ministry_speaks_of_are_its_own_side() -> None:
    found = attribute(
        "On Monday, the Russian Defense Ministry said that forces from an artillery unit "
        "were continuing their offensive in the Sumy region.",
        outlet="Daily Example",
    )
    assert [s.proposition for s in found] == [
        "Russian forces from an artillery unit were continuing their offensive in the Sumy region"
    ]


def test_a_quotation_over_two_sentences_is_the_speaker_named_after_it() -> None:
    english = attribute(
        "“Soledar is under their control. They have entered the city,” Ivan Petrenko, the "
        "governor of the region, told a briefing.",
        outlet="Daily Example",
    )
    assert {s.speaker for s in english} == {"Ivan Petrenko, the governor of the region"}
    russian = attribute(
        "«Противнику не удалось войти в Соледар. Город под контролем армии», — заявил спикер "
        "штаба Иван Петренко в комментарии «Примера».",
        outlet="Daily Example",
    )
    assert {(s.speaker, s.via) for s in russian} == {("спикер штаба Иван Петренко", ("Примера",))}


def test_a_named_claim_denied_and_words_quoted_by_an_agency() -> None:
    denied = attribute(
        "The mayor had earlier denied Russian claims of Soledar’s fall.", outlet="Daily Example"
    )
    assert [(s.speaker, s.stance, s.proposition) for s in denied] == [
        ("mayor", "disputes", "Soledar was captured")
    ]
    quoted = attribute(
        "“Half of Soledar is under our control,” the Example News Agency quoted Ivan Petrenko "
        "as saying.",
        outlet="Daily Example",
    )
    assert [(s.speaker, s.via) for s in quoted] == [("Ivan Petrenko", ("Example News Agency",))]


def test_an_unconfirmed_section_joined_to_the_line_before_is_still_unconfirmed() -> None:
    text = (
        "Daily assessment\n\n"
        "**Troops kept attacking near Bakhmut but made no confirmed advances.** "
        "Unconfirmed claims: Russian milbloggers claimed that Russian forces captured "
        "Klishchiivka.\n"
    )
    found = {(s.speaker, s.stance) for s in attribute(text, outlet="Think Tank")}
    assert ("Think Tank", "unconfirmed") in found
    assert not any(speaker.startswith("Unconfirmed") for speaker, _ in found)


def test_a_role_before_a_name_is_written_name_first_and_a_possessive_role_is_resolved() -> None:
    text = (
        "Title\n\n"
        "Russian shelling killed six people in Sloviansk on Monday, "
        "the city’s mayor Ivan Koval said.\n\n"
        "Missiles struck Kramatorsk, its mayor Petro Lys said.\n\n"
        "Troops left Kreminna, said Oleh Bondar, the governor of Luhansk region.\n\n"
        "Russian troops shelled Rubizhne, the region’s governor said.\n"
    )
    speakers = [s.speaker for s in attribute(text, outlet="Paper")]
    assert speakers == [
        "Ivan Koval, the city’s mayor",
        "Petro Lys, the mayor",
        "Oleh Bondar, the governor of Luhansk region",
        "Oleh Bondar, the governor of Luhansk region",
    ]


def test_a_named_speaker_with_a_role_before_said_and_no_that() -> None:
    text = "Title\n\nOleh Bondar, the governor of Luhansk region, said troops left Kreminna.\n"
    [found] = attribute(text, outlet="Paper")
    assert (found.speaker, found.proposition) == (
        "Oleh Bondar, the governor of Luhansk region",
        "troops left Kreminna",
    )


# --- English reporting: who said it, however the sentence is built ---------------------------


def test_a_second_verb_without_its_own_subject_stays_with_the_speaker_named_at_the_end() -> None:
    statements = attribute(
        "Russian troops have taken most of the town of Vuhledar but have not encircled it, "
        "the regional governor has said as shelling went on through the night.",
        outlet="Steppe Post",
    )
    assert _find(statements, "Russian troops have taken most of the town of Vuhledar") == {
        "regional governor": "backs"
    }
    assert all(s.speaker == "regional governor" for s in statements)


def test_a_bare_role_takes_the_name_the_next_sentences_give_it() -> None:
    statements = attribute(
        "The regional governor said Ukrainian units had left Marinka after a week of assaults. "
        "Ivan Petrenko, the governor of Donetsk region, said shelling hit the market in "
        "Kurakhove.",
        outlet="Steppe Post",
    )
    assert _find(statements, "Ukrainian units had left Marinka after a week of assaults") == {
        "Ivan Petrenko, the governor of Donetsk region": "backs"
    }


def test_a_bare_role_nobody_names_stays_a_role() -> None:
    [statement] = attribute(
        "The regional governor said Ukrainian units had left Marinka.", outlet="Steppe Post"
    )
    assert statement.speaker == "regional governor"


def test_a_time_before_the_subject_and_control_reported_as_a_noun() -> None:
    statements = attribute(
        "Ten days ago Russia had already reported control over Lyman - but Ukraine denied "
        "the claim at the time.",
        outlet="Steppe Post",
    )
    assert _find(statements, "Russian forces control Lyman") == {
        "Russia": "backs",
        "Ukraine": "disputes",
    }


def test_the_subject_of_a_when_clause_and_a_claim_to_have_done_it() -> None:
    [statement] = attribute(
        "The boast fell apart in the autumn when Putin claimed to have captured Vovchansk.",
        outlet="Steppe Post",
    )
    # a leader claims the deed for his forces: the frame reads whose capture it is
    assert (statement.speaker, statement.proposition) == (
        "Putin",
        "Russian forces captured Vovchansk",
    )


def test_a_call_sign_in_quotes_is_the_speaker_not_a_quotation() -> None:
    [statement] = attribute(
        "“Falcon”, the commander of Kestrel, an artillery unit holding the southern flank, "
        "says Russia controls half of Toretsk.",
        outlet="Steppe Post",
    )
    assert statement.speaker == "Falcon, the commander of Kestrel"
    assert statement.proposition == "Russia controls half of Toretsk"


def test_a_state_whose_military_calls_the_other_sides_claims_propaganda() -> None:
    statements = attribute(
        "Sergei Ivanov, head of Russia's western command, said his troops had recaptured Sudzha. "
        "Ukraine says its units are still fighting near Sudzha, with the military describing "
        "Russia's claims as “cheap propaganda”.",
        outlet="Steppe Post",
    )
    assert _find(statements, "Russian troops recaptured Sudzha") == {
        "Sergei Ivanov, head of Russia's western command": "backs",
        "Ukrainian military": "disputes",
    }


# --- a role and a name: the name first ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Two shops burned in Sumy overnight, the regional governor, Taras Melnyk, said.",
            "Taras Melnyk, the regional governor",
        ),
        (
            "Two more people were killed in shelling in and around Odesa, Ukraine’s third "
            "city, the regional governor Ihor Sydor said on Telegram.",
            "Ihor Sydor, the regional governor",
        ),
        (
            "The Finnish defence minister, Aino Virta, said the drills had ended on Friday.",
            "Aino Virta, the Finnish defence minister",
        ),
    ],
)
def test_a_role_before_a_name_is_shown_after_it(text: str, speaker: str) -> None:
    [statement] = attribute(text, outlet="Desk")
    assert statement.speaker == speaker


def test_a_governor_of_a_province_is_the_governor_named_soon_after() -> None:
    statements = attribute(
        "Russian troops hold most of Rubizhne, the governor of Ukraine’s Luhansk province "
        "has said. Residents were told to stay in shelters. The governor of the Luhansk "
        "region, Ostap Hrytsenko, said on Tuesday that a depot had burned.",
        outlet="Desk",
    )
    assert {s.speaker for s in statements} == {
        "Ostap Hrytsenko, the governor of the Luhansk region"
    }


def test_the_update_is_that_of_the_organisation_that_just_spoke() -> None:
    statements = attribute(
        "Moldova’s general staff said Russian shelling hit the port of Reni overnight. "
        "The fighting has drawn in both navies. The update added that drones struck a grain "
        "silo near Izmail.",
        outlet="Desk",
    )
    assert [s.speaker for s in statements] == ["Moldova’s general staff"] * 2


def test_a_placed_role_takes_the_name_given_in_the_very_next_sentence() -> None:
    statements = attribute(
        "Two people were hurt in Kursk on Monday, the region’s governor said. Ivan Sorokin "
        "said a drone fell on a warehouse.",
        outlet="Desk",
    )
    assert {s.speaker for s in statements} == {"Ivan Sorokin"}


def test_a_general_role_keeps_its_role_when_another_person_speaks_next() -> None:
    statements = attribute(
        "Two people were hurt in Kursk on Monday, the governor said. Ivan Sorokin said a drone "
        "fell on a warehouse.",
        outlet="Desk",
    )
    assert {s.speaker for s in statements} == {"governor", "Ivan Sorokin"}
