"""A plan for a confidence level: each year's gap closed in at least a share of sampled futures.

Sample average approximation of the chance constraint P(closed_t >= need_t) >= alpha: for
futures s = 1..S and years t, a binary z_st says future s closes year t, and

    sum_j d_stj x_j - need_t z_st >= 0      (no big-M: every delivery d_stj is >= 0)
    sum_s z_st + short_t >= ceil(alpha S)   short_t >= 0, each future short costs `penalty`

so the plan reaches the confidence where any plan can, and otherwise comes as near as it can;
within that, the model's own objective (value and gap closed on the expected basis) decides.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from optimiser.matrix import INF, MatrixModel

SHORT_PENALTY = 1_000.0
"""Objective points per future short of the confidence: far above the 0-100 objective, so the
confidence comes first."""


def with_chance_rows(
    model: MatrixModel,
    delivered: sp.csr_matrix,
    need: np.ndarray,
    share: float,
    reach: np.ndarray,
) -> MatrixModel:
    """The model with the chance rows for `delivered` ((futures x years) x the model's columns,
    row s * years + t: what each column delivers in future s, year t) against `need` (years).
    `reach` (futures x years) bounds what any plan delivers: where it falls short of the need,
    that future cannot close that year and its z is fixed at 0."""
    years = len(need)
    futures = delivered.shape[0] // years
    possible = (reach >= need[None, :] - 1e-9).ravel()
    wanted = math.ceil(share * futures - 1e-9)
    n_cols = len(model.cost)
    z = np.arange(n_cols, n_cols + futures * years)  # z[s * years + t]
    short = np.arange(z[-1] + 1, z[-1] + 1 + years)
    own = sp.hstack(
        [
            delivered,
            sp.diags(-np.tile(need, futures)),
            sp.csr_matrix((futures * years, years)),
        ]
    )
    count = sp.csr_matrix(
        (
            np.ones(futures * years + years),
            (
                np.concatenate([np.tile(np.arange(years), futures), np.arange(years)]),
                np.concatenate([z, short]),
            ),
        ),
        shape=(years, n_cols + len(z) + years),
    )
    first = sp.hstack([model.matrix, sp.csr_matrix((model.matrix.shape[0], len(z) + years))])
    matrix = sp.vstack([first, own, count], format="csr")
    rows = model.matrix.shape[0]
    families = {
        **model.families,
        "chance": np.arange(rows, rows + futures * years),
        "chance_count": np.arange(rows + futures * years, rows + futures * years + years),
    }
    return MatrixModel(
        cost=np.concatenate([model.cost, np.zeros(len(z)), np.full(years, -SHORT_PENALTY)]),
        matrix=matrix,
        row_lower=np.concatenate(
            [model.row_lower, np.zeros(futures * years), np.full(years, float(wanted))]
        ),
        row_upper=np.concatenate([model.row_upper, np.full(futures * years + years, INF)]),
        col_lower=np.concatenate([model.col_lower, np.zeros(len(z) + years)]),
        col_upper=np.concatenate(
            [model.col_upper, possible.astype(float), np.full(years, float(wanted))]
        ),
        integer=np.concatenate([model.integer, np.ones(len(z), bool), np.zeros(years, bool)]),
        families=families,
        variables={**model.variables, "chance": z, "chance_short": short},
        modes=model.modes,
    )
