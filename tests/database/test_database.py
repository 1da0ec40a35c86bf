"""The workspace database: WAL SQLite, migrated by Alembic (older files upgraded, newer ones
refused), backed up in one command, and left at its last commit by a crash mid-write."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from database.backup import backup
from database.engine import StoreError, open_engine
from database.migrate import head, revision, upgrade


def test_sqlite_runs_in_wal_mode_with_every_table(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert revision(connection) == head()
        tables = set(inspect(connection).get_table_names())
    assert {"scenarios", "users", "sessions", "rounds", "validations", "audit_log"} <= tables


def test_a_database_made_before_migrations_is_upgraded_keeping_its_scenarios(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:  # the table exactly as the workspace first made it
        old.execute(
            "CREATE TABLE scenarios (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(120) NOT "
            "NULL UNIQUE, saved_at DATETIME NOT NULL, register_hash VARCHAR(64) NOT NULL, "
            "config_hash VARCHAR(64) NOT NULL, changes TEXT NOT NULL, result TEXT NOT NULL)"
        )
        old.execute(
            "INSERT INTO scenarios VALUES (1, 'kept', '2026-11-30 10:00:00', 'r', 'c', '{}', '{}')"
        )
    engine = open_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        assert revision(connection) == head()
        rows = connection.exec_driver_sql("SELECT name, saved_by FROM scenarios").all()
    assert rows == [("kept", None)]


def test_a_database_from_a_newer_version_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="revision 9999, newer than this version"):
        upgrade(engine)


def test_a_backup_is_one_consistent_file(engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO scenarios (name, saved_at, register_hash, config_hash, changes, result)"
            " VALUES ('one', '2026-12-01 09:00:00', 'r', 'c', '{}', '{}')"
        )
    copy = backup(str(engine.url), tmp_path / "backup.db")
    with sqlite3.connect(copy) as restored:
        assert restored.execute("SELECT name FROM scenarios").fetchall() == [("one",)]
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with pytest.raises(StoreError, match="already exists"):
        backup(str(engine.url), copy)
    with pytest.raises(StoreError, match="pg_dump"):
        backup("postgresql://council@db/reset", tmp_path / "pg.dump")


CRASH = """
import os, sys
from database.engine import open_engine, writer
engine = open_engine(sys.argv[1])
with writer(engine).begin() as connection:
    connection.exec_driver_sql(
        "INSERT INTO scenarios (name, saved_at, register_hash, config_hash, changes, result) "
        "VALUES ('half-written', '2026-12-01 09:00:00', 'r', 'c', '{}', '{}')"
    )
    os._exit(9)  # killed before the commit
"""


def test_a_crash_mid_write_leaves_the_last_committed_state(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO scenarios (name, saved_at, register_hash, config_hash, changes, result)"
            " VALUES ('committed', '2026-12-01 08:00:00', 'r', 'c', '{}', '{}')"
        )
    crashed = subprocess.run([sys.executable, "-c", CRASH, str(engine.url)], check=False)
    assert crashed.returncode == 9
    reopened = open_engine(str(engine.url))
    upgrade(reopened)
    with reopened.connect() as connection:
        names = connection.exec_driver_sql("SELECT name FROM scenarios").scalars().all()
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert names == ["committed"]
