"""Savings already in the MTFS: not new money, but stopping their project widens the gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs import load_sample
from inputs.decisions import Decision, Lock
from inputs.scenarios import Scenario
from outputs.run_tables import RunTables
from reset.run import run_reset
from reset.whatif import compare_runs
from tests.reset.registers import EXACT, config_text, run_rows, yearly

# M's savings (200 a year, delivery 0.9: 180 expected) are in the MTFS; N's (300: 270) are new.
ROWS = [
    {"id": "M", "name": "MTFS saving", "in_mtfs": "yes"} | yearly(200),
    {"id": "N", "name": "New saving"} | yearly(300),
]


def test_stopping_an_mtfs_project_widens_the_gap_by_exactly_its_savings(tmp_path: Path) -> None:
    roomy = config_text(capacity=2)
    both = run_rows(tmp_path, ROWS, roomy).result
    paused = run_rows(tmp_path, ROWS, roomy, locks={"M": Lock.PAUSE}).result
    assert both.shortfall.tolist() == pytest.approx([1000 - 270] * 2)
    assert paused.shortfall.tolist() == pytest.approx([1000 - 270 + 180] * 2)
    assert paused.mtfs_at_risk.tolist() == pytest.approx([180, 180])
    assert both.mtfs_at_risk.tolist() == pytest.approx([0, 0])
    assert paused.benefit.tolist() == both.benefit.tolist() == pytest.approx([270, 270])
    assert paused.coverage().tolist() == pytest.approx([(270 - 180) / 1000] * 2)


def test_the_plan_weighs_mtfs_savings_against_new_money(tmp_path: Path) -> None:
    """One project manager: keeping M saves 180 of the target, starting N adds 270 — N wins,
    and M's reason says what stopping it costs."""
    run = run_rows(tmp_path, ROWS)
    decisions = run.result.by_id()
    assert decisions["N"].decision is Decision.CONTINUE
    assert not decisions["M"].decision.proceeds
    assert "removes £180k a year (£360k over 2 years) already assumed in the MTFS" in (
        decisions["M"].reason
    )
    summary = RunTables(run).summary
    assert [y["mtfs_at_risk_k"] for y in summary["years"]] == pytest.approx([180, 180])
    assert [y["mtfs_savings_k"] for y in summary["years"]] == pytest.approx([180, 180])
    assert summary["mtfs_rule"] == "protect"
    # N carries less than M would have kept: the MTFS saving is kept instead
    small = [{"id": "M", "name": "MTFS", "in_mtfs": "yes"} | yearly(400), ROWS[1]]
    assert run_rows(tmp_path, small).result.by_id()["M"].decision is Decision.CONTINUE


def test_the_discount_rule_counts_mtfs_savings_as_worth_nothing(tmp_path: Path) -> None:
    config = config_text(capacity=2, extra='[scoring]\nmtfs_rule = "discount"\n')
    run = run_rows(tmp_path, ROWS, config, locks={"M": Lock.PAUSE})
    assert run.result.mtfs_at_risk.tolist() == pytest.approx([0, 0])
    assert run.result.shortfall.tolist() == pytest.approx([730, 730])
    assert "MTFS" not in run.result.by_id()["M"].reason


def test_a_what_if_that_keeps_an_mtfs_project_shows_its_savings_kept(tmp_path: Path) -> None:
    base = run_rows(tmp_path, ROWS)
    kept = run_rows(tmp_path, ROWS, locks={"M": Lock.KEEP})
    comparison = compare_runs(base, kept, Scenario(name="keep M", keep=("M",)))
    years = comparison.years
    assert years["mtfs_kept_change_k"].tolist() == pytest.approx([180, 180])
    assert years["mtfs_at_risk_scenario_k"].tolist() == pytest.approx([0, 0])


def test_the_sample_keeps_most_mtfs_savings_and_names_the_cost_of_each_one_stopped() -> None:
    register, config = load_sample()
    run = run_reset(register, config, options=EXACT, frontier=False, stability=False, core=False)
    result, problem = run.result, run.problem
    mtfs = [i for i, p in enumerate(register.projects) if p.in_mtfs]
    stopped = [i for i in mtfs if result.plan[i] == 0]
    assert len(stopped) < len(mtfs) / 3  # 16 of 28 were terminated when they counted £0
    by_id = result.by_id()
    for i in stopped:
        if problem.mtfs[i].sum() > 0:
            assert (
                "already assumed in the MTFS: the gap widens by that"
                in by_id[problem.ids[i]].reason
            )
    lost = result.chosen.mtfs_at_risk.sum(axis=0)  # net of savings brought forward
    assert (result.mtfs_at_risk >= lost - 1e-6).all()  # the rest: claimed twice in a pool


def test_a_pool_mixing_mtfs_savings_and_new_money_is_flagged(tmp_path: Path) -> None:
    rows = [r | {"benefit_pool": "care"} for r in ROWS]
    run = run_rows(tmp_path, rows, config_text(capacity=2))
    (finding,) = [f for f in run.checks.findings if f.kind.value == "double_counting"]
    assert finding.severity.value == "high"
    assert "M is already in the MTFS, so the others' claims may be money" in finding.message


def test_a_new_claim_on_a_pool_the_mtfs_already_counts_adds_nothing(tmp_path: Path) -> None:
    """M (MTFS) and N (new) claim the same pool's money: with both proceeding the pool counts
    once, M's 180 first, so N closes none of the gap; with M stopped, N's saving fills its hole."""
    rows = [r | {"benefit_pool": "care"} | yearly(200) for r in ROWS]  # 180 expected each
    both = run_rows(tmp_path, rows, config_text(capacity=2), locks={"M": Lock.KEEP, "N": Lock.KEEP})
    assert both.result.shortfall.tolist() == pytest.approx([1000, 1000])
    assert both.result.benefit.tolist() == pytest.approx([0, 0])
    assert both.result.mtfs_at_risk.tolist() == pytest.approx([0, 0])
    alone = run_rows(tmp_path, rows, config_text(capacity=2), locks={"M": Lock.PAUSE})
    assert alone.result.shortfall.tolist() == pytest.approx([1000, 1000])
    assert alone.result.benefit.tolist() == pytest.approx([180, 180])
    assert alone.result.mtfs_at_risk.tolist() == pytest.approx([180, 180])
