"""The what-if starting plan keeps every rule, even when a lock forces one side of a clash."""

from __future__ import annotations

import pytest

from inputs import load_sample
from optimiser.evaluate import evaluate
from optimiser.solve import SolverOptions, optimise
from optimiser.warm_start import repaired_plan
from tests.optimiser.tiny import problem_of


@pytest.mark.parametrize("locks", [{"FCS-0035": "keep"}, {"PL6": "pause", "SC3": "keep"}])
def test_repaired_baseline_breaks_no_rule(locks: dict[str, str]) -> None:
    register, config = load_sample()
    baseline = optimise(problem_of(register, config), SolverOptions("highs", 10, 0.005))
    scenario = problem_of(register, config, locks)
    assert evaluate(scenario, repaired_plan(scenario, baseline.plan)).violations == ()
