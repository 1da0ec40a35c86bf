"""Random reset problems built straight as arrays: one factory, seeded or driven by hypothesis.

The factory draws every number through a `Source`, so the same code makes a reproducible
200-project problem from a seed (`seeded_problem`) and a shrinkable small one for property tests
(`problems`). Amounts sit on coarse grids (0.1 FTE, £5k) as a register's do, which keeps the
solvers' tolerances far from deciding what fits.

Time-phased problems (`phase`, `seeded_phased_problem`, `phased_problems`) are opt-in: the same
problem, then run years, capacity and external FTE by role and year, pauses that may resume up
to `max_delay` years later, and restart costs, drawn after it (so the plain factory is unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
from hypothesis import strategies as st

from inputs.decisions import Lock
from optimiser.build import stop_rule
from optimiser.problem import Problem, shift_forward
from portfolio.pools import Pool

PROCEED_LOCKS = (Lock.KEEP, Lock.CONTINUE, Lock.ACCELERATE)
STOP_LOCKS = (Lock.PAUSE, Lock.TERMINATE)
SCORE_WEIGHTS = (0.0, 0.25, 0.4, 0.7, 1.0)


class Source(Protocol):
    """Where the factory's random choices come from."""

    def integer(self, low: int, high: int) -> int:
        """A whole number in [low, high]."""
        ...

    def chance(self, p: float) -> bool:
        """True with probability about p."""
        ...


class SeededSource:
    """Choices from a seeded numpy generator: the same problem for the same seed."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def integer(self, low: int, high: int) -> int:
        return int(self.rng.integers(low, high + 1))

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)


class DrawnSource:
    """Choices drawn by hypothesis, so a failing problem shrinks towards a small, plain one."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def chance(self, p: float) -> bool:
        # shrinks to 0, i.e. to "no": fewer locks, prerequisites and pools in a counterexample
        return self.draw(st.integers(0, 99)) >= round(100 * (1 - p))


@dataclass(frozen=True)
class Shape:
    """How big a problem is and how often each rule appears in it (rates are per project)."""

    projects: int
    roles: int = 2
    years: int = 2
    accelerate: bool = True
    mandatory: float = 0.1
    locks: float = 0.1
    requires: float = 0.25
    conflicts: float = 0.15
    pools: int = 1
    external: float = 0.4
    stop_costs: float = 0.2
    together: float = 0.1  # pairs that proceed together or not at all
    mtfs: float = 0.2  # savings already in the MTFS: stopping the project widens the gap
    tightness: tuple[int, int] = (20, 90)  # capacity and budget, % of what everything needs
    room_for_forced: bool = False  # forced work fits, and no lock contradicts the rules


def amount(source: Source, low: float, high: float, step: float) -> float:
    """A value on the grid low, low + step, ..., high; zero about a quarter of the time."""
    if low == 0 and source.chance(0.25):
        return 0.0
    return low + step * source.integer(0, round((high - low) / step))


def random_problem(source: Source, shape: Shape) -> Problem:
    """A valid Problem: acyclic prerequisites (only on earlier projects), disjoint pools."""
    n, roles, years = shape.projects, shape.roles, shape.years

    def grid(columns: int, high: float, step: float) -> np.ndarray:
        values = [amount(source, 0, high, step) for _ in range(n * columns)]
        return np.array(values, dtype=float).reshape(n, columns)

    score = grid(1, 100, 0.5)[:, 0]
    fte, cost, gain = grid(roles, 3, 0.1), grid(years, 200, 5), grid(years, 300, 5)
    stop_cost = np.zeros((n, years))
    for i in range(n):
        if source.chance(shape.stop_costs):
            stop_cost[i, 0] = amount(source, 5, 50, 5)
    in_flight = np.array([source.chance(0.5) for _ in range(n)], dtype=bool)
    mandatory = np.array([source.chance(shape.mandatory) for _ in range(n)], dtype=bool)
    can_accelerate = np.array(
        [shape.accelerate and gain[i, 1:].sum() > 0 and source.chance(0.6) for i in range(n)],
        dtype=bool,
    )
    in_mtfs = np.array([source.chance(shape.mtfs) for _ in range(n)], dtype=bool)
    mtfs, gain = gain * in_mtfs[:, None], gain * ~in_mtfs[:, None]
    fte_factor = np.array([1 + amount(source, 0, 1, 0.25) for _ in range(n)])
    cost_factor = 1 + amount(source, 0, 0.5, 0.25)
    requires = _requires(source, shape)
    locks = _locks(source, shape, can_accelerate)
    forced = _forced(mandatory, locks, requires)
    if shape.room_for_forced:
        locks = {i: lock for i, lock in locks.items() if not (lock in STOP_LOCKS and i in forced)}
    conflicts = _conflicts(source, shape, requires, forced)
    together = _together(source, shape, conflicts)
    fte_acc = fte * fte_factor[:, None]
    cost_acc = shift_forward(cost, 1) * cost_factor
    capacity, budget = _limits(
        source, shape, fte, fte_acc, cost, cost_acc, stop_cost, forced, locks
    )
    external_max = np.zeros(roles)
    external_cost = np.zeros(roles)
    for r in range(roles):
        if source.chance(shape.external):
            external_max[r] = amount(source, 0.5, 2, 0.5)
            external_cost[r] = amount(source, 10, 100, 10)
    external_budget = None
    if external_max.any() and source.chance(0.5):
        external_budget = np.array([amount(source, 0, 200, 10) for _ in range(years)])
    gap = np.zeros(years)
    if source.chance(0.85):
        gap = np.array([gain[:, t].sum() * source.integer(30, 120) / 100 for t in range(years)])
    pause_min_score = float(np.median(score))
    stop_decision = tuple(stop_rule(score[i], pause_min_score, locks.get(i)) for i in range(n))
    order = np.argsort(-score, kind="stable")
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(1, n + 1)
    return Problem(
        ids=tuple(f"P{i + 1:03d}" for i in range(n)),
        names=tuple(f"Project {i + 1}" for i in range(n)),
        years=tuple(f"{2024 + t}/{25 + t}" for t in range(years)),
        roles=tuple(f"role_{r + 1}" for r in range(roles)),
        score=score,
        rank=rank,
        in_flight=in_flight,
        mandatory=mandatory,
        fte=fte,
        cost=cost,
        gain=gain,
        low=gain * 0.5,
        high=gain * 1.5,
        can_accelerate=can_accelerate,
        accelerate_note=tuple(
            "benefits can be brought forward" if ok else "not eligible" for ok in can_accelerate
        ),
        fte_acc=fte_acc,
        cost_acc=cost_acc,
        gain_acc=shift_forward(gain, 1),
        low_acc=shift_forward(gain * 0.5, 1),
        high_acc=shift_forward(gain * 1.5, 1),
        mtfs=mtfs,
        mtfs_budgeted=mtfs,
        business_case_first=np.zeros(n, dtype=bool),
        tail=np.zeros(n),
        mtfs_acc=shift_forward(mtfs, 1),
        stop_decision=stop_decision,
        stop_cost=stop_cost,
        requires=np.array(requires, dtype=np.int64).reshape(len(requires), 2),
        conflicts=np.array(conflicts, dtype=np.int64).reshape(len(conflicts), 2),
        together=np.array(together, dtype=np.int64).reshape(len(together), 2),
        pools=_pools(source, shape),
        capacity=capacity,
        budget=budget,
        gap=gap,
        reserves=np.zeros(years),
        contingency=np.zeros(years),
        external_max=external_max,
        external_cost=external_cost,
        external_budget=external_budget,
        score_weight=SCORE_WEIGHTS[source.integer(0, len(SCORE_WEIGHTS) - 1)],
        pause_min_score=pause_min_score,
        locks=locks,
    )


def seeded_problem(seed: int, shape: Shape) -> Problem:
    return random_problem(SeededSource(seed), shape)


@st.composite
def problems(draw: st.DrawFn, max_projects: int, accelerate: bool) -> Problem:
    """Small problems with 1-3 roles and 1-3 years, every rule switched on now and then."""
    source = DrawnSource(draw)
    shape = Shape(
        projects=draw(st.integers(1, max_projects)),
        roles=draw(st.integers(1, 3)),
        years=draw(st.integers(1, 3)),
        accelerate=accelerate,
        pools=draw(st.integers(0, 2)),
        tightness=(10, 110),
        room_for_forced=draw(st.integers(0, 3)) > 0,
    )
    return random_problem(source, shape)


@dataclass(frozen=True)
class Phasing:
    """How a problem moves in time (rates are per project)."""

    max_delay: int = 2  # most years a pause may last before the project resumes
    defer: float = 0.6  # non-mandatory projects that may pause and resume later
    partial: float = 0.6  # projects that run in only some years (the rest run every year)
    restart: float = 0.3  # deferrable projects with a restart cost
    rising: float = 0.5  # roles whose capacity rises year on year (people freed as work ends)


def phase(source: Source, problem: Problem, shape: Shape, phasing: Phasing) -> Problem:
    """The problem time-phased: each project runs in a window of years (in-flight work from the
    first), needs its FTE only then (accelerated: the window brought a year forward), capacity
    and external FTE differ by year, and deferrable work may resume up to `max_delay` later."""
    n, years, roles = problem.size, len(problem.years), len(problem.roles)
    runs = np.ones((n, years), dtype=bool)
    for i in range(n):
        if years > 1 and source.chance(phasing.partial):
            start = 0 if problem.in_flight[i] else source.integer(0, years - 1)
            end = source.integer(start, years - 1)
            runs[i] = False
            runs[i, start : end + 1] = True
    runs_acc = shift_forward(runs.astype(float), 1) > 0
    load = problem.fte[:, :, None] * runs[:, None, :]
    load_acc = problem.fte_acc[:, :, None] * runs_acc[:, None, :]
    low, high = shape.tightness
    capacity = np.array(
        [
            [round(load[:, r, t].sum() * source.integer(low, high) / 100, 1) for t in range(years)]
            for r in range(roles)
        ]
    ).reshape(roles, years)
    for r in range(roles):
        if not source.chance(1 - phasing.rising):  # shrinks towards capacity that frees up
            capacity[r] = np.sort(capacity[r])
    forced = sorted(_forced(problem.mandatory, problem.locks, _pairs_of(problem.requires)))
    if shape.room_for_forced and forced:
        fast = np.array([problem.locks.get(i) is Lock.ACCELERATE for i in forced])
        need = np.where(
            fast[:, None, None], load_acc[forced], np.maximum(load[forced], load_acc[forced])
        )
        capacity = np.maximum(capacity, need.sum(axis=0))
    external_max = np.zeros((roles, years))
    for r in range(roles):
        if problem.external_max[r].any():
            external_max[r] = [amount(source, 0, 2, 0.5) for _ in range(years)]
    # drawn as "not fixed in time", so a drawn problem shrinks towards work that may resume
    deferrable = np.array(
        [not problem.mandatory[i] and not source.chance(1 - phasing.defer) for i in range(n)],
        dtype=bool,
    )
    restart = np.array(
        [amount(source, 5, 50, 5) if source.chance(phasing.restart) else 0.0 for _ in range(n)]
    )
    return replace(
        problem,
        capacity=capacity,
        external_max=external_max,
        fte_by_year=load,
        fte_by_year_acc=load_acc,
        runs_by_year=runs,
        runs_by_year_acc=runs_acc,
        max_delay=min(phasing.max_delay, years - 1),
        deferrable=deferrable,
        restart_costs=restart * deferrable,
    )


def seeded_phased_problem(seed: int, shape: Shape, phasing: Phasing | None = None) -> Problem:
    """A reproducible time-phased problem: `seeded_problem`'s, then its phasing drawn."""
    source = SeededSource(seed)
    return phase(source, random_problem(source, shape), shape, phasing or Phasing())


@st.composite
def phased_problems(
    draw: st.DrawFn, max_projects: int, years: int = 3, max_delay: int = 2
) -> Problem:
    """Small time-phased problems: 1-2 roles over `years` years, pauses resuming up to
    `max_delay` years later, capacity by role and year, every rule switched on now and then."""
    source = DrawnSource(draw)
    shape = Shape(
        projects=draw(st.integers(1, max_projects)),
        roles=draw(st.integers(1, 2)),
        years=years,
        pools=draw(st.integers(0, 1)),
        tightness=(10, 110),
        room_for_forced=draw(st.integers(0, 3)) > 0,
    )
    return phase(source, random_problem(source, shape), shape, Phasing(max_delay=max_delay))


def _pairs_of(rows: np.ndarray) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in rows.tolist())


def _requires(source: Source, shape: Shape) -> tuple[tuple[int, int], ...]:
    pairs: set[tuple[int, int]] = set()
    for i in range(1, shape.projects):
        for _ in range(2):
            if source.chance(shape.requires):
                pairs.add((i, source.integer(0, i - 1)))
    return tuple(sorted(pairs))


def _conflicts(
    source: Source, shape: Shape, requires: tuple[tuple[int, int], ...], forced: set[int]
) -> tuple[tuple[int, int], ...]:
    linked = {tuple(sorted(pair)) for pair in requires}
    pairs: set[tuple[int, int]] = set()
    for i in range(1, shape.projects):
        if not source.chance(shape.conflicts):
            continue
        pair = (source.integer(0, i - 1), i)
        both_forced = pair[0] in forced and pair[1] in forced
        if pair not in linked and not (shape.room_for_forced and both_forced):
            pairs.add(pair)
    return tuple(sorted(pairs))


def _together(
    source: Source, shape: Shape, conflicts: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    """Pairs that go together; none where forced work must fit (a lock could contradict)."""
    if shape.room_for_forced:
        return ()
    pairs = {
        (source.integer(0, i - 1), i)
        for i in range(1, shape.projects)
        if source.chance(shape.together)
    }
    return tuple(sorted(pairs - set(conflicts)))


def _locks(source: Source, shape: Shape, can_accelerate: np.ndarray) -> dict[int, Lock]:
    locks = {}
    for i in range(shape.projects):
        if source.chance(shape.locks):
            choices = [lock for lock in Lock if lock is not Lock.ACCELERATE or can_accelerate[i]]
            locks[i] = choices[source.integer(0, len(choices) - 1)]
    return locks


def _forced(
    mandatory: np.ndarray, locks: dict[int, Lock], requires: tuple[tuple[int, int], ...]
) -> set[int]:
    """Mandatory and proceed-locked projects, and everything they need, directly or not."""
    forced = {int(i) for i in np.flatnonzero(mandatory)}
    forced |= {i for i, lock in locks.items() if lock in PROCEED_LOCKS}
    grew = True
    while grew:
        needed = {j for i, j in requires if i in forced} - forced
        forced |= needed
        grew = bool(needed)
    return forced


def _limits(
    source: Source,
    shape: Shape,
    fte: np.ndarray,
    fte_acc: np.ndarray,
    cost: np.ndarray,
    cost_acc: np.ndarray,
    stop_cost: np.ndarray,
    forced: set[int],
    locks: dict[int, Lock],
) -> tuple[np.ndarray, np.ndarray]:
    """Capacity and budget as a share of everything proceeding; room for forced work if asked."""
    low, high = shape.tightness
    capacity = np.array(
        [round(fte[:, r].sum() * source.integer(low, high) / 100, 1) for r in range(shape.roles)]
    )
    budget = np.array(
        [
            round((cost[:, t].sum() + stop_cost[:, t].sum()) * source.integer(low, high) / 100)
            for t in range(shape.years)
        ],
        dtype=float,
    )
    if shape.room_for_forced and forced:
        rows = sorted(forced)
        fast = np.array([locks.get(i) is Lock.ACCELERATE for i in rows])
        need_fte = np.where(fast[:, None], fte_acc[rows], np.maximum(fte[rows], fte_acc[rows]))
        need_cost = np.maximum(cost[rows], cost_acc[rows])
        capacity = np.maximum(capacity, need_fte.sum(axis=0))
        budget = np.maximum(budget, need_cost.sum(axis=0) + stop_cost.sum(axis=0))
    return capacity, budget


def _pools(source: Source, shape: Shape) -> tuple[Pool, ...]:
    free = list(range(shape.projects))
    pools = []
    for k in range(shape.pools):
        size = source.integer(2, 3)
        if len(free) < size:
            break
        members = []
        for _ in range(size):
            members.append(free.pop(source.integer(0, len(free) - 1)))
        cap = np.array(
            [
                amount(source, 0, 300, 10) if source.chance(0.5) else np.nan
                for _ in range(shape.years)
            ]
        )
        rule = "largest" if source.chance(0.5) else "sum_capped"
        pools.append(
            Pool(name=f"pool_{k + 1}", members=np.array(sorted(members)), cap=cap, rule=rule)
        )
    return tuple(pools)
