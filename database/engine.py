"""One SQLAlchemy engine per database URL, set up so concurrent writers queue rather than fail
and a crash mid-write leaves the last committed state.

SQLite (the default): WAL journal (readers never block the writer), `synchronous=FULL` (a
committed transaction survives a crash or power cut), foreign keys on, a 30 s busy wait, and
every writing transaction (`writer`) begun `IMMEDIATE`, so two writers queue for the lock
instead of one failing with "database is locked" when it upgrades a read to a write; readers
begin deferred and never wait. PostgreSQL: a writer takes a transaction-scoped advisory lock
first, so writers take turns there too (an append to the decision log reads the last entry, and
a round's check that none is open precedes its insert: neither may interleave).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from inputs.errors import PortfolioError

BUSY_MS = 30_000
"""How long a SQLite writer waits for another's transaction before giving up."""


WRITERS_LOCK = 0x5E5E7
"""The PostgreSQL advisory lock every writing transaction holds until it ends."""


class StoreError(PortfolioError):
    """The database cannot be opened, read or written; the message says why and the fix."""


def open_engine(url: str) -> Engine:
    """The engine for `url`, connected once to prove it opens.

    Raises:
        StoreError: the URL is malformed, its driver missing, or the database unreachable.
    """
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            _sqlite_settings(engine)
        elif engine.dialect.name == "postgresql":
            _postgresql_settings(engine)
        with engine.connect():
            pass
    except (SQLAlchemyError, ArgumentError, ValueError, ImportError) as error:
        raise StoreError(
            f"the database at {url} cannot be opened ({reason(error)}). Fix: check "
            "--database-url, and that its folder exists and is writable."
        ) from error
    return engine


def writer(engine: Engine) -> Engine:
    """The engine for a transaction that writes: on SQLite it takes the write lock at its
    start, so concurrent writers queue in order and none is refused."""
    return engine.execution_options(writing=True)


def as_utc(at: datetime) -> datetime:
    """A stored time in UTC: SQLite hands times back without their zone, and every time this
    database holds was written in UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def reason(error: Exception) -> str:
    """The first line of what the database driver said."""
    return str(getattr(error, "orig", None) or error).splitlines()[0]


def _postgresql_settings(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("writing", False):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITERS_LOCK})")


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _: Any) -> None:
        connection.isolation_level = None  # SQLAlchemy's "begin" below starts transactions
        cursor = connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            f"busy_timeout={BUSY_MS}",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writing = connection.get_execution_options().get("writing", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
