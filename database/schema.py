"""The tables, as SQLAlchemy declares them; the migrations (`database/migrations`) create them.

Validations, rulings, approvals and the audit log are append-only: a director's second word on
a project is a new validation, not an edit, so two people acting at once never overwrite each
other, and what stood when is always recoverable.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAME_LENGTH = 120
HASH_LENGTH = 64


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    register_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    config_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    changes: Mapped[str] = mapped_column(Text)  # the Scenario, as JSON
    result: Mapped[str] = mapped_column(Text)  # Comparison.to_dict(), as JSON
    saved_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH), nullable=True)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    directorate: Mapped[str | None] = mapped_column(String(NAME_LENGTH), nullable=True)
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailureRow(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RoundRow(Base):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(NAME_LENGTH * 2))
    status: Mapped[str] = mapped_column(String(10))  # open, closed
    issued_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    register_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    config_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class RoundItemRow(Base):
    """One project as the round issued it: its directorate and recommended decision."""

    __tablename__ = "round_items"
    __table_args__ = (UniqueConstraint("round_id", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    project_id: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name: Mapped[str] = mapped_column(Text)
    directorate: Mapped[str] = mapped_column(String(NAME_LENGTH))
    recommended: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    bodies: Mapped[str] = mapped_column(Text)  # the route's bodies, "; "-joined
    route: Mapped[str] = mapped_column(Text)  # why each body beyond the directorate, a JSON list


class ValidationRow(Base):
    __tablename__ = "validations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    project_id: Mapped[str] = mapped_column(String(NAME_LENGTH))
    user_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    action: Mapped[str] = mapped_column(String(10))  # accept, challenge, escalate
    proposed: Mapped[str | None] = mapped_column(String(40), nullable=True)
    comment: Mapped[str] = mapped_column(Text)
    via: Mapped[str] = mapped_column(String(20))  # workspace, workbook
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RulingRow(Base):
    """The Board's word on a challenge or an escalation."""

    __tablename__ = "rulings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    validation_id: Mapped[int] = mapped_column(ForeignKey("validations.id"))
    user_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    verdict: Mapped[str] = mapped_column(String(10))  # accept, reject
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApprovalRow(Base):
    """A plan of record: what the Board approved, why, and the alternatives it weighed."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), nullable=True)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id"), nullable=True)
    plan: Mapped[str] = mapped_column(String(NAME_LENGTH * 2))
    changes: Mapped[str] = mapped_column(Text)  # what the plan changes against the recommendation
    reasons: Mapped[str] = mapped_column(Text)
    alternatives: Mapped[str] = mapped_column(Text)  # JSON: each alternative and its figures
    approved_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    register_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    config_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class AuditRow(Base):
    """One entry of the decision record, chained to the one before by `previous`."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(NAME_LENGTH))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)  # JSON
    register_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    config_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    previous: Mapped[str] = mapped_column(String(HASH_LENGTH))
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
