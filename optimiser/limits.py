"""The plan's limits, each described once: what it caps, how a plan uses it, how to say it.

Capacity is one limit per period: each role in each year, or each role when nothing differs
between years (`Problem.periods`).

The evaluator, the fill-up, the warm start, the reasons and the diagnosis all iterate these
descriptions, so a new limit is a new `Limit` here and its constraint family in `model`.
External FTE are bought only as far as a role needs them; their cost falls on the
transformation budget where one is configured, else on the budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from inputs.decisions import Mode
from optimiser.options import Figures, chosen, figures
from optimiser.problem import Problem, capacity_rows

TOLERANCE = 1e-7


@dataclass(frozen=True, eq=False)
class Limit:
    """One family of limits: per capacity period (role, or role in a year), or per year."""

    family: str  # the model's row family (and the shadow prices' key)
    label: str  # as a reader says it
    names: tuple[str, ...]  # capacity periods or years
    available: np.ndarray  # the most a plan may use, per name
    problem: Problem
    unit: Literal["FTE", "£k"]

    def need_of(self, figures: Figures) -> np.ndarray:
        """rows x names: what projects use of this limit under their modes' figures."""
        if self.family == "capacity":
            return self.problem.per_period(figures.load)
        years = len(self.problem.years)
        if self.family == "budget":
            return figures.money(self.problem)[:, :years]
        if self.family == "stream":
            return figures.money(self.problem)[:, years:]
        return np.zeros((len(figures.cost), len(self.names)))

    @cached_property
    def need(self) -> np.ndarray:
        """n x names: what each project uses when it continues as planned."""
        return self.need_of(figures(self.problem, Mode.CONTINUE))

    @cached_property
    def stop(self) -> np.ndarray:
        """n x names: what it uses when it stops (exit and restart costs)."""
        return self.need_of(figures(self.problem, Mode.STOP))

    @cached_property
    def direct(self) -> np.ndarray:
        """n x names: what a project adds by continuing rather than stopping."""
        return self.need - self.stop

    def amount(self, value: float) -> str:
        """1.5 FTE, 0.25 FTE, or £300k."""
        return f"{fte_text(value)} FTE" if self.unit == "FTE" else f"£{value:,.0f}k"

    def where(self, k: int) -> str:
        """'capacity ict', 'capacity ict in 2025/26', 'budget 2025/26'."""
        return f"{self.label} {self.names[k]}"

    def more_of(self, k: int, value: float) -> str:
        """'+1.5 FTE of ict (in 2025/26)', '+£300k of budget in 2025/26'."""
        if self.unit == "FTE":
            return f"+{fte_text(value)} FTE of {self.names[k]}"
        return f"+£{value:,.0f}k of {self.label} in {self.names[k]}"


@dataclass(frozen=True)
class Use:
    """How much of one limit family a plan uses."""

    limit: Limit
    used: np.ndarray

    @property
    def excess(self) -> np.ndarray:
        return np.maximum(self.used - self.limit.available, 0.0)

    def breached(self, tolerance: float = TOLERANCE) -> np.ndarray:
        """Names used beyond the limit by more than the (relative) tolerance."""
        return self.excess > tolerance * np.maximum(1.0, self.limit.available)


def fte_text(fte: float) -> str:
    """1.0, 0.5 or 0.25: one decimal unless a quarter FTE would be hidden."""
    return f"{fte:.1f}" if abs(fte * 10 - round(fte * 10)) < 1e-9 else f"{fte:.2f}"


def limits_of(problem: Problem) -> tuple[Limit, ...]:
    """Capacity per period (external FTE included), budget per year, transformation budget."""
    limits = [
        Limit(
            "capacity",
            "capacity",
            problem.periods,
            capacity_rows(problem) + problem.per_period(problem.external_max),
            problem,
            "FTE",
        ),
        Limit("budget", "budget", problem.years, problem.general_budget, problem, "£k"),
    ]
    if problem.streams:
        limits.append(
            Limit(
                "stream",
                "budget of",
                tuple(f"{s} {y}" for s in problem.streams for y in problem.years),
                problem.stream_budget.ravel(),
                problem,
                "£k",
            )
        )
    if problem.external_budget is not None:
        limits.append(
            Limit(
                "external_budget",
                "transformation budget",
                problem.years,
                problem.external_budget,
                problem,
                "£k",
            )
        )
    return tuple(limits)


def plan_use(problem: Problem, plan: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """FTE per capacity period and spend per budget line (investment and stop costs by year,
    general fund then each stream; `Problem.money`) before external FTE."""
    under = chosen(problem, plan)
    return problem.per_period(under.load).sum(axis=0), under.money(problem).sum(axis=0)


def external_bought(problem: Problem, fte: np.ndarray) -> np.ndarray:
    """The least external FTE per capacity period that lets `fte` fit, within what can be
    bought."""
    return np.clip(fte - capacity_rows(problem), 0.0, problem.per_period(problem.external_max))


def external_spend(problem: Problem, bought: np.ndarray) -> np.ndarray:
    """£k per year the external FTE bought per capacity period cost."""
    years = len(problem.years)
    if not problem.phased:
        return np.full(years, float(bought @ problem.external_cost))
    return problem.external_cost @ bought.reshape(len(problem.roles), years)


def uses(
    problem: Problem,
    fte: np.ndarray,
    spend: np.ndarray,
    limits: tuple[Limit, ...] | None = None,
) -> tuple[Use, ...]:
    """Every limit's use by work needing `fte` per capacity period and `spend` per budget line
    (before external FTE), buying external FTE as needed and charging them to the general fund
    or the transformation budget, as the config says. Loops that judge many changes to one
    problem pass its `limits_of` once."""
    external = external_spend(problem, external_bought(problem, fte))
    on_budget = problem.external_budget is None
    years = len(problem.years)
    used = {
        "capacity": fte,
        "budget": spend[:years] + (external if on_budget else 0.0),
        "stream": spend[years:],
        "external_budget": external,
    }
    return tuple(Use(limit, used[limit.family]) for limit in limits or limits_of(problem))


def fits(
    problem: Problem,
    fte: np.ndarray,
    spend: np.ndarray,
    limits: tuple[Limit, ...] | None = None,
) -> bool:
    return not any(use.breached().any() for use in uses(problem, fte, spend, limits))
