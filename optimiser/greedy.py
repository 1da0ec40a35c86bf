"""The spreadsheet baseline: rank by score per FTE and fill capacity, as a PMO does in Excel."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from inputs.decisions import Mode
from optimiser.evaluate import evaluate
from optimiser.feasibility import forced_projects
from optimiser.fill import fill_idle_capacity
from optimiser.problem import Problem
from optimiser.result import Baseline, closed_of

MIN_FTE = 0.1


def greedy_plan(problem: Problem) -> np.ndarray:
    """Forced work first, then projects by score per FTE while they fit; the rules still hold.

    Mandatory and locked projects (and their prerequisites) proceed; locked stops stay stopped.
    Nothing unlocked is accelerated: a spreadsheet ranking has no way to weigh it. Where a
    pause may resume, a project that does not fit as planned starts in the first later year it
    fits (`fill_idle_capacity`), as a PMO would move its start.
    """
    plan = np.full(problem.size, Mode.STOP, dtype=int)
    for i in forced_projects(problem):
        lock = problem.locks.get(i)
        plan[i] = lock.start_mode(Mode.CONTINUE) if lock else Mode.CONTINUE
    per_fte = problem.score / np.maximum(problem.fte.sum(axis=1), MIN_FTE)
    order = np.lexsort((problem.rank, -per_fte))
    ranked = replace(problem, rank=np.argsort(order).astype(int) + 1)
    return fill_idle_capacity(ranked, plan)


GREEDY_METHOD = (
    "greedy: rank by score per FTE and fill capacity (mandatory first), each project in the "
    "first year it fits"
)


def greedy_baseline(problem: Problem) -> Baseline:
    """The greedy plan's objective and gap closed, by the same arithmetic as the optimiser's."""
    figures = evaluate(problem, greedy_plan(problem))
    closed = float(closed_of(problem.gap, figures.gain, figures.mtfs_at_risk).sum())
    return Baseline(method=GREEDY_METHOD, objective=figures.objective, gap_closed=closed)
