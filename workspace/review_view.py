"""The Review tab: the reset as a process. The PMO issues and closes a validation round and
watches each directorate's progress; a director accepts, challenges or escalates their own
projects; the Board works its queue, re-optimises with the challenges it upheld and approves
the plan of record. Each part is shown to the role it belongs to, and every action is checked
on the server (`signin.acting` and the library's own `require`), whatever the page shows."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html
from dash.dash_table.DataTable import DataTable

from inputs.errors import PortfolioError
from inputs.scenarios import Scenario
from outputs.board_text import format_k
from outputs.workbook import DECISION_CHOICES
from reset.run import ResetRun
from reset.whatif import Comparison
from review.board import Ruling
from review.roles import Action, Role, User
from review.rounds import Round, Verdict
from workspace.signin import acting, current_user, refusal
from workspace.state import Workspace
from workspace.tables import Row

RECOMMENDED = "recommended"
UPHELD = "upheld"
PROGRESS_COLUMNS = {
    "directorate": "Directorate",
    "projects": "Projects",
    "accepted": "Accepted",
    "challenged": "Challenged",
    "escalated": "Escalated",
    "outstanding": "Not yet validated",
}
ITEM_COLUMNS = {
    "id": "Project ref",
    "name": "Project",
    "recommended": "Recommended",
    "reason": "Why",
    "route": "Route",
    "standing": "Your word",
}
QUEUE_COLUMNS = {
    "id": "Project ref",
    "name": "Project",
    "directorate": "Directorate",
    "recommended": "Recommended",
    "why": "Why it is here",
    "ruling": "The Board",
}
HIDDEN = {"display": "none"}


def review_tab(workspace: Workspace) -> list[Any]:
    user = current_user()
    if user is None and not workspace.accounts.any():
        return [
            html.P(
                "Validation rounds, the Board's queue and the plan of record need accounts, so "
                "each action is recorded under a name: add them with prioritise users add, "
                "then sign in.",
                id="review-needs-accounts",
            )
        ]
    role = user.role if user else None
    return [
        html.P(_plan_of_record(workspace), id="plan-of-record"),
        html.P(_round_line(workspace.rounds.current()), id="round-line"),
        DataTable(
            id="round-progress",
            columns=[{"name": n, "id": k} for k, n in PROGRESS_COLUMNS.items()],
            data=_progress_rows(workspace),
        ),
        html.P(id="review-status", style={"fontWeight": "bold"}),
        html.Div(_pmo(workspace), id="pmo-part", style=None if role is Role.PMO else HIDDEN),
        html.Div(
            _director(workspace, user),
            id="director-part",
            style=None if role is Role.DIRECTOR else HIDDEN,
        ),
        html.Div(_board(workspace), id="board-part", style=None if role is Role.BOARD else HIDDEN),
    ]


def _plan_of_record(workspace: Workspace) -> str:
    approvals = workspace.board.approvals()
    if not approvals:
        return "No plan of record approved yet."
    latest = approvals[0]
    return (
        f"Plan of record: {latest.plan}, approved by {latest.approved_by} on "
        f"{latest.at:%d %B %Y %H:%M} UTC: {latest.reasons}"
    )


def _round_line(round_: Round | None) -> str:
    if round_ is None:
        return "No validation round has been issued."
    state = "open for validation" if round_.open else f"closed by {round_.closed_by}"
    return (
        f"Round '{round_.name}' ({state}), issued by {round_.issued_by} from {round_.source} on "
        f"{round_.issued_at:%d %B %Y}."
    )


def _progress_rows(workspace: Workspace) -> list[Row]:
    round_ = workspace.rounds.current()
    if round_ is None:
        return []
    return [
        {
            "directorate": p.directorate,
            "projects": p.projects,
            "accepted": p.accepted,
            "challenged": p.challenged,
            "escalated": p.escalated,
            "outstanding": p.outstanding,
        }
        for p in workspace.rounds.progress(round_.id)
    ]


def _sources(workspace: Workspace) -> list[dict[str, str]]:
    saved = [{"label": f"scenario: {s.name}", "value": str(s.id)} for s in workspace.store.all()]
    return [{"label": "the recommended plan", "value": RECOMMENDED}, *saved]


def _pmo(workspace: Workspace) -> list[Any]:
    return [
        html.H3("Issue a validation round"),
        html.Div(
            [
                dcc.Input(id="round-name", type="text", placeholder="Round name"),
                dcc.Dropdown(
                    id="round-source",
                    options=_sources(workspace),
                    value=RECOMMENDED,
                    clearable=False,
                    style={"minWidth": "18em"},
                ),
                html.Button("Issue round", id="round-issue", n_clicks=0),
                html.Button("Close round", id="round-close", n_clicks=0),
            ],
            style={"display": "flex", "gap": "1em", "alignItems": "center"},
        ),
    ]


def _director(workspace: Workspace, user: User | None) -> list[Any]:
    directorate = user.directorate if user and user.role is Role.DIRECTOR else None
    rows = _item_rows(workspace, directorate)
    return [
        html.H3(f"Validate {directorate or 'your directorate'}'s projects"),
        DataTable(
            id="round-items",
            columns=[{"name": n, "id": k} for k, n in ITEM_COLUMNS.items()],
            data=rows,
            style_cell={"textAlign": "left", "whiteSpace": "normal"},
            page_size=25,
        ),
        html.Div(
            [
                dcc.Dropdown(
                    id="validate-project",
                    options=[{"label": f"{r['id']}: {r['name']}", "value": r["id"]} for r in rows],
                    placeholder="Project",
                    style={"minWidth": "22em"},
                ),
                dcc.RadioItems(
                    id="validate-verdict",
                    options=[v.value for v in Verdict],
                    value=Verdict.ACCEPT.value,
                    inline=True,
                ),
                dcc.Dropdown(
                    id="validate-proposed",
                    options=list(DECISION_CHOICES),
                    placeholder="Proposed decision (a challenge)",
                    style={"minWidth": "16em"},
                ),
            ],
            style={"display": "flex", "gap": "1em", "alignItems": "center", "marginTop": "1em"},
        ),
        dcc.Textarea(
            id="validate-comment",
            placeholder="Why (needed to challenge or escalate)",
            style={"width": "100%"},
        ),
        html.Button("Submit", id="validate-run", n_clicks=0),
    ]


def _item_rows(workspace: Workspace, directorate: str | None) -> list[Row]:
    round_ = workspace.rounds.current()
    if round_ is None or directorate is None:
        return []
    standing = workspace.rounds.latest(round_.id)
    rows: list[Row] = []
    for item in workspace.rounds.items(round_.id, directorate):
        said = standing.get(item.project_id)
        word = "" if said is None else said.verdict.value
        if said is not None and said.proposed:
            word += f" ({said.proposed})"
        rows.append(
            {
                "id": item.project_id,
                "name": item.name,
                "recommended": item.recommended,
                "reason": item.reason,
                "route": "; ".join(item.bodies),
                "standing": word,
            }
        )
    return rows


def _board(workspace: Workspace) -> list[Any]:
    rows, choices = _queue(workspace)
    return [
        html.H3("The Board's queue"),
        DataTable(
            id="board-queue",
            columns=[{"name": n, "id": k} for k, n in QUEUE_COLUMNS.items()],
            data=rows,
            style_cell={"textAlign": "left", "whiteSpace": "normal"},
        ),
        html.Div(
            [
                dcc.Dropdown(
                    id="rule-validation",
                    options=choices,
                    placeholder="A challenge or escalation",
                    style={"minWidth": "26em"},
                ),
                dcc.RadioItems(
                    id="rule-verdict", options=["accept", "reject"], value="accept", inline=True
                ),
            ],
            style={"display": "flex", "gap": "1em", "alignItems": "center", "marginTop": "1em"},
        ),
        dcc.Textarea(id="rule-reason", placeholder="The Board's reason", style={"width": "100%"}),
        html.Button("Rule", id="rule-run", n_clicks=0),
        html.H3("The plan with the upheld challenges"),
        html.Button("Re-optimise with upheld challenges", id="upheld-run", n_clicks=0),
        dcc.Loading(html.Div(id="upheld-result"), type="circle", delay_show=400),
        html.H3("Approve the plan of record"),
        html.Div(
            [
                dcc.Dropdown(
                    id="approve-plan",
                    options=_plans(workspace),
                    value=RECOMMENDED,
                    clearable=False,
                    style={"minWidth": "22em"},
                ),
                dcc.Dropdown(
                    id="approve-alternatives",
                    options=_plans(workspace),
                    multi=True,
                    placeholder="Alternatives the Board weighed",
                    style={"minWidth": "26em"},
                ),
            ],
            style={"display": "flex", "gap": "1em", "alignItems": "center"},
        ),
        dcc.Textarea(
            id="approve-reasons", placeholder="The Board's reasons", style={"width": "100%"}
        ),
        html.Button("Approve as plan of record", id="approve-run", n_clicks=0),
    ]


def _plans(workspace: Workspace) -> list[dict[str, str]]:
    upheld = {"label": "the plan with the upheld challenges", "value": UPHELD}
    return [*_sources(workspace)[:1], upheld, *_sources(workspace)[1:]]


def _queue(workspace: Workspace) -> tuple[list[Row], list[dict[str, str]]]:
    round_, user = workspace.rounds.current(), current_user()
    if round_ is None or user is None or user.role is not Role.BOARD:
        return [], []
    rows: list[Row] = []
    choices = []
    for queued in workspace.board.queue(round_.id, workspace.what_if):
        ruled = queued.ruled
        rows.append(
            {
                "id": queued.item.project_id,
                "name": queued.item.name,
                "directorate": queued.item.directorate,
                "recommended": queued.item.recommended,
                "why": "; ".join(queued.why),
                "ruling": "" if ruled is None else f"{ruled.ruling.value}: {ruled.reason}",
            }
        )
        if queued.validation is not None:
            said = queued.validation
            proposal = f" (proposes {said.proposed})" if said.proposed else ""
            label = f"{said.project_id}: {said.verdict.value} by {said.user_name}{proposal}"
            choices.append({"label": label, "value": str(said.id)})
    return rows, choices


def review_callbacks(app: Dash, workspace: Workspace) -> None:
    @app.callback(
        Output("review-status", "children", allow_duplicate=True),
        Output("round-line", "children", allow_duplicate=True),
        Output("round-progress", "data", allow_duplicate=True),
        Input("round-issue", "n_clicks"),
        State("round-name", "value"),
        State("round-source", "value"),
        prevent_initial_call=True,
    )
    def _issue(_: int, name: str | None, source: str | None) -> tuple[str, str, list[Row]]:
        try:
            user = _acting(workspace, Action.ISSUE_ROUND)
            run, described, scenario_id = _source_run(workspace, source or RECOMMENDED)
            issued = workspace.rounds.issue(
                name or "", run, described, user, workspace.hashes, scenario_id
            )
            message = f"Issued round '{issued.name}' from {issued.source}."
        except PortfolioError as error:
            message = refusal(error)
        return message, _round_line(workspace.rounds.current()), _progress_rows(workspace)

    @app.callback(
        Output("review-status", "children", allow_duplicate=True),
        Output("round-line", "children", allow_duplicate=True),
        Output("round-progress", "data", allow_duplicate=True),
        Input("round-close", "n_clicks"),
        prevent_initial_call=True,
    )
    def _close(_: int) -> tuple[str, str, list[Row]]:
        try:
            user = _acting(workspace, Action.ISSUE_ROUND)
            round_ = _open_round(workspace)
            closed = workspace.rounds.close(round_.id, user)
            message = f"Closed round '{closed.name}': it goes to the Board."
        except PortfolioError as error:
            message = refusal(error)
        return message, _round_line(workspace.rounds.current()), _progress_rows(workspace)

    @app.callback(
        Output("review-status", "children", allow_duplicate=True),
        Output("round-items", "data"),
        Output("round-progress", "data", allow_duplicate=True),
        Input("validate-run", "n_clicks"),
        State("validate-project", "value"),
        State("validate-verdict", "value"),
        State("validate-proposed", "value"),
        State("validate-comment", "value"),
        prevent_initial_call=True,
    )
    def _validate(
        _: int, project: str | None, verdict: str, proposed: str | None, comment: str | None
    ) -> tuple[str, list[Row], list[Row]]:
        user: User | None = None
        try:
            user = _acting(workspace, Action.VALIDATE)
            if not project:
                raise PortfolioError("choose one of your projects first")
            round_ = _open_round(workspace)
            said = workspace.rounds.validate(
                round_.id, project, Verdict(verdict), user, comment or "", proposed
            )
            message = f"Recorded: {said.project_id} {said.verdict.recorded}."
        except PortfolioError as error:
            message = refusal(error)
        directorate = user.directorate if user else None
        return message, _item_rows(workspace, directorate), _progress_rows(workspace)

    @app.callback(
        Output("review-status", "children", allow_duplicate=True),
        Output("board-queue", "data"),
        Input("rule-run", "n_clicks"),
        State("rule-validation", "value"),
        State("rule-verdict", "value"),
        State("rule-reason", "value"),
        prevent_initial_call=True,
    )
    def _rule(
        _: int, validation: str | None, verdict: str, reason: str | None
    ) -> tuple[str, list[Row]]:
        try:
            user = _acting(workspace, Action.RULE)
            if not validation:
                raise PortfolioError("choose a challenge or escalation first")
            round_ = _latest_round(workspace)
            ruled = workspace.board.rule(
                round_.id, int(validation), Ruling(verdict), reason or "", user
            )
            message = f"Ruled: {ruled.ruling.value}."
        except PortfolioError as error:
            message = refusal(error)
        return message, _queue(workspace)[0]

    @app.callback(
        Output("upheld-result", "children"),
        Input("upheld-run", "n_clicks"),
        prevent_initial_call=True,
    )
    def _upheld(_: int) -> list[Any]:
        try:
            _acting(workspace, Action.RULE)
            comparison = workspace.what_if(workspace.board.upheld(_latest_round(workspace).id))
        except PortfolioError as error:
            return [html.P(refusal(error), id="upheld-error")]
        return _cost(comparison)

    @app.callback(
        Output("review-status", "children", allow_duplicate=True),
        Output("plan-of-record", "children"),
        Input("approve-run", "n_clicks"),
        State("approve-plan", "value"),
        State("approve-alternatives", "value"),
        State("approve-reasons", "value"),
        prevent_initial_call=True,
    )
    def _approve(
        _: int, plan: str, alternatives: list[str] | None, reasons: str | None
    ) -> tuple[str, str]:
        try:
            user = _acting(workspace, Action.APPROVE)
            round_ = workspace.rounds.current()
            name, scenario_id = _plan_name(workspace, plan)
            weighed = [_comparison(workspace, a) for a in alternatives or [] if a != plan]
            approval = workspace.board.approve(
                name,
                reasons or "",
                weighed,
                user,
                workspace.hashes,
                round_.id if round_ else None,
                scenario_id,
            )
            message = f"Approved {approval.plan} as the plan of record."
        except PortfolioError as error:
            message = refusal(error)
        return message, _plan_of_record(workspace)


def _acting(workspace: Workspace, action: Action) -> User:
    """The signed-in user allowed `action` (review actions always need an account)."""
    user = acting(workspace.accounts, action)
    if user is None:
        raise PortfolioError("sign in first")
    return user


def _open_round(workspace: Workspace) -> Round:
    round_ = workspace.rounds.current()
    if round_ is None or not round_.open:
        raise PortfolioError("no round is open: the PMO issues one")
    return round_


def _latest_round(workspace: Workspace) -> Round:
    round_ = workspace.rounds.current()
    if round_ is None:
        raise PortfolioError("no round has been issued yet")
    return round_


def _source_run(workspace: Workspace, source: str) -> tuple[ResetRun, str, int | None]:
    """The plan a round issues: the recommended one, or a saved scenario's (re-solved)."""
    if source == RECOMMENDED:
        return workspace.baseline, "the recommended plan", None
    saved = workspace.store.get([int(source)])
    if not saved:
        raise PortfolioError("that scenario is no longer saved")
    run = workspace.what_if(saved[0].scenario.model_copy(update={"name": saved[0].name})).run
    return run, f"scenario '{saved[0].name}'", saved[0].id


def _plan_name(workspace: Workspace, plan: str) -> tuple[str, int | None]:
    if plan == RECOMMENDED:
        return "the recommended plan", None
    if plan == UPHELD:
        return workspace.board.upheld(_latest_round(workspace).id).name, None
    saved = workspace.store.get([int(plan)])
    if not saved:
        raise PortfolioError("that scenario is no longer saved")
    return f"scenario '{saved[0].name}'", saved[0].id


def _comparison(workspace: Workspace, plan: str) -> Comparison:
    """An alternative the Board weighed, against the recommended plan."""
    if plan == RECOMMENDED:
        return workspace.what_if(Scenario(name="the recommended plan"))
    if plan == UPHELD:
        return workspace.what_if(workspace.board.upheld(_latest_round(workspace).id))
    saved = workspace.store.get([int(plan)])
    if not saved:
        raise PortfolioError("that scenario is no longer saved")
    return workspace.what_if(saved[0].scenario.model_copy(update={"name": saved[0].name}))


def _cost(comparison: Comparison) -> list[Any]:
    years = comparison.years
    by_year = ", ".join(
        f"{year}: {format_k(change)}"
        for year, change in zip(years["year"], years["benefit_change_k"], strict=True)
    )
    return [
        html.P(
            f"{comparison.scenario.describe() or 'No challenge upheld'}: objective "
            f"{comparison.objective_change:+.2f} points against the recommendation; gap closed "
            f"changes by {by_year}; {len(comparison.changes)} projects change.",
            id="upheld-cost",
        )
    ]
