"""Tests for reading and writing schema.org ClaimReview."""

from __future__ import annotations

import pytest

from store.files.claimreview import parse_claimreview, rating_stance, to_claimreview


def _review(rating: str, **extra: object) -> dict:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checkdesk.example/zaporizke",
        "claimReviewed": "Russian forces captured Zaporizke",
        "datePublished": "2025-08-28",
        "author": {"@type": "Organization", "name": "Check Desk"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "Russian Defence Ministry"},
            "datePublished": "2025-08-25",
            "appearance": {
                "@type": "CreativeWork",
                "url": "https://mod.example/statement",
                "publisher": {"name": "Telegram"},
            },
        },
    }
    review.update(extra)
    return review


def test_claimant_backs_and_reviewer_disputes() -> None:
    claimant, reviewer = parse_claimreview(_review("False"))
    assert claimant == {
        "claim": "Russian forces captured Zaporizke",
        "stance": "backs",
        "speaker": "Russian Defence Ministry",
        "outlet": "Telegram",
        "date": "2025-08-25",
        "url": "https://mod.example/statement",
        "quote": "Russian forces captured Zaporizke",
    }
    assert reviewer == {
        "claim": "Russian forces captured Zaporizke",
        "stance": "disputes",
        "speaker": "Check Desk",
        "outlet": "Check Desk",
        "date": "2025-08-28",
        "url": "https://checkdesk.example/zaporizke",
        "quote": "False",
    }


@pytest.mark.parametrize(
    ("rating", "stance"),
    [
        ("True", "backs"),
        ("Mostly True", "backs"),
        ("correct", "backs"),
        ("False", "disputes"),
        ("Mostly false", "disputes"),
        ("Misleading", "disputes"),
        ("FAKE", "disputes"),
        ("Pants on Fire!", "disputes"),
        ("pants-on-fire", "disputes"),
        ("Incorrect", "disputes"),
        ("Unproven", "unconfirmed"),
        ("Half true", "unconfirmed"),
        ("", "unconfirmed"),
        (None, "unconfirmed"),
    ],
)
def test_rating_stance(rating: str | None, stance: str) -> None:
    assert rating_stance(rating) == stance


def test_graph_and_lists() -> None:
    data = [
        {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, _review("True")]},
        _review("Misleading", claimReviewed="Russia captured Novohryhorivka"),
    ]
    records = parse_claimreview(data)
    assert [(r["speaker"], r["stance"], r["claim"]) for r in records] == [
        ("Russian Defence Ministry", "backs", "Russian forces captured Zaporizke"),
        ("Check Desk", "backs", "Russian forces captured Zaporizke"),
        ("Russian Defence Ministry", "backs", "Russia captured Novohryhorivka"),
        ("Check Desk", "disputes", "Russia captured Novohryhorivka"),
    ]


def test_review_without_claimant_gives_only_the_reviewer() -> None:
    review = _review("Unproven")
    del review["itemReviewed"]
    [record] = parse_claimreview(review)
    assert (record["speaker"], record["stance"]) == ("Check Desk", "unconfirmed")


@pytest.mark.parametrize("data", [{"@type": "NewsArticle"}, [], {"name": "x"}])
def test_not_a_claimreview(data: dict | list) -> None:
    with pytest.raises(ValueError, match=r"^not a ClaimReview: "):
        parse_claimreview(data)


def test_export_round_trip() -> None:
    exported = to_claimreview(
        "Russia captured Zaporizke",
        [
            {
                "speaker": "sourcecheck",
                "stance": "disputes",
                "date": "2025-08-29",
                "url": "https://sourcecheck.example/c/1",
            }
        ],
    )
    assert exported["@context"] == "https://schema.org"
    [record] = parse_claimreview(exported)
    assert record == {
        "claim": "Russia captured Zaporizke",
        "stance": "disputes",
        "speaker": "sourcecheck",
        "outlet": "sourcecheck",
        "date": "2025-08-29",
        "url": "https://sourcecheck.example/c/1",
        "quote": "False",
    }
