"""Which rules clash: contradictory locks, forced work in conflict, forced work over the limits.

The model is always solvable (shortfalls and overflows are variables), so an impossible
combination shows up as a named clash here, never as a solver's "infeasible".
"""

from __future__ import annotations

import numpy as np

from inputs.decisions import Lock, Mode
from inputs.errors import InfeasibleError, LockError
from optimiser.problem import Problem


def forced_projects(problem: Problem) -> dict[int, str]:
    """Projects that must proceed, with why: mandatory, locked, or needed by one of those."""
    why: dict[int, str] = {}
    for i in np.flatnonzero(problem.mandatory):
        why[int(i)] = "mandatory"
    for i, lock in problem.locks.items():
        if lock.forces_proceed:
            why.setdefault(i, f"locked to {lock}")
    prerequisites: dict[int, list[int]] = {}
    for dependant, prerequisite in problem.requires.tolist():
        prerequisites.setdefault(dependant, []).append(prerequisite)
    stack = list(why)
    while stack:
        current = stack.pop()
        for needed in prerequisites.get(current, []):
            if needed not in why:
                why[needed] = f"needed by {problem.ids[current]} ({why[current]})"
                stack.append(needed)
    return why


def check_rules(problem: Problem) -> None:
    """Refuse locks that contradict the rules, and forced projects that clash.

    Raises:
        LockError: a mandatory project or a prerequisite of forced work is locked to stop.
        InfeasibleError: two projects that must both proceed conflict.
    """
    forced = forced_projects(problem)
    for i, lock in sorted(problem.locks.items()):
        if lock.forces_stop and i in forced:
            raise LockError(
                f"{problem.ids[i]} ('{problem.names[i]}') is locked to {lock} but must proceed: "
                f"it is {forced[i]}. Fix: remove that lock, or the lock or flag that forces it."
            )
    for i, lock in sorted(problem.locks.items()):
        if lock is Lock.ACCELERATE and not problem.can_accelerate[i]:
            raise LockError(
                f"{problem.ids[i]} ('{problem.names[i]}') is locked to accelerate but cannot be: "
                f"{problem.accelerate_note[i]}. Fix: lock it to continue or keep instead."
            )
    for first, second in problem.conflicts.tolist():
        if first in forced and second in forced:
            raise InfeasibleError(
                f"{problem.ids[first]} ({forced[first]}) and {problem.ids[second]} "
                f"({forced[second]}) must both proceed but conflict with each other. "
                "Fix: unlock one, or correct conflicts_with in the register."
            )


def describe_overflow(
    problem: Problem, plan: np.ndarray, capacity_over: np.ndarray, budget_over: np.ndarray
) -> str:
    """Which limits the forced projects exceed, by how much, and who uses them most."""
    forced = forced_projects(problem)
    lines = []
    for r in np.flatnonzero(capacity_over > 1e-6):
        users = sorted(forced, key=lambda i: -problem.fte[i, r])[:5]
        names = ", ".join(
            f"{problem.ids[i]} ({problem.fte[i, r]:g})" for i in users if problem.fte[i, r] > 0
        )
        lines.append(
            f"- {problem.roles[r]}: the projects that must proceed need {capacity_over[r]:.2f} FTE "
            f"more than the {problem.capacity[r]:g} available"
            + (f" (plus {problem.external_max[r]:g} external)" if problem.external_max[r] else "")
            + (f"; largest users: {names}" if names else "")
        )
    for t in np.flatnonzero(budget_over > 1e-6):
        users = sorted(forced, key=lambda i: -problem.cost[i, t])[:5]
        names = ", ".join(
            f"{problem.ids[i]} (£{problem.cost[i, t]:,.0f}k)"
            for i in users
            if problem.cost[i, t] > 0
        )
        stops = problem.stop_cost[plan == Mode.STOP, t].sum()
        lines.append(
            f"- budget {problem.years[t]}: £{budget_over[t]:,.1f}k more than the "
            f"£{problem.budget[t]:,.0f}k available"
            + (f" (including £{stops:,.0f}k of exit and restart costs)" if stops else "")
            + (f"; largest users: {names}" if names else "")
        )
    return (
        "No plan fits: the mandatory and locked projects (and the prerequisites they need) "
        "exceed these limits even with everything else paused:\n"
        + "\n".join(lines)
        + "\nFix: raise the limit in the config ([capacity], [budget] or [optimiser.external]), "
        "or unlock or review the mandatory flag of some of these projects."
    )
