"""The numbers behind every chart and table of the board pack, as plain DataFrames.

No plotly and no HTML here: `board_charts` draws these frames and `board_pack` lays them out, so
the figures the board sees can be tested without parsing a page. Register text is kept as it
is; escaping is the renderer's job.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dependencies.findings import FindingKind, FindingSeverity
from inputs.decisions import Decision, Mode
from optimiser.evaluate import by_mode
from optimiser.pipeline import ResetRun
from optimiser.problem import Problem
from outputs.reset_files import build_summary, decisions_frame

BUSINESS_AS_USUAL = "Business as usual"
DECISIONS = tuple(d.value for d in Decision)
BOARD_FINDINGS = (
    FindingKind.BROKEN_PREREQUISITE,
    FindingKind.CLASH,
    FindingKind.DOUBLE_COUNTING,
    FindingKind.NOT_NEW_MONEY,
    FindingKind.LIKELY_DUPLICATE,
    FindingKind.CRITICAL_ENABLER,
)
"""Finding kinds the board reads in full; prerequisite chains are only counted."""

SEVERITY_ORDER = {severity: i for i, severity in enumerate(FindingSeverity)}
RANKED_COLUMNS = [
    "rank",
    "id",
    "name",
    "decision",
    "score",
    "directorate",
    "programme",
    "benefit_k",
    "cost_k",
    "fte",
    "reason",
]


def years_frame(run: ResetRun) -> pd.DataFrame:
    """Per year: the gap, expected benefit with its low-high range, shortfall and share closed."""
    frame = pd.DataFrame(build_summary(run)["years"])
    return frame.rename(
        columns={
            "benefit_expected_k": "benefit_k",
            "benefit_low_k": "low_k",
            "benefit_high_k": "high_k",
        }
    )[
        [
            "year",
            "gap_k",
            "benefit_k",
            "low_k",
            "high_k",
            "shortfall_k",
            "coverage",
            "coverage_low",
            "coverage_high",
        ]
    ]


def benefits_by_programme(run: ResetRun) -> pd.DataFrame:
    """Per year and programme, the plan's benefit (expected, low, high) in £k.

    Each savings pool is counted once, as the optimiser counts it, and the cut is shared
    among the pool's members in proportion to their claims: so the programmes of a year sum
    exactly to `run.result.benefit` (and `benefit_low`, `benefit_high`) for that year.
    """
    problem, plan = run.problem, run.result.plan
    parts = {
        column: _counted_once(problem, by_mode(problem, plan, continuing, accelerated))
        for column, continuing, accelerated in (
            ("benefit_k", problem.gain, problem.gain_acc),
            ("low_k", problem.low, problem.low_acc),
            ("high_k", problem.high, problem.high_acc),
        )
    }
    programmes = [p.programme or BUSINESS_AS_USUAL for p in run.register.projects]
    rows = [
        {"year": year, "programme": programme} | {c: float(v[i, t]) for c, v in parts.items()}
        for i, programme in enumerate(programmes)
        for t, year in enumerate(problem.years)
    ]
    frame = pd.DataFrame(rows, columns=["year", "programme", *parts])
    frame = frame.groupby(["year", "programme"], sort=False, as_index=False).sum()
    order = frame.groupby("programme")["benefit_k"].sum().sort_values(ascending=False)
    rank = {p: i for i, p in enumerate(order.index)}
    rank[BUSINESS_AS_USUAL] = len(rank)  # BAU on top of the stack, after the programmes
    year = {y: t for t, y in enumerate(problem.years)}
    return frame.sort_values(
        ["year", "programme"], key=lambda s: s.map(year if s.name == "year" else rank)
    ).reset_index(drop=True)


def _counted_once(problem: Problem, claims: np.ndarray) -> np.ndarray:
    """Each project's claims with every pool counted once (`pooled_total`), cut pro rata."""
    counted = claims.copy()
    for pool in problem.pools:
        members = list(pool.members)
        part = claims[members]
        raw = part.sum(axis=0)
        kept = part.max(axis=0) if pool.rule == "largest" else raw.copy()
        kept = np.where(np.isnan(pool.cap), kept, np.minimum(kept, pool.cap))
        ratio = np.divide(kept, raw, out=np.ones_like(raw), where=raw > 0)
        counted[members] -= part * (1 - ratio)
    return counted


def decision_counts(run: ResetRun, by: str) -> pd.DataFrame:
    """Projects per decision in each programme or directorate, largest group first.

    Columns: the group (`by`), one count per decision, and `total`.
    """
    if by not in ("programme", "directorate"):
        raise ValueError(f"decision counts are by programme or directorate, not {by!r}")
    frame = decisions_frame(run)
    groups = frame[by].replace("", BUSINESS_AS_USUAL) if by == "programme" else frame[by]
    table = pd.crosstab(groups, frame["decision"]).reindex(columns=list(DECISIONS), fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    return table.sort_values(["total", by], ascending=[False, True]).reset_index(drop=True)


def capacity_by_role(run: ResetRun) -> pd.DataFrame:
    """Per role: capacity, FTE demanded by all registered work (before), used by the plan
    (after), freed from stopped in-flight work, and bought externally."""
    columns = [
        "role",
        "capacity_fte",
        "demand_fte",
        "used_fte",
        "freed_fte",
        "external_fte",
        "binding",
        "shadow_price",
    ]
    return pd.DataFrame(build_summary(run)["roles"], columns=columns)


def freed_money_k(run: ResetRun) -> float:
    """£k of planned investment released: in-flight projects paused or terminated, net of
    their exit and restart costs (the money counterpart of `fte_freed`)."""
    problem = run.problem
    stopped = (run.result.plan == Mode.STOP) & problem.in_flight
    return float(problem.cost[stopped].sum() - problem.stop_cost[stopped].sum())


def frontier_frame(run: ResetRun) -> pd.DataFrame | None:
    """The frontier's solved points: multiple, objective and share of the whole gap closed.

    None when the run has no frontier or no point of it could be solved.
    """
    if run.frontier is None or "objective" not in run.frontier:
        return None
    frame = run.frontier[run.frontier["objective"].notna()].copy()
    if frame.empty:
        return None
    gap = frame["gap_k"].where(frame["gap_k"] > 0)
    frame["closed"] = (frame["gap_closed_k"] / gap).fillna(1.0)
    return frame[["of", "scale", "status", "objective", "gap_closed_k", "gap_k", "closed"]]


def findings_frame(run: ResetRun, kind: FindingKind) -> pd.DataFrame:
    """One finding of a kind per row, most severe first: severity, projects, message, fix."""
    rows = [
        {
            "severity": f.severity.value,
            "projects": ", ".join(f.project_ids),
            "message": f.message,
            "fix": f.fix,
        }
        for f in sorted(
            (f for f in run.checks.findings if f.kind is kind),
            key=lambda f: SEVERITY_ORDER[f.severity],
        )
    ]
    return pd.DataFrame(rows, columns=["severity", "projects", "message", "fix"])


def ranked_frame(run: ResetRun) -> pd.DataFrame:
    """Every project in rank order with its decision and the reason, for the board's table."""
    frame = decisions_frame(run)[RANKED_COLUMNS].copy()
    frame["programme"] = frame["programme"].replace("", BUSINESS_AS_USUAL)
    return frame
