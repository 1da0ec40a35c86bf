"""Validation rounds: the PMO issues a plan, each director accepts, challenges or escalates
their own directorate's projects, and the PMO watches progress and closes the round.

A round is a snapshot: every project with the decision, reason and governance route it was
issued with, and the register and config hashes. What directors say is appended, never edited
(a second word on a project is a new validation; the latest stands), so two directors acting
at once never overwrite each other. Every action is written with its decision-record entry in
one transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.engine import as_utc, writer
from database.schema import NAME_LENGTH, RoundItemRow, RoundRow, RulingRow, ValidationRow
from inputs.decisions import Decision, Lock
from inputs.errors import PortfolioError
from reset.run import ResetRun
from review.audit import append
from review.roles import Action, User, require

COMMENT_LENGTH = 4000


class RoundError(PortfolioError):
    """A round cannot be issued, validated or closed as asked; says why."""


class Verdict(StrEnum):
    ACCEPT = "accept"
    CHALLENGE = "challenge"
    ESCALATE = "escalate"

    @property
    def recorded(self) -> str:
        """The decision record's name for it."""
        return RECORDED[self]


RECORDED = {
    Verdict.ACCEPT: "recommendation accepted",
    Verdict.CHALLENGE: "recommendation challenged",
    Verdict.ESCALATE: "escalated to the Board",
}


@dataclass(frozen=True)
class Round:
    id: int
    name: str
    source: str
    scenario_id: int | None
    status: str
    issued_by: str
    issued_at: datetime
    closed_by: str | None
    register_hash: str
    config_hash: str

    @property
    def open(self) -> bool:
        return self.status == "open"

    @property
    def hashes(self) -> tuple[str, str]:
        return self.register_hash, self.config_hash


@dataclass(frozen=True)
class Item:
    """A project as the round issued it."""

    project_id: str
    name: str
    directorate: str
    recommended: str
    reason: str
    bodies: tuple[str, ...]
    route: tuple[str, ...]  # why each body beyond the directorate


@dataclass(frozen=True)
class Ask:
    """What a director says about one project."""

    project_id: str
    verdict: Verdict
    comment: str = ""
    proposed: str | None = None


@dataclass(frozen=True)
class Validation:
    id: int
    project_id: str
    user_name: str
    verdict: Verdict
    proposed: str | None
    comment: str
    via: str
    at: datetime


@dataclass(frozen=True)
class Progress:
    """One directorate's validation so far."""

    directorate: str
    projects: int
    accepted: int
    challenged: int
    escalated: int

    @property
    def outstanding(self) -> int:
        return self.projects - self.accepted - self.challenged - self.escalated


class Rounds:
    """The validation rounds kept in one workspace database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def issue(
        self,
        name: str,
        run: ResetRun,
        source: str,
        by: User,
        hashes: tuple[str, str],
        scenario_id: int | None = None,
    ) -> Round:
        """Issue `run`'s plan for validation (one round open at a time).

        Raises:
            AccessError: `by` is not the PMO.
            RoundError: a round is already open, or the name is empty or taken.
        """
        require(by, Action.ISSUE_ROUND)
        name = name.strip()
        if not name or len(name) > NAME_LENGTH:
            raise RoundError(f"a round needs a name of 1 to {NAME_LENGTH} characters")
        now = datetime.now(UTC)
        row = RoundRow(
            name=name,
            scenario_id=scenario_id,
            source=source[: NAME_LENGTH * 2],
            status="open",
            issued_by=by.name,
            issued_at=now,
            register_hash=hashes[0],
            config_hash=hashes[1],
        )
        try:
            with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
                held = session.scalars(select(RoundRow).where(RoundRow.status == "open")).first()
                if held is not None:
                    raise RoundError(f"round '{held.name}' is still open: close it first")
                session.add(row)
                session.flush()
                session.add_all(_items(row.id, run))
                detail = {"source": row.source, "projects": run.problem.size}
                append(session, by.name, by.role.value, "round issued", name, detail, hashes)
        except IntegrityError as error:
            raise RoundError(f"a round called '{name}' exists already: name it anew") from error
        return _round(row)

    def all(self) -> list[Round]:
        """Every round, newest first."""
        with Session(self.engine) as session:
            rows = session.scalars(select(RoundRow).order_by(RoundRow.id.desc()))
            return [_round(row) for row in rows]

    def current(self) -> Round | None:
        """The open round, else the latest."""
        found = self.all()
        return next((r for r in found if r.open), found[0] if found else None)

    def get(self, round_id: int) -> Round:
        with Session(self.engine) as session:
            row = session.get(RoundRow, round_id)
        if row is None:
            raise RoundError(f"there is no round {round_id}")
        return _round(row)

    def items(self, round_id: int, directorate: str | None = None) -> list[Item]:
        """The round's projects (one directorate's, if given), in the order issued."""
        query = select(RoundItemRow).where(RoundItemRow.round_id == round_id)
        if directorate is not None:
            query = query.where(RoundItemRow.directorate == directorate)
        with Session(self.engine) as session:
            return [_item(row) for row in session.scalars(query.order_by(RoundItemRow.id))]

    def validate(
        self,
        round_id: int,
        project_id: str,
        verdict: Verdict,
        user: User,
        comment: str = "",
        proposed: str | None = None,
        via: str = "workspace",
    ) -> Validation:
        """A director's word on one of their projects: accept the recommendation, challenge it
        with the decision they propose and why, or escalate it to the Board with why.

        Raises:
            AccessError: not a director, or not of the project's directorate.
            RoundError: the round is closed, the project not in it, or the challenge or
                escalation lacks its comment or proposes no different decision.
        """
        ask = Ask(project_id, verdict, comment, proposed)
        return self.validate_all(round_id, [ask], user, via)[0]

    def validate_all(
        self, round_id: int, asks: list[Ask], user: User, via: str = "workspace"
    ) -> list[Validation]:
        """Several validations by one director in one transaction: all recorded, or none.

        Raises:
            AccessError, RoundError: as `validate`, for the first that fails.
        """
        made = []
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            held = session.get(RoundRow, round_id)
            if held is None or held.status != "open":
                raise RoundError("that round is closed: validations are no longer taken")
            for ask in asks:
                item = _item_row(session, held, ask.project_id)
                row = _validation_row(session, held, item, ask, user, via)
                session.add(row)
                session.flush()
                detail = {
                    "round": held.name,
                    "recommended": item.recommended,
                    "proposed": row.proposed,
                    "comment": row.comment,
                    "via": via,
                }
                verdict = ask.verdict.recorded
                append(
                    session, user.name, user.role.value, verdict, ask.project_id, detail,
                    _hashes(held),
                )  # fmt: skip
                made.append(row)
        return [_validation(row) for row in made]

    def latest(self, round_id: int, until: datetime | None = None) -> dict[str, Validation]:
        """Each project's standing validation (its latest, as it stood at `until`)."""
        return {v.project_id: v for v in self.history(round_id, until)}

    def history(self, round_id: int, until: datetime | None = None) -> list[Validation]:
        """Every validation of the round (up to `until`), oldest first."""
        with Session(self.engine) as session:
            return _history(session, round_id, until)

    def progress(self, round_id: int, until: datetime | None = None) -> list[Progress]:
        """Per directorate: projects, and how many are accepted, challenged or escalated (as it
        stood at `until`)."""
        with Session(self.engine) as session:
            return _progress(session, round_id, until)

    def close(self, round_id: int, by: User) -> Round:
        """Close the round: no more validations; the Board takes it from here.

        Raises:
            AccessError: `by` is not the PMO.
            RoundError: no such round, or it is closed already.
        """
        require(by, Action.ISSUE_ROUND)
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            row = session.get(RoundRow, round_id)
            if row is None or row.status != "open":
                raise RoundError("that round is not open")
            row.status, row.closed_by, row.closed_at = "closed", by.name, datetime.now(UTC)
            outstanding = sum(p.outstanding for p in _progress(session, round_id))
            detail = {"outstanding": outstanding}
            append(session, by.name, by.role.value, "round closed", row.name, detail, _hashes(row))
        return _round(row)


def _history(session: Session, round_id: int, until: datetime | None = None) -> list[Validation]:
    query = (
        select(ValidationRow).where(ValidationRow.round_id == round_id).order_by(ValidationRow.id)
    )
    made = [_validation(row) for row in session.scalars(query)]
    return made if until is None else [v for v in made if v.at <= as_utc(until)]


def _progress(session: Session, round_id: int, until: datetime | None = None) -> list[Progress]:
    standing = {v.project_id: v.verdict for v in _history(session, round_id, until)}
    projects: Counter[str] = Counter()
    said: Counter[tuple[str, Verdict]] = Counter()
    query = select(RoundItemRow).where(RoundItemRow.round_id == round_id)
    for item in session.scalars(query):
        projects[item.directorate] += 1
        if item.project_id in standing:
            said[item.directorate, standing[item.project_id]] += 1
    return [
        Progress(
            directorate,
            count,
            said[directorate, Verdict.ACCEPT],
            said[directorate, Verdict.CHALLENGE],
            said[directorate, Verdict.ESCALATE],
        )
        for directorate, count in sorted(projects.items())
    ]


def _validation_row(
    session: Session, held: RoundRow, item: RoundItemRow, ask: Ask, user: User, via: str
) -> ValidationRow:
    comment = ask.comment.strip()
    if len(comment) > COMMENT_LENGTH:
        raise RoundError(f"a comment is at most {COMMENT_LENGTH} characters")
    if ask.verdict is not Verdict.ACCEPT and not comment:
        raise RoundError(f"to {ask.verdict.value} {ask.project_id}, say why in the comment")
    require(user, Action.VALIDATE, item.directorate)
    ruled = session.scalars(
        select(RulingRow)
        .join(ValidationRow, ValidationRow.id == RulingRow.validation_id)
        .where(ValidationRow.round_id == held.id, ValidationRow.project_id == ask.project_id)
    ).first()
    if ruled is not None:
        raise RoundError(
            f"the Board has ruled on {ask.project_id} ({ruled.verdict}: {ruled.reason}): its "
            "validation stands as ruled"
        )
    return ValidationRow(
        round_id=held.id,
        project_id=ask.project_id,
        user_name=user.name,
        action=ask.verdict.value,
        proposed=_proposed(ask.verdict, ask.proposed, item),
        comment=comment,
        via=via,
        at=datetime.now(UTC),
    )


def _item_row(session: Session, held: RoundRow, project_id: str) -> RoundItemRow:
    item = session.scalars(
        select(RoundItemRow).where(
            RoundItemRow.round_id == held.id, RoundItemRow.project_id == project_id
        )
    ).first()
    if item is None:
        raise RoundError(f"{project_id} is not in round '{held.name}'")
    return item


def _proposed(verdict: Verdict, proposed: str | None, item: RoundItemRow) -> str | None:
    if verdict is not Verdict.CHALLENGE:
        return None
    if not proposed:
        raise RoundError(f"a challenge to {item.project_id} proposes a decision")
    try:
        lock = Lock.parse(proposed)
    except ValueError as error:
        raise RoundError(f"{item.project_id}: {error}") from error
    word, _, resumes = item.recommended.partition(", resume ")
    if lock.met_by(Decision(word), resumes or None):
        raise RoundError(
            f"{item.project_id} is already recommended to {item.recommended}: accept it instead"
        )
    return lock.value


def _items(round_id: int, run: ResetRun) -> list[RoundItemRow]:
    directorates = run.portfolio.directorates
    routes = run.governance.routes
    index = run.portfolio.index()
    return [
        RoundItemRow(
            round_id=round_id,
            project_id=decision.id,
            name=decision.name,
            directorate=directorates[index[decision.id]],
            recommended=decision.decided,
            reason=decision.reason,
            bodies="; ".join(body.value for body in routes[index[decision.id]].bodies),
            route=json.dumps(list(routes[index[decision.id]].reasons)),
        )
        for decision in run.result.decisions
    ]


def _hashes(row: RoundRow) -> tuple[str, str]:
    return row.register_hash, row.config_hash


def _round(row: RoundRow) -> Round:
    return Round(
        row.id,
        row.name,
        row.source,
        row.scenario_id,
        row.status,
        row.issued_by,
        as_utc(row.issued_at),
        row.closed_by,
        row.register_hash,
        row.config_hash,
    )


def _item(row: RoundItemRow) -> Item:
    bodies = tuple(row.bodies.split("; ")) if row.bodies else ()
    return Item(
        row.project_id,
        row.name,
        row.directorate,
        row.recommended,
        row.reason,
        bodies,
        tuple(json.loads(row.route)),
    )


def _validation(row: ValidationRow) -> Validation:
    return Validation(
        row.id,
        row.project_id,
        row.user_name,
        Verdict(row.action),
        row.proposed,
        row.comment,
        row.via,
        as_utc(row.at),
    )
