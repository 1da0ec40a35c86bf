"""The whole reset in one call: scores, dependency checks, the integer program, the baseline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dependencies.portfolio import DependencyReport, check_portfolio
from inputs.config import Config
from inputs.decisions import Lock
from inputs.models import Register
from optimiser.evaluate import PlanFigures, evaluate
from optimiser.frontier import efficient_frontier
from optimiser.greedy import greedy_plan
from optimiser.problem import Problem, build_problem
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions, optimise
from optimiser.warm_start import repaired_plan
from prioritise import ScoreResult, score_portfolio

FRONTIER_TIME_SHARE = 0.25
FRONTIER_GAP = 0.01


@dataclass(frozen=True)
class ResetRun:
    """Everything `prioritise run` reports, from one register and config."""

    register: Register
    config: Config
    scores: ScoreResult
    checks: DependencyReport
    problem: Problem
    result: OptimisationResult
    baseline: PlanFigures  # the greedy spreadsheet plan, judged by the same arithmetic
    frontier: pd.DataFrame | None
    options: SolverOptions


def solver_options(
    config: Config,
    solver: str | None = None,
    time_limit: float | None = None,
    gap_rel: float | None = None,
) -> SolverOptions:
    """The config's solver settings, overridden where the caller gives a value."""
    settings = config.optimiser
    return SolverOptions(
        solver=solver or settings.solver,
        time_limit=time_limit if time_limit is not None else settings.time_limit,
        gap_rel=gap_rel if gap_rel is not None else settings.gap_rel,
        fix_from=settings.fix_from,
    )


def run_reset(
    register: Register,
    config: Config,
    locks: dict[str, Lock] | None = None,
    options: SolverOptions | None = None,
    frontier: bool = True,
    capacity_change: dict[str, float] | None = None,
    budget_change: dict[str, float] | None = None,
    baseline_plan: np.ndarray | None = None,
    progress: Callable[[str], None] | None = None,
    scored: tuple[ScoreResult, DependencyReport] | None = None,
) -> ResetRun:
    """Score, check and decide every project; the frontier and the greedy baseline beside it.

    `capacity_change` and `budget_change` add FTE per role and £k per year (what-if);
    `baseline_plan` (a what-if's recommended plan) is repaired for the locks and given to the
    solver to start from, so only what the change forces, or clearly improves, moves.
    `scored` passes the scores and checks of an earlier run of the same register and config
    (locks and limits change neither), so a what-if does not compute them again.

    Raises:
        LockError, InfeasibleError, OptimiserError: see `optimise`.
    """
    step = progress or _silent
    options = options or solver_options(config)
    if scored is None:
        step(f"Scoring {len(register.projects)} projects")
        scores = score_portfolio(register, config, stability=True)
        step("Checking dependencies, clashes and double counting")
        checks = check_portfolio(register, config)
    else:
        scores, checks = scored
    problem = _changed(
        build_problem(register, config, scores, locks), capacity_change, budget_change
    )
    start = None if baseline_plan is None else repaired_plan(problem, baseline_plan)
    step(f"Solving with {options.solver} (up to {options.time_limit:g} s)")
    result = optimise(problem, options, start, reference=baseline_plan)
    curve = None
    if frontier and config.optimiser.frontier:
        quick = replace(
            options,
            time_limit=max(1.0, options.time_limit * FRONTIER_TIME_SHARE),
            gap_rel=max(options.gap_rel, FRONTIER_GAP),
        )
        curve = efficient_frontier(
            problem,
            quick,
            config.optimiser.frontier,
            config.optimiser.frontier_of,
            step,
            current=result,
        )
    return ResetRun(
        register=register,
        config=config,
        scores=scores,
        checks=checks,
        problem=problem,
        result=result,
        baseline=evaluate(problem, greedy_plan(problem)),
        frontier=curve,
        options=options,
    )


def _silent(message: str) -> None:
    """No progress report."""


def _changed(
    problem: Problem, capacity: dict[str, float] | None, budget: dict[str, float] | None
) -> Problem:
    if not capacity and not budget:
        return problem
    extra_fte = [float((capacity or {}).get(role, 0.0)) for role in problem.roles]
    extra_money = [float((budget or {}).get(year, 0.0)) for year in problem.years]
    unknown = sorted(set(capacity or {}) - set(problem.roles)) + sorted(
        set(budget or {}) - set(problem.years)
    )
    if unknown:
        raise ValueError(
            f"unknown role or year {', '.join(unknown)}: roles are {', '.join(problem.roles)}; "
            f"years are {', '.join(problem.years)}"
        )
    return replace(
        problem,
        capacity=(problem.capacity + extra_fte).clip(min=0),
        budget=(problem.budget + extra_money).clip(min=0),
    )
