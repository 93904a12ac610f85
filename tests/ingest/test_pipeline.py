"""Reading a source without a database: names, attributed statements, and the hash that
recognises the same text again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store.ingest.extract import Article
from store.ingest.pipeline import IngestError, read_article_file, read_document
from tests.conftest import ROOT

VILLAGES = ROOT / "samples" / "articles" / "villages_contested_en.txt"


def test_a_document_holds_the_statements_and_the_names_given_win() -> None:
    article = read_article_file(VILLAGES)
    document = read_document(article, outlet="Frontline Weekly", published=dt.date(2025, 7, 9))
    assert (document.outlet, document.published) == ("Frontline Weekly", dt.date(2025, 7, 9))
    assert any(s.speaker == "Maj. Andriy Kovalenko" for s in document.statements)
    respaced = read_article_file(VILLAGES)
    respaced.text = respaced.text.replace(". ", ".  ").upper()
    assert read_document(respaced).content_hash == read_document(article).content_hash


def test_the_outlet_is_the_host_when_nothing_names_it() -> None:
    article = Article(None, None, None, None, None, "Russia captured Dachne, the ministry said.")
    document = read_document(article, url="https://www.desk.example/a")
    assert document.outlet == "desk.example"
    with pytest.raises(IngestError, match="--outlet"):
        read_document(article)


def test_markup_that_is_not_a_claimreview_does_not_stop_the_article() -> None:
    article = Article("T", "Desk", None, None, None, "Russia captured Dachne, TASS said.")
    article.claimreviews = [{"@type": "NewsArticle"}]
    assert read_document(article).reviews == []


def test_each_statement_carries_the_day_its_own_sentence_names() -> None:
    text = (
        "The defence ministry said on Tuesday that its troops captured Dachne. "
        "Russian forces struck Kharkiv with twelve drones, the governor said."
    )
    article = Article(None, "Desk", dt.date(2025, 12, 10), None, None, text)
    dated = {s.speaker: s.said_on for s in read_document(article).statements}
    assert dated == {"defence ministry": dt.date(2025, 12, 9), "governor": None}


def test_the_headline_is_the_outlets_own_statement_when_it_states_something() -> None:
    body = "Russia captured Dachne, the ministry said."
    stated = Article("Russian drones hit a power plant in Kharkiv", "Desk", None, None, None, body)
    [headline, *_] = read_document(stated).statements
    assert (headline.speaker, headline.proposition, headline.stance) == (
        "Desk",
        "Russian drones hit a power plant in Kharkiv",
        "backs",
    )
    assert headline.quote == "Russian drones hit a power plant in Kharkiv"
    for title, said in (
        ("Russian troops enter Dachne | Desk News", "Russian troops enter Dachne"),
        ("War in the east: Russian troops enter Dachne - Desk", "Russian troops enter Dachne"),
    ):
        titled = Article(title, "Desk", None, None, None, body)
        assert read_document(titled).statements[0].proposition == said
    for title in (
        "Russia-Ukraine war: live updates",
        "Russia claims it took Dachne",
        "What next?",
        "Offensive Campaign Assessment, February 2, 2026",
        "Russia's War in Ukraine: The Next Chapter",
        "Russia must pay for the strike on Kharkiv",
        "Russia-Ukraine war: what we know on day 116 of the invasion",
    ):
        titled = Article(title, "Desk", None, None, None, body)
        assert all(s.speaker != "Desk" for s in read_document(titled).statements), title


def test_a_file_with_a_header_that_cannot_be_read_is_refused_naming_the_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "A long title that ends with a full stop.\nOutlet: Desk\nPublished: yesterday\n"
    )
    with pytest.raises(IngestError, match=r"^line 3: 'Published: yesterday' is not a date"):
        read_article_file(path)
    path.write_text("A title that ends with a full stop.\nOutlet: Desk\n\nRussia took Dachne.\n")
    assert read_document(read_article_file(path)).outlet == "Desk"


def test_a_live_blog_entry_dates_its_statements_by_its_own_stamp() -> None:
    text = (
        "8 Mar 2025 22.40 GMT The army said its units had left Sudzha.\n\n"
        "9 Mar 2025 07.05 GMT The governor said on Sunday that shelling hit Sumy.\n\n"
        "9 Mar 2025 09.30 GMT Officials said the bridge was repaired."
    )
    article = Article(None, "Desk", dt.date(2025, 3, 10), None, None, text)
    dated = {s.speaker: s.said_on for s in read_document(article).statements}
    assert dated == {
        "army": dt.date(2025, 3, 8),
        "governor": dt.date(2025, 3, 9),
        "Officials": dt.date(2025, 3, 9),
    }


def test_one_stamp_is_a_dateline_and_leaves_the_page_date() -> None:
    text = "8 Mar 2025 22.40 GMT The army said its units had left Sudzha."
    article = Article(None, "Desk", dt.date(2025, 3, 10), None, None, text)
    assert [s.said_on for s in read_document(article).statements] == [None]
