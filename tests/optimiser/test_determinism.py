"""The same register and config always give the same decisions and reasons."""

from __future__ import annotations

import numpy as np
import pytest

from inputs import load_sample
from optimiser.problem import build_problem
from optimiser.solve import SolverOptions, optimise
from prioritise import score_portfolio


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_two_solves_of_the_sample_agree(solver: str) -> None:
    register, config = load_sample()
    problem = build_problem(register, config, score_portfolio(register, config, stability=False))
    options = SolverOptions(solver, time_limit=30, gap_rel=0.005)
    first, second = optimise(problem, options), optimise(problem, options)
    assert np.array_equal(first.plan, second.plan)
    assert [d.reason for d in first.decisions] == [d.reason for d in second.decisions]
    assert first.objective == second.objective
