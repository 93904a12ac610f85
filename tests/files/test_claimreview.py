"""Tests for reading and writing schema.org ClaimReview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.files.claimreview import (
    parse_claimreview,
    parse_claimreview_json,
    rating_stance,
    to_claimreview,
)
from tests.files.conftest import CSV_GOOD, REVIEW, check, run


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


# --- import and export through the command line ------------------------------------------


def test_claimreview_import_the_claimant_backs_and_the_reviewer_disputes(db: Path, capsys) -> None:
    (db / "review.json").write_text(json.dumps(REVIEW), encoding="utf-8")
    code, out, _ = run(capsys, "import", "review.json")
    assert code == 0 and "2 new pieces of evidence" in out
    best = check(capsys, "Russia took Dachne")
    assert [(e["speaker"], e["outlet"], e["date"]) for e in best["backing"]] == [
        ("Russian Defence Ministry", "Telegram", "2025-08-30")
    ]
    assert [(e["speaker"], e["date"], e["quote"]) for e in best["disputing"]] == [
        ("Check Desk", "2025-09-02", "Misleading")
    ]
    assert "0 new pieces of evidence" in run(capsys, "import", "review.json")[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            json.dumps({"@context": "https://schema.org", "@type": "NewsArticle"}),
            "not a ClaimReview: found NewsArticle",
        ),
        ('{"@type": "ClaimReview", "claimReviewed": ', "line 1: not valid JSON"),
        ("[1, 2, 3]", "not a ClaimReview: found no @type at all"),
        (json.dumps({**REVIEW, "claimReviewed": ""}), "ClaimReview record 1 (claimant)"),
    ],
)
def test_a_file_that_is_not_a_usable_claimreview_is_one_line(
    db: Path, capsys, content: str, message: str
) -> None:
    (db / "other.json").write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "import", "other.json")
    assert code == 1 and not out
    assert err.startswith(f"sourcecheck: other.json: {message}") and err.count("\n") == 1
    assert run(capsys, "export")[1] == ""


def test_claimreview_export_writes_back_the_reviewers_verdicts(db: Path, capsys) -> None:
    second = {
        **REVIEW,
        "claimReviewed": "Russian forces captured Novohryhorivka",
        "url": "https://checkdesk.example/novohryhorivka",
        "reviewRating": {"@type": "Rating", "alternateName": "True"},
    }
    (db / "reviews.json").write_text(json.dumps([REVIEW, second]), encoding="utf-8")
    (db / "sheet.csv").write_text(CSV_GOOD, encoding="utf-8")
    run(capsys, "import", "reviews.json")
    run(capsys, "import", "sheet.csv")
    code, out, _ = run(capsys, "export", "--format", "claimreview", "-o", "out.json")
    assert code == 0 and out == "exported 2 reviews to out.json\n"
    exported = json.loads((db / "out.json").read_text(encoding="utf-8"))
    reviews = exported["@graph"]
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in reviews] == [
        ("Russian forces captured Dachne", "Misleading"),
        ("Russian forces captured Novohryhorivka", "True"),
    ]
    assert reviews[0]["author"]["name"] == "Check Desk"
    assert reviews[0]["itemReviewed"]["author"]["name"] == "Russian Defence Ministry"
    assert parse_claimreview(exported) == parse_claimreview([REVIEW, second])


def test_claimreview_export_of_a_base_without_reviews_is_empty(db: Path, capsys) -> None:
    (db / "sheet.csv").write_text(CSV_GOOD, encoding="utf-8")
    run(capsys, "import", "sheet.csv")
    code, out, _ = run(capsys, "export", "--format", "claimreview")
    assert code == 0
    assert json.loads(out) == {"@context": "https://schema.org", "@graph": []}


def test_roles_are_kept_apart() -> None:
    pairs = parse_claimreview_json(json.dumps(REVIEW).encode())
    assert [(role, r.speaker, r.stance) for role, r in pairs] == [
        ("claimant", "Russian Defence Ministry", "backs"),
        ("reviewer", "Check Desk", "disputes"),
    ]
