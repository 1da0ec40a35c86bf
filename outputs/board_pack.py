"""report.html: the Transformation Board's pack, one self-contained page that prints.

plotly.js is inlined once in the head, so the page opens offline and every chart shares it.
Register text is escaped wherever it is written: tables and titles here (`_e`, and `_css` for
the printed page headers), charts in `board_charts` and `graph_page`. Printed, each section
starts a page of A4 landscape under a header with the pack's title and run date; the ranked
table is an appendix capped to the projects the board must read (`board_tables.appendix_frame`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
from plotly.offline import get_plotlyjs

from dependencies.findings import FindingKind
from outputs import board_charts, board_html, board_tables, board_text
from outputs.board_html import card as _card
from outputs.board_html import chart as _chart
from outputs.board_html import chip as _chip
from outputs.board_html import decision as _decision
from outputs.board_html import e as _e
from outputs.board_html import first_ids as _first_ids
from outputs.board_html import page_rule as _page_rule
from outputs.board_html import section as _section
from outputs.board_html import table as _table
from outputs.board_sections import (
    governance_section,
    method_section,
    robust_card,
    robust_section,
)
from outputs.board_text import format_k, format_money, format_ratio, plural
from outputs.confidence_plan import confidence_section
from outputs.findings_report import TITLES
from outputs.graph_page import graph_figure
from outputs.run_tables import RunTables

TOP_ENABLERS = 3
FINDINGS_SHOWN = 100
"""Findings of one kind the pack lists, most severe first."""
GRAPH_UP_TO = 3_000
"""Projects up to which the pack draws the dependency graph (beyond, `prioritise graph` does)."""
GRAPH_LINKS_UP_TO = 10_000
"""Links beyond which the pack names the graph instead of drawing it (1,000 projects that all
clash are 499,500 links: a 46 MB page)."""
RANKING_HEADERS = "Rank ID Project Decision Score Benefit Cost ROI FTE Reason"
RANKING_NUMERIC = frozenset({"Rank", "Score", "Benefit", "Cost", "ROI", "FTE"})
SECTIONS = {
    "headline": "Headline",
    "benefits": "Benefits",
    "odds": "Odds",
    "confidence": "Confidence",
    "robust": "Robustness",
    "decisions": "Decisions",
    "governance": "Governance",
    "capacity": "Capacity",
    "streams": "Funding",
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
        _odds(tables),
        confidence_section(tables.summary["confidence_plan"]),
        robust_section(tables),
        _decisions(tables),
        governance_section(tables),
        _capacity(tables),
        _streams(tables),
        _frontier(tables),
        _findings(tables),
        _dependencies(tables),
        method_section(tables, day),
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
            tables.stamp.meta_tag(),
            f"<title>{_e(title)}</title>",
            f"<style>{board_html.PAGE_STYLE}{_page_rule(title, day, tables.stamp.run_id)}</style>",
            f'<script type="text/javascript">{get_plotlyjs()}</script>',
            f"<script>{board_html.PRINT_SCRIPT}</script>",
            "</head><body><main>",
            f"<h1>{_e(title)}</h1>",
            f'<p class="sub">{_e(_provenance(tables, day))}</p>',
            f"<nav>{links}</nav>",
            *shown,
            f'<footer class="note">{_e(tables.stamp.text())}</footer>',
            "</main></body></html>",
        ]
    )


def _headline(tables: RunTables) -> str:
    run = tables.run
    years = board_tables.years_frame(tables)
    summary = tables.summary
    counts = run.result.counts()
    fte_freed = float(run.result.fte_freed[:, 0].sum()) if run.result.years else 0.0
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
        _card(*board_text.odds_card(summary["risk"])),
        _card(*board_text.roi_text(summary["return_on_investment"])),
        _card(
            f"{fte_freed:,.1f} FTE",
            f"freed in {run.result.years[0]} from in-flight work that pauses or terminates"
            if run.result.years
            else "freed from in-flight work that pauses or terminates",
        ),
        _card(
            format_money(board_tables.freed_money_k(tables)),
            "of planned investment released by those pauses and terminations",
        ),
    ]
    if summary["robust"] is not None:
        plan_cards.insert(1, _card(*robust_card(summary["robust"])))
    risk = board_tables.mtfs_at_risk(tables)
    if risk.any:
        plan_cards.append(_card(*board_text.mtfs_risk_text(risk, years)))
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
    more = tables.run.checks.counts()[FindingKind.CRITICAL_ENABLER.value] - min(
        TOP_ENABLERS, len(enablers)
    )
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
    target = {
        label: years[column].map(format_k)
        for label, column in (("Reserves", "reserves_k"), ("Contingency", "contingency_k"))
        if years[column].any()
    }
    table = pd.DataFrame(
        {
            "Year": years["year"],
            "Gap": years["gap_k"].map(format_k),
            **target,
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
        "gap (with any reserves and contingency the Board asks for) plus them, less the "
        "expected new money.</p>",
        _chart(board_charts.benefits_chart(years, by_programme), "chart-benefits"),
        _table(
            table,
            numeric=(
                "Gap",
                *target,
                "Expected",
                "Low",
                "High",
                "MTFS savings at risk",
                "Shortfall",
                "Closed",
            ),
            css_class="compact",
        ),
        board_text.deferred_text(tables.summary["deferred"], tables.run.result.years),
    )


def _odds(tables: RunTables) -> str:
    """How sure the plan is: the fan chart against the gap, and per year the chance of
    closing it and the contingency for the configured confidence."""
    risk = tables.summary["risk"]
    odds = pd.DataFrame(risk["years"])
    table = pd.DataFrame(
        {
            "Year": odds["year"],
            "Gap": odds["gap_k"].map(format_k),
            "P10": odds["p10_k"].map(format_k),
            "Median": odds["p50_k"].map(format_k),
            "P90": odds["p90_k"].map(format_k),
            "Chance closed": odds["p_closed"].map("{:.0%}".format),
            f"Find for {risk['confidence']:.0%}": odds["contingency_k"].map(format_k),
        }
    )
    return _section(
        "odds",
        board_text.odds_title(risk),
        f'<p class="note">{risk["draws"]:,} simulated futures of this plan (seed '
        f"{risk['seed']}): each project's benefits within its low-high range, delivered at all "
        "with its stage's confidence, sometimes a year late, with shocks shared by its programme "
        "and the council, and scaled so that on average the plan delivers the council's record of "
        f"{tables.run.config.risk.delivery_record:.0%} of its expected savings. The chance of "
        f"closing every year is {risk['p_every_year']:.0%}; of closing at least 90 % of the "
        f"horizon's gap, {risk['p_ninety']:.0%}. {board_text.delivery_factor_text(risk)}</p>",
        _chart(board_charts.odds_chart(odds), "chart-odds"),
        _table(table, numeric=tuple(table.columns[1:]), css_class="compact"),
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
    resumed = sum(d.resume_year is not None for d in run.result.decisions)
    verb = "pauses or terminates" if stops == 1 else "pause or terminate"
    later = f" ({resumed} of the pauses resume within the horizon)" if resumed else ""
    return _section(
        "decisions",
        f"{plural(stops, 'project', 'projects')} {verb}{later} so that "
        f"{sum(decided.values()) - stops} can proceed now",
        *parts,
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
            "Year": roles["year"],
            "Capacity FTE": roles["capacity_fte"].map("{:,.1f}".format),
            "Before (all work)": roles["demand_fte"].map("{:,.1f}".format),
            "After (plan)": roles["used_fte"].map("{:,.1f}".format),
            "Freed": roles["freed_fte"].map("{:,.1f}".format),
            "Bought in": roles["external_fte"].map("{:,.1f}".format),
        }
    )
    return _section(
        "capacity",
        board_text.capacity_title(roles),
        '<p class="note">FTE by role and year that all registered work would need (before), '
        "that the reset plan uses (after), and the capacity available.</p>",
        _chart(board_charts.capacity_chart(roles), "chart-capacity"),
        _table(table, numeric=tuple(table.columns[2:]), css_class="compact"),
    )


def _streams(tables: RunTables) -> str:
    """Each funding stream's budget and spend per year; empty when the config names none."""
    streams = pd.DataFrame(tables.summary["streams"])
    if streams.empty:
        return ""
    table = pd.DataFrame(
        {
            "Stream": streams["stream"],
            "Year": streams["year"],
            "Budget": streams["budget_k"].map(format_money),
            "Spend": streams["spend_k"].map(format_money),
            "Ring-fenced": streams["ring_fenced"].map({True: "yes", False: "no"}),
        }
    )
    fenced = sorted(set(streams.loc[streams["ring_fenced"], "stream"]))
    title = (
        f"Ring-fenced money ({', '.join(fenced)}) pays only for its own projects"
        if fenced
        else "Each stream's projects stay within its budget"
    )
    return _section(
        "streams",
        title,
        '<p class="note">Investment per funding stream ([streams] in the config) against its '
        "budget; what a stream that is not ring-fenced leaves may pay for general-fund work.</p>",
        _table(table, numeric=("Budget", "Spend"), css_class="compact"),
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
            shown = frame.head(FINDINGS_SHOWN).copy()
            shown["projects"] = shown["projects"].map(_first_ids)
            shown.columns = ["Severity", "Projects", "Finding", "Fix"]
            parts += [
                f"<h3>{_e(TITLES[kind])} ({len(frame):,})</h3>",
                _table(shown, css_class="findings"),
            ]
            if len(frame) > FINDINGS_SHOWN:
                parts.append(
                    f'<p class="note">The {FINDINGS_SHOWN} most severe of {len(frame):,}; the '
                    "workbook's Findings sheet and summary.json list the rest.</p>"
                )
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
    title = board_text.graph_title(dict(edges), enablers)
    if graph.number_of_nodes() > GRAPH_UP_TO or graph.number_of_edges() > GRAPH_LINKS_UP_TO:
        return _section(
            "dependencies",
            title,
            f'<p class="note">{graph.number_of_nodes():,} projects and '
            f"{graph.number_of_edges():,} links are too many to draw in a printed pack; "
            "<code>prioritise graph --out graph.html</code> draws them all, and the findings "
            "above name every link that matters.</p>",
        )
    figure = graph_figure(graph)
    figure.update_layout(
        title=None, height=board_charts.PRINT_HEIGHT, margin={"t": 20, "b": 20, "l": 20, "r": 20}
    )
    return _section(
        "dependencies",
        title,
        '<p class="note">Projects grouped by programme, sized by benefit; hover for details.</p>',
        _chart(figure, "chart-dependencies"),
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
