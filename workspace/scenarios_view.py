"""The Scenarios page: saved what-ifs, up to four side by side against the recommended plan
(from what each saved), and the comparison files `prioritise whatif` writes (re-solved)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from dash import Dash, Input, Output, State, dcc, html
from dash.dash_table.DataTable import DataTable

from inputs.errors import PortfolioError
from outputs.comparison_files import comparison_stamp, write_comparison
from reset.whatif import Comparison
from review.roles import AccessError, Action
from workspace.signin import acting, refusal
from workspace.state import Workspace
from workspace.tables import Row, table_columns

SAVED_COLUMNS = {
    "name": "Scenario",
    "saved": "Saved",
    "changes": "Changes",
    "gap_change": "Gap closed change £k",
    "projects_changed": "Projects that change",
    "made_on": "Made on",
}
MOST_COMPARED = 4


def scenarios_tab(workspace: Workspace) -> list[Any]:
    return [
        html.P(
            f"Saved scenarios (in {workspace.store.url}). Tick up to {MOST_COMPARED} to set "
            "side by side against the recommended plan."
        ),
        DataTable(
            id="saved",
            columns=[{"name": label, "id": key} for key, label in SAVED_COLUMNS.items()],
            data=_saved_rows(workspace),
            row_selectable="multi",
            selected_rows=[],
            style_cell={"textAlign": "left", "whiteSpace": "normal"},
        ),
        html.Div(
            [
                html.Button("Compare", id="compare-run", n_clicks=0),
                html.Button("Export comparison files", id="export-run", n_clicks=0),
            ],
            style={"display": "flex", "gap": "1em", "marginTop": "0.5em"},
        ),
        dcc.Loading(html.Div(id="compare-result"), type="circle"),
        dcc.Download(id="export-file"),
    ]


def _saved_rows(workspace: Workspace) -> list[Row]:
    rows: list[Row] = []
    for saved in workspace.store.all():
        result = saved.result
        rows.append(
            {
                "id": saved.id,
                "name": saved.name,
                "saved": saved.saved_at.strftime("%Y-%m-%d %H:%M"),
                "changes": result["changes_asked"],
                "gap_change": round(sum(y["benefit_change_k"] for y in result["years"]), 1),
                "projects_changed": len(result["changed_projects"]),
                "made_on": saved.made_on(workspace.register_hash, workspace.config_hash)
                or "this register and config",
            }
        )
    return rows


def scenario_callbacks(app: Dash, workspace: Workspace) -> None:
    @app.callback(
        Output("save-status", "children"),
        Output("saved", "data"),
        Input("save-run", "n_clicks"),
        State("whatif-token", "data"),
        State("save-name", "value"),
        prevent_initial_call=True,
    )
    def _save(_: int, token: str | None, name: str | None) -> tuple[str, list[Row]]:
        if not token:
            return "Run a what-if first, then save it.", _saved_rows(workspace)
        try:
            user = acting(workspace.accounts, Action.WHAT_IF)
            saved = workspace.save(token, name or "", user)
        except AccessError as error:
            return refusal(error), _saved_rows(workspace)
        except PortfolioError as error:
            return str(error), _saved_rows(workspace)
        return f"Saved as '{saved.name}'.", _saved_rows(workspace)

    @app.callback(
        Output("compare-result", "children"),
        Input("compare-run", "n_clicks"),
        State("saved", "selected_rows"),
        State("saved", "data"),
        prevent_initial_call=True,
    )
    def _compare(_: int, selected: list[int] | None, rows: list[Row]) -> list[Any]:
        acting(workspace.accounts, Action.READ)  # re-solves: a signed-in user only
        ids = _chosen_ids(selected, rows)
        if not ids:
            return [html.P(f"Tick 1 to {MOST_COMPARED} scenarios.", id="compare-note")]
        return _side_by_side(workspace, ids)

    @app.callback(
        Output("export-file", "data"),
        Input("export-run", "n_clicks"),
        State("saved", "selected_rows"),
        State("saved", "data"),
        prevent_initial_call=True,
    )
    def _export(_: int, selected: list[int] | None, rows: list[Row]) -> dict[str, Any] | None:
        acting(workspace.accounts, Action.READ)
        ids = _chosen_ids(selected, rows)
        if not ids:
            return None
        return dcc.send_bytes(comparison_zip(workspace.compare(ids)), "comparison.zip")


def _chosen_ids(selected: list[int] | None, rows: list[Row]) -> list[int]:
    picked = [int(rows[k]["id"]) for k in (selected or []) if 0 <= k < len(rows)]
    return picked[:MOST_COMPARED]


def _side_by_side(workspace: Workspace, ids: list[int]) -> list[Any]:
    """Gap closed per year, people per role and the projects that change, for each saved
    scenario beside the recommended plan (from what each scenario saved)."""
    saved = workspace.store.get(ids)
    years = workspace.baseline.result.years
    table: list[Row] = []
    for t, year in enumerate(years):
        row: Row = {
            "year": year,
            "gap": round(float(workspace.baseline.result.gap[t]), 1),
            "recommended": round(float(workspace.baseline.result.benefit[t]), 1),
        }
        for s in saved:
            row[f"s{s.id}"] = round(s.result["years"][t]["benefit_scenario_k"], 1)
        table.append(row)
    headings = table_columns(
        [("year", "Year"), ("gap", "Gap £k"), ("recommended", "Recommended £k")]
        + [(f"s{s.id}", f"{s.name} £k") for s in saved]
    )
    people = _people_side_by_side(saved)
    changed = [
        html.Li(
            f"{s.name}: {len(s.result['changed_projects'])} projects change"
            + (
                f" ({', '.join(p['id'] for p in s.result['changed_projects'][:12])})"
                if s.result["changed_projects"]
                else ""
            )
            + (
                f"; {note}"
                if (note := s.made_on(workspace.register_hash, workspace.config_hash))
                else ""
            )
        )
        for s in saved
    ]
    return [
        html.H3("Gap closed per year"),
        DataTable(id="compare-years", columns=headings, data=table),
        html.H3("FTE used per role and year"),
        people,
        html.H3("Projects that change"),
        html.Ul(changed, id="compare-changed"),
    ]


def _people_side_by_side(saved: list[Any]) -> DataTable:
    rows: dict[tuple[str, str], Row] = {}
    for s in saved:
        for r in s.result["roles"]:
            key = (r["role"], r["year"])
            row = rows.setdefault(
                key,
                {"role": r["role"], "year": r["year"], "recommended": round(r["used_baseline"], 2)},
            )
            row[f"s{s.id}"] = round(r["used_scenario"], 2)
    headings = table_columns(
        [("role", "Role"), ("year", "Year"), ("recommended", "Recommended")]
        + [(f"s{s.id}", s.name) for s in saved]
    )
    return DataTable(id="compare-roles", columns=headings, data=list(rows.values()))


def comparison_zip(comparisons: list[Comparison]) -> bytes:
    """The comparison files `prioritise whatif` writes, zipped."""
    with tempfile.TemporaryDirectory() as folder:
        paths = write_comparison(comparisons, Path(folder), comparison_stamp(comparisons))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, path.name)
    return buffer.getvalue()
