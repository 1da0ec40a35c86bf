"""The ranked list as a table for the terminal and as a CSV for the PMO."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from outputs.safe_text import write_csv
from outputs.stamp import Stamp
from prioritise.result import ScoreResult


def format_ranking(result: ScoreResult, top: int | None = None) -> str:
    """Ranked table with the breakdown and stability band, readable at 100 columns."""
    weights = ", ".join(f"{c} {w:.2f}" for c, w in result.weights.weights.items())
    head = [f"Weights ({result.weights.method}): {weights}"]
    if result.weights.consistency_ratio is not None:
        head.append(f"AHP consistency ratio {result.weights.consistency_ratio:.3f}")
    head += [f"Warning: {w}" for w in result.warnings]
    shown = result.projects[:top] if top else result.projects
    table = pd.DataFrame(
        {
            "rank": [p.rank for p in shown],
            "id": [p.id for p in shown],
            "name": [p.name if len(p.name) <= 34 else p.name[:33] + "…" for p in shown],
            "score": [round(p.total, 1) for p in shown],
            "align": [round(p.scores["mission_alignment"]) for p in shown],
            "value": [round(p.scores["value"]) for p in shown],
            "risk": [round(p.scores["risk"]) for p in shown],
            "capac": [round(p.scores["capacity"]) for p in shown],
            "benefit £k": [f"{p.gap_benefit:,.0f}" for p in shown],
            "ROI": ["-" if p.roi is None else f"{p.roi:.1f}:1" for p in shown],
            "rank 5-95%": [_band(p.rank_p5, p.rank_p95) for p in shown],
            f"P(top {result.top_k})": [
                "-" if p.p_top_k is None else f"{p.p_top_k:.0%}" for p in shown
            ],
            "assumed": [len(p.assumptions) for p in shown],
            "with": [p.ranked_with or "" for p in shown],
        }
    )
    foot = f"{len(shown)} of {len(result.projects)} projects shown"
    if any(p.ranked_with for p in shown):
        foot += "; 'with': a prerequisite ranks with the best project that needs it"
    if result.draws:
        foot += f"; stability from {result.draws} draws (seed {result.seed})"
    return "\n".join([*head, "", table.to_string(index=False), "", foot])


def _band(low: float | None, high: float | None) -> str:
    return "-" if low is None or high is None else f"{low:.0f}-{high:.0f}"


def write_ranking(result: ScoreResult, path: Path | str, stamp: Stamp) -> Path:
    path = Path(path)
    write_csv(stamp.on_rows(result.to_frame()), path)
    return path
