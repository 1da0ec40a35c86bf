"""The board pack's governance and method sections: who must sign each decision off, and how
the plan was made (weights, objective, stage assumptions, the MTFS rule, the solver's proof)."""

from __future__ import annotations

import pandas as pd

from outputs import board_tables, board_text
from outputs.board_html import decision as _decision
from outputs.board_html import e as _e
from outputs.board_html import section as _section
from outputs.board_html import table as _table
from outputs.board_text import plural
from outputs.run_tables import RunTables
from reset.governance import Body

ROUTE_LIMIT = 100
"""A governance list longer than this shows its first rows; the workbook's Route column has all."""


def governance_section(tables: RunTables) -> str:
    run = tables.run
    routes = board_tables.routes_frame(tables)
    counts = pd.DataFrame(
        {
            "Route": routes["route"],
            "Projects": routes["projects"],
            "Who goes there": routes["route"].map(
                lambda body: board_text.route_meaning(body, run.config.governance)
            ),
        }
    )
    committee = board_tables.route_frame(tables, Body.COMMITTEE)
    board = board_tables.route_frame(tables, Body.BOARD)
    changing = board[board_tables.changes_work(board)]
    rest = len(board) - len(changing)
    return _section(
        "governance",
        board_text.governance_title(run.governance.counts()),
        f'<p class="note">{_e(board_text.GOVERNANCE_NOTE)}</p>',
        _table(counts, numeric=("Projects",), css_class="compact"),
        f"<h3>Committee approval ({len(committee)})</h3>",
        _route_table(committee, "none of the decisions is a significant one"),
        f"<h3>Transformation Board ({len(board)}): the decisions that change the work "
        f"({len(changing)})</h3>",
        _route_table(changing, "none of them stops, accelerates or waits for a business case"),
        f'<p class="note">{plural(rest, "more project continues", "more projects continue")} '
        "or start as recommended; filter the workbook's Route column for them.</p>"
        if rest
        else "",
        _eqia(tables),
    )


def _route_table(frame: pd.DataFrame, none: str) -> str:
    """ID, project, decision (with the action where it says more) and why, at most
    `ROUTE_LIMIT` rows."""
    if frame.empty:
        return f'<p class="note">{_e(none.capitalize())}.</p>'
    rows = "".join(
        f"<tr><td>{_e(r['id'])}</td><td>{_e(r['name'])}</td>"
        f"<td>{_decision(r['decision'], r['action'])}</td><td>{_e(r['why'])}</td></tr>"
        for r in frame.head(ROUTE_LIMIT).to_dict(orient="records")
    )
    more = len(frame) - ROUTE_LIMIT
    return (
        '<table class="route"><thead><tr><th>ID</th><th>Project</th><th>Decision</th>'
        f"<th>Why</th></tr></thead><tbody>{rows}</tbody></table>"
        + (f'<p class="note">And {more} more, in the workbook.</p>' if more > 0 else "")
    )


def _eqia(tables: RunTables) -> str:
    """The decisions an Equality Impact Assessment holds up, or why none can be named."""
    heading = "<h3>Waiting on an Equality Impact Assessment</h3>"
    if not tables.summary["governance"]["service_impact_known"]:
        return heading + f'<p class="note">{_e(board_text.NO_SERVICE_IMPACT)}</p>'
    return heading + _route_table(
        board_tables.eqia_frame(tables),
        "no decision that stops or changes a service waits on an EqIA",
    )


def method_section(tables: RunTables, day: str) -> str:
    """How the plan was made: weights, objective, stage assumptions, MTFS rule, solver, run."""
    run, summary = tables.run, tables.summary
    weights = board_tables.weights_frame(tables)
    given = run.config.weights.method
    weight_table = pd.DataFrame(
        {
            "Criterion": weights["criterion"].map(board_text.criterion_label),
            "Weight": weights["weight"].map("{:.1%}".format),
        }
    )
    if given != "ahp":
        weight_table["Given" if given == "direct" else "Swing points"] = weights["given"].map(
            "{:g}".format
        )
    stages = board_tables.stages_frame(tables)
    stage_table = pd.DataFrame(
        {
            "Evidence stage": stages["stage"].map(board_text.stage_label),
            "Share of benefits believed": stages["confidence"].map("{:.0%}".format),
            "Optimism bias added to costs": stages["optimism_bias"].map("{:.0%}".format),
        }
    )
    solver = summary["solver"]
    proof = board_text.solver_proof(
        run.result.status, solver["optimality_gap"], solver["gap_tolerance"]
    )
    notes, noted = board_tables.assumption_counts(tables)
    return _section(
        "method",
        "How the plan was made",
        f"<p>{_e(board_text.weights_sentence(given, run.scores.weights.consistency_ratio))} "
        "Each project is scored 0-100 on every criterion and its score is the weighted sum.</p>",
        _table(weight_table, numeric=tuple(weight_table.columns[1:]), css_class="compact"),
        f"<p>Score weight {_e(f'{run.result.score_weight:g}')}: the objective (0-100) is "
        f"{_e(summary['objective_meaning'].removeprefix('0-100: '))}.</p>",
        "<h3>Evidence stages</h3>",
        _table(stage_table, numeric=tuple(stage_table.columns[1:]), css_class="compact"),
        "<h3>Savings already in the MTFS</h3>",
        f"<p>Rule <b>{_e(summary['mtfs_rule'])}</b>: {_e(summary['mtfs_rule_meaning'])}.</p>",
        "<h3>Solver and run</h3>",
        f"<p>{_e(board_text.solver_sentence(solver, proof))}.</p>",
        f"<p>{_e(board_text.run_sentence(day, run.register.source, run.problem.size))}.</p>",
        f"<p>{_e(board_text.assumptions_sentence(notes, noted, run.problem.size))}.</p>",
    )
