"""The workbook's Summary sheet gives the plan's odds per year, as summary.json has them."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from outputs.run_tables import RunTables
from outputs.workbook import write_decisions_workbook
from tests.reset.registers import config_text, run_rows
from tests.risk.test_confident import ROWS


def test_the_summary_sheet_gives_the_chance_of_closing_each_year(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(gap=450))
    tables = RunTables(run)
    path = tmp_path / "decisions.xlsx"
    write_decisions_workbook(tables, path)
    sheet = load_workbook(path)["Summary"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    start = next(i for i, row in enumerate(cells) if str(row[0]).startswith("Chance of closing"))
    assert "10,000 simulated futures" in cells[start][0] and "80% sure" in cells[start][0]
    header = cells[start + 1]
    assert header[:8] == [
        "Year",
        "Gap £k",
        "P10 £k",
        "Median £k",
        "Mean £k",
        "P90 £k",
        "Chance closed",
        "Contingency £k",
    ]
    for t, year in enumerate(run.result.years):
        row = cells[start + 2 + t]
        assert row[0] == year
        assert row[6] == pytest.approx(run.odds.p_closed[t])
        assert row[7] == pytest.approx(run.odds.contingency[t])
        assert row[2] <= row[3] <= row[5]  # P10 <= median <= P90
