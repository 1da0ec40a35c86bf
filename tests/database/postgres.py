"""A throwaway PostgreSQL server for the tests: Debian's own binaries, a cluster in a temporary
folder, reached only through a Unix socket in it (no TCP port, nothing leaves the machine).
Skips where PostgreSQL or psycopg is not installed."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """The SQLAlchemy URL of a fresh PostgreSQL database, for the block."""
    pytest.importorskip("psycopg", reason="psycopg is needed to reach PostgreSQL")
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    folder = Path(tempfile.mkdtemp(prefix="pg-"))
    data = folder / "data"
    if as_root:
        shutil.chown(folder, "postgres")
    try:
        subprocess.run(
            [*prefix, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "reset"],
            check=True,
            capture_output=True,
        )
        options = f"-k {folder} -c listen_addresses='' -c fsync=off"
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "start",
             "-l", str(folder / "log")],
            check=True,
            capture_output=True,
        )  # fmt: skip
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started here: {error}")
    try:
        yield f"postgresql+psycopg://reset@/postgres?host={folder}"
    finally:
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
