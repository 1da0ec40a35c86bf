"""The decisions directors edit back: each changed Decision cell of a workbook becomes a lock.

A decisions workbook keeps the optimiser's choice in Recommended beside the editable Decision,
so an edit is a row where the two differ. The PMO sends workbooks out (one per directorate, or
the whole decisions.xlsx to each) and gets several back; `merge_decision_locks` makes one set
of locks of them and refuses two workbooks that edit a project differently.

Headings are matched by their normalised name (`normalise_heading`) against `HEADING_ALIASES`,
so workbooks headed "Project ref, Decision, Recommended" and those earlier versions wrote
("id, decision, recommended") are read alike; messages name each heading as the sheet has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from inputs.decisions import Lock
from inputs.errors import WorkbookError
from inputs.problems import Problem, Severity
from outputs.output_set import mixed_with
from outputs.safe_text import FORMULA_STARTS
from outputs.workbook import COLUMN_HEADINGS, DECISION_CHOICES, normalise_heading

_HEADER_ROWS_SEARCHED = 10
_LOCK_COLUMNS = ("id", "decision", "recommended")
RESUMES = re.compile(r"^pause, resume \d{4}/\d{2}$")
"""A recommended pause that ends within the horizon, as the workbook writes it."""
HEADING_ALIASES: dict[str, frozenset[str]] = {
    column: frozenset(
        normalise_heading(name) for name in (column, COLUMN_HEADINGS[column][0], *others)
    )
    for column, others in (
        ("id", ("project id", "project reference", "reference", "ref")),
        ("comment", ("comments", "director's comment")),
        ("decision", ("your decision", "decision for the next run")),
        ("recommended", ("recommended decision", "optimiser decision")),
    )
}
"""The headings each read-back column goes by: the machine name (earlier versions' heading),
today's plain heading, and a few natural variants, all normalised."""


@dataclass(frozen=True)
class WorkbookDecision:
    """One project's decision as one workbook row gives it, and the cell that holds it."""

    project: str
    decision: Lock
    recommended: str  # a decision, or 'pause, resume <year>'
    where: str
    row: int
    cell: str
    column: str  # the Decision column's heading, as the sheet has it
    comment: str = ""  # the Comment column, where the sheet has one
    kept: bool = False  # a pause that resumes, left as recommended

    @property
    def is_edit(self) -> bool:
        return not self.kept and self.decision.value != self.recommended

    def describe(self) -> str:
        return f"{self.where}, row {self.row} ({self.cell})"


def read_decision_locks(path: Path | str) -> dict[str, Lock]:
    """{id: decision} for every row a director changed from the recommended decision.

    Reads every sheet with `id`, `decision` and `recommended` headers (decisions.xlsx and the
    group workbooks alike). A blank decision keeps the recommendation.

    Raises:
        WorkbookError: the file is not a workbook, no sheet has those headers, or a decision
            cell holds something other than accelerate, continue, keep, pause or terminate
            (every bad cell is named, with its sheet, Excel row and column).
    """
    return merge_decision_locks([path])


def merge_decision_locks(paths: Sequence[Path | str]) -> dict[str, Lock]:
    """One set of locks from every workbook the directorates sent back.

    A project edited in several workbooks must be edited alike there; a workbook that leaves
    it at its recommendation has no say, so the other workbook's edit stands.

    Raises:
        WorkbookError: any workbook `read_decision_locks` refuses, or two workbooks giving one
            project different edited decisions (both cells named, with what each says). Every
            problem in every workbook is listed, not just the first.
    """
    files = [Path(path) for path in paths]
    problems: list[Problem] = []
    first: dict[str, WorkbookDecision] = {}
    for file, label in zip(files, workbook_labels(files), strict=True):
        try:
            edits = _read_edits(file, label)
        except WorkbookError as error:
            problems.extend(error.problems)
            continue
        for edit in edits:
            earlier = first.setdefault(edit.project, edit)
            if earlier.decision != edit.decision:
                problems.append(_disagreement(earlier, edit))
    if problems:
        raise WorkbookError(problems)
    return {project: edit.decision for project, edit in first.items()}


def workbook_labels(paths: Sequence[Path]) -> list[str]:
    """How messages name each workbook: its file name, or its path where two names are alike."""
    names = [path.name for path in paths]
    return [path.name if names.count(path.name) == 1 else str(path) for path in paths]


def _disagreement(earlier: WorkbookDecision, edit: WorkbookDecision) -> Problem:
    return _problem(
        edit.where,
        f"disagrees with the edit '{earlier.decision}' in {earlier.describe()}",
        f"agree one decision for {edit.project} and put it in both workbooks, or set one of "
        f"the two cells back to its recommended decision (here '{edit.recommended}') so that "
        "the other workbook decides",
        row=edit.row,
        column=edit.column,
        cell=edit.cell,
        value=edit.decision.value,
        project_id=edit.project,
    )


def read_workbook_decisions(path: Path) -> list[WorkbookDecision]:
    """Every project's row of a decisions workbook (edited or not, one per project, in the
    order first read), with its Comment where the sheet has that column: what a director
    returns in an offline validation round.

    Raises:
        WorkbookError: as `read_decision_locks`.
    """
    return _read_decisions(path, path.name)


def _read_edits(path: Path, label: str) -> list[WorkbookDecision]:
    """The edited rows of one workbook, one per project, in the order first read."""
    return [decision for decision in _read_decisions(path, label) if decision.is_edit]


def _read_decisions(path: Path, label: str) -> list[WorkbookDecision]:
    mixed = mixed_with(path)
    if mixed is not None:
        raise WorkbookError(
            [
                _problem(
                    label,
                    f"{mixed}: the folder holds files of two runs, so the decisions in it may "
                    "not be the ones its board pack and summary describe",
                    "use the decisions.xlsx of the same run as the rest of the folder, or run "
                    "prioritise again to write a whole new set",
                )
            ]
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError) as error:
        raise WorkbookError(
            [
                _problem(
                    label,
                    f"cannot be opened as an Excel workbook ({error})",
                    "give the decisions .xlsx written by prioritise, saved as Excel Workbook",
                )
            ]
        ) from error
    decided: dict[str, WorkbookDecision] = {}
    problems: list[Problem] = []
    sheets_read = 0
    try:
        for sheet in book.worksheets:
            where = f"{label}, sheet '{sheet.title}'"
            rows = sheet.iter_rows(values_only=True)
            sheets_read += _read_sheet(rows, where, decided, problems)
    finally:
        book.close()
    if not sheets_read:
        problems.append(
            _problem(
                label,
                "has no sheet with Project ref, Decision and Recommended columns (id, "
                "decision and recommended in workbooks of earlier versions)",
                "edit the Decisions sheet of the decisions.xlsx that prioritise wrote, "
                "keeping its header row",
            )
        )
    if problems:
        raise WorkbookError(problems)
    return list(decided.values())


def _read_sheet(
    rows: Iterable[tuple[object, ...]],
    where: str,
    decided: dict[str, WorkbookDecision],
    problems: list[Problem],
) -> int:
    """Add one sheet's decisions to `decided`, an edit replacing the same decision unedited.

    Returns 1 if the sheet has the decisions headers, else 0.
    """
    positions: dict[str, int] | None = None
    names: dict[str, str] = {}
    comment: int | None = None
    for excel_row, values in enumerate(rows, start=1):
        if positions is None:
            if excel_row > _HEADER_ROWS_SEARCHED:
                return 0
            positions = _header_positions(values)
            if positions is not None:
                names = {column: _text(values[i]) for column, i in positions.items()}
                comment = _comment_position(values)
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        project = _project_id(cells["id"])
        if not project:
            continue
        chosen = _text(cells["decision"])
        recommended = _text(cells["recommended"])
        if not chosen:
            continue  # blank: the recommendation stands, and nothing is said
        kept = chosen.lower() == recommended.lower() and bool(RESUMES.match(chosen.lower()))
        if kept:  # a pause that resumes left as recommended: read as its pause, unedited
            chosen = Lock.PAUSE.value
        bad = [
            (column, value)
            for column, value in (("decision", chosen), ("recommended", recommended))
            if value.lower() not in DECISION_CHOICES
            and not (column == "recommended" and RESUMES.match(value.lower()))
        ]
        for column, value in bad:
            problems.append(
                _problem(
                    where,
                    "is not a decision",
                    "a resume year is not set in the workbook: use prioritise whatif --resume "
                    f"{project}=YEAR, or choose one of {', '.join(DECISION_CHOICES)}"
                    if column == "decision" and RESUMES.match(value.lower())
                    else f"choose one of {', '.join(DECISION_CHOICES)} from the drop-down"
                    if column == "decision"
                    else "put back the optimiser's decision, or export the workbook again: "
                    f"edits are found by comparing {names['decision']} with "
                    f"{names['recommended']}",
                    row=excel_row,
                    column=names[column],
                    cell=_cell(positions, column, excel_row),
                    value=value,
                    project_id=project,
                )
            )
        if bad:
            continue
        decision = WorkbookDecision(
            project,
            Lock(chosen.lower()),
            recommended.lower(),
            where,
            excel_row,
            _cell(positions, "decision", excel_row),
            names["decision"],
            _text(values[comment]) if comment is not None and comment < len(values) else "",
            kept,
        )
        earlier = decided.get(project)
        if earlier is not None and earlier.decision != decision.decision:
            problems.append(
                _problem(
                    where,
                    f"differs from the decision '{earlier.decision}' given to this project "
                    f"in {earlier.describe()}",
                    "give each project one decision",
                    row=excel_row,
                    column=decision.column,
                    cell=decision.cell,
                    value=chosen,
                    project_id=project,
                )
            )
            continue
        if earlier is None or decision.is_edit:
            decided[project] = decision
    return int(positions is not None)


def _header_positions(values: tuple[object, ...]) -> dict[str, int] | None:
    """Where each read-back column is, if this row heads them all: the first heading that
    goes by one of its names (a register column copied further right never shadows it)."""
    found: dict[str, int] = {}
    for i, value in enumerate(values):
        name = normalise_heading(_text(value))
        for column in _LOCK_COLUMNS:
            if column not in found and name in HEADING_ALIASES[column]:
                found[column] = i
    return found if len(found) == len(_LOCK_COLUMNS) else None


def _comment_position(values: tuple[object, ...]) -> int | None:
    """Where the optional Comment column is, if the header row has one."""
    return next(
        (
            i
            for i, value in enumerate(values)
            if normalise_heading(_text(value)) in HEADING_ALIASES["comment"]
        ),
        None,
    )


def _cell(positions: dict[str, int], column: str, excel_row: int) -> str:
    return f"{get_column_letter(positions[column] + 1)}{excel_row}"


def _project_id(value: object) -> str:
    """The id as the register has it: undo `neutralise`'s apostrophe and Excel's 12.0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _problem(file: str, message: str, fix: str, **where: object) -> Problem:
    return Problem(severity=Severity.ERROR, file=file, message=message, fix=fix, **where)
