"""decisions.xlsx for people, group workbooks for directorates, and the decisions they edit back.

Every workbook opens on an Instructions sheet; its decisions carry plain headings ("Project
ref", "Benefit £k") where decisions.csv keeps the machine ones. Directors change the Decision
cell (a drop-down) of the projects they disagree with; the Recommended column keeps the
optimiser's choice, so `outputs.workbook_edits` finds every edit and hands it back as a lock
for the next run. Register columns the product does not use follow its own, headed as the
council wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path, PurePath
from typing import Literal

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from inputs.decisions import Lock, with_resume
from inputs.settings import CRITERIA
from outputs.board_text import criterion_label, format_date, portfolio_title, product_version
from outputs.plan_sheet import write_plan_sheet
from outputs.run_tables import DECISION_COLUMNS, RunTables
from outputs.stamp import stamp_workbook
from outputs.workbook_sheets import (
    MONEY_FORMAT,
    SCORE_FORMAT,
    PrintText,
    Styles,
    set_print_layout,
    write_assumptions_sheet,
    write_cell,
    write_findings_sheet,
    write_summary_sheet,
    write_table,
)
from portfolio import BUSINESS_AS_USUAL

DECISION_CHOICES: tuple[str, ...] = tuple(
    lock.value for lock in (Lock.ACCELERATE, Lock.CONTINUE, Lock.KEEP, Lock.PAUSE, Lock.TERMINATE)
)
"""What a director may put in the decision column: the four decisions, or `keep` (proceed)."""
GroupBy = Literal["directorate", "programme"]
SHEET_NAME_LIMIT = 31
_BOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,  # rows go to disk as written: a 50,000-row sheet in bounded memory
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
COLUMN_HEADINGS: dict[str, tuple[str, str]] = {
    "id": ("Project ref", "The register's reference; keep it, edits are matched to it."),
    "name": ("Project", "The project's name in the register."),
    "decision": (
        "Decision",
        "The decision for the next run: pick another from the drop-down to lock it.",
    ),
    "recommended": (
        "Recommended",
        "The optimiser's decision; leave it as it is, an edit is a row whose Decision differs.",
    ),
    "comment": (
        "Comment",
        "Why you changed Decision: needed to challenge a recommendation in a validation round "
        "(prioritise round import).",
    ),
    "action": (
        "Action",
        "The decision as the board says it: new work is initiated (after its business case "
        "where it needs one), in-flight work continues or accelerates, or it pauses (until "
        "the year it resumes, where it does) or ends.",
    ),
    "rank": ("Rank", "Position by score, 1 first; a prerequisite ranks with its best dependant."),
    "ranked_with": ("Ranked with", "The project whose rank this prerequisite takes."),
    "score": ("Score", "Weighted score 0-100 over the criteria (weights: Assumptions sheet)."),
    **{
        f"{c}_score": (f"{criterion_label(c)} score", f"Score 0-100 for {c.replace('_', ' ')}.")
        for c in CRITERIA
    },
    "core_index": (
        "Core index",
        "Share of the sampled futures' good plans the project is in: each future reads every "
        "project's benefits within its low-high range and the criteria weights around the given "
        "ones, and re-solves the plan. Blank: not computed (prioritise run --core).",
    ),
    "robustness": (
        "Robustness",
        "core: in every good plan over the sampled futures; borderline: in some; exterior: in "
        "none.",
    ),
    "at_confidence": (
        "At confidence",
        "Its decision in the plan that closes each year's gap with the chance asked for "
        "(prioritise run --confidence 0.8). Blank: not asked for. Edit Decision, not this.",
    ),
    "directorate": ("Directorate", "The directorate that owns the project."),
    "programme": ("Programme", "Its transformation programme; blank is business as usual."),
    "status": ("Status", "in_flight (under way) or pipeline (not started)."),
    "mandatory": ("Mandatory", "yes: statutory, business continuity or cyber; it continues."),
    "sponsor": ("Sponsor", "The project's sponsor, from the register."),
    "project_manager": ("Project manager", "The project's manager, from the register."),
    "in_mtfs": ("In the MTFS", "yes: its savings are already in the MTFS (not new money)."),
    "start_year": ("Starts", "First year it runs under the decision (blank: not in the horizon)."),
    "end_year": ("Ends", "Last year it runs under the decision."),
    "resume_year": ("Resumes", "A pause that ends: the year the project resumes."),
    "funding_stream": ("Funding stream", "Where its investment comes from ([streams])."),
    "benefit_k": ("Benefit £k", "Expected £k closing the gap over all years, under the decision."),
    "tail_k": (
        "Benefit after the horizon £k",
        "Expected £k its decision pushes past the last year: lost to this plan.",
    ),
    "cost_k": ("Cost £k", "Investment in £k over the horizon."),
    "roi": ("Return on investment", "Benefit per £ of cost; blank without a cost."),
    "fte": ("FTE", "People needed while it runs, over every role."),
    "mtfs_at_risk_k": (
        "MTFS savings at risk £k",
        "MTFS savings the decision loses: stopping it widens the gap by this much.",
    ),
    "route": ("Route", "The most senior body the decision needs."),
    "approvals": ("Approvals needed", "Every body the decision goes through, in order."),
    "route_reason": ("Why this route", "Why each body beyond the directorate is needed."),
    "eqia": (
        "EqIA",
        "Set where an Equality Impact Assessment must come before the decision: it stops or "
        "changes a project with a substantial service impact whose EqIA is not done.",
    ),
    "reason": ("Reason", "Why the optimiser made this decision."),
    "reason_code": ("Reason code", "The reason as a short code, to filter by."),
}
"""Each product column's heading in the workbook and what it means (Instructions sheet)."""
REGISTER_MEANING = "From the register, as the council wrote it; not used by the product."
_FTE_FORMAT = "0.00"
_RATIO_FORMAT = "0.00"
_SHARE_FORMAT = "0.0%"  # 200 futures give shares in steps of half a percent
_MONEY_COLUMNS = {"benefit_k", "tail_k", "cost_k", "mtfs_at_risk_k"}
_SCORE_COLUMNS = {"score", *(f"{c}_score" for c in CRITERIA)}
_WRAPPED_COLUMNS = {"reason": 70, "route_reason": 50}
_MAX_WIDTH = 40


def write_decisions_workbook(
    tables: RunTables, path: Path | str, run_date: date | None = None
) -> Path:
    """decisions.xlsx: Instructions, Summary, Decisions (editable), Plan by year, Assumptions
    and Findings.

    Every sheet prints landscape, one page wide, headed by the portfolio and `run_date`
    (today unless given).
    """
    path = Path(path)
    page = _print_text(tables, run_date)
    frame = decisions_table(tables)
    with xlsxwriter.Workbook(str(path), _BOOK_OPTIONS) as book:
        styles = Styles(book)
        write_instructions_sheet(book, styles, tables, page, frame, grouped=False)
        write_summary_sheet(book, styles, tables, page.title)
        write_decisions_sheet(book, styles, "Decisions", frame)
        write_plan_sheet(book, styles, tables)
        write_assumptions_sheet(book, styles, tables)
        write_findings_sheet(book, styles, tables)
        set_print_layout(book, page)
        stamp_workbook(book, tables.stamp)
    return path


def write_group_workbooks(
    tables: RunTables,
    folder: Path | str,
    by: GroupBy = "directorate",
    single_file: bool = False,
    run_date: date | None = None,
) -> list[Path]:
    """Each directorate's (or programme's) ranked decisions, to validate and edit.

    One workbook per group (`decisions-<group>.xlsx`), or with `single_file` one workbook
    (`decisions-by-<by>.xlsx`) with a sheet per group. Blank programmes are "Business as usual".

    Returns:
        The files written, in group order.
    Raises:
        ValueError: `by` is not directorate or programme.
    """
    if by not in ("directorate", "programme"):
        raise ValueError(f"group by 'directorate' or 'programme', not {by!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    page = _print_text(tables, run_date)
    table = decisions_table(tables)
    groups = group_decisions(table, by)

    def write(path: Path, sheets: Iterable[tuple[str, pd.DataFrame]]) -> Path:
        with xlsxwriter.Workbook(str(path), _BOOK_OPTIONS) as book:
            styles = Styles(book)
            write_instructions_sheet(book, styles, tables, page, table, grouped=True)
            for name, frame in sheets:
                write_decisions_sheet(book, styles, name, frame)
            set_print_layout(book, page)
            stamp_workbook(book, tables.stamp)
        return path

    names = sheet_names(groups)
    if single_file:
        return [write(folder / f"decisions-by-{by}.xlsx", zip(names, groups.values(), strict=True))]
    return [
        write(folder / f"decisions-{stem}.xlsx", [(name, frame)])
        for stem, name, frame in zip(file_stems(groups), names, groups.values(), strict=True)
    ]


def decisions_table(tables: RunTables) -> pd.DataFrame:
    """`decisions_frame` with `recommended` beside `decision`, so a director's edit shows; a
    pause that resumes reads 'pause, resume 2026/27' in both, so 'pause' is an edit (pause
    for the whole horizon)."""
    frame = tables.decisions.copy()
    frame["decision"] = [
        with_resume(d, y or None)
        for d, y in zip(frame["decision"], frame["resume_year"], strict=True)
    ]
    frame.insert(list(frame.columns).index("decision") + 1, "recommended", frame["decision"])
    frame.insert(list(frame.columns).index("recommended") + 1, "comment", "")
    return frame


def workbook_headings(columns: Iterable[str]) -> list[tuple[str, str]]:
    """(heading, meaning) for each column of `decisions_table`: plain words for the product's
    own; a register column keeps its header, or reads `register: <header>` where it would pass
    for one of the product's."""
    own = {
        column: COLUMN_HEADINGS.get(column, (column.replace("_", " ").capitalize(), ""))
        for column in (*DECISION_COLUMNS, "recommended", "comment")
    }
    taken = {normalise_heading(name) for pair in own.items() for name in (pair[0], pair[1][0])}
    headings = []
    for column in columns:
        if column in own:
            headings.append(own[column])
        elif normalise_heading(column) in taken:
            headings.append((f"register: {column}", REGISTER_MEANING))
        else:
            headings.append((column, REGISTER_MEANING))
    return headings


def normalise_heading(text: object) -> str:
    """A heading as compared when read back: case, accents, spacing and punctuation ignored."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


def write_instructions_sheet(
    book: Workbook,
    styles: Styles,
    tables: RunTables,
    page: PrintText,
    frame: pd.DataFrame,
    grouped: bool,
) -> None:
    """The first sheet: what the workbook is, how to send a changed decision back, and what
    every column of the decisions means."""
    run = tables.run
    register = PurePath(run.register.source).name
    sheet = book.add_worksheet("Instructions")
    wrap = styles(text_wrap=True)
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 100, wrap)
    write_cell(sheet, 0, 0, page.title, styles.title)
    run_line = (
        f"Decisions to validate, run on {page.run_date} with portfolio-reset "
        f"{product_version()} from {register} ({run.problem.size} projects)."
    )
    write_cell(sheet, 1, 0, run_line, styles(italic=True))
    sheets = (
        "One sheet per group, each its projects' recommended decisions in rank order."
        if grouped
        else "Summary: the gap closed each year, people per role and year, decisions and routes. "
        "Decisions: one row per project in rank order, the one to edit. Plan by year: when each "
        "project runs, pauses and resumes. Assumptions: the weights, settings and each "
        "project's assumptions. Findings: the dependency checks."
    )
    about = [
        [
            "What it is",
            "The recommended decision for every project, with its reason, the "
            "governance route it must take and the figures behind it, for directorates to check.",
        ],
        ["Sheets", sheets],
    ]
    row = write_table(sheet, styles, 3, ["This workbook", ""], about, [styles(bold=True), wrap])
    steps = [
        ["1. Find the project", "Filter or sort any column with the arrows in the header row."],
        [
            "2. Change its Decision",
            "Pick accelerate, continue, keep, pause or terminate from the "
            "drop-down. keep means it must go ahead (continue or accelerate, as the plan finds "
            "best). A blank Decision keeps the recommendation.",
        ],
        [
            "3. Leave the rest",
            "Keep Project ref, Recommended and the header row as they are: an "
            "edit is a row whose Decision differs from Recommended.",
        ],
        ["4. Send it back", "Save it as an Excel Workbook (.xlsx) and return it to the PMO."],
        [
            "5. The PMO tests it",
            f"prioritise whatif {register} --config <config.toml> "
            "--from-workbook <this workbook> (one --from-workbook per return) shows every knock-on "
            "effect; two returns that change one project differently are refused, naming both "
            "cells.",
        ],
    ]
    row = write_table(
        sheet, styles, row + 1, ["To change a decision", ""], steps, [styles(bold=True), wrap]
    )
    columns = workbook_headings(frame.columns)
    write_table(sheet, styles, row + 1, ["Column", "What it means"], columns, [None, wrap])


def write_decisions_sheet(book: Workbook, styles: Styles, name: str, frame: pd.DataFrame) -> None:
    """The ranked decisions: frozen header and id/name, filter, formats, colours, drop-down."""
    sheet = book.add_worksheet(name)
    columns = list(frame.columns)
    headings = [heading for heading, _ in workbook_headings(columns)]
    formats = [_column_format(styles, column) for column in columns]
    sheet.set_row(0, 30)  # before the rows: in constant-memory mode a written row is final
    write_table(sheet, styles, 0, headings, frame.itertuples(index=False, name=None), formats)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    for col, (column, heading) in enumerate(zip(columns, headings, strict=True)):
        sheet.set_column(col, col, _width(column, heading, frame[column]))
    last = len(frame)
    if last == 0:
        return
    for column in ("decision", "recommended"):
        col = columns.index(column)
        for decision in DECISION_CHOICES:
            sheet.conditional_format(
                1,
                col,
                last,
                col,
                {
                    "type": "cell",
                    "criteria": "equal to",
                    "value": f'"{decision}"',
                    "format": styles.decision(decision),
                },
            )
        sheet.conditional_format(  # a pause that resumes: 'pause, resume 2026/27'
            1,
            col,
            last,
            col,
            {
                "type": "text",
                "criteria": "begins with",
                "value": "pause, resume",
                "format": styles.decision("pause"),
            },
        )
    col = columns.index("decision")
    sheet.data_validation(
        1,
        col,
        last,
        col,
        {
            "validate": "list",
            "source": list(DECISION_CHOICES),
            "input_title": "Decision",
            "input_message": "Pick a decision to lock it for the next run; the "
            "Recommended column keeps the optimiser's choice.",
            "error_title": "Not a decision",
            "error_message": "Choose " + ", ".join(DECISION_CHOICES) + ".",
        },
    )


def _column_format(styles: Styles, column: str) -> Format | None:
    if column in _MONEY_COLUMNS:
        return styles(num_format=MONEY_FORMAT)
    if column in _SCORE_COLUMNS:
        return styles(num_format=SCORE_FORMAT)
    if column == "fte":
        return styles(num_format=_FTE_FORMAT)
    if column == "roi":
        return styles(num_format=_RATIO_FORMAT)
    if column == "core_index":
        return styles(num_format=_SHARE_FORMAT)
    if column in _WRAPPED_COLUMNS:
        return styles(text_wrap=True)
    return None


def _width(column: str, heading: str, values: pd.Series) -> float:
    if column in _WRAPPED_COLUMNS:
        return _WRAPPED_COLUMNS[column]
    longest = max([len(heading), *(len(str(v)) for v in values)], default=len(heading))
    return min(max(longest + 2, 8), _MAX_WIDTH)


def _print_text(tables: RunTables, run_date: date | None) -> PrintText:
    run = tables.run
    return PrintText(
        portfolio_title(run.config.name, run.register.source),
        format_date(run_date or date.today()),
        tables.stamp.run_id,
    )


def group_decisions(table: pd.DataFrame, by: GroupBy) -> dict[str, pd.DataFrame]:
    """Rows per group, in rank order within each; groups sorted by name, case ignored."""
    labels = table[by].fillna("").astype(str).str.strip()
    if by == "programme":
        labels = labels.replace("", BUSINESS_AS_USUAL)
    return {
        label: table[labels == label].reset_index(drop=True)
        for label in sorted(set(labels), key=str.casefold)
    }


def sheet_names(labels: Iterable[str]) -> list[str]:
    """Excel sheet names for group labels: at most 31 characters, none of []:*?/\\, unique."""
    names: list[str] = []
    used: set[str] = set()
    for label in labels:
        base = _SHEET_FORBIDDEN.sub("-", label)[:SHEET_NAME_LIMIT].strip(" '") or "Group"
        if base.casefold() == "history":  # reserved by Excel
            base = "History (group)"
        names.append(_unique(base, used, lambda n: f" ({n})", SHEET_NAME_LIMIT))
    return names


def file_stems(labels: Iterable[str]) -> list[str]:
    """Safe, unique file-name stems: ASCII letters, digits and hyphens, lower case."""
    stems: list[str] = []
    used: set[str] = set()
    for label in labels:
        ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
        stems.append(_unique(base or "group", used, lambda n: f"-{n}", 64))
    return stems


def _unique(base: str, used: set[str], suffix: Callable[[int], str], limit: int) -> str:
    name, n = base, 2
    while name.casefold() in used:
        tail = suffix(n)
        name = base[: limit - len(tail)].rstrip() + tail
        n += 1
    used.add(name.casefold())
    return name
