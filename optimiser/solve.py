"""Decide every project: check the rules, solve, fill idle capacity, price the limits, explain."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimiser.errors import InfeasibleError, OptimiserError
from optimiser.evaluate import ACCELERATE, CONTINUE, STOP, evaluate
from optimiser.feasibility import check_rules, describe_overflow
from optimiser.fill import fill_idle_capacity
from optimiser.model import MatrixModel, build_model
from optimiser.problem import Problem
from optimiser.reasons import Prices, explain
from optimiser.result import LimitUse, OptimisationResult
from optimiser.solvers import RawSolution, SolveStatus, solve_model


@dataclass(frozen=True)
class SolverOptions:
    solver: str = "cbc"
    time_limit: float = 60.0
    gap_rel: float = 0.0
    explain: bool = True  # solve the LP relaxation for shadow prices and reasons


def optimise(problem: Problem, options: SolverOptions | None = None) -> OptimisationResult:
    """The best plan the solver proves within its limits, every decision with its reason.

    Raises:
        LockError: locks contradict the rules (e.g. a mandatory project locked to pause).
        InfeasibleError: the projects that must proceed cannot fit together; names the limits.
        OptimiserError: the solver found no plan within its time limit.
    """
    options = options or SolverOptions()
    check_rules(problem)
    model = build_model(problem)
    raw = solve_model(model, options.solver, options.time_limit, options.gap_rel)
    if not raw.status.is_ok:
        raise OptimiserError(
            f"the {options.solver} solver found no plan in {options.time_limit:g} s "
            f"(status {raw.status.value}). Fix: raise [optimiser] time_limit or try --solver highs."
        )
    plan = plan_from(model, raw.x)
    capacity_over = raw.x[model.variables["capacity_overflow"]]
    budget_over = raw.x[model.variables["budget_overflow"]]
    if capacity_over.max(initial=0) > 1e-6 or budget_over.max(initial=0) > 1e-6:
        raise InfeasibleError(describe_overflow(problem, plan, capacity_over, budget_over))
    plan = fill_idle_capacity(problem, plan)
    figures = evaluate(problem, plan)
    if figures.violations:
        raise OptimiserError(
            "internal check failed, the plan breaks: " + "; ".join(figures.violations[:5])
        )
    prices = _prices(model, options) if options.explain else _no_prices(problem)
    status = raw.status
    bound = max(raw.bound, figures.objective)
    if status is SolveStatus.OPTIMAL and options.gap_rel == 0:
        bound = max(figures.objective, raw.objective)
    return OptimisationResult(
        status=status,
        solver=options.solver,
        objective=figures.objective,
        bound=bound,
        seconds=raw.seconds,
        decisions=tuple(explain(problem, plan, figures, prices)),
        years=problem.years,
        roles=problem.roles,
        gap=problem.gap,
        benefit=figures.gain,
        benefit_low=figures.low,
        benefit_high=figures.high,
        shortfall=figures.shortfall,
        capacity=problem.capacity,
        fte_demand=problem.fte.sum(axis=0),
        fte_used=figures.fte_used,
        fte_freed=problem.fte[(plan == STOP) & problem.in_flight].sum(axis=0),
        external=figures.external,
        budget=problem.budget,
        spend=figures.spend,
        limits=_limits(problem, figures, prices),
        plan=plan,
    )


def plan_from(model: MatrixModel, x: np.ndarray) -> np.ndarray:
    """0 stop, 1 continue, 2 accelerate from the solver's (rounded) columns."""
    keep = np.round(x[model.variables["continue"]]).astype(int)
    fast = np.round(x[model.variables["accelerate"]]).astype(int)
    return np.where(fast == 1, ACCELERATE, np.where(keep == 1, CONTINUE, STOP))


def _prices(model: MatrixModel, options: SolverOptions) -> Prices:
    relaxed: RawSolution = solve_model(model, options.solver, options.time_limit, relax=True)
    duals = relaxed.row_duals
    if duals is None:
        return Prices(np.zeros(0), np.zeros(0), np.zeros(0))
    duals = np.abs(duals)
    return Prices(
        capacity=duals[model.families["capacity"]],
        budget=duals[model.families["budget"]],
        gap=duals[model.families["gap"]],
    )


def _no_prices(problem: Problem) -> Prices:
    return Prices(
        np.zeros(len(problem.roles)), np.zeros(len(problem.years)), np.zeros(len(problem.years))
    )


def _limits(problem: Problem, figures, prices: Prices) -> tuple[LimitUse, ...]:  # type: ignore[no-untyped-def]
    limits = [
        LimitUse(
            "capacity",
            role,
            float(figures.fte_used[r]),
            float(problem.capacity[r] + figures.external[r]),
            float(prices.capacity[r]) if len(prices.capacity) else 0.0,
        )
        for r, role in enumerate(problem.roles)
    ]
    limits += [
        LimitUse(
            "budget",
            year,
            float(figures.spend[t]),
            float(problem.budget[t]),
            float(prices.budget[t]) if len(prices.budget) else 0.0,
        )
        for t, year in enumerate(problem.years)
    ]
    return tuple(limits)
