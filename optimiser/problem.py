"""The reset as plain arrays: what each project needs and yields under each decision.

Everything the integer program, the reasons and the checks need, and nothing else: no PuLP, no
files. Rows are projects in register order; `years` and `roles` are the config's.

Capacity is held per role and year: a project needs its FTE in the years it runs (`load`). When
nothing can move in time (every project needs the same FTE in every year, capacity is the
same in every year and no pause resumes) the years are one period (`phased` is False), so the
plan, and its shadow prices, are the single-period ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from inputs.decisions import MAX_DELAY, AnyLock, Decision, Lock, Resume
from inputs.errors import LockError
from inputs.models import Stage
from inputs.years import parse_year
from portfolio import Portfolio
from portfolio.pools import Pool

STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}


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
        return tuple(f"{role} in {year}" for role in self.roles for year in self.years)

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


def build_problem(
    portfolio: Portfolio,
    score: np.ndarray,
    rank: np.ndarray,
    locks: dict[str, Lock] | None = None,
    priority: np.ndarray | None = None,
    resume: dict[str, str] | None = None,
) -> Problem:
    """The portfolio's figures, its scores (register order) and the plan settings as the arrays
    the integer program reads, with locks applied (and `resume`: project id -> the year a
    pause must end). Nothing is re-derived: FTE, costs and benefits are the portfolio's, so a
    project is charged what its assumptions say.

    Raises:
        LockError: a lock or a per-project setting names a project not in the register, or a
            resume cannot be planned.
    """
    settings = portfolio.config.optimiser
    given: dict[str, AnyLock] = {**settings.locks, **_as_locks(locks or {})}
    ids = portfolio.ids
    index = portfolio.index()
    check_known(index, given, "locks")
    check_known(index, resume or {}, "resume")
    asked = {i: given[i] for i in locks or {}}  # a resume overrides the config's own locks
    resumed = resume_locks(portfolio, resume or {}, asked)
    all_locks = {**{i: lock for i, lock in given.items() if i not in resumed}, **resumed}
    check_known(index, settings.accelerate_factors, "[optimiser.accelerate_factors]")
    check_known(index, settings.exit_costs, "[optimiser.exit_costs]")
    check_known(index, settings.restart_costs, "[optimiser.restart_costs]")
    years, roles = portfolio.years, portfolio.capacity_roles
    new = ~portfolio.protected[:, None]
    gain, cost, fte = portfolio.expected * new, portfolio.cost, portfolio.capacity_fte
    low, high = portfolio.expected_low * new, portfolio.expected_high * new
    mtfs = portfolio.expected * ~new
    factors = np.array(
        [settings.accelerate_factors.get(i, settings.accelerate_fte_factor) for i in ids]
    )
    shift = settings.accelerate_years
    by_year = settings.schedule == "by_year"
    runs = portfolio.runs if by_year else np.ones((len(ids), len(years)), dtype=bool)
    fte_acc = fte * factors[:, None]
    cost_acc = shift_forward(cost, shift) * settings.accelerate_cost_factor
    gain_acc, low_acc, high_acc, mtfs_acc = (
        shift_forward(values, shift) for values in (gain, low, high, mtfs)
    )
    runs_acc = shift_forward(runs.astype(float), shift) > 0 if by_year else runs
    load = fte[:, :, None] * runs[:, None, :]
    load_acc = fte_acc[:, :, None] * runs_acc[:, None, :]
    budgeted = mtfs  # a business case first delays delivery, not what the budget holds
    first = business_case_first(portfolio)
    tail = np.where(first, (gain + mtfs)[:, -1], 0.0) if len(years) else np.zeros(len(ids))
    if first.any():
        gain, low, high, mtfs = (
            np.where(first[:, None], shift_later(values, 1), values)
            for values in (gain, low, high, mtfs)
        )
        case_fte = np.array([settings.business_case_fte.get(r, 0.0) for r in roles])
        case_year = np.where(runs.any(axis=1), runs.argmax(axis=1), 0)
        case = np.zeros((len(ids), len(years)))
        case[np.arange(len(ids)), case_year] = 1.0
        case_load = case_fte[None, :, None] * case[:, None, :]
        if not by_year:
            case_load = np.maximum(case_load, case_fte[None, :, None])
        delivered = (
            np.maximum(shift_later(load, 1), case_load) if by_year else np.maximum(load, case_load)
        )
        load = np.where(first[:, None, None], delivered, load)
        if by_year:
            runs = np.where(first[:, None], runs | shift_later(runs, 1), runs)
        fte = np.where(first[:, None], np.maximum(fte, case_fte), fte)
        cost = np.where(
            first[:, None], shift_later(cost, 1) + case * settings.business_case_cost, cost
        )
    eligible, notes = _acceleration(portfolio, all_locks)
    pause_min = (
        settings.pause_min_score
        if settings.pause_min_score is not None
        else float(np.median(score))
        if len(score)
        else 0.0
    )
    worth = score if priority is None else np.maximum(score, priority)
    stop = [
        stop_rule(worth[i], pause_min, all_locks.get(project_id))
        for i, project_id in enumerate(ids)
    ]
    stop_cost = np.zeros((len(ids), len(years)))
    for i, project_id in enumerate(ids):
        costs = settings.restart_costs if stop[i] is Decision.PAUSE else settings.exit_costs
        stop_cost[i, 0] = costs.get(project_id, 0.0)
    day_rate = np.array(
        [settings.external[r].day_rate if r in settings.external else 0.0 for r in roles]
    )
    external_max = np.array([portfolio.config.external_of(r) for r in roles]).reshape(
        len(roles), len(years)
    )
    transformation = settings.transformation_budget
    return Problem(
        ids=ids,
        names=portfolio.names,
        years=years,
        roles=roles,
        score=np.asarray(score, dtype=float),
        rank=np.asarray(rank, dtype=int),
        in_flight=portfolio.in_flight,
        mandatory=portfolio.mandatory,
        fte=fte,
        cost=cost,
        gain=gain,
        low=low,
        high=high,
        mtfs=mtfs,
        mtfs_budgeted=budgeted,
        business_case_first=first,
        tail=tail,
        can_accelerate=eligible,
        accelerate_note=notes,
        fte_acc=fte_acc,
        cost_acc=cost_acc,
        gain_acc=gain_acc,
        low_acc=low_acc,
        high_acc=high_acc,
        mtfs_acc=mtfs_acc,
        stop_decision=tuple(stop),
        stop_cost=stop_cost,
        requires=portfolio.requires,
        conflicts=portfolio.conflicts,
        together=portfolio.together,
        pools=portfolio.pools,
        capacity=portfolio.capacity,
        budget=portfolio.budget,
        gap=portfolio.gap,
        reserves=portfolio.reserves,
        contingency=portfolio.contingency,
        external_max=external_max,
        external_cost=day_rate * settings.working_days / 1000.0,
        external_budget=(
            np.array([transformation.get(y, 0.0) for y in years]) if transformation else None
        ),
        score_weight=settings.score_weight,
        pause_min_score=pause_min,
        locks={index[k]: v for k, v in all_locks.items()},
        priority=None if priority is None else np.asarray(priority, dtype=float),
        fte_by_year=load,
        fte_by_year_acc=load_acc,
        runs_by_year=runs,
        runs_by_year_acc=runs_acc,
        max_delay=min(len(years) - 1, MAX_DELAY) if by_year and settings.resume else 0,
        deferrable=~portfolio.mandatory & (runs.any(axis=1) | (gain + mtfs).any(axis=1)),
        restart_costs=np.array([settings.restart_costs.get(i, 0.0) for i in ids]),
        streams=portfolio.streams,
        funding=portfolio.stream,
        stream_budget=portfolio.stream_budget,
        ring_fenced=portfolio.ring_fenced,
    )


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


def resume_locks(
    portfolio: Portfolio, resume: dict[str, str], locks: Mapping[str, AnyLock]
) -> dict[str, AnyLock]:
    """Each asked resume as a lock: the pause lasts from the project's planned start to the
    year asked. Refused where it cannot be planned.

    Raises:
        LockError: pauses do not resume under the config, the year is not after the project's
            planned start, the project is mandatory, or it is also locked to something else.
    """
    settings, years = portfolio.config.optimiser, portfolio.years
    if resume and not (settings.schedule == "by_year" and settings.resume):
        raise LockError(
            'a pause can only resume in a later year with [optimiser] schedule = "by_year" '
            "and resume = true. Fix: set them, or pause the project instead."
        )
    found: dict[str, AnyLock] = {}
    index = portfolio.index()
    for project_id, year in resume.items():
        canonical = parse_year(year) if _is_year(year) else year
        if canonical not in years[1:]:
            raise LockError(
                f"{project_id} cannot resume in {year}. Fix: give a later year of the horizon: "
                f"{', '.join(years[1:]) or 'none (the horizon is one year)'}."
            )
        if portfolio.mandatory[index[project_id]]:
            raise LockError(
                f"{project_id} is mandatory, so it cannot pause. Fix: remove its resume."
            )
        if project_id in locks:
            raise LockError(
                f"{project_id} is locked to {locks[project_id]} and asked to resume in {year}. "
                "Fix: give it one of the two."
            )
        runs = portfolio.runs[index[project_id]]
        start = int(runs.argmax()) if runs.any() else 0
        delay = years.index(canonical) - start
        if not 1 <= delay <= MAX_DELAY:
            raise LockError(
                f"{project_id} starts in {years[start]} as planned, so it cannot resume in {year}."
                f" Fix: give a year after {years[start]} and at most {MAX_DELAY} years later."
            )
        found[project_id] = Resume(delay, canonical)
    return found


def _is_year(text: str) -> bool:
    try:
        parse_year(text)
    except ValueError:
        return False
    return True


def _as_locks(locks: dict[str, Lock] | dict[str, str]) -> dict[str, Lock]:
    result = {}
    for project_id, value in locks.items():
        try:
            result[project_id] = Lock.parse(value)
        except ValueError as error:
            choices = ", ".join(lock.value for lock in Lock)
            raise LockError(
                f"lock '{value}' for {project_id} is not a decision. Fix: use one of {choices}."
            ) from error
    return result


def check_known(index: Mapping[str, int], named: Mapping[str, object], where: str) -> None:
    """Raises LockError naming every id in `named` that is not a project of the register."""
    unknown = sorted(k for k in named if k not in index)
    if unknown:
        shown = ", ".join(unknown[:10]) + (" ..." if len(unknown) > 10 else "")
        raise LockError(
            f"{where} names {len(unknown)} project id(s) not in the register: {shown}. "
            "Fix: check the ids against the register's id column (ids are case-sensitive)."
        )


def unproven(portfolio: Portfolio) -> np.ndarray:
    """New complex or costly projects without the evidence (`accelerate_min_stage`) that work
    of that size needs: "some form of business case" before delivery."""
    settings = portfolio.config.optimiser
    minimum = STAGE_ORDER[settings.accelerate_min_stage]
    big = (portfolio.complexity >= settings.complex_from) | (
        portfolio.cost.sum(axis=1) >= settings.costly_from
    )
    early = np.array([STAGE_ORDER[stage] < minimum for stage in portfolio.stages], dtype=bool)
    return ~portfolio.in_flight & big & early.reshape(portfolio.size)


def business_case_first(portfolio: Portfolio) -> np.ndarray:
    """Who, if they proceed as planned, are initiated business case first (mandatory work
    proceeds at once)."""
    if not portfolio.config.optimiser.business_case_first:
        return np.zeros(portfolio.size, dtype=bool)
    return unproven(portfolio) & ~portfolio.mandatory


def _acceleration(
    portfolio: Portfolio, locks: Mapping[str, AnyLock]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Who may be accelerated: benefits to bring forward, and enough evidence for new big work."""
    settings = portfolio.config.optimiser
    minimum = settings.accelerate_min_stage
    allowed, notes = [], []
    later_gain = portfolio.expected[:, 1:].sum(axis=1)  # new money or MTFS savings
    needs_case = unproven(portfolio)
    for i, project_id in enumerate(portfolio.ids):
        stage = portfolio.stages[i]
        locked = locks.get(project_id) is Lock.ACCELERATE
        if later_gain[i] <= 0:
            ok, note = False, "no gap-closing benefits after the first year to bring forward"
        elif needs_case[i]:
            ok = locked
            note = (
                f"a new complex or costly project at stage {stage.value} needs a "
                f"{minimum.value.replace('_', ' ')} before it can be accelerated"
                + (" (accelerated anyway by a lock)" if locked else "")
            )
        else:
            ok, note = True, "benefits can be brought forward"
        if locked and later_gain[i] <= 0:
            raise LockError(
                f"{project_id} is locked to accelerate but has no gap-closing benefits after the "
                "first year to bring forward. Fix: lock it to continue or keep instead."
            )
        allowed.append(ok)
        notes.append(note)
    return np.array(allowed, dtype=bool), tuple(notes)


def stop_rule(score: float, pause_min: float, lock: AnyLock | None) -> Decision:
    """Worthwhile work that does not proceed is paused; a 'nice to have' is terminated; a
    pause or terminate lock says which itself."""
    locked = lock.stop_decision if lock is not None else None
    if locked is not None:
        return locked
    return Decision.PAUSE if score >= pause_min else Decision.TERMINATE
