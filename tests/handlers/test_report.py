"""The plain-text reports the chat and the command line share, from data alone."""

from __future__ import annotations

import datetime as dt

from handlers.report import (
    audit_lines,
    evidence_recorded,
    import_summary,
    ingest_summary,
    recorded_line,
    undone,
)
from store.claimbase import audit
from store.claimbase.audit import AuditRow
from store.claimbase.curate import EvidenceAdded
from store.claimbase.editline import EvidenceInput
from store.claimbase.ingest import IngestResult, Recorded
from store.claimbase.undo import Undone
from store.repo import ImportResult

DAY = dt.date(2025, 7, 7)


def test_an_ingest_report_line_and_summary() -> None:
    item = Recorded("Russia took X", "k1", True, "Ukrainian officers", "BBC", "disputes", DAY, "q")
    assert recorded_line(item) == (
        "disputes: Ukrainian officers (via BBC) · 7 Jul 2025 · “Russia took X” [new claim]"
    )
    undated = Recorded("Russia took X", "k1", False, "TASS", None, "unconfirmed", None, "q")
    assert recorded_line(undated) == "not confirmed: TASS · undated · “Russia took X”"
    result = IngestResult("Title", None, "Steppe Post", DAY, recorded=[item], claims_added=1)
    assert ingest_summary(result) == (
        "Ingested “Title” (Steppe Post, 7 Jul 2025): 1 piece of evidence on 1 claim, "
        "1 of them new; no attributed statements found."
    )
    background = IngestResult(
        "Title", None, "Steppe Post", DAY, recorded=[item], statements=5, without_event=4
    )
    assert ingest_summary(background) == (
        "Ingested “Title” (Steppe Post, 7 Jul 2025): 1 piece of evidence on 1 claim, "
        "0 of them new; 4 statements about no event left out."
    )
    again = IngestResult(None, "https://x.example/a", "X", None, duplicate=True)
    assert ingest_summary(again) == (
        "Already ingested: https://x.example/a (X, undated); nothing added."
    )


def test_an_editors_change_and_its_undo() -> None:
    entry = EvidenceInput("General Staff", "Suspilne", "They hold.", DAY)
    added = EvidenceAdded(1, "Russia took Pokrovsk", "disputes", entry)
    assert evidence_recorded(added) == (
        "Recorded: General Staff (Suspilne, 7 Jul 2025) disputes “Russia took Pokrovsk”.\n"
        "/undo reverts it."
    )
    evidence = Undone(audit.ADD_EVIDENCE, {"speaker": "General Staff", "stance": "disputes"})
    assert undone(evidence) == "the record of General Staff disputing the claim"
    gone = Undone(audit.ADD_CLAIM, {"text": "Russia took X"}, gone=True)
    assert undone(gone) == "the claim “Russia took X” (it was already gone)"
    assert undone(Undone(audit.ADD_PLACE_NAME, {"name": "Gulai Pole"})) == (
        "the place name Gulai Pole"
    )


def test_audit_lines_and_the_import_summary() -> None:
    at = dt.datetime(2025, 11, 28, 10, 3, 11, tzinfo=dt.UTC)
    detail = {"stance": "disputes", "speaker": "Southern Defence Forces",
              "outlet": "Ukrainska Pravda", "date": "2025-11-28"}  # fmt: skip
    row = AuditRow(42, at, "telegram:1001 @olena", audit.ADD_EVIDENCE, "huliaipole", False, detail)
    assert audit_lines([row]) == [
        "#42  2025-11-28 10:03:11 UTC  telegram:1001 @olena  add_evidence  claim huliaipole  "
        "disputes: Southern Defence Forces (Ukrainska Pravda), 2025-11-28"
    ]
    undo = AuditRow(43, at, "a", audit.UNDO, None, True, {"entry": 42, "undid": "add_evidence"})
    assert audit_lines([undo])[0].endswith("undo  undid #42 (add_evidence)  [undone]")
    result = ImportResult(claims_added=1, evidence_added=3, evidence_skipped=2)
    assert import_summary(result) == "1 new claim, 3 new pieces of evidence, 2 already known"
