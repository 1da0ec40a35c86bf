"""Named failure fixtures: contradictory locks and forced work that cannot fit are refused in
words that name the projects, the limit and the fix, never as a solver's status dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs.decisions import Lock
from inputs.errors import InfeasibleError, LockError, OptimiserError
from optimiser.feasibility import forced_projects
from optimiser.problem import Problem
from tests.optimiser.tiny import build, config_text, decisions, solve

ONE_YEAR = {"2024/25": 1000}
# M1 and M2 are mandatory; M1 needs P1; M2 clashes with N1.
REGISTER = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25,cost_2024_25,fte_project_manager,delivery_risk,complexity,mandatory,depends_on,conflicts_with
M1,Cyber controls,Resources,in_flight,delivery,enabler,0,100,1,2,2,yes,P1,
M2,Safeguarding system,Children,pipeline,delivery,enabler,0,100,1.5,2,2,yes,,
P1,Identity platform,Resources,pipeline,delivery,enabler,0,100,0.5,3,3,no,,
N1,Legacy case system upgrade,Children,in_flight,delivery,cashable,300,50,0.5,1,1,no,,M2
"""


def _problem(
    folder: Path,
    register: str = REGISTER,
    capacity: float = 4,
    budget: float = 1000,
    locks: dict[str, Lock] | None = None,
    optimiser: str = "score_weight = 0",
) -> Problem:
    config = config_text(
        ONE_YEAR, {"project_manager": capacity}, {"2024/25": budget}, optimiser=optimiser
    )
    return build(folder, register, config, locks)


@pytest.fixture
def mandatory_locked_to_pause(tmp_path: Path) -> Problem:
    return _problem(tmp_path, locks={"M2": Lock.PAUSE})


@pytest.fixture
def prerequisite_of_mandatory_locked_to_terminate(tmp_path: Path) -> Problem:
    return _problem(tmp_path, locks={"P1": Lock.TERMINATE})


@pytest.fixture
def mandatory_projects_in_conflict(tmp_path: Path) -> Problem:
    return _problem(tmp_path, register=REGISTER.replace("no,,M2", "yes,,M2"))


@pytest.fixture
def mandatory_demand_above_capacity(tmp_path: Path) -> Problem:
    # M1 1 + P1 0.5 (its prerequisite) + M2 1.5 = 3 FTE of 2.5
    return _problem(tmp_path, capacity=2.5)


@pytest.fixture
def mandatory_spend_above_budget(tmp_path: Path) -> Problem:
    # M1 100 + P1 100 + M2 100 = £300k of £250k, plus N1's £40k restart cost (it is paused)
    return _problem(tmp_path, budget=250, optimiser="score_weight = 0\nrestart_costs = { N1 = 40 }")


def test_the_clean_register_solves(tmp_path: Path) -> None:
    # N1 clashes with mandatory M2, so it stops even with room to spare
    result = solve(_problem(tmp_path))
    assert decisions(result) == {
        "N1": "pause",
        "M1": "continue",
        "M2": "continue",
        "P1": "continue",
    }
    assert result.by_id()["P1"].reason_code == "needed"
    assert result.by_id()["N1"].reason_code == "conflict"


def test_prerequisites_of_mandatory_work_are_forced_too(tmp_path: Path) -> None:
    problem = _problem(tmp_path)
    forced = {problem.ids[i]: why for i, why in forced_projects(problem).items()}
    assert forced == {"M1": "mandatory", "M2": "mandatory", "P1": "needed by M1 (mandatory)"}


def test_a_mandatory_project_locked_to_pause_is_refused(mandatory_locked_to_pause: Problem) -> None:
    with pytest.raises(LockError) as error:
        solve(mandatory_locked_to_pause)
    message = str(error.value)
    assert "M2 ('Safeguarding system') is locked to pause but must proceed" in message
    assert "it is mandatory" in message
    assert "Fix:" in message


def test_the_prerequisite_of_mandatory_work_locked_to_terminate_is_refused(
    prerequisite_of_mandatory_locked_to_terminate: Problem,
) -> None:
    with pytest.raises(LockError) as error:
        solve(prerequisite_of_mandatory_locked_to_terminate, "cbc")
    message = str(error.value)
    assert "P1 ('Identity platform') is locked to terminate" in message
    assert "needed by M1 (mandatory)" in message


def test_the_prerequisite_of_kept_work_locked_to_pause_is_refused(tmp_path: Path) -> None:
    register = REGISTER.replace("0.5,1,1,no,,M2", "0.5,1,1,no,P1,")
    problem = _problem(tmp_path, register=register, locks={"N1": Lock.KEEP, "P1": Lock.PAUSE})
    with pytest.raises(LockError, match=r"P1 .* needed by N1 \(locked to keep\)"):
        solve(problem)


def test_two_mandatory_projects_in_conflict_are_refused(
    mandatory_projects_in_conflict: Problem,
) -> None:
    with pytest.raises(InfeasibleError) as error:
        solve(mandatory_projects_in_conflict)
    message = str(error.value)
    assert "M2 (mandatory) and N1 (mandatory) must both proceed but conflict" in message
    assert "Fix:" in message


def test_kept_work_in_conflict_with_mandatory_work_is_refused(tmp_path: Path) -> None:
    problem = _problem(tmp_path, locks={"N1": Lock.KEEP})
    with pytest.raises(InfeasibleError, match=r"M2 \(mandatory\) and N1 \(locked to keep\)"):
        solve(problem)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_mandatory_demand_above_capacity_names_the_role_the_shortfall_and_the_fix(
    mandatory_demand_above_capacity: Problem, solver: str
) -> None:
    with pytest.raises(InfeasibleError) as error:
        solve(mandatory_demand_above_capacity, solver)
    message = str(error.value)
    assert message.startswith("No plan fits")
    assert (
        "capacity project_manager: the projects that must proceed need 0.5 FTE more than the "
        "2.5 FTE available; largest users: M2 (1.5 FTE), M1 (1.0 FTE), P1 (0.5 FTE)"
    ) in message
    assert "Fix: raise the limit in the config ([capacity]" in message
    for dump in ("status", "highs", "cbc", "Traceback", "infeasible"):
        assert dump not in message.lower()


def test_mandatory_spend_above_budget_names_the_year_and_the_exit_costs(
    mandatory_spend_above_budget: Problem,
) -> None:
    with pytest.raises(InfeasibleError) as error:
        solve(mandatory_spend_above_budget)
    message = str(error.value)
    # 300 of investment and N1's 40 to restart (it clashes with M2) against 250
    assert (
        "budget 2024/25: the projects that must proceed need £90k more than the £250k available "
        "(including £40k of exit and restart costs)"
    ) in message
    assert "[budget]" in message


def test_every_refusal_is_an_optimiser_error_and_a_value_error() -> None:
    assert issubclass(LockError, OptimiserError)
    assert issubclass(InfeasibleError, OptimiserError)
    assert issubclass(OptimiserError, ValueError)
