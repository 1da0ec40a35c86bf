"""Re-solving one built model under sampled futures: the same rows and columns, new coefficients.

A future changes what each project delivers (its claims, by mode and year) and what it is
worth (its score, under drawn criteria weights). Only the objective and the benefit rows (the
gap rows and the savings pools' credit rows) change; capacity, money, dependencies and locks
are the model's own, so the recommended plan stays feasible in every future. Nothing is
rebuilt: `ScenarioBase` indexes the entries a future replaces once. Two limits of that: a
pooled project's claim counts in a year only where the built model gives it one (a future
cannot add a pool entry; only a `[scoring] range_point` of 0 with a zero low gives a zero
expected claim inside a positive range), and pause or terminate for a stopped project stays the
recommended plan's (the stop rule reads the register's scores).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from inputs.decisions import Mode
from optimiser.fixing import solve_by_fixing
from optimiser.matrix import MatrixModel, _replace, column_name
from optimiser.model import score_values
from optimiser.model_benefits import gap_entries
from optimiser.options import modes_of
from optimiser.problem import Problem
from optimiser.solve import plan_from

SCENARIO_FREE = 40
"""Decisions the LP relaxation leaves free per re-solve, besides the fractional ones (the
recommended plan's solve keeps 300): on the sample 0.21 s a future against 0.47 s with 150
free, the plans 1.26 % against 1.17 % below their futures' LP bounds on average
(benchmarks/RESULTS.md)."""


@dataclass(frozen=True)
class Scenario:
    """One sampled future: each mode's claims (n x years, £k against the gap, new money and
    MTFS savings) and each project's score."""

    claims: dict[Mode, np.ndarray]
    score: np.ndarray


@dataclass(frozen=True)
class ScenarioBase:
    """A problem's hard-limit model with the entries a future replaces indexed once."""

    problem: Problem
    model: MatrixModel
    gap_rows: slice  # the gap rows (contiguous), rebuilt whole for each future
    pool_entries: np.ndarray  # positions in `matrix.data` of claims in the pools' credit rows
    pool_mode: np.ndarray  # each such entry's mode, project and year
    pool_project: np.ndarray
    pool_year: np.ndarray


def scenario_base(problem: Problem, model: MatrixModel) -> ScenarioBase:
    """Index a built model's benefit entries: the gap rows, and each claim in a pool's credit
    rows (a mode column's, or a `largest` pool's share column, whose claim is its linked mode
    column's)."""
    matrix = model.matrix.tocsr()
    gap = model.families["gap"]
    mode_of = np.full(matrix.shape[1], -1)
    project_of = np.full(matrix.shape[1], -1)
    for mode in modes_of(problem):
        columns = model.variables[column_name(mode)]
        mode_of[columns], project_of[columns] = int(mode), np.arange(problem.size)
    if "pool_share" in model.variables:  # w_imt <= x_im: a share column claims for its x
        link = matrix[model.families["pool_share_link"]].tocoo()
        share, linked = link.data > 0, link.data < 0
        w = link.col[share][np.argsort(link.row[share])]
        x = link.col[linked][np.argsort(link.row[linked])]
        mode_of[w], project_of[w] = mode_of[x], project_of[x]
    entries, years_of = [np.zeros(0, dtype=int)], [np.zeros(0, dtype=int)]
    years = len(problem.years)
    for local, row in enumerate(model.families.get("pool", ())):
        span = np.arange(matrix.indptr[row], matrix.indptr[row + 1])
        span = span[project_of[matrix.indices[span]] >= 0]
        entries.append(span)
        years_of.append(np.full(len(span), local % years))
    at = np.concatenate(entries)
    columns = matrix.indices[at]
    return ScenarioBase(
        problem=problem,
        model=_replace(model, matrix=matrix),
        gap_rows=slice(int(gap[0]), int(gap[-1]) + 1),
        pool_entries=at,
        pool_mode=mode_of[columns],
        pool_project=project_of[columns],
        pool_year=np.concatenate(years_of),
    )


def scenario_model(base: ScenarioBase, scenario: Scenario) -> MatrixModel:
    """The model under one future: its scores in the objective, its claims in the benefit rows."""
    problem, model = base.problem, base.model
    cost = model.cost.copy()
    for mode, value in score_values(problem, scenario.score).items():
        cost[model.variables[column_name(mode)]] = value
    claim = np.zeros(len(base.pool_entries))
    for mode in modes_of(problem):
        here = base.pool_mode == int(mode)
        claim[here] = scenario.claims[mode][base.pool_project[here], base.pool_year[here]]
    matrix = model.matrix.copy()
    matrix.data[base.pool_entries] = -claim
    rows, cols, values = gap_entries(problem, model.variables, scenario.claims)
    gap = base.gap_rows
    block = sp.csr_matrix((values, (rows, cols)), shape=(gap.stop - gap.start, matrix.shape[1]))
    block.sum_duplicates()
    block.eliminate_zeros()
    stacked = sp.vstack([matrix[: gap.start], block, matrix[gap.stop :]], format="csr")
    return _replace(model, cost=cost, matrix=stacked)


def solve_scenarios(
    base: ScenarioBase, scenarios: list[Scenario], gap_rel: float, time_limit: float
) -> tuple[np.ndarray, np.ndarray]:
    """The best plan (one mode per project) the solver finds in each future (the LP relaxation
    settling most decisions, the rest solved to `gap_rel`), and how far each falls below its
    future's LP bound (a share; NaN where the future went unsolved, whose row is all stops)."""
    plans = np.full((len(scenarios), base.problem.size), int(Mode.STOP))
    below = np.full(len(scenarios), np.nan)
    for k, scenario in enumerate(scenarios):
        model = scenario_model(base, scenario)
        raw, _ = solve_by_fixing(model, "highs", time_limit, gap_rel, free_at_least=SCENARIO_FREE)
        if raw.status.is_ok:
            plans[k] = plan_from(model, raw.x)
            below[k] = (raw.bound - raw.objective) / max(abs(raw.bound), 1e-9)
    return plans, below
