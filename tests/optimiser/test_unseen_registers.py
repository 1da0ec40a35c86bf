"""Registers never seen before, read from CSV: every row decided once and every rule kept,
or a clear error naming what clashes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from inputs import read_config, read_register
from inputs.errors import InfeasibleError, LockError
from optimiser.evaluate import evaluate
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions
from reset.run import run_reset
from tests.conftest import SMALL_CONFIG
from tests.factories import registers, to_csv

OPTIONS = SolverOptions("highs", time_limit=10, gap_rel=0.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects=registers(max_projects=10))
def test_every_row_decided_within_the_rules_or_clearly_refused(projects: list[dict]) -> None:
    config = read_config(SMALL_CONFIG)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "unseen.csv"
        path.write_text(to_csv(projects), encoding="utf-8")
        register = read_register(path, config=config)
    try:
        run = run_reset(register, config, options=OPTIONS, frontier=False, core=False)
    except (InfeasibleError, LockError) as error:
        assert "Fix:" in str(error)
        assert any(p.mandatory for p in register.projects)
        return
    ids = [d.id for d in run.result.decisions]
    assert sorted(ids) == sorted(register.ids)
    assert len(set(ids)) == len(ids)
    assert evaluate(run.problem, run.result.plan).violations == ()
    assert all(d.reason for d in run.result.decisions)
    assert run.result.objective >= run.baseline.objective - 1e-6
    _figures_agree_with_themselves(run.result)


def _figures_agree_with_themselves(result: OptimisationResult) -> None:
    """Expected inside its own low-high range for every project, programme and year; the
    shortfall is the gap plus the MTFS savings at risk, less the expected new money."""
    chosen, slack = result.chosen, 1e-6
    assert (chosen.benefit_low <= chosen.benefit + slack).all()
    assert (chosen.benefit <= chosen.benefit_high + slack).all()
    assert (result.benefit_low <= result.benefit + slack).all()
    assert (result.benefit <= result.benefit_high + slack).all()
    assert chosen.benefit_low.sum(axis=0) == pytest.approx(result.benefit_low)
    assert chosen.benefit_high.sum(axis=0) == pytest.approx(result.benefit_high)
    net = result.gap + result.mtfs_at_risk - result.benefit
    assert result.shortfall == pytest.approx(np.maximum(net, 0), abs=1e-6)
