"""A starting plan for a what-if: the baseline, changed only as far as the scenario forces.

Handed to the solver as its first incumbent, so within the optimality tolerance the answer stays
as close to the recommended plan as the scenario allows: directors see the knock-on effects of
their change, not the solver wandering between equally good plans.
"""

from __future__ import annotations

import numpy as np

from inputs.decisions import Mode
from optimiser.feasibility import forced_projects
from optimiser.fill import fill_idle_capacity, plan_use
from optimiser.problem import Problem

LOCKED_MODE = {
    "accelerate": Mode.ACCELERATE,
    "continue": Mode.CONTINUE,
    "pause": Mode.STOP,
    "terminate": Mode.STOP,
}


def repaired_plan(problem: Problem, baseline: np.ndarray) -> np.ndarray:
    """The baseline with locks applied, then rules restored by stopping as little as possible.

    Forced work proceeds; anything that lost a prerequisite or now clashes with forced work
    stops; then, while a role or a year's budget is over its limit, the lowest-ranked unforced
    project using it stops. What the change freed is filled best rank first.
    """
    plan = baseline.copy()
    plan[(plan == Mode.ACCELERATE) & ~problem.can_accelerate] = Mode.CONTINUE
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
    changed = True
    while changed:
        changed = False
        for dependant, prerequisite in problem.requires.tolist():
            if plan[dependant] != Mode.STOP and plan[prerequisite] == Mode.STOP:
                plan[dependant] = Mode.STOP
                changed = True


def _shed_to_fit(problem: Problem, plan: np.ndarray, protected: set[int]) -> None:
    """Stop the lowest-ranked unprotected work on each over-used limit until it fits."""
    fte, spend = plan_use(problem, plan)
    for i in np.argsort(-problem.rank, kind="stable"):
        over_roles = fte > problem.capacity + problem.external_max + 1e-9
        over_years = spend > problem.budget + 1e-9
        if not over_roles.any() and not over_years.any():
            return
        i = int(i)
        if plan[i] == Mode.STOP or i in protected:
            continue
        uses = (problem.fte[i] > 0) & over_roles
        costs = (problem.cost[i] > 0) & over_years
        if uses.any() or costs.any():
            accelerated = plan[i] == Mode.ACCELERATE
            fte -= problem.fte_acc[i] if accelerated else problem.fte[i]
            spend -= (problem.cost_acc[i] if accelerated else problem.cost[i]) - problem.stop_cost[
                i
            ]
            plan[i] = Mode.STOP
