"""What is worth checking: boilerplate dropped from articles and posts, sentences that state
a fact kept."""

from __future__ import annotations

import pytest

from store.match.worthy import check_worthy, drop_boilerplate

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
