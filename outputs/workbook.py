"""decisions.xlsx for people, group workbooks for directorates, and the decisions they edit back.

Directors change the `decision` cell (a drop-down) of the projects they disagree with; the
`recommended` column keeps the optimiser's choice, so `outputs.workbook_edits` finds every
edit and hands it back as a lock for the next run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from inputs.decisions import Lock
from inputs.settings import CRITERIA
from outputs.run_tables import RunTables
from outputs.workbook_sheets import (
    MONEY_FORMAT,
    SCORE_FORMAT,
    Styles,
    write_assumptions_sheet,
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
_FTE_FORMAT = "0.00"
_MONEY_COLUMNS = {"benefit_k", "cost_k"}
_SCORE_COLUMNS = {"score", *(f"{c}_score" for c in CRITERIA)}
_WRAPPED_COLUMNS = {"reason": 70}
_MAX_WIDTH = 40


def write_decisions_workbook(tables: RunTables, path: Path | str) -> Path:
    """decisions.xlsx: Summary, Decisions (editable), Assumptions and Findings sheets."""
    path = Path(path)
    with xlsxwriter.Workbook(str(path), _BOOK_OPTIONS) as book:
        styles = Styles(book)
        write_summary_sheet(book, styles, tables)
        write_decisions_sheet(book, styles, "Decisions", decisions_table(tables))
        write_assumptions_sheet(book, styles, tables)
        write_findings_sheet(book, styles, tables)
    return path


def write_group_workbooks(
    tables: RunTables, folder: Path | str, by: GroupBy = "directorate", single_file: bool = False
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
    groups = group_decisions(decisions_table(tables), by)
    if single_file:
        path = folder / f"decisions-by-{by}.xlsx"
        with xlsxwriter.Workbook(str(path), _BOOK_OPTIONS) as book:
            styles = Styles(book)
            for name, frame in zip(sheet_names(groups), groups.values(), strict=True):
                write_decisions_sheet(book, styles, name, frame)
        return [path]
    paths = []
    for stem, name, frame in zip(
        file_stems(groups), sheet_names(groups), groups.values(), strict=True
    ):
        path = folder / f"decisions-{stem}.xlsx"
        with xlsxwriter.Workbook(str(path), _BOOK_OPTIONS) as book:
            write_decisions_sheet(book, Styles(book), name, frame)
        paths.append(path)
    return paths


def decisions_table(tables: RunTables) -> pd.DataFrame:
    """`decisions_frame` with `recommended` beside `decision`, so a director's edit shows."""
    frame = tables.decisions.copy()
    frame.insert(list(frame.columns).index("decision") + 1, "recommended", frame["decision"])
    return frame


def write_decisions_sheet(book: Workbook, styles: Styles, name: str, frame: pd.DataFrame) -> None:
    """The ranked decisions: frozen header and id/name, filter, formats, colours, drop-down."""
    sheet = book.add_worksheet(name)
    columns = list(frame.columns)
    formats = [_column_format(styles, column) for column in columns]
    sheet.set_row(0, 30)  # before the rows: in constant-memory mode a written row is final
    write_table(sheet, styles, 0, columns, frame.itertuples(index=False, name=None), formats)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    for col, column in enumerate(columns):
        sheet.set_column(col, col, _width(column, frame[column]))
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
            "'recommended' column keeps the optimiser's choice.",
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
    if column in _WRAPPED_COLUMNS:
        return styles(text_wrap=True)
    return None


def _width(column: str, values: pd.Series) -> float:
    if column in _WRAPPED_COLUMNS:
        return _WRAPPED_COLUMNS[column]
    longest = max([len(column), *(len(str(v)) for v in values)], default=len(column))
    return min(max(longest + 2, 8), _MAX_WIDTH)


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
