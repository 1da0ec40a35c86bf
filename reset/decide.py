"""Decide: the what-if choices checked against the portfolio, the problem built, the plan solved.

Every choice (a lock, extra people for a role, extra money for a year) is checked before any
solve, so a mistyped id is refused at once, not after the baseline has been solved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from inputs.config import Config
from inputs.decisions import Lock
from inputs.errors import LockError
from inputs.models import Register
from inputs.years import split_role_year
from optimiser.build import build_problem, check_known
from optimiser.problem import Problem
from optimiser.result import OptimisationResult
from optimiser.solve import Models, SolverOptions, optimise
from optimiser.warm_start import repaired_plan
from reset.prepare import Prepared


@dataclass(frozen=True)
class Choices:
    """What a run or a what-if forces: locks by project id, years paused work must resume in,
    FTE added per role (`role`, every year, or `role@year`, that year) and £k per year."""

    locks: dict[str, Lock] = field(default_factory=dict)
    capacity: dict[str, float] = field(default_factory=dict)
    budget: dict[str, float] = field(default_factory=dict)
    resume: dict[str, str] = field(default_factory=dict)


def solver_options(
    config: Config,
    solver: str | None = None,
    time_limit: float | None = None,
    gap_rel: float | None = None,
    size: int = 0,
) -> SolverOptions:
    """The config's solver settings, overridden where the caller gives a value.

    `auto` is resolved for a register of `size` projects: CBC while the whole integer program
    is solved (it reaches the 0.5 % gap first: 0.9 s against 0.9 s at 570, 1.2 s against 2.2 s
    at 2,280, 2.9 s against 6.4 s at 5,130), HiGHS from `fix_from`, where the LP relaxation
    settles most decisions and HiGHS solves the rest in process (25 s against 22 s at 50,160,
    to a better plan; benchmarks/RESULTS.md).
    """
    settings = config.optimiser
    chosen = solver or settings.solver
    if chosen == "auto":
        chosen = "highs" if size >= settings.fix_from else "cbc"
    return SolverOptions(
        solver=chosen,
        time_limit=time_limit if time_limit is not None else settings.time_limit,
        gap_rel=gap_rel if gap_rel is not None else settings.gap_rel,
        fix_from=settings.fix_from,
    )


def check_choices(register: Register, config: Config, choices: Choices) -> None:
    """Refuse, before any work, choices (and the config's per-project settings) that name what
    the register or config does not have.

    Raises:
        LockError: a lock or a per-project setting names an unknown project, or a change names
            a role or year the config does not have.
    """
    ids = {project.id: 0 for project in register.projects}
    settings = config.optimiser
    check_known(ids, {**settings.locks, **choices.locks}, "locks")
    check_known(ids, settings.accelerate_factors, "[optimiser.accelerate_factors]")
    check_known(ids, settings.exit_costs, "[optimiser.exit_costs]")
    check_known(ids, settings.restart_costs, "[optimiser.restart_costs]")
    check_known(ids, dict.fromkeys(config.governance.escalated), "[governance] escalated")
    roles = sorted(set(settings.business_case_fte) - set(config.roles))
    if roles and "business_case_fte" in settings.model_fields_set:
        raise LockError(
            f"[optimiser] business_case_fte names role(s) with no capacity: {', '.join(roles)}. "
            f"Fix: use roles of [capacity] ({', '.join(config.roles) or 'none'})."
        )
    check_known(ids, choices.resume, "resume")
    late = sorted(f"{i} in {y}" for i, y in choices.resume.items() if y not in config.years[1:])
    if late:
        raise LockError(
            f"cannot resume {', '.join(late)}. Fix: give a later year of the horizon "
            f"({', '.join(config.years[1:]) or 'none: the horizon is one year'})."
        )
    try:
        asked = [split_role_year(key) for key in choices.capacity]
    except ValueError as error:
        raise LockError(f"{error}. Fix: write extra capacity as ROLE or ROLE@2025/26.") from error
    unknown = sorted({role for role, _ in asked} - set(config.roles)) + sorted(
        ({year for _, year in asked if year} | set(choices.budget)) - set(config.years)
    )
    if unknown:
        raise LockError(
            f"unknown role or year {', '.join(unknown)}. Fix: roles are "
            f"{', '.join(config.roles)}; years are {', '.join(config.years)}."
        )


def build_choices_problem(prepared: Prepared, choices: Choices) -> Problem:
    """The problem the choices ask for: locks applied, capacity and budget changed.

    Raises:
        LockError: see `check_choices`; or a lock is not a decision.
    """
    check_choices(prepared.register, prepared.config, choices)
    score, rank, priority = prepared.score_arrays()
    problem = build_problem(
        prepared.portfolio, score, rank, choices.locks, priority, choices.resume
    )
    if not choices.capacity and not choices.budget:
        return problem
    extra_fte = np.zeros((len(problem.roles), len(problem.years)))
    for key, fte in choices.capacity.items():
        role, year = split_role_year(key)
        years = slice(None) if year is None else problem.years.index(year)
        extra_fte[problem.roles.index(role), years] += float(fte)
    extra_money = [float(choices.budget.get(year, 0.0)) for year in problem.years]
    return replace(
        problem,
        capacity=(problem.capacity + extra_fte).clip(min=0),
        budget=(problem.budget + extra_money).clip(min=0),
    )


def decide(
    problem: Problem,
    options: SolverOptions,
    models: Models,
    baseline_plan: np.ndarray | None = None,
) -> OptimisationResult:
    """The plan, every decision with its reason.

    `baseline_plan` (a what-if's recommended plan) is repaired for the locks, given to the
    solver to start from and preferred among equally good plans, so only what the change
    forces, or clearly improves, moves.

    Raises:
        LockError, InfeasibleError, OptimiserError: see `optimise`.
    """
    start = None if baseline_plan is None else repaired_plan(problem, baseline_plan)
    return optimise(problem, options, start, reference=baseline_plan, models=models)
