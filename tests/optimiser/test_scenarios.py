"""A future changes the built model's coefficients, never its shape: the result is exactly the
model rebuilt from the changed figures, and its solve is that model's best plan."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from inputs.decisions import Mode
from optimiser.evaluate import evaluate
from optimiser.matrix import MatrixModel
from optimiser.options import figures, modes_of
from optimiser.problem import Problem
from optimiser.scenarios import Scenario, scenario_base, scenario_model, solve_scenarios
from optimiser.solve import SolverOptions, build_models, optimise
from tests.optimiser.factories import Shape, seeded_phased_problem

SHAPE = Shape(projects=14, roles=2, years=3, pools=3, room_for_forced=True)
SEEDS = range(12)


def own_scenario(problem: Problem) -> Scenario:
    return Scenario({m: figures(problem, m).claims for m in modes_of(problem)}, problem.score)


def changed(problem: Problem, seed: int) -> Problem:
    """The problem with every project's benefits scaled by its own factor (0.3-1.7) and new
    scores: what a sampled future does to the figures."""
    rng = np.random.default_rng(seed)
    factor = rng.uniform(0.3, 1.7, problem.size)[:, None]
    scaled = {
        name: getattr(problem, name) * factor
        for name in ("gain", "low", "high", "mtfs", "gain_acc", "low_acc", "high_acc", "mtfs_acc")
    }
    return replace(problem, **scaled, score=rng.uniform(0, 100, problem.size))


def assert_same_model(got: MatrixModel, want: MatrixModel) -> None:
    assert got.matrix.shape == want.matrix.shape
    assert abs(got.matrix - want.matrix).max() == pytest.approx(0, abs=1e-9)
    np.testing.assert_allclose(got.cost, want.cost, atol=1e-12)
    for name in ("row_lower", "row_upper", "col_lower", "col_upper", "integer"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_future_with_the_problems_own_figures_is_the_model_itself(seed: int) -> None:
    problem = seeded_phased_problem(seed, SHAPE)
    model = build_models(problem).hard
    assert_same_model(scenario_model(scenario_base(problem, model), own_scenario(problem)), model)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_future_is_the_model_rebuilt_from_its_figures_with_nothing_rebuilt(seed: int) -> None:
    problem = seeded_phased_problem(seed, SHAPE)
    assert any(pool.rule == "largest" for pool in problem.pools) or any(
        pool.needs_own_count for pool in problem.pools
    )
    future = changed(problem, seed)
    base = scenario_base(problem, build_models(problem).hard)
    assert_same_model(scenario_model(base, own_scenario(future)), build_models(future).hard)


@pytest.mark.parametrize("seed", range(6))
def test_each_futures_plan_is_as_good_as_solving_that_future_from_scratch(seed: int) -> None:
    problem = seeded_phased_problem(seed, SHAPE)
    future = changed(problem, seed)
    base = scenario_base(problem, build_models(problem).hard)
    plans, below = solve_scenarios(base, [own_scenario(future)], gap_rel=0.0, time_limit=20)
    fresh = optimise(future, SolverOptions("highs", time_limit=20, gap_rel=0.0, explain=False))
    judged = evaluate(future, plans[0])
    assert judged.feasible
    # the LP relaxation settles most decisions first, so the plan may fall a little short
    assert judged.objective >= fresh.objective - 0.02 * abs(fresh.objective) - 1e-6
    # `below` measures the plan against the future's LP bound, which no plan exceeds
    bound = judged.objective / (1 - below[0])
    assert below[0] >= 0 and bound >= fresh.objective - 1e-6


def test_a_project_that_delivers_nothing_and_scores_nothing_in_a_future_is_left_out() -> None:
    problem = seeded_phased_problem(3, SHAPE)
    base = scenario_base(problem, build_models(problem).hard)
    own = own_scenario(problem)
    plans, _ = solve_scenarios(base, [own], gap_rel=0.0, time_limit=20)
    chosen = [i for i in np.flatnonzero(plans[0] != Mode.STOP) if not problem.mandatory[i]]
    chosen = [i for i in chosen if i not in problem.locks]
    assert chosen, "the seed gives a plan with optional work"
    i = chosen[0]
    claims = {m: c.copy() for m, c in own.claims.items()}
    for c in claims.values():
        c[i] = 0.0
    score = own.score.copy()
    score[i] = 0.0
    plans, _ = solve_scenarios(base, [Scenario(claims, score)], gap_rel=0.0, time_limit=20)
    assert plans[0][i] == Mode.STOP
