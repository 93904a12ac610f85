"""Shared fixtures: a fresh claim base per test (SQLite in memory, and PostgreSQL when
TEST_DATABASE_URL is set), the gazetteer loaded once, the sample claim base."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from store.claimbase.base import ClaimBase
from store.db import make_engine, upgrade
from store.files.jsonl import EvidenceRecord, parse_all
from store.match.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CLAIMS = ROOT / "samples" / "claims.jsonl"
PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load_default()


@pytest.fixture(scope="session")
def sample_records() -> list[EvidenceRecord]:
    with SAMPLE_CLAIMS.open("rb") as handle:
        return parse_all(handle)


@pytest.fixture
def sqlite_engine() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """A schema of its own on the shared PostgreSQL, dropped afterwards."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The same store test on SQLite and, where the machine has one, PostgreSQL."""
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(name)


@pytest.fixture
def claim_base(sqlite_engine: Engine, gazetteer: Gazetteer) -> ClaimBase:
    return ClaimBase(sqlite_engine, gazetteer=gazetteer)


@pytest.fixture
def sample_claim_base(claim_base: ClaimBase, sample_records: list[EvidenceRecord]) -> ClaimBase:
    claim_base.import_records(sample_records)
    return claim_base
