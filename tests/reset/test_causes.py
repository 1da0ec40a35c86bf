"""A what-if names why each project moved: its rival stopped, the people or money another
change freed, or the people the what-if adds."""

from __future__ import annotations

from inputs import read_config, read_register
from inputs.scenarios import Scenario
from reset.run import run_reset
from reset.whatif import run_scenario
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.reset.registers import EXACT


def test_a_rival_that_starts_names_the_clash_that_went() -> None:
    config = read_config(SMALL_CONFIG)
    register = read_register(SMALL_REGISTER, config=config)
    baseline = run_reset(register, config, options=EXACT, frontier=False, core=False)
    comparison = run_scenario(
        register, config, Scenario(name="pause DIG1", pause=("DIG1",)), EXACT, baseline
    )
    causes = comparison.changes.set_index("id")["cause"].to_dict()
    assert causes == {
        "DIG1": "locked by the scenario",
        "DIG2": "starts: its rival DIG1 is now paused",
    }
