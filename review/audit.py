"""The decision record: an append-only log, each entry chained to the one before by a hash.

An entry's hash is sha256 of the one before's hash and its own fields in a fixed form, so
changing, removing or reordering any entry breaks every hash after it (`verify`). The database
refuses updates and deletes of the log (triggers in the migration); the chain catches what goes
round the database (a file edited by hand, a trigger dropped).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from database.engine import as_utc
from database.schema import AuditRow

GENESIS = "0" * 64
"""The `previous` of the first entry."""
COLUMNS = (
    "seq",
    "at",
    "actor",
    "role",
    "action",
    "subject",
    "detail",
    "register_hash",
    "config_hash",
    "previous",
    "hash",
)


@dataclass(frozen=True)
class Entry:
    seq: int
    at: datetime
    actor: str
    role: str
    action: str
    subject: str
    detail_text: str  # JSON, exactly as hashed
    register_hash: str
    config_hash: str
    previous: str
    hash: str

    @property
    def detail(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.detail_text)
        return found

    def fields(self) -> tuple[int, datetime, str, str, str, str, str, str, str, str]:
        """What the entry's hash is made of, in order."""
        return (
            self.seq,
            self.at,
            self.actor,
            self.role,
            self.action,
            self.subject,
            self.detail_text,
            self.register_hash,
            self.config_hash,
            self.previous,
        )

    def row(self) -> dict[str, object]:
        """The entry as the CSV export writes it."""
        values = dict(zip(COLUMNS, (*self.fields(), self.hash), strict=True))
        return values | {"at": self.at.isoformat(timespec="microseconds")}


@dataclass(frozen=True)
class Verification:
    entries: int
    broken: tuple[str, ...]  # what is wrong, entry by entry, in log order

    @property
    def intact(self) -> bool:
        return not self.broken


def append(
    session: Session,
    actor: str,
    role: str,
    action: str,
    subject: str,
    detail: dict[str, Any],
    hashes: tuple[str, str] = ("", ""),
) -> Entry:
    """Add an entry to the log inside the caller's transaction (so the action and its record
    commit together or not at all). The session must be a `database.engine.writer`'s: writers
    take turns, so two appends never read the same last entry and the chain never forks."""
    last = session.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).first()
    seq, previous = (1, GENESIS) if last is None else (last.seq + 1, last.hash)
    at = datetime.now(UTC)
    text = json.dumps(detail, sort_keys=True, default=str)
    register_hash, config_hash = hashes
    fields = (seq, at, actor, role, action, subject, text, register_hash, config_hash, previous)
    row = AuditRow(
        seq=seq,
        at=at,
        actor=actor,
        role=role,
        action=action,
        subject=subject,
        detail=text,
        register_hash=register_hash,
        config_hash=config_hash,
        previous=previous,
        hash=_hash(*fields),
    )
    session.add(row)
    session.flush()
    return _entry(row)


def entries(engine: Engine) -> Iterator[Entry]:
    """Every entry, oldest first."""
    with Session(engine) as session:
        for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)):
            yield _entry(row)


def verify(engine: Engine) -> Verification:
    """Walk the chain: numbers without gaps from 1, each entry naming the hash before it, and
    each hash what its fields give."""
    broken: list[str] = []
    previous, count = GENESIS, 0
    for count, entry in enumerate(entries(engine), start=1):
        if entry.seq != count:
            broken.append(f"entry {entry.seq}: expected entry {count} here (one is missing)")
        if entry.previous != previous:
            broken.append(f"entry {entry.seq}: does not follow the entry before it")
        if _hash(*entry.fields()) != entry.hash:
            broken.append(f"entry {entry.seq} ({entry.action} by {entry.actor}): altered")
        previous = entry.hash
    return Verification(count, tuple(broken))


def write_csv(engine: Engine, path: Path) -> int:
    """The whole log as CSV (every field, hashes included, so it can be verified elsewhere)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        count = 0
        for entry in entries(engine):
            writer.writerow(entry.row())
            count += 1
    return count


def _hash(
    seq: int,
    at: datetime,
    actor: str,
    role: str,
    action: str,
    subject: str,
    detail: str,
    register_hash: str,
    config_hash: str,
    previous: str,
) -> str:
    stamp = as_utc(at).isoformat(timespec="microseconds")
    material = json.dumps(
        [seq, stamp, actor, role, action, subject, detail, register_hash, config_hash, previous]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _entry(row: AuditRow) -> Entry:
    return Entry(
        seq=row.seq,
        at=as_utc(row.at),
        actor=row.actor,
        role=row.role,
        action=row.action,
        subject=row.subject,
        detail_text=row.detail,
        register_hash=row.register_hash,
        config_hash=row.config_hash,
        previous=row.previous,
        hash=row.hash,
    )
