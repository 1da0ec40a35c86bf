"""The solver `auto` resolves to by size, and explicit choices win over it."""

from __future__ import annotations

from inputs import load_sample
from reset.decide import solver_options


def test_auto_picks_cbc_for_the_whole_program_and_highs_from_fix_from() -> None:
    _, config = load_sample()
    assert config.optimiser.solver == "auto"
    assert solver_options(config, size=570).solver == "cbc"
    assert solver_options(config, size=config.optimiser.fix_from - 1).solver == "cbc"
    assert solver_options(config, size=config.optimiser.fix_from).solver == "highs"
    assert solver_options(config, "cbc", size=50_000).solver == "cbc"
    assert solver_options(config, "highs", size=10).solver == "highs"
