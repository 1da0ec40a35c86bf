"""The reset as plain arrays: what each project needs and yields under each decision.

Everything the integer program, the reasons and the checks need, and nothing else: no PuLP, no
files. Rows are projects in register order; `years` and `roles` are the config's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from dependencies.graph import pools as pool_members
from inputs.config import Config
from inputs.decisions import Decision, Lock
from inputs.errors import LockError
from inputs.models import Register, Stage, Status
from prioritise.figures import build_figures
from prioritise.result import ScoreResult

STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}


@dataclass(frozen=True)
class Pool:
    """Projects claiming savings from one budget line: counted once under `rule`."""

    name: str
    members: tuple[int, ...]
    cap: np.ndarray  # per year, £k; nan where no cap
    rule: str  # "largest" or "sum_capped"


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
    fte: np.ndarray  # n x roles, when continuing
    cost: np.ndarray  # n x years, £k when continuing
    gain: np.ndarray  # n x years, expected £k closing the gap when continuing
    low: np.ndarray  # n x years, new-money £k low when continuing
    high: np.ndarray  # n x years, new-money £k high when continuing
    can_accelerate: np.ndarray  # n bool
    accelerate_note: tuple[str, ...]  # why a project can or cannot be accelerated
    fte_acc: np.ndarray
    cost_acc: np.ndarray
    gain_acc: np.ndarray
    low_acc: np.ndarray
    high_acc: np.ndarray
    stop_decision: tuple[Decision, ...]  # pause or terminate, by the score rule
    stop_cost: np.ndarray  # n x years, £k if it does not proceed
    requires: tuple[tuple[int, int], ...]  # (dependant, prerequisite)
    conflicts: tuple[tuple[int, int], ...]
    pools: tuple[Pool, ...]
    capacity: np.ndarray  # roles, FTE
    budget: np.ndarray  # years, £k
    gap: np.ndarray  # years, £k
    external_max: np.ndarray  # roles, FTE that can be bought
    external_cost: np.ndarray  # roles, £k per bought FTE per year
    external_budget: np.ndarray | None  # years, £k; None = external spend comes out of budget
    score_weight: float
    pause_min_score: float
    locks: dict[int, Lock] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)

    def index(self) -> dict[str, int]:
        return {project_id: i for i, project_id in enumerate(self.ids)}


def shift_forward(values: np.ndarray, years: int) -> np.ndarray:
    """Each year's amount moved `years` earlier; what would fall before year one lands in it."""
    shifted = np.zeros_like(values)
    width = values.shape[1]
    for t in range(width):
        shifted[:, max(t - years, 0)] += values[:, t]
    return shifted


def build_problem(
    register: Register,
    config: Config,
    scores: ScoreResult,
    locks: dict[str, Lock] | None = None,
) -> Problem:
    """The register, its scores and the config as plain arrays, with locks applied.

    A blank FTE takes the median of that role among projects that give FTE (the scoring
    assumption); blank costs and benefits are 0 (listed as assumptions by scoring).

    Raises:
        LockError: a lock or a per-project setting names a project not in the register.
    """
    settings = config.optimiser
    all_locks = {**settings.locks, **_as_locks(locks or {})}
    ids = register.ids
    index = {project_id: i for i, project_id in enumerate(ids)}
    _check_known(index, all_locks, "locks")
    _check_known(index, settings.accelerate_factors, "[optimiser.accelerate_factors]")
    _check_known(index, settings.exit_costs, "[optimiser.exit_costs]")
    _check_known(index, settings.restart_costs, "[optimiser.restart_costs]")
    years, roles = config.years, config.roles
    figures = build_figures(register, config)
    score_of = {p.id: p for p in scores.projects}
    score = np.array([score_of[i].total for i in ids], dtype=float)
    rank = np.array([score_of[i].rank for i in ids], dtype=int)
    point = config.scoring.range_point
    gain = (figures.low + point * (figures.high - figures.low)) * figures.factor[:, None]
    share = np.array([_new_money_share(p, config) for p in register.projects])
    low, high = figures.low * share[:, None], figures.high * share[:, None]
    fte = _fte_matrix(register, roles)
    cost = np.array([[p.costs.get(y, 0.0) for y in years] for p in register.projects], dtype=float)
    cost = cost.reshape(len(ids), len(years))
    factors = np.array(
        [settings.accelerate_factors.get(i, settings.accelerate_fte_factor) for i in ids]
    )
    shift = settings.accelerate_years
    eligible, notes = _acceleration(register, config, gain, cost, all_locks)
    pause_min = (
        settings.pause_min_score
        if settings.pause_min_score is not None
        else float(np.median(score))
        if len(score)
        else 0.0
    )
    stop = [
        stop_rule(score[i], pause_min, all_locks.get(project_id))
        for i, project_id in enumerate(ids)
    ]
    stop_cost = np.zeros((len(ids), len(years)))
    for i, project_id in enumerate(ids):
        costs = settings.restart_costs if stop[i] is Decision.PAUSE else settings.exit_costs
        stop_cost[i, 0] = costs.get(project_id, 0.0)
    day_rate = np.array(
        [settings.external[r].day_rate if r in settings.external else 0.0 for r in roles]
    )
    external_max = np.array(
        [settings.external[r].max_fte if r in settings.external else 0.0 for r in roles]
    )
    transformation = settings.transformation_budget
    return Problem(
        ids=ids,
        names=tuple(p.name for p in register.projects),
        years=years,
        roles=roles,
        score=score,
        rank=rank,
        in_flight=np.array([p.status is Status.IN_FLIGHT for p in register.projects], dtype=bool),
        mandatory=np.array([bool(p.mandatory) for p in register.projects], dtype=bool),
        fte=fte,
        cost=cost,
        gain=gain,
        low=low,
        high=high,
        can_accelerate=eligible,
        accelerate_note=notes,
        fte_acc=fte * factors[:, None],
        cost_acc=shift_forward(cost, shift) * settings.accelerate_cost_factor,
        gain_acc=shift_forward(gain, shift),
        low_acc=shift_forward(low, shift),
        high_acc=shift_forward(high, shift),
        stop_decision=tuple(stop),
        stop_cost=stop_cost,
        requires=tuple((index[p.id], index[d]) for p in register.projects for d in p.depends_on),
        conflicts=tuple(
            sorted(
                {
                    tuple(sorted((index[p.id], index[c])))
                    for p in register.projects
                    for c in p.conflicts_with
                }
            )
        ),
        pools=_pools(register, config, index),
        capacity=np.array([config.capacity[r] for r in roles], dtype=float),
        budget=np.array([config.budget[y] for y in years], dtype=float),
        gap=np.array([config.budget_gap[y] for y in years], dtype=float),
        external_max=external_max,
        external_cost=day_rate * settings.working_days / 1000.0,
        external_budget=(
            np.array([transformation.get(y, 0.0) for y in years]) if transformation else None
        ),
        score_weight=settings.score_weight,
        pause_min_score=pause_min,
        locks={index[k]: v for k, v in all_locks.items()},
    )


def scaled(problem: Problem, capacity: float = 1.0, budget: float = 1.0) -> Problem:
    """The same problem with every role's capacity and every year's budget multiplied."""
    return replace(problem, capacity=problem.capacity * capacity, budget=problem.budget * budget)


def _as_locks(locks: dict[str, Lock] | dict[str, str]) -> dict[str, Lock]:
    choices = ", ".join(lock.value for lock in Lock)
    result = {}
    for project_id, value in locks.items():
        try:
            result[project_id] = Lock(str(value).strip().lower())
        except ValueError as error:
            raise LockError(
                f"lock '{value}' for {project_id} is not a decision. Fix: use one of {choices}."
            ) from error
    return result


def _check_known(index: dict[str, int], named: dict[str, object], where: str) -> None:
    unknown = sorted(k for k in named if k not in index)
    if unknown:
        shown = ", ".join(unknown[:10]) + (" ..." if len(unknown) > 10 else "")
        raise LockError(
            f"{where} names {len(unknown)} project id(s) not in the register: {shown}. "
            "Fix: check the ids against the register's id column (ids are case-sensitive)."
        )


def _new_money_share(project, config: Config) -> float:  # type: ignore[no-untyped-def]
    settings = config.scoring
    kind = project.benefit_type or "tbc"
    share = settings.benefit_type_weights[kind]
    return share * settings.in_mtfs_factor if project.in_mtfs else share


def _fte_matrix(register: Register, roles: tuple[str, ...]) -> np.ndarray:
    """FTE per role; a project that gives no FTE at all takes each role's median."""
    given = [p for p in register.projects if p.fte]
    median = {
        r: float(np.median([p.fte.get(r, 0.0) for p in given])) if given else 0.0 for r in roles
    }
    rows = [[p.fte.get(r, 0.0) if p.fte else median[r] for r in roles] for p in register.projects]
    return np.array(rows, dtype=float).reshape(len(rows), len(roles))


def _acceleration(
    register: Register,
    config: Config,
    gain: np.ndarray,
    cost: np.ndarray,
    locks: dict[str, Lock],
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Who may be accelerated: benefits to bring forward, and enough evidence for new big work."""
    settings = config.optimiser
    minimum = settings.accelerate_min_stage
    allowed, notes = [], []
    for i, p in enumerate(register.projects):
        stage = p.stage or config.scoring.unknown_stage
        complexity = p.complexity if p.complexity is not None else config.scoring.unknown_rating
        big = complexity >= settings.complex_from or cost[i].sum() >= settings.costly_from
        locked = locks.get(p.id) is Lock.ACCELERATE
        if gain[i, 1:].sum() <= 0:
            ok, note = False, "no gap-closing benefits after the first year to bring forward"
        elif p.status is Status.PIPELINE and big and STAGE_ORDER[stage] < STAGE_ORDER[minimum]:
            ok = locked
            note = (
                f"a new complex or costly project at stage {stage.value} needs a "
                f"{minimum.value.replace('_', ' ')} before it can be accelerated"
                + (" (accelerated anyway by a lock)" if locked else "")
            )
        else:
            ok, note = True, "benefits can be brought forward"
        if locked and gain[i, 1:].sum() <= 0:
            raise LockError(
                f"{p.id} is locked to accelerate but has no gap-closing benefits after the first "
                "year to bring forward. Fix: lock it to continue or keep instead."
            )
        allowed.append(ok)
        notes.append(note)
    return np.array(allowed, dtype=bool), tuple(notes)


def stop_rule(score: float, pause_min: float, lock: Lock | None) -> Decision:
    """Worthwhile work that does not proceed is paused; a 'nice to have' is terminated."""
    if lock is Lock.PAUSE:
        return Decision.PAUSE
    if lock is Lock.TERMINATE:
        return Decision.TERMINATE
    return Decision.PAUSE if score >= pause_min else Decision.TERMINATE


def _pools(register: Register, config: Config, index: dict[str, int]) -> tuple[Pool, ...]:
    settings = config.dependencies
    result = []
    for name, members in pool_members(register).items():
        caps = settings.pool_caps.get(name, {})
        cap = np.array([caps.get(y, np.nan) for y in config.years], dtype=float)
        result.append(
            Pool(
                name=name,
                members=tuple(index[m] for m in members),
                cap=cap,
                rule=settings.overlap_rule,
            )
        )
    return tuple(result)
