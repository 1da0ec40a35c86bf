"""Accounts and sessions, validation rounds, the Board's rulings and approvals, and the
hash-chained audit log (append-only: the database refuses to change or delete an entry).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NAME = 120
HASH = 64
APPEND_ONLY = ("validations", "rulings", "approvals", "audit_log")


def upgrade() -> None:
    with op.batch_alter_table("scenarios") as batch:
        batch.add_column(sa.Column("saved_by", sa.String(NAME), nullable=True))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(NAME), unique=True, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("directorate", sa.String(NAME), nullable=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(HASH), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(NAME), nullable=False, index=True),
        sa.Column("address", sa.String(64), nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(NAME), unique=True, nullable=False),
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=True),
        sa.Column("source", sa.String(NAME * 2), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("issued_by", sa.String(NAME), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(NAME), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("register_hash", sa.String(HASH), nullable=False),
        sa.Column("config_hash", sa.String(HASH), nullable=False),
    )
    op.create_table(
        "round_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=False, index=True),
        sa.Column("project_id", sa.String(NAME), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("directorate", sa.String(NAME), nullable=False),
        sa.Column("recommended", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("bodies", sa.Text, nullable=False),
        sa.Column("route", sa.Text, nullable=False),
        sa.UniqueConstraint("round_id", "project_id"),
    )
    op.create_table(
        "validations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=False, index=True),
        sa.Column("project_id", sa.String(NAME), nullable=False),
        sa.Column("user_name", sa.String(NAME), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("proposed", sa.String(40), nullable=True),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("via", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "rulings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=False, index=True),
        sa.Column("validation_id", sa.Integer, sa.ForeignKey("validations.id"), nullable=False),
        sa.Column("user_name", sa.String(NAME), nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=True),
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=True),
        sa.Column("plan", sa.String(NAME * 2), nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("alternatives", sa.Text, nullable=False),
        sa.Column("approved_by", sa.String(NAME), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("register_hash", sa.String(HASH), nullable=False),
        sa.Column("config_hash", sa.String(HASH), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(NAME), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("register_hash", sa.String(HASH), nullable=False),
        sa.Column("config_hash", sa.String(HASH), nullable=False),
        sa.Column("previous", sa.String(HASH), nullable=False),
        sa.Column("hash", sa.String(HASH), nullable=False, unique=True),
    )
    for table in APPEND_ONLY:
        _append_only(table)


def _append_only(table: str) -> None:
    """Triggers that refuse an UPDATE or DELETE of the table's rows."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{table} is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )


def downgrade() -> None:
    for table in ("audit_log", "approvals", "rulings", "validations", "round_items", "rounds"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
    for table in ("login_failures", "sessions", "users"):
        op.drop_table(table)
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_column("saved_by")
