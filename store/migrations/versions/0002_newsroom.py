"""places, vectors, chats, watches, sightings, audit, check log

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auditentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("alias_id", sa.Integer(), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditentry_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditentry_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditentry_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "chatsettings",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("autocheck", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id"),
    )
    op.create_table(
        "checklog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("matched", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checklog", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklog_at"), ["at"], unique=False)

    op.create_table(
        "placename",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("oblast", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("place_id", "name", name="uq_placename_place_name"),
    )
    with op.batch_alter_table("placename", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placename_place_id"), ["place_id"], unique=False)

    op.create_table(
        "claimvector",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("text_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "text_hash", "model", name="uq_claimvector_text_model"),
    )
    with op.batch_alter_table("claimvector", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claimvector_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "sighting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel_id", "message_id", "claim_id", name="uq_sighting_post_claim"),
    )
    with op.batch_alter_table("sighting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sighting_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "watch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("last_evidence_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "claim_id", name="uq_watch_chat_claim"),
    )
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watch_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_watch_claim_id"), ["claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watch_claim_id"))
        batch_op.drop_index(batch_op.f("ix_watch_chat_id"))

    op.drop_table("watch")
    with op.batch_alter_table("sighting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sighting_claim_id"))

    op.drop_table("sighting")
    with op.batch_alter_table("claimvector", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claimvector_claim_id"))

    op.drop_table("claimvector")
    with op.batch_alter_table("placename", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placename_place_id"))

    op.drop_table("placename")
    with op.batch_alter_table("checklog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklog_at"))

    op.drop_table("checklog")
    op.drop_table("chatsettings")
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditentry_claim_id"))
        batch_op.drop_index(batch_op.f("ix_auditentry_at"))
        batch_op.drop_index(batch_op.f("ix_auditentry_actor"))

    op.drop_table("auditentry")
