"""CSV and ClaimReview import, and ClaimReview export, as an editor runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main as cli
from store.files.claimreview import parse_claimreview
from store.files.formats import FormatError, parse_claimreview_json, parse_csv
from store.files.jsonl import InterchangeError

CSV_GOOD = (
    "id,claim,aliases,stance,speaker,outlet,date,url,quote,via\n"
    "dachne,Russian forces captured Dachne,Russia took Dachne|Росія захопила Дачне,backs,"
    "Russian Defence Ministry,TASS,2025-08-30,https://tass.example/dachne,"
    '"Units of the Vostok group liberated Dachne, the ministry said.",\n'
    "dachne,Russian forces captured Dachne,,disputes,Ukrainian 35th Brigade,Suspilne,"
    '2025-08-31,https://suspilne.example/dachne,"Dachne is ours",\n'
    "dachne,Russian forces captured Dachne,,unconfirmed,three officers,The Moscow Times,"
    "2025-09-01,,,The New York Times\n"
)

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checkdesk.example/dachne",
    "claimReviewed": "Russian forces captured Dachne",
    "datePublished": "2025-09-02",
    "author": {"@type": "Organization", "name": "Check Desk"},
    "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Russian Defence Ministry"},
        "datePublished": "2025-08-30",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://t.me/mod_example/100",
            "publisher": {"name": "Telegram"},
        },
    },
}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'claims.db'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys: pytest.CaptureFixture, query: str) -> dict:
    code, out, _ = run(capsys, "check", "--json", query)
    assert code == 0
    matches = json.loads(out)["matches"]
    assert matches, f"no match for {query!r}"
    return matches[0]


# --- CSV -------------------------------------------------------------------------------------


def test_csv_rows_become_evidence_with_aliases_and_via(db: Path, capsys) -> None:
    (db / "sheet.csv").write_text(CSV_GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "import", "sheet.csv")
    assert code == 0 and "1 new claims, 3 new pieces of evidence" in out
    best = check(capsys, "Росія захопила Дачне")
    assert best["id"] == "dachne"
    assert [(e["speaker"], e["date"]) for e in best["backing"]] == [
        ("Russian Defence Ministry", "2025-08-30")
    ]
    assert (
        best["backing"][0]["quote"]
        == "Units of the Vostok group liberated Dachne, the ministry said."
    )
    assert [e["outlet"] for e in best["disputing"]] == ["Suspilne"]
    assert [e["via"] for e in best["unconfirmed"]] == ["The New York Times"]
    assert "already known" in run(capsys, "import", "sheet.csv")[1]
    assert "0 new pieces of evidence" in run(capsys, "import", "sheet.csv")[1]


def test_csv_with_a_byte_order_mark_and_windows_line_ends(db: Path, capsys) -> None:
    data = "\ufeff" + CSV_GOOD.replace("\n", "\r\n")
    (db / "excel.csv").write_bytes(data.encode("utf-8"))
    assert run(capsys, "import", "excel.csv")[0] == 0
    assert check(capsys, "Russia took Dachne")["id"] == "dachne"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            CSV_GOOD + 'x,"Russian forces captured Dachne,backs,Somebody\n',
            "line 5: broken CSV",
        ),
        (
            CSV_GOOD.replace('"Dachne is ours"', '"Dachne" is ours'),
            "line 3: broken CSV",
        ),
        (
            CSV_GOOD + "dachne,Russian forces captured Dachne,,maybe,Somebody,,,,,\n",
            "line 5: stance",
        ),
        (
            CSV_GOOD + "dachne,Russian forces captured Dachne,,backs,X,,2025-02-30,,,\n",
            "line 5: date",
        ),
        (CSV_GOOD + "dachne,Russian forces captured Huliaipole,,backs,X,,,,,\n", "line 5: id"),
        ("claim,stance,spekaer\nA claim,backs,X\n", "line 1: unknown column 'spekaer'"),
        ("claim,stance\nA claim,backs\n", "line 1: no 'speaker' column"),
        ("claim,stance,speaker\nA claim,backs,X,extra\n", "line 2: 4 cells but only 3 columns"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(db: Path, capsys, text: str, message: str) -> None:
    (db / "bad.csv").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", "bad.csv")
    assert code == 1 and not out
    assert err.startswith(f"sourcecheck: bad.csv: {message}")
    assert err.rstrip().endswith("nothing was imported") and err.count("\n") == 1
    code, out, _ = run(capsys, "export")
    assert out == ""


def test_a_multi_line_cell_keeps_the_line_numbers_of_rows(db: Path) -> None:
    text = (
        "claim,stance,speaker,quote\n"
        'Russian forces captured Dachne,backs,TASS,"first line\nsecond line"\n'
        "Russian forces captured Dachne,sure,TASS,\n"
    )
    with pytest.raises(InterchangeError, match=r"^line 4: stance"):
        parse_csv(text.encode())


def test_csv_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(FormatError, match="not UTF-8"):
        parse_csv("claim,stance,speaker\nЗахопили Дачне,backs,ТАСС\n".encode("cp1251"))


# --- ClaimReview -----------------------------------------------------------------------------


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
