"""The Transformation Board's part: the escalation queue, its rulings on challenges and
escalations, the plan re-optimised with every accepted challenge locked (and what that costs
against the recommendation), and the approval of a plan of record with its reasons and the
alternatives it weighed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from database.engine import as_utc, writer
from database.schema import ApprovalRow, RulingRow, ValidationRow
from inputs.errors import PortfolioError
from inputs.scenarios import Scenario
from reset.governance import Body
from reset.whatif import Comparison
from review.audit import append
from review.roles import Action, User, require
from review.rounds import Item, Round, Rounds, Validation, Verdict

Solve = Callable[[Scenario], Comparison]
"""A what-if re-solved from the recommended plan (the workspace's own)."""
BOARD_BODIES = frozenset({Body.BOARD.value, Body.COMMITTEE.value})


class BoardError(PortfolioError):
    """A ruling or an approval cannot be made as asked; says why."""


class Ruling(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


@dataclass(frozen=True)
class Ruled:
    validation_id: int
    user_name: str
    ruling: Ruling
    reason: str
    at: datetime


@dataclass(frozen=True)
class Queued:
    """A project before the Board, and every reason it is there."""

    item: Item
    why: tuple[str, ...]
    validation: Validation | None  # its standing challenge or escalation, if any
    ruled: Ruled | None  # the Board's latest word on that validation


@dataclass(frozen=True)
class Approval:
    id: int
    plan: str
    changes: str
    reasons: str
    alternatives: list[dict[str, Any]]
    approved_by: str
    at: datetime
    round_id: int | None
    scenario_id: int | None
    register_hash: str
    config_hash: str


class Board:
    """The Board's queue, rulings and approvals, over the rounds of one database."""

    def __init__(self, engine: Engine, rounds: Rounds) -> None:
        self.engine = engine
        self.rounds = rounds
        self._crossings: dict[int, str] = {}
        """A challenge's crossing, by validation id: validations are never changed, and a Board
        serves one register and config, so each challenge is re-solved once, not per page."""

    def queue(self, round_id: int, solve: Solve | None = None) -> list[Queued]:
        """Cross-cutting and significant projects (their route goes to the Board or
        committee), escalations, and challenges; with `solve`, a challenge whose re-optimised
        plan changes another directorate's projects says which."""
        standing = self.rounds.latest(round_id)
        rulings = self.rulings(round_id)
        items = self.rounds.items(round_id)
        directorate = {item.project_id: item.directorate for item in items}
        queued = []
        for item in items:
            why = [part for part in item.route if _to_board(part)]
            said = standing.get(item.project_id)
            if said is not None and said.verdict is Verdict.ESCALATE:
                why.append(f"escalated by {said.user_name}: {said.comment}")
            if said is not None and said.verdict is Verdict.CHALLENGE:
                why.append(f"challenged by {said.user_name}: proposes {said.proposed}")
                if solve is not None:
                    if said.id not in self._crossings:
                        self._crossings[said.id] = _crossing(item, said, solve, directorate)
                    crossed = self._crossings[said.id]
                    if crossed:
                        why.append(f"the challenge changes other directorates' projects: {crossed}")
            if why:
                held = said if said is not None and said.verdict is not Verdict.ACCEPT else None
                ruled = rulings.get(held.id) if held is not None else None
                queued.append(Queued(item, tuple(why), held, ruled))
        return queued

    def rule(
        self, round_id: int, validation_id: int, ruling: Ruling, reason: str, by: User
    ) -> Ruled:
        """The Board accepts or rejects a challenge or an escalation, saying why.

        Raises:
            AccessError: `by` is not on the Board.
            BoardError: no reason given, or the validation is not a challenge or escalation of
                this round.
        """
        require(by, Action.RULE)
        reason = reason.strip()
        if not reason:
            raise BoardError("a ruling needs its reason")
        round_ = self.rounds.get(round_id)
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            validation = session.get(ValidationRow, validation_id)
            if (
                validation is None
                or validation.round_id != round_id
                or validation.action == Verdict.ACCEPT.value
            ):
                raise BoardError("that is not a challenge or escalation of this round")
            newer = session.scalars(
                select(ValidationRow.id).where(
                    ValidationRow.round_id == round_id,
                    ValidationRow.project_id == validation.project_id,
                    ValidationRow.id > validation.id,
                )
            ).first()
            if newer is not None:
                raise BoardError(
                    f"{validation.project_id}'s director has said something newer: rule on that"
                )
            row = RulingRow(
                round_id=round_id,
                validation_id=validation_id,
                user_name=by.name,
                verdict=ruling.value,
                reason=reason,
                at=datetime.now(UTC),
            )
            session.add(row)
            detail = {
                "round": round_.name,
                "validation": validation.action,
                "proposed": validation.proposed,
                "by": validation.user_name,
                "reason": reason,
            }
            action = f"{validation.action} {'upheld' if ruling is Ruling.ACCEPT else 'rejected'}"
            subject = validation.project_id
            append(session, by.name, by.role.value, action, subject, detail, round_.hashes)
        return _ruled(row)

    def rulings(self, round_id: int, until: datetime | None = None) -> dict[int, Ruled]:
        """The Board's latest ruling on each validation (as it stood at `until`)."""
        query = select(RulingRow).where(RulingRow.round_id == round_id).order_by(RulingRow.id)
        with Session(self.engine) as session:
            made = [_ruled(row) for row in session.scalars(query)]
        return {r.validation_id: r for r in made if until is None or r.at <= as_utc(until)}

    def upheld(self, round_id: int) -> Scenario:
        """Every challenge the Board upheld, as the locks of one scenario."""
        rulings = self.rulings(round_id)
        changes: dict[str, list[str]] = {}
        for validation in self.rounds.latest(round_id).values():
            ruled = rulings.get(validation.id)
            if (
                validation.verdict is Verdict.CHALLENGE
                and ruled is not None
                and ruled.ruling is Ruling.ACCEPT
                and validation.proposed
            ):
                changes.setdefault(validation.proposed, []).append(validation.project_id)
        name = f"{self.rounds.get(round_id).name}: upheld challenges"
        return Scenario.model_validate({"name": name} | {k: tuple(v) for k, v in changes.items()})

    def approve(
        self,
        plan: str,
        reasons: str,
        alternatives: list[Comparison],
        by: User,
        hashes: tuple[str, str],
        round_id: int | None = None,
        scenario_id: int | None = None,
        changes: str = "",
    ) -> Approval:
        """Approve `plan` as the plan of record, with the Board's reasons and the alternatives
        it compared (each with its figures, kept as they stood); `changes` is what the plan
        changes against the recommendation (its scenario's locks), kept with it.

        Raises:
            AccessError: `by` is not on the Board.
            BoardError: no reasons given.
        """
        require(by, Action.APPROVE)
        reasons = reasons.strip()
        if not reasons:
            raise BoardError("an approval needs the Board's reasons")
        weighed = [_alternative(comparison) for comparison in alternatives]
        row = ApprovalRow(
            round_id=round_id,
            scenario_id=scenario_id,
            plan=plan,
            changes=changes,
            reasons=reasons,
            alternatives=json.dumps(weighed, default=float),
            approved_by=by.name,
            at=datetime.now(UTC),
            register_hash=hashes[0],
            config_hash=hashes[1],
        )
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            session.add(row)
            session.flush()
            detail = {
                "changes": changes,
                "reasons": reasons,
                "alternatives": weighed,
                "round_id": round_id,
            }
            append(session, by.name, by.role.value, "plan of record approved", plan, detail, hashes)
        return _approval(row)

    def approvals(self) -> list[Approval]:
        """Every approval, newest first: the first is the plan of record."""
        with Session(self.engine) as session:
            rows = session.scalars(select(ApprovalRow).order_by(ApprovalRow.id.desc()))
            return [_approval(row) for row in rows]


def _to_board(reason: str) -> bool:
    return reason.startswith((Body.BOARD.value, Body.COMMITTEE.value))


def _crossing(item: Item, said: Validation, solve: Solve, directorate: dict[str, str]) -> str:
    """The other directorates' projects the challenge, re-optimised alone, changes."""
    asked = {"name": f"challenge {item.project_id}", str(said.proposed): (item.project_id,)}
    scenario = Scenario.model_validate(asked)
    try:
        changed = solve(scenario).changes
    except PortfolioError as error:
        return f"cannot be planned ({error})"
    others = [
        f"{row.id} ({directorate.get(str(row.id), '?')})"
        for row in changed.itertuples()
        if directorate.get(str(row.id)) != item.directorate
    ]
    return ", ".join(others)


def _alternative(comparison: Comparison) -> dict[str, Any]:
    """An alternative as the record keeps it: its name, what it asked and its figures."""
    years = comparison.years
    return {
        "name": comparison.scenario.name,
        "changes_asked": comparison.scenario.describe(),
        "objective_change": comparison.objective_change,
        "benefit_change_k": {
            str(y): float(v) for y, v in zip(years["year"], years["benefit_change_k"], strict=True)
        },
        "projects_changed": len(comparison.changes),
    }


def _ruled(row: RulingRow) -> Ruled:
    return Ruled(row.validation_id, row.user_name, Ruling(row.verdict), row.reason, as_utc(row.at))


def _approval(row: ApprovalRow) -> Approval:
    return Approval(
        row.id,
        row.plan,
        row.changes,
        row.reasons,
        json.loads(row.alternatives),
        row.approved_by,
        as_utc(row.at),
        row.round_id,
        row.scenario_id,
        row.register_hash,
        row.config_hash,
    )


__all__ = ["Board", "BoardError", "Round", "Ruling"]
