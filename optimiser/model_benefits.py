"""The integer program's benefit families: savings pools counted once, and the gap rows.

Part of the formulation in `optimiser.model` (see its docstring); kept apart because pools
need their own variables and the gap rows read them.
"""

from __future__ import annotations

import numpy as np

from inputs.decisions import Mode
from optimiser.matrix import INF, ModelBuilder, column_name
from optimiser.options import allowed, figures, modes_of
from optimiser.problem import Problem


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
        column_name(mode): figures(problem, mode).claims * allowed(problem, mode)[:, None]
        for mode in modes_of(problem)
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
    """sum_(i not pooled, m) (g_imt + m_imt) x_im + sum_k y_kt + u_t >= gap_t + sum_i m_it,
    u_t in [0, gap_t + sum_i m_it]: new money closes the gap, and the MTFS savings of every
    project that proceeds keep the hole they fill closed (in the years it delivers them)."""
    years = len(problem.years)
    total = problem.gap_scale
    penalty = 100 * (1 - problem.score_weight) / total if total > 0 else 0.0
    target = problem.target
    builder.add_columns("shortfall", years, 0.0, target, -penalty)
    claims = {mode: figures(problem, mode).claims for mode in modes_of(problem)}
    rows, cols, values = gap_entries(problem, builder.variables, claims)
    builder.add_rows("gap", years, rows, cols, values, lower=target)


def gap_entries(
    problem: Problem, variables: dict[str, np.ndarray], claims: dict[Mode, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gap rows' entries (row = year) for each mode's claims (n x years): the claims of
    projects in no counted pool, each pool's count and the shortfall."""
    years, n = len(problem.years), problem.size
    pooled = np.zeros(n, dtype=bool)
    for k in counted_pools(problem):
        pooled[list(problem.pools[k].members)] = True
    free = np.flatnonzero(~pooled)
    pools = len(counted_pools(problem))
    y = variables["pool"].reshape(pools, years) if pools else np.zeros((0, years), dtype=int)
    rows = [np.repeat(np.arange(years), pools), np.arange(years)]
    cols = [y.T.ravel(), variables["shortfall"]]
    values = [np.ones(years * pools), np.ones(years)]
    for mode in modes_of(problem):
        claim = claims[mode][free] * allowed(problem, mode)[free, None]
        rows.append(np.repeat(np.arange(years), len(free)))
        cols.append(np.tile(variables[column_name(mode)][free], years))
        values.append(claim.T.ravel())
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(values)
