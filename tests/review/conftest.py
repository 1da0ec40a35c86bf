from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from database.engine import open_engine
from database.migrate import upgrade


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """A fresh, migrated workspace database in a SQLite file."""
    opened = open_engine(f"sqlite:///{tmp_path / 'workspace.db'}")
    upgrade(opened)
    return opened
