"""The board pack's governance, robustness and method sections: who must sign each decision
off, which decisions hold under every plausible reading of the figures and weights (the core
index, with its words here: `board_text` is full), and how the plan was made (weights,
objective, stage assumptions, the MTFS rule, the solver's proof)."""

from __future__ import annotations

from typing import Any

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
ROBUST_LIMIT = 100
"""A robustness list longer than this shows its first rows; the workbook's Core index has all."""
ROBUST_MEANING = (
    "A project is core when the plan chooses it under every plausible reading of the figures "
    "within their ranges and of the criteria weights, borderline when under some, and exterior "
    "when under none. Each sampled future reads every project's benefits at one place in its "
    "low-high range (with shocks shared by its programme and the council) and the criteria "
    "weights around the given ones, and re-solves the plan's own model (the same limits, locks "
    "and dependencies); a project's share is of those futures' good plans it is in, a pause "
    "that resumes counting as in. Whether a chosen project then delivers is the odds' question."
)
NOT_COMPUTED = (
    "It re-solves the plan under sampled futures of the figures and weights; "
    "<code>prioritise run --core</code> computes it (by default it is computed for registers "
    "of up to 2,000 projects)."
)


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


def robust_section(tables: RunTables) -> str:
    """Which of the plan's decisions hold in every good plan over the sampled futures: the
    borderline ones, least often chosen first, and the stopped ones most good plans include."""
    robust = tables.summary["robust"]
    if robust is None:
        return _section(
            "robust",
            "The core index was not computed in this run",
            f'<p class="note">{NOT_COMPUTED}</p>',
        )
    borderline = board_tables.robust_frame(tables, "borderline")
    stopped = board_tables.robust_frame(tables, "stopped_in_most")
    return _section(
        "robust",
        robust_title(robust),
        f'<p class="note">{_e(ROBUST_MEANING)} {_e(robust_run_sentence(robust))}</p>',
        f"<h3>Borderline projects in the plan ({len(borderline)}), least often chosen first</h3>",
        _robust_table(borderline, "every project in the plan is core or exterior"),
        f"<h3>Stopped, though most good plans include them ({len(stopped)})</h3>",
        f'<p class="note">The plan pauses or ends these, yet at least '
        f"{robust['most_plans']:.0%} of the futures' good plans go ahead with them: check each "
        "before it is stopped.</p>"
        if len(stopped)
        else "",
        _robust_table(stopped, "no project the plan stops is in most good plans"),
    )


def robust_title(robust: dict[str, Any]) -> str:
    """How many of the plan's projects are core, borderline and exterior (summary's `robust`)."""
    counts = robust["plan_counts"]
    core = counts["core"]
    return (
        f"{core} of the plan's {plural(sum(counts.values()), 'project', 'projects')} "
        f"{'is' if core == 1 else 'are'} core (in every good plan over "
        f"{robust['futures']:,} sampled futures), {counts['borderline']} borderline and "
        f"{counts['exterior']} exterior"
    )


def robust_card(robust: dict[str, Any]) -> tuple[str, str]:
    """The headline's answer to "which decisions hold whatever the figures turn out to be?"."""
    counts = robust["plan_counts"]
    return (
        f"{counts['core']:,} of {sum(counts.values()):,}",
        f"of the plan's projects are core: in every good plan over {robust['futures']:,} "
        f"sampled futures of the figures and weights; {counts['borderline']:,} are borderline",
    )


def robust_run_sentence(robust: dict[str, Any]) -> str:
    """The futures behind the shares: how many, how close to their best, seed, time, where."""
    below = robust["below_bound"]
    close = (
        f", their good plans on average {below:.1%} below the best possible in their future"
        if below is not None
        else ""
    )
    unsolved = robust["unsolved"]
    missed = (
        f"; {plural(unsolved, 'future', 'futures')} could not be solved and "
        f"{'counts' if unsolved == 1 else 'count'} for nothing"
        if unsolved
        else ""
    )
    return (
        f"{robust['futures']:,} futures solved (seed {robust['seed']}){close}{missed}; "
        f"{robust['seconds']:.0f} s on {robust['where']}."
    )


def _robust_table(frame: pd.DataFrame, none: str) -> str:
    """ID, project, decision (with the action where it says more), directorate, programme and
    the share of good plans, at most `ROBUST_LIMIT` rows."""
    if frame.empty:
        return f'<p class="note">{_e(none.capitalize())}.</p>'
    rows = "".join(
        f"<tr><td>{_e(r['id'])}</td><td>{_e(r['name'])}</td>"
        f"<td>{_decision(r['decision'], r['action'])}</td><td>{_e(r['directorate'])}</td>"
        f'<td>{_e(r["programme"])}</td><td class="num">{r["share"]:.1%}</td></tr>'
        for r in frame.head(ROBUST_LIMIT).to_dict(orient="records")
    )
    more = len(frame) - ROBUST_LIMIT
    return (
        '<table class="route"><thead><tr><th>ID</th><th>Project</th><th>Decision</th>'
        '<th>Directorate</th><th>Programme</th><th class="num">In good plans</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        + (
            f'<p class="note">And {more} more, in the workbook\'s Core index column.</p>'
            if more > 0
            else ""
        )
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
