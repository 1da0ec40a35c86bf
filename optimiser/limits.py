"""The plan's limits, each described once: what it caps, how a plan uses it, how to say it.

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
from optimiser.problem import Problem

TOLERANCE = 1e-7


@dataclass(frozen=True, eq=False)
class Limit:
    """One family of limits, one per role or per year."""

    family: str  # the model's row family (and the shadow prices' key)
    label: str  # as a reader says it
    names: tuple[str, ...]  # roles or years
    available: np.ndarray  # the most a plan may use, per name
    need: np.ndarray  # n x names: what a project uses when it continues
    stop: np.ndarray  # n x names: what it uses when it stops (exit and restart costs)
    unit: Literal["FTE", "£k"]

    @cached_property
    def direct(self) -> np.ndarray:
        """n x names: what a project adds by continuing rather than stopping."""
        return self.need - self.stop

    def amount(self, value: float) -> str:
        """1.5 FTE, 0.25 FTE, or £300k."""
        return f"{fte_text(value)} FTE" if self.unit == "FTE" else f"£{value:,.0f}k"

    def where(self, k: int) -> str:
        """'capacity ict', 'budget 2025/26'."""
        return f"{self.label} {self.names[k]}"

    def more_of(self, k: int, value: float) -> str:
        """'+1.5 FTE of ict', '+£300k of budget in 2025/26'."""
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
    """Capacity per role (external FTE included), budget per year, transformation budget."""
    none = np.zeros((problem.size, len(problem.years)))
    limits = [
        Limit(
            "capacity",
            "capacity",
            problem.roles,
            problem.capacity + problem.external_max,
            problem.fte,
            np.zeros_like(problem.fte),
            "FTE",
        ),
        Limit(
            "budget", "budget", problem.years, problem.budget, problem.cost, problem.stop_cost, "£k"
        ),
    ]
    if problem.external_budget is not None:
        limits.append(
            Limit(
                "external_budget",
                "transformation budget",
                problem.years,
                problem.external_budget,
                none,
                none,
                "£k",
            )
        )
    return tuple(limits)


def plan_use(problem: Problem, plan: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """FTE by role and spend by year (investment and stop costs) before external FTE."""
    cont, fast = plan == Mode.CONTINUE, plan == Mode.ACCELERATE
    fte = problem.fte[cont].sum(axis=0) + problem.fte_acc[fast].sum(axis=0)
    spend = (
        problem.cost[cont].sum(axis=0)
        + problem.cost_acc[fast].sum(axis=0)
        + problem.stop_cost[plan == Mode.STOP].sum(axis=0)
    )
    return fte, spend


def external_bought(problem: Problem, fte: np.ndarray) -> np.ndarray:
    """The least external FTE per role that lets `fte` fit, within what can be bought."""
    return np.clip(fte - problem.capacity, 0.0, problem.external_max)


def uses(
    problem: Problem,
    fte: np.ndarray,
    spend: np.ndarray,
    limits: tuple[Limit, ...] | None = None,
) -> tuple[Use, ...]:
    """Every limit's use by work needing `fte` by role and `spend` by year (before external FTE),
    buying external FTE as needed and charging them where the config says. Loops that judge
    many changes to one problem pass its `limits_of` once."""
    external = float(external_bought(problem, fte) @ problem.external_cost)
    on_budget = problem.external_budget is None
    used = {
        "capacity": fte,
        "budget": spend + (external if on_budget else 0.0),
        "external_budget": np.full(len(problem.years), external),
    }
    return tuple(Use(limit, used[limit.family]) for limit in limits or limits_of(problem))


def fits(
    problem: Problem,
    fte: np.ndarray,
    spend: np.ndarray,
    limits: tuple[Limit, ...] | None = None,
) -> bool:
    return not any(use.breached().any() for use in uses(problem, fte, spend, limits))
