"""Which rules clash: contradictory locks, forced work in conflict, forced work over the limits.

The rules are checked before solving; when the hard limits leave no plan, a least-overflow solve
(`describe_overflow`) names each limit exceeded, so an impossible combination shows up as a
named clash, never as a solver's "infeasible".
"""

from __future__ import annotations

import numpy as np

from inputs.decisions import Lock, Mode, Resume
from inputs.errors import InfeasibleError, LockError
from optimiser.limits import limits_of
from optimiser.options import allowed
from optimiser.problem import Problem


def forced_projects(problem: Problem) -> dict[int, str]:
    """Projects that must proceed, with why: mandatory, locked, or needed by one of those."""
    why: dict[int, str] = {}
    for i in np.flatnonzero(problem.mandatory).tolist():
        why[i] = "mandatory"
    for i, lock in problem.locks.items():
        if lock.forces_proceed:
            why.setdefault(i, f"locked to {lock}")
    prerequisites: dict[int, list[tuple[int, str]]] = {}
    for dependant, prerequisite in problem.requires.tolist():
        prerequisites.setdefault(dependant, []).append((prerequisite, "needed by"))
    for first, second in problem.together.tolist():
        prerequisites.setdefault(first, []).append((second, "tied to"))
        prerequisites.setdefault(second, []).append((first, "tied to"))
    stack = list(why)
    while stack:
        current = stack.pop()
        for needed, link in prerequisites.get(current, []):
            if needed not in why:
                why[needed] = f"{link} {problem.ids[current]} ({why[current]})"
                stack.append(needed)
    return why


def check_rules(problem: Problem) -> None:
    """Refuse locks that contradict the rules, and forced projects that clash.

    Raises:
        LockError: a mandatory project or a prerequisite of forced work is locked to stop, or
            a resume lock cannot hold.
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
    _check_resumes(problem)
    for first, second in problem.conflicts.tolist():
        if first in forced and second in forced:
            raise InfeasibleError(
                f"{problem.ids[first]} ({forced[first]}) and {problem.ids[second]} "
                f"({forced[second]}) must both proceed but conflict with each other. "
                "Fix: unlock one, or correct conflicts_with in the register."
            )


def starting_now(problem: Problem) -> dict[int, str]:
    """Projects that must start as planned, with why: mandatory work, locks that do not let it
    move, and (since a dependant starts no earlier than its prerequisite, and partners start
    together) what those need or go together with."""
    why: dict[int, str] = {}
    for i in np.flatnonzero(problem.mandatory).tolist():
        why[i] = "mandatory"
    for i, lock in problem.locks.items():
        if lock.forces_proceed and not any(mode.delay for mode in lock.modes):
            why.setdefault(i, f"locked to {lock}")
    links: dict[int, list[tuple[int, str]]] = {}
    for dependant, prerequisite in problem.requires.tolist():
        links.setdefault(dependant, []).append((prerequisite, "needed by"))
    for first, second in problem.together.tolist():
        links.setdefault(first, []).append((second, "tied to"))
        links.setdefault(second, []).append((first, "tied to"))
    stack = list(why)
    while stack:
        current = stack.pop()
        for needed, link in links.get(current, []):
            if needed not in why:
                why[needed] = f"{link} {problem.ids[current]} ({why[current]})"
                stack.append(needed)
    return why


def _check_resumes(problem: Problem) -> None:
    """A resume lock that cannot hold: the project cannot pause and resume then, or work that
    must start as planned needs it (or goes together with it).

    Raises:
        LockError: naming the project and why.
    """
    now = starting_now(problem)
    for i, lock in sorted(problem.locks.items()):
        if not isinstance(lock, Resume):
            continue
        label = f"{problem.ids[i]} ('{problem.names[i]}')"
        if not allowed(problem, Mode.later(lock.delay))[i]:
            raise LockError(
                f"{label} cannot {lock}: it would run past the horizon or cannot pause and "
                "resume. Fix: give an earlier year, or pause it instead."
            )
        if i in now:
            raise LockError(
                f"{label} is locked to {lock} but must start as planned: it is {now[i]}. "
                "Fix: remove the resume, or the lock or flag that forces that work now."
            )


def describe_overflow(problem: Problem, plan: np.ndarray, overflow: dict[str, np.ndarray]) -> str:
    """Which limits the forced projects exceed, by how much, and who uses them most.

    `overflow` is the least excess per limit family (from the model's overflow columns).
    """
    forced = forced_projects(problem)
    stopped = plan == Mode.STOP
    lines = []
    for limit in limits_of(problem):
        over = overflow.get(limit.family)
        if over is None:
            continue
        for k in np.flatnonzero(over > 1e-6).tolist():
            users = sorted(forced, key=lambda i: -limit.need[i, k])[:5]
            names = ", ".join(
                f"{problem.ids[i]} ({limit.amount(limit.need[i, k])})"
                for i in users
                if limit.need[i, k] > 0
            )
            stops = limit.stop[stopped, k].sum()
            lines.append(
                f"- {limit.where(k)}: the projects that must proceed need "
                f"{limit.amount(over[k])} more than the {limit.amount(limit.available[k])} "
                "available"
                + (f" (including {limit.amount(stops)} of exit and restart costs)" if stops else "")
                + (f"; largest users: {names}" if names else "")
            )
    return (
        "No plan fits: the mandatory and locked projects (and the prerequisites they need) "
        "exceed these limits even with everything else paused:\n"
        + "\n".join(lines)
        + "\nFix: raise the limit in the config ([capacity], [budget] or [optimiser.external]), "
        "or unlock or review the mandatory flag of some of these projects."
    )
