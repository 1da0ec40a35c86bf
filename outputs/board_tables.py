"""The numbers behind every chart and table of the board pack, as plain DataFrames.

No plotly and no HTML here: `board_charts` draws these frames and `board_pack` lays them out, so
the figures the board sees can be tested without parsing a page. Register text is kept as it
is; escaping is the renderer's job.
"""

from __future__ import annotations

import pandas as pd

from dependencies.findings import FindingKind, FindingSeverity
from inputs.decisions import Decision
from outputs.run_tables import RunTables
from portfolio import BUSINESS_AS_USUAL

DECISIONS = tuple(d.value for d in Decision)
BOARD_FINDINGS = (
    FindingKind.BROKEN_PREREQUISITE,
    FindingKind.CLASH,
    FindingKind.TOGETHER,
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


def years_frame(tables: RunTables) -> pd.DataFrame:
    """Per year: the gap, expected benefit with its low-high range, shortfall and share closed."""
    frame = pd.DataFrame(tables.summary["years"])
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
            "mtfs_at_risk_k",
            "shortfall_k",
            "coverage",
            "coverage_low",
            "coverage_high",
        ]
    ]


def benefits_by_programme(tables: RunTables) -> pd.DataFrame:
    """Per year and programme, the plan's benefit (expected, low, high) in £k.

    Each savings pool is counted once, as the optimiser counts it, and the cut is shared
    among the pool's members in proportion to their claims: so the programmes of a year sum
    exactly to `run.result.benefit` (and `benefit_low`, `benefit_high`) for that year.
    """
    run = tables.run
    chosen, years = run.result.chosen, run.result.years
    parts = {
        "benefit_k": chosen.benefit,
        "low_k": chosen.benefit_low,
        "high_k": chosen.benefit_high,
    }
    programmes = run.portfolio.programme_labels
    rows = [
        {"year": year, "programme": programme} | {c: float(v[i, t]) for c, v in parts.items()}
        for i, programme in enumerate(programmes)
        for t, year in enumerate(years)
    ]
    frame = pd.DataFrame(rows, columns=["year", "programme", *parts])
    frame = frame.groupby(["year", "programme"], sort=False, as_index=False).sum()
    order = frame.groupby("programme")["benefit_k"].sum().sort_values(ascending=False)
    rank = {p: i for i, p in enumerate(order.index)}
    rank[BUSINESS_AS_USUAL] = len(rank)  # BAU on top of the stack, after the programmes
    year = {y: t for t, y in enumerate(years)}
    return frame.sort_values(
        ["year", "programme"], key=lambda s: s.map(year if s.name == "year" else rank)
    ).reset_index(drop=True)


def decision_counts(tables: RunTables, by: str) -> pd.DataFrame:
    """Projects per decision in each programme or directorate, largest group first.

    Columns: the group (`by`), one count per decision, and `total`.
    """
    if by not in ("programme", "directorate"):
        raise ValueError(f"decision counts are by programme or directorate, not {by!r}")
    frame = tables.decisions
    groups = frame[by].replace("", BUSINESS_AS_USUAL) if by == "programme" else frame[by]
    table = pd.crosstab(groups, frame["decision"]).reindex(columns=list(DECISIONS), fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    return table.sort_values(["total", by], ascending=[False, True]).reset_index(drop=True)


def capacity_by_role(tables: RunTables) -> pd.DataFrame:
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
    return pd.DataFrame(tables.summary["roles"], columns=columns)


def freed_money_k(tables: RunTables) -> float:
    """£k of planned investment released: in-flight projects paused or terminated, net of
    their exit and restart costs (the money counterpart of `fte_freed`)."""
    run = tables.run
    return float(run.result.chosen.freed_cost.sum())


def frontier_frame(tables: RunTables) -> pd.DataFrame | None:
    """The frontier's solved points: multiple, objective and share of the whole gap closed.

    None when the run has no frontier or no point of it could be solved.
    """
    run = tables.run
    if run.frontier is None or "objective" not in run.frontier:
        return None
    frame = run.frontier[run.frontier["objective"].notna()].copy()
    if frame.empty:
        return None
    gap = frame["gap_k"].where(frame["gap_k"] > 0)
    frame["closed"] = (frame["gap_closed_k"] / gap).fillna(1.0)
    return frame[["of", "scale", "status", "objective", "gap_closed_k", "gap_k", "closed"]]


def findings_frame(tables: RunTables, kind: FindingKind) -> pd.DataFrame:
    """One finding of a kind per row, most severe first: severity, projects, message, fix."""
    run = tables.run
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


def ranked_frame(tables: RunTables) -> pd.DataFrame:
    """Every project in rank order with its decision and the reason, for the board's table."""
    frame = tables.decisions[RANKED_COLUMNS].copy()
    frame["programme"] = frame["programme"].replace("", BUSINESS_AS_USUAL)
    return frame
