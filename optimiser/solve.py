"""Decide every project: check the rules, solve, fill idle capacity, price the limits, explain."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inputs.decisions import Mode
from inputs.errors import InfeasibleError, OptimiserError
from optimiser.evaluate import PlanFigures, chosen_figures, evaluate
from optimiser.feasibility import check_rules, describe_overflow
from optimiser.fill import drop_idle_accelerations, fill_idle_capacity
from optimiser.fixing import LP_SOLVER, solve_by_fixing
from optimiser.greedy import greedy_plan
from optimiser.matrix import (
    MatrixModel,
    column_name,
    hard_limits,
    overflow_columns,
    overflow_only,
    preferring,
)
from optimiser.model import build_model
from optimiser.problem import Problem
from optimiser.reasons import Prices, explain
from optimiser.result import LimitUse, OptimisationResult
from optimiser.solvers import RawSolution, SolveStatus, solve_model

REFERENCE_WEIGHT = 1e-5
"""Objective points per project for keeping a what-if's recommended decision: it breaks ties
towards the recommendation (at most 0.006 points at 570)."""


@dataclass(frozen=True)
class SolverOptions:
    solver: str = "cbc"
    time_limit: float = 60.0
    gap_rel: float = 0.0
    explain: bool = True  # solve the LP relaxation for shadow prices and reasons
    fix_from: int = 10_000  # projects at which the LP relaxation settles most decisions first


@dataclass(frozen=True)
class Models:
    """A problem's integer program, built once: with overflow columns (to diagnose a clash of
    limits) and with hard limits (to solve). What-ifs and the frontier change only its bounds."""

    elastic: MatrixModel
    hard: MatrixModel


def build_models(problem: Problem) -> Models:
    elastic = build_model(problem)
    return Models(elastic, hard_limits(elastic))


def solve_hard(
    problem: Problem, model: MatrixModel, options: SolverOptions, start: np.ndarray | None
) -> tuple[RawSolution, RawSolution | None]:
    """The solver's plan for a hard-limit model, and the LP relaxation when it solved one."""
    if problem.size >= options.fix_from:
        return solve_by_fixing(model, options.solver, options.time_limit, options.gap_rel)
    columns = None if start is None else start_columns(model, start)
    raw = solve_model(model, options.solver, options.time_limit, options.gap_rel, start=columns)
    if raw.status is SolveStatus.INFEASIBLE and options.solver == "cbc":
        # CBC 2.10 can write "Infeasible" for a feasible model whose root cuts fail (seen on a
        # two-project model: "Cuts at root node changed objective to -1.79769e+308"); HiGHS
        # confirms or refutes it in process before the plan is called impossible.
        raw = solve_model(model, "highs", options.time_limit, options.gap_rel, start=columns)
    return raw, None


def optimise(
    problem: Problem,
    options: SolverOptions | None = None,
    start: np.ndarray | None = None,
    reference: np.ndarray | None = None,
    models: Models | None = None,
) -> OptimisationResult:
    """The best plan the solver proves within its limits, every decision with its reason.

    `start` is a plan the solver begins from (e.g. the baseline repaired for a what-if). With
    a `reference` plan (a what-if's recommended plan) the start is returned when it is as
    good as the tolerance asks (`_start_if_good_enough`), so a what-if shows what the change
    forces, not the solver moving between equally good plans; otherwise each decision kept as
    in the reference is worth `REFERENCE_WEIGHT` points, breaking the solver's ties towards it.
    `models` reuses a model already built for the problem.

    Raises:
        LockError: locks contradict the rules (e.g. a mandatory project locked to pause).
        InfeasibleError: the projects that must proceed cannot fit together; names the limits.
        OptimiserError: the plan found breaks a rule (an internal check; never expected).

    Where the solver finds no plan within its time limit, the greedy plan stands in, with
    status `GREEDY` and a warning saying so.
    """
    options = options or SolverOptions()
    check_rules(problem)
    models = models or build_models(problem)
    model = (
        models.hard if reference is None else preferring(models.hard, reference, REFERENCE_WEIGHT)
    )
    accepted, relaxed = _start_within_tolerance(problem, models.hard, options, start)
    if accepted is not None:
        raw, found = accepted, start
    else:
        raw, fixed_lp = solve_hard(problem, model, options, start)
        relaxed = relaxed or fixed_lp
        found = None
    if raw.status is SolveStatus.INFEASIBLE:
        _diagnose(problem, models.elastic, options)
    warnings: tuple[str, ...] = ()
    if not raw.status.is_ok:
        found = greedy_plan(problem)
        judged = evaluate(problem, found)
        if judged.violations:  # forced work over a limit: no plan to give
            _diagnose(problem, models.elastic, options)  # names each limit it exceeds
            raise OptimiserError(
                f"the {options.solver} solver found no plan in {options.time_limit:g} s "
                f"(status {raw.status.value}), and the work that must proceed does not fit "
                "the limits on its own. Fix: raise [optimiser] time_limit, or check the "
                "mandatory and locked projects against capacity and budget."
            )
        raw = _greedy_stand_in(raw, judged.objective)
        warnings = (
            f"the {options.solver} solver found no plan in {options.time_limit:g} s, so this is "
            "the greedy plan (score per FTE, within every rule), not an optimised one: raise "
            "[optimiser] time_limit (or --time-limit) or try --solver highs",
        )
    chosen_modes = plan_from(model, raw.x) if found is None else found
    plan = fill_idle_capacity(problem, drop_idle_accelerations(problem, chosen_modes))
    # the preference for the reference can lift the solver's bound by at most this much
    lift = 0.0 if reference is None else REFERENCE_WEIGHT * float((reference == Mode.STOP).sum())
    if reference is not None and start is not None:
        plan = _start_if_good_enough(problem, plan, start, reference, raw, lift, options.gap_rel)
    figures = evaluate(problem, plan)
    if figures.violations:
        raise OptimiserError(
            "internal check failed, the plan breaks: " + "; ".join(figures.violations[:5])
        )
    prices = _prices(models.hard, options, relaxed) if options.explain else _no_prices(model)
    chosen = chosen_figures(problem, plan)
    bound = max(raw.bound + lift, figures.objective)
    if raw.status is SolveStatus.OPTIMAL and options.gap_rel == 0 and reference is None:
        bound = max(figures.objective, raw.objective)
    return OptimisationResult(
        status=raw.status,
        solver=options.solver,
        objective=figures.objective,
        bound=bound,
        seconds=raw.seconds,
        decisions=tuple(explain(problem, plan, figures, prices, chosen)),
        years=problem.years,
        roles=problem.roles,
        gap=problem.gap,
        reserves=problem.reserves,
        contingency=problem.contingency,
        benefit=figures.gain,
        benefit_low=figures.low,
        benefit_high=figures.high,
        mtfs_at_risk=figures.mtfs_at_risk,
        shortfall=figures.shortfall,
        capacity=problem.capacity,
        fte_demand=problem.load.sum(axis=0),
        fte_used=problem.by_role_year(figures.fte_used),
        fte_freed=chosen.freed_fte.sum(axis=0),
        external=problem.by_role_year(figures.external),
        budget=problem.budget,
        spend=figures.spend,
        limits=_limits(figures, prices),
        plan=plan,
        chosen=chosen,
        score_weight=problem.score_weight,
        pause_min_score=problem.pause_min_score,
        warnings=warnings,
    )


def _greedy_stand_in(raw: RawSolution, objective: float) -> RawSolution:
    """The solver's outcome with the greedy plan (of this objective) in its place: the bound is
    the solver's where it proved one above the plan, else the plan's own (nothing better is
    proven)."""
    bound = raw.bound if np.isfinite(raw.bound) and raw.bound >= objective else objective
    return RawSolution(SolveStatus.GREEDY, raw.x, objective, bound, raw.seconds)


def _start_if_good_enough(
    problem: Problem,
    plan: np.ndarray,
    start: np.ndarray,
    reference: np.ndarray,
    raw: RawSolution,
    lift: float,
    gap_rel: float,
) -> np.ndarray:
    """The start (the recommended plan repaired for a what-if: what the change forces, and the
    freed capacity filled) where it is as good as the tolerance asks: within `gap_rel` of the
    proven bound, no worse than the solver's plan when the time limit stopped the proof, or no
    worse than the recommended plan itself (accepted at this tolerance) where the change
    leaves that plan standing. So a what-if that changes little moves only what it forces; one
    that costs more than the tolerance shows the solver's re-optimised plan."""
    found = evaluate(problem, plan).objective
    bound = raw.bound + lift
    floor = bound - gap_rel * abs(bound) if raw.status is SolveStatus.OPTIMAL else found
    judged = evaluate(problem, start)
    if judged.feasible and judged.objective >= min(floor, found) - 1e-9:
        return start
    recommended = evaluate(problem, reference)
    standing = recommended.feasible and judged.objective >= recommended.objective - 1e-9
    return start if judged.feasible and standing else plan


def _start_within_tolerance(
    problem: Problem, hard: MatrixModel, options: SolverOptions, start: np.ndarray | None
) -> tuple[RawSolution | None, RawSolution | None]:
    """A start (a what-if's repaired recommended plan) proven good enough without a search:
    within `gap_rel` of the LP relaxation's bound, a bound on every plan. The LP is solved for
    the shadow prices anyway, so a change that leaves the plan nearly optimal is answered in
    the LP's time. Returns the accepted solution (or None) and the LP, for the prices."""
    if start is None or problem.size >= options.fix_from or not options.explain:
        return None, None
    relaxed = solve_model(hard, LP_SOLVER, options.time_limit, relax=True)
    if relaxed.status is not SolveStatus.OPTIMAL:
        return None, None
    judged = evaluate(problem, start)
    floor = relaxed.objective - options.gap_rel * abs(relaxed.objective)
    if not judged.feasible or judged.objective < floor - 1e-9:
        return None, relaxed
    accepted = RawSolution(
        SolveStatus.OPTIMAL,
        np.zeros(len(hard.cost)),
        judged.objective,
        relaxed.objective,
        relaxed.seconds,
    )
    return accepted, relaxed


def plan_from(model: MatrixModel, x: np.ndarray) -> np.ndarray:
    """Each project's mode (stop where no mode's column is 1) from the solver's columns."""
    plan = np.full(len(x[model.variables["continue"]]), int(Mode.STOP))
    for mode in model.modes:
        plan[np.round(x[model.variables[column_name(mode)]]) == 1] = int(mode)
    return plan


def _diagnose(problem: Problem, elastic: MatrixModel, options: SolverOptions) -> None:
    """No plan fits: find the smallest overflow of each limit and name it.

    Raises:
        InfeasibleError: always; the message names each limit exceeded and its largest users.
    """
    least = solve_model(overflow_only(elastic), options.solver, options.time_limit, 0.0)
    if not least.status.is_ok:
        raise InfeasibleError(
            "No plan fits the capacity and budget limits with the mandatory and locked "
            "projects. Fix: check [capacity] and [budget] against the mandatory projects."
        )
    raise InfeasibleError(
        describe_overflow(
            problem,
            plan_from(elastic, least.x),
            {family: least.x[columns] for family, columns in overflow_columns(elastic).items()},
        )
    )


def start_columns(model: MatrixModel, plan: np.ndarray) -> dict[int, float]:
    """Values of the integer columns (and the constant) for a plan."""
    values = {int(model.variables["constant"][0]): 1.0}
    for mode in model.modes:
        for column, value in zip(model.variables[column_name(mode)], plan == mode, strict=True):
            values[int(column)] = float(value)
    return values


def _prices(model: MatrixModel, options: SolverOptions, relaxed: RawSolution | None) -> Prices:
    """Shadow prices from the LP relaxation (reused when the solve already has it), by family."""
    if relaxed is None:
        relaxed = solve_model(model, LP_SOLVER, options.time_limit, relax=True)
    duals = relaxed.row_duals
    if duals is None:  # no LP solution in time: reasons go without prices
        duals = np.zeros(len(model.row_lower))
    return {family: np.abs(duals[rows]) for family, rows in model.families.items()}


def _no_prices(model: MatrixModel) -> Prices:
    return {family: np.zeros(len(rows)) for family, rows in model.families.items()}


def _limits(figures: PlanFigures, prices: Prices) -> tuple[LimitUse, ...]:
    """Each limit's use by the plan, its most, and its shadow price."""
    return tuple(
        LimitUse(
            use.limit.family,
            name,
            float(use.used[k]),
            float(use.limit.available[k]),
            float(prices[use.limit.family][k]),
        )
        for use in figures.uses
        for k, name in enumerate(use.limit.names)
    )
