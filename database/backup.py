"""A backup of the workspace's database in one command, consistent while the server runs.

SQLite: the online backup API copies a consistent snapshot (committed transactions only, WAL
included) to a new file, checked with `PRAGMA integrity_check` before it is moved into place.
PostgreSQL: its own `pg_dump` is the tool; the message gives the command.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import make_url

from database.engine import StoreError


def backup(url: str, target: Path) -> Path:
    """Copy the database at `url` to `target` (a new file).

    Raises:
        StoreError: the target exists, the database is not SQLite, or the copy fails its check.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise StoreError(
            f"only a SQLite database is backed up by prioritise; for {parsed.get_backend_name()}"
            f" use its own tool, e.g. pg_dump --format=custom --file={target} '<url>'"
        )
    source = Path(parsed.database)
    if not source.is_file():
        raise StoreError(f"there is no database at {source}. Fix: check --database-url.")
    if target.exists():
        raise StoreError(f"{target} already exists. Fix: give a new file name for the backup.")
    handle, partial = tempfile.mkstemp(prefix=".backup-", suffix=".db", dir=target.parent)
    os.close(handle)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as live:
            copy = sqlite3.connect(partial)
            try:
                live.backup(copy)
                checked = copy.execute("PRAGMA integrity_check").fetchone()[0]
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
        if checked != "ok":
            raise StoreError(f"the backup of {source} failed its integrity check: {checked}")
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise StoreError(f"the backup of {source} failed: {error}") from error
    finally:
        Path(partial).unlink(missing_ok=True)
    return target
