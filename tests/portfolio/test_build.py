"""The Portfolio: every figure built once, blanks as recorded assumptions, arrays frozen."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from inputs import load_sample, read_config, read_register
from outputs.run_tables import RunTables
from portfolio import build_portfolio
from portfolio.pools import Pool, new_money_once, pooled_total
from reset.run import run_reset
from tests.optimiser.tiny import HIGHS, config_text, problem_of

REGISTER = """id,name,directorate,status,benefit_2025_26,cost_2025_26,fte_ict,fte_project_manager
A,Given,X,pipeline,100,10,0.5,1
B,Given too,X,pipeline,50,5,,2
C,Given three,X,pipeline,80,5,1,0.5
N,No FTE at all,X,pipeline,60,5,,
"""


def _portfolio(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "r.csv").write_text(REGISTER, encoding="utf-8")
    (tmp_path / "c.toml").write_text(
        config_text(
            {"2025/26": 100}, {"ict": 2, "project_manager": 3}, {"2025/26": 100}, optimiser=""
        ),
        encoding="utf-8",
    )
    config = read_config(tmp_path / "c.toml")
    return build_portfolio(read_register(tmp_path / "r.csv", config=config), config)


def test_a_project_without_fte_takes_the_median_total_split_as_the_portfolio(
    tmp_path: Path,
) -> None:
    portfolio = _portfolio(tmp_path)
    n = portfolio.ids.index("N")
    # totals 1.5, 2 and 1.5: median 1.5; the portfolio's 5 FTE are 1.5 ict, 3.5 project manager
    assert_allclose(portfolio.fte[n], [1.5 * 1.5 / 5, 1.5 * 3.5 / 5])
    assert portfolio.fte_total[n] == pytest.approx(1.5)
    (note,) = [a for a in portfolio.assumptions[n] if "FTE" in a]
    assert "median of 1.5 FTE" in note


def test_the_fte_a_project_is_charged_is_the_one_its_assumptions_list() -> None:
    """Scoring, the plan, decisions.csv and the Assumptions sheet read one figure."""
    register, config = load_sample()
    run = run_reset(register, config, options=HIGHS, frontier=False, stability=False, core=False)
    portfolio = run.portfolio
    blank = [i for i, p in enumerate(portfolio.register.projects) if not p.fte]
    assert blank, "the sample has projects with no FTE"
    frame = RunTables(run).decisions.set_index("id")
    scores = run.scores.by_id()
    for i in blank:
        project_id = portfolio.ids[i]
        (note,) = [a for a in portfolio.assumptions[i] if a.startswith("no FTE given")]
        listed = float(re.search(r"median of ([\d.]+) FTE", note).group(1))  # type: ignore[union-attr]
        charged = run.problem.fte[i].sum()
        assert scores[project_id].fte == pytest.approx(listed, abs=0.05), project_id
        assert frame.loc[project_id, "fte"] == pytest.approx(charged, abs=0.01)
        if not run.problem.business_case_first[i]:
            assert charged == pytest.approx(listed, abs=0.05), project_id
            continue
        # initiated business case first: each role as much as the case or delivery needs
        case = [config.optimiser.business_case_fte.get(r, 0.0) for r in run.problem.roles]
        assert_allclose(run.problem.fte[i], np.maximum(portfolio.capacity_fte[i], case))


def test_arrays_are_read_only(tmp_path: Path) -> None:
    portfolio = _portfolio(tmp_path)
    with pytest.raises(ValueError, match="read-only"):
        portfolio.fte[0, 0] = 9.0
    with pytest.raises(ValueError, match="read-only"):
        portfolio.expected[0, 0] = 9.0


def test_expected_is_new_money_at_the_range_point_times_confidence(tmp_path: Path) -> None:
    portfolio = _portfolio(tmp_path)
    # full confidence in the tiny configs; benefit type blank = tbc, half new money
    assert_allclose(portfolio.new_money, 0.5)
    assert_allclose(portfolio.expected[:, 0], [50, 25, 40, 30])
    assert_allclose(portfolio.new_low, portfolio.low * 0.5)


def test_pools_are_counted_once_and_the_cut_is_shared_pro_rata() -> None:
    claims = np.array([[100.0, 0.0], [50.0, 40.0], [10.0, 10.0]])
    largest = Pool("p", np.array([0, 1]), np.array([np.nan, np.nan]), "largest")
    capped = Pool("q", np.array([0, 1]), np.array([120.0, np.nan]), "sum_capped")
    assert_allclose(pooled_total([largest], claims), [110, 50])
    counted = new_money_once([largest], claims)
    assert_allclose(counted[:2, 0], [100 * 100 / 150, 50 * 100 / 150])
    assert_allclose(counted.sum(axis=0), pooled_total([largest], claims))
    assert_allclose(pooled_total([capped], claims), [130, 50])
    assert_allclose(new_money_once([capped], claims).sum(axis=0), [130, 50])


def test_the_plan_charges_the_portfolios_figures() -> None:
    register, config = load_sample()
    portfolio = build_portfolio(register, config)
    problem = problem_of(register, config)
    roles = [portfolio.roles.index(r) for r in problem.roles]
    now = ~problem.business_case_first  # the rest start a year later, after a business case
    assert now.sum() > portfolio.size * 0.9
    assert_allclose(problem.fte[now], portfolio.fte[:, roles][now])
    assert_allclose((problem.gain + problem.mtfs)[now], portfolio.expected[now])
    later = problem.business_case_first
    assert_allclose((problem.gain + problem.mtfs)[later, 1:], portfolio.expected[later, :-1])
    assert_allclose(problem.mtfs.any(axis=1), portfolio.protected & problem.mtfs.any(axis=1))
    assert problem.mtfs[portfolio.protected].sum() > 0
    assert_allclose(problem.cost[now], portfolio.cost[now])
    case = np.zeros((int(later.sum()), len(problem.years)))  # in the first year it runs
    case[np.arange(len(case)), portfolio.runs[later].argmax(axis=1)] = 25.0
    assert_allclose((problem.cost[later] - case)[:, 1:], portfolio.cost[later, :-1])
    assert [(pool.name, pool.members.tolist()) for pool in problem.pools] == [
        (pool.name, pool.members.tolist()) for pool in portfolio.pools
    ]
