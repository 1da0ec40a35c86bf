"""On small random problems both solvers find the plan that trying every plan finds.

Brute force judges each plan with `evaluate`, which shares no code with the integer program:
it agreeing with the solver checks the model's formulation (pools, locks, external FTE, stop
costs), the solver wrappers and the fill-up together.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings

from inputs.decisions import Mode
from inputs.errors import InfeasibleError, LockError
from optimiser.evaluate import evaluate
from optimiser.problem import Problem
from optimiser.solve import SolverOptions, optimise
from tests.optimiser.factories import Shape, problems, seeded_problem

SOLVERS = ("cbc", "highs")
TOLERANCE = 1e-6  # objective points, on 0-100

BRUTE_FORCE = settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def best_by_brute_force(problem: Problem, modes: tuple[int, ...]) -> float | None:
    """The highest objective over every feasible plan, or None when no plan is feasible."""
    best = None
    for plan in itertools.product(modes, repeat=problem.size):
        figures = evaluate(problem, np.array(plan))
        if figures.feasible and (best is None or figures.objective > best):
            best = figures.objective
    return best


def assert_solvers_agree(problem: Problem, modes: tuple[int, ...]) -> None:
    best = best_by_brute_force(problem, modes)
    event("no feasible plan" if best is None else "feasible")
    for solver in SOLVERS:
        options = SolverOptions(solver, time_limit=20, gap_rel=0.0)
        if best is None:
            with pytest.raises((InfeasibleError, LockError)):
                optimise(problem, options)
            continue
        result = optimise(problem, options)
        assert result.status.value == "optimal", solver
        assert evaluate(problem, result.plan).feasible, solver
        assert result.objective == pytest.approx(best, abs=TOLERANCE), solver


@BRUTE_FORCE
@given(problems(max_projects=7, accelerate=True))
def test_solvers_match_brute_force_with_acceleration(problem: Problem) -> None:
    assert_solvers_agree(problem, (Mode.STOP, Mode.CONTINUE, Mode.ACCELERATE))


@BRUTE_FORCE
@given(problems(max_projects=12, accelerate=False))
def test_solvers_match_brute_force_without_acceleration(problem: Problem) -> None:
    assert_solvers_agree(problem, (Mode.STOP, Mode.CONTINUE))


@pytest.mark.parametrize("solver", SOLVERS)
def test_small_overflow_of_a_large_limit_is_never_traded_for_value(solver: str) -> None:
    """Two projects of 600 and 401 FTE against 1000: only one fits, so the best objective is 50."""
    shape = Shape(projects=2, roles=1, years=1, accelerate=False, mandatory=0, locks=0, pools=0)
    base = seeded_problem(0, shape)
    fte, nothing = np.array([[600.0], [401.0]]), np.zeros((2, 1))
    problem = replace(
        base,
        score=np.array([50.0, 50.0]),
        rank=np.array([1, 2]),
        fte=fte,
        fte_acc=fte,
        cost=nothing,
        cost_acc=nothing,
        stop_cost=nothing,
        gain=nothing,
        gain_acc=nothing,
        requires=np.zeros((0, 2), dtype=np.int64),
        conflicts=np.zeros((0, 2), dtype=np.int64),
        capacity=np.array([1000.0]),
        external_max=np.zeros(1),
        budget=np.zeros(1),
        gap=np.zeros(1),
        score_weight=1.0,
    )
    assert best_by_brute_force(problem, (Mode.STOP, Mode.CONTINUE)) == pytest.approx(50.0)
    result = optimise(problem, SolverOptions(solver, time_limit=20, gap_rel=0.0))
    assert result.objective == pytest.approx(50.0, abs=TOLERANCE)
