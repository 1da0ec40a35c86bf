"""build_problem: the register, scores and config as the arrays the integer program reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from inputs.decisions import Decision, Lock
from inputs.errors import LockError
from optimiser.problem import Problem, scaled, shift_forward
from tests.optimiser.tiny import build, config_text, edit

# Three years, default confidence (idea 0.5, business case 0.8, delivery 0.9) and type shares.
# Scores on risk alone: P1 75, P2 50, P3 0, P4 50, P5 100; the median is 50.
REGISTER = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25_low,benefit_2024_25_high,benefit_2025_26_low,benefit_2025_26_high,benefit_2026_27_low,benefit_2026_27_high,cost_2024_25,cost_2025_26,cost_2026_27,fte_project_manager,fte_ict,delivery_risk,complexity,in_mtfs,depends_on,conflicts_with
P1,Case system,Adults,pipeline,business_case,cashable,0,0,100,300,200,200,50,30,0,1,0.5,2,2,no,,
P2,Reviews,Adults,in_flight,delivery,cost_avoidance,100,100,100,100,100,100,0,0,0,2,,3,3,no,P1,
P3,New depot,Place,pipeline,idea,cashable,0,0,0,0,400,400,10,0,0,1,,5,5,no,,P4
P4,Fleet review,Place,in_flight,idea,cashable,0,0,100,100,0,0,0,0,0,1,,1,5,no,,
P5,Network refresh,Resources,pipeline,delivery,enabler,,,,,,,100,0,0,,,1,1,no,,
"""
GAP = {"2024/25": 100, "2025/26": 200, "2026/27": 300}
CAPACITY = {"project_manager": 4, "ict": 2}
BUDGET = {"2024/25": 500, "2025/26": 500, "2026/27": 500}


def _problem(
    tmp_path: Path,
    optimiser: str = "",
    register: str = REGISTER,
    scoring: str = "",
    locks: dict[str, Lock] | None = None,
) -> Problem:
    config = config_text(GAP, CAPACITY, BUDGET, optimiser=optimiser, extra=scoring)
    return build(tmp_path, register, config, locks)


def test_rows_follow_the_register_and_columns_the_config(tmp_path: Path) -> None:
    problem = _problem(tmp_path)
    assert problem.ids == ("P1", "P2", "P3", "P4", "P5")
    assert problem.years == ("2024/25", "2025/26", "2026/27")
    assert problem.roles == ("ict", "project_manager")  # sorted
    assert_allclose(problem.score, [75, 50, 0, 50, 100])
    assert_allclose(problem.capacity, [[2] * 3, [4] * 3])  # every year
    assert_allclose(problem.budget, [500, 500, 500])
    assert_allclose(problem.gap, [100, 200, 300])
    assert problem.in_flight.tolist() == [False, True, False, True, False]
    assert problem.requires.tolist() == [[1, 0]]  # P2 needs P1
    assert problem.conflicts.tolist() == [[2, 3]]


def test_gap_benefit_is_the_range_point_times_confidence_times_type_share(
    tmp_path: Path,
) -> None:
    problem = _problem(tmp_path)
    # P1 business case 0.8 x cashable 1: 2025/26 (100 + 0.5 x 200) x 0.8 = 160; 2026/27 200 x 0.8
    assert_allclose(problem.gain[0], [0, 160, 160])
    # P2 delivery 0.9 x cost avoidance 0.5: 100 x 0.45
    assert_allclose(problem.gain[1], [45, 45, 45])
    # P3 idea 0.5 x cashable 1 = 200 in 2026/27, but a new complex idea is initiated business
    # case first: its benefits come a year later, past the horizon
    assert_allclose(problem.gain[2], [0, 0, 0])
    assert_allclose(problem.gain[4], [0, 0, 0])  # enabler: no new money
    # low / high on the expected figure's basis (confidence x type share), so it lies inside
    assert_allclose(problem.low[0], [0, 80, 160])
    assert_allclose(problem.high[0], [0, 240, 160])
    assert_allclose(problem.low[1], [45, 45, 45])


def test_range_point_moves_the_expected_benefit_within_the_range(tmp_path: Path) -> None:
    problem = _problem(tmp_path, scoring="[scoring]\nrange_point = 0.25\n")
    assert_allclose(problem.gain[0], [0, (100 + 0.25 * 200) * 0.8, 160])


def test_benefits_already_in_the_mtfs_are_not_new_money_but_protect_the_budget(
    tmp_path: Path,
) -> None:
    problem = _problem(tmp_path, register=edit(REGISTER, "P2", in_mtfs="yes"))
    assert_allclose(problem.gain[1], [0, 0, 0])
    assert_allclose(problem.low[1], [0, 0, 0])
    # what the budget relies on: delivery 0.9 x cost avoidance 0.5 x 100, every year
    assert_allclose(problem.mtfs[1], [45, 45, 45])
    assert_allclose(problem.target, problem.gap + 45)
    assert_allclose(problem.mtfs.sum(axis=0), [45, 45, 45])  # nobody else is in the MTFS


def test_the_discount_rule_counts_mtfs_benefits_as_a_share_of_new_money(tmp_path: Path) -> None:
    scoring = '[scoring]\nmtfs_rule = "discount"\nin_mtfs_factor = 0.5\n'
    problem = _problem(tmp_path, register=edit(REGISTER, "P2", in_mtfs="yes"), scoring=scoring)
    assert_allclose(problem.gain[1], [22.5, 22.5, 22.5])
    assert_allclose(problem.mtfs, 0)
    assert_allclose(problem.target, problem.gap)


def test_blank_costs_are_zero_and_a_project_without_fte_takes_the_median_total(
    tmp_path: Path,
) -> None:
    problem = _problem(tmp_path)
    assert_allclose(problem.cost[0], [50, 30, 0])
    assert_allclose(problem.fte[0], [0.5, 1])
    assert_allclose(problem.fte[1], [0, 2])  # a blank fte_ict beside a given FTE is 0
    # P5 gives no FTE: the median total of (1.5, 2, 1, 1) is 1.25, split as the portfolio's
    # 5.5 FTE are: ict 0.5 / 5.5, project manager 5 / 5.5
    assert_allclose(problem.fte[4], [1.25 * 0.5 / 5.5, 1.25 * 5 / 5.5])


def test_acceleration_brings_benefits_and_costs_one_year_earlier(tmp_path: Path) -> None:
    problem = _problem(tmp_path)
    assert_allclose(problem.gain_acc[0], [160, 160, 0])
    # the first year absorbs what would fall before it: 45 + 45
    assert_allclose(problem.gain_acc[1], [90, 45, 0])
    assert_allclose(problem.low_acc[0], [80, 160, 0])
    assert_allclose(problem.high_acc[0], [240, 160, 0])
    # costs (50, 30, 0) -> (80, 0, 0), times the default cost factor 1.25
    assert_allclose(problem.cost_acc[0], [100, 0, 0])
    # FTE times the default factor 1.5
    assert_allclose(problem.fte_acc[0], [0.75, 1.5])
    assert_allclose(problem.fte_acc[1], [0, 3])


def test_acceleration_settings_change_the_shift_and_the_factors(tmp_path: Path) -> None:
    optimiser = """
    accelerate_years = 2
    accelerate_cost_factor = 2
    accelerate_fte_factor = 1.2
    accelerate_factors = { P1 = 3 }
    """
    problem = _problem(tmp_path, optimiser=optimiser)
    assert_allclose(problem.gain_acc[0], [320, 0, 0])  # both later years land in the first
    assert_allclose(problem.cost_acc[0], [160, 0, 0])  # (50 + 30) x 2
    assert_allclose(problem.fte_acc[0], [1.5, 3])  # P1's own factor 3
    assert_allclose(problem.fte_acc[1], [0, 2.4])  # everyone else 1.2


def test_shift_forward_keeps_the_total_and_piles_early_amounts_into_year_one() -> None:
    values = np.array([[1.0, 2.0, 3.0, 4.0]])
    assert_allclose(shift_forward(values, 1), [[3, 3, 4, 0]])
    assert_allclose(shift_forward(values, 3), [[10, 0, 0, 0]])


def test_who_may_be_accelerated(tmp_path: Path) -> None:
    problem = _problem(tmp_path)
    allowed = dict(zip(problem.ids, problem.can_accelerate.tolist(), strict=True))
    notes = dict(zip(problem.ids, problem.accelerate_note, strict=True))
    assert allowed == {"P1": True, "P2": True, "P3": False, "P4": True, "P5": False}
    # P3: new, complexity 5, only an idea
    assert "complex or costly" in notes["P3"]
    assert "stage idea" in notes["P3"]
    assert "business case" in notes["P3"]
    # P4 is just as complex and only an idea, but already in flight
    assert notes["P4"] == "benefits can be brought forward"
    # P5 has nothing after the first year to bring forward
    assert "no gap-closing benefits after the first year" in notes["P5"]


def test_a_costly_new_project_needs_a_business_case_to_be_accelerated(tmp_path: Path) -> None:
    # 300 + 200 = 500 of investment reaches costly_from (500), at stage deep dive
    costly = edit(REGISTER, "P1", stage="deep_dive", cost_2024_25="300", cost_2025_26="200")
    problem = _problem(tmp_path, register=costly)
    assert not problem.can_accelerate[0]
    assert "stage deep_dive" in problem.accelerate_note[0]
    cheaper = _problem(tmp_path, register=edit(costly, "P1", cost_2025_26="199"))
    assert cheaper.can_accelerate[0]


def test_the_stage_rule_follows_its_settings(tmp_path: Path) -> None:
    problem = _problem(tmp_path, optimiser='accelerate_min_stage = "idea"')
    assert problem.can_accelerate[2]
    problem = _problem(
        tmp_path, optimiser="complex_from = 5.0", register=edit(REGISTER, "P3", complexity="4")
    )
    assert problem.can_accelerate[2]


def test_a_lock_to_accelerate_overrides_the_stage_rule(tmp_path: Path) -> None:
    problem = _problem(tmp_path, locks={"P3": Lock.ACCELERATE})
    assert problem.can_accelerate[2]
    assert "accelerated anyway by a lock" in problem.accelerate_note[2]
    assert problem.locks == {2: Lock.ACCELERATE}


def test_a_lock_to_accelerate_without_later_benefits_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LockError, match=r"P5 is locked to accelerate.*Fix:"):
        _problem(tmp_path, locks={"P5": Lock.ACCELERATE})


def test_locks_from_the_config_and_the_call_are_merged_the_call_winning(tmp_path: Path) -> None:
    optimiser = '[optimiser.locks]\nP1 = "pause"\nP2 = "keep"\n'
    problem = _problem(tmp_path, optimiser=optimiser, locks={"P2": Lock.TERMINATE})
    assert problem.locks == {0: Lock.PAUSE, 1: Lock.TERMINATE}


@pytest.mark.parametrize(
    ("optimiser", "locks", "where"),
    [
        ("", {"P9": Lock.PAUSE, "p1": Lock.KEEP}, "locks"),
        ('[optimiser.locks]\nNOPE = "keep"\n', None, "locks"),
        ("accelerate_factors = { P9 = 2 }", None, "accelerate_factors"),
        ("exit_costs = { P9 = 10 }", None, "exit_costs"),
        ("restart_costs = { P9 = 10 }", None, "restart_costs"),
    ],
)
def test_settings_naming_unknown_projects_are_refused(
    tmp_path: Path, optimiser: str, locks: dict[str, Lock] | None, where: str
) -> None:
    with pytest.raises(LockError, match=where) as error:
        _problem(tmp_path, optimiser=optimiser, locks=locks)
    message = str(error.value)
    assert "not in the register" in message
    assert ("NOPE" if "NOPE" in optimiser else "P9") in message
    assert "Fix:" in message


def test_ids_are_case_sensitive_in_locks(tmp_path: Path) -> None:
    with pytest.raises(LockError, match=r"2 project id\(s\).*P9, p1"):
        _problem(tmp_path, locks={"P9": Lock.PAUSE, "p1": Lock.KEEP})


def test_stopping_pauses_at_or_above_the_median_score_by_default(tmp_path: Path) -> None:
    problem = _problem(tmp_path)
    assert problem.pause_min_score == 50  # median of 75, 50, 0, 50, 100
    assert problem.stop_decision == (
        Decision.PAUSE,  # 75
        Decision.PAUSE,  # 50: at the threshold
        Decision.TERMINATE,  # 0
        Decision.PAUSE,  # 50
        Decision.PAUSE,  # 100
    )


def test_stopping_follows_pause_min_score_and_locks(tmp_path: Path) -> None:
    problem = _problem(
        tmp_path,
        optimiser="pause_min_score = 60",
        locks={"P5": Lock.TERMINATE, "P3": Lock.PAUSE},
    )
    assert problem.pause_min_score == 60
    assert problem.stop_decision == (
        Decision.PAUSE,  # 75
        Decision.TERMINATE,  # 50 < 60
        Decision.PAUSE,  # 0, but locked to pause
        Decision.TERMINATE,  # 50
        Decision.TERMINATE,  # 100, but locked to terminate
    )


def test_exit_costs_apply_to_terminated_and_restart_costs_to_paused_in_year_one(
    tmp_path: Path,
) -> None:
    optimiser = "exit_costs = { P1 = 99, P3 = 20 }\nrestart_costs = { P1 = 15, P3 = 77 }"
    problem = _problem(tmp_path, optimiser=optimiser)
    # P1 (75) would be paused, P3 (0) terminated
    assert_allclose(problem.stop_cost[0], [15, 0, 0])
    assert_allclose(problem.stop_cost[2], [20, 0, 0])
    assert_allclose(problem.stop_cost[[1, 3, 4]], 0)


def test_external_capacity_costs_its_day_rate_over_the_working_year(tmp_path: Path) -> None:
    optimiser = """
    working_days = 200
    [optimiser.external]
    ict = { day_rate = 550, max_fte = 1.5 }
    """
    problem = _problem(tmp_path, optimiser=optimiser)
    assert_allclose(problem.external_max[:, 0], [1.5, 0])  # ict, project_manager
    assert_allclose(problem.external_cost, [550 * 200 / 1000, 0])  # £110k per FTE-year
    assert problem.external_budget is None  # charged to [budget]


def test_a_transformation_budget_funds_external_capacity_by_year(tmp_path: Path) -> None:
    optimiser = """
    [optimiser.external]
    project_manager = { day_rate = 500, max_fte = 1 }
    [optimiser.transformation_budget]
    "2025-26" = 80
    """
    problem = _problem(tmp_path, optimiser=optimiser)
    assert_allclose(problem.external_cost, [0, 110])  # 500 x 220 days / 1000
    assert problem.external_budget is not None
    assert_allclose(problem.external_budget, [0, 80, 0])


def test_benefit_pools_carry_their_rule_and_caps(tmp_path: Path) -> None:
    register = edit(edit(REGISTER, "P1", benefit_pool="asc"), "P2", benefit_pool="asc")
    scoring = """
    [dependencies]
    overlap_rule = "sum_capped"
    [dependencies.pool_caps]
    asc = { "2025/26" = 150 }
    """
    problem = _problem(tmp_path, register=register, scoring=scoring)
    (pool,) = problem.pools
    assert pool.name == "asc"
    assert pool.members.tolist() == [0, 1]
    assert pool.rule == "sum_capped"
    assert_allclose(pool.cap, [np.nan, 150, np.nan])


def test_scaled_multiplies_every_capacity_and_budget(tmp_path: Path) -> None:
    problem = scaled(_problem(tmp_path), capacity=1.5, budget=0.5)
    assert_allclose(problem.capacity[:, 0], [3, 6])
    assert_allclose(problem.budget, [250, 250, 250])


def test_locks_may_be_plain_strings_in_any_case(tmp_path: Path) -> None:
    problem = _problem(tmp_path, locks={"P1": " Pause", "P2": "KEEP"})  # type: ignore[dict-item]
    assert problem.locks == {0: Lock.PAUSE, 1: Lock.KEEP}


def test_a_lock_that_is_not_a_decision_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LockError, match=r"lock 'stop' for P1 is not a decision.*keep"):
        _problem(tmp_path, locks={"P1": "stop"})  # type: ignore[dict-item]


def test_a_new_complex_idea_continues_business_case_first(tmp_path: Path) -> None:
    """P3 (pipeline, idea, complexity 5): the business case (25 £k, 0.2 PM and 0.5 BA) in the
    first year, then its own costs, FTE and benefits a year later."""
    problem = _problem(tmp_path)
    assert problem.business_case_first.tolist() == [False, False, True, False, False]
    assert_allclose(problem.cost[2], [25, 10, 0])  # its 10 in 2024/25 moves to 2025/26
    assert_allclose(problem.fte[2], [0, 1])  # delivery's 1 PM covers the case's 0.2
    assert_allclose(problem.gain_acc[2], [0, 200, 0])  # a lock could still accelerate it
    plain = _problem(tmp_path, optimiser="business_case_first = false")
    assert not plain.business_case_first.any()
    assert_allclose(plain.gain[2], [0, 0, 200])
    assert_allclose(plain.cost[2], [10, 0, 0])


def test_mandatory_and_proven_work_starts_delivery_at_once(tmp_path: Path) -> None:
    register = edit(edit(REGISTER, "P3", mandatory="yes"), "P1", complexity="5")
    problem = _problem(tmp_path, register=register)
    assert not problem.business_case_first[2]  # mandatory
    assert not problem.business_case_first[0]  # P1 has its business case
