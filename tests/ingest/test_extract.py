"""Tests for article extraction and boilerplate removal, on the project's own samples."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from store.ingest.extract import HeaderError, extract_html, extract_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles"


def test_html_metadata_and_text() -> None:
    article = extract_html((SAMPLES / "dnipro_incursion.html").read_text(encoding="utf-8"))
    assert article.outlet == "Steppe Post"
    assert article.title == "Russian troops cross into Dnipropetrovsk region"
    assert article.published == datetime.date(2025, 7, 7)
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2025-07-07T09:15:00+03:00"
    assert article.url == "https://steppe-post.example/war/2025/07/07/dnipropetrovsk-incursion"
    assert "Zaporizke and Novohryhorivka" in article.text
    assert article.claimreviews == []


def test_html_drops_navigation_byline_newsletter_and_donation() -> None:
    text = extract_html((SAMPLES / "dnipro_incursion.html").read_text(encoding="utf-8")).text
    for unwanted in ("Politics", "By Olena Petrenko", "newsletter", "Dear readers", "donation"):
        assert unwanted not in text
    assert not text.startswith("Russian troops cross into")  # the headline is not body text


def test_html_json_ld_date_and_claimreview() -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Russia captured Zaporizke",
        "author": {"@type": "Organization", "name": "Check Desk"},
        "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
    }
    article_ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "datePublished": "2025-08-26T18:00:00Z",
                "publisher": {"name": "Border Wire"},
            },
            review,
        ],
    }
    html = (
        "<html><head><title>Villages contested</title>"
        f'<script type="application/ld+json">{json.dumps(article_ld)}</script></head>'
        "<body><article><p>Ukrainian officials said their troops still held Zaporizke "
        "after a night of heavy shelling near the regional border.</p></article></body></html>"
    )
    article = extract_html(html, url="https://border-wire.example/a")
    assert article.published_at == datetime.datetime(2025, 8, 26, 18, 0, tzinfo=datetime.UTC)
    assert article.outlet == "Border Wire"
    assert article.url == "https://border-wire.example/a"
    assert article.claimreviews == [review]


def test_text_sample_header_and_appeal() -> None:
    article = extract_text((SAMPLES / "frontline_dnipro_en.txt").read_text(encoding="utf-8"))
    assert article.title == "Russian units edge into Dnipropetrovsk region, Ukrainian officers say"
    assert article.outlet == "Kyiv Frontline Review"
    assert article.published == datetime.date(2025, 7, 8)
    assert "Zaporizke and Novohryhorivka" in article.text
    for unwanted in ("contributed reporting", "Dear readers", "monthly gift", "Remind me later"):
        assert unwanted not in article.text
    assert article.text.rstrip().endswith("in the city of Dnipro.")


def test_text_without_title_line() -> None:
    text = "Russian troops entered the region on Sunday, officials said.\nNothing else."
    article = extract_text(text)
    assert article.title is None
    assert article.text.startswith("Russian troops entered")


def test_text_rejoins_hard_wrapped_lines() -> None:
    text = (
        "The Russian Defence Ministry said on Sunday that its tank units had\n"
        "reached the border of Donetsk region.\n\nSecond paragraph here."
    )
    article = extract_text(text)
    assert article.text.split("\n")[0].endswith("reached the border of Donetsk region.")


def test_ukrainian_and_russian_samples() -> None:
    uk = extract_text((SAMPLES / "dnipro_uk.txt").read_text(encoding="utf-8"))
    ru = extract_text((SAMPLES / "dnipro_ru.txt").read_text(encoding="utf-8"))
    assert uk.outlet == "Фронтові новини" and uk.published == datetime.date(2025, 7, 9)
    assert ru.outlet == "Независимая лента" and ru.published == datetime.date(2025, 7, 6)
    assert "Підтримайте" not in uk.text
    assert "Подпишитесь" not in ru.text


LONG_TITLE = (
    "Ukrainian commanders say the line west of the river held through a third night of "
    "assaults, and that reinforcements reached the town before dawn."
)


def test_header_lines_are_read_whatever_the_title() -> None:
    for title in (LONG_TITLE, "Troops held the town.", "Troops held\nthe town through the night"):
        text = f"{title}\nOutlet: River Desk\nPublished: 2025-07-08\nURL: https://r.example/a\n\n"
        article = extract_text(text + "Russian troops entered the town on Sunday, officials said.")
        assert article.title == " ".join(title.split())
        assert (article.outlet, article.published, article.url) == (
            "River Desk",
            datetime.date(2025, 7, 8),
            "https://r.example/a",
        )
        assert article.text == "Russian troops entered the town on Sunday, officials said."


def test_a_written_date_in_the_header_is_read() -> None:
    for written in ("8 July 2025", "July 8, 2025", "Tue 8 Jul 2025 19.09 BST", "08.07.2025"):
        article = extract_text(f"Title\nPublished: {written}\n\nTroops held the town, they said.")
        assert article.published == datetime.date(2025, 7, 8), written
    article = extract_text("Заголовок\nОпубліковано: 8 липня 2025 року\n\nВійська тримають місто.")
    assert article.published == datetime.date(2025, 7, 8)


def test_a_header_that_cannot_be_read_is_refused_by_its_line() -> None:
    for value in ("yesterday", "8 July", "soon, 2025"):
        text = f"\nTroops held the town.\nOutlet: River Desk\nPublished: {value}\n\nBody text."
        with pytest.raises(HeaderError) as refused:
            extract_text(text)
        assert str(refused.value) == (
            f"line 4: 'Published: {value}' is not a date (use YYYY-MM-DD)"
        )
    empty = extract_text("Title\nOutlet: River Desk\nURL:\n\nTroops held the town, they said.")
    assert (empty.outlet, empty.url) == ("River Desk", None)
