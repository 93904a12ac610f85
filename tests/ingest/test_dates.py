"""A statement's own date, read from its sentence and resolved against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from store.ingest.dates import DAY, WEEK, find_when, said_on

WEDNESDAY = dt.date(2025, 12, 10)  # a Wednesday
JANUARY = dt.date(2025, 1, 8)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ministry said on Tuesday that its troops took the village.", dt.date(2025, 12, 9)),
        ("The governor said on Wednesday the town was shelled.", WEDNESDAY),
        ("Officials said Thursday that the bridge was hit.", dt.date(2025, 12, 4)),
        ("Late Sunday, the army said the line held.", dt.date(2025, 12, 7)),
        ("The mayor said last Wednesday that power was restored.", dt.date(2025, 12, 3)),
        ("Kyiv's statement on Monday's strike named four towns.", dt.date(2025, 12, 8)),
        ("The General Staff said yesterday that troops withdrew.", dt.date(2025, 12, 9)),
        ("The General Staff said today that troops withdrew.", WEDNESDAY),
        ("Earlier today the governor reported shelling.", WEDNESDAY),
        ("The ministry said last night that drones were downed.", dt.date(2025, 12, 9)),
        ("On December 8th the ministry claimed the town.", dt.date(2025, 12, 8)),
        ("The ministry claimed the town on 8 December.", dt.date(2025, 12, 8)),
        ("The ministry claimed the town on Dec. 8.", dt.date(2025, 12, 8)),
        ("The ministry claimed the town on Dec 8.", dt.date(2025, 12, 8)),
        ("The ministry claimed the town on the 8th of December.", dt.date(2025, 12, 8)),
        ("Drones struck the plant on the night of December 6 to 7.", dt.date(2025, 12, 7)),
        ("Drones struck overnight on December 6 to December 7.", dt.date(2025, 12, 7)),
        ("Drones struck the plant on the night of 6-7 December.", dt.date(2025, 12, 7)),
        ("On 14 March 2024 the ministry claimed the town.", dt.date(2024, 3, 14)),
        ("On March 14, 2024, the ministry claimed the town.", dt.date(2024, 3, 14)),
    ],
)
def test_english_dates_resolve_against_the_article(sentence: str, expected: dt.date) -> None:
    assert said_on(sentence, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Генштаб вчора заявив, що армія відійшла.", dt.date(2025, 12, 9)),
        ("Учора Генштаб заявив про відхід.", dt.date(2025, 12, 9)),
        ("Позавчора міністерство повідомило про удар.", dt.date(2025, 12, 8)),
        ("Сьогодні Генштаб заявив про відхід.", WEDNESDAY),
        ("У вівторок Генштаб заявив про відхід.", dt.date(2025, 12, 9)),
        ("В понеділок Генштаб заявив про відхід.", dt.date(2025, 12, 8)),
        ("У п'ятницю Генштаб заявив про відхід.", dt.date(2025, 12, 5)),
        ("У п’ятницю Генштаб заявив про відхід.", dt.date(2025, 12, 5)),
        ("Генштаб 7 грудня заявив про відхід.", dt.date(2025, 12, 7)),
        ("В ніч на 3 грудня дрони атакували місто.", dt.date(2025, 12, 3)),
        ("У ніч проти 3 грудня дрони атакували місто.", dt.date(2025, 12, 3)),
        ("Минобороны вчера заявило о взятии села.", dt.date(2025, 12, 9)),
        ("Позавчера Минобороны заявило о взятии села.", dt.date(2025, 12, 8)),
        ("Сегодня Минобороны заявило о взятии села.", WEDNESDAY),
        ("Во вторник Минобороны заявило о взятии села.", dt.date(2025, 12, 9)),
        ("В воскресенье Минобороны заявило о взятии села.", dt.date(2025, 12, 7)),
        ("Минобороны 7 декабря заявило о взятии села.", dt.date(2025, 12, 7)),
        ("В ночь на 3 декабря ПВО сбила дроны.", dt.date(2025, 12, 3)),
        ("В ночь с 2 на 3 декабря ПВО сбила дроны.", dt.date(2025, 12, 3)),
        ("Минобороны 14 марта 2024 года заявило о взятии села.", dt.date(2024, 3, 14)),
        ("Міністерство 14 березня 2024 року заявило про це.", dt.date(2024, 3, 14)),
        ("Заявление опубликовано 03.12.2025.", dt.date(2025, 12, 3)),
    ],
)
def test_ukrainian_and_russian_dates(sentence: str, expected: dt.date) -> None:
    assert said_on(sentence, WEDNESDAY) == expected


def test_a_day_and_month_take_the_latest_year_not_after_the_article() -> None:
    assert said_on("The ministry claimed it on December 28.", JANUARY) == dt.date(2024, 12, 28)
    assert said_on("Минобороны заявило об этом 28 декабря.", JANUARY) == dt.date(2024, 12, 28)
    assert said_on("The ministry claimed it on January 8.", JANUARY) == JANUARY
    assert said_on("Officials said on 29 February that it fell.", dt.date(2025, 3, 1)) == (
        dt.date(2024, 2, 29)
    )


def test_a_date_just_after_the_article_is_a_plan_not_last_year() -> None:
    assert said_on("Talks are set for December 20.", WEDNESDAY) is None
    assert said_on("The report of 5 May 2026 named the town.", WEDNESDAY) is None


def test_a_weekday_on_the_article_day_is_that_day_and_a_monday_article_looks_back() -> None:
    monday = dt.date(2025, 12, 8)
    assert said_on("He said on Monday that it fell.", monday) == monday
    assert said_on("He said on Sunday that it fell.", monday) == dt.date(2025, 12, 7)
    assert said_on("He said on Tuesday that it fell.", monday) == dt.date(2025, 12, 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian troops have held the town since 24 February.",
        "The offensive lasted from 3 December until 9 December.",
        "The corridor began to close starting on December 2, when troops entered the town.",
        "The deadline is by Friday, officials said.",
        "Talks will resume next Tuesday.",
        "Minister will meet his counterpart on Friday.",
        "On Sunday, a national holiday, the envoy will visit the front.",
        "З 3 грудня армія утримує місто.",
        "С 3 декабря армия удерживает город.",
        "He told the Sunday Times that the town fell.",
        "The town fell, officials said, and may 12 more follow.",
        "The ministry says its troops took the village.",
        "Troops fought in December.",
    ],
)
def test_spans_plans_and_no_date_leave_the_article_date(sentence: str) -> None:
    assert said_on(sentence, WEDNESDAY) is None


def test_relative_words_need_the_article_date_but_a_full_date_does_not() -> None:
    assert said_on("The ministry said on Tuesday that it fell.", None) is None
    assert said_on("Вчора Генштаб заявив про відхід.", None) is None
    assert said_on("On 14 March 2024 the ministry claimed it.", None) == dt.date(2024, 3, 14)


def test_last_week_is_known_only_to_the_week() -> None:
    when = find_when("The ministry said last week that it fell.", WEDNESDAY)
    assert when is not None and (when.day, when.precision) == (dt.date(2025, 12, 1), WEEK)
    assert said_on("The ministry said last week that it fell.", WEDNESDAY) is None
    russian = find_when("На прошлой неделе министерство заявило об этом.", WEDNESDAY)
    assert russian is not None and russian.precision == WEEK
    ukrainian = find_when("Минулого тижня міністерство заявило про це.", WEDNESDAY)
    assert ukrainian is not None and ukrainian.precision == WEEK


def test_the_first_date_named_wins_and_a_timestamp_counts_as_its_day() -> None:
    sentence = "On Monday the army said it left the town it entered on 2 December."
    when = find_when(sentence, WEDNESDAY)
    assert when is not None and (when.day, when.precision, when.words) == (
        dt.date(2025, 12, 8),
        DAY,
        "Monday",
    )
    moment = dt.datetime(2025, 12, 10, 23, 30, tzinfo=dt.UTC)
    assert said_on("The ministry said on Tuesday that it fell.", moment) == dt.date(2025, 12, 9)


def test_the_date_of_the_saying_wins_over_the_date_of_what_was_said() -> None:
    sentence = "Troops crossed the river on Sunday, officials said on Tuesday."
    assert said_on(sentence, WEDNESDAY) == dt.date(2025, 12, 9)
    assert said_on("On Sunday the envoy said he will visit the front.", WEDNESDAY) == (
        dt.date(2025, 12, 7)
    )
    assert said_on("The ministry said Monday it will send aid.", WEDNESDAY) == dt.date(2025, 12, 8)
    assert said_on("3 Dec 2025 23.50 The ministry will send aid.", WEDNESDAY) == (
        dt.date(2025, 12, 3)
    )
    assert said_on("Генштаб заявив у вівторок, що в неділю армія відійшла.", WEDNESDAY) == (
        dt.date(2025, 12, 9)
    )
    assert said_on("The mayor is alive after a December 6 attack, aides said.", WEDNESDAY) is None
    assert said_on("The attack on December 6 killed two, aides said.", WEDNESDAY) == (
        dt.date(2025, 12, 6)
    )


def test_a_month_before_the_article_dates_the_statement_to_that_month() -> None:
    article = dt.date(2025, 8, 12)
    assert said_on("In early June, officials declared an offensive had begun", article) == (
        dt.date(2025, 6, 1)
    )
    assert said_on("In late October the village fell", article) == dt.date(2024, 10, 20)
    assert said_on("Troops fought in August.", article) is None


def test_days_and_weeks_ago_count_back_from_the_article() -> None:
    assert said_on("Two weeks ago the army reported the town taken.", WEDNESDAY) == (
        WEDNESDAY - dt.timedelta(days=14)
    )
    assert said_on("The ministry said 3 days ago that it fell.", WEDNESDAY) == (
        WEDNESDAY - dt.timedelta(days=3)
    )
    assert said_on("Weeks ago the army reported the town taken.", WEDNESDAY) is None
    assert said_on("Two weeks ago the army reported it.", None) is None


def test_the_day_of_an_attack_is_not_the_day_it_was_reported() -> None:
    published = dt.date(2024, 3, 9)
    assert (
        said_on("Двоє загинули після удару ЗСУ 5 березня, повідомили в поліції.", published) is None
    )
    assert said_on("После обстрела 5 марта погибли двое, сообщили 7 марта.", published) == dt.date(
        2024, 3, 7
    )
