"""`prioritise whatif`: one scenario from options, many from a file, clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from cli import cli

DATA = Path(__file__).parent / "data"
CHOICE = [
    "whatif",
    str(DATA / "optimiser_choice.csv"),
    "--config",
    str(DATA / "optimiser_choice.toml"),
    "--gap",
    "0",
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*CHOICE, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_pause_writes_the_comparison(tmp_path: Path) -> None:
    code, out = run("--pause", "A", "--out", str(tmp_path))
    assert code == 0, out
    assert "Scenario 'what-if': pause A" in out
    assert "A: continue -> pause (locked by the scenario)" in out
    assert "D: terminate -> continue" in out or "D: pause -> continue" in out
    with (tmp_path / "comparison.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["A"]["scenario_decision"] == "pause"
    data = json.loads((tmp_path / "comparison.json").read_text(encoding="utf-8"))
    assert data[0]["objective_change"] < 0
    page = (tmp_path / "comparison.html").read_text(encoding="utf-8")
    assert "What if" in page and "pause A" in page
    assert (tmp_path / "scenarios.csv").exists()


def test_capacity_and_json(tmp_path: Path) -> None:
    code, out = run("--capacity", "project_manager=+1", "--out", str(tmp_path), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    roles = {r["role"]: r for r in data[0]["roles"]}
    assert roles["project_manager"]["capacity_scenario"] == 4


def test_scenarios_file_side_by_side(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(
        '[scenarios.pause_a]\npause = ["A"]\n\n'
        "[scenarios.more_pm]\ncapacity = { project_manager = 1 }\n",
        encoding="utf-8",
    )
    code, out = run("--scenarios", str(scenarios), "--out", str(tmp_path / "out"))
    assert code == 0, out
    with (tmp_path / "out" / "scenarios.csv").open(encoding="utf-8") as handle:
        names = [row["scenario"] for row in csv.DictReader(handle)]
    assert names == ["baseline", "pause_a", "more_pm"]


def test_unknown_role_is_a_clear_error(tmp_path: Path) -> None:
    code, out = run("--capacity", "wizard=+2", "--out", str(tmp_path))
    assert code == 1
    assert "wizard" in out and "project_manager" in out
    assert "Traceback" not in out


def test_malformed_capacity_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("--capacity", "project_manager:2", "--out", str(tmp_path))
    assert code == 2
    assert "KEY=+N" in out


def test_unknown_project_is_named(tmp_path: Path) -> None:
    code, out = run("--pause", "ZZ9", "--out", str(tmp_path))
    assert code == 1
    assert "ZZ9" in out and "not in the register" in out


def test_edited_workbook_becomes_locks(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    base = CliRunner().invoke(
        cli,
        [
            "run",
            str(DATA / "optimiser_choice.csv"),
            "--config",
            str(DATA / "optimiser_choice.toml"),
            "--gap",
            "0",
            "--no-frontier",
            "--out",
            str(tmp_path / "run"),
        ],
    )
    assert base.exit_code == 0, base.output
    path = tmp_path / "run" / "decisions.xlsx"
    book = load_workbook(path)
    sheet = book["Decisions"]
    header = [cell.value for cell in sheet[1]]
    id_col, decision_col = header.index("id") + 1, header.index("decision") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, id_col).value == "A":
            sheet.cell(row, decision_col).value = "terminate"
    book.save(path)
    code, out = run("--from-workbook", str(path), "--out", str(tmp_path / "whatif"))
    assert code == 0, out
    assert "terminate A" in out
    assert "A: continue -> terminate (locked by the scenario)" in out


def test_a_budget_change_needs_a_financial_year_and_changes_must_be_finite() -> None:
    for option in (["--budget", "banana=+2"], ["--capacity", "ict=nan"], ["--capacity", "x=1e400"]):
        code, out = run(*option)
        assert code == 2, out
        assert "Invalid value for" in out and "bug" not in out


def test_a_scenario_naming_an_unknown_project_is_named(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.toml"
    path.write_text('[scenarios.typo]\npause = ["NOPE"]\n', encoding="utf-8")
    code, out = run("--scenarios", str(path), "--out", str(tmp_path))
    assert code == 1
    assert "scenario 'typo'" in out and "NOPE" in out
