"""What each project needs and yields under each mode: as planned, accelerated, or resumed later.

The model's columns, the evaluator, the fill-up, the warm start and the reasons all read a
mode's figures here, so a pause that resumes `d` years later is worked out once: its FTE, costs
and benefits move `d` years on, what falls past the horizon is lost (its tail), and restarting
paused work costs its restart cost in the year it resumes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inputs.decisions import Mode
from optimiser.problem import Problem, shift_later


@dataclass(frozen=True)
class Figures:
    """Rows of projects under one mode each (zero where a row's mode is a stop, but its cost)."""

    load: np.ndarray  # rows x roles x years, FTE
    cost: np.ndarray  # rows x years, £k: investment, or the stop cost when stopped
    gain: np.ndarray  # rows x years, expected new money
    low: np.ndarray  # rows x years
    high: np.ndarray  # rows x years
    mtfs: np.ndarray  # rows x years, MTFS savings kept
    tail: np.ndarray  # rows, expected £k pushed past the horizon
    runs: np.ndarray  # rows x years bool: the years it runs
    rows: np.ndarray  # the projects (register rows) these figures are of

    def money(self, problem: Problem) -> np.ndarray:
        """rows x budget lines: the costs on the general fund's and the streams' years."""
        return problem.money(self.cost, self.rows)

    @property
    def claims(self) -> np.ndarray:
        """What each row delivers against the target: new money and MTFS savings."""
        return self.gain + self.mtfs


def modes_of(problem: Problem) -> tuple[Mode, ...]:
    """The modes the model has columns for: continue, accelerate, and each resume delay."""
    later = (Mode.later(d) for d in range(1, problem.max_delay + 1))
    return (Mode.CONTINUE, Mode.ACCELERATE, *later)


def allowed(problem: Problem, mode: Mode) -> np.ndarray:
    """n bool: who may take the mode (locks are the model's bounds). Mandatory work proceeds
    as planned or faster, never later."""
    if mode is Mode.STOP or mode is Mode.CONTINUE:
        return np.ones(problem.size, dtype=bool)
    if mode is Mode.ACCELERATE:
        return problem.can_accelerate.astype(bool)
    if mode.delay > problem.max_delay:
        return np.zeros(problem.size, dtype=bool)
    still_runs = shift_later(problem.runs, mode.delay).any(axis=1)  # resumes within the horizon
    return problem.can_defer & ~problem.mandatory & still_runs


def start_of(problem: Problem) -> np.ndarray:
    """n: the year (index) each project starts as planned; a pause of d years resumes it in
    that year + d."""
    runs = problem.runs
    return np.where(runs.any(axis=1), runs.argmax(axis=1), 0)


def credit(problem: Problem, mode: Mode) -> float:
    """Share of a project's score the plan earns with it: all of it as planned, the share of
    the horizon left when it resumes later, none when it stops."""
    if mode is Mode.STOP:
        return 0.0
    years = len(problem.years)
    return (years - mode.delay) / years if years else 1.0


def figures(problem: Problem, mode: Mode, rows: np.ndarray | None = None) -> Figures:
    """The given projects' (all by default) figures under one mode."""
    take = np.arange(problem.size) if rows is None else np.asarray(rows, dtype=int)
    if mode is Mode.STOP:
        zero = np.zeros((len(take), len(problem.years)))
        return Figures(
            np.zeros_like(problem.load[take]),
            problem.stop_cost[take],
            zero,
            zero,
            zero,
            zero,
            np.zeros(len(take)),
            np.zeros((len(take), len(problem.years)), dtype=bool),
            take,
        )
    if mode is Mode.ACCELERATE:
        return Figures(
            problem.load_acc[take],
            problem.cost_acc[take],
            problem.gain_acc[take],
            problem.low_acc[take],
            problem.high_acc[take],
            problem.mtfs_acc[take],
            np.zeros(len(take)),
            problem.runs_acc[take],
            take,
        )
    planned = Figures(
        problem.load[take],
        problem.cost[take],
        problem.gain[take],
        problem.low[take],
        problem.high[take],
        problem.mtfs[take],
        problem.tail[take],
        problem.runs[take],
        take,
    )
    d = mode.delay
    if not d:
        return planned
    width = len(problem.years)
    restart = np.zeros((len(take), width))
    resumes = start_of(problem)[take] + d  # restarting costs in the year it resumes
    inside = resumes < width
    restart[np.flatnonzero(inside), resumes[inside]] = problem.restart_cost[take][inside]
    return Figures(
        shift_later(planned.load, d),
        shift_later(planned.cost, d) + restart,
        shift_later(planned.gain, d),
        shift_later(planned.low, d),
        shift_later(planned.high, d),
        shift_later(planned.mtfs, d),
        planned.tail + planned.claims[:, max(width - d, 0) :].sum(axis=1),
        shift_later(planned.runs, d),
        take,
    )


def chosen(
    problem: Problem, plan: np.ndarray, rows: np.ndarray | list[int] | None = None
) -> Figures:
    """Every project's figures under its mode in the plan (register order); with `rows`, those
    projects' figures under their modes (`plan` then has one mode per row)."""
    plan = np.asarray(plan, dtype=int)
    take = np.arange(problem.size) if rows is None else np.asarray(rows, dtype=int)
    n, years, roles = len(take), len(problem.years), len(problem.roles)
    result = Figures(
        np.zeros((n, roles, years)),
        np.zeros((n, years)),
        np.zeros((n, years)),
        np.zeros((n, years)),
        np.zeros((n, years)),
        np.zeros((n, years)),
        np.zeros(n),
        np.zeros((n, years), dtype=bool),
        take,
    )
    for code in np.unique(plan):
        at = np.flatnonzero(plan == code)
        part = figures(problem, Mode(int(code)), take[at])
        for name in ("load", "cost", "gain", "low", "high", "mtfs", "tail", "runs"):
            getattr(result, name)[at] = getattr(part, name)
    return result
