"""Scoring a register: four criteria on 0-100, weighted, ranked, with stability bands."""

from __future__ import annotations

import numpy as np

from inputs.config import Config
from inputs.models import Register
from inputs.settings import CRITERIA
from prioritise.criteria import gap_benefit, ranks_of
from prioritise.figures import build_figures, scores_for_benefit
from prioritise.result import ProjectScore, ScoreResult
from prioritise.stability import rank_stability
from prioritise.weights import resolve_weights


def score_portfolio(register: Register, config: Config, *, stability: bool = True) -> ScoreResult:
    """Every project scored and ranked, each number traceable to its inputs and the weights.

    total = sum_c w_c s_c with weights normalised to 1, so totals are on 0-100. Ties are broken
    by the value sub-score, then by id, so the ranking never depends on file order.
    """
    figures = build_figures(register, config)
    weights = resolve_weights(config.weights)
    settings = config.scoring
    benefit = gap_benefit(figures.low, figures.high, settings.range_point, figures.factor)
    scores = scores_for_benefit(figures, benefit)
    contributions = {c: weights.weights[c] * scores[c] for c in CRITERIA}
    totals = sum(contributions.values())
    tie_break = _tie_break(figures.ids, scores["value"])
    ranks = ranks_of(np.asarray(totals), tie_break)
    bands = rank_stability(figures, weights, config, tie_break) if stability else None
    projects = []
    for i, project_id in enumerate(figures.ids):
        cost = float(figures.cost[i])
        projects.append(
            ProjectScore(
                id=project_id,
                name=figures.names[i],
                rank=int(ranks[i]),
                total=float(totals[i]),
                scores={c: float(scores[c][i]) for c in CRITERIA},
                contributions={c: float(contributions[c][i]) for c in CRITERIA},
                gap_benefit=float(benefit[i]),
                cost=cost,
                roi=float(benefit[i] / cost) if cost > 0 else None,
                fte=float(figures.fte[i]),
                assumptions=figures.assumptions[i],
                rank_p5=float(bands.p5[i]) if bands else None,
                rank_p95=float(bands.p95[i]) if bands else None,
                p_top_k=float(bands.p_top_k[i]) if bands else None,
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


def _tie_break(ids: tuple[str, ...], value: np.ndarray) -> np.ndarray:
    """Position in (value desc, id asc) order, as a key where lower wins a tie on total."""
    order = np.lexsort((np.array(ids, dtype=object).argsort().argsort(), -value))
    key = np.empty(len(ids), dtype=int)
    key[order] = np.arange(len(ids))
    return key
