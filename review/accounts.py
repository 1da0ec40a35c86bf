"""Accounts, sign-in and sessions, kept in the workspace's database.

Passwords are stored only as argon2id hashes (argon2-cffi: salted, slow, memory-hard) and
rehashed when its parameters move on. Sign-in is throttled: after `FAILURES` failed attempts
for a name, or `FAILURES_PER_ADDRESS` from one address, within `WINDOW`, it is refused until the
window has passed, whatever the password. A session is a random token held by the browser; the
database keeps only its sha256, with an absolute expiry and an idle timeout, so disabling an
account or resetting its password ends its sessions at once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.engine import as_utc, writer
from database.schema import NAME_LENGTH, LoginFailureRow, SessionRow, UserRow
from inputs.errors import PortfolioError
from review.audit import append
from review.roles import Role, User

MIN_PASSWORD = 12
FAILURES = 5
FAILURES_PER_ADDRESS = 20
WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=8)
IDLE_TIMEOUT = timedelta(minutes=30)
SEEN_EVERY = timedelta(minutes=1)
"""How stale a session's last-seen time may get before a request refreshes it (fewer writes)."""
OPERATOR = "operator"
"""The role recorded for account changes made at the command line."""

_hasher = PasswordHasher()


class AccountError(PortfolioError):
    """An account cannot be made or changed as asked; says why."""


class SignInError(PortfolioError):
    """Sign-in refused: wrong name or password (not saying which), or throttled."""


@dataclass(frozen=True)
class SessionSettings:
    lifetime: timedelta = SESSION_LIFETIME
    idle: timedelta = IDLE_TIMEOUT


class Accounts:
    """The users of one workspace database and their sessions."""

    def __init__(self, engine: Engine, settings: SessionSettings | None = None) -> None:
        self.engine = engine
        self.settings = settings or SessionSettings()

    def add(self, name: str, role: Role, directorate: str | None, password: str, by: str) -> User:
        """A new account (recorded in the decision record as made by `by`).

        Raises:
            AccountError: the name is taken or empty, the password too short, or the
                directorate missing for a director (or given for another role).
        """
        name = _name(name)
        directorate = (directorate or "").strip() or None
        if role is Role.DIRECTOR and directorate is None:
            raise AccountError(f"a director needs a directorate: --directorate for {name}")
        if role is not Role.DIRECTOR and directorate is not None:
            raise AccountError(f"only a director has a directorate, not a {role.value}")
        now = datetime.now(UTC)
        row = UserRow(
            name=name,
            role=role.value,
            directorate=directorate,
            password_hash=_hasher.hash(_password(password)),
            disabled=False,
            created_at=now,
            password_set_at=now,
        )
        detail = {"role": role.value, "directorate": directorate}
        try:
            with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
                session.add(row)
                session.flush()
                append(session, by, OPERATOR, "account added", name, detail)
        except IntegrityError as error:
            raise AccountError(f"there is already an account called {name}") from error
        return _user(row)

    def all(self) -> list[User]:
        with Session(self.engine) as session:
            return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]

    def any(self) -> bool:
        """Whether any account exists (with none, the workspace runs without sign-in)."""
        with Session(self.engine) as session:
            return bool(session.scalar(select(func.count()).select_from(UserRow)))

    def set_disabled(self, name: str, disabled: bool, by: str) -> User:
        """Disable (ending its sessions) or re-enable an account.

        Raises:
            AccountError: no such account.
        """
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            row = _row(session, name)
            row.disabled = disabled
            session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            action = "account disabled" if disabled else "account enabled"
            append(session, by, OPERATOR, action, row.name, {})
        return _user(row)

    def set_password(self, name: str, password: str, by: str) -> User:
        """A new password (ending the account's sessions).

        Raises:
            AccountError: no such account, or the password is too short.
        """
        hashed = _hasher.hash(_password(password))
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            row = _row(session, name)
            row.password_hash = hashed
            row.password_set_at = datetime.now(UTC)
            session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            append(session, by, OPERATOR, "password reset", row.name, {})
        return _user(row)

    def sign_in(self, name: str, password: str, address: str) -> tuple[User, str]:
        """The user and a new session token, when the name and password match.

        Raises:
            SignInError: they do not (without saying which), the account is disabled, or too
                many attempts have failed lately.
        """
        now = datetime.now(UTC)
        name = name.strip()[:NAME_LENGTH]
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            since = now - WINDOW
            by_name, by_address = (
                session.scalar(
                    select(func.count())
                    .select_from(LoginFailureRow)
                    .where(column == value, LoginFailureRow.at >= since)
                )
                or 0
                for column, value in (
                    (LoginFailureRow.name, name),
                    (LoginFailureRow.address, address),
                )
            )
            if by_name >= FAILURES or by_address >= FAILURES_PER_ADDRESS:
                minutes = int(WINDOW.total_seconds() // 60)
                raise SignInError(
                    f"too many failed sign-ins lately: wait {minutes} minutes and try again"
                )
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < since))
            session.execute(delete(SessionRow).where(SessionRow.expires_at <= now))
            row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
            if row is None:
                _spend(password)  # as long as a real check: the time says nothing of names
            if row is None or not _matches(row, password) or row.disabled:
                session.add(LoginFailureRow(name=name, address=address, at=now))
                row = None
            else:
                token = secrets.token_urlsafe(32)
                session.add(
                    SessionRow(
                        token_hash=_token_hash(token),
                        user_id=row.id,
                        created_at=now,
                        expires_at=now + self.settings.lifetime,
                        last_seen_at=now,
                    )
                )
        if row is None:  # committed: the failure counts towards the throttle
            raise SignInError("that name and password do not match an active account")
        return _user(row), token

    def session_user(self, token: str | None) -> User | None:
        """The user a session token belongs to, or None when it is unknown, expired, idle too
        long or its account disabled."""
        if not token:
            return None
        now = datetime.now(UTC)
        with Session(self.engine) as session:
            found = session.execute(
                select(SessionRow, UserRow)
                .join(UserRow, UserRow.id == SessionRow.user_id)
                .where(SessionRow.token_hash == _token_hash(token))
            ).first()
        if found is None:
            return None
        held, row = found
        seen = as_utc(held.last_seen_at)
        if row.disabled or as_utc(held.expires_at) <= now or seen + self.settings.idle <= now:
            return None
        if now - seen >= SEEN_EVERY:
            with Session(writer(self.engine)) as session, session.begin():
                stored = session.get(SessionRow, held.token_hash)
                if stored is not None:
                    stored.last_seen_at = now
        return _user(row)

    def sign_out(self, token: str | None) -> None:
        if token:
            with Session(writer(self.engine)) as session, session.begin():
                held = SessionRow.token_hash == _token_hash(token)
                session.execute(delete(SessionRow).where(held))


@functools.cache
def _decoy() -> str:
    """A hash no password matches, checked for an unknown name."""
    return _hasher.hash(secrets.token_urlsafe(32))


def _spend(password: str) -> None:
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_decoy(), password)


def _matches(row: UserRow, password: str) -> bool:
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return True


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_LENGTH or any(not c.isprintable() for c in name):
        raise AccountError(f"an account name is 1 to {NAME_LENGTH} printable characters")
    return name


def _password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


def _row(session: Session, name: str) -> UserRow:
    row = session.scalars(select(UserRow).where(UserRow.name == name.strip())).first()
    if row is None:
        raise AccountError(f"there is no account called {name}: see prioritise users list")
    return row


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(row: UserRow) -> User:
    return User(row.id, row.name, Role(row.role), row.directorate, row.disabled)
