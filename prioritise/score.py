"""Scoring a portfolio: four criteria on 0-100, weighted, ranked, with stability bands."""

from __future__ import annotations

import numpy as np

from inputs.settings import CRITERIA
from portfolio import Portfolio
from prioritise.criteria import criteria_scores, priority_of, ranks_of
from prioritise.result import ProjectScore, ScoreResult
from prioritise.stability import rank_stability
from prioritise.weights import resolve_weights


def score_portfolio(portfolio: Portfolio, *, stability: bool = True) -> ScoreResult:
    """Every project scored and ranked, each number traceable to its inputs and the weights.

    total = sum_c w_c s_c with weights normalised to 1, so totals are on 0-100. A prerequisite
    ranks with the best project that needs it (just after it), so an enabler is never buried
    below the work it unlocks. Ties are broken by the value sub-score, then by id, so the
    ranking never depends on file order.
    """
    config = portfolio.config
    weights = resolve_weights(config.weights)
    benefit = portfolio.expected.sum(axis=1)
    scores = criteria_scores(portfolio, benefit)
    contributions = {c: weights.weights[c] * scores[c] for c in CRITERIA}
    totals = np.asarray(sum(contributions.values()))
    tie_break = _tie_break(portfolio.ids, scores["value"])
    ranks = ranks_of(totals, tie_break, portfolio.requires)
    bands = rank_stability(portfolio, weights, tie_break) if stability else None
    priority = priority_of(totals, portfolio.requires)
    lead = _leading_dependant(totals, priority, portfolio.requires)
    projects = []
    for i, project_id in enumerate(portfolio.ids):
        cost = float(portfolio.cost_risked[i])
        projects.append(
            ProjectScore(
                id=project_id,
                name=portfolio.names[i],
                rank=int(ranks[i]),
                total=float(totals[i]),
                scores={c: float(scores[c][i]) for c in CRITERIA},
                contributions={c: float(contributions[c][i]) for c in CRITERIA},
                gap_benefit=float(benefit[i]),
                cost=cost,
                roi=float(benefit[i] / cost) if cost > 0 else None,
                fte=float(portfolio.fte_total[i]),
                assumptions=portfolio.assumptions[i],
                rank_p5=float(bands.p5[i]) if bands else None,
                rank_p95=float(bands.p95[i]) if bands else None,
                p_top_k=float(bands.p_top_k[i]) if bands else None,
                ranked_with=portfolio.ids[lead[i]] if lead[i] != i else None,
                priority=float(priority[i]),
            )
        )
    projects.sort(key=lambda p: p.rank)
    return ScoreResult(
        projects=tuple(projects),
        weights=weights,
        top_k=config.stability.top_k,
        draws=config.stability.draws if stability else 0,
        seed=config.stability.seed if stability else None,
        warnings=weights.warnings,
    )


def _leading_dependant(
    totals: np.ndarray, priority: np.ndarray, requires: np.ndarray
) -> np.ndarray:
    """Per project, the project whose total its priority is (itself when not raised): followed
    from each prerequisite to a dependant of the same priority until one holds it itself."""
    step = np.arange(len(totals))
    if len(requires):
        dependant, prerequisite = requires[:, 0], requires[:, 1]
        raised = (priority[dependant] == priority[prerequisite]) & (
            priority[prerequisite] > totals[prerequisite]
        )
        step[prerequisite[raised]] = dependant[raised]
    lead = step
    while not np.array_equal(step[lead], lead):
        lead = step[lead]
    return lead


def _tie_break(ids: tuple[str, ...], value: np.ndarray) -> np.ndarray:
    """Position in (value desc, id asc) order, as a key where lower wins a tie on total."""
    order = np.lexsort((np.array(ids, dtype=object).argsort().argsort(), -value))
    key = np.empty(len(ids), dtype=int)
    key[order] = np.arange(len(ids))
    return key
