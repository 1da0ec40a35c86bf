"""The what-if starting plan keeps every rule, even when a lock forces one side of a clash."""

from __future__ import annotations

import pytest

from inputs import load_sample
from optimiser.evaluate import evaluate
from optimiser.problem import build_problem
from optimiser.solve import SolverOptions, optimise
from optimiser.warm_start import repaired_plan
from prioritise import score_portfolio


@pytest.mark.parametrize("locks", [{"FCS-0035": "keep"}, {"PL6": "pause", "SC3": "keep"}])
def test_repaired_baseline_breaks_no_rule(locks: dict[str, str]) -> None:
    register, config = load_sample()
    scores = score_portfolio(register, config, stability=False)
    baseline = optimise(build_problem(register, config, scores), SolverOptions("highs", 10, 0.005))
    scenario = build_problem(register, config, scores, locks)
    assert evaluate(scenario, repaired_plan(scenario, baseline.plan)).violations == ()
