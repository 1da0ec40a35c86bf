"""Projects that must go together: both proceed or neither, explained and shown in the checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from dependencies.findings import FindingKind
from dependencies.graph import TOGETHER
from inputs import read_register
from inputs.decisions import Lock, Mode
from inputs.errors import LockError, RegisterError
from tests.reset.registers import config_text, register_text, run_rows, yearly

SINGLE_PERIOD = '[optimiser]\nschedule = "whole_horizon"\n'
"""Nothing moves in time: C cannot run faster in one year to make room for A and B in the next."""
# A (270 a year expected) needs B (no value of its own) alongside it; C is worth 180 a year.
ROWS = [
    {"id": "A", "name": "Social care contracts", "together_with": "B"} | yearly(300),
    {"id": "B", "name": "Third party spend", "directorate": "Resources"},
    {"id": "C", "name": "Other saving"} | yearly(200),
]


def test_a_pair_proceeds_together_when_it_is_worth_its_people(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(capacity=2, extra=SINGLE_PERIOD))
    plan = dict(zip(run.problem.ids, run.result.plan.tolist(), strict=True))
    assert plan["A"] != Mode.STOP and plan["B"] != Mode.STOP
    assert plan["C"] == Mode.STOP  # alone it would be worth less than A with B
    by_id = run.result.by_id()
    assert "goes together with A" in by_id["B"].reason
    assert "goes together with B" in by_id["A"].reason


def test_a_pair_that_does_not_fit_stops_whole_and_says_why(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(capacity=1))
    plan = dict(zip(run.problem.ids, run.result.plan.tolist(), strict=True))
    assert plan["A"] == plan["B"] == Mode.STOP
    assert plan["C"] != Mode.STOP
    reason = run.result.by_id()["A"].reason
    assert "it goes together with B, which do not proceed either" in reason
    assert "+2.0 FTE of project_manager" in reason  # the pair needs 2; C has the 1 there is


def test_a_named_group_proceeds_whole_or_not_at_all(tmp_path: Path) -> None:
    gemini = [
        {"id": f"G{k}", "name": f"Gemini part {k}", "together_group": "Gemini"} | yearly(100 * k)
        for k in (1, 2, 3)
    ]
    for capacity in (1, 2, 3, 4):
        run = run_rows(tmp_path, [*gemini, ROWS[2]], config_text(capacity=capacity))
        plan = dict(zip(run.problem.ids, run.result.plan.tolist(), strict=True))
        modes = {plan[g] != Mode.STOP for g in ("G1", "G2", "G3")}
        assert len(modes) == 1, capacity
    assert modes == {True}
    (finding,) = [f for f in run.checks.findings if f.kind is FindingKind.TOGETHER]
    assert finding.project_ids == ("G1", "G2", "G3")
    assert "3 projects proceed together or not at all" in finding.message
    edges = [(a, b) for a, b, kind in run.checks.graph.edges(keys=True) if kind == TOGETHER]
    assert edges == [("G1", "G2"), ("G2", "G3")]


def test_a_group_with_a_clash_inside_is_flagged(tmp_path: Path) -> None:
    rows = [ROWS[0] | {"conflicts_with": "B"}, *ROWS[1:]]
    run = run_rows(tmp_path, rows, config_text(capacity=3))
    (finding,) = [f for f in run.checks.findings if f.kind is FindingKind.TOGETHER]
    assert finding.severity.value == "high"
    assert "A and B clash, so none of them can proceed" in finding.message
    assert run.result.plan[:2].tolist() == [Mode.STOP, Mode.STOP]


def test_stopping_the_partner_of_mandatory_work_is_refused(tmp_path: Path) -> None:
    rows = [ROWS[0] | {"mandatory": "yes"}, *ROWS[1:]]
    refused = r"B .* is locked to pause but must proceed: it is tied to A \(mandatory\)"
    with pytest.raises(LockError, match=refused):
        run_rows(tmp_path, rows, config_text(capacity=3), locks={"B": Lock.PAUSE})


def test_an_unknown_partner_is_a_register_error(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(register_text([ROWS[0] | {"together_with": "Z9"}]), encoding="utf-8")
    with pytest.raises(RegisterError) as error:
        read_register(path)
    assert "names project 'Z9', which is not in the register" in str(error.value)
    assert "together_with" in str(error.value)


def test_a_partner_locked_to_stop_is_named_as_the_reason(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(capacity=3), locks={"A": Lock.PAUSE})
    reason = run.result.by_id()["B"].reason
    assert "it goes together with A ('Social care contracts'), locked to pause in this" in reason
    assert "squeezed" not in reason and "more value from other work" not in reason


def test_a_prerequisite_is_paused_or_terminated_by_the_work_it_enables(tmp_path: Path) -> None:
    """E has no value of its own but D, worth more than the median, needs it: stopping both,
    E is paused as D is (a pause of D that can resume needs E to resume too)."""
    rows = [
        {"id": "D", "name": "Valuable", "depends_on": "E"} | yearly(900),
        {"id": "E", "name": "Enabler", "delivery_risk": 5, "complexity": 5},
        {"id": "F", "name": "Filler"} | yearly(10),
        {"id": "G", "name": "Other"} | yearly(20),
    ]
    run = run_rows(tmp_path, rows, config_text(capacity=4), locks={"D": Lock.PAUSE})
    by_id = run.result.by_id()
    assert by_id["D"].decision.value == "pause"
    e = by_id["E"]
    assert e.rank == by_id["D"].rank + 1  # ranked with D
    # E proceeds or pauses with D's worth; never terminated on its own low score
    assert e.decision.value != "terminate"
