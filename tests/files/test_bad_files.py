"""Broken files through `sourcecheck import`: each is refused whole, in one line that names the
line at fault, and the claim base is exactly what it was (`sourcecheck export` before and
after). Every bad line comes after good ones that would add new claims, so a half import
would show.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main as cli
from tests.harness import claim_database

GOOD = [
    {
        "id": "testivka",
        "claim": "Russian forces captured Testivka",
        "stance": "backs",
        "speaker": "Russian Defence Ministry",
        "outlet": "TASS",
        "date": "2025-09-01",
        "quote": "Testivka has been liberated.",
    },
    {
        "id": "testivka",
        "claim": "Russian forces captured Testivka",
        "stance": "disputes",
        "speaker": "Ukrainian General Staff",
        "date": "2025-09-02",
    },
]


def jsonl(*extra: str) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in GOOD) + "".join(
        line + "\n" for line in extra
    )


def bad(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


BASE = {"claim": "Russian forces captured Kupiansk", "stance": "backs", "speaker": "RIA"}
CSV_HEAD = "id,claim,stance,speaker,date\n"
CSV_GOOD = "testivka,Russian forces captured Testivka,backs,TASS,2025-09-01\n"

# name -> (file name, bytes, the line the message must name, words the message must hold)
CASES: dict[str, tuple[str, Callable[[], bytes], int, str]] = {
    "bad JSON": ("claims.jsonl", lambda: jsonl('{"claim": "x", "stance": ').encode(), 3, "JSON"),
    "a JSON list": ("claims.jsonl", lambda: jsonl("[1, 2, 3]").encode(), 3, "JSON object"),
    "nested too deeply": (
        "claims.jsonl",
        lambda: jsonl("[" * 30_000 + "]" * 30_000).encode(),
        3,
        "nested too deeply",
    ),
    "missing speaker": (
        "claims.jsonl",
        lambda: jsonl(
            bad({"claim": "Russian forces captured Kupiansk", "stance": "backs"})
        ).encode(),
        3,
        "missing 'speaker'",
    ),
    "missing claim": (
        "claims.jsonl",
        lambda: jsonl(bad({"stance": "backs", "speaker": "RIA"})).encode(),
        3,
        "missing 'claim'",
    ),
    "wrong stance": (
        "claims.jsonl",
        lambda: jsonl(bad({**BASE, "stance": "confirms"})).encode(),
        3,
        "stance 'confirms'",
    ),
    "impossible date": (
        "claims.jsonl",
        lambda: jsonl(bad({**BASE, "date": "2025-13-45"})).encode(),
        3,
        "not a real date",
    ),
    "speaker not text": (
        "claims.jsonl",
        lambda: jsonl('{"claim": "x", "stance": "backs", "speaker": NaN}').encode(),
        3,
        "'speaker' must be text",
    ),
    "a 10 MB line": (
        "claims.jsonl",
        lambda: jsonl(bad({**BASE, "quote": "x" * 10_000_000})).encode(),
        3,
        "longer than",
    ),
    "UTF-16": ("claims.jsonl", lambda: jsonl().encode("utf-16"), 1, "not UTF-8"),
    "Latin-1": (
        "claims.jsonl",
        lambda: jsonl(bad({**BASE, "speaker": "Süddeutsche Zeitung"})).encode("latin-1"),
        3,
        "not UTF-8",
    ),
    "CSV quote never closed": (
        "claims.csv",
        lambda: (
            CSV_HEAD + CSV_GOOD + 'kupiansk,"Russian forces captured Kupiansk,backs,RIA,\n'
            "x,y,backs,z,\n"
        ).encode(),
        3,
        "never closed",
    ),
    "CSV junk after a quote": (
        "claims.csv",
        lambda: (CSV_HEAD + CSV_GOOD + 'kupiansk,"Russian forces"x,backs,RIA,\n').encode(),
        3,
        "broken CSV",
    ),
    "CSV too many cells": (
        "claims.csv",
        lambda: (
            CSV_HEAD + CSV_GOOD + "kupiansk,Kupiansk taken,backs,RIA,2025-09-03,extra\n"
        ).encode(),
        3,
        "cells",
    ),
    "CSV impossible date": (
        "claims.csv",
        lambda: (CSV_HEAD + CSV_GOOD + "kupiansk,Kupiansk taken,backs,RIA,2025-13-45\n").encode(),
        3,
        "not a real date",
    ),
    "CSV in UTF-16": ("claims.csv", lambda: (CSV_HEAD + CSV_GOOD).encode("utf-16"), 0, "UTF-8"),
    "ClaimReview JSON broken": (
        "reviews.json",
        lambda: b'{"@type": "ClaimReview",\n "claimReviewed": "x",\n "author": }\n',
        3,
        "not valid JSON",
    ),
}

# JSON-LD that parses but is not what it should be: the message names what is wrong instead.
NOT_CLAIMREVIEW: dict[str, tuple[object, str]] = {
    "a news article": (
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Front line"},
        "not a ClaimReview: found NewsArticle",
    ),
    "a bare list": ([1, 2, 3], "not a ClaimReview"),
    "a number": (42, "not a ClaimReview"),
    "the claim is an object": (
        {"@type": "ClaimReview", "claimReviewed": {"text": "x"}, "author": {"name": "StopFake"}},
        "missing 'claim'",
    ),
    "an impossible date": (
        {
            "@type": "ClaimReview",
            "claimReviewed": "Russian forces captured Testivka",
            "author": {"name": "StopFake"},
            "reviewRating": {"alternateName": "False"},
            "datePublished": "2025-13-45",
        },
        "not a real date",
    ),
    "deeply nested": (None, "nested too deeply"),
}


@pytest.fixture
def claim_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SQLite claim base holding the sample claims; the working folder is `tmp_path`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", claim_database(tmp_path))
    monkeypatch.setenv("SEMANTIC", "off")
    return tmp_path


def export(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli(["export"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") >= 10
    return out


def refused(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import `path`, expect a refusal, return its one line."""
    capsys.readouterr()
    assert cli(["import", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_refused_whole_with_its_line(
    case: str, claim_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, line, words = CASES[case]
    before = export(capsys)
    path = claim_base / name
    path.write_bytes(content())
    message = refused(path, capsys)
    assert words in message
    if line:
        assert f"line {line}:" in message
    assert message.endswith("nothing was imported")
    assert len(message) < 300  # a 10 MB line is not echoed back
    assert export(capsys) == before


@pytest.mark.parametrize("case", list(NOT_CLAIMREVIEW))
def test_json_ld_that_is_not_a_claimreview_is_refused_whole(
    case: str, claim_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document, words = NOT_CLAIMREVIEW[case]
    before = export(capsys)
    path = claim_base / "reviews.json"
    if document is None:
        path.write_text("[" * 30_000 + "]" * 30_000, encoding="utf-8")
    else:
        path.write_text(json.dumps(document), encoding="utf-8")
    message = refused(path, capsys)
    assert words in message
    assert message.endswith("nothing was imported")
    assert export(capsys) == before


def test_the_good_lines_alone_are_imported(
    claim_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The control: without the bad line the same file adds its claim, so the refusals above
    are refusals of the bad line, not of the whole fixture."""
    before = export(capsys)
    path = claim_base / "claims.jsonl"
    path.write_text(jsonl(), encoding="utf-8")
    assert cli(["import", str(path)]) == 0
    after = export(capsys)
    assert after != before and "Testivka" in after and "Testivka" not in before
