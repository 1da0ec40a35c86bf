"""The integer program's plumbing: columns and rows gathered as arrays, one sparse matrix out.

Also the variants of a built model the optimiser needs: hard limits, the least-overflow
diagnosis, a preference for a what-if's recommended plan, and changed limits (the frontier).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from inputs.decisions import Mode

INF = float("inf")


@dataclass
class ModelBuilder:
    """Columns and rows gathered as arrays; turned into one CSR matrix at the end."""

    cost: list[np.ndarray] = field(default_factory=list)
    col_lower: list[np.ndarray] = field(default_factory=list)
    col_upper: list[np.ndarray] = field(default_factory=list)
    integer: list[np.ndarray] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)
    cols: list[np.ndarray] = field(default_factory=list)
    values: list[np.ndarray] = field(default_factory=list)
    row_lower: list[np.ndarray] = field(default_factory=list)
    row_upper: list[np.ndarray] = field(default_factory=list)
    families: dict[str, np.ndarray] = field(default_factory=dict)
    variables: dict[str, np.ndarray] = field(default_factory=dict)
    n_cols: int = 0
    n_rows: int = 0

    def add_columns(
        self,
        name: str,
        count: int,
        lower: float | np.ndarray = 0.0,
        upper: float | np.ndarray = INF,
        cost: float | np.ndarray = 0.0,
        integer: bool = False,
    ) -> np.ndarray:
        index = np.arange(self.n_cols, self.n_cols + count)
        self.cost.append(np.broadcast_to(np.asarray(cost, dtype=float), (count,)).copy())
        self.col_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)).copy())
        self.col_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)).copy())
        self.integer.append(np.full(count, integer))
        self.variables[name] = index
        self.n_cols += count
        return index

    def add_rows(
        self,
        family: str,
        count: int,
        rows: np.ndarray,
        cols: np.ndarray,
        values: np.ndarray,
        lower: float | np.ndarray = -INF,
        upper: float | np.ndarray = INF,
    ) -> np.ndarray:
        """`count` rows; `rows` holds each entry's row number within this family (0..count-1)."""
        index = np.arange(self.n_rows, self.n_rows + count)
        keep = np.asarray(values, dtype=float) != 0
        self.rows.append(np.asarray(rows, dtype=np.int64)[keep] + self.n_rows)
        self.cols.append(np.asarray(cols, dtype=np.int64)[keep])
        self.values.append(np.asarray(values, dtype=float)[keep])
        self.row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)).copy())
        self.row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)).copy())
        self.families[family] = index
        self.n_rows += count
        return index


@dataclass(frozen=True)
class MatrixModel:
    """maximise cost @ x subject to row_lower <= A x <= row_upper, bounds, integrality."""

    cost: np.ndarray
    matrix: sp.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    families: dict[str, np.ndarray]
    variables: dict[str, np.ndarray]
    modes: tuple[Mode, ...]  # the modes with a column per project (`column_name`)


def column_name(mode: Mode) -> str:
    """The variable family of a mode's columns: continue, accelerate, later_1 ..."""
    return mode.name.lower()


def preferring(model: MatrixModel, reference: np.ndarray, weight: float) -> MatrixModel:
    """The same model, with `weight` more objective per decision kept as in a reference plan.

    Agreement = sum over projects of [decision as in the reference]: x_im where it ran in mode
    m, and 1 - p_i where it stopped (the constant dropped).
    """
    cost = model.cost.copy()
    stopped = reference == Mode.STOP
    for mode in model.modes:
        columns = model.variables[column_name(mode)]
        cost[columns] += weight * np.where(reference == mode, 1.0, np.where(stopped, -1.0, 0.0))
    return _replace(model, cost=cost)


def with_row_upper(model: MatrixModel, family: str, extra: np.ndarray) -> MatrixModel:
    """The same model with `extra` added to the upper bounds of one row family."""
    upper = model.row_upper.copy()
    upper[model.families[family]] += extra
    return _replace(model, row_upper=upper)


def _replace(model: MatrixModel, **changes: object) -> MatrixModel:
    return MatrixModel(**{**model.__dict__, **changes})


OVERFLOW = "_overflow"
"""Suffix of the overflow columns of a limit family: `capacity_overflow` for `capacity`."""


def overflow_columns(model: MatrixModel) -> dict[str, np.ndarray]:
    """Limit family -> its overflow columns."""
    return {
        name.removesuffix(OVERFLOW): columns
        for name, columns in model.variables.items()
        if name.endswith(OVERFLOW)
    }


def hard_limits(model: MatrixModel) -> MatrixModel:
    """The model with every overflow fixed at 0: the limits are hard."""
    upper = model.col_upper.copy()
    for columns in overflow_columns(model).values():
        upper[columns] = 0.0
    return _replace(model, col_upper=upper)


def overflow_only(model: MatrixModel) -> MatrixModel:
    """The smallest overflow (relative to each limit) that lets the forced work fit.

    Solved only when the hard model is infeasible, to name the limits that clash.
    """
    cost = np.zeros_like(model.cost)
    for columns in overflow_columns(model).values():
        cost[columns] = model.cost[columns]
    return _replace(model, cost=cost)


def without_fixed(
    model: MatrixModel, fixed: np.ndarray, values: np.ndarray
) -> tuple[MatrixModel, np.ndarray]:
    """The model over the free columns only: fixed columns moved into the row bounds.

    Returns the smaller model and the indices of its columns in the original one. Rows left
    with no free column are dropped (the fixed values already satisfy them).
    """
    kept = np.flatnonzero(~fixed)
    shift = model.matrix[:, np.flatnonzero(fixed)] @ values[fixed]
    matrix = model.matrix[:, kept].tocsr()
    rows = np.flatnonzero(np.diff(matrix.indptr) > 0)
    small = MatrixModel(
        cost=model.cost[kept],
        matrix=matrix[rows],
        row_lower=(model.row_lower - shift)[rows],
        row_upper=(model.row_upper - shift)[rows],
        col_lower=model.col_lower[kept],
        col_upper=model.col_upper[kept],
        integer=model.integer[kept],
        families={},
        variables={},
        modes=(),
    )
    return small, kept
