"""What `prioritise run` writes: decisions.csv (every row, ranked) and summary.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from inputs.settings import CRITERIA
from optimiser.pipeline import ResetRun
from outputs.safe_text import neutralise_frame

DECISION_COLUMNS = [
    "id",
    "name",
    "decision",
    "rank",
    "score",
    *(f"{c}_score" for c in CRITERIA),
    "directorate",
    "programme",
    "status",
    "mandatory",
    "benefit_k",
    "cost_k",
    "fte",
    "reason",
    "reason_code",
]


def decisions_frame(run: ResetRun) -> pd.DataFrame:
    """Every register row once, in rank order, with its decision, scores and reason."""
    scores = run.scores.by_id()
    projects = {p.id: p for p in run.register.projects}
    index = run.problem.index()
    rows = []
    for decision in run.result.decisions:
        project, score, i = projects[decision.id], scores[decision.id], index[decision.id]
        mode = run.result.plan[i]
        gain = run.problem.gain_acc[i] if mode == 2 else run.problem.gain[i]
        fte = run.problem.fte_acc[i] if mode == 2 else run.problem.fte[i]
        cost = run.problem.cost_acc[i] if mode == 2 else run.problem.cost[i]
        row = {
            "id": decision.id,
            "name": decision.name,
            "decision": decision.decision.value,
            "rank": decision.rank,
            "score": round(decision.score, 2),
        }
        row |= {f"{c}_score": round(score.scores[c], 2) for c in CRITERIA}
        row |= {
            "directorate": project.directorate,
            "programme": project.programme or "",
            "status": project.status.value,
            "mandatory": bool(project.mandatory),
            "benefit_k": round(float(gain.sum()), 1),
            "cost_k": round(float(cost.sum()), 1),
            "fte": round(float(fte.sum()), 2),
            "reason": decision.reason,
            "reason_code": decision.reason_code,
        }
        rows.append(row)
    return pd.DataFrame(rows, columns=DECISION_COLUMNS)


def write_decisions_csv(run: ResetRun, path: Path) -> Path:
    neutralise_frame(decisions_frame(run)).to_csv(path, index=False, encoding="utf-8")
    return path


def build_summary(run: ResetRun) -> dict[str, Any]:
    """The board's numbers: status, gap and benefits per year, people per role, findings."""
    result, problem = run.result, run.problem
    coverage = result.coverage()
    gap = np.where(result.gap > 0, result.gap, 1.0)
    limits = {(limit.kind, limit.name): limit for limit in result.limits}
    baseline = run.baseline
    closed = float((result.gap - result.shortfall).sum())
    baseline_closed = float((problem.gap - baseline.shortfall).sum())
    return {
        "portfolio": run.config.name,
        "register": run.register.source,
        "projects": problem.size,
        "solver": {
            "name": result.solver,
            "status": result.status.value,
            "proven_optimal": result.status.value == "optimal" and run.options.gap_rel == 0,
            "objective": result.objective,
            "bound": result.bound,
            "optimality_gap": result.gap_rel,
            "gap_tolerance": run.options.gap_rel,
            "time_limit_s": run.options.time_limit,
            "seconds": result.seconds,
        },
        "objective_meaning": "0-100: (1 - score_weight) x share of the gap closed + "
        "score_weight x share of all score points taken",
        "score_weight": problem.score_weight,
        "pause_min_score": problem.pause_min_score,
        "counts": result.counts(),
        "years": [
            {
                "year": year,
                "gap_k": float(result.gap[t]),
                "benefit_expected_k": float(result.benefit[t]),
                "benefit_low_k": float(result.benefit_low[t]),
                "benefit_high_k": float(result.benefit_high[t]),
                "coverage": float(coverage[t]),
                "coverage_low": float(min(result.benefit_low[t] / gap[t], 1.0))
                if result.gap[t] > 0
                else 1.0,
                "coverage_high": float(min(result.benefit_high[t] / gap[t], 1.0))
                if result.gap[t] > 0
                else 1.0,
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
                "capacity_fte": float(result.capacity[r]),
                "demand_fte": float(result.fte_demand[r]),
                "used_fte": float(result.fte_used[r]),
                "freed_fte": float(result.fte_freed[r]),
                "external_fte": float(result.external[r]),
                "idle_fte": float(
                    max(result.capacity[r] + result.external[r] - result.fte_used[r], 0)
                ),
                "shadow_price": limits[("capacity", role)].shadow_price,
                "binding": limits[("capacity", role)].binding,
            }
            for r, role in enumerate(result.roles)
        ],
        "gap_closed_k": closed,
        "gap_k": float(result.gap.sum()),
        "baseline": {
            "method": "greedy: rank by score per FTE and fill capacity (mandatory first)",
            "objective": baseline.objective,
            "gap_closed_k": baseline_closed,
            "optimiser_gain_objective": result.objective - baseline.objective,
            "optimiser_gain_gap_closed_k": closed - baseline_closed,
        },
        "frontier": []
        if run.frontier is None
        else run.frontier.replace({np.nan: None}).to_dict(orient="records"),
        "findings": run.checks.to_dict()["findings"],
        "finding_counts": run.checks.counts(),
        "warnings": list(run.scores.warnings) + list(result.warnings),
    }


def write_summary_json(run: ResetRun, path: Path) -> Path:
    path.write_text(json.dumps(build_summary(run), indent=2, default=_plain), encoding="utf-8")
    return path


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def format_run_text(run: ResetRun) -> str:
    """A few lines for the terminal: status, decisions, the gap by year, the tightest roles."""
    result = run.result
    counts = ", ".join(f"{n} {d}" for d, n in result.counts().items())
    if result.status.value == "optimal" and result.gap_rel <= 1e-9:
        proof = "proven optimal"
    elif result.status.value == "optimal":
        proof = (
            f"proven within {result.gap_rel:.2%} of the best possible "
            f"(tolerance {run.options.gap_rel:.2%})"
        )
    else:
        proof = f"stopped by the time limit, within {result.gap_rel:.2%} of the best possible"
    lines = [
        f"{run.problem.size} projects decided: {counts}",
        f"Solver {result.solver}: {proof}; objective {result.objective:.2f} of 100, "
        f"bound {result.bound:.2f}, {result.seconds:.1f} s",
        "Gap closed by year (expected, low-high):",
    ]
    for t, year in enumerate(result.years):
        lines.append(
            f"  {year}: £{result.benefit[t]:,.0f}k of £{result.gap[t]:,.0f}k "
            f"({result.coverage()[t]:.0%}); range £{result.benefit_low[t]:,.0f}k-"
            f"£{result.benefit_high[t]:,.0f}k"
        )
    tight = sorted(
        (u for u in result.limits if u.kind == "capacity" and u.binding),
        key=lambda u: -u.shadow_price,
    )[:3]
    if tight:
        lines.append(
            "Tightest roles: "
            + ", ".join(f"{u.name} ({u.used:.1f}/{u.limit:.1f} FTE)" for u in tight)
        )
    baseline = run.baseline
    lines.append(
        f"Greedy spreadsheet baseline: objective {baseline.objective:.2f}; the optimiser adds "
        f"{result.objective - baseline.objective:+.2f}"
    )
    return "\n".join(lines)
