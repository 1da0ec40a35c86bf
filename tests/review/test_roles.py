"""Who may do what, checked on the server for every action."""

from __future__ import annotations

import pytest

from review.roles import AccessError, Action, Role, User, require

DIRECTOR = User(1, "Dana", Role.DIRECTOR, "Place")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.BOARD, {Action.READ, Action.WHAT_IF, Action.RULE, Action.APPROVE}),
        (Role.DIRECTOR, {Action.READ, Action.WHAT_IF, Action.VALIDATE}),
        (Role.PMO, {Action.READ, Action.WHAT_IF, Action.ISSUE_ROUND}),
        (Role.ANALYST, {Action.READ, Action.WHAT_IF}),
        (Role.VIEWER, {Action.READ}),
    ],
)
def test_each_role_may_take_only_its_actions(role: Role, allowed: set[Action]) -> None:
    user = User(2, "someone", role, "Place" if role is Role.DIRECTOR else None)
    for action in Action:
        if action in allowed:
            require(user, action)
        else:
            with pytest.raises(AccessError, match=f"may not {action.value}: only"):
                require(user, action)


def test_a_director_validates_only_their_own_directorate() -> None:
    require(DIRECTOR, Action.VALIDATE, "Place")
    with pytest.raises(AccessError, match="only Place's projects, not People's"):
        require(DIRECTOR, Action.VALIDATE, "People")


def test_a_disabled_account_may_do_nothing() -> None:
    disabled = User(3, "Gone", Role.BOARD, None, disabled=True)
    with pytest.raises(AccessError, match="disabled"):
        require(disabled, Action.READ)
