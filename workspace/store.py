"""Saved scenarios in a real database: SQLite in a file beside the register by default, any
SQLAlchemy URL (PostgreSQL) when given. A scenario keeps what was asked (its changes), what it
gave (the comparison, as `comparison.json` has it) and the content hashes of the register and
config it was made on, so one made on an older register says so."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, create_engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from inputs.config import Config
from inputs.errors import PortfolioError
from inputs.models import Register
from inputs.scenarios import Scenario
from reset.whatif import Comparison

NAME_LENGTH = 120


class StoreError(PortfolioError):
    """The scenario store cannot be opened or written; the message says why and the fix."""


class _Base(DeclarativeBase):
    pass


class _SavedRow(_Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    register_hash: Mapped[str] = mapped_column(String(64))
    config_hash: Mapped[str] = mapped_column(String(64))
    changes: Mapped[str] = mapped_column(Text)  # the Scenario, as JSON
    result: Mapped[str] = mapped_column(Text)  # Comparison.to_dict(), as JSON


@dataclass(frozen=True)
class SavedScenario:
    id: int
    name: str
    saved_at: datetime
    register_hash: str
    config_hash: str
    scenario: Scenario
    result: dict[str, Any]

    def made_on(self, register_hash: str, config_hash: str) -> str | None:
        """None when made on this register and config, else what differs."""
        stale = [
            what
            for what, saved, now in (
                ("register", self.register_hash, register_hash),
                ("config", self.config_hash, config_hash),
            )
            if saved != now
        ]
        return f"made on an older {' and '.join(stale)}" if stale else None


def content_hash(model: Register | Config) -> str:
    """sha256 of the validated content (not the file's bytes or path): the same register read
    from CSV or Excel hashes alike; any changed value changes it."""
    return hashlib.sha256(model.model_dump_json().encode("utf-8")).hexdigest()


def default_database_url(register: Register, fallback: Path) -> str:
    """A SQLite file beside the register (`<stem>-workspace.db`), or in `fallback` for the
    bundled sample, which lives inside the installed package."""
    source = Path(register.source)
    folder = source.parent if source.is_absolute() and source.parent.exists() else fallback
    if "site-packages" in folder.parts or "dist-packages" in folder.parts:
        folder = fallback
    return f"sqlite:///{(folder / f'{source.stem}-workspace.db').resolve()}"


class ScenarioStore:
    """Scenarios saved by name; every write is one transaction."""

    def __init__(self, url: str) -> None:
        try:
            self._engine = create_engine(url)
            _Base.metadata.create_all(self._engine)
        except (SQLAlchemyError, ValueError) as error:
            detail = str(getattr(error, "orig", None) or error).splitlines()[0]
            raise StoreError(
                f"the scenario database at {url} cannot be opened ({detail}). Fix: check "
                "--database-url, and that its folder exists and is writable."
            ) from error
        self.url = url

    def save(
        self,
        name: str,
        comparison: Comparison,
        register_hash: str,
        config_hash: str,
    ) -> SavedScenario:
        """Save a what-if under a new name.

        Raises:
            StoreError: the name is empty, too long, or taken.
        """
        name = name.strip()
        if not name or len(name) > NAME_LENGTH:
            raise StoreError(f"a scenario needs a name of 1 to {NAME_LENGTH} characters")
        row = _SavedRow(
            name=name,
            saved_at=datetime.now(UTC),
            register_hash=register_hash,
            config_hash=config_hash,
            changes=comparison.scenario.model_dump_json(by_alias=True),
            result=json.dumps(comparison.to_dict(), default=float),
        )
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                session.add(row)
        except IntegrityError as error:
            raise StoreError(
                f"a scenario called '{name}' is already saved: choose another name"
            ) from error
        return self._saved(row)

    def all(self) -> list[SavedScenario]:
        """Every saved scenario, oldest first."""
        with Session(self._engine) as session:
            rows = session.scalars(select(_SavedRow).order_by(_SavedRow.id)).all()
            return [self._saved(row) for row in rows]

    def get(self, ids: list[int]) -> list[SavedScenario]:
        """The scenarios with these ids, in the order asked (unknown ids left out)."""
        found = {s.id: s for s in self.all() if s.id in ids}
        return [found[i] for i in ids if i in found]

    @staticmethod
    def _saved(row: _SavedRow) -> SavedScenario:
        saved_at = row.saved_at if row.saved_at.tzinfo else row.saved_at.replace(tzinfo=UTC)
        return SavedScenario(
            id=row.id,
            name=row.name,
            saved_at=saved_at,
            register_hash=row.register_hash,
            config_hash=row.config_hash,
            scenario=Scenario.model_validate_json(row.changes),
            result=json.loads(row.result),
        )
