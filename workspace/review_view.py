"""The Review tab's page: the reset as a process. The PMO issues and closes a validation round and
watches each directorate's progress; a director accepts, challenges or escalates their own
projects; the Board works its queue, re-optimises with the challenges it upheld and approves
the plan of record. Each part is shown to the role it belongs to; what its buttons do is in
`review_actions`, checked on the server whatever the page shows."""

from __future__ import annotations

from typing import Any

from dash import dcc, html
from dash.dash_table.DataTable import DataTable

from outputs.workbook import DECISION_CHOICES
from review.roles import Role, User
from review.rounds import Round, Verdict
from workspace.signin import current_user
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
UPLOAD_BYTES = 20 * 1024 * 1024
"""The largest returned workbook the page takes."""


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
        html.P(plan_of_record(workspace), id="plan-of-record"),
        html.P(round_line(workspace.rounds.current()), id="round-line"),
        DataTable(
            id="round-progress",
            columns=[{"name": n, "id": k} for k, n in PROGRESS_COLUMNS.items()],
            data=progress_rows(workspace),
        ),
        html.P(id="review-status", style={"fontWeight": "bold"}),
        html.Div(_pmo(workspace), id="pmo-part", style=None if role is Role.PMO else HIDDEN),
        html.Div(
            _director(workspace, user),
            id="director-part",
            style=None if role is Role.DIRECTOR else HIDDEN,
        ),
        html.Div(_board(workspace), id="board-part", style=None if role is Role.BOARD else HIDDEN),
        html.H3("The decision record"),
        html.Div(
            [
                html.Button("Download the record of decision", id="record-run", n_clicks=0),
                html.Button("Download the decision log (CSV)", id="log-run", n_clicks=0),
            ],
            style={"display": "flex", "gap": "1em"},
        ),
        dcc.Download(id="record-file"),
    ]


def plan_of_record(workspace: Workspace) -> str:
    approvals = workspace.board.approvals()
    if not approvals:
        return "No plan of record approved yet."
    latest = approvals[0]
    return (
        f"Plan of record: {latest.plan}, approved by {latest.approved_by} on "
        f"{latest.at:%d %B %Y %H:%M} UTC: {latest.reasons}"
    )


def round_line(round_: Round | None) -> str:
    if round_ is None:
        return "No validation round has been issued."
    state = "open for validation" if round_.open else f"closed by {round_.closed_by}"
    return (
        f"Round '{round_.name}' ({state}), issued by {round_.issued_by} from {round_.source} on "
        f"{round_.issued_at:%d %B %Y}."
    )


def progress_rows(workspace: Workspace) -> list[Row]:
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
    rows = item_rows(workspace, directorate)
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
        html.Div(
            [
                html.Button("Download your directorate's workbook", id="workbook-run"),
                dcc.Download(id="workbook-file"),
            ],
            style={"marginTop": "1em"},
        ),
        dcc.Upload(
            html.Button("Or upload your returned decisions workbook"),
            id="validate-upload",
            accept=".xlsx",
            max_size=UPLOAD_BYTES,
            style={"marginTop": "1em"},
        ),
    ]


def item_rows(workspace: Workspace, directorate: str | None) -> list[Row]:
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
    rows, choices = queue_rows(workspace)
    plans = _plans(workspace)
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
                    options=plans,
                    value=RECOMMENDED,
                    clearable=False,
                    style={"minWidth": "22em"},
                ),
                dcc.Dropdown(
                    id="approve-alternatives",
                    options=plans,
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
    recommended, *saved = _sources(workspace)
    upheld = {"label": "the plan with the upheld challenges", "value": UPHELD}
    return [recommended, upheld, *saved]


def queue_rows(workspace: Workspace) -> tuple[list[Row], list[dict[str, str]]]:
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
