"""The reset as plain arrays: what each project needs and yields under each decision.

Everything the integer program, the reasons and the checks need, and nothing else: no PuLP, no
files. Rows are projects in register order; `years` and `roles` are the config's.

Capacity is held per role and year: a project needs its FTE in the years it runs (`load`). When
nothing can move in time (every project needs the same FTE in every year, capacity is the
same in every year and no pause resumes) the years are one period (`phased` is False), so the
plan, and its shadow prices, are the single-period ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from inputs.decisions import AnyLock, Decision
from portfolio.pools import Pool


def _unset() -> np.ndarray:
    """A per-project array not given: `Problem.__post_init__` fills in its default."""
    return np.zeros(0)


@dataclass(frozen=True)
class Problem:
    """Plain data in: per project and decision, its FTE by role, cost, gap benefit and score."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    years: tuple[str, ...]
    roles: tuple[str, ...]
    score: np.ndarray  # n, 0-100
    rank: np.ndarray  # n, 1 = best
    in_flight: np.ndarray  # n bool
    mandatory: np.ndarray  # n bool
    fte: np.ndarray  # n x roles, while it runs when continuing
    cost: np.ndarray  # n x years, £k when continuing
    gain: np.ndarray  # n x years, expected new money (£k) closing the gap when continuing
    low: np.ndarray  # n x years, `gain`'s low on the same basis (it lies inside low-high)
    high: np.ndarray  # n x years
    mtfs: np.ndarray  # n x years, expected £k of MTFS savings it keeps when continuing
    mtfs_budgeted: np.ndarray  # n x years, the MTFS savings the budget holds for it (as planned)
    business_case_first: np.ndarray  # n bool: continuing means business case, then delivery
    tail: np.ndarray  # n, expected £k that continuing pushes past the horizon
    can_accelerate: np.ndarray  # n bool
    accelerate_note: tuple[str, ...]  # why a project can or cannot be accelerated
    fte_acc: np.ndarray
    cost_acc: np.ndarray
    gain_acc: np.ndarray
    low_acc: np.ndarray
    high_acc: np.ndarray
    mtfs_acc: np.ndarray
    stop_decision: tuple[Decision, ...]  # pause or terminate, by its priority (score) rule
    stop_cost: np.ndarray  # n x years, £k if it does not proceed
    requires: np.ndarray  # k x 2 rows (dependant, prerequisite)
    conflicts: np.ndarray  # k x 2 rows (first, second)
    together: np.ndarray  # k x 2 rows (first, second): both proceed or neither
    pools: tuple[Pool, ...]  # savings pools, counted once (portfolio.pools)
    capacity: np.ndarray  # roles x years, FTE (roles alone: the same every year)
    budget: np.ndarray  # years, £k
    gap: np.ndarray  # years, £k
    reserves: np.ndarray  # years, £k of reserves to rebuild
    contingency: np.ndarray  # years, £k beyond the gap in case savings slip
    external_max: np.ndarray  # roles x years, FTE that can be bought (roles: every year)
    external_cost: np.ndarray  # roles, £k per bought FTE per year
    external_budget: np.ndarray | None  # years, £k; None = external spend comes out of budget
    score_weight: float
    pause_min_score: float
    locks: dict[int, AnyLock] = field(default_factory=dict)
    priority: np.ndarray | None = None  # n: the score it ranks by (a prerequisite: its work's)
    fte_by_year: np.ndarray = field(default_factory=_unset)  # n x roles x years continuing
    fte_by_year_acc: np.ndarray = field(default_factory=_unset)  # n x roles x years accelerated
    runs_by_year: np.ndarray = field(default_factory=_unset)  # n x years bool, as planned
    runs_by_year_acc: np.ndarray = field(default_factory=_unset)  # n x years bool, accelerated
    max_delay: int = 0  # most years a pause may last before the project resumes (0: none)
    deferrable: np.ndarray = field(default_factory=_unset)  # n bool: may pause and resume
    restart_costs: np.ndarray = field(default_factory=_unset)  # n, £k to restart when resumed
    streams: tuple[str, ...] = ()  # funding streams besides the general fund
    funding: np.ndarray = field(default_factory=_unset)  # n int: stream index, -1 general fund
    stream_budget: np.ndarray = field(default_factory=_unset)  # streams x years, £k
    ring_fenced: np.ndarray = field(default_factory=_unset)  # streams bool

    def __post_init__(self) -> None:
        """Capacity given per role is held in every year."""
        years = len(self.years)
        object.__setattr__(self, "capacity", _every_year(self.capacity, years, 2))
        object.__setattr__(self, "external_max", _every_year(self.external_max, years, 2))
        count = len(self.streams)
        budgets = np.asarray(self.stream_budget, dtype=float).reshape(count, years)
        object.__setattr__(self, "stream_budget", budgets)
        fenced = np.asarray(self.ring_fenced, dtype=bool).reshape(count)
        object.__setattr__(self, "ring_fenced", fenced)

    @cached_property
    def stream(self) -> np.ndarray:
        """n int: each project's funding stream (index into `streams`), -1 = the general fund."""
        given = self.funding
        return given.astype(int) if len(given) == self.size else np.full(self.size, -1)

    @property
    def general_budget(self) -> np.ndarray:
        """Per year, what general-fund work may spend: `budget` and what non-ring-fenced
        streams can pay for besides their own projects."""
        return self.budget + self.stream_budget[~self.ring_fenced].sum(axis=0)

    def money(self, cost: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """rows x budget lines: each row's cost on the general fund's years (unless its stream
        is ring-fenced), then on its own stream's years, stream by stream."""
        if not self.streams:
            return cost
        stream = self.stream[rows]
        pooled = (stream < 0) | ~self.ring_fenced[np.maximum(stream, 0)]
        blocks = [cost * pooled[:, None]]
        blocks += [cost * (stream == s)[:, None] for s in range(len(self.streams))]
        return np.concatenate(blocks, axis=1)

    @cached_property
    def load(self) -> np.ndarray:
        """n x roles x years: FTE continuing needs (unset: `fte` in every year)."""
        given = self.fte_by_year
        return given if given.ndim == 3 else _every_year(self.fte, len(self.years), 3)

    @cached_property
    def load_acc(self) -> np.ndarray:
        """n x roles x years: FTE accelerating needs (unset: `fte_acc` in every year)."""
        given = self.fte_by_year_acc
        return given if given.ndim == 3 else _every_year(self.fte_acc, len(self.years), 3)

    @cached_property
    def runs(self) -> np.ndarray:
        """n x years bool: the years it runs as planned (unset: every year)."""
        given = self.runs_by_year
        return given if given.ndim == 2 else np.ones((self.size, len(self.years)), dtype=bool)

    @cached_property
    def runs_acc(self) -> np.ndarray:
        """n x years bool: the years it runs accelerated (unset: every year)."""
        given = self.runs_by_year_acc
        return given if given.ndim == 2 else np.ones((self.size, len(self.years)), dtype=bool)

    @cached_property
    def can_defer(self) -> np.ndarray:
        """n bool: may be paused now and resumed later (unset: nobody)."""
        given = self.deferrable
        return given if len(given) == self.size else np.zeros(self.size, dtype=bool)

    @cached_property
    def restart_cost(self) -> np.ndarray:
        """n, £k to restart paused work in the year it resumes (unset: none)."""
        given = self.restart_costs
        return given if len(given) == self.size else np.zeros(self.size)

    @cached_property
    def phased(self) -> bool:
        """Whether anything differs between years: per-year capacity rows, or one period."""
        if self.max_delay > 0:
            return True
        arrays = (self.capacity, self.external_max, self.load, self.load_acc)
        return any(not np.all(a == a[..., :1]) for a in arrays)

    @property
    def periods(self) -> tuple[str, ...]:
        """The names capacity is held for: each role in each year, or each role."""
        if not self.phased:
            return self.roles
        return tuple(self.period_of(role, year) for role in self.roles for year in self.years)

    def period_of(self, role: str, year: str) -> str:
        """The capacity period a role's year falls in: 'ict in 2025/26', or 'ict'."""
        return f"{role} in {year}" if self.phased else role

    def per_period(self, values: np.ndarray) -> np.ndarray:
        """A roles x years array (or rows of them) as the capacity periods: flattened, or the
        first year when every year is the same."""
        if not self.phased:
            return values[..., 0]
        return values.reshape(*values.shape[:-2], -1)

    @property
    def size(self) -> int:
        return len(self.ids)

    def index(self) -> dict[str, int]:
        return {project_id: i for i, project_id in enumerate(self.ids)}

    def together_groups(self) -> list[list[int]]:
        """Groups of projects (two or more, rows in order) that proceed together or not at all."""
        if not len(self.together):
            return []
        n = self.size
        links = sp.coo_matrix(
            (np.ones(len(self.together)), (self.together[:, 0], self.together[:, 1])), shape=(n, n)
        )
        count, label = connected_components(links, directed=False)
        sizes = np.bincount(label, minlength=count)
        return [np.flatnonzero(label == g).tolist() for g in np.flatnonzero(sizes > 1)]

    def group_of(self) -> dict[int, list[int]]:
        """Each grouped project's whole group (itself included)."""
        return {i: group for group in self.together_groups() for i in group}

    def by_role_year(self, values: np.ndarray) -> np.ndarray:
        """Per-period figures (`periods`) as roles x years."""
        if not self.phased:
            return np.repeat(values[:, None], len(self.years), axis=1)
        return values.reshape(len(self.roles), len(self.years))

    @property
    def mtfs_planned(self) -> np.ndarray:
        """Per year, £k of MTFS savings the budget already relies on (every project as planned)."""
        return self.mtfs_budgeted.sum(axis=0)

    @property
    def new_money_needed(self) -> np.ndarray:
        """Per year, the new money the Board asks for: the gap, reserves and contingency."""
        return self.gap + self.reserves + self.contingency

    @property
    def target(self) -> np.ndarray:
        """Per year, what the plan must deliver: the new money needed, and the MTFS savings the
        budget relies on."""
        return self.new_money_needed + self.mtfs_planned

    @property
    def gap_scale(self) -> float:
        """£k the gap term of the objective is measured against: the new money needed (or,
        with none, the MTFS savings), so a £k of gap and a £k of MTFS saving weigh the same."""
        total = float(self.new_money_needed.sum())
        return total if total > 0 else float(self.mtfs_planned.sum())


def _every_year(values: np.ndarray, years: int, ndim: int) -> np.ndarray:
    """`values` repeated for every year (a last axis added) unless already `ndim`-dimensional."""
    values = np.asarray(values, dtype=float)
    if values.ndim == ndim:
        return values
    return np.repeat(values[..., None], years, axis=-1)


def shift_later(values: np.ndarray, years: int) -> np.ndarray:
    """Each year's amount (the last axis) moved `years` later; what would fall past the
    horizon is lost."""
    shifted = np.zeros_like(values)
    width = values.shape[-1]
    if years < width:
        shifted[..., years:] = values[..., : width - years]
    return shifted


def shift_forward(values: np.ndarray, years: int) -> np.ndarray:
    """Each year's amount moved `years` earlier; what would fall before year one lands in it."""
    shifted = np.zeros_like(values)
    width = values.shape[1]
    for t in range(width):
        shifted[:, max(t - years, 0)] += values[:, t]
    return shifted


def scaled(problem: Problem, capacity: float = 1.0, budget: float = 1.0) -> Problem:
    """The same problem with every role's capacity and every year's budget (every stream's
    too) multiplied."""
    return replace(
        problem,
        capacity=problem.capacity * capacity,
        budget=problem.budget * budget,
        stream_budget=problem.stream_budget * budget,
    )


def capacity_rows(problem: Problem) -> np.ndarray:
    """Own capacity per period (`Problem.periods`), before external FTE."""
    return problem.per_period(problem.capacity)
