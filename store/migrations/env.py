"""Alembic environment: the engine comes from the application (or the test) that runs it."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        import os

        from store.db import DEFAULT_DATABASE_URL, make_engine

        engine = make_engine(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
