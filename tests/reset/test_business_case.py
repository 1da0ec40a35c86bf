"""Business case before delivery: new complex or costly work without one starts a year later."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from inputs import load_sample
from inputs.decisions import Action, Lock, Mode
from optimiser.build import unproven
from outputs.run_tables import RunTables
from reset.run import run_reset
from tests.reset.registers import EXACT, config_text, run_rows

COSTLY = {"status": "pipeline", "cost_2024_25": 600, "benefit_2025_26_low": 300}
ROWS = [
    {"id": "B", "name": "Costly idea", "stage": "idea"} | COSTLY,
    {"id": "P", "name": "Costly with a case", "stage": "business_case"} | COSTLY,
    {"id": "F", "name": "Costly in flight", "stage": "idea"} | COSTLY | {"status": "in_flight"},
]
ROOMY = config_text(capacity=5)


def test_a_costly_idea_is_initiated_business_case_first(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, ROOMY)
    result = run.result
    by_id = result.by_id()
    assert {k: by_id[k].action for k in "BPF"} == {
        "B": Action.BUSINESS_CASE_FIRST,
        "P": Action.INITIATE,
        "F": Action.CONTINUE,
    }
    b = run.problem.index()["B"]
    # the case (25 £k) in 2024/25, its 600 £k a year later; its 2025/26 benefit (300 x idea
    # 0.5) falls past the horizon
    assert result.chosen.cost[b].tolist() == pytest.approx([25, 600])
    assert result.chosen.benefit[b].tolist() == pytest.approx([0, 0])
    reason = by_id["B"].reason
    assert reason.startswith("Business case first:")
    assert "business case in 2024/25 (£25k)" in reason
    assert "£150k of its benefits fall after 2025/26" in reason
    frame = RunTables(run).decisions.set_index("id")
    assert frame.loc["B", "action"] == "initiate: business case first"
    assert frame.loc["B", "decision"] == "continue"


def test_a_lock_to_accelerate_starts_delivery_at_once(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, ROOMY, locks={"B": Lock.ACCELERATE})
    decision = run.result.by_id()["B"]
    assert decision.action is Action.INITIATE_ACCELERATED
    assert "Business case first" not in decision.reason


def test_the_rule_can_be_switched_off(tmp_path: Path) -> None:
    config = config_text(capacity=5, extra="[optimiser]\nbusiness_case_first = false\n")
    run = run_rows(tmp_path, ROWS, config)
    assert run.result.by_id()["B"].action is Action.INITIATE
    b = run.problem.index()["B"]
    assert run.result.chosen.cost[b].tolist() == pytest.approx([600, 0])


def test_no_unproven_complex_or_costly_project_starts_delivery_in_year_one() -> None:
    register, config = load_sample()
    run = run_reset(register, config, options=EXACT, frontier=False, stability=False, core=False)
    gated = unproven(run.portfolio) & ~run.portfolio.mandatory
    assert gated.sum() >= 10
    result, case = run.result, config.optimiser.business_case_cost
    started = gated & (result.plan == Mode.CONTINUE)
    assert started.any()
    assert (result.chosen.cost[started, 0] <= case + 1e-9).all()
    assert np.allclose(result.chosen.benefit[started, 0], 0)
    assert np.allclose(result.chosen.mtfs[started, 0], 0)
    # nothing unproven is accelerated without a lock
    assert not (gated & (result.plan == Mode.ACCELERATE)).any()


def test_an_mtfs_project_delayed_by_its_business_case_puts_that_year_at_risk(
    tmp_path: Path,
) -> None:
    """The budget holds its savings from the first year; a business case first delays them."""
    rows = [
        {"id": "M", "name": "MTFS idea", "stage": "idea", "in_mtfs": "yes"}
        | COSTLY
        | {"benefit_2024_25_low": 200, "benefit_2025_26_low": 200}
    ]
    run = run_rows(tmp_path, rows, ROOMY)
    result = run.result
    assert result.by_id()["M"].action is Action.BUSINESS_CASE_FIRST
    # idea 0.5 x cashable 1 x 200: 100 a year budgeted; delivered a year later, 2024/25 is lost
    assert run.problem.mtfs_planned.tolist() == pytest.approx([100, 100])
    assert result.mtfs_at_risk.tolist() == pytest.approx([100, 0])
    assert result.chosen.mtfs_at_risk[0].tolist() == pytest.approx([100, 0])
    paused = run_rows(tmp_path, rows, ROOMY, locks={"M": Lock.PAUSE}).result
    assert "removes £100k a year (£200k over 2 years)" in paused.by_id()["M"].reason
