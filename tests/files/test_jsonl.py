"""The interchange format: what a newsroom's file may hold and how a bad line is refused."""

import datetime as dt
import json

import pytest

from store.files.jsonl import InterchangeError, parse_all


def lines(*records: object) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r) for r in records]


GOOD = {"id": "c1", "claim": "Russian forces captured Zaporizke", "stance": "backs",
        "speaker": "Russian Defence Ministry", "outlet": "TASS", "date": "2025-08-10",
        "url": "https://example.org/1", "quote": "The village was liberated."}  # fmt: skip


def test_a_full_line_is_read_with_its_date_and_outlet() -> None:
    (record,) = parse_all(lines(GOOD))
    assert record.claim_key == "c1"
    assert record.date == dt.date(2025, 8, 10)
    assert record.outlet == "TASS"


def test_only_claim_stance_and_speaker_are_required_and_outlet_defaults_to_speaker() -> None:
    (record,) = parse_all(lines({"claim": "X happened", "stance": "disputes", "speaker": "ISW"}))
    assert record.outlet == "ISW"
    assert record.date is None and record.url is None
    assert record.claim_key.startswith("k")


def test_lines_without_id_and_the_same_claim_text_are_one_claim() -> None:
    a = {"claim": "Russia took Zaporizke", "stance": "backs", "speaker": "A"}
    b = {"claim": "russia  took Zaporizke", "stance": "disputes", "speaker": "B"}
    first, second = parse_all(lines(a, b))
    assert first.claim_key == second.claim_key


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not valid JSON"),
        ({"claim": "x", "stance": "backs"}, "missing 'speaker'"),
        ({"claim": "x", "stance": "maybe", "speaker": "A"}, "stance 'maybe'"),
        ({"claim": "x", "stance": "backs", "speaker": "A", "date": "2025-13-45"}, "not a real"),
        ({"claim": "x", "stance": "backs", "speaker": "A", "url": "javascript:x"}, "url"),
        ([1, 2], "JSON object"),
    ],
)
def test_a_bad_line_is_reported_with_its_number(bad: object, reason: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        parse_all(lines(GOOD, "", bad))
    assert caught.value.line == 3
    assert reason in str(caught.value)


def test_an_id_reused_for_another_claim_refuses_the_file() -> None:
    other = dict(GOOD, claim="Russian forces captured Pokrovsk")
    with pytest.raises(InterchangeError, match="line 2: id 'c1' already names another claim"):
        parse_all(lines(GOOD, other))


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(InterchangeError, match="line 1: not UTF-8"):
        parse_all([b"\xff\xfe{"])


def test_fingerprint_ignores_spacing_and_case_but_not_the_speaker() -> None:
    (a,) = parse_all(lines(GOOD))
    (b,) = parse_all(lines(dict(GOOD, quote="the village was   LIBERATED.")))
    (c,) = parse_all(lines(dict(GOOD, speaker="Someone else")))
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


def test_fact_checkers_long_ids_are_read_up_to_300_characters() -> None:
    slug = "fact-check-" + "russian-forces-captured-zaporizke-in-dnipropetrovsk-region-" * 2
    (record,) = parse_all(lines(dict(GOOD, id=slug[:104])))
    assert record.claim_key == slug[:104]
    (record,) = parse_all(lines(dict(GOOD, id="x" * 300)))
    assert len(record.claim_key) == 300
    with pytest.raises(InterchangeError, match="line 1: 'id' is longer than 300 characters"):
        parse_all(lines(dict(GOOD, id="x" * 301)))
