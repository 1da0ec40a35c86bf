"""A what-if moves only what its change forces: no shuffling within the solver's tolerance."""

from __future__ import annotations

import pytest

from inputs import load_sample
from inputs.decisions import Decision
from inputs.scenarios import Scenario
from reset.decide import solver_options
from reset.whatif import run_scenarios


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_changes_the_plan_already_meets_move_nothing(solver: str) -> None:
    register, config = load_sample()
    options = solver_options(config, solver, time_limit=30, size=len(register.projects))
    first, *_ = run_scenarios(register, config, [Scenario(name="none")], options)
    baseline = first.baseline
    continuing = next(d.id for d in baseline.result.decisions if d.decision is Decision.CONTINUE)
    scenarios = [
        Scenario(name="keep what continues", keep=(continuing,)),
        Scenario(name="a sliver more ict", capacity={"ict": 0.01}),
    ]
    for comparison in run_scenarios(register, config, scenarios, options, baseline=baseline):
        assert comparison.changes.empty, comparison.scenario.name
        assert comparison.objective_change == pytest.approx(0.0, abs=1e-9)
        assert comparison.already() or comparison.scenario.capacity
