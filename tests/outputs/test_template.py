"""The blank register workbook: drop-downs for closed fields, number rules, and notes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from inputs import read_register
from inputs.columns import FIELDS
from inputs.config import Config
from outputs.template import write_template

POOL = "Adult social care contracts"


def _rules_by_column(sheet: Worksheet) -> dict[str, DataValidation]:
    """Each header's data validation, from the columns every rule's ranges cover."""
    headers = [cell.value for cell in sheet[1]]
    return {
        headers[col - 1]: rule
        for rule in sheet.data_validations.dataValidation
        for cells in rule.sqref.ranges
        for col in range(cells.min_col, cells.max_col + 1)
    }


def test_template_drop_downs_and_notes(tmp_path: Path, small_config: Config) -> None:
    path = write_template(tmp_path / "blank.xlsx", small_config)
    book = load_workbook(path)
    sheet = book["Register"]
    headers = [cell.value for cell in sheet[1]]
    letter = {h: chr(ord("A") + i) for i, h in enumerate(headers) if i < 26}
    rules = {str(v.sqref).split(":")[0][:-1]: v for v in sheet.data_validations.dataValidation}
    assert rules[letter["status"]].formula1 == '"in_flight,pipeline"'
    assert rules[letter["stage"]].formula1 == '"idea,deep_dive,business_case,delivery"'
    assert rules[letter["mandatory"]].formula1 == '"yes,no"'
    assert (rules[letter["align_open"]].formula1, rules[letter["align_open"]].formula2) == (
        "0",
        "3",
    )
    assert rules[letter["cost_2024_25"]].operator == "greaterThanOrEqual"
    assert sheet.freeze_panes == "C2"
    notes = {row[0]: row for row in book["Notes"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert notes["id"][1] == "yes"
    assert "open and enabling" in notes["align_open"][2]


def test_filled_template_reads_back(tmp_path: Path, small_config: Config) -> None:
    path = write_template(tmp_path / "blank.xlsx", small_config)
    book = load_workbook(path)
    sheet = book["Register"]
    sheet.append(["A1", "One", "Place", "pipeline"])
    book.save(path)
    register = read_register(path)
    assert register.ids == ("A1",)
    assert register.roles == ("ict", "project_manager")


def test_text_columns_take_names(tmp_path: Path, small_config: Config) -> None:
    path = write_template(tmp_path / "blank.xlsx", small_config)
    book = load_workbook(path)
    sheet = book["Register"]
    rules = _rules_by_column(sheet)
    text_fields = {spec.name for spec in FIELDS if spec.kind in ("text", "id_list")}
    assert "benefit_pool" in text_fields
    assert not text_fields & set(rules), "a text column must not be limited to numbers"
    numeric = {column for column, rule in rules.items() if rule.type in ("decimal", "whole")}
    assert numeric == {
        column
        for column in rules
        if column.startswith(("benefit_2", "cost_", "fte_", "align_"))
        or column in ("delivery_risk", "complexity", "wards", "duration")
    }
    headers = [cell.value for cell in sheet[1]]
    row = dict.fromkeys(headers) | {
        "id": "A1",
        "name": "One",
        "directorate": "Place",
        "status": "pipeline",
        "benefit_pool": POOL,
    }
    sheet.append([row[h] for h in headers])
    book.save(path)
    (project,) = read_register(path).projects
    assert project.benefit_pool == POOL
