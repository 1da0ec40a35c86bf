"""A pause that resumes, counted from the project's own planned start, and held to the rules:
work that must start now keeps what it needs, nothing resumes past the horizon, the route and
the freed figures see it, and a director's workbook edit of it comes back as meant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from inputs import read_config, read_register
from inputs.decisions import Decision, Lock, Mode
from inputs.errors import LockError, WorkbookError
from optimiser.evaluate import evaluate
from outputs.run_tables import RunTables
from outputs.workbook import write_decisions_workbook
from outputs.workbook_edits import read_decision_locks
from reset.decide import Choices
from reset.run import ResetRun, run_reset
from tests.reset.registers import EXACT, register_text

YEARS = ("2024/25", "2025/26", "2026/27")


def three_years(capacity: float = 5, budget: int = 5000) -> str:
    years = ", ".join(f'"{y}"' for y in YEARS)
    per_year = "".join(f'"{y}" = {{}}\n' for y in YEARS)
    return (
        f'name = "Test council"\nyears = [{years}]\n'
        + "[budget_gap]\n"
        + per_year.format(*[1000] * 3)
        + f"[capacity]\nproject_manager = {capacity}\n"
        + "[budget]\n"
        + per_year.format(*[budget] * 3)
    )


def benefits(amount: float) -> dict[str, float]:
    return {f"benefit_{y.replace('/', '_')}": amount for y in YEARS}


def costs(*amounts: float) -> dict[str, float]:
    return {f"cost_{y.replace('/', '_')}": a for y, a in zip(YEARS, amounts, strict=True)}


def run(tmp_path: Path, rows: list[dict], choices: Choices, config: str | None = None) -> ResetRun:
    (tmp_path / "register.csv").write_text(register_text(rows), encoding="utf-8")
    (tmp_path / "config.toml").write_text(config or three_years(), encoding="utf-8")
    settings = read_config(tmp_path / "config.toml")
    register = read_register(tmp_path / "register.csv", config=settings)
    return run_reset(register, settings, choices, EXACT, frontier=False, core=False)


# N is new work planned for 2025/26-2026/27 (its costed years); P is in flight.
ROWS = [
    {"id": "N", "name": "New hub", "status": "pipeline"} | benefits(100) | costs(0, 50, 50),
    {"id": "P", "name": "Care review"} | benefits(200) | costs(20, 20, 20),
]


def test_a_pause_counts_from_the_projects_planned_start(tmp_path: Path) -> None:
    resumed = run(tmp_path, ROWS, Choices(resume={"N": "2026/27"}))
    n = resumed.result.by_id()["N"]
    assert (n.decision, n.resume_year, n.start_year) == (Decision.PAUSE, "2026/27", "2026/27")
    assert resumed.result.plan[resumed.problem.index()["N"]] == Mode.LATER_1  # a year late
    assert "Paused until 2026/27" in n.reason
    with pytest.raises(LockError, match="N starts in 2025/26 as planned, so it cannot resume"):
        run(tmp_path, ROWS, Choices(resume={"N": "2025/26"}))


def test_the_restart_cost_falls_in_the_year_the_project_resumes(tmp_path: Path) -> None:
    config = three_years() + "[optimiser]\nrestart_costs = { N = 30 }\n"
    resumed = run(tmp_path, ROWS, Choices(resume={"N": "2026/27"}), config)
    n = resumed.problem.index()["N"]
    np.testing.assert_allclose(resumed.result.chosen.cost[n], [0, 0, 50 + 30])


def test_nothing_resumes_after_the_horizon(tmp_path: Path) -> None:
    late = [ROWS[0] | costs(0, 0, 50), ROWS[1]]  # N runs in 2026/27 only
    plain = run(tmp_path, late, Choices())
    n = plain.problem.index()["N"]
    assert not plain.problem.runs[n, :2].any()
    assert not any(Mode(m).delay for m in [plain.result.plan[n]])
    plan = plain.result.plan.copy()
    plan[n] = Mode.LATER_1  # would start after 2026/27: nothing of it left in the horizon
    assert any("N is later_1 but cannot be" in v for v in evaluate(plain.problem, plan).violations)


def test_work_that_must_start_now_keeps_its_prerequisite_now(tmp_path: Path) -> None:
    rows = [ROWS[1], {"id": "D", "name": "Duty", "mandatory": "yes", "depends_on": "P"}]
    with pytest.raises(LockError, match=r"P \('Care review'\) is locked to resume 2025/26 but "):
        run(tmp_path, rows, Choices(resume={"P": "2025/26"}))
    with pytest.raises(LockError, match="it is needed by D \\(mandatory\\)"):
        run(tmp_path, rows, Choices(resume={"P": "2025/26"}))
    partners = [ROWS[1], {"id": "T", "name": "Twin", "together_with": "P"}]
    with pytest.raises(LockError, match="it is tied to T \\(locked to continue\\)"):
        run(tmp_path, partners, Choices(locks={"T": Lock.CONTINUE}, resume={"P": "2025/26"}))


def test_new_work_started_after_a_pause_goes_to_committee_when_it_is_big(tmp_path: Path) -> None:
    big = [ROWS[0] | costs(0, 400, 400), ROWS[1]]  # £800k of investment: a committee decision
    resumed = run(tmp_path, big, Choices(resume={"N": "2026/27"}))
    route = resumed.governance.routes[resumed.problem.index()["N"]]
    assert route.route.value == "committee approval"
    assert "budget impact" in "; ".join(route.reasons)


def test_a_pause_that_resumes_frees_its_people_until_it_does(tmp_path: Path) -> None:
    resumed = run(tmp_path, ROWS, Choices(resume={"P": "2025/26"}))
    p = resumed.problem.index()["P"]
    freed = resumed.result.chosen.freed_fte[p].sum(axis=0)  # over roles, by year
    np.testing.assert_allclose(freed, [1, 0, 0])  # its project manager in 2024/25 only
    np.testing.assert_allclose(resumed.result.chosen.freed_cost[p], [20, 0, 0])


def test_a_workbook_edit_of_a_pause_that_resumes(tmp_path: Path) -> None:
    resumed = run(tmp_path, ROWS, Choices(resume={"P": "2025/26"}))
    path = write_decisions_workbook(RunTables(resumed), tmp_path / "decisions.xlsx")
    book = load_workbook(path)
    sheet = book["Decisions"]
    header = [cell.value for cell in sheet[1]]
    decision, recommended = header.index("Decision") + 1, header.index("Recommended") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "P")
    assert sheet.cell(row, decision).value == "pause, resume 2025/26"
    assert sheet.cell(row, recommended).value == "pause, resume 2025/26"
    assert read_decision_locks(path) == {}  # left as recommended: no edit
    sheet.cell(row, decision).value = "pause"  # paused for the whole horizon instead
    book.save(path)
    assert read_decision_locks(path) == {"P": Lock.PAUSE}
    sheet.cell(row, decision).value = "pause, resume 2026/27"
    book.save(path)
    with pytest.raises(WorkbookError) as refused:
        read_decision_locks(path)
    (problem,) = refused.value.problems
    assert "prioritise whatif --resume P=YEAR" in problem.fix


def test_a_pause_resumes_one_to_nine_years_later() -> None:
    with pytest.raises(ValueError, match="1 to 9 years later, not 0"):
        Mode.later(0)
    assert Mode.later(9) is Mode.LATER_9 and Mode.LATER_9.delay == 9
