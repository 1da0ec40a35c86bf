"""Saved scenarios in a real database: SQLite in a file beside the register by default, any
SQLAlchemy URL (PostgreSQL) when given. A scenario keeps what was asked (its changes), what it
gave (the comparison, as `comparison.json` has it) and the content hashes of the register and
config it was made on, so one made on an older register says so."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.engine import StoreError, open_engine, writer
from database.migrate import upgrade
from database.schema import NAME_LENGTH, ScenarioRow
from inputs.fingerprint import content_hash
from inputs.scenarios import Scenario
from reset.whatif import Comparison
from review.audit import append
from review.roles import User

SAMPLE_DATABASE = "sample_register-workspace.db"
UNSIGNED = "this machine (no accounts)"
"""Who the decision log names for an action taken while the workspace has no accounts."""
__all__ = ["SavedScenario", "ScenarioStore", "StoreError", "content_hash"]


@dataclass(frozen=True)
class SavedScenario:
    id: int
    name: str
    saved_at: datetime
    register_hash: str
    config_hash: str
    scenario: Scenario
    result: dict[str, Any]
    saved_by: str | None = None

    @property
    def named(self) -> Scenario:
        """Its changes under the name it was saved with, to re-solve it."""
        return self.scenario.model_copy(update={"name": self.name})

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


def default_database_url(register_path: Path | None, fallback: Path) -> str:
    """A SQLite file beside the register file (`<stem>-workspace.db`), or in `fallback` for the
    bundled sample (no path), which lives inside the installed package."""
    if register_path is None:
        return f"sqlite:///{(fallback / SAMPLE_DATABASE).resolve()}"
    path = register_path.resolve()
    return f"sqlite:///{path.parent / f'{path.stem}-workspace.db'}"


class ScenarioStore:
    """Scenarios saved by name; every write is one transaction."""

    def __init__(self, url: str) -> None:
        """Open (and migrate) the database at `url`.

        Raises:
            StoreError: it cannot be opened or brought up to date.
        """
        self.engine: Engine = open_engine(url)
        upgrade(self.engine)
        self.url = url

    def save(
        self,
        name: str,
        comparison: Comparison,
        register_hash: str,
        config_hash: str,
        by: User | None = None,
    ) -> SavedScenario:
        """Save a what-if under a new name, recorded in the decision log as saved by `by` (None:
        the workspace runs without accounts).

        Raises:
            StoreError: the name is empty, too long, or taken.
        """
        name = name.strip()
        if not name or len(name) > NAME_LENGTH:
            raise StoreError(f"a scenario needs a name of 1 to {NAME_LENGTH} characters")
        row = ScenarioRow(
            name=name,
            saved_at=datetime.now(UTC),
            register_hash=register_hash,
            config_hash=config_hash,
            changes=comparison.scenario.model_dump_json(by_alias=True),
            result=json.dumps(comparison.to_dict(), default=float),
            saved_by=by.name if by else None,
        )
        actor, role = (by.name, by.role.value) if by else (UNSIGNED, "")
        detail = {"changes": comparison.scenario.describe(), "changed": len(comparison.changes)}
        try:
            with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
                session.add(row)
                session.flush()
                hashes = (register_hash, config_hash)
                append(session, actor, role, "scenario saved", name, detail, hashes)
        except IntegrityError as error:
            raise StoreError(
                f"a scenario called '{name}' is already saved: choose another name"
            ) from error
        return self._saved(row)

    def all(self) -> list[SavedScenario]:
        """Every saved scenario, oldest first."""
        with Session(self.engine) as session:
            rows = session.scalars(select(ScenarioRow).order_by(ScenarioRow.id)).all()
            return [self._saved(row) for row in rows]

    def get(self, ids: list[int]) -> list[SavedScenario]:
        """The scenarios with these ids, in the order asked (unknown ids left out)."""
        found = {s.id: s for s in self.all() if s.id in ids}
        return [found[i] for i in ids if i in found]

    @staticmethod
    def _saved(row: ScenarioRow) -> SavedScenario:
        saved_at = row.saved_at if row.saved_at.tzinfo else row.saved_at.replace(tzinfo=UTC)
        return SavedScenario(
            id=row.id,
            name=row.name,
            saved_at=saved_at,
            register_hash=row.register_hash,
            config_hash=row.config_hash,
            scenario=Scenario.model_validate_json(row.changes),
            result=json.loads(row.result),
            saved_by=row.saved_by,
        )
