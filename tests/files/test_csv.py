"""CSV import as an editor runs it: a spreadsheet's rows become evidence, a bad row refuses
the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.files.csv import parse_csv
from store.files.jsonl import FormatError, InterchangeError
from tests.files.conftest import CSV_GOOD, check, run

# --- CSV -------------------------------------------------------------------------------------


def test_csv_rows_become_evidence_with_aliases_and_via(db: Path, capsys) -> None:
    (db / "sheet.csv").write_text(CSV_GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "import", "sheet.csv")
    assert code == 0 and "1 new claim, 3 new pieces of evidence" in out
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
