"""Each governance route fires on its own rule and not otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs.decisions import Lock
from inputs.errors import LockError
from reset.governance import EQIA_NEEDED, Body
from reset.run import ResetRun
from tests.reset.registers import config_text, run_rows, yearly

ROOMY = config_text(capacity=10, budget=9000)


def _route(run: ResetRun, project_id: str) -> tuple[tuple[Body, ...], str, str]:
    i = run.problem.index()[project_id]
    route = run.governance.routes[i]
    return route.bodies, "; ".join(route.reasons), route.eqia


def test_a_plain_in_flight_project_is_signed_off_by_its_directorate(tmp_path: Path) -> None:
    run = run_rows(tmp_path, [{"id": "A", "name": "Plain"} | yearly(100)], ROOMY)
    assert _route(run, "A") == ((Body.DIRECTORATE,), "", "")
    assert run.governance.counts()[Body.DIRECTORATE.value] == 1


def test_significant_changes_need_the_committee(tmp_path: Path) -> None:
    rows = [
        {"id": "BIG", "name": "Costly start", "status": "pipeline", "stage": "business_case"}
        | {"cost_2024_25": 501},
        {"id": "SMALL", "name": "Cheap start", "status": "pipeline", "stage": "business_case"}
        | {"cost_2024_25": 500},
        {"id": "WARDS", "name": "Three wards", "status": "pipeline", "wards": 3},
        {"id": "TWO", "name": "Two wards", "status": "pipeline", "wards": 2},
        {"id": "SERVICE", "name": "Service change", "status": "pipeline", "service_impact": "yes"},
        # continuing in-flight work as planned changes nothing: never significant
        {"id": "RUNNING", "name": "Big and running", "cost_2024_25": 900, "wards": 9},
    ]
    run = run_rows(tmp_path, [r | yearly(50) for r in rows], ROOMY)
    for project_id in ("BIG", "WARDS", "SERVICE"):
        assert _route(run, project_id)[0][-1] is Body.COMMITTEE, project_id
    assert "budget impact £501k, over £500k" in _route(run, "BIG")[1]
    assert "3 wards affected, more than 2" in _route(run, "WARDS")[1]
    assert "substantial impact on service delivery" in _route(run, "SERVICE")[1]
    for project_id in ("SMALL", "TWO", "RUNNING"):
        assert Body.COMMITTEE not in _route(run, project_id)[0], project_id
    stopped = run_rows(
        tmp_path, [r | yearly(50) for r in rows], ROOMY, locks={"RUNNING": Lock.PAUSE}
    )
    assert _route(stopped, "RUNNING")[0][-1] is Body.COMMITTEE  # pausing it is a change


def test_digital_work_goes_to_the_digital_board(tmp_path: Path) -> None:
    rows = [
        {"id": "D1", "name": "Portal", "programme": "Digital"},
        {"id": "D2", "name": "Servers", "fte_ict": 2, "fte_project_manager": 1},
        {"id": "N", "name": "Not digital", "fte_ict": 0.5, "fte_project_manager": 1},
    ]
    run = run_rows(tmp_path, [r | yearly(50) for r in rows], ROOMY)
    assert _route(run, "D1")[0] == (Body.DIRECTORATE, Body.DIGITAL)
    assert "Digital board: Digital programme" in _route(run, "D1")[1]
    assert "67% of its FTE is ict" in _route(run, "D2")[1]
    assert _route(run, "N")[0] == (Body.DIRECTORATE,)


def test_cross_cutting_and_escalated_projects_go_to_the_board(tmp_path: Path) -> None:
    rows = [
        {"id": "A", "name": "Adults work", "depends_on": "R"},
        {"id": "R", "name": "Resources work", "directorate": "Resources"},
        {"id": "S", "name": "Same directorate", "depends_on": "A"},
        {"id": "P1", "name": "Pool one", "benefit_pool": "care", "directorate": "Place"},
        {"id": "P2", "name": "Pool two", "benefit_pool": "care"},
        {"id": "E", "name": "Escalated"},
    ]
    config = config_text(capacity=10, budget=9000, extra='[governance]\nescalated = ["E"]\n')
    run = run_rows(tmp_path, [r | yearly(50) for r in rows], config)
    assert _route(run, "A")[0][-1] is Body.BOARD
    assert "depends on R (Resources)" in _route(run, "A")[1]
    assert "is needed by A (Adults)" in _route(run, "R")[1]
    assert "shares savings with P2 (Adults)" in _route(run, "P1")[1]
    assert "escalated by its directorate" in _route(run, "E")[1]
    assert Body.BOARD not in _route(run, "S")[0]  # its link stays inside Adults


def test_an_eqia_is_needed_before_stopping_a_service_affecting_project(tmp_path: Path) -> None:
    rows = [
        {"id": f"{status}-{eqia or 'blank'}", "name": "Day centre", "service_impact": "yes"}
        | {"eqia": eqia}
        for status in ("keep", "stop")
        for eqia in ("done", "needed", "", "not_needed")
    ]
    locks = {r["id"]: Lock.PAUSE for r in rows if r["id"].startswith("stop")}
    run = run_rows(tmp_path, [r | yearly(50) for r in rows], ROOMY, locks=locks)
    flagged = {r["id"] for r in rows if _route(run, str(r["id"]))[2] == EQIA_NEEDED}
    assert flagged == {"stop-needed", "stop-blank"}
    assert run.governance.service_impact_known
    plain = run_rows(tmp_path, [{"id": "A", "name": "A"} | yearly(10)], ROOMY)
    assert not plain.governance.service_impact_known


def test_unknown_ids_and_roles_in_the_config_are_refused(tmp_path: Path) -> None:
    rows = [{"id": "A", "name": "A"} | yearly(10)]
    escalated = config_text(extra='[governance]\nescalated = ["Z9"]\n')
    with pytest.raises(LockError, match=r"\[governance\] escalated names 1 project id"):
        run_rows(tmp_path, rows, escalated)
    roles = config_text(extra="[optimiser]\nbusiness_case_fte = { analyst = 0.5 }\n")
    with pytest.raises(LockError, match=r"business_case_fte names role\(s\) with no capacity"):
        run_rows(tmp_path, rows, roles)
