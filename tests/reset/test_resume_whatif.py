"""What-ifs in time: a pause that must end in a given year, and people added in one year."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cli import cli
from inputs import read_config, read_register
from inputs.decisions import Decision, Lock
from inputs.errors import LockError
from inputs.scenarios import Scenario
from outputs.reset_files import format_run_text
from outputs.run_tables import RunTables
from reset.decide import Choices, build_choices_problem
from reset.prepare import prepare
from reset.run import run_reset
from reset.whatif import run_scenario
from tests.reset.registers import EXACT, config_text, register_text, run_rows, yearly

# P and Q each need 1 project manager in both years; capacity 2 runs both as planned.
ROWS = [
    {"id": "P", "name": "Care review"} | yearly(100),
    {"id": "Q", "name": "Fees review"} | yearly(60),
    {"id": "M", "name": "Statutory returns", "mandatory": "yes", "fte_project_manager": 0},
]


def test_a_resume_lock_pauses_now_and_restarts_in_its_year(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(capacity=2))
    assert run.result.by_id()["P"].decision is Decision.CONTINUE
    (tmp_path / "register.csv").write_text(register_text(ROWS), encoding="utf-8")
    config = read_config(tmp_path / "config.toml")
    register = read_register(tmp_path / "register.csv", config=config)
    resumed = run_reset(
        register, config, Choices(resume={"P": "2025/26"}), EXACT, frontier=False, core=False
    )
    p = resumed.result.by_id()["P"]
    assert p.decision is Decision.PAUSE and p.resume_year == "2025/26"
    assert p.action_text == "pause, resume 2025/26"
    assert p.start_year == p.end_year == "2025/26"  # its second year falls past the horizon
    assert "Paused until 2025/26: locked to resume 2025/26 in this scenario" in p.reason
    assert "£90k of its benefits fall after 2025/26" in p.reason  # 100 x 0.9 (delivery stage)
    index = resumed.problem.index()["P"]
    assert resumed.result.chosen.benefit[index, 0] == 0
    assert resumed.result.chosen.benefit[index, 1] == pytest.approx(90)


def _prepared(tmp_path: Path, extra: str = ""):
    (tmp_path / "register.csv").write_text(register_text(ROWS), encoding="utf-8")
    (tmp_path / "config.toml").write_text(config_text(capacity=2, extra=extra), encoding="utf-8")
    config = read_config(tmp_path / "config.toml")
    return prepare(read_register(tmp_path / "register.csv", config=config), config)


@pytest.mark.parametrize(
    ("resume", "message"),
    [
        ({"P": "2024/25"}, "cannot resume P in 2024/25"),
        ({"M": "2025/26"}, "M is mandatory, so it cannot pause"),
        ({"X": "2025/26"}, "resume names 1 project id"),
    ],
)
def test_a_resume_that_cannot_be_planned_is_refused(
    tmp_path: Path, resume: dict[str, str], message: str
) -> None:
    prepared = _prepared(tmp_path)
    with pytest.raises(LockError, match=message):
        build_choices_problem(prepared, Choices(resume=resume))


def test_a_resume_and_a_lock_on_one_project_are_refused(tmp_path: Path) -> None:
    prepared = _prepared(tmp_path)
    with pytest.raises(LockError, match="locked to pause and asked to resume in 2025/26"):
        build_choices_problem(prepared, Choices(locks={"P": Lock.PAUSE}, resume={"P": "2025/26"}))


def test_a_single_period_plan_cannot_resume(tmp_path: Path) -> None:
    prepared = _prepared(tmp_path, '[optimiser]\nschedule = "whole_horizon"\n')
    with pytest.raises(LockError, match='schedule = "by_year"'):
        build_choices_problem(prepared, Choices(resume={"P": "2025/26"}))


def test_capacity_added_in_one_year_changes_only_that_year(tmp_path: Path) -> None:
    prepared = _prepared(tmp_path)
    plain = build_choices_problem(prepared, Choices())
    more = build_choices_problem(prepared, Choices(capacity={"project_manager@2025/26": 1.5}))
    np.testing.assert_allclose(more.capacity - plain.capacity, [[0, 1.5]])
    every = build_choices_problem(prepared, Choices(capacity={"project_manager": 1}))
    np.testing.assert_allclose(every.capacity - plain.capacity, [[1, 1]])
    with pytest.raises(LockError, match="unknown role or year 2030/31"):
        build_choices_problem(prepared, Choices(capacity={"project_manager@2030/31": 1}))


def test_a_scenario_file_resumes_and_adds_people_by_year(tmp_path: Path) -> None:
    prepared = _prepared(tmp_path)
    scenario = Scenario.model_validate(
        {
            "name": "later",
            "resume": {"P": "2025-26"},
            "capacity": {"project_manager@2025-26": 1},
        }
    )
    assert scenario.describe() == "resume P in 2025/26; project_manager +1 FTE in 2025/26"
    comparison = run_scenario(prepared.register, prepared.config, scenario, EXACT)
    changed = comparison.changes.set_index("id")
    assert changed.loc["P", "scenario_decision"] == "pause, resume 2025/26"
    assert changed.loc["P", "cause"] == "locked by the scenario"
    roles = comparison.roles.set_index(["role", "year"])
    assert roles.loc[("project_manager", "2025/26"), "capacity_scenario"] == 3
    assert roles.loc[("project_manager", "2024/25"), "capacity_scenario"] == 2


def test_whatif_command_takes_resume_and_capacity_in_a_year(tmp_path: Path) -> None:
    (tmp_path / "register.csv").write_text(register_text(ROWS), encoding="utf-8")
    (tmp_path / "config.toml").write_text(config_text(capacity=2), encoding="utf-8")
    args = ["whatif", str(tmp_path / "register.csv"), "--config", str(tmp_path / "config.toml")]
    result = CliRunner().invoke(
        cli,
        [
            *args,
            "--resume",
            "P=2025/26",
            "--capacity",
            "project_manager@2025/26=+1",
            "--gap",
            "0",
            "--format",
            "json",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    (comparison,) = json.loads(result.output)
    assert comparison["changes_asked"] == "resume P in 2025/26; project_manager +1 FTE in 2025/26"
    (p,) = [row for row in comparison["changed_projects"] if row["id"] == "P"]
    assert p["scenario_decision"] == "pause, resume 2025/26"
    bad = CliRunner().invoke(cli, [*args, "--resume", "P=next year"])
    assert bad.exit_code == 2 and "e.g. SC5=2026/27" in bad.output


def test_the_terminal_names_the_pauses_that_resume_and_the_years_money_binds(
    tmp_path: Path,
) -> None:
    (tmp_path / "register.csv").write_text(register_text(ROWS), encoding="utf-8")
    (tmp_path / "config.toml").write_text(config_text(capacity=2), encoding="utf-8")
    config = read_config(tmp_path / "config.toml")
    register = read_register(tmp_path / "register.csv", config=config)
    run = run_reset(
        register, config, Choices(resume={"P": "2025/26"}), EXACT, frontier=False, core=False
    )
    text = format_run_text(RunTables(run))
    assert "Pauses that resume: 1 (1 in 2025/26)" in text
    costly = [row | {"cost_2024_25": 60, "cost_2025_26": 60} for row in ROWS[:2]]
    tight = run_rows(tmp_path, costly, config_text(capacity=2, budget=100))
    assert "Money binds in: budget 2024/25, budget 2025/26" in format_run_text(RunTables(tight))
