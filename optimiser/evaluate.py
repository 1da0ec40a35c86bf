"""What a plan uses and yields, worked out directly from the problem, not from the solver.

The same arithmetic judges the optimiser, the greedy baseline, what-if scenarios and the tests,
so a solver bug cannot hide behind its own numbers.

A plan is one integer per project: Mode.STOP (pause or terminate), Mode.CONTINUE or Mode.ACCELERATE.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inputs.decisions import Mode
from optimiser.problem import Problem
from optimiser.result import ChosenFigures
from portfolio.pools import counted_once, pooled_total

TOLERANCE = 1e-6


@dataclass(frozen=True)
class PlanFigures:
    """Use of each limit, benefits per year and the objective of one plan."""

    fte_used: np.ndarray  # roles
    external: np.ndarray  # roles: FTE bought (the least that makes the plan fit)
    spend: np.ndarray  # years: investment, stop costs and external FTE charged to budget
    external_spend: np.ndarray  # years: £k on external FTE
    gain: np.ndarray  # years: expected £k closing the gap, pools counted once
    low: np.ndarray  # years
    high: np.ndarray  # years
    shortfall: np.ndarray  # years: gap not closed
    objective: float  # 0-100
    violations: tuple[str, ...]

    @property
    def feasible(self) -> bool:
        return not self.violations


def by_mode(
    problem: Problem, plan: np.ndarray, continuing: np.ndarray, accelerated: np.ndarray
) -> np.ndarray:
    """Per-project rows of a quantity under the plan's decision (zero when stopped)."""
    return (
        continuing * (plan == Mode.CONTINUE)[:, None]
        + accelerated * (plan == Mode.ACCELERATE)[:, None]
    )


def objective_of(problem: Problem, plan: np.ndarray, shortfall: np.ndarray) -> float:
    """100 x (w_gap x share of the gap closed + w_score x share of all score points taken)."""
    total_gap = problem.gap.sum()
    total_score = problem.score.sum()
    value = 0.0
    if total_gap > 0:
        value += (1 - problem.score_weight) * (1 - shortfall.sum() / total_gap)
    if total_score > 0:
        value += problem.score_weight * problem.score[plan != Mode.STOP].sum() / total_score
    return 100.0 * value


def evaluate(problem: Problem, plan: np.ndarray) -> PlanFigures:
    """Every limit's use and every rule's breach for a plan, buying external FTE only as needed."""
    plan = np.asarray(plan, dtype=int)
    proceeds = plan != Mode.STOP
    fte_used = by_mode(problem, plan, problem.fte, problem.fte_acc).sum(axis=0)
    external = np.clip(fte_used - problem.capacity, 0.0, problem.external_max)
    external_spend = np.full(len(problem.years), float(external @ problem.external_cost))
    spend = by_mode(problem, plan, problem.cost, problem.cost_acc).sum(axis=0)
    spend = spend + problem.stop_cost[~proceeds].sum(axis=0)
    if problem.external_budget is None:
        spend = spend + external_spend
    gain = pooled_total(problem.pools, by_mode(problem, plan, problem.gain, problem.gain_acc))
    low = pooled_total(problem.pools, by_mode(problem, plan, problem.low, problem.low_acc))
    high = pooled_total(problem.pools, by_mode(problem, plan, problem.high, problem.high_acc))
    shortfall = np.maximum(problem.gap - gain, 0.0)
    violations = _violations(problem, plan, fte_used, external, spend, external_spend)
    return PlanFigures(
        fte_used=fte_used,
        external=external,
        spend=spend,
        external_spend=external_spend,
        gain=gain,
        low=low,
        high=high,
        shortfall=shortfall,
        objective=objective_of(problem, plan, shortfall),
        violations=violations,
    )


def _violations(
    problem: Problem,
    plan: np.ndarray,
    fte_used: np.ndarray,
    external: np.ndarray,
    spend: np.ndarray,
    external_spend: np.ndarray,
) -> tuple[str, ...]:
    proceeds = plan != Mode.STOP
    found = []
    for r, role in enumerate(problem.roles):
        limit = problem.capacity[r] + problem.external_max[r]
        if fte_used[r] > limit + TOLERANCE * max(1.0, limit):
            found.append(f"capacity {role}: {fte_used[r]:.2f} FTE used, {limit:.2f} available")
    for t, year in enumerate(problem.years):
        if spend[t] > problem.budget[t] + TOLERANCE * max(1.0, problem.budget[t]):
            found.append(f"budget {year}: £{spend[t]:,.1f}k spent, £{problem.budget[t]:,.1f}k")
        if problem.external_budget is not None and external_spend[t] > problem.external_budget[
            t
        ] + TOLERANCE * max(1.0, problem.external_budget[t]):
            found.append(
                f"transformation budget {year}: £{external_spend[t]:,.1f}k on external FTE"
            )
    for i in np.flatnonzero(problem.mandatory & ~proceeds):
        found.append(f"mandatory {problem.ids[i]} does not proceed")
    for i in np.flatnonzero((plan == Mode.ACCELERATE) & ~problem.can_accelerate):
        found.append(f"{problem.ids[i]} accelerated but cannot be")
    for dependant, prerequisite in problem.requires.tolist():
        if proceeds[dependant] and not proceeds[prerequisite]:
            found.append(
                f"{problem.ids[dependant]} proceeds without its prerequisite "
                f"{problem.ids[prerequisite]}"
            )
    for first, second in problem.conflicts.tolist():
        if proceeds[first] and proceeds[second]:
            found.append(f"{problem.ids[first]} and {problem.ids[second]} both proceed")
    for i, lock in problem.locks.items():
        if not lock.holds(Mode(plan[i])):
            found.append(f"{problem.ids[i]} is locked to {lock.value}")
    return tuple(found)


def chosen_figures(problem: Problem, plan: np.ndarray) -> ChosenFigures:
    """Each project's benefit, cost and FTE under its decision, and what stopping it freed."""
    plan = np.asarray(plan, dtype=int)
    stopped = plan == Mode.STOP
    freed = stopped & problem.in_flight
    return ChosenFigures(
        mode=plan,
        benefit=counted_once(problem.pools, by_mode(problem, plan, problem.gain, problem.gain_acc)),
        benefit_low=counted_once(
            problem.pools, by_mode(problem, plan, problem.low, problem.low_acc)
        ),
        benefit_high=counted_once(
            problem.pools, by_mode(problem, plan, problem.high, problem.high_acc)
        ),
        cost=by_mode(problem, plan, problem.cost, problem.cost_acc),
        stop_cost=problem.stop_cost * stopped[:, None],
        fte=by_mode(problem, plan, problem.fte, problem.fte_acc),
        freed_fte=problem.fte * freed[:, None],
        freed_cost=(problem.cost - problem.stop_cost) * freed[:, None],
    )
