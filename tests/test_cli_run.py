"""`prioritise run`: files written, locks, and clear errors instead of tracebacks."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from inputs import sample_register_path
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def small(*args: str) -> tuple[int, str]:
    return run("run", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG), "--gap", "0", *args)


def decisions(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "decisions.csv").open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_run_writes_decisions_and_summary(tmp_path: Path) -> None:
    code, out = small("--out", str(tmp_path))
    assert code == 0, out
    assert "4 projects decided" in out
    assert "proven optimal" in out
    assert set(decisions(tmp_path)) == {"INF1", "DIG1", "DIG2", "SC1"}
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["projects"] == 4


def test_lock_keep_swaps_the_rival(tmp_path: Path) -> None:
    code, out = small("--out", str(tmp_path), "--lock", "DIG2=keep", "--solver", "highs")
    assert code == 0, out
    rows = decisions(tmp_path)
    assert rows["DIG2"]["decision"] == "continue"
    assert rows["DIG2"]["reason_code"] == "locked"
    assert rows["DIG1"]["decision"] in ("pause", "terminate")
    assert rows["DIG1"]["reason_code"] == "conflict"


def test_lock_on_mandatory_project_is_refused_clearly(tmp_path: Path) -> None:
    code, out = small("--out", str(tmp_path), "--lock", "INF1=pause")
    assert code == 1
    assert "INF1" in out and "mandatory" in out and "Fix:" in out
    assert "Traceback" not in out


def test_lock_naming_unknown_project(tmp_path: Path) -> None:
    code, out = small("--out", str(tmp_path), "--lock", "NOPE=pause")
    assert code == 1
    assert "NOPE" in out and "not in the register" in out


def test_malformed_lock_is_a_usage_error(tmp_path: Path) -> None:
    code, out = small("--out", str(tmp_path), "--lock", "DIG1-pause")
    assert code == 2
    assert "ID=DECISION" in out


def test_mandatory_work_over_capacity_names_the_role(tmp_path: Path) -> None:
    config = tmp_path / "tight.toml"
    config.write_text(
        SMALL_CONFIG.read_text(encoding="utf-8").replace("ict = 1.5", "ict = 0.5"),
        encoding="utf-8",
    )
    code, out = run(
        "run", str(SMALL_REGISTER), "--config", str(config), "--out", str(tmp_path / "out")
    )
    assert code == 1
    assert "No plan fits" in out and "ict" in out and "INF1" in out
    assert "Traceback" not in out


def test_json_format_prints_the_summary(tmp_path: Path) -> None:
    code, out = small("--out", str(tmp_path), "--format", "json", "--no-frontier")
    assert code == 0
    summary = json.loads(out)
    assert summary["counts"]["continue"] >= 1
    assert summary["frontier"] == []


def test_run_on_the_sample_decides_every_row(tmp_path: Path) -> None:
    code, out = run("run", "--out", str(tmp_path), "--solver", "highs", "--no-frontier")
    assert code == 0, out
    rows = decisions(tmp_path)
    with sample_register_path().open(encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert sorted(rows) == sorted(ids)
    assert {row["decision"] for row in rows.values()} == {
        "accelerate",
        "continue",
        "pause",
        "terminate",
    }


def test_run_writes_the_workbook(tmp_path: Path) -> None:
    code, out = small("--out", str(tmp_path), "--no-frontier")
    assert code == 0, out
    assert (tmp_path / "decisions.xlsx").exists()
    assert "decisions.xlsx" in out


def test_export_writes_one_workbook_per_directorate(tmp_path: Path) -> None:
    code, out = run(
        "export", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG), "--out", str(tmp_path)
    )
    assert code == 0, out
    assert "Wrote 3 workbook(s) by directorate" in out
    assert len(list(tmp_path.glob("*.xlsx"))) == 3
    code, out = run(
        "export",
        str(SMALL_REGISTER),
        "--config",
        str(SMALL_CONFIG),
        "--by",
        "programme",
        "--single-file",
        "--out",
        str(tmp_path / "one"),
    )
    assert code == 0, out
    assert len(list((tmp_path / "one").glob("*.xlsx"))) == 1


def test_run_without_config_asks_for_one(tmp_path: Path) -> None:
    code, out = run("run", str(SMALL_REGISTER), "--out", str(tmp_path))
    assert code == 2
    assert "--config" in out and "[capacity]" in out


def test_run_with_no_roles_and_no_gap(tmp_path: Path) -> None:
    config = tmp_path / "loose.toml"
    config.write_text(
        'years = ["2024/25", "2025/26"]\n[budget_gap]\n"2024/25" = 0\n"2025/26" = 0\n'
        '[capacity]\n[budget]\n"2024/25" = 500\n"2025/26" = 500\n',
        encoding="utf-8",
    )
    code, out = run(
        "run", str(SMALL_REGISTER), "--config", str(config), "--out", str(tmp_path / "out")
    )
    assert code == 0, out
    assert "4 projects decided: 0 accelerate" in out  # no gap: nothing to bring forward for
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "No roles are limited" in page
