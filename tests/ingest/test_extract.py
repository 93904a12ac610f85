"""Tests for article extraction and boilerplate removal, on the project's own samples."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from store.ingest.extract import extract_html, extract_text

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
