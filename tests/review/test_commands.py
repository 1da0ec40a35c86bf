"""The account, record and database commands, as an operator runs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from cli import cli

PASSWORD = "a long enough password\n"


def _run(*args: str, given: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=given)
    return result.exit_code, result.output


def test_users_are_added_listed_disabled_and_reset(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    code, out = _run("users", "list", "--database-url", url)
    assert code == 0 and "No accounts" in out
    code, out = _run(
        "users", "add", "Dana Place", "--role", "director", "--directorate", "Place",
        "--password-stdin", "--database-url", url, given=PASSWORD,
    )  # fmt: skip
    assert code == 0 and "Added Dana Place (director of Place)" in out
    code, out = _run(
        "users", "add", "Bo", "--role", "board", "--password-stdin", "--database-url", url,
        given="short\n",
    )  # fmt: skip
    assert code == 1 and "Error: a password needs at least 12 characters" in out
    assert "Traceback" not in out
    code, out = _run("users", "disable", "Dana Place", "--database-url", url)
    assert code == 0 and "Disabled Dana Place" in out
    code, out = _run("users", "list", "--database-url", url)
    assert "Dana Place (director of Place)  [disabled]" in out
    code, out = _run(
        "users", "reset-password", "Nobody", "--password-stdin", "--database-url", url,
        given=PASSWORD,
    )  # fmt: skip
    assert code == 1 and "no account called Nobody" in out


def test_the_record_verifies_exports_and_reports_tampering(tmp_path: Path) -> None:
    database = tmp_path / "w.db"
    url = f"sqlite:///{database}"
    for name in ("A One", "B Two"):
        _run(
            "users", "add", name, "--role", "viewer", "--password-stdin", "--database-url", url,
            given=PASSWORD,
        )  # fmt: skip
    code, out = _run("audit", "verify", "--database-url", url)
    assert code == 0 and "verifies: 2 entries" in out
    code, out = _run("audit", "export", str(tmp_path / "record.csv"), "--database-url", url)
    assert code == 0 and "Wrote 2 entries" in out
    with sqlite3.connect(database) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")
    code, out = _run("audit", "verify", "--database-url", url)
    assert code == 1 and "entry 1 (account added by someone else): altered" in out
    assert "does not verify: 1 problem(s) in 2 entries" in out


def test_the_database_is_upgraded_and_backed_up_beside_the_register(tmp_path: Path) -> None:
    register = tmp_path / "council.csv"
    register.write_text("id\n")
    code, out = _run("db", "upgrade", "--register", str(register))
    assert code == 0 and "council-workspace.db is at schema revision" in out
    code, out = _run("db", "backup", str(tmp_path / "copy.db"), "--register", str(register))
    assert code == 0 and "Backed up" in out and (tmp_path / "copy.db").is_file()
    code, out = _run("db", "backup", str(tmp_path / "copy.db"), "--register", str(register))
    assert code == 1 and "already exists" in out


def test_the_record_of_decision_is_written_before_any_approval(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    out = tmp_path / "record.html"
    code, text = _run("audit", "record", str(out), "--database-url", url)
    assert code == 0 and "Wrote the record of decision" in text
    assert "No plan of record has been approved yet" in out.read_text(encoding="utf-8")
