"""The command line: exit codes, text and JSON, and no traceback for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from cli import cli
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

BAD = "id,name,directorate,status,cost_2025_26\nA1,One,Place,pipeline,#REF!\nA1,Two,,live,5\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_validate_usable_register() -> None:
    code, out = run("validate", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG))
    assert code == 0
    assert "small_register.csv: usable, 4 projects (0 errors, 0 warnings)" in out


def test_validate_bad_register_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    code, out = run("validate", str(path))
    assert code == 1
    assert "NOT usable (3 errors" in out
    assert "bad.csv, row 2, column 'cost_2025_26' (E2)" in out
    assert "Traceback" not in out


def test_validate_bad_register_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    code, out = run("validate", str(path), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["usable"] is False
    assert [(p["row"], p["column"]) for p in report["problems"]] == [
        (2, "cost_2025_26"),
        (3, "directorate"),
        (3, "id"),
    ]


def test_warnings_never_fail(tmp_path: Path) -> None:
    path = tmp_path / "warn.csv"
    path.write_text("id,name,directorate,status,RAG\nA1,One,Place,pipeline,Red\n")
    code, out = run("validate", str(path))
    assert code == 0
    assert "Warnings:" in out


def test_missing_register_file(tmp_path: Path) -> None:
    code, out = run("validate", str(tmp_path / "absent.csv"))
    assert code == 1
    assert "file not found" in out


def test_bad_config_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('years = ["2024/25"]\nbudgetgap = 1\n')
    code, out = run("validate", str(SMALL_REGISTER), "--config", str(path))
    assert code == 1
    assert "key 'budgetgap': value \"1\" is not a config key" in out
    assert "did you mean 'budget_gap'?" in out
    assert "Traceback" not in out


def test_schema_is_json_schema() -> None:
    code, out = run("schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["title"] == "Register"
    assert "Project" in schema["$defs"]
    project = schema["$defs"]["Project"]
    assert set(project["required"]) == {"id", "name", "directorate", "status"}
    code, out = run("schema", "--what", "config")
    assert json.loads(out)["additionalProperties"] is False


def test_template_writes_a_workbook(tmp_path: Path) -> None:
    out_path = tmp_path / "blank.xlsx"
    code, out = run("template", str(out_path), "--config", str(SMALL_CONFIG))
    assert code == 0, out
    book = load_workbook(out_path)
    assert book.sheetnames == ["Register", "Notes"]
    headers = [cell.value for cell in book["Register"][1]]
    assert headers[:4] == ["id", "name", "directorate", "status"]
    assert "fte_ict" in headers and "align_fair" in headers and "benefit_2025_26_high" in headers


def test_template_pool_column_takes_names(tmp_path: Path) -> None:
    out_path = tmp_path / "blank.xlsx"
    code, out = run("template", str(out_path), "--config", str(SMALL_CONFIG))
    assert code == 0, out
    sheet = load_workbook(out_path)["Register"]
    pool = next(cell for cell in sheet[1] if cell.value == "benefit_pool")
    cell = f"{pool.column_letter}2"
    covering = [rule for rule in sheet.data_validations.dataValidation if cell in rule.sqref]
    assert covering == [], [rule.type for rule in covering]


def test_template_needs_xlsx_name(tmp_path: Path) -> None:
    code, out = run("template", str(tmp_path / "blank.csv"))
    assert code == 2
    assert ".xlsx" in out


def test_score_sample_prints_ranking_and_writes_csv(tmp_path: Path) -> None:
    out_path = tmp_path / "ranked.csv"
    code, out = run("score", "--top", "5", "--out", str(out_path))
    assert code == 0, out
    assert "Weights (direct)" in out
    assert "5 of 570 projects shown; 'with': a prerequisite ranks with the best" in out
    assert "stability from 1000 draws (seed 2024)" in out
    # PL8 needs DIG-0224, which ranks with it
    row = next(line for line in out.splitlines() if " DIG-0224 " in line)
    assert row.rstrip().endswith("PL8")
    ranked = out_path.read_text().splitlines()
    assert len(ranked) == 571
    assert ranked[0].startswith("rank,id,name,score,mission_alignment_score")
    assert ",ranked_with" in ranked[0]


def test_score_register_without_config(tmp_path: Path) -> None:
    code, out = run("score", str(SMALL_REGISTER), "--no-stability")
    assert code == 0, out
    assert "4 of 4 projects shown" in out


def test_score_unusable_register(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    code, out = run("score", str(path))
    assert code == 1
    assert "bad.csv, row 2, column 'cost_2025_26' (E2)" in out
    assert "prioritise validate" in out
