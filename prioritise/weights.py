"""Criteria weights from direct values, swing points or an AHP pairwise matrix."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from inputs.settings import CRITERIA, CriteriaWeights, RandomIndexTable, ahp_pair

RANDOM_INDEX: dict[RandomIndexTable, dict[int, float]] = {
    "saaty_1980": {
        1: 0.0,
        2: 0.0,
        3: 0.58,
        4: 0.90,
        5: 1.12,
        6: 1.24,
        7: 1.32,
        8: 1.41,
        9: 1.45,
        10: 1.49,
    },
    "saaty_2005": {
        1: 0.0,
        2: 0.0,
        3: 0.52,
        4: 0.89,
        5: 1.11,
        6: 1.25,
        7: 1.35,
        8: 1.40,
        9: 1.45,
        10: 1.49,
    },
    "donegan_dodd_1991": {
        1: 0.0,
        2: 0.0,
        3: 0.4914,
        4: 0.8286,
        5: 1.0591,
        6: 1.1797,
        7: 1.2519,
        8: 1.3171,
        9: 1.3733,
        10: 1.4055,
    },
}
CR_LIMIT = 0.10


@dataclass(frozen=True)
class AhpResult:
    """Principal-eigenvector priorities of a pairwise matrix and how consistent it is."""

    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CR_LIMIT


@dataclass(frozen=True)
class ResolvedWeights:
    """The weights used, normalised to sum to 1, with how they were obtained."""

    weights: dict[str, float]
    method: str
    consistency_ratio: float | None = None
    warnings: tuple[str, ...] = ()

    def as_array(self) -> np.ndarray:
        return np.array([self.weights[c] for c in CRITERIA])


def ahp_weights(matrix: np.ndarray, table: RandomIndexTable = "saaty_1980") -> AhpResult:
    """Saaty's eigenvector method: w solves A w = lambda_max w; CR = CI / RI, CI = (l - n)/(n - 1).

    Raises:
        ValueError: the matrix is not square, positive and reciprocal.
    """
    matrix = np.asarray(matrix, dtype=float)
    n = matrix.shape[0]
    if matrix.ndim != 2 or matrix.shape != (n, n) or n < 1:
        raise ValueError("an AHP matrix must be square")
    if (matrix <= 0).any() or not np.allclose(matrix * matrix.T, 1.0, rtol=1e-6):
        raise ValueError("an AHP matrix must be positive and reciprocal (a_ji = 1 / a_ij)")
    values, vectors = np.linalg.eig(matrix)
    principal = int(np.argmax(values.real))
    vector = np.abs(vectors[:, principal].real)
    lambda_max = float(values[principal].real)
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[table].get(n)
    if ri is None:
        raise ValueError(f"no random index for {n} criteria in table {table}")
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(vector / vector.sum(), lambda_max, ci, cr)


def pairwise_matrix(pairs: dict[str, float], items: tuple[str, ...] = CRITERIA) -> np.ndarray:
    """The reciprocal matrix from judgements like {"value/risk": 3}; gaps completed."""
    index = {item: i for i, item in enumerate(items)}
    matrix = np.full((len(items), len(items)), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for key, ratio in pairs.items():
        first, second = ahp_pair(key)
        matrix[index[first], index[second]] = ratio
        matrix[index[second], index[first]] = 1 / ratio
    return complete_matrix(matrix)


def complete_matrix(matrix: np.ndarray, sweeps: int = 60) -> np.ndarray:
    """Fill missing (NaN) judgements so lambda_max is least (Bozoki, Fulop and Ronyai 2010).

    lambda_max is convex in the logs of the missing entries, so cyclic one-dimensional golden
    section searches in log space converge to the completion they define.
    """
    matrix = np.array(matrix, dtype=float)
    missing = [(i, j) for i, j in zip(*np.where(np.isnan(matrix)), strict=True) if i < j]
    matrix[np.isnan(matrix)] = 1.0
    for _ in range(sweeps if missing else 0):
        for i, j in missing:
            best = _golden_min(functools.partial(_lambda_at_log, matrix, i, j))
            matrix[i, j], matrix[j, i] = np.exp(best), np.exp(-best)
    return matrix


def _lambda_at_log(matrix: np.ndarray, i: int, j: int, log_value: float) -> float:
    return _lambda_with(matrix, i, j, float(np.exp(log_value)))


def _lambda_with(matrix: np.ndarray, i: int, j: int, value: float) -> float:
    trial = matrix.copy()
    trial[i, j], trial[j, i] = value, 1 / value
    return float(np.max(np.linalg.eigvals(trial).real))


def _golden_min(
    f: Callable[[float], float],
    low: float = -np.log(81),
    high: float = np.log(81),
    tolerance: float = 1e-10,
) -> float:
    ratio = (np.sqrt(5) - 1) / 2
    a, b = low, high
    while b - a > tolerance:
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if f(c) < f(d):
            b = d
        else:
            a = c
    return (a + b) / 2


def swing_weights(points: dict[str, float]) -> dict[str, float]:
    """Swing weighting: each criterion's points over the total."""
    total = sum(points[c] for c in CRITERIA)
    return {c: points[c] / total for c in CRITERIA}


def resolve_weights(weights: CriteriaWeights) -> ResolvedWeights:
    """The weights the config asks for, normalised; warns when AHP judgements are inconsistent."""
    if weights.ahp is not None:
        result = ahp_weights(pairwise_matrix(weights.ahp), weights.random_index)
        warnings: tuple[str, ...] = ()
        if not result.consistent:
            warnings = (
                f"AHP judgements are inconsistent: consistency ratio {result.consistency_ratio:.3f}"
                f" is above {CR_LIMIT:.2f}; revisit the pairwise comparisons",
            )
        resolved: dict[str, float] = dict(zip(CRITERIA, map(float, result.weights), strict=True))
        return ResolvedWeights(resolved, "ahp", result.consistency_ratio, warnings)
    if weights.swing is not None:
        return ResolvedWeights(swing_weights({c: p for c, p in weights.swing.items()}), "swing")
    direct = weights.direct
    total = sum(direct.values())
    return ResolvedWeights({c: w / total for c, w in direct.items()}, "direct")
