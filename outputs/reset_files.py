"""What `prioritise run` writes: decisions.csv (every row, ranked), summary.json, and all four
files of a run together."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from outputs import board_tables
from outputs.board_text import solver_proof
from outputs.confidence_plan import confidence_title
from outputs.run_tables import RunTables
from outputs.safe_text import write_csv

RUN_FILES = ("decisions.csv", "decisions.xlsx", "summary.json", "report.html")


def write_run_files(tables: RunTables, folder: Path) -> list[Path]:
    """decisions.csv, decisions.xlsx, summary.json and report.html, from one set of tables."""
    from outputs.board_pack import write_board_pack
    from outputs.workbook import write_decisions_workbook

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in RUN_FILES]
    write_decisions_csv(tables, paths[0])
    write_decisions_workbook(tables, paths[1])
    write_summary_json(tables, paths[2])
    write_board_pack(tables, paths[3])
    return paths


def write_decisions_csv(tables: RunTables, path: Path) -> Path:
    return write_csv(tables.stamp.on_rows(tables.decisions), path)


def write_summary_json(tables: RunTables, path: Path) -> Path:
    """Streamed to the file: at 50,000 projects the findings alone are over 100 MB of text."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(tables.summary, handle, indent=2, default=_plain)
    return path


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def format_run_text(tables: RunTables) -> str:
    """A few lines for the terminal: status, decisions, the gap by year, the tightest roles
    and the years money binds, the pauses that resume, the odds and the core index."""
    run = tables.run
    result = run.result
    counts = ", ".join(f"{n} {d}" for d, n in result.counts().items())
    proof = solver_proof(result.status, result.gap_rel, run.options.gap_rel)
    lines = [
        f"{result.size} projects decided: {counts}",
        f"Solver {result.solver}: {proof}; objective {result.objective:.2f} of 100, "
        f"bound {result.bound:.2f}, {result.seconds:.1f} s",
        *(f"Warning: {warning}" for warning in result.warnings),
        "Gap closed by year (expected, low-high):",
    ]
    if result.reserves.any() or result.contingency.any():
        lines.append(
            f"Target: the gap £{result.gap.sum():,.0f}k + reserves £{result.reserves.sum():,.0f}k"
            f" + contingency £{result.contingency.sum():,.0f}k (each year's shortfall is "
            "against all three)"
        )
    for t, year in enumerate(result.years):
        risk = result.mtfs_at_risk[t]
        lines.append(
            f"  {year}: £{result.benefit[t]:,.0f}k of £{result.gap[t]:,.0f}k "
            f"({result.coverage()[t]:.0%}); range £{result.benefit_low[t]:,.0f}k-"
            f"£{result.benefit_high[t]:,.0f}k"
            + (f"; MTFS savings at risk £{risk:,.0f}k" if risk > 0.5 else "")
        )
    planned = run.problem.mtfs_planned.sum()
    if planned > 0:
        risk = board_tables.mtfs_at_risk(tables)
        why = [
            f"£{risk.lost_k:,.0f}k lost by {risk.projects} project(s) stopped or delayed"
            if risk.lost_k > 0.5
            else "",
            f"£{risk.overlap_k:,.0f}k claimed twice within a savings pool"
            if risk.overlap_k > 0.5
            else "",
        ]
        lines.append(
            f"MTFS savings: £{planned - risk.total_k:,.0f}k of £{planned:,.0f}k kept"
            + (
                f"; £{risk.total_k:,.0f}k at risk ({'; '.join(w for w in why if w)}): the gap "
                "widens by that"
                if risk.any
                else ""
            )
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
    money = [u for u in result.limits if u.kind in ("budget", "stream") and u.binding]
    if money:
        lines.append(
            "Money binds in: "
            + ", ".join(f"{'budget ' if u.kind == 'budget' else ''}{u.name}" for u in money)
        )
    resumes = {y: n for y, n in tables.summary["deferred"]["resumes"].items() if n}
    if resumes:
        lines.append(
            f"Pauses that resume: {sum(resumes.values())} ("
            + ", ".join(f"{n} in {y}" for y, n in resumes.items())
            + ")"
        )
    odds = run.odds
    lines.append(
        f"Chance of closing the gap ({odds.draws:,} simulated futures, "
        f"{run.config.risk.delivery_record:.0%} delivery record): "
        + ", ".join(f"{y} {p:.0%}" for y, p in zip(odds.years, odds.p_closed, strict=True))
        + f"; every year {odds.p_every_year:.0%}"
    )
    if odds.contingency.any():
        lines.append(
            f"To be {odds.confidence:.0%} sure of closing each year, find "
            + ", ".join(
                f"£{c:,.0f}k more in {y}"
                for y, c in zip(odds.years, odds.contingency, strict=True)
                if c > 0.5
            )
        )
    robust = tables.summary["robust"]
    if robust is not None:
        lines.append(
            f"Core index ({robust['futures']:,} futures, {robust['seconds']:.0f} s on "
            f"{robust['where']}): of the plan's {sum(robust['plan_counts'].values())} "
            f"projects {robust['plan_counts']['core']} core (in every good plan), "
            f"{robust['plan_counts']['borderline']} borderline, "
            f"{robust['plan_counts']['exterior']} exterior"
            + (
                f"; {len(robust['stopped_in_most'])} it stops are in most good plans"
                if robust["stopped_in_most"]
                else ""
            )
            + (f"; {robust['unsolved']} futures unsolved" if robust["unsolved"] else "")
        )
    sure = tables.summary["confidence_plan"]
    if sure is not None:
        lines.append(
            confidence_title(sure)
            + ": chance closed "
            + ", ".join(
                f"{y['year']} {y['recommended_p_closed']:.0%} -> {y['p_closed']:.0%}"
                for y in sure["years"]
            )
            + f" ({sure['seconds']:.0f} s)"
        )
    routes = run.governance.counts()
    lines.append(
        "Decisions go to: "
        + ", ".join(f"{body} {count}" for body, count in reversed(routes.items()) if count)
        + (
            f"; {len(run.governance.eqia_needed)} need an EqIA before the decision"
            if run.governance.eqia_needed
            else ""
        )
    )
    baseline = run.baseline
    lines.append(
        f"Greedy spreadsheet baseline: objective {baseline.objective:.2f}; the optimiser adds "
        f"{result.objective - baseline.objective:+.2f}"
    )
    return "\n".join(lines)
