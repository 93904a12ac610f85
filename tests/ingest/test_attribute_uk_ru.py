"""Ukrainian and Russian reporting: who a statement belongs to when the text names the speaker
after it, by a pronoun or by a role, and denials that point back to a claim told before."""

from __future__ import annotations

import pytest

from store.ingest.attribute import Statement, attribute


def _said(statements: list[Statement]) -> set[tuple[str, str, str]]:
    return {(s.speaker, s.stance, s.proposition) for s in statements}


def test_about_this_names_who_told_the_unnamed_reports() -> None:
    statements = attribute(
        "Село Лиманське залишається під контролем ЗСУ, попри нібито захоплення селища. "
        "Про це повідомляє Оперативне командування «Схід».",
        outlet="Вісті",
    )
    assert {s.speaker for s in statements} == {"Оперативне командування «Схід»"}


def test_a_denial_pointing_back_disputes_the_claim_told_before() -> None:
    statements = attribute(
        "Міноборони РФ оголосило про захоплення села Лиманське. "
        "Ця інформація не відповідає дійсності. "
        "Про це повідомив речник угруповання Іван Коваль.",
        outlet="Вісті",
    )
    assert _said(statements) == {
        ("Міноборони РФ", "backs", "захоплення села Лиманське"),
        ("речник угруповання Іван Коваль", "disputes", "захоплення села Лиманське"),
    }


def test_refuting_this_statement_of_the_enemy_disputes_the_claim_before() -> None:
    statements = attribute(
        "Міноборони РФ заявило про захоплення села Лиманське. "
        "Однак українські військові спростовують цю заяву ворога.",
        outlet="Вісті",
    )
    assert ("українські військові", "disputes", "захоплення села Лиманське") in _said(statements)


def test_a_speaker_named_after_the_quote_with_the_time_it_spoke() -> None:
    statements = attribute(
        "«Російські війська звільнили село Лиманське», - заявило Міноборони РФ сьогодні, "
        "12 березня близько 09:00.",
        outlet="Вісті",
    )
    assert _said(statements) == {
        ("Міноборони РФ", "backs", "Російські війська звільнили село Лиманське")
    }


def test_a_general_staff_that_confirmed_a_village_is_held_says_so() -> None:
    [s] = attribute(
        "Генштаб ЗСУ підтвердив, що село Лиманське залишається під контролем України.",
        outlet="Вісті",
    )
    assert (s.speaker, s.stance) == ("Генштаб ЗСУ", "backs")
    assert s.proposition == "село Лиманське залишається під контролем України"


def test_not_confirmed_is_no_attribution_and_points_back() -> None:
    statements = attribute(
        "Проєкт DeepState повідомляє, що ворог окупував Лиманське. "
        "Українська сторона цю інформацію поки не підтверджувала.",
        outlet="Вісті",
    )
    assert ("Українська сторона", "unconfirmed", "ворог окупував Лиманське") in _said(statements)
    assert not [s for s in statements if s.speaker == "Українська сторона" and s.stance == "backs"]


def test_they_and_the_analysts_are_the_project_the_text_named() -> None:
    statements = attribute(
        "Проект DeepState сообщает о продвижении российских войск. "
        "Аналитики сообщили о боях у Лиманского. "
        "«Противник оккупировал Лиманское», — уточняют они.",
        outlet="site.example",
    )
    assert {s.speaker for s in statements} == {"Проект DeepState"}


def test_a_text_retelling_a_report_gives_its_sentences_to_the_source() -> None:
    statements = attribute(
        "Аналітики проєкту DeepState повідомляють про нові втрати на кордоні. "
        "Противник захопив село Лиманське. "
        "Нагадаємо, раніше ворог захопив село Вербове.",
        outlet="site.example",
    )
    by_village = {s.proposition.split()[-1]: s.speaker for s in statements}
    assert by_village["Лиманське"] == "Аналітики проєкту DeepState"
    assert by_village["Вербове"] == "site.example"


def test_an_english_text_is_not_retold() -> None:
    statements = attribute(
        "Analysts at the Institute report new losses. Russian forces captured Lymanske.",
        outlet="site.example",
    )
    assert [s.speaker for s in statements if "Lymanske" in s.proposition] == ["site.example"]


@pytest.mark.parametrize(
    "text",
    [
        # "Крім того, ..., зазначили у X": the sentence before was X's too
        "Село Лиманське під контролем ЗСУ, а заяви про його захоплення є фейком. "
        "Крім того, неправдою є повідомлення про захоплення Вербового, зазначили у Генштабі ЗСУ.",
        # "— мовиться у заяві": the statement "Про це повідомив X" named
        "Заяви Кремля про захоплення Лиманського не відповідають дійсності. "
        "Про це повідомив Генштаб ЗСУ.\n\n"
        "«Підрозділи тримають оборону в Лиманському. Заяви про захоплення Лиманського "
        "не відповідають дійсності», - мовиться у заяві.",
    ],
)
def test_denials_the_text_gives_to_the_general_staff(text: str) -> None:
    statements = attribute(text, outlet="Вісті")
    assert {s.speaker for s in statements if s.stance == "disputes"} == {"Генштаб ЗСУ"}


def test_officially_is_not_part_of_the_side() -> None:
    statements = attribute(
        "Проект DeepState сообщает, что противник оккупировал Лиманское. "
        "Официально украинская сторона эту информацию пока не подтверждала.",
        outlet="site.example",
    )
    assert ("украинская сторона", "unconfirmed") in {(s.speaker, s.stance) for s in statements}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Вороже міністерство оборони РФ заявило про захоплення села Зелене Поле.",
            "Міністерство оборони РФ",
        ),
        (
            "«Звільнено село Зелене Поле», - заявило російське терористичне Міністерство оборони.",
            "російське Міністерство оборони",
        ),
        (
            "Вражеское командование заявило о взятии поселка Лесное.",
            "Командование",
        ),
    ],
)
def test_a_word_of_contempt_is_not_part_of_the_speaker(text: str, speaker: str) -> None:
    [statement] = attribute(text, outlet="Стрічка")
    assert statement.speaker == speaker


def test_a_capture_verb_in_scare_quotes_is_mocked_not_backed() -> None:
    [statement] = attribute(
        '"Доповіді ворога щодо Сіверська - це знову історія з Ізюмом, який вони '
        '"звільняли" тричі", - сказали у штабі бригади.',
        outlet="Стрічка",
    )
    assert statement.stance == "disputes"
    assert "Ізюмом" in statement.proposition


def test_what_the_speaker_did_besides_saying_is_not_its_name() -> None:
    [statement] = attribute(
        '"Повністю звільнено село Зелене Поле", – написали в Міноборони РФ і показали '
        "відео з дрона.",
        outlet="Стрічка",
    )
    assert statement.speaker == "Міноборони РФ"
