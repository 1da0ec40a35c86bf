"""What-if: locks and extra capacity re-optimised and compared, agreeing with a manual re-run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from inputs import read_config, read_register
from inputs.decisions import Lock
from inputs.scenarios import Scenario
from optimiser.solve import SolverOptions
from outputs.comparison_files import format_comparison_text
from reset.decide import Choices
from reset.run import run_reset
from reset.whatif import compare_scenarios, run_scenario

DATA = Path(__file__).parents[1] / "data"
EXACT = SolverOptions("highs", time_limit=10, gap_rel=0.0)


@pytest.fixture(scope="module")
def choice():
    """A 2, B 1, C 1, D 3 FTE against 3 FTE; the best plan is A + B (800 of a 1000 gap)."""
    config = read_config(DATA / "optimiser_choice.toml")
    return read_register(DATA / "optimiser_choice.csv", config=config), config


@pytest.fixture(scope="module")
def baseline(choice):
    register, config = choice
    return run_reset(register, config, options=EXACT, frontier=False, core=False)


def decisions(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {d.id: d.decision.value for d in run.result.decisions}


def test_baseline_is_the_hand_worked_plan(baseline) -> None:
    proceeding = {k for k, v in decisions(baseline).items() if v in ("continue", "accelerate")}
    assert proceeding == {"A", "B"}
    assert baseline.result.benefit[0] == pytest.approx(800)


def test_pausing_a_frees_room_for_d(choice, baseline) -> None:
    register, config = choice
    comparison = run_scenario(
        register, config, Scenario(name="pause A", pause=("A",)), EXACT, baseline
    )
    after = decisions(comparison.run)
    assert after["A"] == "pause"
    assert after["D"] == "continue"  # D alone (700) beats B + C (550)
    changes = comparison.changes.set_index("id")
    assert changes.loc["A", "cause"] == "locked by the scenario"
    assert changes.loc["A", "baseline_decision"] == "continue"
    assert changes.loc["D", "scenario_decision"] == "continue"
    assert changes.loc["D", "cause"] == (
        "starts: uses 3.00 FTE of project_manager in 2024/25 that pausing A and pausing B freed"
    )
    assert changes.loc["B", "cause"] == (
        "stopped: its 1.00 FTE of project_manager in 2024/25 go to D (continue)"
    )
    years = comparison.years.iloc[0]
    assert years["benefit_baseline_k"] == pytest.approx(800)
    assert years["benefit_scenario_k"] == pytest.approx(700)
    assert years["benefit_change_k"] == pytest.approx(-100)
    assert comparison.objective_change == pytest.approx(-10)


def test_more_capacity_closes_the_gap(choice, baseline) -> None:
    register, config = choice
    scenario = Scenario(name="one more PM", pause=("A",), capacity={"project_manager": 1})
    comparison = run_scenario(register, config, scenario, EXACT, baseline)
    assert comparison.run.result.benefit[0] == pytest.approx(1000)  # D + B
    roles = comparison.roles.set_index(["role", "year"])
    first = comparison.run.result.years[0]
    assert roles.loc[("project_manager", first), "capacity_scenario"] == pytest.approx(4)
    assert roles.loc[("project_manager", first), "fte_change"] == pytest.approx(1)


def test_whatif_agrees_with_a_manual_rerun_with_the_same_locks(choice, baseline) -> None:
    register, config = choice
    scenario = Scenario(name="keep D", keep=("D",))
    comparison = run_scenario(register, config, scenario, EXACT, baseline)
    manual = run_reset(
        register, config, Choices(locks={"D": Lock.KEEP}), EXACT, frontier=False, core=False
    )
    assert np.array_equal(comparison.run.result.plan, manual.result.plan)
    assert comparison.run.result.objective == pytest.approx(manual.result.objective)
    assert decisions(comparison.run)["D"] == "continue"


def test_knock_on_through_a_prerequisite(tmp_path: Path) -> None:
    config = read_config(DATA / "optimiser_choice.toml")
    text = (DATA / "optimiser_choice.csv").read_text(encoding="utf-8")
    text = text.replace("mandatory\n", "mandatory,depends_on\n", 1)
    lines = text.splitlines()
    lines = [lines[0]] + [line + (",A" if line.startswith("B,") else ",") for line in lines[1:]]
    path = tmp_path / "chain.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    register = read_register(path, config=config)
    comparison = run_scenario(register, config, Scenario(name="pause A", pause=("A",)), EXACT)
    changes = comparison.changes.set_index("id")
    assert changes.loc["B", "cause"] == "knock-on: needs A"
    assert comparison.dependants_hit() == ["B"]


def test_side_by_side_has_a_row_per_scenario(choice, baseline) -> None:
    register, config = choice
    comparisons = [
        run_scenario(register, config, Scenario(name=name, pause=(pid,)), EXACT, baseline)
        for name, pid in (("pause A", "A"), ("pause B", "B"))
    ]
    table = compare_scenarios(comparisons)
    assert table["scenario"].tolist() == ["baseline", "pause A", "pause B"]
    assert table.loc[0, "objective"] == pytest.approx(80)
    assert "coverage_2024/25" in table.columns


def test_one_project_given_two_decisions_is_refused() -> None:
    with pytest.raises(ValueError, match="two decisions"):
        Scenario(name="muddled", pause=("A",), keep=("A",)).check_locks()


def test_a_lock_the_plan_already_meets_is_said_so(choice, baseline) -> None:
    register, config = choice
    comparison = run_scenario(
        register, config, Scenario(name="keep B", keep=("B",)), EXACT, baseline
    )
    assert comparison.changes.empty
    assert comparison.already() == ["B is already continuing in the recommended plan"]


def test_a_whatif_reports_the_change_in_the_odds(choice, baseline) -> None:
    register, config = choice
    comparison = run_scenario(register, config, Scenario(name="pause A", pause=("A",)), EXACT)
    years = comparison.years
    base, new = comparison.baseline.odds, comparison.run.odds
    assert years["p_closed_baseline"].tolist() == base.p_closed.tolist()
    assert years["p_closed_scenario"].tolist() == new.p_closed.tolist()
    np.testing.assert_allclose(years["p_closed_change"], new.p_closed - base.p_closed)
    text = format_comparison_text(comparison)
    assert "chance of closing it" in text


def test_a_project_started_by_extra_people_says_so(choice, baseline) -> None:
    register, config = choice
    scenario = Scenario(name="more", capacity={"project_manager": 1})
    comparison = run_scenario(register, config, scenario, EXACT, baseline)
    changes = comparison.changes.set_index("id")
    assert changes.loc["C", "cause"] == (
        "starts: uses 1.00 FTE of project_manager in 2024/25 that the what-if adds"
    )
