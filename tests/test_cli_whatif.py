"""`prioritise whatif`: one scenario from options, many from a file, clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import cli
from outputs.stamp import RUN_COLUMN
from tests.inputs.workbooks import write_workbook

DATA = Path(__file__).parent / "data"
TINY = [str(DATA / "optimiser_choice.csv"), "--config", str(DATA / "optimiser_choice.toml")]
CHOICE = ["whatif", *TINY, "--gap", "0"]


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
    roles = {(r["role"], r["year"]): r for r in data[0]["roles"]}
    assert {roles[("project_manager", year)]["capacity_scenario"] for _, year in roles} == {4}


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


def _decisions_workbook(folder: Path) -> Path:
    """decisions.xlsx of the tiny choice register, as `prioritise run` writes it."""
    base = CliRunner().invoke(
        cli, ["run", *TINY, "--no-frontier", "--out", str(folder)], catch_exceptions=False
    )
    assert base.exit_code == 0, base.output
    return folder / "decisions.xlsx"


def _set_decisions(path: Path, changes: dict[str, str], copy_to: Path | None = None) -> Path:
    """Change decision cells by project id as a director would, and save (to a copy if given)."""
    book = load_workbook(path)
    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        if "Decision" not in header:
            continue
        id_col, decision_col = header.index("Project ref") + 1, header.index("Decision") + 1
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, id_col).value in changes:
                sheet.cell(row, decision_col).value = changes[sheet.cell(row, id_col).value]
    book.save(copy_to or path)
    return copy_to or path


def test_edited_workbook_becomes_locks(tmp_path: Path) -> None:
    path = _set_decisions(_decisions_workbook(tmp_path / "run"), {"A": "terminate"})
    code, out = run("--from-workbook", str(path), "--out", str(tmp_path / "whatif"))
    assert code == 0, out
    assert "Scenario 'edits in decisions.xlsx': terminate A" in out
    assert "A: continue -> terminate (locked by the scenario)" in out


def test_returns_from_two_directorates_are_merged(tmp_path: Path) -> None:
    exported = CliRunner().invoke(
        cli, ["export", *TINY, "--out", str(tmp_path / "returns")], catch_exceptions=False
    )
    assert exported.exit_code == 0, exported.output
    resources = _set_decisions(
        tmp_path / "returns" / "decisions-resources.xlsx", {"A": "terminate"}
    )
    place = _set_decisions(tmp_path / "returns" / "decisions-place.xlsx", {"C": "keep"})
    code, out = run(
        "--from-workbook",
        str(place),
        "--from-workbook",
        str(resources),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 0, out
    assert (
        "Scenario 'edits in decisions-place.xlsx, decisions-resources.xlsx': terminate A; keep C"
        in out
    )
    assert "A: continue -> terminate (locked by the scenario)" in out
    assert "C: pause -> continue (locked by the scenario)" in out
    with (tmp_path / "o" / "comparison.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert (rows["A"]["scenario_decision"], rows["C"]["scenario_decision"]) == (
        "terminate",
        "continue",
    )


def test_the_same_edit_in_two_returns_is_one_lock(tmp_path: Path) -> None:
    sent = _decisions_workbook(tmp_path / "run")
    first = _set_decisions(sent, {"A": "terminate"}, copy_to=tmp_path / "resources.xlsx")
    second = _set_decisions(sent, {"A": "terminate", "C": "keep"}, copy_to=tmp_path / "place.xlsx")
    code, out = run(
        "--from-workbook", str(first), "--from-workbook", str(second), "--out", str(tmp_path / "o")
    )
    assert code == 0, out
    assert "Scenario 'edits in resources.xlsx, place.xlsx': terminate A; keep C" in out


def test_returns_that_disagree_are_refused(tmp_path: Path) -> None:
    sent = _decisions_workbook(tmp_path / "run")
    first = _set_decisions(sent, {"A": "pause", "C": "keep"}, copy_to=tmp_path / "resources.xlsx")
    second = _set_decisions(sent, {"A": "terminate", "C": "keep"}, copy_to=tmp_path / "place.xlsx")
    ids = [cell.value for cell in load_workbook(sent)["Decisions"]["A"]]
    row = ids.index("A") + 1  # Excel numbers rows from 1
    out_folder = tmp_path / "whatif"
    code, out = run(
        "--from-workbook", str(first), "--from-workbook", str(second), "--out", str(out_folder)
    )
    assert code == 1, out
    for part in (
        f"place.xlsx, sheet 'Decisions', row {row}, column 'Decision' (C{row}), project A",
        'value "terminate"',
        f"the edit 'pause' in resources.xlsx, sheet 'Decisions', row {row} (C{row})",
        "Fix: agree one decision for A",
    ):
        assert part in out
    assert "project C" not in out and "Traceback" not in out
    assert not out_folder.exists()


def test_workbook_edits_need_the_register_they_came_from(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "decisions.xlsx",
        {"Decisions": [("id", "decision", "recommended"), ("A", "pause", "continue")]},
    )
    for config in ([], ["--config", str(DATA / "optimiser_choice.toml")]):
        result = CliRunner().invoke(
            cli, ["whatif", *config, "--from-workbook", str(path), "--out", str(tmp_path / "out")]
        )
        assert result.exit_code == 2, result.output
        assert "belong to the register it was exported from: give that REGISTER" in result.output
        assert "decisions.xlsx" in result.output and "Traceback" not in result.output
        assert not (tmp_path / "out").exists()


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


def test_scenarios_on_several_processes_match_one_process(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(
        '[scenarios.pause_a]\npause = ["A"]\n\n'
        "[scenarios.more_pm]\ncapacity = { project_manager = 1 }\n",
        encoding="utf-8",
    )
    tables = []
    for workers in ("1", "2"):
        out = tmp_path / f"on_{workers}"
        code, text = run("--scenarios", str(scenarios), "--workers", workers, "--out", str(out))
        assert code == 0, text
        tables.append(pd.read_csv(out / "scenarios.csv").drop(columns=RUN_COLUMN))
    pd.testing.assert_frame_equal(tables[0], tables[1])
    assert "pause_a" in set(tables[0]["scenario"])


def test_an_unreachable_dask_scheduler_is_one_clear_line(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(
        '[scenarios.pause_a]\npause = ["A"]\n\n[scenarios.pause_b]\npause = ["B"]\n',
        encoding="utf-8",
    )
    code, out = run("--scenarios", str(scenarios), "--dask", "tcp://127.0.0.1:9")
    assert code == 1
    assert "no Dask scheduler answered at tcp://127.0.0.1:9" in out and "Fix:" in out
    assert "Traceback" not in out


def test_a_scenario_that_cannot_fit_is_named_in_the_error(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(
        '[scenarios.pause_a]\npause = ["A"]\n\n[scenarios.keep_both]\nkeep = ["A", "D"]\n',
        encoding="utf-8",
    )
    code, out = run("--scenarios", str(scenarios), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "scenario 'keep_both'" in out and "Traceback" not in out
