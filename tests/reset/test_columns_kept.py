"""Nothing dropped: register columns the product does not use come back in decisions.csv."""

from __future__ import annotations

import csv
from pathlib import Path

from outputs.reset_files import write_decisions_csv
from outputs.run_tables import RunTables
from outputs.stamp import RUN_COLUMN
from tests.reset.registers import run_rows, yearly

ROWS = [
    {"id": "A", "name": "First", "Cost centre": "CC-101", "Notes": "=SUM(A1)", "decision": "x"}
    | yearly(100),
    {"id": "B", "name": "Second", "Cost centre": "", "Notes": "call Jo, 3 May"} | yearly(50),
]


def test_every_extra_column_round_trips(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS)
    path = tmp_path / "decisions.csv"
    write_decisions_csv(RunTables(run), path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    header = list(rows["A"])
    # the product's own columns first, then the council's, headings as written, then the run
    assert header[-4:] == ["Cost centre", "Notes", "register: decision", RUN_COLUMN]
    assert rows["A"]["Cost centre"] == "CC-101"
    assert rows["B"]["Cost centre"] == ""
    assert rows["B"]["Notes"] == "call Jo, 3 May"
    assert rows["A"]["Notes"] == "'=SUM(A1)"  # written as text, never a formula
    assert rows["A"]["register: decision"] == "x"
    assert rows["A"]["decision"] in ("continue", "accelerate")
