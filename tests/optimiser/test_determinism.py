"""The same register and config always give the same decisions and reasons."""

from __future__ import annotations

import numpy as np
import pytest

from inputs import load_sample
from optimiser.solve import SolverOptions, optimise
from tests.optimiser.tiny import problem_of


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_two_solves_of_the_sample_agree(solver: str) -> None:
    problem = problem_of(*load_sample())
    options = SolverOptions(solver, time_limit=30, gap_rel=0.005)
    first, second = optimise(problem, options), optimise(problem, options)
    assert np.array_equal(first.plan, second.plan)
    assert [d.reason for d in first.decisions] == [d.reason for d in second.decisions]
    assert first.objective == second.objective


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_large_register_path_keeps_every_rule_and_a_valid_bound(solver: str) -> None:
    """The LP-and-fix path (used from `fix_from` projects) forced on the sample."""
    problem = problem_of(*load_sample())
    fixed = optimise(problem, SolverOptions(solver, time_limit=30, gap_rel=0.005, fix_from=1))
    exact = optimise(problem, SolverOptions(solver, time_limit=30, gap_rel=0.005))
    assert fixed.status.is_ok
    assert fixed.bound >= fixed.objective - 1e-9
    assert fixed.bound >= exact.objective - 1e-6  # the LP bound holds for the whole problem
    assert fixed.gap_rel == pytest.approx((fixed.bound - fixed.objective) / fixed.objective)
    assert fixed.objective >= exact.objective * (1 - 0.01)
    assert len(fixed.decisions) == problem.size
