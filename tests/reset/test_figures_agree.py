"""Figures that agree with themselves: every expected figure lies inside the range beside it."""

from __future__ import annotations

import pytest

from dependencies.findings import FindingKind
from inputs import load_sample
from outputs.run_tables import RunTables
from reset.run import ResetRun, run_reset
from tests.reset.registers import EXACT

SLACK = 1e-6


@pytest.fixture(scope="module")
def sample_run() -> ResetRun:
    register, config = load_sample()
    return run_reset(register, config, options=EXACT, frontier=False, stability=False, core=False)


def test_every_year_and_project_of_the_sample_sits_inside_its_range(sample_run: ResetRun) -> None:
    for year in RunTables(sample_run).summary["years"]:
        assert year["benefit_low_k"] - SLACK <= year["benefit_expected_k"], year["year"]
        assert year["benefit_expected_k"] <= year["benefit_high_k"] + SLACK, year["year"]
        assert year["coverage_low"] <= year["coverage"] <= year["coverage_high"]
    chosen = sample_run.result.chosen
    assert (chosen.benefit_low <= chosen.benefit + SLACK).all()
    assert (chosen.benefit <= chosen.benefit_high + SLACK).all()


def test_the_checks_and_the_graph_use_the_same_basis(sample_run: ResetRun) -> None:
    graph = sample_run.checks.graph
    for _, facts in graph.nodes(data=True):
        assert facts["benefit_low"] - SLACK <= facts["benefit"] <= facts["benefit_high"] + SLACK
    enablers = [f for f in sample_run.checks.findings if f.kind is FindingKind.CRITICAL_ENABLER]
    assert enablers
    for finding in enablers:
        data = finding.data
        assert data["benefit_low"] - SLACK <= data["benefit"] <= data["benefit_high"] + SLACK
