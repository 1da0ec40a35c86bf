"""The scoring result: every project's total, sub-scores, contributions, rank and assumptions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from inputs.settings import CRITERIA
from prioritise.weights import ResolvedWeights


@dataclass(frozen=True)
class ProjectScore:
    """One project's score and the trail back to its inputs."""

    id: str
    name: str
    rank: int
    total: float
    scores: dict[str, float]
    """Sub-score per criterion, 0-100."""
    contributions: dict[str, float]
    """weight x sub-score per criterion; they sum to the total."""
    gap_benefit: float
    """Expected £k over the horizon that closes the gap (confidence- and type-adjusted)."""
    cost: float
    """£k over the horizon, uplifted for optimism bias."""
    roi: float | None
    """gap_benefit / cost; None where there is no cost."""
    fte: float
    assumptions: tuple[str, ...]
    rank_p5: float | None = None
    rank_p95: float | None = None
    p_top_k: float | None = None
    ranked_with: str | None = None
    """The project whose rank this prerequisite takes (the best one that needs it), if any."""
    priority: float | None = None
    """The total it ranks by: its own, or that of the best project that needs it."""


@dataclass(frozen=True)
class ScoreResult:
    """Scores in rank order, the weights used and what the board should know about them."""

    projects: tuple[ProjectScore, ...]
    weights: ResolvedWeights
    top_k: int
    draws: int = 0
    seed: int | None = None
    warnings: tuple[str, ...] = ()

    def by_id(self) -> dict[str, ProjectScore]:
        return {p.id: p for p in self.projects}

    def to_frame(self) -> pd.DataFrame:
        """One row per project in rank order, with every number behind the total."""
        rows = []
        for p in self.projects:
            row = {"rank": p.rank, "id": p.id, "name": p.name, "score": p.total}
            row |= {f"{c}_score": p.scores[c] for c in CRITERIA}
            row |= {f"{c}_contribution": p.contributions[c] for c in CRITERIA}
            row |= {
                "gap_benefit_k": p.gap_benefit,
                "cost_k": p.cost,
                "roi": p.roi,
                "fte": p.fte,
                "rank_p5": p.rank_p5,
                "rank_p95": p.rank_p95,
                f"p_top_{self.top_k}": p.p_top_k,
                "ranked_with": p.ranked_with or "",
                "assumptions": "; ".join(p.assumptions),
            }
            rows.append(row)
        return pd.DataFrame(rows)
