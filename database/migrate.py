"""The schema brought up to date by its Alembic migrations whenever a database is opened.

A database the workspace made before migrations existed (a `scenarios` table, no version) is
recognised and stamped as the first revision, then upgraded; one made by a newer version of
this tool is refused rather than written with an older schema.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from database.engine import StoreError, reason, writer

MIGRATIONS = Path(__file__).parent / "migrations"
FIRST = "0001"


def alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest revision this version of the tool knows."""
    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert found is not None
    return found


def revision(connection: Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks, in one transaction.

    Raises:
        StoreError: the database is newer than this tool, or a migration failed.
    """
    config = alembic_config()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    try:
        with writer(engine).begin() as connection:
            config.attributes["connection"] = connection
            at = revision(connection)
            if at is not None and at not in known:
                raise StoreError(
                    f"the database is at schema revision {at}, newer than this version of "
                    f"prioritise knows (up to {head()}). Fix: upgrade prioritise, or use "
                    "another --database-url."
                )
            if at is None and inspect(connection).has_table("scenarios"):
                command.stamp(config, FIRST)  # made before migrations: its one table is 0001
            command.upgrade(config, "head")
    except SQLAlchemyError as error:
        raise StoreError(
            f"the database could not be brought up to date ({reason(error)}). Fix: restore "
            "the file from its last backup (prioritise db backup) or use another --database-url."
        ) from error
