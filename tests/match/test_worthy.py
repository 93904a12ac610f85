"""What is worth checking: boilerplate dropped from articles and posts, sentences that state
a fact kept."""

from __future__ import annotations

import pytest

from store.match.worthy import check_worthy, drop_boilerplate, strip_label

# --- check-worthiness --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian drones hit Dnipro overnight.",
        "About 3 million people lived in the region before 2022.",
        "Russia took Zaporizke.",
    ],
)
def test_check_worthy(sentence: str) -> None:
    assert check_worthy(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Many analysts think the move is mostly about morale.",
        "Any advance would be bad for morale.",
        "Will the offensive continue?",
        "Please support us monthly.",
        "Thank you.",
        "Share this article",
    ],
)
def test_not_check_worthy(sentence: str) -> None:
    assert not check_worthy(sentence)


def test_drop_boilerplate_appeal_block_ends_at_blank_line() -> None:
    paragraphs = [
        "Russian troops reached the border of Donetsk region on Sunday.",
        "A message from the Steppe Post:",
        "Dear readers,",
        "Our newsroom is under pressure and we need you.",
        "Please support us monthly.",
        "",
        "Ukrainian officers said the villages were still contested.",
        "Share this article",
        "Sign up for our newsletter",
        "By Olena Petrenko",
        "AFP contributed reporting.",
        "Remind me later.",
    ]
    assert drop_boilerplate(paragraphs) == [
        "Russian troops reached the border of Donetsk region on Sunday.",
        "Ukrainian officers said the villages were still contested.",
    ]


def test_drop_boilerplate_appeal_ends_when_reporting_resumes() -> None:
    paragraphs = [
        "Dear readers, we need your help.",
        "Russian drones hit Dnipro overnight, the governor said.",
    ]
    assert drop_boilerplate(paragraphs) == paragraphs[1:]


def test_drop_boilerplate_keeps_news_that_mentions_donations() -> None:
    long_news = (
        "The Ukrainian government said on Monday that foreign partners had pledged new air "
        "defence systems, and officials added that a donation of generators from Poland "
        "arrived in Dnipro at the weekend after several nights of Russian strikes on the "
        "region's power grid."
    )
    assert drop_boilerplate([long_news]) == [long_news]


def test_drop_boilerplate_ukrainian_and_russian() -> None:
    paragraphs = [
        "Дорогі читачі,",
        "ми працюємо завдяки вам.",
        "",
        "Підтримайте нашу редакцію.",
        "Подпишитесь на наш канал.",
        "Поделиться",
        "Бої тривають поблизу Запорізького.",
    ]
    assert drop_boilerplate(paragraphs) == ["Бої тривають поблизу Запорізького."]


# --- channel furniture -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "🔔 Подписывайся на Фронтовую сводку",
        "✉️ Прислать новость",
        "Читать нас без блокировок можно тут: example.ru/read",
        "Наш канал: @front_daily",
        "@front_daily_bot",
        "#Курск #сводка",
        "t.me/front_daily",
        "👉👉",
        "Главное из приграничья за сутки:",
        "Минобороны РФ:",
        "Фото: архив редакции",
        "Видео: очевидцы",
        "Слухайте нас на всіх платформах",
        "Get email alerts for every update",
        "Olena Bondar, Mark Ellis, Jana Novak and Tom Reed",
        "Tanks seen near the border, officials say Read more",
        "Срочно",
    ],
)
def test_furniture_is_dropped(line: str) -> None:
    assert drop_boilerplate([line]) == []
    assert not check_worthy(line)


@pytest.mark.parametrize(
    "line",
    [
        "Россия подписала соглашение о поставках в 2021 году.",
        "Подписали контракт более 300 иностранцев, сообщил источник.",
        "Российские войска взяли под контроль Новоалексеевку — Минобороны РФ.",
        "Село Верхнее под контролем наших.",
    ],
)
def test_statements_are_not_furniture(line: str) -> None:
    assert drop_boilerplate([line]) == [line]
    assert check_worthy(line)


@pytest.mark.parametrize(
    ("line", "stripped"),
    [
        ("⚡️Срочно: ВС РФ освободили Новоалексеевку", "ВС РФ освободили Новоалексеевку"),
        ("❗️ МОЛНИЯ — Армия взяла Верхнее", "Армия взяла Верхнее"),
        ("— Наши продвинулись у Нижнего", "Наши продвинулись у Нижнего"),
        ("BREAKING: Russian troops enter the town", "Russian troops enter the town"),
        ("«Мы держимся», — сказал он", "«Мы держимся», — сказал он"),
    ],
)
def test_strip_label_keeps_the_claim(line: str, stripped: str) -> None:
    assert strip_label(line) == stripped
