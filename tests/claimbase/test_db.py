"""The schema: migrations bring any claim base to the newest revision, and a base already
there is recognised without running them."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import text

from store.db import alembic_config, current_revision, head_revision, make_engine, upgrade


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    engine = make_engine("sqlite://")
    assert head_revision() == ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_upgrade_creates_the_schema(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'base.db'}")
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM claim")).scalar() == 0
    upgrade(engine)  # already at the head: nothing to do, and nothing breaks
    assert current_revision(engine) == head_revision()


def test_an_older_schema_is_upgraded(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    upgrade(engine)
    assert current_revision(engine) == head_revision()
