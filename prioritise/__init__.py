"""Scoring projects against mission alignment, value, risk and capacity."""

from prioritise.result import ProjectScore, ScoreResult
from prioritise.score import score_portfolio
from prioritise.weights import ResolvedWeights, ahp_weights, resolve_weights

__all__ = [
    "ProjectScore",
    "ResolvedWeights",
    "ScoreResult",
    "ahp_weights",
    "resolve_weights",
    "score_portfolio",
]
