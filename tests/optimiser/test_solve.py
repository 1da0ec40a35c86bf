"""optimise: the hand-computed best plan on tiny registers, every rule kept, every reason right.

The configs set score_weight = 0, so the objective is 100 x the share of the gap closed and
each best plan can be found by listing the few plans that fit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from inputs.decisions import Decision, Lock, Mode
from optimiser.evaluate import evaluate
from optimiser.problem import Problem
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions, optimise
from optimiser.solvers import SolveStatus
from tests.optimiser.tiny import DATA, build, config_text, data_problem, decisions, edit, solve

ONE_YEAR = {"2024/25": 1000}
TWO_YEARS = {"2024/25": 500, "2025/26": 500}
AMPLE = {"2024/25": 1000, "2025/26": 1000}
CHOICE_CSV = (DATA / "optimiser_choice.csv").read_text(encoding="utf-8")
CHOICE_TOML = (DATA / "optimiser_choice.toml").read_text(encoding="utf-8")


def _checked(problem: Problem, solver: str = "highs") -> OptimisationResult:
    """Solve, and confirm the plan breaks no rule when judged independently of the solver."""
    result = solve(problem, solver)
    assert evaluate(problem, result.plan).violations == ()
    return result


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_capacity_forces_a_choice_and_the_best_plan_is_chosen(solver: str) -> None:
    # 3 FTE: A + B close 800 (objective 80); D alone 700, A + C 750, B + C 550
    result = _checked(data_problem("choice"), solver)
    assert decisions(result) == {"B": "continue", "C": "pause", "A": "continue", "D": "terminate"}
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(80)
    assert result.gap_rel == pytest.approx(0, abs=1e-9)
    assert_allclose(result.benefit, [800])
    assert_allclose(result.shortfall, [200])
    assert_allclose(result.fte_used, [[3]])
    assert_allclose(result.spend, [100])
    assert_allclose(result.plan, [1, 1, 0, 0])  # register order A, B, C, D


def test_result_counts_freed_fte_and_coverage() -> None:
    result = _checked(data_problem("choice"))
    assert result.counts() == {"accelerate": 0, "continue": 2, "pause": 1, "terminate": 1}
    # D is in flight (3 FTE) and stops; C is stopped too, but it had not started
    assert_allclose(result.fte_freed, [[3]])
    assert_allclose(result.fte_demand, [[7]])
    assert_allclose(result.coverage(), [0.8])
    assert [p.id for p in result.decisions] == ["B", "C", "A", "D"]  # rank order
    assert list(result.to_frame()["decision"]) == ["continue", "pause", "continue", "terminate"]


def test_stopped_projects_are_squeezed_naming_the_role_and_the_fte_they_need() -> None:
    result = _checked(data_problem("choice"))
    by_id = result.by_id()
    # C scores 87.5, above the median 81.25: paused; D scores 50: terminated
    assert by_id["C"].reason_code == "squeezed"
    assert by_id["C"].reason.startswith("Paused (worthwhile: score 87.5")
    assert "capacity project_manager" in by_id["C"].reason
    assert "+1.0 FTE of project_manager" in by_id["C"].reason
    assert by_id["D"].reason.startswith("Terminated (nice to have: score 50.0")
    assert "+3.0 FTE of project_manager" in by_id["D"].reason
    (binding,) = by_id["D"].details["binding"]
    assert binding["limit"] == "capacity project_manager"
    assert binding["short_by"] == pytest.approx(3)
    assert by_id["A"].reason_code == "priority"
    assert "closing about £500k of the gap" in by_id["A"].reason
    assert by_id["A"].reason.startswith("Initiated: rank 3")


def test_the_capacity_limit_is_binding_and_priced() -> None:
    result = _checked(data_problem("choice"))
    capacity = next(limit for limit in result.limits if limit.kind == "capacity")
    assert capacity.name == "project_manager"
    assert capacity.used == pytest.approx(3)
    assert capacity.slack == pytest.approx(0)
    assert capacity.binding
    assert capacity.shadow_price > 0
    budget = next(limit for limit in result.limits if limit.kind == "budget")
    assert budget.slack == pytest.approx(900)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_mandatory_work_always_proceeds(tmp_path: Path, solver: str) -> None:
    # C (1 FTE, 250) must proceed: the best use of the other 2 FTE is A (500), not B (300)
    problem = build(tmp_path, edit(CHOICE_CSV, "C", mandatory="yes"), CHOICE_TOML)
    result = _checked(problem, solver)
    assert decisions(result) == {"B": "pause", "C": "continue", "A": "continue", "D": "terminate"}
    assert result.objective == pytest.approx(75)
    by_id = result.by_id()
    assert by_id["C"].reason_code == "mandatory"
    assert "always proceeds" in by_id["C"].reason
    assert by_id["B"].reason_code == "squeezed"


def test_mandatory_work_proceeds_even_when_it_closes_nothing(tmp_path: Path) -> None:
    # D takes all 3 FTE, so everything else stops
    register = edit(CHOICE_CSV, "D", mandatory="yes", benefit_2024_25="0")
    result = _checked(build(tmp_path, register, CHOICE_TOML))
    assert decisions(result) == {"B": "pause", "C": "pause", "A": "terminate", "D": "continue"}
    assert result.objective == pytest.approx(0)


PREREQUISITE = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25,fte_project_manager,delivery_risk,complexity,depends_on
E,Care portal,Adults,pipeline,delivery,cashable,900,1,1,1,F
F,Data platform,Resources,pipeline,delivery,enabler,0,4,3,3,
G,Fees review,Resources,pipeline,delivery,cashable,200,1,2,2,
"""


def test_a_dependant_stops_when_its_prerequisite_cannot_fit(tmp_path: Path) -> None:
    # F needs 4 FTE of the 3: E (900) cannot proceed without it, so only G (200) does
    problem = build(tmp_path, PREREQUISITE, config_text(ONE_YEAR, {"project_manager": 3}, ONE_YEAR))
    result = _checked(problem)
    # F is paused, not terminated: it ranks with E, the worthwhile work that needs it
    assert decisions(result) == {"E": "pause", "G": "continue", "F": "pause"}
    assert result.objective == pytest.approx(20)
    by_id = result.by_id()
    assert by_id["E"].reason_code == "prerequisite"
    assert "prerequisite F ('Data platform') is paused" in by_id["E"].reason
    assert "ranked with the work that needs it" in by_id["F"].reason
    assert by_id["E"].details == {"blocked_by": ["F"]}
    assert by_id["F"].reason_code == "squeezed"
    assert "+2.0 FTE of project_manager" in by_id["F"].reason  # 4 needed, 2 left beside G


def test_a_prerequisite_with_no_value_of_its_own_proceeds_when_it_unlocks_more(
    tmp_path: Path,
) -> None:
    # 5 FTE: E + F (900) beat G alone (200); G no longer fits beside them
    problem = build(tmp_path, PREREQUISITE, config_text(ONE_YEAR, {"project_manager": 5}, ONE_YEAR))
    result = _checked(problem)
    assert decisions(result) == {"E": "continue", "G": "pause", "F": "continue"}
    assert result.objective == pytest.approx(90)
    assert result.by_id()["F"].reason_code == "needed"
    assert result.by_id()["F"].details["needed_by"] == ["E"]
    assert "needed by 1 project that proceeds (E), with £900k of expected benefits" in (
        result.by_id()["F"].reason
    )


CONFLICT = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25,fte_project_manager,delivery_risk,complexity,conflicts_with
H1,Case system,Adults,pipeline,delivery,cashable,600,1,3,3,H2
H2,Rival case system,Children,pipeline,delivery,cashable,400,1,1,1,
H3,Fees review,Resources,pipeline,delivery,cashable,100,1,2,2,
"""


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_projects_in_conflict_never_both_proceed(tmp_path: Path, solver: str) -> None:
    # room for all three, but H1 and H2 clash: H1 (600) + H3 (100) is best
    problem = build(tmp_path, CONFLICT, config_text(ONE_YEAR, {"project_manager": 3}, ONE_YEAR))
    result = _checked(problem, solver)
    assert decisions(result) == {"H2": "pause", "H3": "continue", "H1": "continue"}
    assert result.objective == pytest.approx(70)
    h2 = result.by_id()["H2"]
    assert h2.reason_code == "conflict"
    assert "conflicts with H1 ('Case system') (score 50.0), which proceeds" in h2.reason
    assert h2.details == {"conflicts_with": ["H1"]}


POOL = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25,fte_project_manager,delivery_risk,complexity,benefit_pool
J,Care packages review,Adults,pipeline,delivery,cashable,400,1,1,1,asc
K,Care packages audit,Adults,pipeline,delivery,cashable,300,1,1,1,asc
L,Fees review,Resources,pipeline,delivery,cashable,100,1,1,1,
"""


def test_a_pool_under_largest_counts_one_claim(tmp_path: Path) -> None:
    problem = build(tmp_path, POOL, config_text(ONE_YEAR, {"project_manager": 3}, ONE_YEAR))
    result = _checked(problem)
    assert_allclose(result.benefit, [400 + 100])  # not 400 + 300 + 100
    assert result.objective == pytest.approx(50)


def test_a_pool_under_largest_takes_its_best_claim_when_only_one_fits(tmp_path: Path) -> None:
    # 2 FTE: J + L 500, K + L 400, J + K 400 (one claim)
    problem = build(tmp_path, POOL, config_text(ONE_YEAR, {"project_manager": 2}, ONE_YEAR))
    result = _checked(problem)
    assert decisions(result) == {"J": "continue", "K": "pause", "L": "continue"}
    assert_allclose(result.benefit, [500])


def test_a_pool_under_sum_capped_adds_claims_up_to_its_cap(tmp_path: Path) -> None:
    capped = """
    [scoring]
    confidence = { idea = 1, deep_dive = 1, business_case = 1, delivery = 1 }
    [dependencies]
    overlap_rule = "sum_capped"
    pool_caps = { asc = { "2024/25" = 500 } }
    """
    config = config_text(ONE_YEAR, {"project_manager": 3}, ONE_YEAR, extra=capped)
    result = _checked(build(tmp_path, POOL, config))
    assert_allclose(result.benefit, [500 + 100])  # 400 + 300 capped at 500, plus L
    assert result.objective == pytest.approx(60)


def test_a_pool_under_sum_capped_without_a_cap_adds_every_claim(tmp_path: Path) -> None:
    uncapped = '[dependencies]\noverlap_rule = "sum_capped"\n'
    config = config_text(ONE_YEAR, {"project_manager": 3}, ONE_YEAR, extra=uncapped)
    result = _checked(build(tmp_path, POOL, config))
    # default confidence: delivery 0.9
    assert_allclose(result.benefit, [0.9 * 800])


EXTERNAL = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25,cost_2024_25,fte_business_analyst,fte_project_manager,delivery_risk,complexity
X,Income review,Resources,pipeline,delivery,cashable,800,50,2,0,1,1
Y,Fees and charges,Resources,pipeline,delivery,cashable,100,0,0,1,2,2
"""
ANALYSTS = (
    "score_weight = 0\n[optimiser.external]\nbusiness_analyst = { day_rate = 500, max_fte = 1 }\n"
)
TEAM = {"business_analyst": 1, "project_manager": 1}


def _external(tmp_path: Path, budget: float, transformation: float | None = None) -> Problem:
    optimiser = ANALYSTS
    if transformation is not None:
        optimiser += f'[optimiser.transformation_budget]\n"2024/25" = {transformation}\n'
    config = config_text(ONE_YEAR, TEAM, {"2024/25": budget}, optimiser=optimiser)
    return build(tmp_path, EXTERNAL, config)


def test_external_capacity_is_bought_when_it_pays_and_charged_to_the_budget(
    tmp_path: Path,
) -> None:
    # X needs 2 analysts, 1 in house: one bought at 500 x 220 / 1000 = £110k; 50 + 110 <= 200
    result = _checked(_external(tmp_path, budget=200))
    assert decisions(result) == {"X": "continue", "Y": "continue"}
    assert_allclose(result.external[:, 0], [1, 0])  # business_analyst, project_manager
    assert_allclose(result.spend, [160])
    assert_allclose(result.benefit, [900])
    analysts = next(limit for limit in result.limits if limit.name == "business_analyst")
    assert analysts.limit == pytest.approx(2)  # in house plus bought


def test_external_capacity_is_not_bought_when_the_budget_cannot_pay_for_it(
    tmp_path: Path,
) -> None:
    # 50 + 110 > 150: X cannot proceed, and nothing is bought for nothing
    result = _checked(_external(tmp_path, budget=150))
    assert decisions(result)["X"] != "continue"
    assert_allclose(result.external[:, 0], [0, 0])
    assert_allclose(result.spend, [0])
    assert_allclose(result.benefit, [100])


def test_external_capacity_is_not_bought_when_in_house_capacity_suffices(tmp_path: Path) -> None:
    config = config_text(ONE_YEAR, {"business_analyst": 2, "project_manager": 1}, ONE_YEAR)
    config += "[optimiser.external]\nbusiness_analyst = { day_rate = 500, max_fte = 1 }\n"
    result = _checked(build(tmp_path, EXTERNAL, config))
    assert decisions(result) == {"X": "continue", "Y": "continue"}
    assert_allclose(result.external[:, 0], [0, 0])
    assert_allclose(result.spend, [50])


def test_a_transformation_budget_pays_for_external_capacity_instead(tmp_path: Path) -> None:
    # the £110k comes out of the transformation budget: [budget] carries only X's £50k
    result = _checked(_external(tmp_path, budget=100, transformation=110))
    assert decisions(result) == {"X": "continue", "Y": "continue"}
    assert_allclose(result.external[:, 0], [1, 0])
    assert_allclose(result.spend, [50])
    # £100k cannot buy a £110k FTE-year, however much [budget] is left
    result = _checked(_external(tmp_path, budget=1000, transformation=100))
    assert decisions(result)["X"] != "continue"
    assert_allclose(result.external[:, 0], [0, 0])


def test_a_project_stopped_for_unaffordable_external_capacity_is_not_outranked(
    tmp_path: Path,
) -> None:
    result = _checked(_external(tmp_path, budget=150))
    decision = result.by_id()["X"]
    assert decision.reason_code == "squeezed"
    assert "+£10k of budget in 2024/25" in decision.reason


ACCELERATION = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25,benefit_2025_26,fte_project_manager,delivery_risk,complexity
R,Care review,Adults,in_flight,delivery,cashable,0,600,2,2,2
Q,Fees review,Resources,in_flight,delivery,cashable,0,400,0.5,1,1
"""


def _acceleration(tmp_path: Path, capacity: float, register: str = ACCELERATION) -> Problem:
    config = config_text(TWO_YEARS, {"project_manager": capacity}, AMPLE)
    return build(tmp_path, register, config)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_acceleration_closes_an_earlier_gap_with_spare_capacity(
    tmp_path: Path, solver: str
) -> None:
    # R covers 2025/26 alone; Q accelerated (0.75 FTE) brings its 400 into 2024/25.
    # R 2 + Q 0.75 fits 3 FTE: shortfall 100 (objective 90); both continuing leave 500 short
    result = _checked(_acceleration(tmp_path, capacity=3), solver)
    assert decisions(result) == {"Q": "accelerate", "R": "continue"}
    assert_allclose(result.benefit, [400, 600])
    assert result.objective == pytest.approx(90)
    assert result.counts()["accelerate"] == 1
    q = result.by_id()["Q"]
    assert q.reason_code == "accelerated"
    assert "£400k of savings forward into 2024/25" in q.reason
    assert q.details["brought_forward_k"] == pytest.approx(400)
    assert q.details["extra_fte"] == pytest.approx(0.25)
    assert_allclose(result.fte_used, [[2.75, 2]])  # accelerated, Q finishes a year early


def test_no_acceleration_without_spare_capacity(tmp_path: Path) -> None:
    # 2.6 FTE: R 2 + Q 0.75 no longer fits, nor does R accelerated with Q (3 + 0.5)
    result = _checked(_acceleration(tmp_path, capacity=2.6))
    assert decisions(result) == {"Q": "continue", "R": "continue"}
    assert result.objective == pytest.approx(50)


def test_no_acceleration_of_a_new_complex_idea(tmp_path: Path) -> None:
    # 2.9 FTE: Q accelerated would fit beside R (2.75), R accelerated (3) would not
    register = edit(ACCELERATION, "Q", status="pipeline", stage="idea", complexity="5")
    problem = _acceleration(tmp_path, capacity=2.9, register=register)
    assert not problem.can_accelerate[problem.index()["Q"]]
    result = _checked(problem)
    assert decisions(result) == {"R": "continue", "Q": "continue"}
    assert result.objective == pytest.approx(50)


LOCKS = """
id,name,directorate,status,stage,benefit_type,benefit_2024_25,benefit_2025_26,fte_project_manager,delivery_risk,complexity
Q1,Care review,Adults,in_flight,delivery,cashable,200,200,1,1,1
Q2,Fees review,Resources,pipeline,delivery,cashable,0,300,1,2,2
Q3,Network refresh,Resources,pipeline,delivery,enabler,0,0,1,5,5
Q4,Depot review,Place,in_flight,delivery,cashable,100,100,1,1,1
Q5,Income review,Resources,in_flight,delivery,cashable,0,400,1,1,2
"""
EVERY_LOCK = {
    "Q1": Lock.PAUSE,
    "Q2": Lock.ACCELERATE,
    "Q3": Lock.KEEP,
    "Q4": Lock.TERMINATE,
    "Q5": Lock.CONTINUE,
}


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_locks_are_respected(tmp_path: Path, solver: str) -> None:
    config = config_text(TWO_YEARS, {"project_manager": 4}, AMPLE)
    unlocked = _checked(build(tmp_path, LOCKS, config), solver)
    assert unlocked.objective == pytest.approx(100)  # e.g. Q1 accelerated, Q4 and Q5 continue
    assert decisions(unlocked)["Q3"] == "terminate"  # no value, score 0
    result = _checked(build(tmp_path, LOCKS, config, locks=EVERY_LOCK), solver)
    assert decisions(result) == {
        "Q1": "pause",  # the best project, locked to pause
        "Q4": "terminate",  # score 100, above the median, yet locked to terminate
        "Q5": "continue",  # would gain from acceleration, but locked to continue
        "Q2": "accelerate",
        "Q3": "continue",  # kept although it adds nothing
    }
    # Q2 accelerated brings 300 into 2024/25; Q5 closes 400 of 2025/26; 300 short of 1000
    assert_allclose(result.benefit, [300, 400])
    assert result.objective == pytest.approx(70)
    for decision in result.decisions:
        assert decision.reason_code == "locked"
    by_id = result.by_id()
    assert by_id["Q1"].reason == "Locked to pause in this scenario"
    assert by_id["Q3"].reason == "Locked to keep in this scenario"
    assert by_id["Q2"].reason.startswith("Locked to accelerate in this scenario. Accelerated")


def test_a_lock_to_keep_takes_the_place_of_better_work(tmp_path: Path) -> None:
    # D (700, 3 FTE) kept: nothing else fits
    result = _checked(data_problem("choice", locks={"D": Lock.KEEP}))
    assert decisions(result) == {"B": "pause", "C": "pause", "A": "terminate", "D": "continue"}
    assert result.objective == pytest.approx(70)
    assert result.by_id()["D"].reason_code == "locked"
    assert np.all(result.fte_freed == 0)


@pytest.mark.parametrize(
    ("weight", "chosen", "objective"),
    [
        # A + B: 50 x 800 / 1000 + 50 x (75 + 100) / 312.5 = 40 + 28
        (0.5, {"A", "B"}, 68.0),
        # scores alone: B + C take 187.5 of the 312.5 points
        (1.0, {"B", "C"}, 60.0),
    ],
)
def test_the_score_weight_balances_gap_closed_against_score_points(
    tmp_path: Path, weight: float, chosen: set[str], objective: float
) -> None:
    config = CHOICE_TOML.replace("score_weight = 0", f"score_weight = {weight}")
    result = _checked(build(tmp_path, CHOICE_CSV, config))
    assert {p.id for p in result.decisions if p.decision.value == "continue"} == chosen
    assert result.objective == pytest.approx(objective)


def test_a_feasible_model_cbc_calls_infeasible_is_solved_by_highs() -> None:
    """Found by the brute-force test: CBC 2.10's root cuts fail on this two-project model and
    it reports "Infeasible", while stopping both (or starting the second) fits."""
    none, people = np.zeros((2, 3)), np.zeros((2, 1))
    saving = np.array([[0, 0, 205.0], [0, 0, 0]])
    problem = Problem(
        ids=("P1", "P2"),
        names=("First", "Second"),
        years=("2024/25", "2025/26", "2026/27"),
        roles=("role",),
        score=np.zeros(2),
        rank=np.array([1, 2]),
        in_flight=np.zeros(2, dtype=bool),
        mandatory=np.zeros(2, dtype=bool),
        fte=people,
        cost=np.array([[5.0, 15, 0], [0, 15, 0]]),
        gain=saving,
        low=saving,
        high=saving,
        mtfs=none,
        mtfs_budgeted=none,
        business_case_first=np.zeros(2, dtype=bool),
        tail=np.zeros(2),
        can_accelerate=np.zeros(2, dtype=bool),
        accelerate_note=("", ""),
        fte_acc=people,
        cost_acc=np.array([[20.0, 0, 0], [15, 0, 0]]),
        gain_acc=none,
        low_acc=none,
        high_acc=none,
        mtfs_acc=none,
        stop_decision=(Decision.PAUSE, Decision.PAUSE),
        stop_cost=np.array([[0, 0, 0], [5.0, 0, 0]]),
        requires=np.zeros((0, 2), dtype=np.int64),
        conflicts=np.zeros((0, 2), dtype=np.int64),
        together=np.zeros((0, 2), dtype=np.int64),
        pools=(),
        capacity=np.zeros(1),
        budget=np.array([5.0, 15, 0]),
        gap=np.array([0, 0, 205.0]),
        reserves=np.zeros(3),
        contingency=np.zeros(3),
        external_max=np.zeros(1),
        external_cost=np.zeros(1),
        external_budget=None,
        score_weight=0.0,
        pause_min_score=0.0,
    )
    result = optimise(problem, SolverOptions("cbc", time_limit=20, gap_rel=0.0))
    assert result.plan[0] == Mode.STOP  # starting P1 breaks the first year's budget
    assert result.objective == pytest.approx(0.0)
    assert evaluate(problem, result.plan).feasible
