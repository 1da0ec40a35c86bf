"""The blank register workbook: drop-downs for closed fields, number rules, and notes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from inputs import read_register
from outputs.template import write_template


def test_template_drop_downs_and_notes(tmp_path: Path, small_config) -> None:
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


def test_filled_template_reads_back(tmp_path: Path, small_config) -> None:
    path = write_template(tmp_path / "blank.xlsx", small_config)
    book = load_workbook(path)
    sheet = book["Register"]
    sheet.append(["A1", "One", "Place", "pipeline"])
    book.save(path)
    register = read_register(path)
    assert register.ids == ("A1",)
    assert register.roles == ("ict", "project_manager")
