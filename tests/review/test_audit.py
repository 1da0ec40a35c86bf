"""The decision record: append-only, hash-chained, and any tampering found by `verify`."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from database.engine import writer
from review.audit import GENESIS, append, entries, verify, write_csv


def _log(engine: Engine, count: int, actor: str = "pmo1") -> None:
    for k in range(count):
        with Session(writer(engine)) as session, session.begin():
            append(session, actor, "pmo", "round issued", f"round {k}", {"projects": k})


def _database(engine: Engine) -> str:
    assert engine.url.database is not None
    return engine.url.database


def test_each_entry_names_the_hash_before_it(engine: Engine) -> None:
    _log(engine, 3)
    logged = list(entries(engine))
    assert [e.seq for e in logged] == [1, 2, 3]
    assert logged[0].previous == GENESIS
    assert [e.previous for e in logged[1:]] == [e.hash for e in logged[:-1]]
    assert verify(engine).intact and verify(engine).entries == 3


def test_the_database_refuses_to_change_or_delete_an_entry(engine: Engine) -> None:
    _log(engine, 2)
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql(statement)
    assert verify(engine).intact


def _tamper(engine: Engine, *statements: str) -> None:
    """Go round the database's refusal, as someone editing the file would."""
    with sqlite3.connect(_database(engine)) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            raw.execute(statement)


def test_an_altered_entry_is_detected(engine: Engine) -> None:
    _log(engine, 4)
    _tamper(engine, "UPDATE audit_log SET detail = '{\"projects\": 99}' WHERE seq = 2")
    found = verify(engine)
    assert not found.intact
    assert found.broken == ("entry 2 (round issued by pmo1): altered",)


def test_an_entry_rehashed_to_hide_an_edit_breaks_the_next_link(engine: Engine) -> None:
    _log(engine, 3)
    _tamper(engine, "UPDATE audit_log SET hash = 'f' || substr(hash, 2) WHERE seq = 2")
    assert "entry 3: does not follow the entry before it" in verify(engine).broken


def test_a_removed_entry_is_detected(engine: Engine) -> None:
    _log(engine, 3)
    _tamper(engine, "DELETE FROM audit_log WHERE seq = 2")
    broken = verify(engine).broken
    assert "entry 3: expected entry 2 here (one is missing)" in broken


def test_writers_at_once_each_extend_one_chain(engine: Engine) -> None:
    threads = [threading.Thread(target=_log, args=(engine, 15, f"user{k}")) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = verify(engine)
    assert found.intact and found.entries == 90


def test_the_csv_export_holds_every_field(engine: Engine, tmp_path: Path) -> None:
    _log(engine, 2)
    path = tmp_path / "record.csv"
    assert write_csv(engine, path) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:3] == ["seq", "at", "actor"] and len(lines) == 3
    assert list(entries(engine))[1].hash in lines[2]
