"""Who may do what: the five roles of the reset and the actions each may take.

Every server-side action calls `require` with the acting user, whatever page it came from, so a
request crafted by hand is refused as the page's buttons are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from inputs.errors import PortfolioError


class Role(StrEnum):
    BOARD = "board"
    DIRECTOR = "director"
    PMO = "pmo"
    ANALYST = "analyst"
    VIEWER = "viewer"


class Action(StrEnum):
    READ = "read the plan, projects, scenarios and graph"
    WHAT_IF = "run what-ifs and save scenarios"
    ISSUE_ROUND = "issue and close validation rounds"
    VALIDATE = "validate projects"
    RULE = "rule on challenges and escalations"
    APPROVE = "approve the plan of record"


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.BOARD: frozenset({Action.READ, Action.WHAT_IF, Action.RULE, Action.APPROVE}),
    Role.DIRECTOR: frozenset({Action.READ, Action.WHAT_IF, Action.VALIDATE}),
    Role.PMO: frozenset({Action.READ, Action.WHAT_IF, Action.ISSUE_ROUND}),
    Role.ANALYST: frozenset({Action.READ, Action.WHAT_IF}),
    Role.VIEWER: frozenset({Action.READ}),
}


class AccessError(PortfolioError):
    """The user's role does not allow the action; says who may."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    directorate: str | None
    disabled: bool = False

    def describe(self) -> str:
        where = f" of {self.directorate}" if self.directorate else ""
        return f"{self.name} ({self.role.value}{where})"


def require(user: User, action: Action, directorate: str | None = None) -> None:
    """Refuse unless `user` may take `action` (for a director, only on their own directorate's
    projects when `directorate` is given).

    Raises:
        AccessError: not allowed; the message names the role that may.
    """
    if user.disabled:
        raise AccessError(f"{user.name}'s account is disabled")
    if action not in ALLOWED[user.role]:
        may = ", ".join(role.value for role, actions in ALLOWED.items() if action in actions)
        raise AccessError(f"{user.describe()} may not {action.value}: only {may} may")
    if user.role is Role.DIRECTOR and directorate is not None and directorate != user.directorate:
        raise AccessError(
            f"{user.describe()} may validate only {user.directorate}'s projects, not "
            f"{directorate}'s"
        )
