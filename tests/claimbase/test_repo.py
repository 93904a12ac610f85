"""The claim base on SQLite and on PostgreSQL: imports, idempotence, transactions, export."""

import json

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import repo
from store.db import current_revision, session_scope
from store.files.jsonl import parse_all


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return repo.counts(session=session)


def test_the_schema_comes_from_the_migrations(engine: Engine) -> None:
    assert current_revision(engine) is not None


def test_importing_twice_adds_nothing_the_second_time(engine: Engine, sample_records) -> None:
    with session_scope(engine) as session:
        first = repo.import_records(session=session, records=sample_records)
    with session_scope(engine) as session:
        second = repo.import_records(session=session, records=sample_records)
    assert first.evidence_added == len(sample_records)
    assert second.evidence_added == 0 and second.claims_added == 0
    assert counts(engine)["evidence"] == len(sample_records)


def test_a_failed_import_leaves_nothing_half_written(engine: Engine, sample_records) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        repo.import_records(session=session, records=sample_records)
        raise RuntimeError("the disk filled up")
    assert counts(engine) == {"claims": 0, "evidence": 0, "outlets": 0}


def test_evidence_reads_oldest_first_within_each_stance(engine: Engine) -> None:
    records = parse_all(
        json.dumps({"id": "c", "claim": "Russia took X", "stance": "backs", "speaker": s,
                    "date": d})
        for s, d in [("Late", "2025-09-02"), ("Undated", None), ("Early", "2025-09-01")]
    )  # fmt: skip
    with session_scope(engine) as session:
        result = repo.import_records(session=session, records=records)
    with Session(engine) as session:
        (view,) = repo.claim_views(session=session, claim_ids=list(result.touched_claims)).values()
    assert [e.speaker for e in view.by_stance("backs")] == ["Early", "Late", "Undated"]


def test_export_writes_back_what_was_imported(engine: Engine, sample_records) -> None:
    with session_scope(engine) as session:
        repo.import_records(session=session, records=sample_records)
    with Session(engine) as session:
        exported = list(repo.export_records(session=session))
    again = parse_all(json.dumps(line) for line in exported)
    assert {r.fingerprint() for r in again} == {r.fingerprint() for r in sample_records}
    assert exported[0]["aliases"]


def test_a_file_with_a_claim_already_stored_under_other_words_adds_an_alias(
    engine: Engine, sample_records
) -> None:
    with session_scope(engine) as session:
        repo.import_records(session=session, records=sample_records)
    line = {"id": "pokrovsk", "claim": "Pokrovsk fell to Russian troops", "stance": "backs",
            "speaker": "A Russian war correspondent"}  # fmt: skip
    with session_scope(engine) as session:
        result = repo.import_records(session=session, records=parse_all([json.dumps(line)]))
    assert result.claims_added == 0 and result.aliases_added == 1
    with Session(engine) as session:
        texts = {e.key: e.texts for e in repo.index_entries(session=session)}
    assert "Pokrovsk fell to Russian troops" in texts["pokrovsk"]


def test_a_300_character_id_is_stored_whole(engine: Engine) -> None:
    key = "snopes-" + "x" * 293
    line = {"id": key, "claim": "Russia took X", "stance": "backs", "speaker": "A"}
    with session_scope(engine) as session:
        repo.import_records(session=session, records=parse_all([json.dumps(line)]))
    with Session(engine) as session:
        [entry] = repo.index_entries(session=session)
    assert entry.key == key
