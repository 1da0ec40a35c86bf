"""The numbers behind every chart and table of the board pack, as plain DataFrames.

No plotly and no HTML here: `board_charts` draws these frames and `board_pack` lays them out, so
the figures the board sees can be tested without parsing a page. Register text is kept as it
is; escaping is the renderer's job.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from dependencies.findings import FindingKind, FindingSeverity
from inputs.decisions import Action, Decision
from inputs.models import Stage
from inputs.settings import CRITERIA
from outputs.run_tables import RunTables
from portfolio import BUSINESS_AS_USUAL
from reset.governance import Body

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
    "roi",
    "fte",
    "action",
    "reason",
]
EQIA_COLUMNS = ["id", "name", "decision", "action", "route"]
APPENDIX_TOP = 50
APPENDIX_LIMIT = 300
"""The printed appendix lists the top `APPENDIX_TOP` projects and every decision the board must
look at, at most `APPENDIX_LIMIT` rows: the workbook has every project."""
BOARD_DECISIONS = (Decision.ACCELERATE, Decision.PAUSE, Decision.TERMINATE)
BOARD_ACTIONS = (Action.BUSINESS_CASE_FIRST,)
"""Decisions that change the work, beyond starting or continuing it as planned."""


def years_frame(tables: RunTables) -> pd.DataFrame:
    """Per year: the gap (and reserves and contingency on it), expected benefit with its
    low-high range, MTFS savings at risk, shortfall and share of the gap closed."""
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
            "reserves_k",
            "contingency_k",
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
    """Per role and year: capacity, FTE demanded by all registered work (before), used by the
    plan (after), freed from stopped in-flight work, and bought externally."""
    columns = [
        "role",
        "year",
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


def changes_work(frame: pd.DataFrame) -> pd.Series:
    """Rows whose decision stops, accelerates or holds work for its business case."""
    return frame["decision"].isin([d.value for d in BOARD_DECISIONS]) | frame["action"].isin(
        [a.value for a in BOARD_ACTIONS]
    )


def appendix_frame(
    tables: RunTables, top: int = APPENDIX_TOP, limit: int = APPENDIX_LIMIT
) -> pd.DataFrame:
    """The printed pack's ranked table: the `top` highest ranked and every project whose
    decision changes the work, in rank order, at most `limit` rows."""
    frame = ranked_frame(tables).reset_index(drop=True)
    shown = frame[(np.arange(len(frame)) < top) | changes_work(frame)]
    return shown.head(limit).reset_index(drop=True)


def routes_frame(tables: RunTables) -> pd.DataFrame:
    """Projects per governance route (the most senior body a decision needs), most senior
    first."""
    counts = tables.run.governance.counts()
    rows = [{"route": body, "projects": counts[body]} for body in reversed(counts)]
    return pd.DataFrame(rows, columns=["route", "projects"])


def route_frame(tables: RunTables, body: Body) -> pd.DataFrame:
    """Projects whose most senior body is `body`, in rank order, with why they go there."""
    run = tables.run
    index, routes = run.portfolio.index(), run.governance.routes
    rows = []
    for row in tables.decisions[["id", "name", "decision", "action"]].to_dict(orient="records"):
        route = routes[index[row["id"]]]
        if route.route is not body:
            continue
        why = dict(zip(route.bodies[1:], route.reasons, strict=True)).get(body, "")
        rows.append(row | {"why": why.removeprefix(f"{body.value}: ")})
    return pd.DataFrame(rows, columns=["id", "name", "decision", "action", "why"])


def eqia_frame(tables: RunTables) -> pd.DataFrame:
    """Decisions waiting on an Equality Impact Assessment, in rank order, with the EqIA's
    state and the body that decides."""
    run = tables.run
    index, projects = run.portfolio.index(), run.register.projects
    waiting = set(tables.summary["governance"]["eqia_needed"])
    frame = tables.decisions
    rows = [
        row
        | {
            "why": f"substantial service impact; EqIA "
            f"{(projects[index[row['id']]].eqia or 'not recorded').replace('_', ' ')}; "
            f"decided by {row['route']}"
        }
        for row in frame[frame["id"].isin(waiting)].to_dict(orient="records")
    ]
    return pd.DataFrame(rows, columns=[*EQIA_COLUMNS, "why"])


def enablers_frame(tables: RunTables) -> pd.DataFrame:
    """Critical enablers named one by one, most dependants first: their decision and the
    benefits pausing one stops (expected where the check gives it, and the low-high range), in
    £k."""
    decided = tables.decisions.set_index("id")
    rows = [
        {
            "id": f.project_ids[0],
            "name": decided.at[f.project_ids[0], "name"],
            "decision": decided.at[f.project_ids[0], "decision"],
            "dependants": f.data["dependants"],
            "benefit_k": f.data.get("benefit"),
            "low_k": f.data["benefit_low"],
            "high_k": f.data["benefit_high"],
        }
        for f in tables.run.checks.findings
        if f.kind is FindingKind.CRITICAL_ENABLER and f.stands_for == 1
    ]
    columns = ["id", "name", "decision", "dependants", "benefit_k", "low_k", "high_k"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["dependants", "id"], ascending=[False, True]).reset_index(drop=True)


def weights_frame(tables: RunTables) -> pd.DataFrame:
    """Each criterion's weight as used, with what the config gave: its number, its swing
    points, or nothing for AHP (the judgements are pairs, not one number per criterion)."""
    run = tables.run
    config = run.config.weights
    given: dict[str, float] = {}
    if config.method == "direct":
        given = config.direct
    elif config.swing is not None:
        given = {str(c): points for c, points in config.swing.items()}
    used = run.scores.weights.weights
    rows = [
        {"criterion": criterion, "weight": used[criterion], "given": given.get(criterion)}
        for criterion in CRITERIA
    ]
    return pd.DataFrame(rows, columns=["criterion", "weight", "given"])


def stages_frame(tables: RunTables) -> pd.DataFrame:
    """Per evidence stage: the share of benefits believed and the optimism bias on costs."""
    scoring = tables.run.config.scoring
    rows = [
        {
            "stage": stage.value,
            "confidence": scoring.confidence[stage],
            "optimism_bias": scoring.optimism_bias[stage],
        }
        for stage in Stage
    ]
    return pd.DataFrame(rows, columns=["stage", "confidence", "optimism_bias"])


def assumption_counts(tables: RunTables) -> tuple[int, int]:
    """How many per-project assumptions the figures rest on, and how many projects have one."""
    notes = tables.run.portfolio.assumptions
    return sum(len(n) for n in notes), sum(1 for n in notes if n)


class MtfsRisk(NamedTuple):
    """MTFS savings the plan does not deliver over the horizon, and why."""

    total_k: float
    lost_k: float  # by projects stopped, or delayed by a business case
    projects: int  # how many such projects
    overlap_k: float  # claimed twice within a savings pool, so counted once

    @property
    def any(self) -> bool:
        return self.total_k > 0.5


def mtfs_at_risk(tables: RunTables) -> MtfsRisk:
    """£k of MTFS savings at risk over the horizon, split into what stopped or delayed projects
    lose and what the MTFS claims twice within one savings pool."""
    lost = np.maximum(tables.run.result.chosen.mtfs_at_risk, 0.0)
    total = float(sum(year["mtfs_at_risk_k"] for year in tables.summary["years"]))
    by_projects = float(lost.sum())
    return MtfsRisk(
        total, by_projects, int((lost > 1e-6).any(axis=1).sum()), max(total - by_projects, 0.0)
    )


RobustList = Literal["borderline", "stopped_in_most"]
ROBUST_COLUMNS = ["id", "name", "decision", "action", "directorate", "programme", "share"]


def robust_frame(tables: RunTables, which: RobustList) -> pd.DataFrame:
    """One list of the core index summary (the plan's borderline projects, or the stopped
    ones most good plans include) in its order, with each project's directorate and programme
    (blank is business as usual); empty when the core index was not computed."""
    robust = tables.summary["robust"]
    listed = robust[which] if robust else []
    frame = pd.DataFrame(listed, columns=["id", "name", "decision", "action", "share"])
    where = tables.decisions.set_index("id")[["directorate", "programme"]]
    frame = frame.join(where, on="id")
    frame["programme"] = frame["programme"].replace("", BUSINESS_AS_USUAL)
    return frame[ROBUST_COLUMNS].reset_index(drop=True)
