"""The Project page: everything about one project, read from the run (its row of the decisions
table, the portfolio's figures and assumptions, the graph's prerequisites and impact set, and
the findings that name it). Nothing is worked out here."""

from __future__ import annotations

from typing import Any

from dash import html
from dash.dash_table.DataTable import DataTable

from dependencies.checks import impact_of
from outputs.board_text import format_k
from workspace.state import Workspace

FACTS = {
    "action": "Action",
    "reason": "Why",
    "rank": "Rank",
    "score": "Score",
    "directorate": "Directorate",
    "programme": "Programme",
    "status": "Status",
    "stage": "Evidence stage",
    "benefit_k": "Expected benefit £k",
    "cost_k": "Investment £k",
    "fte": "FTE",
    "route": "Route",
    "approvals": "Approvals needed",
}


def project_panel(workspace: Workspace, project_id: str | None) -> list[Any]:
    """The panel for one project, or a prompt when none (or an unknown id) is chosen."""
    run = workspace.baseline
    index = run.portfolio.index()
    if not project_id or project_id not in index:
        return [html.P("Choose a project to see everything about it.", id="project-note")]
    i = index[project_id]
    portfolio, decisions = run.portfolio, workspace.tables.decisions.set_index("id")
    row = decisions.loc[project_id]
    facts = [
        {"what": label, "value": "" if row.get(key) is None else str(row.get(key))}
        for key, label in FACTS.items()
        if key in row.index
    ]
    facts += [
        {
            "what": f"{column.removesuffix('_score').replace('_', ' ')} score",
            "value": str(row[column]),
        }
        for column in decisions.columns
        if column.endswith("_score")
    ]
    years = [
        {
            "year": year,
            "expected": round(float(portfolio.expected[i, t]), 1),
            "low": round(float(portfolio.expected_low[i, t]), 1),
            "high": round(float(portfolio.expected_high[i, t]), 1),
        }
        for t, year in enumerate(portfolio.years)
    ]
    return [
        html.H3(f"{project_id}: {portfolio.names[i]}", id="project-title"),
        DataTable(
            id="project-facts",
            columns=[{"name": "", "id": "what"}, {"name": "", "id": "value"}],
            data=facts,  # type: ignore[arg-type]
            style_cell={"textAlign": "left", "whiteSpace": "normal", "maxWidth": "50em"},
        ),
        html.H4("Benefits by year (£k, expected basis)"),
        DataTable(
            id="project-years",
            columns=[
                {"name": "Year", "id": "year"},
                {"name": "Expected", "id": "expected"},
                {"name": "Low", "id": "low"},
                {"name": "High", "id": "high"},
            ],
            data=years,  # type: ignore[arg-type]
        ),
        html.H4("Assumptions made for blanks"),
        html.Ul(
            [html.Li(a) for a in portfolio.assumptions[i]] or [html.Li("none")],
            id="project-assumptions",
        ),
        *_links(workspace, project_id),
        *_findings(workspace, project_id),
    ]


def _links(workspace: Workspace, project_id: str) -> list[Any]:
    """What it needs, what needs it, and what a pause would stop."""
    run = workspace.baseline
    problem, decided = run.problem, run.result.by_id()
    i = problem.index()[project_id]
    needs = [problem.ids[j] for d, j in problem.requires.tolist() if d == i]
    needed_by = [problem.ids[d] for d, j in problem.requires.tolist() if j == i]
    impact = impact_of(run.checks.graph, project_id, portfolio=run.portfolio)

    def listed(ids: list[str], element_id: str) -> html.Ul:
        items = [html.Li(f"{j}: {decided[j].name} ({decided[j].decided})") for j in ids]
        return html.Ul(items or [html.Li("none")], id=element_id)

    at_risk = (
        f"If it is paused, {len(impact.stopped)} other projects stop with it and "
        f"{format_k(impact.benefit)} of expected benefit is at risk "
        f"({format_k(impact.benefit_low)} to {format_k(impact.benefit_high)})"
    )
    return [
        html.H4("It needs"),
        listed(needs, "project-needs"),
        html.H4("Needed by"),
        listed(needed_by, "project-needed-by"),
        html.H4("Impact set"),
        html.P(at_risk, id="project-impact"),
        listed(list(impact.stopped), "project-stops"),
    ]


def _findings(workspace: Workspace, project_id: str) -> list[Any]:
    found = [f for f in workspace.baseline.checks.findings if project_id in f.project_ids]
    items = [html.Li(f"{f.kind.value}: {f.message} Fix: {f.fix}") for f in found]
    return [html.H4("Findings"), html.Ul(items or [html.Li("none")], id="project-findings")]
