"""How sure is each rank: Monte Carlo over the weights and over benefits within low-high."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inputs.settings import CRITERIA
from portfolio import Portfolio
from portfolio.build import expected_benefit
from prioritise.criteria import criteria_scores, ranks_of
from prioritise.weights import ResolvedWeights

CHUNK_CELLS = 20_000_000
"""Draws are processed in chunks of about this many (draw x project x year) cells."""


@dataclass(frozen=True)
class RankBands:
    p5: np.ndarray
    p95: np.ndarray
    p_top_k: np.ndarray


def rank_stability(
    portfolio: Portfolio, weights: ResolvedWeights, tie_break: np.ndarray
) -> RankBands:
    """5th-95th percentile rank and P(rank <= k) per project, reproducible from the seed.

    Each draw takes weights from a Dirichlet centred on the given ones (concentration kappa)
    and a benefit point uniformly within each project's low-high range for each year. Random
    numbers are handed out in id order, so the bands never depend on the file's row order.
    """
    settings = portfolio.config.stability
    factor = portfolio.confidence * portfolio.gap_share
    rng = np.random.default_rng(settings.seed)
    base = weights.as_array()
    alpha = np.maximum(base * settings.weight_concentration, 1e-3)
    n, years = portfolio.low.shape
    id_position = np.argsort(np.argsort(np.array(portfolio.ids, dtype=object), kind="stable"))
    chunk = max(1, CHUNK_CELLS // max(1, n * years))
    ranks = []
    for start in range(0, settings.draws, chunk):
        size = min(chunk, settings.draws - start)
        drawn_weights = np.where(base > 0, rng.dirichlet(alpha, size), 0.0)
        drawn_weights /= drawn_weights.sum(axis=1, keepdims=True)
        point = rng.random((size, n, years))[:, id_position]
        benefit = expected_benefit(portfolio.low, portfolio.high, point, factor).sum(axis=-1)
        scores = criteria_scores(portfolio, benefit)
        totals = sum(
            drawn_weights[:, [i]] * np.broadcast_to(scores[c], (size, n))
            for i, c in enumerate(CRITERIA)
        )
        ranks.append(ranks_of(totals, tie_break, portfolio.requires))
    stacked = np.concatenate(ranks, axis=0)
    return RankBands(
        p5=np.percentile(stacked, 5, axis=0, method="lower"),
        p95=np.percentile(stacked, 95, axis=0, method="higher"),
        p_top_k=(stacked <= settings.top_k).mean(axis=0),
    )
