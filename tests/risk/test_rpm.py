"""The core index against Robust Portfolio Modelling, computed exactly.

Liesiö, Mild and Salo (2007, "Preference programming for robust portfolio modeling and project
selection", EJOR 181) score projects on criteria with interval scores v_ij in [lo_ij, hi_ij]
and incompletely known weights w in a polytope S_w; a portfolio's value is the sum of its
projects' w . v_i. Portfolio p dominates q when V(p) >= V(q) for every feasible (w, v) and
V(p) > V(q) for some; the core index of a project is the share of the non-dominated feasible
portfolios containing it: core at 1, exterior at 0, borderline between.

Here the example (eight projects, two criteria, a budget of 8, w1 >= w2) is solved by
enumerating every feasible portfolio and testing dominance at the extreme points of S_w (V(p) -
V(q) is linear in w once v takes lo on p's side and hi on q's). The product's core index
samples (w, v) and re-solves one model per sample (`optimiser.scenarios`); every sample's unique
optimum is non-dominated, so an RPM-core project must be in every sampled plan and an
RPM-exterior project in none, and each sampled plan must be that sample's true optimum.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from inputs.decisions import Mode
from optimiser.options import modes_of
from optimiser.scenarios import Scenario, scenario_base, solve_scenarios
from optimiser.solve import build_models
from tests.optimiser.tiny import build, config_text

COST = np.array([2, 2, 2, 1, 3, 2, 3, 2])
BUDGET = 8
LOW = np.array([[9, 9], [2, 5], [4, 1], [1, 1], [5, 2], [6, 6], [0, 0], [3, 4]], dtype=float)
HIGH = np.array([[10, 10], [6, 9], [7, 3], [2, 2], [8, 6], [7, 8], [0.5, 0.5], [5, 6]])
EXTREME_WEIGHTS = np.array([[1.0, 0.0], [0.5, 0.5]])  # w1 >= w2 >= 0, w1 + w2 = 1
FUTURES = 400


def feasible_portfolios() -> list[frozenset[int]]:
    n = len(COST)
    return [
        frozenset(chosen)
        for size in range(n + 1)
        for chosen in itertools.combinations(range(n), size)
        if COST[list(chosen)].sum() <= BUDGET
    ]


def dominates(p: frozenset[int], q: frozenset[int]) -> bool:
    only_p, only_q = sorted(p - q), sorted(q - p)
    worst = [w @ LOW[only_p].sum(axis=0) - w @ HIGH[only_q].sum(axis=0) for w in EXTREME_WEIGHTS]
    best = [w @ HIGH[only_p].sum(axis=0) - w @ LOW[only_q].sum(axis=0) for w in EXTREME_WEIGHTS]
    return min(worst) >= 0 and max(best) > 0


def rpm_core_index() -> np.ndarray:
    portfolios = feasible_portfolios()
    undominated = [q for q in portfolios if not any(dominates(p, q) for p in portfolios)]
    return np.array([np.mean([i in p for p in undominated]) for i in range(len(COST))])


def knapsack_optimum(value: np.ndarray) -> frozenset[int]:
    return max(feasible_portfolios(), key=lambda p: value[list(p)].sum())


@pytest.fixture(scope="module")
def problem(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    rows = "\n".join(
        f"X{i + 1},Project {i + 1},Adults,planned,delivery,cashable,2,2,{cost}"
        for i, cost in enumerate(COST)
    )
    register = (
        "id,name,directorate,status,stage,benefit_type,delivery_risk,complexity,"
        f"fte_project_manager\n{rows}\n"
    )
    config = config_text(
        {"2024/25": 100},
        {"project_manager": BUDGET},
        {"2024/25": 1000},
        optimiser="score_weight = 1",
    )
    built = build(tmp_path_factory.mktemp("rpm"), register, config)
    assert not built.can_accelerate.any() and modes_of(built)[2:] == ()
    return built


def test_the_exact_rpm_example_has_core_borderline_and_exterior_projects() -> None:
    index = rpm_core_index()
    assert (index == 1).any() and (index == 0).any() and ((index > 0) & (index < 1)).any()
    assert index[0] == 1.0  # X1 is best on both criteria in every reading
    np.testing.assert_allclose(index, [1, 0.5, 0.5, 0.5, 0.5, 2 / 3, 0, 1 / 3])
    assert index[6] == 0.0  # X7 costs as much as X5 and is worth less than any other


def test_sampled_futures_agree_with_rpm_and_each_plan_is_its_futures_optimum(problem) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    w1 = rng.uniform(0.5, 1.0, FUTURES)
    weights = np.stack([w1, 1 - w1], axis=1)
    values = np.einsum("fc,fic->fi", weights, rng.uniform(LOW, HIGH, (FUTURES, *LOW.shape)))
    nothing = {mode: np.zeros((problem.size, 1)) for mode in modes_of(problem)}
    scenarios = [Scenario(nothing, value) for value in values]
    base = scenario_base(problem, build_models(problem).hard)
    plans, below = solve_scenarios(base, scenarios, gap_rel=0.0, time_limit=10)
    assert not np.isnan(below).any()
    chosen = plans != Mode.STOP
    for value, plan in zip(values, chosen, strict=True):
        assert frozenset(np.flatnonzero(plan).tolist()) == knapsack_optimum(value)
    share, rpm = chosen.mean(axis=0), rpm_core_index()
    np.testing.assert_array_equal(share[rpm == 1], 1.0)
    np.testing.assert_array_equal(share[rpm == 0], 0.0)
    assert (share[(rpm > 0) & (rpm < 1)] > 0).any()  # sampling finds the borderline ones
    assert ((share > 0) & (share < 1) <= (rpm > 0) & (rpm < 1)).all()
