"""Accounts: passwords kept only as argon2id hashes, sign-in throttled, sessions that expire and
end when an account is disabled or its password reset, and every change in the record."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from review import accounts as accounts_module
from review.accounts import AccountError, Accounts, SessionSettings, SignInError
from review.audit import entries, verify
from review.roles import Role

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(engine: Engine) -> Accounts:
    made = Accounts(engine)
    made.add("Dana Place", Role.DIRECTOR, "Place", PASSWORD, by="admin")
    return made


def test_a_password_is_stored_only_as_a_slow_salted_hash(
    accounts: Accounts, engine: Engine
) -> None:
    assert engine.url.database is not None
    with sqlite3.connect(engine.url.database) as raw:
        (stored,) = raw.execute("SELECT password_hash FROM users").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    accounts.add("Second", Role.VIEWER, None, PASSWORD, by="admin")
    with sqlite3.connect(engine.url.database) as raw:
        hashes = [h for (h,) in raw.execute("SELECT password_hash FROM users")]
    assert hashes[0] != hashes[1]  # salted: the same password hashes differently


def test_accounts_are_checked_when_made(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="already an account called Dana Place"):
        accounts.add("Dana Place", Role.VIEWER, None, PASSWORD, by="admin")
    with pytest.raises(AccountError, match="a director needs a directorate"):
        accounts.add("No Where", Role.DIRECTOR, None, PASSWORD, by="admin")
    with pytest.raises(AccountError, match="only a director has a directorate"):
        accounts.add("Bo Ard", Role.BOARD, "Place", PASSWORD, by="admin")
    with pytest.raises(AccountError, match="at least 12 characters"):
        accounts.add("Short", Role.VIEWER, None, "abc", by="admin")
    assert [u.name for u in accounts.all()] == ["Dana Place"]


def test_signing_in_opens_a_session_that_names_its_user(accounts: Accounts) -> None:
    user, token = accounts.sign_in("Dana Place", PASSWORD, "127.0.0.1")
    assert user.role is Role.DIRECTOR and user.directorate == "Place"
    assert accounts.session_user(token) == user
    accounts.sign_out(token)
    assert accounts.session_user(token) is None
    assert accounts.session_user("made-up") is None and accounts.session_user(None) is None


def test_a_wrong_password_does_not_say_which_part_was_wrong(accounts: Accounts) -> None:
    for name, password in (("Dana Place", "wrong password!"), ("Nobody", PASSWORD)):
        with pytest.raises(SignInError, match="do not match an active account"):
            accounts.sign_in(name, password, "127.0.0.1")


def test_repeated_failures_are_throttled_even_with_the_right_password(
    accounts: Accounts,
) -> None:
    for _ in range(accounts_module.FAILURES):
        with pytest.raises(SignInError, match="do not match"):
            accounts.sign_in("Dana Place", "guess guess guess", "10.0.0.9")
    with pytest.raises(SignInError, match="too many failed sign-ins lately: wait 15 minutes"):
        accounts.sign_in("Dana Place", PASSWORD, "10.0.0.9")


def test_one_address_guessing_many_names_is_throttled(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts_module, "FAILURES_PER_ADDRESS", 3)
    for name in ("a", "b", "c"):
        with pytest.raises(SignInError, match="do not match"):
            accounts.sign_in(name, PASSWORD, "10.0.0.7")
    with pytest.raises(SignInError, match="too many"):
        accounts.sign_in("Dana Place", PASSWORD, "10.0.0.7")
    assert accounts.sign_in("Dana Place", PASSWORD, "10.0.0.8")[0].name == "Dana Place"


def test_disabling_an_account_ends_its_sessions_and_its_sign_in(accounts: Accounts) -> None:
    _, token = accounts.sign_in("Dana Place", PASSWORD, "127.0.0.1")
    accounts.set_disabled("Dana Place", True, by="admin")
    assert accounts.session_user(token) is None
    with pytest.raises(SignInError):
        accounts.sign_in("Dana Place", PASSWORD, "127.0.0.1")
    accounts.set_disabled("Dana Place", False, by="admin")
    assert accounts.sign_in("Dana Place", PASSWORD, "127.0.0.1")[0].disabled is False


def test_a_password_reset_ends_sessions_and_the_old_password(accounts: Accounts) -> None:
    _, token = accounts.sign_in("Dana Place", PASSWORD, "127.0.0.1")
    accounts.set_password("Dana Place", "a brand new passphrase", by="admin")
    assert accounts.session_user(token) is None
    with pytest.raises(SignInError):
        accounts.sign_in("Dana Place", PASSWORD, "127.0.0.1")
    assert accounts.sign_in("Dana Place", "a brand new passphrase", "127.0.0.1")
    with pytest.raises(AccountError, match="no account called Ghost"):
        accounts.set_password("Ghost", "a brand new passphrase", by="admin")


def test_sessions_expire_and_time_out_when_idle(engine: Engine, accounts: Accounts) -> None:
    expired = Accounts(engine, SessionSettings(lifetime=timedelta(0)))
    _, token = expired.sign_in("Dana Place", PASSWORD, "127.0.0.1")
    assert expired.session_user(token) is None
    idle = Accounts(engine, SessionSettings(idle=timedelta(0)))
    _, token = idle.sign_in("Dana Place", PASSWORD, "127.0.0.1")
    assert idle.session_user(token) is None


def test_every_account_change_is_in_the_record(accounts: Accounts, engine: Engine) -> None:
    accounts.set_password("Dana Place", "another long passphrase", by="admin")
    accounts.set_disabled("Dana Place", True, by="admin")
    logged = [(e.actor, e.action, e.subject) for e in entries(engine)]
    assert logged == [
        ("admin", "account added", "Dana Place"),
        ("admin", "password reset", "Dana Place"),
        ("admin", "account disabled", "Dana Place"),
    ]
    assert verify(engine).intact


def test_an_unknown_name_costs_a_password_check_too(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent: list[str] = []
    monkeypatch.setattr(accounts_module, "_spend", spent.append)
    with pytest.raises(SignInError):
        accounts.sign_in("Nobody At All", "some password here", "127.0.0.1")
    assert spent == ["some password here"]  # as slow as a real name: the time tells nothing
