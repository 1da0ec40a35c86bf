"""The integer program as sparse matrices, built one constraint family at a time.

Variables (all per project i, year t, role r):
    c_i, a_i in {0,1}   continue / accelerate (a_i only where acceleration is allowed);
                        p_i = c_i + a_i <= 1 proceeds, 1 - p_i stops (pause or terminate)
    u_t >= 0            shortfall: gap not closed in year t
    e_r in [0, E_r]     external FTE bought
    y_kt >= 0           benefit counted from pool k in year t
    s >= 0              overflow of a capacity or budget row: fixed at 0 when solving, and
                        minimised alone only to name the clash when no plan fits

maximise  100 [ (1 - w) (1 - sum_t u_t / G) + w sum_i s_i p_i / S ]
where G is the whole gap, S the sum of all scores and w the score weight. The gap rows ask for
the gap plus the MTFS savings the budget already relies on (m_it, as planned), so stopping a
project in the MTFS widens the shortfall by exactly its savings.

The builder reads like the formulation: `build_model` calls one `add_*` per family.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from inputs.decisions import Mode
from optimiser.matrix import INF, OVERFLOW, MatrixModel, ModelBuilder
from optimiser.problem import Problem

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
    add_external_budget_constraints(builder, problem)
    add_dependency_constraints(builder, problem)
    add_conflict_constraints(builder, problem)
    add_together_constraints(builder, problem)
    add_benefit_pool_constraints(builder, problem)
    add_gap_constraints(builder, problem)
    return _finish(builder, problem)


def add_decision_variables(builder: ModelBuilder, problem: Problem) -> float:
    """c_i and a_i with the score term; mandatory work and locks fixed through their bounds.

    The objective's constant (the whole gap closed) is a column fixed at 1, so both solvers
    measure their relative gap on the same 0-100 objective.
    """
    n = problem.size
    total = problem.score.sum()
    weight = 100 * problem.score_weight / total if total > 0 else 0.0
    lower_c, upper_c = np.zeros(n), np.ones(n)
    upper_a = problem.can_accelerate.astype(float)
    lower_a = np.zeros(n)
    for i, lock in problem.locks.items():
        upper_c[i] = min(upper_c[i], float(Mode.CONTINUE in lock.modes))
        upper_a[i] = min(upper_a[i], float(Mode.ACCELERATE in lock.modes))
        lower_c[i] = float(lock.modes == {Mode.CONTINUE})
        lower_a[i] = float(lock.modes == {Mode.ACCELERATE})
    only_continue = problem.mandatory & (upper_a == 0)
    lower_c[only_continue] = 1.0
    builder.add_columns("continue", n, lower_c, upper_c, problem.score * weight, integer=True)
    fast = problem.score * weight - ACCELERATE_TIE_BREAK  # only accelerate where it pays
    builder.add_columns("accelerate", n, lower_a, upper_a, fast, integer=True)
    offset = 100 * (1 - problem.score_weight) if problem.gap_scale > 0 else 0.0
    builder.add_columns("constant", 1, 1.0, 1.0, offset)
    return offset


def _proceeds(builder: ModelBuilder, projects: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns and coefficients of p_i = c_i + a_i for each given project (two entries each)."""
    cols = np.concatenate(
        [builder.variables["continue"][projects], builder.variables["accelerate"][projects]]
    )
    return cols, np.ones(len(cols))


def add_choice_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """c_i + a_i <= 1; = 1 for mandatory work and `keep` locks (they must proceed)."""
    n = problem.size
    must = problem.mandatory.copy()
    for i, lock in problem.locks.items():
        must[i] |= lock.forces_proceed
    cols, values = _proceeds(builder, np.arange(n))
    builder.add_rows(
        "choice",
        n,
        np.tile(np.arange(n), 2),
        cols,
        values,
        lower=np.where(must, 1.0, -INF),  # a one-sided row where nothing is forced
        upper=1.0,
    )


def _overflow(builder: ModelBuilder, family: str, limits: np.ndarray) -> np.ndarray:
    """Overflow columns of a limit family: fixed at 0 when solving, priced in the diagnosis."""
    penalty = OVERFLOW_PENALTY / np.maximum(limits, 1.0)
    return builder.add_columns(family + OVERFLOW, len(limits), 0.0, INF, -penalty)


def add_capacity_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_i fte_ir c_i + fte'_ir a_i - e_r - s_r <= capacity_r for every role."""
    n, roles = problem.size, len(problem.roles)
    external = builder.add_columns("external", roles, 0.0, problem.external_max, 0.0)
    overflow = _overflow(builder, "capacity", problem.capacity)
    project = np.arange(n)
    rows = [np.repeat(np.arange(roles), n)] * 2 + [np.arange(roles)] * 2
    cols = [
        np.tile(builder.variables["continue"][project], roles),
        np.tile(builder.variables["accelerate"][project], roles),
        external,
        overflow,
    ]
    values = [problem.fte.T.ravel(), problem.fte_acc.T.ravel(), -np.ones(roles), -np.ones(roles)]
    builder.add_rows(
        "capacity",
        roles,
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        upper=problem.capacity,
    )


def add_budget_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """Investment, stop costs (and external FTE without a transformation budget) within budget.

    sum_i cost_it c_i + cost'_it a_i + stop_it (1 - p_i) [+ sum_r rate_r e_r] - s_t <= budget_t
    """
    n, years = problem.size, len(problem.years)
    overflow = _overflow(builder, "budget", problem.budget)
    stop = problem.stop_cost
    rows = [np.repeat(np.arange(years), n)] * 2 + [np.arange(years)]
    cols = [
        np.tile(builder.variables["continue"], years),
        np.tile(builder.variables["accelerate"], years),
        overflow,
    ]
    values = [(problem.cost - stop).T.ravel(), (problem.cost_acc - stop).T.ravel(), -np.ones(years)]
    if problem.external_budget is None:
        roles = len(problem.roles)
        rows.append(np.repeat(np.arange(years), roles))
        cols.append(np.tile(builder.variables["external"], years))
        values.append(np.tile(problem.external_cost, years))
    builder.add_rows(
        "budget",
        years,
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        upper=problem.budget - stop.sum(axis=0),
    )


def add_external_budget_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_r rate_r e_r <= transformation budget_t, where one is configured."""
    if problem.external_budget is None:
        return
    years, roles = len(problem.years), len(problem.roles)
    builder.add_rows(
        "external_budget",
        years,
        np.repeat(np.arange(years), roles),
        np.tile(builder.variables["external"], years),
        np.tile(problem.external_cost, years),
        upper=problem.external_budget,
    )


def _pair_rows(
    builder: ModelBuilder,
    family: str,
    pairs: np.ndarray,
    sign: float,
    lower: float = -INF,
    upper: float = INF,
) -> None:
    """One row per pair (i, j): lower <= p_i + sign p_j <= upper."""
    if not len(pairs):
        return
    pairs = np.array(pairs, dtype=np.int64)
    k = len(pairs)
    first, _ = _proceeds(builder, pairs[:, 0])
    second, _ = _proceeds(builder, pairs[:, 1])
    values = np.concatenate([np.ones(2 * k), np.full(2 * k, sign)])
    rows = np.tile(np.arange(k), 4)
    builder.add_rows(
        family, k, rows, np.concatenate([first, second]), values, lower=lower, upper=upper
    )


def add_dependency_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """p_i - p_j <= 0: a project proceeds only if each prerequisite j proceeds."""
    _pair_rows(builder, "requires", problem.requires, -1.0, upper=0.0)


def add_conflict_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """p_i + p_j <= 1: projects that clash never both proceed."""
    _pair_rows(builder, "conflicts", problem.conflicts, 1.0, upper=1.0)


def add_together_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """p_i - p_j = 0: projects that go together proceed together or not at all."""
    _pair_rows(builder, "together", problem.together, -1.0, lower=0.0, upper=0.0)


def counted_pools(problem: Problem) -> list[int]:
    """Pools that need their own variables: shared under `largest`, or capped."""
    return [k for k, pool in enumerate(problem.pools) if pool.needs_own_count]


def add_benefit_pool_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """Savings from one pool counted once: y_kt <= cap_kt, and

    sum_capped: y_kt <= sum_{i in k} g_it c_i + g'_it a_i;
    largest:    y_kt <= sum_{i,m} g_imt w_imt, w_imt <= x_im, sum_{i,m} w_imt <= 1
    (the pool is credited with one claim a year, and the best one is taken).
    """
    years = len(problem.years)
    pools = counted_pools(problem)
    caps = np.array([problem.pools[k].cap for k in pools]).reshape(len(pools), years)
    y = builder.add_columns(
        "pool", len(pools) * years, 0.0, np.where(np.isnan(caps), INF, caps).ravel()
    )
    claims = {  # an MTFS saving claims its pool like new money: the pool's money is counted once
        "continue": problem.gain + problem.mtfs,
        "accelerate": problem.gain_acc + problem.mtfs_acc,
    }
    upper = np.concatenate(builder.col_upper)
    credit_rows, credit_cols, credit_values = [], [], []
    link_rows, link_cols, link_values, one_rows, one_cols = [], [], [], [], []
    w_count = 0
    for position, k in enumerate(pools):
        pool = problem.pools[k]
        for t in range(years):
            row = position * years + t
            credit_rows.append(row)
            credit_cols.append(y[row])
            credit_values.append(1.0)
            for i in pool.members:
                for mode, gain in claims.items():
                    column = builder.variables[mode][i]
                    if gain[i, t] <= 0 or upper[column] <= 0:
                        continue
                    if pool.rule == "largest":
                        link_rows.append(w_count)
                        link_cols.append(column)
                        link_values.append(gain[i, t])
                        one_rows.append(row)
                        one_cols.append(w_count)
                        w_count += 1
                    else:
                        credit_rows.append(row)
                        credit_cols.append(column)
                        credit_values.append(-gain[i, t])
    count = len(pools) * years
    if w_count:
        w = builder.add_columns("pool_share", w_count, 0.0, 1.0)
        claim = np.array(link_values)
        credit_rows += one_rows
        credit_cols += list(w[np.array(one_cols)])
        credit_values += list(-claim)
        builder.add_rows(
            "pool_share_link",
            w_count,
            np.concatenate([np.arange(w_count)] * 2),
            np.concatenate([w, np.array(link_cols)]),
            np.concatenate([np.ones(w_count), -np.ones(w_count)]),
            upper=0.0,
        )
        builder.add_rows(
            "pool_one_claim",
            count,
            np.array(one_rows),
            w[np.array(one_cols)],
            np.ones(w_count),
            upper=1.0,
        )
    builder.add_rows(
        "pool",
        count,
        np.array(credit_rows, dtype=np.int64),
        np.array(credit_cols, dtype=np.int64),
        np.array(credit_values),
        upper=0.0,
    )


def add_gap_constraints(builder: ModelBuilder, problem: Problem) -> None:
    """sum_(i not pooled) g_it c_i + g'_it a_i + sum_k y_kt + sum_i m_it c_i + m'_it a_i + u_t
    >= gap_t + sum_i m_it, u_t in [0, gap_t + sum_i m_it]: new money closes the gap, and the
    MTFS savings of every project that proceeds keep the hole they fill closed."""
    years, n = len(problem.years), problem.size
    total = problem.gap_scale
    penalty = 100 * (1 - problem.score_weight) / total if total > 0 else 0.0
    target = problem.target
    shortfall = builder.add_columns("shortfall", years, 0.0, target, -penalty)
    pooled = np.zeros(n, dtype=bool)
    for k in counted_pools(problem):
        pooled[list(problem.pools[k].members)] = True
    free = np.flatnonzero(~pooled)
    pools = len(counted_pools(problem))
    y = (
        builder.variables["pool"].reshape(pools, years)
        if pools
        else np.zeros((0, years), dtype=int)
    )
    saving = np.flatnonzero((problem.mtfs.any(axis=1) | problem.mtfs_acc.any(axis=1)) & ~pooled)
    rows = [
        np.repeat(np.arange(years), len(free)),
        np.repeat(np.arange(years), len(free)),
        np.repeat(np.arange(years), pools),
        np.arange(years),
        np.repeat(np.arange(years), len(saving)),
        np.repeat(np.arange(years), len(saving)),
    ]
    cols = [
        np.tile(builder.variables["continue"][free], years),
        np.tile(builder.variables["accelerate"][free], years),
        y.T.ravel(),
        shortfall,
        np.tile(builder.variables["continue"][saving], years),
        np.tile(builder.variables["accelerate"][saving], years),
    ]
    values = [
        problem.gain[free].T.ravel(),
        problem.gain_acc[free].T.ravel(),
        np.ones(years * pools),
        np.ones(years),
        problem.mtfs[saving].T.ravel(),
        problem.mtfs_acc[saving].T.ravel(),
    ]
    builder.add_rows(
        "gap",
        years,
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        lower=target,
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
    accelerate = np.where(problem.can_accelerate, builder.variables["accelerate"], -1)
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
        accelerate_col=accelerate,
    )
