"""A validation round done offline: a director's returned decisions workbook, read into the
round under their name.

Each row of the director's own directorate is an acceptance when its Decision is left as
recommended, a challenge when changed (its Comment says why); a row left as recommended whose
project the director has already challenged or escalated keeps that word (said so). Rows of
other directorates are theirs to validate: left alone they are skipped, changed they are
refused. A workbook exported
from another plan (its Recommended column differs from the round's) is refused. Everything in
the workbook is checked before anything is recorded, and every problem is listed with its sheet,
row and cell; then all its validations are recorded in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inputs.errors import WorkbookError
from inputs.problems import Problem, Severity
from outputs.workbook_edits import WorkbookDecision, read_workbook_decisions
from review.roles import AccessError, Action, User, require
from review.rounds import Ask, Rounds, Validation, Verdict


@dataclass(frozen=True)
class Imported:
    validations: tuple[Validation, ...]
    skipped: int  # other directorates' rows, left as recommended
    silent: int  # the director's own projects the workbook leaves blank or lacks
    kept: tuple[str, ...] = ()  # unchanged rows whose challenge or escalation still stands

    def describe(self) -> str:
        counts = {v: sum(x.verdict is v for x in self.validations) for v in Verdict}
        text = (
            f"{counts[Verdict.ACCEPT]} accepted, {counts[Verdict.CHALLENGE]} challenged; "
            f"{self.skipped} rows of other directorates left to them"
        )
        if self.kept:
            text += (
                f"; {', '.join(self.kept)} left as exported, so the challenge or escalation "
                "already made stands"
            )
        if self.silent:
            text += f"; {self.silent} of your projects blank or missing, still to validate"
        return text


def import_workbook(rounds: Rounds, round_id: int, path: Path, user: User) -> Imported:
    """Record a director's returned workbook in the round.

    Raises:
        AccessError: `user` is not a director.
        WorkbookError: the workbook cannot be read, or a row is another directorate's edit,
            a challenge without its comment, or from another plan (each named).
        RoundError: the round is closed.
    """
    require(user, Action.VALIDATE)
    items = {item.project_id: item for item in rounds.items(round_id)}
    standing = {
        project: said
        for project, said in rounds.latest(round_id).items()
        if said.verdict is not Verdict.ACCEPT
    }
    asks: list[Ask] = []
    problems: list[Problem] = []
    skipped = 0
    kept: list[str] = []
    for row in read_workbook_decisions(path):
        item = items.get(row.project)
        if item is None:
            problems.append(_problem(row, "is not in this round", "remove the row"))
            continue
        if row.recommended != item.recommended.lower():
            problems.append(
                _problem(
                    row,
                    f"was exported from another plan: it recommends '{row.recommended}', the "
                    f"round '{item.recommended}'",
                    "export the round's own workbook (prioritise export) and validate that",
                )
            )
            continue
        if item.directorate != user.directorate:
            if row.is_edit:
                problems.append(
                    _problem(
                        row,
                        f"changes a project of {item.directorate}, not of {user.directorate}",
                        f"set it back to '{item.recommended}'; {item.directorate} validates it",
                    )
                )
            else:
                skipped += 1
            continue
        if row.is_edit and not row.comment:
            problems.append(
                _problem(row, "changes the decision without a Comment", "say why in Comment")
            )
            continue
        if row.is_edit:
            asks.append(Ask(row.project, Verdict.CHALLENGE, row.comment, row.decision.value))
        elif row.project in standing:  # left as exported: the challenge or escalation stands
            kept.append(row.project)
        else:
            asks.append(Ask(row.project, Verdict.ACCEPT, row.comment))
    if problems:
        raise WorkbookError(problems)
    if not asks:
        raise AccessError(f"{path.name} holds none of {user.directorate}'s projects")
    made = rounds.validate_all(round_id, asks, user, via="workbook")
    said = {ask.project_id for ask in asks} | set(kept)
    silent = sum(
        item.directorate == user.directorate and project not in said
        for project, item in items.items()
    )
    return Imported(tuple(made), skipped, silent, tuple(kept))


def _problem(row: WorkbookDecision, message: str, fix: str) -> Problem:
    return Problem(
        severity=Severity.ERROR,
        file=row.where,
        message=message,
        fix=fix,
        row=row.row,
        column=row.column,
        cell=row.cell,
        value=row.decision.value,
        project_id=row.project,
    )
