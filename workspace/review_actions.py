"""What the Review tab's buttons do: each action checked on the server for the signed-in
user's role (`signin.acting`, then the library's own `require`), recorded, and answered with
the page's refreshed tables."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, html

from inputs.errors import PortfolioError
from inputs.scenarios import Scenario
from outputs.board_text import format_k
from outputs.run_tables import RunTables
from outputs.workbook import decisions_table, group_decisions, write_group_workbooks
from reset.run import ResetRun
from reset.whatif import Comparison
from review.audit import write_csv
from review.board import Ruling
from review.offline import import_workbook
from review.record import decision_record
from review.roles import Action, User
from review.rounds import Round, Verdict
from workspace.review_view import (
    RECOMMENDED,
    UPHELD,
    item_rows,
    plan_of_record,
    progress_rows,
    queue_rows,
    round_line,
)
from workspace.signin import acting, refusal
from workspace.state import Workspace
from workspace.store import SavedScenario
from workspace.tables import Row


def review_callbacks(app: Dash, workspace: Workspace) -> None:
    _offline_callbacks(app, workspace)

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
        return message, round_line(workspace.rounds.current()), progress_rows(workspace)

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
        return message, round_line(workspace.rounds.current()), progress_rows(workspace)

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
        return message, item_rows(workspace, directorate), progress_rows(workspace)

    @app.callback(
        Output("review-status", "children", allow_duplicate=True),
        Output("board-queue", "data"),
        Output("rule-validation", "options"),
        Input("rule-run", "n_clicks"),
        State("rule-validation", "value"),
        State("rule-verdict", "value"),
        State("rule-reason", "value"),
        prevent_initial_call=True,
    )
    def _rule(
        _: int, validation: str | None, verdict: str, reason: str | None
    ) -> tuple[str, list[Row], list[dict[str, str]]]:
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
        return message, *queue_rows(workspace)

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
            name, scenario_id, changes = _plan_name(workspace, plan)
            weighed = [_comparison(workspace, a) for a in alternatives or [] if a != plan]
            approval = workspace.board.approve(
                name,
                reasons or "",
                weighed,
                user,
                workspace.hashes,
                round_.id if round_ else None,
                scenario_id,
                changes,
            )
            message = f"Approved {approval.plan} as the plan of record."
        except PortfolioError as error:
            message = refusal(error)
        return message, plan_of_record(workspace)


def _offline_callbacks(app: Dash, workspace: Workspace) -> None:
    @app.callback(
        Output("review-status", "children", allow_duplicate=True),
        Output("round-items", "data", allow_duplicate=True),
        Output("round-progress", "data", allow_duplicate=True),
        Input("validate-upload", "contents"),
        State("validate-upload", "filename"),
        prevent_initial_call=True,
    )
    def _upload(contents: str | None, filename: str | None) -> tuple[str, list[Row], list[Row]]:
        user: User | None = None
        try:
            user = _acting(workspace, Action.VALIDATE)
            if not contents:
                raise PortfolioError("choose a workbook to upload")
            round_ = _open_round(workspace)
            data = base64.b64decode(contents.split(",", 1)[-1], validate=False)
            name = Path(filename or "workbook.xlsx").name
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / name
                path.write_bytes(data)
                imported = import_workbook(workspace.rounds, round_.id, path, user)
            message = f"Recorded {name}: {imported.describe()}."
        except PortfolioError as error:
            message = refusal(error)
        directorate = user.directorate if user else None
        return message, item_rows(workspace, directorate), progress_rows(workspace)

    @app.callback(
        Output("workbook-file", "data"),
        Output("review-status", "children", allow_duplicate=True),
        Input("workbook-run", "n_clicks"),
        prevent_initial_call=True,
    )
    def _workbook(_: int) -> tuple[dict[str, Any] | None, str]:
        try:
            user = _acting(workspace, Action.VALIDATE)
            round_ = _open_round(workspace)
            data = _directorate_workbook(workspace, round_, str(user.directorate))
        except PortfolioError as error:
            return None, refusal(error)
        name = f"{round_.name} - {user.directorate}.xlsx"
        return dcc.send_bytes(data, name), f"Your workbook for round '{round_.name}'."

    @app.callback(
        Output("record-file", "data"),
        Input("record-run", "n_clicks"),
        Input("log-run", "n_clicks"),
        prevent_initial_call=True,
    )
    def _download(_: int, __: int) -> dict[str, Any]:
        acting(workspace.accounts, Action.READ)
        engine = workspace.store.engine
        if ctx.triggered_id == "log-run":
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "decision-log.csv"
                write_csv(engine, path)
                return dcc.send_bytes(path.read_bytes(), "decision-log.csv")
        page = decision_record(engine, workspace.rounds, workspace.board)
        return dcc.send_string(page, "record-of-decision.html")


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
    saved = _saved(workspace, source)
    return workspace.what_if(saved.named).run, f"scenario '{saved.name}'", saved.id


def _round_run(workspace: Workspace, round_: Round) -> ResetRun:
    """The plan the round issued: the recommended one, or its saved scenario's (re-solved)."""
    if round_.scenario_id is None:
        return workspace.baseline
    return _source_run(workspace, str(round_.scenario_id))[0]


def _directorate_workbook(workspace: Workspace, round_: Round, directorate: str) -> bytes:
    """The round's plan as one directorate's decisions workbook, to validate offline."""
    tables = RunTables(_round_run(workspace, round_))
    labels = list(group_decisions(decisions_table(tables), "directorate"))
    if directorate not in labels:
        raise PortfolioError(f"the round holds no project of {directorate}")
    with tempfile.TemporaryDirectory() as folder:
        paths = write_group_workbooks(tables, folder, "directorate")
        return paths[labels.index(directorate)].read_bytes()


def _plan_name(workspace: Workspace, plan: str) -> tuple[str, int | None, str]:
    """The plan the Board approves: its name, its saved scenario and what it changes."""
    if plan == RECOMMENDED:
        return "the recommended plan", None, ""
    if plan == UPHELD:
        upheld = workspace.board.upheld(_latest_round(workspace).id)
        return upheld.name, None, upheld.describe()
    saved = _saved(workspace, plan)
    return f"scenario '{saved.name}'", saved.id, saved.scenario.describe()


def _comparison(workspace: Workspace, plan: str) -> Comparison:
    """An alternative the Board weighed, against the recommended plan."""
    if plan == RECOMMENDED:
        return workspace.what_if(Scenario(name="the recommended plan"))
    if plan == UPHELD:
        return workspace.what_if(workspace.board.upheld(_latest_round(workspace).id))
    return workspace.what_if(_saved(workspace, plan).named)


def _saved(workspace: Workspace, chosen: str) -> SavedScenario:
    """The saved scenario a page's choice names."""
    found = workspace.store.get([int(chosen)])
    if not found:
        raise PortfolioError("that scenario is no longer saved")
    return found[0]


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
