"""What a plan uses and yields, worked out directly from the problem, not from the solver.

The same arithmetic judges the optimiser, the greedy baseline, what-if scenarios and the tests,
so a solver bug cannot hide behind its own numbers.

A plan is one `Mode` per project: stop (pause or terminate), continue, accelerate, or resume
some years later (`optimiser.options`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inputs.decisions import Mode, delays
from optimiser.limits import Use, external_bought, external_spend, uses
from optimiser.options import Figures, allowed, chosen, credit, figures
from optimiser.problem import Problem
from optimiser.result import ChosenFigures
from portfolio.pools import new_money_once, pooled_total

TOLERANCE = 1e-6


@dataclass(frozen=True)
class PlanFigures:
    """Use of each limit, benefits per year and the objective of one plan."""

    fte_used: np.ndarray  # capacity periods (`Problem.periods`)
    external: np.ndarray  # capacity periods: FTE bought (the least that makes the plan fit)
    own_spend: np.ndarray  # budget lines: investment and stop costs, before external FTE
    spend: np.ndarray  # years: what the budget pays (external FTE too, unless they have their own)
    external_spend: np.ndarray  # years: £k on external FTE
    uses: tuple[Use, ...]  # every limit's use
    gain: np.ndarray  # years: expected new money (£k) closing the gap, pools counted once
    low: np.ndarray  # years: on the same basis as `gain` (gain lies inside low-high)
    high: np.ndarray  # years
    mtfs_at_risk: np.ndarray  # years: MTFS savings not delivered (negative: brought forward)
    shortfall: np.ndarray  # years: gap not closed, widened by MTFS savings at risk
    objective: float  # 0-100
    violations: tuple[str, ...]

    @property
    def feasible(self) -> bool:
        return not self.violations


def claims_of(problem: Problem, plan: np.ndarray) -> np.ndarray:
    """Per project and year, what it delivers under the plan: new money and MTFS savings."""
    return chosen(problem, plan).claims


def shortfall_of(problem: Problem, delivered: np.ndarray) -> np.ndarray:
    """Per year, the gap not closed: the target (gap, reserves, contingency and MTFS savings)
    less what is delivered, each savings pool counted once."""
    return np.maximum(problem.target - delivered, 0.0)


def objective_of(problem: Problem, plan: np.ndarray, shortfall: np.ndarray) -> float:
    """100 x (w_gap x share of the gap closed + w_score x share of all score points taken)."""
    total_gap = problem.gap_scale
    total_score = problem.score.sum()
    value = 0.0
    if total_gap > 0:
        value += (1 - problem.score_weight) * (1 - shortfall.sum() / total_gap)
    if total_score > 0:
        earned = sum(
            credit(problem, Mode(int(code))) * problem.score[plan == code].sum()
            for code in np.unique(plan)
        )
        value += problem.score_weight * earned / total_score
    return 100.0 * value


def evaluate(problem: Problem, plan: np.ndarray) -> PlanFigures:
    """Every limit's use and every rule's breach for a plan, buying external FTE only as needed."""
    plan = np.asarray(plan, dtype=int)
    under = chosen(problem, plan)
    fte_used = problem.per_period(under.load).sum(axis=0)
    own_spend = under.money(problem).sum(axis=0)
    external = external_bought(problem, fte_used)
    limit_uses = uses(problem, fte_used, own_spend)
    spend = next(use.used for use in limit_uses if use.limit.family == "budget")
    delivered = pooled_total(problem.pools, under.claims)
    new, low, high = (rows.sum(axis=0) for rows in _new_money(problem, under))
    shortfall = shortfall_of(problem, delivered)
    return PlanFigures(
        fte_used=fte_used,
        external=external,
        own_spend=own_spend,
        spend=spend,
        external_spend=external_spend(problem, external),
        uses=limit_uses,
        gain=new,
        low=low,
        high=high,
        mtfs_at_risk=problem.mtfs_planned - (delivered - new),
        shortfall=shortfall,
        objective=objective_of(problem, plan, shortfall),
        violations=_violations(problem, plan, limit_uses),
    )


def _violations(problem: Problem, plan: np.ndarray, limit_uses: tuple[Use, ...]) -> tuple[str, ...]:
    proceeds = plan != Mode.STOP
    delay = delays(plan)
    found = []
    for use in limit_uses:
        limit = use.limit
        for k in np.flatnonzero(use.breached(TOLERANCE)).tolist():
            found.append(
                f"{limit.where(k)}: {limit.amount(use.used[k])} used, "
                f"{limit.amount(limit.available[k])} available"
            )
    for i in np.flatnonzero(problem.mandatory & ~proceeds).tolist():
        found.append(f"mandatory {problem.ids[i]} does not proceed")
    for code in np.unique(plan[plan != Mode.STOP]).tolist():
        mode = Mode(code)
        for i in np.flatnonzero((plan == mode) & ~allowed(problem, mode)).tolist():
            found.append(f"{problem.ids[i]} is {mode.name.lower()} but cannot be")
    for dependant, prerequisite in problem.requires.tolist():
        if proceeds[dependant] and not proceeds[prerequisite]:
            found.append(
                f"{problem.ids[dependant]} proceeds without its prerequisite "
                f"{problem.ids[prerequisite]}"
            )
        elif proceeds[dependant] and delay[dependant] < delay[prerequisite]:
            found.append(
                f"{problem.ids[dependant]} starts before its prerequisite "
                f"{problem.ids[prerequisite]} resumes"
            )
    for first, second in problem.conflicts.tolist():
        if proceeds[first] and proceeds[second]:
            found.append(f"{problem.ids[first]} and {problem.ids[second]} both proceed")
    for first, second in problem.together.tolist():
        if proceeds[first] != proceeds[second] or delay[first] != delay[second]:
            found.append(f"{problem.ids[first]} and {problem.ids[second]} do not go together")
    for i, lock in problem.locks.items():
        if not lock.holds(Mode(plan[i])):
            found.append(f"{problem.ids[i]} is locked to {lock.value}")
    return tuple(found)


def _new_money(problem: Problem, under: Figures) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per project, expected new money and its low and high (n x years each), every pool
    counted once with the MTFS savings in it taking its money first (`new_money_once`)."""
    senior, gain = under.mtfs, under.gain
    return (
        new_money_once(problem.pools, gain, senior),
        new_money_once(problem.pools, under.low, senior, gain),
        new_money_once(problem.pools, under.high, senior, gain),
    )


def chosen_figures(problem: Problem, plan: np.ndarray) -> ChosenFigures:
    """Each project's benefit, cost and FTE under its decision, and what pausing or ending
    in-flight work freed: the FTE it no longer needs in each year (a pause that resumes frees
    the years before it resumes) and its planned investment net of what it still costs."""
    plan = np.asarray(plan, dtype=int)
    stopped = plan == Mode.STOP
    paused = (stopped | (delays(plan) > 0)) & problem.in_flight
    under = chosen(problem, plan)
    planned = figures(problem, Mode.CONTINUE)
    benefit, low, high = _new_money(problem, under)
    return ChosenFigures(
        mode=plan,
        mtfs=under.mtfs,
        mtfs_at_risk=problem.mtfs_budgeted - under.mtfs,
        benefit=benefit,
        benefit_low=low,
        benefit_high=high,
        cost=np.where(stopped[:, None], 0.0, under.cost),
        stop_cost=problem.stop_cost * stopped[:, None],
        fte=under.load,
        freed_fte=np.clip(planned.load - under.load, 0.0, None) * paused[:, None, None],
        freed_cost=(planned.cost - under.cost) * paused[:, None],
        tail=under.tail,
        runs=under.runs,
    )
