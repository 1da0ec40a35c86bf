"""The Problem from the Portfolio: its figures, the scores and the plan settings as arrays, with
the rules that say who may do what (business case first, acceleration, pause or terminate,
locks and resumes) applied once, here."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from inputs.decisions import MAX_DELAY, AnyLock, Decision, Lock, Resume
from inputs.errors import LockError
from inputs.models import Stage
from inputs.years import parse_year
from optimiser.problem import Problem, shift_forward, shift_later
from portfolio import Portfolio

STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}


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
