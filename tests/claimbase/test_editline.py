"""Reading an editor's `speaker | outlet | date | url | quote` line and `/alias place:` line."""

from __future__ import annotations

import datetime as dt

import pytest

from store.claimbase.editline import (
    CurationError,
    EvidenceInput,
    claim_text,
    parse_date_text,
    parse_evidence,
    parse_place_alias,
)
from store.claimbase.places import name_language, resolve_place
from store.match.gazetteer import Gazetteer

TODAY = dt.date(2025, 12, 10)


def parse(text: str) -> EvidenceInput:
    return parse_evidence(text, today=TODAY)


def test_all_five_parts() -> None:
    entry = parse(
        "Southern Defence Forces | Ukrainska Pravda | 2025-11-28 | "
        "https://www.pravda.com.ua/news/1 | The town remains under our control."
    )
    assert entry == EvidenceInput(
        speaker="Southern Defence Forces",
        outlet="Ukrainska Pravda",
        quote="The town remains under our control.",
        date=dt.date(2025, 11, 28),
        url="https://www.pravda.com.ua/news/1",
    )


def test_date_and_url_may_be_left_out() -> None:
    entry = parse("Defence Ministry | TASS | Units have taken the settlement.")
    assert (entry.speaker, entry.outlet, entry.quote) == (
        "Defence Ministry",
        "TASS",
        "Units have taken the settlement.",
    )
    assert entry.date is None and entry.url is None


def test_only_the_date_or_only_the_url() -> None:
    assert parse("A | B | 27 Nov 2025 | said so").date == dt.date(2025, 11, 27)
    only_url = parse("A | B | http://example.org/a?b=1 | said so")
    assert only_url.url == "http://example.org/a?b=1" and only_url.date is None


def test_empty_optional_parts_are_skipped() -> None:
    entry = parse("A | B |  |  | said so")
    assert entry.quote == "said so" and entry.date is None and entry.url is None


def test_url_before_date_is_read_too() -> None:
    entry = parse("A | B | https://example.org/x | 2025-11-27 | said so")
    assert entry.url == "https://example.org/x" and entry.date == dt.date(2025, 11, 27)


def test_an_empty_outlet_means_the_speaker_published_it() -> None:
    assert parse("General Staff |  | Fighting continues.").outlet == "General Staff"


def test_a_bar_inside_the_quote_is_kept() -> None:
    entry = parse("A | B | 2025-11-27 | first part | second part")
    assert entry.quote == "first part | second part"


def test_spacing_is_normalised_and_quote_marks_dropped() -> None:
    entry = parse("  Olena   K. |  Suspilne | “We hold   the line.” ")
    assert entry.speaker == "Olena K."
    assert entry.quote == "We hold the line."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-27", dt.date(2025, 11, 27)),
        ("27 Nov 2025", dt.date(2025, 11, 27)),
        ("27 November 2025", dt.date(2025, 11, 27)),
        ("Nov 27, 2025", dt.date(2025, 11, 27)),
        ("September 3 2025", dt.date(2025, 9, 3)),
        ("27.11.2025", dt.date(2025, 11, 27)),
        ("3 sept. 2025", dt.date(2025, 9, 3)),
    ],
)
def test_dates_as_editors_write_them(text: str, expected: dt.date) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("just one part", "at least three parts"),
        ("A | B", "at least three parts"),
        (" | TASS | said so", "speaker is missing"),
        ("A | B | 2025-11-27 | ", "quote is missing"),
        ("A | B | 2025-11-27 | https://example.org/x |  ", "quote is missing"),
        ("A | B | 2025-02-30 | said so", "not a real date"),
        ("A | B | 27 Novv 2025 | said so", "cannot read the date"),
        ("A | B | 2026-01-20 | said so", "in the future"),
        ("A | B | ftp://example.org/file | said so", "http:// or https://"),
        ("A | B | javascript://x | said so", "http:// or https://"),
        ("A | B | www.example.org/x | said so", "https://www.example.org/x"),
        ("A | B | https://example.org/a | https://example.org/b | said so", "two links"),
        ("A | B | " + "x" * 2001, "quote is longer"),
        ("S" * 301 + " | B | said so", "speaker is longer"),
    ],
)
def test_malformed_lines_say_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(CurationError, match=reason.replace("?", r"\?").replace(".", r"\.")):
        parse(text)


def test_tomorrow_is_allowed_for_time_zones() -> None:
    assert parse("A | B | 2025-12-11 | said so").date == dt.date(2025, 12, 11)


def test_place_alias_line() -> None:
    alias = parse_place_alias("place: Gulai Pole = Huliaipole")
    assert (alias.name, alias.place) == ("Gulai Pole", "Huliaipole")
    alias = parse_place_alias("Place:“Гуляй Поле”=huliaipole")
    assert (alias.name, alias.place) == ("Гуляй Поле", "huliaipole")


@pytest.mark.parametrize("text", ["place: Gulai Pole", "place: = Huliaipole", "place: 123 = x"])
def test_place_alias_needs_a_name_and_a_place(text: str) -> None:
    with pytest.raises(CurationError):
        parse_place_alias(text)


def test_name_language_from_the_letters() -> None:
    assert name_language("Gulai Pole") == "en"
    assert name_language("Гуляйполі") == "uk"
    assert name_language("Гуляйпольё") == "ru"
    assert name_language("Гуляй Поле") == "old"


def test_resolve_place_by_name_id_or_namesakes(gazetteer: Gazetteer) -> None:
    assert [p.id for p in resolve_place(gazetteer, "Huliaipole")] == ["huliaipole"]
    assert [p.id for p in resolve_place(gazetteer, "Гуляйполе")] == ["huliaipole"]
    assert [p.id for p in resolve_place(gazetteer, "huliaipole")] == ["huliaipole"]
    namesakes = [p.id for p in resolve_place(gazetteer, "Novoselivka")]
    assert len(namesakes) > 1 and all(i.startswith("novoselivka") for i in namesakes)
    assert resolve_place(gazetteer, "Atlantis") == []


def test_claim_text_is_one_clean_line() -> None:
    assert (
        claim_text("  Russian forces\ncaptured   Kupiansk ") == "Russian forces captured Kupiansk"
    )
    with pytest.raises(CurationError):
        claim_text("x")
    with pytest.raises(CurationError):
        claim_text("1234567890")
