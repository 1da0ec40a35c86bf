"""The same database on PostgreSQL (a council's `--database-url`): migrated, append-only, and
writers at once never forking the decision log or losing a validation."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from database.engine import open_engine, writer
from database.migrate import head, revision, upgrade
from review.accounts import Accounts
from review.audit import append, verify
from review.roles import Role
from tests.database.postgres import postgres_server


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with postgres_server() as url:
        opened = open_engine(url)
        upgrade(opened)
        yield opened
        opened.dispose()


def test_the_migrations_bring_postgresql_to_the_head(engine: Engine) -> None:
    with engine.connect() as connection:
        assert revision(connection) == head()
    upgrade(engine)  # a second open changes nothing


def test_postgresql_refuses_to_change_the_log(engine: Engine) -> None:
    with Session(writer(engine)) as session, session.begin():
        append(session, "pmo", "pmo", "round issued", "R", {})
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.exec_driver_sql("UPDATE audit_log SET actor = 'x'")


def test_writers_at_once_extend_one_chain_on_postgresql(engine: Engine) -> None:
    before = verify(engine).entries

    def log(k: int) -> None:
        for n in range(10):
            with Session(writer(engine)) as session, session.begin():
                append(session, f"user{k}", "pmo", "note", str(n), {})

    threads = [threading.Thread(target=log, args=(k,)) for k in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = verify(engine)
    assert found.intact and found.entries == before + 50


def test_accounts_work_on_postgresql(engine: Engine) -> None:
    accounts = Accounts(engine)
    accounts.add("Dana", Role.DIRECTOR, "Place", "long enough password", by="t")
    user, token = accounts.sign_in("Dana", "long enough password", "127.0.0.1")
    assert accounts.session_user(token) == user
