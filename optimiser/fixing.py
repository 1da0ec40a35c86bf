"""Large registers: let the LP relaxation settle most projects, then solve the rest exactly.

At tens of thousands of projects a branch-and-bound over every project spends minutes before
its first plan (HiGHS's presolve and root even overrun their time limit at 50,000). The LP
relaxation of the reset is nearly integral: only a few hundred of 100,000 decisions are
fractional. Fixing the integral ones and solving the small remaining integer program gives a
plan whose distance from the LP bound, a valid bound for the whole problem, is reported.
"""

from __future__ import annotations

import numpy as np

from optimiser.matrix import MatrixModel, without_fixed
from optimiser.solvers import RawSolution, SolveStatus, solve_model

INTEGRAL = 1e-6
MIN_SECONDS = 10.0
"""The least the remaining integer program gets when the LP took most of the time limit (never
more than the limit itself: a frontier point asks for a few seconds)."""
LP_SOLVER = "highs"
"""Every LP relaxation (this path's, and the shadow prices') is solved by HiGHS in process
(simplex; interior point with crossover on the largest, `solvers.INTERIOR_POINT_FROM`),
whichever solver finishes: at 50,000 projects CLP through PuLP takes minutes where HiGHS takes
seconds, and at 570 it saves a CBC process (0.06 s against 0.02 s)."""
FREE_SHARE = 0.02
FREE_AT_LEAST = 300
"""Besides the fractional decisions, the integral ones with the smallest reduced costs (the
cheapest to change at LP prices: 2 %, at least 300) stay free for the integer program."""


def solve_by_fixing(
    model: MatrixModel,
    solver: str,
    time_limit: float,
    gap_rel: float,
    free_at_least: int = FREE_AT_LEAST,
) -> tuple[RawSolution, RawSolution]:
    """The plan and the LP relaxation it came from (whose duals give the shadow prices).

    Status is `optimal` when the plan is proven within `gap_rel` of the LP bound, else
    `feasible`; an infeasible relaxation means the model itself is infeasible.
    """
    relaxed = solve_model(model, LP_SOLVER, time_limit, relax=True)
    if relaxed.status is not SolveStatus.OPTIMAL:  # without a solved LP there is no bound
        unsolved = (
            SolveStatus.INFEASIBLE
            if relaxed.status is SolveStatus.INFEASIBLE
            else SolveStatus.UNKNOWN
        )
        return RawSolution(unsolved, relaxed.x, 0.0, float("inf"), relaxed.seconds), relaxed
    x = relaxed.x
    settled = model.integer & (np.abs(x - np.round(x)) < INTEGRAL)
    settled &= ~_cheapest_to_change(model, relaxed, settled, free_at_least)
    values = np.where(settled, np.round(x), 0.0)
    small, kept = without_fixed(model, settled, values)
    remaining = max(min(MIN_SECONDS, time_limit), time_limit - relaxed.seconds)
    part = solve_model(small, solver, remaining, gap_rel / 2)
    seconds = relaxed.seconds + part.seconds
    if not part.status.is_ok:
        return RawSolution(SolveStatus.UNKNOWN, x, 0.0, relaxed.objective, seconds), relaxed
    full = values.copy()
    full[kept] = part.x
    objective = float(model.cost @ full)
    bound = max(relaxed.objective, objective)  # the LP bound holds for every plan
    proven = bound - objective <= gap_rel * max(abs(objective), 1e-9)
    status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE
    return RawSolution(status, full, objective, bound, seconds), relaxed


def _cheapest_to_change(
    model: MatrixModel, relaxed: RawSolution, settled: np.ndarray, at_least: int
) -> np.ndarray:
    """Settled integer columns whose reduced cost is among the smallest: left free."""
    free = np.zeros_like(settled)
    candidates = np.flatnonzero(settled & (model.col_upper > model.col_lower))
    if relaxed.reduced_costs is None or not len(candidates):
        return free
    count = min(len(candidates), max(at_least, int(FREE_SHARE * model.integer.sum())))
    order = np.argsort(np.abs(relaxed.reduced_costs[candidates]), kind="stable")
    free[candidates[order[:count]]] = True
    return free
