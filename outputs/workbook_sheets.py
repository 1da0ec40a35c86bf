"""The sheets of the decisions workbook, written cell by cell so no text can become a formula.

Every text cell goes through `neutralise` and `write_string`; numbers through `write_number`.
Nothing in these sheets is ever a formula, so a register name like `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from inputs.settings import CRITERIA
from outputs.palette import DECISION_COLOURS, DECISION_TEXT_COLOURS
from outputs.run_tables import RunTables
from outputs.safe_text import neutralise

FINDINGS_PER_KIND = 2_000
"""Findings of one kind the workbook lists; a row then says how many more summary.json has."""
MONEY_FORMAT = "#,##0"
SCORE_FORMAT = "0.0"
HEADER_COLOUR = "#1F4E79"
_A4 = 9  # Excel's paper size code
_HEADER_TEXT_LIMIT = 100  # Excel allows 255 characters for a whole header, codes included
_SEVERITY_COLOURS = {"high": "#F4CCCC", "medium": "#FCE5CD"}
_NUMBER_FORMATS = {
    "money": MONEY_FORMAT,
    "percent": "0%",
    "share": "0.00%",
    "fte": "0.0",
    "points": "0.00",
}
_YEAR_COLUMNS = [
    ("Year", "year", None),
    ("Gap £k", "gap_k", "money"),
    ("Expected £k", "benefit_expected_k", "money"),
    ("Low £k", "benefit_low_k", "money"),
    ("High £k", "benefit_high_k", "money"),
    ("Coverage", "coverage", "percent"),
    ("Coverage low", "coverage_low", "percent"),
    ("Coverage high", "coverage_high", "percent"),
    ("MTFS savings £k", "mtfs_savings_k", "money"),
    ("MTFS at risk £k", "mtfs_at_risk_k", "money"),
    ("Shortfall £k", "shortfall_k", "money"),
    ("Budget £k", "budget_k", "money"),
    ("Spend £k", "spend_k", "money"),
]
_STREAM_COLUMNS = [
    ("Stream", "stream", None),
    ("Year", "year", None),
    ("Budget £k", "budget_k", "money"),
    ("Spend £k", "spend_k", "money"),
    ("Ring-fenced", "ring_fenced", None),
]
_ODDS_COLUMNS = [
    ("Year", "year", None),
    ("Gap £k", "gap_k", "money"),
    ("P10 £k", "p10_k", "money"),
    ("Median £k", "p50_k", "money"),
    ("Mean £k", "mean_k", "money"),
    ("P90 £k", "p90_k", "money"),
    ("Chance closed", "p_closed", "percent"),
    ("Contingency £k", "contingency_k", "money"),
]
_ROLE_COLUMNS = [
    ("Role", "role", None),
    ("Year", "year", None),
    ("Capacity", "capacity_fte", "fte"),
    ("Demand", "demand_fte", "fte"),
    ("Used", "used_fte", "fte"),
    ("Freed", "freed_fte", "fte"),
    ("External", "external_fte", "fte"),
    ("Idle", "idle_fte", "fte"),
    ("Binding", "binding", None),
    ("Points per extra FTE", "shadow_price", "points"),
]


@dataclass(frozen=True)
class PrintText:
    """What every printed page of a workbook is headed with."""

    title: str  # the portfolio, as `board_text.portfolio_title` names it
    run_date: str
    run_id: str  # the output set's, so a printed page can be matched to its set


def set_print_layout(book: Workbook, page: PrintText) -> None:
    """Every sheet prints on A4 landscape, one page wide, its first row repeated on each page,
    headed by the portfolio and run date and footed by the sheet, run id and page number."""
    header = f"&L{_header_text(page.title)}&RRun {_header_text(page.run_date)}"
    for sheet in book.worksheets():
        sheet.set_landscape()
        sheet.set_paper(_A4)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        sheet.set_header(header)
        sheet.set_footer(f"&L&A&CRun {_header_text(page.run_id)}&RPage &P of &N")


def _header_text(text: str) -> str:
    """Text for a page header: & doubled so Excel prints it rather than reading a code."""
    return text[:_HEADER_TEXT_LIMIT].replace("&", "&&")


class Styled(NamedTuple):
    """A table value with its own format."""

    value: object
    fmt: Format | None


class Styles:
    """The workbook's formats, made once each: xlsxwriter formats belong to one workbook."""

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self._made: dict[tuple[tuple[str, Any], ...], Format] = {}

    def __call__(self, **properties: Any) -> Format:
        key = tuple(sorted(properties.items()))
        if key not in self._made:
            self._made[key] = self._book.add_format({"valign": "top", **properties})
        return self._made[key]

    @property
    def header(self) -> Format:
        return self(bold=True, font_color="#FFFFFF", bg_color=HEADER_COLOUR, text_wrap=True)

    @property
    def title(self) -> Format:
        return self(bold=True, font_size=16, font_color=HEADER_COLOUR)

    @property
    def section(self) -> Format:
        return self(bold=True, font_size=12, font_color=HEADER_COLOUR)

    def decision(self, decision: str) -> Format:
        return self(bg_color=DECISION_COLOURS[decision], font_color=DECISION_TEXT_COLOURS[decision])


def write_cell(sheet: Worksheet, row: int, col: int, value: object, fmt: Format | None) -> None:
    """Numbers as numbers, yes/no for booleans, everything else as neutralised text."""
    if isinstance(value, bool | np.bool_):
        sheet.write_string(row, col, "yes" if value else "no", fmt)
    elif isinstance(value, int | float | np.integer | np.floating):
        if math.isfinite(float(value)):
            sheet.write_number(row, col, float(value), fmt)
        else:
            sheet.write_blank(row, col, None, fmt)
    elif value is None or value is pd.NA:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_string(row, col, str(neutralise(str(value))), fmt)


def write_table(
    sheet: Worksheet,
    styles: Styles,
    row: int,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    formats: Sequence[Format | None] | None = None,
) -> int:
    """A header row and its data from `row`; returns the row after the table.

    A `Styled` value carries its own format, overriding its column's.
    """
    for col, name in enumerate(header):
        write_cell(sheet, row, col, name, styles.header)
    for values in rows:
        row += 1
        for col, value in enumerate(values):
            if isinstance(value, Styled):
                write_cell(sheet, row, col, value.value, value.fmt)
                continue
            fmt = formats[col] if formats is not None and col < len(formats) else None
            write_cell(sheet, row, col, value, fmt)
    return row + 1


def write_summary_sheet(book: Workbook, styles: Styles, tables: RunTables, title: str) -> None:
    """The board's numbers: the gap by year, people by role, decisions, return on investment,
    governance routes, solver, baseline."""
    summary = tables.summary
    sheet = book.add_worksheet("Summary")
    money, points = styles(num_format=MONEY_FORMAT), styles(num_format=_NUMBER_FORMATS["points"])
    share = styles(num_format=_NUMBER_FORMATS["share"])
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 10, 13)
    write_cell(sheet, 0, 0, title, styles.title)
    write_cell(
        sheet,
        1,
        0,
        f"{summary['projects']} projects from {summary['register']}: "
        f"£{summary['gap_closed_k']:,.0f}k of the £{summary['gap_k']:,.0f}k gap closed",
        styles(italic=True),
    )
    years = summary["years"]
    total = {key: sum(y[key] for y in years) for _, key, fmt in _YEAR_COLUMNS if fmt == "money"}
    total |= {
        "year": "All years",
        "coverage": summary["gap_closed_k"] / summary["gap_k"] if summary["gap_k"] > 0 else 1.0,
    }
    row = _section(sheet, styles, 3, "Budget gap closed per year (£k)")
    row = _records_table(sheet, styles, row, _YEAR_COLUMNS, [*years, total])
    risk = summary["risk"]
    row = _section(
        sheet,
        styles,
        row + 1,
        f"Chance of closing the gap ({risk['draws']:,} simulated futures; contingency: £k more "
        f"to find to be {risk['confidence']:.0%} sure)",
    )
    row = _records_table(sheet, styles, row, _ODDS_COLUMNS, risk["years"])
    row = _section(sheet, styles, row + 1, "People per role and year (FTE)")
    row = _records_table(sheet, styles, row, _ROLE_COLUMNS, summary["roles"])
    if summary["streams"]:
        row = _section(sheet, styles, row + 1, "Funding streams per year (£k)")
        row = _records_table(sheet, styles, row, _STREAM_COLUMNS, summary["streams"])
    counts = summary["counts"]
    row = _section(sheet, styles, row + 1, "Decisions")
    row = write_table(
        sheet,
        styles,
        row,
        ["Decision", "Projects"],
        [[Styled(d, styles.decision(d)), n] for d, n in counts.items()]
        + [
            [
                Styled("All projects", styles(bold=True)),
                Styled(sum(counts.values()), styles(bold=True)),
            ]
        ],
    )
    roi = summary["return_on_investment"]
    row = _section(sheet, styles, row + 1, "Return on investment")
    row = write_table(
        sheet,
        styles,
        row,
        ["Item", "Value"],
        [
            ["Expected benefits £k", Styled(roi["benefit_k"], money)],
            ["Investment £k", Styled(roi["investment_k"], money)],
            ["Benefit per £ invested", Styled(roi["ratio"], points)],
            [
                "Committee report expects",
                f"{roi['expected_low']:g}:1 to {roi['expected_high']:g}:1",
            ],
            ["Meets the expectation", roi["meets_expectation"]],
        ],
    )
    routes = summary["governance"]["routes"]
    row = _section(sheet, styles, row + 1, "Governance route (the most senior body needed)")
    row = write_table(
        sheet, styles, row, ["Route", "Projects"], [[r, routes[r]] for r in reversed(routes)]
    )
    solver = summary["solver"]
    row = _section(sheet, styles, row + 1, "Solver")
    row = write_table(
        sheet,
        styles,
        row,
        ["Item", "Value"],
        [
            ["Solver", solver["name"]],
            ["Status", solver["status"]],
            ["Proven optimal", solver["proven_optimal"]],
            ["Objective (0-100)", Styled(solver["objective"], points)],
            ["Best possible (bound)", Styled(solver["bound"], points)],
            ["Optimality gap", Styled(solver["optimality_gap"], share)],
            ["Gap tolerance", Styled(solver["gap_tolerance"], share)],
            ["Time limit (s)", solver["time_limit_s"]],
            ["Time taken (s)", Styled(solver["seconds"], points)],
            ["Objective means", summary["objective_meaning"]],
        ],
    )
    baseline = summary["baseline"]
    row = _section(sheet, styles, row + 1, "Against the greedy spreadsheet baseline")
    row = write_table(
        sheet,
        styles,
        row,
        ["Measure", "Optimiser", "Baseline", "Optimiser gain"],
        [
            ["Objective (0-100)"]
            + [Styled(v, points) for v in (solver["objective"], baseline["objective"])]
            + [Styled(baseline["optimiser_gain_objective"], points)],
            ["Gap closed £k"]
            + [Styled(v, money) for v in (summary["gap_closed_k"], baseline["gap_closed_k"])]
            + [Styled(baseline["optimiser_gain_gap_closed_k"], money)],
        ],
    )
    write_cell(sheet, row, 0, f"Baseline: {baseline['method']}", styles(italic=True))
    found = [[kind, n] for kind, n in sorted(summary["finding_counts"].items()) if n]
    row = _section(sheet, styles, row + 2, "Dependency findings (see the Findings sheet)")
    write_table(sheet, styles, row, ["Kind", "Findings"], found or [["none", 0]])


def write_assumptions_sheet(book: Workbook, styles: Styles, tables: RunTables) -> None:
    """What the decisions rest on: weights, optimiser settings, each project's assumptions."""
    run = tables.run
    sheet = book.add_worksheet("Assumptions")
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 2, 70, styles(text_wrap=True))
    write_cell(sheet, 0, 0, "Assumptions behind the decisions", styles.title)
    weights = run.scores.weights
    ratio = "n/a" if weights.consistency_ratio is None else f"{weights.consistency_ratio:.3f}"
    row = _section(sheet, styles, 2, "Scoring weights")
    write_cell(sheet, row, 0, f"Method: {weights.method}; consistency ratio {ratio}", None)
    row = write_table(
        sheet,
        styles,
        row + 1,
        ["Criterion", "Weight"],
        [[criterion, weights.weights[criterion]] for criterion in CRITERIA],
        [None, styles(num_format="0.0%")],
    )
    row = _section(sheet, styles, row + 1, "Optimiser settings")
    row = write_table(sheet, styles, row, ["Setting", "Value", "Meaning"], _settings_rows(tables))
    row = _section(sheet, styles, row + 1, "Per-project assumptions")
    names = {p.id: p.name for p in run.register.projects}
    rows = [
        [score.id, names[score.id], assumption]
        for score in run.scores.projects
        for assumption in score.assumptions
    ]
    row = write_table(
        sheet, styles, row, ["Project ref", "Project", "Assumption"], rows or [["none"]]
    )
    warnings = tables.summary["warnings"]
    row = _section(sheet, styles, row + 1, "Warnings")
    write_table(sheet, styles, row, ["Warning"], [[w] for w in warnings] or [["none"]])


def write_findings_sheet(book: Workbook, styles: Styles, tables: RunTables) -> None:
    """Every dependency finding, one a row, most severe first as the checks ordered them, up to
    `FINDINGS_PER_KIND` of each kind (then a row saying how many more summary.json lists)."""
    run = tables.run
    sheet = book.add_worksheet("Findings")
    header = ["Kind", "Severity", "Projects", "Finding", "Fix"]
    severity = {
        level: Styled(level, styles(bg_color=colour)) for level, colour in _SEVERITY_COLOURS.items()
    }
    shown: Counter[str] = Counter()
    rows = []
    for f in run.checks.findings:
        shown[f.kind.value] += 1
        if shown[f.kind.value] <= FINDINGS_PER_KIND:
            rows.append(
                [
                    f.kind.value,
                    severity.get(f.severity.value, f.severity.value),
                    "; ".join(f.project_ids),
                    f.message,
                    f.fix,
                ]
            )
    for kind, count in shown.items():
        if count > FINDINGS_PER_KIND:
            rows.append(
                [kind, "", "", f"and {count - FINDINGS_PER_KIND:,} more", "summary.json lists all"]
            )
    wrap = styles(text_wrap=True)
    write_table(sheet, styles, 0, header, rows, [None, None, wrap, wrap, wrap])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    for col, width in enumerate((20, 10, 24, 70, 50)):
        sheet.set_column(col, col, width)


def _records_table(
    sheet: Worksheet,
    styles: Styles,
    row: int,
    columns: list[tuple[str, str, str | None]],
    records: Iterable[dict[str, Any]],
) -> int:
    """A table of dicts, one column per (header, key, number format name)."""
    return write_table(
        sheet,
        styles,
        row,
        [header for header, _, _ in columns],
        [[record.get(key) for _, key, _ in columns] for record in records],
        [styles(num_format=_NUMBER_FORMATS[f]) if f else None for _, _, f in columns],
    )


def _section(sheet: Worksheet, styles: Styles, row: int, title: str) -> int:
    write_cell(sheet, row, 0, title, styles.section)
    return row + 1


def _settings_rows(tables: RunTables) -> list[list[object]]:
    """The settings the solve used (options override the config), then the config's others."""
    run = tables.run
    settings = run.config.optimiser
    fields = type(settings).model_fields
    used = {
        "score_weight": run.result.score_weight,
        "pause_min_score": run.result.pause_min_score,
        "solver": run.options.solver,
        "time_limit": run.options.time_limit,
        "gap_rel": run.options.gap_rel,
    }
    values = settings.model_dump(mode="json") | used
    order = [*used, *(name for name in fields if name not in used)]
    return [[name, _setting_text(values[name]), fields[name].description or ""] for name in order]


def _setting_text(value: object) -> object:
    if isinstance(value, dict):
        return "; ".join(f"{k} = {_setting_text(v)}" for k, v in value.items()) or "none"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "none"
    if value is None:
        return "none"
    return value if isinstance(value, int | float | str) else json.dumps(value)
