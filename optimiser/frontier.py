"""The efficient frontier: value and gap closed as capacity (or budget) scales."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from inputs.decisions import Mode
from inputs.errors import InfeasibleError
from optimiser.problem import Problem, scaled
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions, optimise

DEFAULT_SCALES = (0.5, 0.75, 1.0, 1.25, 1.5)


def efficient_frontier(
    problem: Problem,
    options: SolverOptions,
    scales: tuple[float, ...] = DEFAULT_SCALES,
    of: str = "capacity",
    progress: Callable[[str], None] | None = None,
    current: OptimisationResult | None = None,
) -> pd.DataFrame:
    """One row per multiple of every role's capacity (or every year's budget).

    Each point is solved without reasons (no LP relaxation), so a frontier costs little more
    than its solves; `current`, the plan already solved at the limits as given, is reused at
    multiple 1. A multiple at which the forced projects cannot fit is reported, not skipped.
    """
    quick = replace(options, explain=False)
    rows = []
    for position, scale in enumerate(scales, start=1):
        if progress:
            progress(f"Efficient frontier: {of} x{scale:g} ({position} of {len(scales)})")
        varied = (
            scaled(problem, capacity=scale) if of == "capacity" else scaled(problem, budget=scale)
        )
        row: dict[str, object] = {"of": of, "scale": scale}
        try:
            result = current if current is not None and scale == 1 else optimise(varied, quick)
        except InfeasibleError:
            rows.append(row | {"status": "infeasible"})
            continue
        row |= {
            "status": result.status.value,
            "objective": result.objective,
            "gap_rel": result.gap_rel,
            "proceeding": int((result.plan != Mode.STOP).sum()),
            "benefit_k": float(result.benefit.sum()),
            "gap_closed_k": float((result.gap - result.shortfall).sum()),
            "gap_k": float(result.gap.sum()),
        }
        row |= {
            f"closed_{y}": float(c) for y, c in zip(result.years, result.coverage(), strict=True)
        }
        rows.append(row)
    return pd.DataFrame(rows)
