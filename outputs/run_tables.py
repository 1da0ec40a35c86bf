"""A run's tables, each built once and handed to every writer (CSV, JSON, workbook, pack).

Register text is kept as it is here; each writer makes it safe for its format.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from inputs.decisions import Mode
from inputs.settings import CRITERIA
from inputs.stream_settings import GENERAL_FUND
from optimiser.solvers import SolveStatus
from outputs.confidence_plan import at_confidence, confidence_summary
from outputs.stamp import RUN_COLUMN, Stamp, new_stamp
from reset.run import ResetRun
from risk import Robustness

DECISION_COLUMNS = [
    "id",
    "name",
    "decision",
    "action",
    "rank",
    "ranked_with",
    "score",
    *(f"{c}_score" for c in CRITERIA),
    "core_index",
    "robustness",
    "at_confidence",
    "directorate",
    "programme",
    "status",
    "mandatory",
    "sponsor",
    "project_manager",
    "in_mtfs",
    "start_year",
    "end_year",
    "resume_year",
    "funding_stream",
    "benefit_k",
    "tail_k",
    "cost_k",
    "roi",
    "fte",
    "mtfs_at_risk_k",
    "route",
    "approvals",
    "route_reason",
    "eqia",
    "reason",
    "reason_code",
]


def decisions_frame(run: ResetRun) -> pd.DataFrame:
    """Every register row once, in rank order, with its decision, scores, route and reason,
    then every register column the product does not use, as the council wrote it."""
    scores = run.scores.by_id()
    index = run.portfolio.index()
    projects = run.register.projects
    routes = run.governance.routes
    at_risk = run.result.chosen.mtfs_at_risk.sum(axis=1)
    extras = extra_columns(run)
    core = run.core
    labels = core.labels if core is not None else None
    confident = at_confidence(run)
    rows = []
    for decision in run.result.decisions:
        i = index[decision.id]
        project, score, route = projects[i], scores[decision.id], routes[i]
        row: dict[str, object] = {
            "id": decision.id,
            "name": decision.name,
            "decision": decision.decision.value,
            "action": decision.action_text,
            "rank": decision.rank,
            "ranked_with": score.ranked_with or "",
            "score": round(decision.score, 2),
        }
        row |= {f"{c}_score": round(score.scores[c], 2) for c in CRITERIA}
        row |= {
            "core_index": None if core is None else shown_share(float(core.share[i])),
            "robustness": None if labels is None else labels[i].value,
            "at_confidence": confident[i],
            "directorate": project.directorate,
            "programme": project.programme or "",
            "status": project.status.value,
            "mandatory": bool(project.mandatory),
            "sponsor": project.sponsor or "",
            "project_manager": project.project_manager or "",
            "in_mtfs": bool(project.in_mtfs),
            "start_year": decision.start_year or "",
            "end_year": decision.end_year or "",
            "resume_year": decision.resume_year or "",
            "funding_stream": stream_name(run, i),
            "benefit_k": round(decision.benefit_k, 1),
            "tail_k": round(float(run.result.chosen.tail[i]), 1),
            "cost_k": round(decision.cost_k, 1),
            "roi": round(decision.benefit_k / decision.cost_k, 2) if decision.cost_k > 0 else None,
            "fte": round(decision.fte, 2),
            "mtfs_at_risk_k": round(float(at_risk[i]), 1),
            "route": route.route.value,
            "approvals": "; ".join(body.value for body in route.bodies),
            "route_reason": "; ".join(route.reasons),
            "eqia": route.eqia,
            "reason": decision.reason,
            "reason_code": decision.reason_code,
        }
        row |= {column: project.extra.get(header, "") for header, column in extras.items()}
        rows.append(row)
    return pd.DataFrame(rows, columns=[*DECISION_COLUMNS, *extras.values()])


def stream_name(run: ResetRun, i: int) -> str:
    """The funding stream a project's investment is charged to, as the config names it."""
    stream = int(run.problem.stream[i])
    return GENERAL_FUND if stream < 0 else run.problem.streams[stream]


def extra_columns(run: ResetRun) -> dict[str, str]:
    """Register headers the product does not use -> their column in the outputs: the header as
    written, or `register: <header>` where it would clash with one of the product's own."""
    own = {*DECISION_COLUMNS, RUN_COLUMN}
    return {h: f"register: {h}" if h in own else h for h in run.register.extra_headers}


MTFS_RULES = {
    "protect": "benefits already in the MTFS are not new money; the gap is what remains after "
    "them, so stopping such a project widens the gap by its savings (MTFS savings at risk)",
    "discount": "benefits already in the MTFS count in_mtfs_factor as new money and stopping "
    "such a project costs nothing",
}


def build_summary(run: ResetRun) -> dict[str, Any]:
    """The board's numbers: status, gap and benefits per year, people per role and year, the
    odds and the core index, findings."""
    result = run.result
    coverage = result.coverage()
    coverage_low, coverage_high = (
        result.coverage(result.benefit_low),
        result.coverage(result.benefit_high),
    )
    limits = {(limit.kind, limit.name): limit for limit in result.limits}
    baseline = run.baseline
    closed = result.gap_closed
    return {
        "portfolio": run.config.name,
        "register": run.register.source,
        "projects": result.size,
        "solver": {
            "name": result.solver,
            "status": result.status.value,
            "proven_optimal": result.status is SolveStatus.OPTIMAL and run.options.gap_rel == 0,
            "objective": result.objective,
            "bound": result.bound,
            "optimality_gap": result.gap_rel,
            "gap_tolerance": run.options.gap_rel,
            "time_limit_s": run.options.time_limit,
            "seconds": result.seconds,
        },
        "objective_meaning": "0-100: (1 - score_weight) x share of the gap closed + "
        "score_weight x share of all score points taken",
        "mtfs_rule": run.config.scoring.mtfs_rule,
        "mtfs_rule_meaning": MTFS_RULES[run.config.scoring.mtfs_rule],
        "score_weight": result.score_weight,
        "pause_min_score": result.pause_min_score,
        "counts": result.counts(),
        "years": [
            {
                "year": year,
                "gap_k": float(result.gap[t]),
                "reserves_k": float(result.reserves[t]),
                "contingency_k": float(result.contingency[t]),
                "target_k": float(result.gap[t] + result.reserves[t] + result.contingency[t]),
                "benefit_expected_k": float(result.benefit[t]),
                "benefit_low_k": float(result.benefit_low[t]),
                "benefit_high_k": float(result.benefit_high[t]),
                "coverage": float(coverage[t]),
                "coverage_low": float(coverage_low[t]),
                "coverage_high": float(coverage_high[t]),
                "mtfs_savings_k": float(run.problem.mtfs_planned[t]),
                "mtfs_at_risk_k": float(max(result.mtfs_at_risk[t], 0.0)),
                "mtfs_brought_forward_k": float(max(-result.mtfs_at_risk[t], 0.0)),
                "shortfall_k": float(result.shortfall[t]),
                "budget_k": float(result.budget[t]),
                "spend_k": float(result.spend[t]),
                "budget_shadow_price": limits[("budget", year)].shadow_price,
            }
            for t, year in enumerate(result.years)
        ],
        "roles": [
            {
                "role": role,
                "year": year,
                "capacity_fte": float(result.capacity[r, t]),
                "demand_fte": float(result.fte_demand[r, t]),
                "used_fte": float(result.fte_used[r, t]),
                "freed_fte": float(result.fte_freed[r, t]),
                "external_fte": float(result.external[r, t]),
                "idle_fte": float(
                    max(result.capacity[r, t] + result.external[r, t] - result.fte_used[r, t], 0)
                ),
                "shadow_price": limits[
                    ("capacity", run.problem.period_of(role, year))
                ].shadow_price,
                "binding": limits[("capacity", run.problem.period_of(role, year))].binding,
            }
            for r, role in enumerate(result.roles)
            for t, year in enumerate(result.years)
        ],
        "risk": risk_summary(run),
        "robust": robust_summary(run),
        "confidence_plan": confidence_summary(run),
        "streams": stream_summary(run),
        "deferred": {
            "tail_k": float(result.chosen.tail.sum()),
            "resumes": {
                year: sum(d.resume_year == year for d in result.decisions)
                for year in result.years[1:]
            },
        },
        "gap_closed_k": closed,
        "gap_k": float(result.gap.sum()),
        "target": {
            "reserves_k": float(result.reserves.sum()),
            "contingency_k": float(result.contingency.sum()),
            "contingency_share": run.config.target.contingency_share,
            "delivery_record": run.config.target.delivery_record,
        },
        "return_on_investment": plan_roi(run),
        "governance": governance_summary(run),
        "baseline": {
            "method": baseline.method,
            "objective": baseline.objective,
            "gap_closed_k": baseline.gap_closed,
            "optimiser_gain_objective": result.objective - baseline.objective,
            "optimiser_gain_gap_closed_k": closed - baseline.gap_closed,
        },
        "frontier": []
        if run.frontier is None
        else run.frontier.replace({np.nan: None}).to_dict(orient="records"),
        "findings": run.checks.to_dict()["findings"],
        "finding_counts": run.checks.counts(),
        "warnings": list(run.scores.warnings) + list(result.warnings),
    }


ROI_EXPECTED = (3.0, 5.0)
"""The committee report's expected return on transformation spending (3:1 to 5:1)."""


def risk_summary(run: ResetRun) -> dict[str, Any]:
    """The plan's odds: per year the chance of closing the gap, P10/P50/P90 and the mean of the
    gap closed, and the contingency for the configured confidence; over the horizon the chance
    of closing every year, the whole, and at least 90 %."""
    odds = run.odds
    return {
        "draws": odds.draws,
        "seed": odds.seed,
        "delivery_factor": odds.delivery_factor,
        "confidence": odds.confidence,
        "p_every_year": odds.p_every_year,
        "p_horizon": odds.p_horizon,
        "p_ninety": odds.p_ninety,
        "years": [
            {
                "year": year,
                "gap_k": float(odds.gap[t]),
                "p_closed": float(odds.p_closed[t]),
                "mean_k": float(odds.mean[t]),
                "p10_k": float(odds.p10[t]),
                "p50_k": float(odds.p50[t]),
                "p90_k": float(odds.p90[t]),
                "contingency_k": float(odds.contingency[t]),
            }
            for t, year in enumerate(odds.years)
        ],
    }


MOST_PLANS = 0.5
"""A stopped project in at least this share of the futures' good plans is one to look at."""


def shown_share(share: float) -> float:
    """A core index to 3 places, never rounded onto 0 or 1 unless it is: a borderline project
    in 9,999 of 10,000 good plans is not shown as core."""
    shown = round(share, 3)
    if 0.0 < share < 1.0:
        return min(max(shown, 0.001), 0.999)
    return shown


def robust_summary(run: ResetRun) -> dict[str, Any] | None:
    """The core index as `run.core` has it: the futures solved, the projects per label (all,
    and the plan's own), the plan's borderline projects (least often chosen first) and the
    projects it stops that most good plans include (most often first); None when not computed.
    """
    core = run.core
    if core is None:
        return None
    index = run.portfolio.index()
    labels = core.labels
    in_plan = run.result.chosen.mode != Mode.STOP

    def listed(keep: np.ndarray, most_first: bool) -> list[dict[str, Any]]:
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "decision": d.decision.value,
                "action": d.action_text,
                "share": shown_share(float(core.share[index[d.id]])),
            }
            for d in run.result.decisions
            if keep[index[d.id]]
        ]  # in rank order, which breaks ties in the stable sort
        return sorted(rows, key=lambda r: -r["share"] if most_first else r["share"])

    borderline = np.array([label is Robustness.BORDERLINE for label in labels], dtype=bool)
    return {
        "futures": core.futures,
        "unsolved": core.unsolved,
        "counts": {kind.value: n for kind, n in core.counts().items()},
        "plan_counts": {
            kind.value: sum(1 for i, label in enumerate(labels) if in_plan[i] and label is kind)
            for kind in Robustness
        },
        "seconds": core.seconds,
        "where": core.where,
        "below_bound": core.below_bound if np.isfinite(core.below_bound) else None,
        "seed": core.seed,
        "borderline": listed(in_plan & borderline, most_first=False),
        "stopped_in_most": listed(~in_plan & (core.share >= MOST_PLANS), most_first=True),
        "most_plans": MOST_PLANS,
    }


def stream_summary(run: ResetRun) -> list[dict[str, Any]]:
    """Per funding stream and year: its budget, what its projects spend, and whether it is
    ring-fenced (its money pays for nothing else), from the plan's own limit uses."""
    result, problem = run.result, run.problem
    used = {u.name: u for u in result.limits if u.kind == "stream"}
    return [
        {
            "stream": name,
            "year": year,
            "budget_k": used[f"{name} {year}"].limit,
            "spend_k": used[f"{name} {year}"].used,
            "ring_fenced": bool(problem.ring_fenced[s]),
        }
        for s, name in enumerate(problem.streams)
        for year in result.years
    ]


def plan_roi(run: ResetRun) -> dict[str, Any]:
    """The plan's expected benefits (new money and MTFS savings kept) per £ of its investment."""
    chosen = run.result.chosen
    benefit = float(chosen.benefit.sum() + chosen.mtfs.sum())
    cost = float(chosen.cost.sum())
    ratio = benefit / cost if cost > 0 else None
    return {
        "benefit_k": benefit,
        "investment_k": cost,
        "ratio": ratio,
        "expected_low": ROI_EXPECTED[0],
        "expected_high": ROI_EXPECTED[1],
        "meets_expectation": ratio is not None and ratio >= ROI_EXPECTED[0],
    }


def governance_summary(run: ResetRun) -> dict[str, Any]:
    """Projects per most senior body, and the EqIAs the plan waits on."""
    governance, ids = run.governance, run.portfolio.ids
    return {
        "routes": governance.counts(),
        "eqia_needed": [ids[i] for i in governance.eqia_needed],
        "service_impact_known": governance.service_impact_known,
    }


@dataclass(frozen=True, eq=False)
class RunTables:
    """One run and its tables; each table is computed on first use, then shared."""

    run: ResetRun

    @cached_property
    def stamp(self) -> Stamp:
        """This set of outputs' run id, the same in every file written from these tables."""
        return new_stamp(self.run.register, self.run.config)

    @cached_property
    def summary(self) -> dict[str, Any]:
        return {"run": self.stamp.as_dict(), **build_summary(self.run)}

    @cached_property
    def decisions(self) -> pd.DataFrame:
        """Every register row once, in rank order (read-only: copy before changing it)."""
        return decisions_frame(self.run)
