"""The scoring arithmetic: plain functions over arrays, vectorised over Monte Carlo draws.

Every criterion lands on 0-100 (higher is better) so weights mean the same for each.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from portfolio import Portfolio

TIE_DECIMALS = 9
FTE_FLOOR = 0.1
"""FTE below which a project counts as this much, so value per FTE stays finite."""


def alignment_scores(alignment: np.ndarray, mission_weights: np.ndarray) -> np.ndarray:
    """100 * sum_m w_m a_m / (3 sum_m w_m), with alignment a_m on 0-3 (n x m)."""
    total = mission_weights.sum()
    if alignment.shape[1] == 0 or total <= 0:
        return np.zeros(alignment.shape[0])
    return 100.0 * (alignment @ mission_weights) / (3.0 * total)


def percentile_scale(values: np.ndarray) -> np.ndarray:
    """Each figure's percentile within the portfolio, 0-100, along the last axis.

    Benefits are heavy-tailed (a few millions, many thousands), so the score is the empirical
    distribution function: immune to outliers, independent of units, and a project's own score
    never falls when its own figure rises. Ties share their average rank; one project gets 50.
    Figures are compared to 9 decimals, so sums taken in another order (1.3 as 1.2999999999999998)
    stay ties.
    """
    values = np.round(np.asarray(values, dtype=float), TIE_DECIMALS)
    n = values.shape[-1]
    if n < 2:
        return np.full(values.shape, 50.0)
    rows = pd.DataFrame(values.reshape(-1, n)).rank(axis=1, method="average").to_numpy()
    return 100.0 * (rows.reshape(values.shape) - 1.0) / (n - 1)


def risk_scores(delivery_risk: np.ndarray, complexity: np.ndarray) -> np.ndarray:
    """Lower risk is better: 100 * (5 - mean(risk, complexity)) / 4, ratings on 1-5."""
    return 100.0 * (5.0 - (delivery_risk + complexity) / 2.0) / 4.0


def value_per_fte(benefit: np.ndarray, fte: np.ndarray) -> np.ndarray:
    """Gap-closing benefit per FTE needed: the efficiency of scarce people."""
    return benefit / np.maximum(fte, FTE_FLOOR)


def priority_of(totals: np.ndarray, requires: np.ndarray) -> np.ndarray:
    """Each project's total, raised to the best total of any project that needs it (directly or
    through others): a prerequisite ranks with the work it enables, not by its own benefit.

    One sweep down the prerequisite graph's generations (those nothing needs first), each
    generation's links in one vectorised step: a 10,000-long chain is 10,000 small steps, not
    10,000 passes over every link. `totals` may carry a leading axis of draws; `requires` is
    k x 2 (dependant, prerequisite), acyclic.
    """
    priority = np.array(totals, dtype=float)
    if not len(requires):
        return priority
    flat = priority.reshape(-1, priority.shape[-1]).T  # projects x draws, a view
    graph = nx.DiGraph(requires.tolist())
    generation = {
        node: g for g, nodes in enumerate(nx.topological_generations(graph)) for node in nodes
    }
    of_link = np.array([generation[d] for d in requires[:, 0].tolist()])
    order = np.argsort(of_link, kind="stable")
    starts = np.flatnonzero(np.diff(of_link[order], prepend=-1))
    for links in np.split(order, starts[1:]):
        np.maximum.at(flat, requires[links, 1], flat[requires[links, 0]])
    return priority


def ranks_of(
    totals: np.ndarray, tie_break: np.ndarray, requires: np.ndarray | None = None
) -> np.ndarray:
    """1-based ranks along the last axis: highest total first, ties by `tie_break` order. With
    `requires`, a prerequisite ranks with the best project that needs it (just after it)."""
    keys = [np.broadcast_to(tie_break, totals.shape), -totals]
    if requires is not None and len(requires):
        keys.append(-priority_of(totals, requires))
    order = np.lexsort(tuple(keys), axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, totals.shape[-1] + 1), axis=-1)
    return ranks


def criteria_scores(portfolio: Portfolio, benefit: np.ndarray) -> dict[str, np.ndarray]:
    """Sub-scores per criterion from each project's gap-closing benefit over the horizon.

    `benefit` may carry a leading axis of Monte Carlo draws; alignment and risk do not vary.
    """
    return {
        "mission_alignment": alignment_scores(portfolio.alignment, portfolio.mission_weights),
        "value": percentile_scale(benefit - portfolio.cost_risked),
        "risk": risk_scores(portfolio.delivery_risk, portfolio.complexity),
        "capacity": percentile_scale(value_per_fte(benefit, portfolio.fte_total)),
    }
