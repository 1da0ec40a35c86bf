"""The efficient frontier: value and gap closed as capacity (or budget) scales.

Each point re-solves the model already built for the plan with one family of limits scaled
(only their right-hand sides change), by the LP-and-fix path, and computes no reasons. A point
that cannot be solved in its time is reported as such: the frontier never costs a run its plan.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Literal

import numpy as np
import pandas as pd

from inputs.decisions import Mode
from optimiser.evaluate import evaluate
from optimiser.fill import drop_idle_accelerations, fill_idle_capacity
from optimiser.matrix import with_row_upper
from optimiser.problem import Problem, capacity_rows, scaled
from optimiser.result import OptimisationResult, closed_of, coverage_of
from optimiser.solve import Models, SolverOptions, plan_from, solve_hard
from optimiser.solvers import SolveStatus

DEFAULT_SCALES = (0.5, 0.75, 1.0, 1.25, 1.5)
Scaled = Literal["capacity", "budget"]


def efficient_frontier(
    problem: Problem,
    models: Models,
    current: OptimisationResult,
    options: SolverOptions,
    scales: tuple[float, ...] = DEFAULT_SCALES,
    of: Scaled = "capacity",
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """One row per multiple of every role's capacity (or every year's budget).

    `current`, the plan already solved at the limits as given, is the point at multiple 1 and
    the start of every other. Each row has a status: the solver's (optimal, feasible), or
    `infeasible` (the forced projects cannot fit), or `no plan in time`. The points are
    independent, so they are solved side by side, one per core (each solve is one-threaded
    and seeded, so the rows are the same either way).
    """
    limits = (
        {"capacity": capacity_rows(problem)}
        if of == "capacity"
        else {"budget": problem.general_budget, "stream": problem.stream_budget.ravel()}
    )

    def point(scale: float) -> dict[str, object]:
        row: dict[str, object] = {"of": of, "scale": scale}
        if scale == 1:
            return row | _point(current, problem)
        varied = (
            scaled(problem, capacity=scale) if of == "capacity" else scaled(problem, budget=scale)
        )
        model = models.hard
        for family, available in limits.items():
            if family in model.families:
                model = with_row_upper(model, family, (scale - 1) * available)
        raw, _ = solve_hard(varied, model, options, None)
        if raw.status is SolveStatus.INFEASIBLE:
            return row | {"status": "infeasible"}
        if not raw.status.is_ok:
            return row | {"status": f"no plan in {options.time_limit:g} s"}
        plan = fill_idle_capacity(varied, drop_idle_accelerations(varied, plan_from(model, raw.x)))
        figures = evaluate(varied, plan)
        gap_rel = max(0.0, raw.bound - figures.objective) / max(abs(figures.objective), 1e-9)
        row |= {"status": raw.status.value, "objective": figures.objective, "gap_rel": gap_rel}
        return row | _shares(varied, plan, figures.gain, figures.mtfs_at_risk)

    if progress:
        progress(f"Efficient frontier: {of} x{', x'.join(f'{s:g}' for s in scales)}")
    with ThreadPoolExecutor(max_workers=max(1, min(len(scales), os.cpu_count() or 1))) as pool:
        rows = list(pool.map(point, scales))
    return pd.DataFrame(rows)


def _point(result: OptimisationResult, problem: Problem) -> dict[str, object]:
    point: dict[str, object] = {
        "status": result.status.value,
        "objective": result.objective,
        "gap_rel": result.gap_rel,
    }
    return point | _shares(problem, result.plan, result.benefit, result.mtfs_at_risk)


def _shares(
    problem: Problem, plan: np.ndarray, benefit: np.ndarray, at_risk: np.ndarray
) -> dict[str, float]:
    gap = problem.gap
    coverage = coverage_of(benefit - at_risk, gap)
    return {
        "proceeding": int((plan != Mode.STOP).sum()),
        "benefit_k": float(benefit.sum()),
        "gap_closed_k": float(closed_of(gap, benefit, at_risk).sum()),
        "gap_k": float(gap.sum()),
    } | {f"closed_{y}": float(c) for y, c in zip(problem.years, coverage, strict=True)}


FRONTIER_SOLVER = "highs"


def frontier_options(options: SolverOptions, time_share: float, gap: float) -> SolverOptions:
    """Quicker solves for the frontier's points: a share of the time, a looser gap, no reasons,
    and the LP-and-fix path with HiGHS in process at every size (a strategic curve within its
    gap; on the sample 0.9 s for four points where CBC on the whole model takes 1.7 s)."""
    return replace(
        options,
        solver=FRONTIER_SOLVER,
        time_limit=max(1.0, options.time_limit * time_share),
        gap_rel=max(options.gap_rel, gap),
        explain=False,
        fix_from=1,
    )
