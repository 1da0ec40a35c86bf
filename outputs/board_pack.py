"""report.html: the Transformation Board's pack, one self-contained page that prints.

plotly.js is inlined once in the head, so the page opens offline and every chart shares it.
Register text is escaped wherever it is written: tables and titles here (`_e`, and `_css` for
the printed page headers), charts in `board_charts` and `graph_page`. Printed, each section
starts a page of A4 landscape under a header with the pack's title and run date; the ranked
table is an appendix capped to the projects the board must read (`board_tables.appendix_frame`).
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from dependencies.findings import FindingKind
from outputs import board_charts, board_tables, board_text
from outputs.board_text import format_k, format_money, format_ratio, plural
from outputs.findings_report import TITLES
from outputs.graph_page import graph_figure
from outputs.palette import DECISION_COLOURS, DECISION_TEXT_COLOURS
from outputs.run_tables import RunTables
from reset.governance import Body

SHOWN_IDS = 8
"""Findings naming more projects than this list the first few; summary.json has them all."""
TOP_ENABLERS = 3
ROUTE_LIMIT = 100
"""A governance list longer than this shows its first rows; the workbook's Route column has all."""
CHART_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": "hover"}
PAGE_STYLE = """
:root { --ink: #222; --muted: #5f6368; --rule: #d9d9d9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial,
  sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 10px; line-height: 1.3; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.sub, .note { color: var(--muted); margin: 4px 0; }
nav { margin: 14px 0 8px; font-size: 14px; }
nav a { color: #2F6DB5; margin-right: 14px; text-decoration: none; }
section { border-top: 2px solid var(--ink); padding-top: 14px; margin-top: 30px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { flex: 1 1 180px; border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; }
.card .big { font-size: 28px; font-weight: 700; line-height: 1.1; }
.card .label { color: var(--muted); font-size: 13px; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px;
  font-weight: 600; white-space: nowrap; }
.action { color: var(--muted); font-size: 12px; }
ul.enablers { margin: 4px 0 10px; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 14px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { width: 100%; }
table.findings td:nth-child(1) { width: 70px; }
table.findings td:nth-child(2) { width: 17%; }
table.findings td:nth-child(4) { width: 24%; }
table.route td:nth-child(1) { width: 90px; }
table.route td:nth-child(2) { width: 28%; }
table.route td:nth-child(3) { width: 150px; }
table.ranking { font-size: 12.5px; }
table.ranking td:nth-child(2) { white-space: nowrap; }
table.ranking td:nth-child(3) { width: 20%; }
table.ranking td:nth-child(10) { width: 48%; }
.where { color: var(--muted); font-size: 11px; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav, .modebar-container { display: none !important; }
  section { break-before: page; border-top: none; margin-top: 0; padding-top: 0; }
  section.headline { break-before: avoid; }
  .chart, .card, tr, h2, h3, table.compact, ul.enablers li { break-inside: avoid; }
  h2, h3, .note { break-after: avoid; }
  thead { display: table-header-group; }
  table { font-size: 9pt; }
  table.ranking, table.findings, table.route { font-size: 7.5pt; line-height: 1.25; }
  th, td { padding: 2px 4px; }
  .where, .action { font-size: 7pt; }
  .card .big { font-size: 22px; }
  .chip { font-size: 8pt; }
}
"""
PAGE_MARGIN_STYLE = "font: 8pt system-ui, Arial, sans-serif; color: #5f6368"
PRINT_SCRIPT = """
window.addEventListener("beforeprint", function () {
  document.querySelectorAll(".js-plotly-plot").forEach(function (d) { Plotly.Plots.resize(d); });
});
"""
RANKING_HEADERS = "Rank ID Project Decision Score Benefit Cost ROI FTE Reason"
RANKING_NUMERIC = frozenset({"Rank", "Score", "Benefit", "Cost", "ROI", "FTE"})
SECTIONS = {
    "headline": "Headline",
    "benefits": "Benefits",
    "decisions": "Decisions",
    "governance": "Governance",
    "capacity": "Capacity",
    "frontier": "Frontier",
    "findings": "Findings",
    "dependencies": "Dependencies",
    "method": "Method",
    "ranking": "Appendix",
}


def write_board_pack(tables: RunTables, path: Path | str, run_date: date | None = None) -> Path:
    """Write report.html for the board; returns the path written."""
    path = Path(path)
    path.write_text(build_board_pack(tables, run_date), encoding="utf-8")
    return path


def build_board_pack(tables: RunTables, run_date: date | None = None) -> str:
    """The whole page as one string: head with plotly.js once, then a section per finding.

    `run_date` (today unless given) is printed in the page header and the method section.
    """
    run = tables.run
    day = board_text.format_date(run_date or date.today())
    title = board_text.pack_title(run.config.name, run.register.source)
    sections = [
        _headline(tables),
        _benefits(tables),
        _decisions(tables),
        _governance(tables),
        _capacity(tables),
        _frontier(tables),
        _findings(tables),
        _dependencies(tables),
        _method(tables, day),
        _ranking(tables),
    ]
    shown = [s for s in sections if s]
    links = "".join(
        f'<a href="#{key}">{label}</a>'
        for key, label in SECTIONS.items()
        if any(f'id="{key}"' in s for s in shown)
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>{PAGE_STYLE}{_page_rule(title, day)}</style>",
            f'<script type="text/javascript">{get_plotlyjs()}</script>',
            f"<script>{PRINT_SCRIPT}</script>",
            "</head><body><main>",
            f"<h1>{_e(title)}</h1>",
            f'<p class="sub">{_e(_provenance(tables, day))}</p>',
            f"<nav>{links}</nav>",
            *shown,
            "</main></body></html>",
        ]
    )


def _page_rule(title: str, day: str) -> str:
    """A4 landscape pages headed by the pack's title and run date, numbered in the footer."""
    return (
        "@page { size: A4 landscape; margin: 14mm 12mm; "
        f"@top-left {{ content: {_css(title)}; {PAGE_MARGIN_STYLE}; }} "
        f"@top-right {{ content: {_css('Run ' + day)}; {PAGE_MARGIN_STYLE}; }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); '
        f"{PAGE_MARGIN_STYLE}; }} }}"
    )


def _headline(tables: RunTables) -> str:
    run = tables.run
    years = board_tables.years_frame(tables)
    summary = tables.summary
    counts = run.result.counts()
    fte_freed = float(run.result.fte_freed.sum())
    year_cards = "".join(
        _card(
            f"{row['coverage']:.0%}" if row["gap_k"] > 0 else "no gap",
            f"of the {row['year']} gap closed: {format_money(row['benefit_k'])} of "
            f"{format_money(row['gap_k'])}; {row['coverage_low']:.0%} to "
            f"{row['coverage_high']:.0%} across the low-high range",
        )
        for _, row in years.iterrows()
    )
    plan_cards = [
        _card(*board_text.roi_text(summary["return_on_investment"])),
        _card(f"{fte_freed:,.1f} FTE", "freed from in-flight work that pauses or terminates"),
        _card(
            format_money(board_tables.freed_money_k(tables)),
            "of planned investment released by those pauses and terminations",
        ),
    ]
    at_risk, losing = board_tables.mtfs_at_risk(tables)
    if at_risk > 0.5:
        plan_cards.append(_card(*board_text.mtfs_risk_text(at_risk, losing, years)))
    chips = " ".join(f"{_chip(d)} {n}" for d, n in counts.items())
    baseline = summary["baseline"]
    gain = baseline["optimiser_gain_gap_closed_k"]
    compared = (
        f"{format_money(gain)} more"
        if gain >= 0
        else f"{format_money(-gain)} less, in exchange for higher-scoring work"
    )
    return _section(
        "headline",
        board_text.headline_title(years),
        f'<div class="cards">{year_cards}</div>',
        f'<div class="cards">{"".join(plan_cards)}</div>',
        f"<p>{plural(sum(counts.values()), 'project', 'projects')} decided: {chips}</p>",
        _enablers(tables),
        f'<p class="note">A spreadsheet-style ranking (best score per FTE first) would close '
        f"{format_money(baseline['gap_closed_k'])}; the optimiser closes "
        f"{format_money(summary['gap_closed_k'])} "
        f"({compared}).</p>",
    )


def _enablers(tables: RunTables) -> str:
    """The critical enablers most others need, for the headline ("" when there are none)."""
    enablers = board_tables.enablers_frame(tables)
    if enablers.empty:
        return ""
    items = "".join(
        f"<li>{_e(board_text.enabler_sentence(row))}</li>"
        for _, row in enablers.head(TOP_ENABLERS).iterrows()
    )
    more = len(enablers) - TOP_ENABLERS
    tail = (
        f'<p class="note">{plural(more, "more critical enabler is", "more critical enablers are")}'
        " listed under Findings.</p>"
        if more > 0
        else ""
    )
    return f'<h3>Projects others cannot proceed without</h3><ul class="enablers">{items}</ul>{tail}'


def _benefits(tables: RunTables) -> str:
    years = board_tables.years_frame(tables)
    by_programme = board_tables.benefits_by_programme(tables)
    table = pd.DataFrame(
        {
            "Year": years["year"],
            "Gap": years["gap_k"].map(format_k),
            "Expected": years["benefit_k"].map(format_k),
            "Low": years["low_k"].map(format_k),
            "High": years["high_k"].map(format_k),
            "MTFS savings at risk": years["mtfs_at_risk_k"].map(format_k),
            "Shortfall": years["shortfall_k"].map(format_k),
            "Closed": years["coverage"].map("{:.0%}".format),
        }
    )
    return _section(
        "benefits",
        board_text.benefits_title(years),
        '<p class="note">Expected new money of the plan by programme, each savings pool counted '
        "once; the dashed line is the budget gap; the whiskers show the low-high range of each "
        "year's total, on the same basis as the expected figure (the register's low and high "
        "times stage confidence and benefit-type share). MTFS savings at risk are savings the "
        "budget already assumes that the plan loses by stopping projects: the shortfall is the "
        "gap plus them, less the expected new money.</p>",
        _chart(board_charts.benefits_chart(years, by_programme), "chart-benefits"),
        _table(
            table,
            numeric=(
                "Gap",
                "Expected",
                "Low",
                "High",
                "MTFS savings at risk",
                "Shortfall",
                "Closed",
            ),
            css_class="compact",
        ),
    )


def _decisions(tables: RunTables) -> str:
    run = tables.run
    parts = []
    for by in ("programme", "directorate"):
        counts = board_tables.decision_counts(tables, by)
        parts += [
            f"<h3>{_e(board_text.decisions_title(counts, by))}</h3>",
            _chart(board_charts.decisions_chart(counts, by), f"chart-decisions-{by}"),
        ]
    decided = run.result.counts()
    stops = sum(n for d, n in decided.items() if not d.proceeds)
    verb = "pauses or terminates" if stops == 1 else "pause or terminate"
    return _section(
        "decisions",
        f"{plural(stops, 'project', 'projects')} {verb} so that "
        f"{sum(decided.values()) - stops} can proceed",
        *parts,
    )


def _governance(tables: RunTables) -> str:
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


def _capacity(tables: RunTables) -> str:
    roles = board_tables.capacity_by_role(tables)
    if roles.empty:
        return _section(
            "capacity",
            "No roles are limited: the config's [capacity] names none",
            '<p class="note">Add FTE per role under [capacity] to plan within people.</p>',
        )
    table = pd.DataFrame(
        {
            "Role": roles["role"].map(board_text.role_label),
            "Capacity FTE": roles["capacity_fte"].map("{:,.1f}".format),
            "Before (all work)": roles["demand_fte"].map("{:,.1f}".format),
            "After (plan)": roles["used_fte"].map("{:,.1f}".format),
            "Freed": roles["freed_fte"].map("{:,.1f}".format),
            "Bought in": roles["external_fte"].map("{:,.1f}".format),
        }
    )
    return _section(
        "capacity",
        board_text.capacity_title(roles, float(roles["freed_fte"].sum())),
        '<p class="note">FTE by role that all registered work would need (before), that the '
        "reset plan uses (after), and the capacity available.</p>",
        _chart(board_charts.capacity_chart(roles), "chart-capacity"),
        _table(table, numeric=tuple(table.columns[1:]), css_class="compact"),
    )


def _frontier(tables: RunTables) -> str:
    frontier = board_tables.frontier_frame(tables)
    if frontier is None:
        return _section(
            "frontier",
            "The efficient frontier was not computed in this run",
            '<p class="note">It re-solves the plan with capacity (or budget) scaled; '
            "<code>prioritise run --frontier</code> computes it (by default it is computed "
            "for registers of up to 10,000 projects).</p>",
        )
    return _section(
        "frontier",
        board_text.frontier_title(frontier),
        '<p class="note">Each point re-solves the plan with every role\'s capacity (or every '
        "year's budget) multiplied; 1x is today.</p>",
        _chart(board_charts.frontier_chart(frontier), "chart-frontier"),
    )


def _findings(tables: RunTables) -> str:
    run = tables.run
    counts = run.checks.counts()
    parts = []
    for kind in board_tables.BOARD_FINDINGS:
        frame = board_tables.findings_frame(tables, kind)
        if not frame.empty:
            frame["projects"] = frame["projects"].map(_first_ids)
            frame.columns = ["Severity", "Projects", "Finding", "Fix"]
            parts += [
                f"<h3>{_e(TITLES[kind])} ({len(frame)})</h3>",
                _table(frame, css_class="findings"),
            ]
    chains = counts[FindingKind.PREREQUISITE_CHAIN.value]
    if chains:
        parts.append(
            f'<p class="note">{plural(chains, "prerequisite chain", "prerequisite chains")} '
            "(for information) are listed in summary.json.</p>"
        )
    return _section("findings", board_text.findings_title(counts), *parts)


def _dependencies(tables: RunTables) -> str:
    run = tables.run
    graph = run.checks.graph
    edges = Counter(key for _, _, key in graph.edges(keys=True))
    enablers = run.checks.counts()[FindingKind.CRITICAL_ENABLER.value]
    figure = graph_figure(graph)
    figure.update_layout(
        title=None, height=board_charts.PRINT_HEIGHT, margin={"t": 20, "b": 20, "l": 20, "r": 20}
    )
    return _section(
        "dependencies",
        board_text.graph_title(dict(edges), enablers),
        '<p class="note">Projects grouped by programme, sized by benefit; hover for details.</p>',
        _chart(figure, "chart-dependencies"),
    )


def _method(tables: RunTables, day: str) -> str:
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


def _ranking(tables: RunTables) -> str:
    frame = board_tables.appendix_frame(tables)
    total = len(tables.decisions)
    note = board_text.appendix_note(
        len(frame), total, board_tables.APPENDIX_TOP, board_tables.APPENDIX_LIMIT
    )
    rows = "".join(
        "<tr>"
        f'<td class="num">{int(r["rank"])}</td><td>{_e(r["id"])}</td>'
        f'<td>{_e(r["name"])}<div class="where">{_e(r["directorate"])} · '
        f"{_e(r['programme'])}</div></td>"
        f"<td>{_decision(r['decision'], r['action'])}</td>"
        f'<td class="num">{r["score"]:.1f}</td>'
        f'<td class="num">{format_k(r["benefit_k"])}</td>'
        f'<td class="num">{format_k(r["cost_k"])}</td>'
        f'<td class="num">{format_ratio(None if pd.isna(r["roi"]) else r["roi"])}</td>'
        f'<td class="num">{r["fte"]:,.2f}</td><td>{_e(r["reason"])}</td>'
        "</tr>"
        for r in frame.to_dict(orient="records")
    )
    head = "".join(
        f'<th class="num">{h}</th>' if h in RANKING_NUMERIC else f"<th>{h}</th>"
        for h in RANKING_HEADERS.split()
    )
    return _section(
        "ranking",
        board_text.appendix_title(len(frame), total),
        f'<p class="note">{_e(note)}</p>',
        f'<table class="ranking"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>',
    )


def _provenance(tables: RunTables, day: str) -> str:
    run = tables.run
    result = run.result
    proof = board_text.solver_proof(result.status, result.gap_rel, run.options.gap_rel)
    return (
        f"{board_text.run_sentence(day, run.register.source, run.problem.size)}. Solver "
        f"{result.solver}, {proof}; objective {result.objective:.1f} of 100."
    )


def _section(key: str, title: str, *body: str) -> str:
    return (
        f'<section id="{key}" class="{key}"><h2>{_e(title)}</h2>\n' + "\n".join(body) + "</section>"
    )


def _chart(figure: go.Figure, div_id: str) -> str:
    """The figure's div and its Plotly.newPlot call; plotly.js itself is already in the head."""
    return (
        '<div class="chart">'
        + figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=div_id,
            config=CHART_CONFIG,
            default_width="100%",
        )
        + "</div>"
    )


def _card(big: str, label: str) -> str:
    return (
        f'<div class="card"><div class="big">{_e(big)}</div>'
        f'<div class="label">{_e(label)}</div></div>'
    )


def _chip(decision: str) -> str:
    fill = DECISION_COLOURS.get(decision, "#dddddd")
    text = DECISION_TEXT_COLOURS.get(decision, "#000000")
    return f'<span class="chip" style="background:{fill};color:{text}">{_e(decision)}</span>'


def _decision(decision: str, action: str) -> str:
    """The decision's chip, with the action beneath it where it says more (initiate...)."""
    if action == decision:
        return _chip(decision)
    return f'{_chip(decision)}<div class="action">{_e(action)}</div>'


def _first_ids(ids: str) -> str:
    """A long list of project ids cut to its first few, saying how many more there are."""
    listed = ids.split(", ")
    if len(listed) <= SHOWN_IDS:
        return ids
    return ", ".join(listed[:SHOWN_IDS]) + f" and {len(listed) - SHOWN_IDS} more"


def _table(frame: pd.DataFrame, numeric: tuple[str, ...] = (), css_class: str = "") -> str:
    """Every header and cell escaped; numeric columns right-aligned."""
    head = "".join(
        f'<th class="num">{_e(c)}</th>' if c in numeric else f"<th>{_e(c)}</th>"
        for c in frame.columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_e(v)}</td>' if c in numeric else f"<td>{_e(v)}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _e(text: object) -> str:
    return html.escape(str(text))


def _css(text: str) -> str:
    """Text as a CSS string: every character but letters and digits hex-escaped, so nothing
    in it can end the string or the style sheet."""
    return (
        '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'
    )
