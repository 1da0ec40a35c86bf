"""An empty register workbook with the right headers, drop-downs and a notes sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from inputs.columns import FIELD_BY_NAME, PATTERN_MEANINGS
from inputs.config import Config
from inputs.interchange import interchange_columns

TEMPLATE_ROWS = 5000
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="C00000")


def write_template(path: Path | str, config: Config) -> Path:
    """A blank register for the config's years, roles and missions, ready to fill in Excel."""
    path = Path(path)
    columns = interchange_columns(config.years, config.roles, tuple(config.missions))
    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(columns)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        spec = FIELD_BY_NAME.get(column)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _REQUIRED_FILL if spec and spec.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column) + 2)
        validation = _validation_for(column, config.years)
        if validation is not None:
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    _add_notes(book, columns, config)
    book.save(path)
    return path


def _validation_for(column: str, years: tuple[str, ...]) -> DataValidation | None:
    """The drop-down or number rule Excel should enforce for a column.

    A named field's rule comes from its kind alone (text such as `benefit_pool` has none);
    only the year, role and mission columns are numbers, told apart by their prefix.
    """
    spec = FIELD_BY_NAME.get(column)
    if spec is not None:
        if spec.kind == "choice":
            return _list(spec.allowed, column)
        if spec.kind == "yes_no":
            return _list(["yes", "no"], column)
        if spec.kind == "rating":
            return _range("whole", 1, 5, column)
        if spec.kind == "count":
            return _range("whole", 0, 10_000, column)
        if spec.kind == "year":  # the horizon's years; a year outside it may still be typed
            return _list(list(years), column, strict=False)
        return None
    if column.startswith("align_"):
        return _range("whole", 0, 3, column)
    if column.startswith(("benefit_", "cost_", "fte_")):
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column,
            error="Enter a number of 0 or more.",
        )
    return None


def _list(values: list[str], column: str, strict: bool = True) -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle=column,
        error="Choose one of: " + ", ".join(values),
    )


def _range(kind: str, low: int, high: int, column: str) -> DataValidation:
    return DataValidation(
        type=kind,
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=column,
        error=f"Enter a whole number {low} to {high}.",
    )


def _add_notes(book: Workbook, columns: list[str], config: Config) -> None:
    notes = book.create_sheet("Notes")
    notes.append(["Column", "Required", "Meaning", "Allowed values"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in columns:
        notes.append([column, *_describe(column, config)])
    for letter, width in zip("ABCD", (28, 10, 90, 60), strict=True):
        notes.column_dimensions[letter].width = width
    notes.append([])
    notes.append(
        [
            "Money is in £k. Blank means not known, never zero. Ids in depends_on and "
            "conflicts_with are separated by ';'."
        ]
    )


def _describe(column: str, config: Config) -> list[str]:
    spec = FIELD_BY_NAME.get(column)
    if spec is not None:
        allowed = ", ".join(spec.allowed) if spec.choices else ""
        if spec.kind == "yes_no":
            allowed = "yes, no"
        if spec.kind == "rating":
            allowed = "1 to 5"
        if spec.kind == "count":
            allowed = "a whole number, 0 or more"
        return ["yes" if spec.required else "no", spec.meaning, allowed]
    prefix, _, key = column.partition("_")
    meaning = PATTERN_MEANINGS[prefix]
    if prefix == "align":
        meaning = f"{meaning} Mission: {config.missions.get(key, key)}."
        return ["no", meaning, "0, 1, 2, 3"]
    return ["no", meaning, "a number of 0 or more"]
