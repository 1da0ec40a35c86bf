"""The integer program as sparse matrices, built one constraint family at a time.

Variables (all per project i, mode m, year t, capacity period r):
    x_im in {0,1}       project i runs in mode m: continue (as planned), accelerate (where
                        allowed) or resume d years later (m = later_d, where a pause may
                        resume); p_i = sum_m x_im <= 1 proceeds, 1 - p_i stops (pause or
                        terminate for the horizon)
    u_t >= 0            shortfall: gap not closed in year t
    e_r in [0, E_r]     external FTE bought per period (role, or role in a year)
    y_kt >= 0           benefit counted from pool k in year t
    s >= 0              overflow of a capacity or budget row: fixed at 0 when solving, and
                        minimised alone only to name the clash when no plan fits

maximise  100 [ (1 - w) (1 - sum_t u_t / G) + w sum_im s_i c_m x_im / S ]
where G is the whole gap, S the sum of all scores, w the score weight and c_m the share of the
horizon mode m runs in (1 unless it resumes later). Each mode has its own FTE by role and year,
costs and benefits (`optimiser.options`): capacity is held per role and year. The gap rows ask
for the gap plus the MTFS savings the budget already relies on (m_it, as planned), so stopping
or delaying a project in the MTFS widens the shortfall by exactly the savings it moves.

The builder reads like the formulation: `build_model` calls one `add_*` per family.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from inputs.decisions import Mode
from optimiser.cliques import clique_cover
from optimiser.limits import Limit, limits_of
from optimiser.matrix import INF, OVERFLOW, MatrixModel, ModelBuilder, column_name
from optimiser.model_benefits import add_benefit_pool_constraints, add_gap_constraints
from optimiser.options import allowed, credit, figures, modes_of
from optimiser.problem import Problem, capacity_rows

ACCELERATE_TIE_BREAK = 1e-7
"""Objective points an acceleration costs, so more people are never used for nothing."""
OVERFLOW_PENALTY = 1e4
"""Weight of overflow relative to its limit, in the diagnosis solve (`overflow_only`)."""


def build_model(problem: Problem) -> MatrixModel:
    """The reset's integer program: the objective, then each constraint family in turn."""
    builder = ModelBuilder()
    add_decision_variables(builder, problem)
    add_choice_constraints(builder, problem)
    add_capacity_constraints(builder, problem)
    add_budget_constraints(builder, problem)
    add_stream_constraints(builder, problem)
    add_external_budget_constraints(builder, problem)
    add_dependency_constraints(builder, problem)
    add_conflict_constraints(builder, problem)
    add_together_constraints(builder, problem)
    add_benefit_pool_constraints(builder, problem)
    add_gap_constraints(builder, problem)
    return _finish(builder, problem)


def add_decision_variables(builder: ModelBuilder, problem: Problem) -> float:
    """x_im for every mode with the score term; mandatory work and locks fixed through bounds.

    The objective's constant (the whole gap closed) is a column fixed at 1, so both solvers
    measure their relative gap on the same 0-100 objective.
    """
    n = problem.size
    values = score_values(problem, problem.score)
    for mode in modes_of(problem):
        upper = allowed(problem, mode).astype(float)
        lower = np.zeros(n)
        for i, lock in problem.locks.items():
            upper[i] = min(upper[i], float(mode in lock.modes))
            lower[i] = float(lock.modes == {mode})
        if mode is Mode.CONTINUE:
            only_continue = problem.mandatory & ~problem.can_accelerate.astype(bool)
            lower[only_continue] = 1.0
        builder.add_columns(column_name(mode), n, lower, upper, values[mode], integer=True)
    offset = 100 * (1 - problem.score_weight) if problem.gap_scale > 0 else 0.0
    builder.add_columns("constant", 1, 1.0, 1.0, offset)
    return offset


def score_values(problem: Problem, score: np.ndarray) -> dict[Mode, np.ndarray]:
    """Each mode's objective per project, 100 w s_i c_m / S, for the given scores (the
    register's, or a sampled future's)."""
    total = score.sum()
    weight = 100 * problem.score_weight / total if total > 0 else 0.0
    values = {mode: score * weight * credit(problem, mode) for mode in modes_of(problem)}
    values[Mode.ACCELERATE] = values[Mode.ACCELERATE] - ACCELERATE_TIE_BREAK  # only where it pays
    return values


def _mode_columns(
    builder: ModelBuilder, problem: Problem, projects: np.ndarray, before: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Columns of the given projects' modes (those that start fewer than `before` years late;
    all by default), and each column's position in `projects`."""
    cols, where = [], []
    for mode in modes_of(problem):
        if before is not None and mode.delay >= before:
            continue
        cols.append(builder.variables[column_name(mode)][projects])
        where.append(np.arange(len(projects)))
    return np.concatenate(cols), np.concatenate(where)


def add_choice_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_m x_im <= 1; = 1 for mandatory work and `keep` locks (they must proceed)."""
    n = problem.size
    must = problem.mandatory.copy()
    for i, lock in problem.locks.items():
        must[i] |= lock.forces_proceed
    cols, rows = _mode_columns(builder, problem, np.arange(n))
    builder.add_rows(
        "choice",
        n,
        rows,
        cols,
        np.ones(len(cols)),
        lower=np.where(must, 1.0, -INF),  # a one-sided row where nothing is forced
        upper=1.0,
    )


def _overflow(builder: ModelBuilder, family: str, limits: np.ndarray) -> np.ndarray:
    """Overflow columns of a limit family: fixed at 0 when solving, priced in the diagnosis."""
    penalty = OVERFLOW_PENALTY / np.maximum(limits, 1.0)
    return builder.add_columns(family + OVERFLOW, len(limits), 0.0, INF, -penalty)


def _limit(problem: Problem, family: str) -> Limit:
    return next(limit for limit in limits_of(problem) if limit.family == family)


def _limit_entries(
    builder: ModelBuilder, problem: Problem, limit: Limit, less_stop: bool
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Rows, columns and values of every mode's use of one limit (less what the project
    would use stopped, where `less_stop`)."""
    names = len(limit.names)
    stop = limit.stop if less_stop else 0.0
    rows, cols, values = [], [], []
    for mode in modes_of(problem):
        ok = allowed(problem, mode)
        use = (limit.need_of(figures(problem, mode)) - stop) * ok[:, None]
        rows.append(np.repeat(np.arange(names), problem.size))
        cols.append(np.tile(builder.variables[column_name(mode)], names))
        values.append(use.T.ravel())
    return rows, cols, values


def add_capacity_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_im fte_imr x_im - e_r - s_r <= capacity_r for every role (in every year, when the
    years differ)."""
    own = capacity_rows(problem)
    periods = len(own)
    external = builder.add_columns(
        "external", periods, 0.0, problem.per_period(problem.external_max), 0.0
    )
    overflow = _overflow(builder, "capacity", own)
    limit = _limit(problem, "capacity")
    rows, cols, values = _limit_entries(builder, problem, limit, less_stop=False)
    rows += [np.arange(periods)] * 2
    cols += [external, overflow]
    values += [-np.ones(periods)] * 2
    builder.add_rows(
        "capacity",
        periods,
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        upper=own,
    )


def _external_cost_entries(
    builder: ModelBuilder, problem: Problem
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """sum_r rate_r e_r per year: every role's external columns in each year's row."""
    years, roles = len(problem.years), len(problem.roles)
    external = builder.variables["external"]
    if not problem.phased:
        return (
            np.repeat(np.arange(years), roles),
            np.tile(external, years),
            np.tile(problem.external_cost, years),
        )
    by_year = external.reshape(roles, years)  # periods are role-major
    return (
        np.tile(np.arange(years), roles),
        by_year.ravel(),
        np.repeat(problem.external_cost, years),
    )


def add_budget_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """Investment, stop costs (and external FTE without a transformation budget) within the
    general fund's budget, with what non-ring-fenced streams leave (`general_budget`):

    sum_(i not ring-fenced, m) cost_imt x_im + stop_it (1 - p_i) [+ sum_r rate_r e_rt] - s_t
        <= budget_t + sum_(s not ring-fenced) budget_st
    """
    years = len(problem.years)
    limit = _limit(problem, "budget")
    overflow = _overflow(builder, "budget", limit.available)
    rows, cols, values = _limit_entries(builder, problem, limit, less_stop=True)
    rows.append(np.arange(years))
    cols.append(overflow)
    values.append(-np.ones(years))
    if problem.external_budget is None:
        extra_rows, extra_cols, extra_values = _external_cost_entries(builder, problem)
        rows.append(extra_rows)
        cols.append(extra_cols)
        values.append(extra_values)
    builder.add_rows(
        "budget",
        years,
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        upper=limit.available - limit.stop.sum(axis=0),
    )


def add_stream_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_(i in stream s, m) cost_imt x_im + stop_it (1 - p_i) - s_st <= budget_st: a
    stream's projects within its budget, each year (so ring-fenced money, which is in no
    other row, pays for nothing else)."""
    if not problem.streams:
        return
    limit = _limit(problem, "stream")
    count = len(limit.names)
    overflow = _overflow(builder, "stream", limit.available)
    rows, cols, values = _limit_entries(builder, problem, limit, less_stop=True)
    rows.append(np.arange(count))
    cols.append(overflow)
    values.append(-np.ones(count))
    builder.add_rows(
        "stream",
        count,
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        upper=limit.available - limit.stop.sum(axis=0),
    )


def add_external_budget_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_r rate_r e_rt <= transformation budget_t, where one is configured."""
    if problem.external_budget is None:
        return
    rows, cols, values = _external_cost_entries(builder, problem)
    builder.add_rows(
        "external_budget", len(problem.years), rows, cols, values, upper=problem.external_budget
    )


def _pair_rows(
    builder: ModelBuilder,
    problem: Problem,
    family: str,
    pairs: np.ndarray,
    sign: float,
    lower: float = -INF,
    upper: float = INF,
    in_time: bool = False,
) -> None:
    """Per pair (i, j): lower <= p_i + sign p_j <= upper. `in_time` adds the same row over the
    modes that start fewer than s years late, for each s a pause may last: so a dependant
    starts no earlier than its prerequisite, and partners start in the same year."""
    if not len(pairs):
        return
    pairs = np.array(pairs, dtype=np.int64)
    k = len(pairs)
    thresholds: list[int | None] = [None]
    if in_time:
        thresholds += list(range(1, problem.max_delay + 1))
    rows, cols, values = [], [], []
    for level, before in enumerate(thresholds):
        first, at_first = _mode_columns(builder, problem, pairs[:, 0], before)
        second, at_second = _mode_columns(builder, problem, pairs[:, 1], before)
        rows += [at_first + level * k, at_second + level * k]
        cols += [first, second]
        values += [np.ones(len(first)), np.full(len(second), sign)]
    builder.add_rows(
        family,
        k * len(thresholds),
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        lower=lower,
        upper=upper,
    )


def add_dependency_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """p_i - p_j <= 0: a project proceeds only if each prerequisite j proceeds, and (over the
    modes starting fewer than s years late) starts no earlier than it."""
    _pair_rows(builder, problem, "requires", problem.requires, -1.0, upper=0.0, in_time=True)


def add_conflict_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_(i in C) p_i <= 1 for each clique C of clashing projects (`clique_cover`): projects
    that clash never both proceed, whenever they would start."""
    if not len(problem.conflicts):
        return
    cliques = clique_cover(problem.conflicts)
    members = np.concatenate(cliques)
    cols, where = _mode_columns(builder, problem, members)
    row_of = np.repeat(np.arange(len(cliques)), [len(c) for c in cliques])
    builder.add_rows("conflicts", len(cliques), row_of[where], cols, np.ones(len(cols)), upper=1.0)


def add_together_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """p_i - p_j = 0: projects that go together proceed together, in the same year, or not at
    all."""
    _pair_rows(
        builder,
        problem,
        "together",
        problem.together,
        -1.0,
        lower=0.0,
        upper=0.0,
        in_time=True,
    )


def _finish(builder: ModelBuilder, problem: Problem) -> MatrixModel:
    matrix = sp.csr_matrix(
        (
            np.concatenate(builder.values) if builder.values else np.zeros(0),
            (np.concatenate(builder.rows), np.concatenate(builder.cols)),
        ),
        shape=(builder.n_rows, builder.n_cols),
    )
    matrix.sum_duplicates()
    return MatrixModel(
        cost=np.concatenate(builder.cost),
        matrix=matrix,
        row_lower=np.concatenate(builder.row_lower),
        row_upper=np.concatenate(builder.row_upper),
        col_lower=np.concatenate(builder.col_lower),
        col_upper=np.concatenate(builder.col_upper),
        integer=np.concatenate(builder.integer),
        families=builder.families,
        variables=builder.variables,
        modes=modes_of(problem),
    )
