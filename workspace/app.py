"""The workspace's web app (Dash): the recommended plan, and what-ifs answered on the page.

The figures are the board pack's own (`outputs.board_charts`, fed by `outputs.board_tables`),
the tables `outputs.run_tables`' and `reset.whatif`'s: nothing is worked out here. Dash renders
every string as text, so register text cannot become markup; every asset is served by this app
(Dash's bundled scripts), so the page works with no internet.
"""

from __future__ import annotations

from typing import Any

import dash_cytoscape as cyto
import pandas as pd
from dash import Dash, Input, Output, State, ctx, dcc, html
from dash.dash_table.DataTable import DataTable
from flask import Response, jsonify
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from inputs.errors import PortfolioError
from inputs.scenarios import Scenario
from outputs import board_charts, board_tables
from outputs.board_text import format_k
from reset.whatif import Comparison
from review.roles import AccessError, Action
from workspace import signin
from workspace.graph_view import COLOURS, SCOPES, SIZES, elements, enablers, stylesheet
from workspace.jobs import BusyError, Job
from workspace.project_view import project_panel
from workspace.review_actions import review_callbacks
from workspace.review_view import review_tab
from workspace.scenarios_view import scenario_callbacks, scenarios_tab
from workspace.signin import acting, current_user, refusal
from workspace.state import Workspace
from workspace.tables import Row, records

DECISIONS = ("pause", "keep", "accelerate", "terminate")
TABLE_COLUMNS = {
    "rank": "Rank",
    "id": "Project ref",
    "name": "Project",
    "directorate": "Directorate",
    "programme": "Programme",
    "action": "Action",
    "score": "Score",
    "route": "Route",
    "reason": "Why",
}
CHANGE_COLUMNS = {
    "id": "Project ref",
    "name": "Project",
    "baseline_decision": "Recommended",
    "scenario_decision": "In this what-if",
    "cause": "Because",
}
FILTERS = ("directorate", "programme", "decision", "route")
POLL_MS = 500
"""How often the page asks how a long what-if is getting on."""


def create_app(workspace: Workspace, host: str = "127.0.0.1", behind_proxy: bool = False) -> Dash:
    """The app for one open workspace, served on `host` (its cookies are Secure beyond this
    machine, or `behind_proxy`: see `signin.install`)."""
    app = Dash(
        __name__,
        title=f"Portfolio reset: {workspace.config.name or workspace.register.source}",
        serve_locally=True,
        update_title="",
    )
    app.layout = lambda: _layout(workspace)  # a function: each page load reads the store
    _callbacks(app, workspace)
    scenario_callbacks(app, workspace)
    review_callbacks(app, workspace)
    _errors(app)
    signin.install(app.server, workspace.accounts, host, behind_proxy)
    return app


def headline_text(workspace: Workspace) -> str:
    """One sentence of what the plan does against the gap."""
    summary = workspace.tables.summary
    closed, gap = summary["gap_closed_k"], summary["gap_k"]
    share = closed / gap if gap > 0 else 1.0
    return (
        f"The recommended plan closes £{closed:,.0f}k of the £{gap:,.0f}k gap ({share:.0%}) "
        f"over {len(summary['years'])} years"
    )


def _layout(workspace: Workspace) -> html.Div:
    tables = workspace.tables
    decisions = tables.decisions
    counts = workspace.baseline.result.counts()
    return html.Div(
        [
            _signed_in(),
            html.H1(f"Portfolio reset: {workspace.config.name or workspace.register.source}"),
            html.P(headline_text(workspace), id="headline"),
            html.P(
                ", ".join(f"{n} {d.value}" for d, n in counts.items()),
                id="decision-counts",
            ),
            dcc.Tabs(
                id="tabs",
                children=[
                    dcc.Tab(label="Plan", value="plan", children=_plan(workspace, decisions)),
                    dcc.Tab(label="Project", value="project", children=_project(workspace)),
                    dcc.Tab(label="What if", value="whatif", children=_whatif(workspace)),
                    dcc.Tab(
                        label="Scenarios", value="scenarios", children=scenarios_tab(workspace)
                    ),
                    dcc.Tab(label="Graph", value="graph", children=_graph(workspace)),
                    dcc.Tab(label="Review", value="review", children=review_tab(workspace)),
                ],
                value="plan",
            ),
            # outside the tabs, so a long what-if is still polled while another tab is shown
            dcc.Store(id="whatif-job"),
            dcc.Interval(id="whatif-poll", interval=POLL_MS, disabled=True),
        ],
        style={"fontFamily": "sans-serif", "margin": "1em 2em"},
    )


def _signed_in() -> html.Div:
    """Who is signed in, and the way out (nothing while the workspace runs without accounts)."""
    user = current_user()
    if user is None:
        return html.Div(id="signed-in")
    return html.Div(
        html.Form(
            [
                html.Span(f"Signed in as {user.describe()} "),
                html.Button("Sign out", id="sign-out", type="submit"),
            ],
            action="/logout",
            method="POST",
        ),
        id="signed-in",
        style={"float": "right"},
    )


def _plan(workspace: Workspace, decisions: pd.DataFrame) -> list[Any]:
    tables = workspace.tables
    years = board_tables.years_frame(tables)
    by_programme = board_tables.benefits_by_programme(tables)
    return [
        html.H2("Benefits against the gap"),
        dcc.Graph(id="benefits", figure=board_charts.benefits_chart(years, by_programme)),
        html.H2("Capacity by role and year"),
        dcc.Graph(
            id="capacity",
            figure=board_charts.capacity_chart(board_tables.capacity_by_role(tables)),
        ),
        html.H2("Every project, ranked"),
        html.Div(
            [
                dcc.Dropdown(
                    id=f"filter-{column}",
                    options=sorted(str(v) for v in decisions[column].dropna().unique()),
                    multi=True,
                    placeholder=column.capitalize(),
                    style={"minWidth": "14em"},
                )
                for column in FILTERS
            ],
            style={"display": "flex", "gap": "1em"},
        ),
        DataTable(
            id="ranked",
            columns=[{"name": label, "id": key} for key, label in TABLE_COLUMNS.items()],
            data=records(decisions, TABLE_COLUMNS),
            page_size=25,
            sort_action="native",
            style_cell={"textAlign": "left", "whiteSpace": "normal", "maxWidth": "40em"},
        ),
    ]


def _project(workspace: Workspace) -> list[Any]:
    return [
        dcc.Dropdown(
            id="project-pick",
            options=_project_options(workspace),
            placeholder="Project",
            style={"minWidth": "24em"},
        ),
        html.Div(project_panel(workspace, None), id="project-panel"),
    ]


def _graph(workspace: Workspace) -> list[Any]:
    found = enablers(workspace)
    return [
        html.Div(
            [
                dcc.Dropdown(
                    id="graph-focus",
                    options=_project_options(workspace),
                    placeholder="Search by id or name",
                    style={"minWidth": "24em"},
                ),
                dcc.Dropdown(
                    id="graph-enabler",
                    options=_project_options(workspace, found),
                    placeholder=f"Critical enablers ({len(found)})",
                    style={"minWidth": "20em"},
                ),
            ],
            style={"display": "flex", "gap": "1em"},
        ),
        html.Div(
            [
                dcc.RadioItems(
                    id="graph-scope", options=list(SCOPES), value="neighbourhood", inline=True
                ),
                dcc.RadioItems(
                    id="graph-colour", options=list(COLOURS), value="decision", inline=True
                ),
                dcc.RadioItems(
                    id="graph-size", options=list(SIZES), value="dependants", inline=True
                ),
            ],
            style={"display": "flex", "gap": "2em", "marginTop": "0.5em"},
        ),
        html.P(
            "Arrows point from a project to what it needs; red dashes are clashes, green lines "
            "projects that go together, purple dots a shared savings pool, orange dots likely "
            "duplicates. With no project chosen, one node per programme.",
            className="note",
        ),
        cyto.Cytoscape(
            id="graph",
            elements=elements(workspace, None),
            stylesheet=stylesheet(),
            layout={"name": "cose", "animate": False},
            style={"width": "100%", "height": "640px"},
        ),
    ]


def _choice(element_id: str, options: tuple[str, ...]) -> dcc.RadioItems:
    """One row of radio buttons, the first option chosen."""
    return dcc.RadioItems(id=element_id, options=list(options), value=options[0], inline=True)


def _project_options(workspace: Workspace, only: list[str] | None = None) -> list[dict[str, str]]:
    """Dropdown options "ID: name" for every project (or those of `only`, in its order)."""
    portfolio = workspace.baseline.portfolio
    names = dict(zip(portfolio.ids, portfolio.names, strict=True))
    shown = portfolio.ids if only is None else only
    return [{"label": f"{i}: {names[i]}", "value": i} for i in shown]


def _whatif(workspace: Workspace) -> list[Any]:
    roles = workspace.baseline.result.roles
    return [
        html.P(
            "Change a decision, or add people or money, and see what the plan does: what it "
            "frees, what it knocks on and how the gap moves."
        ),
        html.Div(
            [
                dcc.Dropdown(
                    id="whatif-project",
                    options=_project_options(workspace),
                    placeholder="Project",
                    style={"minWidth": "24em"},
                ),
                dcc.RadioItems(
                    id="whatif-decision", options=list(DECISIONS), value="pause", inline=True
                ),
            ],
            style={"display": "flex", "gap": "1em", "alignItems": "center"},
        ),
        html.Div(
            [
                dcc.Dropdown(
                    id="whatif-role", options=list(roles), placeholder="Role (extra people)"
                ),
                dcc.Input(id="whatif-fte", type="number", placeholder="FTE, e.g. 1.5"),
                dcc.Dropdown(
                    id="whatif-year",
                    options=list(workspace.baseline.result.years),
                    placeholder="Year (extra money)",
                ),
                dcc.Input(id="whatif-money", type="number", placeholder="£k, e.g. 500"),
            ],
            style={"display": "flex", "gap": "1em", "marginTop": "0.5em"},
        ),
        html.Button("Run what-if", id="whatif-run", n_clicks=0, style={"marginTop": "0.5em"}),
        dcc.Loading(html.Div(id="whatif-result"), type="circle", delay_show=400),
        dcc.Store(id="whatif-token"),
        html.Div(
            [
                dcc.Input(id="save-name", type="text", placeholder="Name this scenario"),
                html.Button("Save scenario", id="save-run", n_clicks=0),
                html.Span(id="save-status"),
            ],
            style={"display": "flex", "gap": "1em", "marginTop": "1em"},
        ),
    ]


def _callbacks(app: Dash, workspace: Workspace) -> None:
    decisions = workspace.tables.decisions

    @app.callback(
        Output("graph", "elements"),
        Output("graph-focus", "value"),
        Output("graph-scope", "value"),
        Input("graph-focus", "value"),
        Input("graph-enabler", "value"),
        Input("graph-scope", "value"),
        Input("graph-colour", "value"),
        Input("graph-size", "value"),
    )
    def _graph_shown(
        focus: str | None, enabler: str | None, scope: str, colour: str, size: str
    ) -> tuple[list[dict[str, Any]], str | None, str]:
        if ctx.triggered_id == "graph-enabler" and enabler:  # an enabler: what its pause stops
            focus, scope = enabler, "impact set"
        return elements(workspace, focus, scope, colour, size), focus, scope

    @app.callback(Output("project-panel", "children"), Input("project-pick", "value"))
    def _project_shown(project: str | None) -> list[Any]:
        return project_panel(workspace, project)

    @app.callback(
        Output("ranked", "data"),
        [Input(f"filter-{column}", "value") for column in FILTERS],
    )
    def _filter(*chosen: list[str] | None) -> list[Row]:
        kept = decisions
        for column, values in zip(FILTERS, chosen, strict=True):
            if values:
                kept = kept[kept[column].astype(str).isin(values)]
        return records(kept, TABLE_COLUMNS)

    @app.callback(
        Output("whatif-result", "children"),
        Output("whatif-token", "data"),
        Output("whatif-job", "data"),
        Output("whatif-poll", "disabled"),
        Input("whatif-run", "n_clicks"),
        Input("whatif-poll", "n_intervals"),
        State("whatif-project", "value"),
        State("whatif-decision", "value"),
        State("whatif-role", "value"),
        State("whatif-fte", "value"),
        State("whatif-year", "value"),
        State("whatif-money", "value"),
        State("whatif-job", "data"),
        prevent_initial_call=True,
        running=[(Output("whatif-run", "disabled"), True, False)],
    )
    def _run(
        _: int,
        __: int,
        project: str | None,
        decision: str,
        role: str | None,
        fte: float | None,
        year: str | None,
        money: float | None,
        job_token: str | None,
    ) -> Answer:
        if ctx.triggered_id == "whatif-poll":
            return _answer(workspace, job_token, workspace.jobs.get(job_token))
        try:
            scenario = _scenario(project, decision, (role, fte), (year, money))
        except ValidationError as error:
            message = "; ".join(e["msg"] for e in error.errors())
            return _said(f"That change cannot be run: {message}", "whatif-error")
        if scenario is None:
            return _said(
                "Choose a project, a role and the FTE to add, or a year and the money to add.",
                "whatif-note",
            )
        try:
            acting(workspace.accounts, Action.WHAT_IF)
        except AccessError as error:
            return _said(refusal(error), "whatif-error")
        try:
            token, job = workspace.start_what_if(scenario)
        except BusyError as error:
            return _said(f"Not started: {error}.", "whatif-error")
        return _answer(workspace, token, job)


Answer = tuple[list[Any], str | None, str | None, bool]
"""The what-if area, the saved-scenario token, the job being polled and whether polling stops."""


def _said(text: str, element_id: str) -> Answer:
    return [html.P(text, id=element_id)], None, None, True


def _answer(workspace: Workspace, token: str | None, job: Job[Comparison] | None) -> Answer:
    """A finished what-if's answer, or how far its solve has got (and keep polling)."""
    if job is None:
        return _said("That what-if is no longer held: run it again.", "whatif-error")
    if not job.done:
        limit = workspace.options.time_limit
        progress = html.P(
            f"Working it out: {job.stage}. {job.seconds:.0f} s so far (at most {limit:g} s "
            "for the solve); the answer appears here.",
            id="whatif-progress",
        )
        return [progress], None, token, False
    try:
        comparison = job.future.result()
    except PortfolioError as error:
        return _said(str(error), "whatif-error")
    return _comparison(comparison), workspace.remember(comparison), None, True


def _scenario(
    project: str | None,
    decision: str,
    people: tuple[str | None, float | None],
    money: tuple[str | None, float | None],
) -> Scenario | None:
    """The what-if the page asks for (None when it asks for nothing).

    Raises:
        ValidationError: a value the scenario refuses (e.g. not a finite number).
    """
    changes: dict[str, Any] = {}
    if project:
        if decision not in DECISIONS:
            return None
        changes[decision] = (project,)
    role, fte = people
    if role and fte:
        changes["capacity"] = {role: float(fte)}
    year, amount = money
    if year and amount:
        changes["budget"] = {year: float(amount)}
    if not changes:
        return None
    scenario = Scenario(name="what-if", **changes)
    return scenario.model_copy(update={"name": scenario.describe()})


def _comparison(comparison: Comparison) -> list[Any]:
    """The what-if's answer: the gap by year against the recommended plan, then every changed
    project with its cause."""
    years = comparison.years
    moved = years["benefit_change_k"].sum()
    lines = [
        html.H3(f"What if: {comparison.scenario.describe()}", id="whatif-title"),
        html.P(
            f"Gap closed over the horizon changes by {format_k(moved)}; objective "
            f"{comparison.objective_change:+.2f} points; "
            f"{len(comparison.changes)} projects change.",
            id="whatif-summary",
        ),
        DataTable(
            id="whatif-years",
            columns=[
                {"name": "Year", "id": "year"},
                {"name": "Gap £k", "id": "gap_k"},
                {"name": "Recommended £k", "id": "benefit_baseline_k"},
                {"name": "What-if £k", "id": "benefit_scenario_k"},
                {"name": "Change £k", "id": "benefit_change_k"},
                {"name": "Chance closed now", "id": "p_closed_scenario"},
            ],
            data=records(years.round(3), list(years.columns)),
        ),
        html.H4("Projects that change"),
        DataTable(
            id="whatif-changes",
            columns=[{"name": label, "id": key} for key, label in CHANGE_COLUMNS.items()],
            data=records(comparison.changes, CHANGE_COLUMNS),
            style_cell={"textAlign": "left", "whiteSpace": "normal"},
        ),
    ]
    already = comparison.already()
    if already:
        lines.insert(1, html.P("; ".join(already), id="whatif-already"))
    return lines


def _errors(app: Dash) -> None:
    """A bad request gets a short plain answer, never a traceback page."""

    @app.server.errorhandler(Exception)
    def _plain(error: Exception) -> tuple[Response, int]:
        if isinstance(error, HTTPException):
            return jsonify(error=error.description or error.name), error.code or 500
        app.server.logger.error("request failed", exc_info=error)  # the server's log only
        return jsonify(error=f"this request could not be answered: {type(error).__name__}"), 400
