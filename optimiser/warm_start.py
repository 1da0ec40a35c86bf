"""A starting plan for a what-if: the baseline, changed only as far as the scenario forces.

Handed to the solver as its first incumbent, so within the optimality tolerance the answer stays
as close to the recommended plan as the scenario allows: directors see the knock-on effects of
their change, not the solver wandering between equally good plans.
"""

from __future__ import annotations

import numpy as np

from inputs.decisions import Mode, delays
from optimiser.feasibility import forced_projects
from optimiser.fill import fill_idle_capacity
from optimiser.limits import TOLERANCE, fits, limits_of, plan_use, uses
from optimiser.options import allowed, figures, modes_of
from optimiser.problem import Problem


def repaired_plan(problem: Problem, baseline: np.ndarray) -> np.ndarray:
    """The baseline with locks applied, then rules restored by stopping as little as possible.

    Forced work proceeds; anything that lost a prerequisite or now clashes with forced work
    stops; then, while a role or a year's budget is over its limit, the lowest-ranked unforced
    project using it stops. What the change freed is filled best rank first.
    """
    plan = baseline.copy()
    for mode in modes_of(problem):
        plan[(plan == mode) & ~allowed(problem, mode)] = Mode.CONTINUE
    forced = forced_projects(problem)
    for i in forced:
        if plan[i] == Mode.STOP:
            plan[i] = Mode.CONTINUE
    for i, lock in problem.locks.items():
        plan[i] = lock.start_mode(Mode(plan[i]))
    for first, second in problem.conflicts.tolist():
        if plan[first] != Mode.STOP and plan[second] != Mode.STOP:
            if second in forced:
                loser = first
            elif first in forced or problem.rank[first] < problem.rank[second]:
                loser = second
            else:
                loser = first
            if loser not in forced:
                plan[loser] = Mode.STOP
    _stop_orphans(problem, plan)
    _shed_to_fit(problem, plan, set(forced) | set(problem.locks))
    _stop_orphans(problem, plan)
    return fill_idle_capacity(problem, plan)


def _stop_orphans(problem: Problem, plan: np.ndarray) -> None:
    """Stop work whose prerequisite stopped or now starts later, and partners left apart."""
    pairs = [*problem.requires.tolist(), *problem.together.tolist()]
    pairs += [[second, first] for first, second in problem.together.tolist()]
    changed = True
    while changed:
        changed = False
        delay = delays(plan)
        for dependant, prerequisite in pairs:
            if plan[dependant] == Mode.STOP:
                continue
            if plan[prerequisite] == Mode.STOP or delay[dependant] < delay[prerequisite]:
                plan[dependant] = Mode.STOP
                changed = True


def _shed_to_fit(problem: Problem, plan: np.ndarray, protected: set[int]) -> None:
    """Stop the lowest-ranked unprotected work that eases an over-used limit until all fit."""
    fte, spend = plan_use(problem, plan)
    limits = limits_of(problem)
    excess = [use.excess for use in uses(problem, fte, spend, limits)]
    for i in np.argsort(-problem.rank, kind="stable"):
        if fits(problem, fte, spend, limits):
            return
        i = int(i)
        if plan[i] == Mode.STOP or i in protected:
            continue
        running = figures(problem, Mode(int(plan[i])), np.array([i]))
        less_fte = fte - problem.per_period(running.load)[0]
        stopped = problem.money(problem.stop_cost[[i]], np.array([i]))[0]
        less_spend = spend - running.money(problem)[0] + stopped
        after = [use.excess for use in uses(problem, less_fte, less_spend, limits)]
        if any(np.any(a < b - TOLERANCE) for a, b in zip(after, excess, strict=True)):
            plan[i] = Mode.STOP
            fte, spend, excess = less_fte, less_spend, after
