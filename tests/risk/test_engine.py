"""The risk engine against closed forms, its seed, its calibration and its correlations."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from inputs import load_sample
from inputs.risk_settings import RiskSettings
from outputs.reset_files import format_run_text
from outputs.run_tables import RunTables, build_summary
from reset.run import run_reset
from risk import Exposure, simulate

YEARS = ("2024/25", "2025/26")
PLAIN = RiskSettings(
    draws=40_000,
    distribution="uniform",
    delivery_record=1.0,
    slip=dict.fromkeys(["idea", "deep_dive", "business_case", "delivery"], 0.0),
    programme_correlation=0.0,
    council_correlation=0.0,
)


def exposure(low: list[list[float]], high: list[list[float]], **changes: object) -> Exposure:
    lo, hi = np.array(low, dtype=float), np.array(high, dtype=float)
    n = len(lo)
    base = Exposure(
        low=lo,
        expected=(lo + hi) / 2,
        high=hi,
        confidence=np.ones(n),
        slip=np.zeros(n),
        programme=np.zeros(n, dtype=int),
        gap=np.array([250.0, 250.0]),
        mtfs_planned=np.zeros(2),
    )
    return replace(base, **changes)


def test_independent_uniforms_have_the_exact_mean_and_variance_of_their_sum() -> None:
    # three projects uniform on [0, 100], [50, 150], [0, 200] in year 1; sum mean 250,
    # variance (100^2 + 100^2 + 200^2) / 12 = 5000
    plan = exposure([[0, 0], [50, 0], [0, 0]], [[100, 0], [150, 0], [200, 0]])
    odds = simulate(plan, PLAIN, YEARS)
    total = odds.closed[:, 0]
    assert total.mean() == pytest.approx(250, abs=3 * np.sqrt(5000 / 40_000))
    assert total.var() == pytest.approx(5000, rel=0.03)
    assert odds.p_closed[0] == pytest.approx(0.5, abs=0.01)  # symmetric about the gap
    assert odds.p50[0] == pytest.approx(250, abs=5)


def test_the_same_seed_gives_the_same_odds_and_another_seed_others() -> None:
    plan = exposure([[0, 10], [5, 5]], [[100, 90], [60, 80]], confidence=np.array([0.7, 0.9]))
    settings = RiskSettings(draws=2_000)
    first, again = simulate(plan, settings, YEARS), simulate(plan, settings, YEARS)
    np.testing.assert_array_equal(first.closed, again.closed)
    other = simulate(plan, settings.model_copy(update={"seed": 7}), YEARS)
    assert not np.array_equal(first.closed, other.closed)


def test_draws_deliver_the_record_on_average() -> None:
    plan = exposure([[10, 20], [0, 40]], [[90, 60], [100, 80]], confidence=np.array([0.5, 0.8]))
    settings = RiskSettings(draws=5_000, delivery_record=0.9)
    odds = simulate(plan, settings, YEARS)
    assert odds.closed.sum(axis=1).mean() == pytest.approx(0.9 * plan.expected.sum())


def test_a_shared_shock_widens_the_spread_of_the_total() -> None:
    plan = exposure([[0, 0]] * 20, [[100, 0]] * 20)
    alone = simulate(plan, PLAIN, YEARS).closed[:, 0].std()
    shared = PLAIN.model_copy(update={"council_correlation": 0.5})
    assert simulate(plan, shared, YEARS).closed[:, 0].std() > 2 * alone


def test_a_slip_moves_a_year_on_and_the_record_sets_the_level() -> None:
    plan = exposure([[100, 60]], [[100, 60]], slip=np.ones(1))
    odds = simulate(plan, PLAIN, YEARS)
    # the 100 lands in year 2 and the 60 past the horizon; the delivery factor then scales
    # the draws to the record (all 160 of the plan, at a record of 1): 1.6 x 100 in year 2
    np.testing.assert_allclose(odds.closed.mean(axis=0), [0, 160], atol=1e-9)
    assert odds.delivery_factor == pytest.approx(1.6)


def test_the_contingency_buys_the_confidence_asked() -> None:
    plan = exposure([[0, 0], [0, 0]], [[300, 200], [200, 200]])
    settings = PLAIN.model_copy(update={"confidence": 0.8})
    odds = simulate(plan, settings, YEARS)
    with_it = odds.closed + odds.contingency
    assert ((with_it >= odds.gap - 1e-9).mean(axis=0) >= 0.8).all()
    assert odds.contingency[0] == pytest.approx(odds.gap[0] - np.quantile(odds.closed[:, 0], 0.2))


def test_mtfs_savings_the_budget_relies_on_count_against_the_gap() -> None:
    plan = exposure([[100, 0]], [[100, 0]], mtfs_planned=np.array([100.0, 0.0]))
    odds = simulate(plan, PLAIN, YEARS)
    np.testing.assert_allclose(odds.closed[:, 0], 0.0, atol=1e-9)  # it only keeps the MTFS


def test_the_sample_run_reports_its_odds_and_contingency() -> None:
    run = run_reset(*load_sample(), frontier=False, stability=False, core=False)
    risk = build_summary(run)["risk"]
    assert risk["draws"] == 10_000 and risk["seed"] == 2026
    years = risk["years"]
    assert [y["year"] for y in years] == list(run.result.years)
    for y in years:
        assert 0 <= y["p_closed"] <= 1
        assert y["p10_k"] <= y["p50_k"] <= y["p90_k"]
        assert y["p10_k"] <= y["mean_k"] <= y["p90_k"]  # the expected figure inside its band
        assert y["contingency_k"] >= max(y["gap_k"] - y["p50_k"], 0) - 1e-6  # 80 % > 50 %
    text = format_run_text(RunTables(run))
    assert "Chance of closing the gap (10,000 simulated futures, 90% delivery record)" in text
    assert "To be 80% sure of closing each year, find" in text
