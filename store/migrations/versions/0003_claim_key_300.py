"""claim ids up to 300 characters (fact-checkers' slugs)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite does not enforce a VARCHAR's length, and rebuilding the claim table there would
    # cascade through every row that refers to it: only the other databases change.
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column(
        "claim", "key", type_=sa.String(length=300), existing_type=sa.String(length=100)
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column(
        "claim", "key", type_=sa.String(length=100), existing_type=sa.String(length=300)
    )
