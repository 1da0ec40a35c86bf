"""The plan for a confidence level: the best plan whose every year closes in enough sampled
futures, checked against every plan tried one by one with the risk engine's own arithmetic."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from inputs.decisions import Mode
from optimiser.evaluate import chosen_figures, evaluate
from optimiser.options import allowed, modes_of
from optimiser.solve import SolverOptions, build_models
from reset.run import ResetRun
from risk.confident import CONFIDENCE_FUTURES, ConfidentPlan, confident_plan
from risk.engine import draw_futures, exposure_of, sure_ranges
from tests.reset.registers import config_text, run_rows

EXACT = SolverOptions("highs", time_limit=20, gap_rel=0.0)


def row(project_id: str, low: float, high: float, stage: str, fte: float) -> dict[str, object]:
    return {
        "id": project_id,
        "name": f"Project {project_id}",
        "stage": stage,
        "fte_project_manager": fte,
        "benefit_2024_25_low": low,
        "benefit_2024_25_high": high,
        "benefit_2025_26_low": low,
        "benefit_2025_26_high": high,
    }


# One project manager: the long shot SL alone, or the two sure things S1 and S2 (and T, small).
# The ids sort as the rows are listed (futures are drawn in id order).
ROWS = [
    row("S1", 260, 300, "delivery", 0.5),
    row("S2", 260, 300, "delivery", 0.5),
    row("SL", 600, 2600, "idea", 1.0),
    row("T", 20, 60, "business_case", 0.25),
]


def reset(
    folder: Path, gap: int = 450, capacity: float = 1, rows: list[dict[str, object]] = ROWS
) -> ResetRun:
    return run_rows(folder, rows, config_text(gap=gap, capacity=capacity))


def eighty_percent(run: ResetRun) -> ConfidentPlan:
    """The run's plan for 80 % confidence, solved exactly."""
    hard = build_models(run.problem).hard
    return confident_plan(
        run.portfolio, run.problem, hard, run.result, 0.8, EXACT, run.odds, run.prepared.futures
    )


def closes_by_brute_force(run: ResetRun, plan: np.ndarray) -> np.ndarray:
    """years: the share of the confidence plan's futures in which `plan` closes the gap,
    worked out with the risk engine's own draws and arithmetic (not the chance rows)."""
    settings = run.config.risk
    recommended = exposure_of(run.portfolio, run.result)
    futures = draw_futures(recommended, settings, CONFIDENCE_FUTURES, (settings.seed, 2))
    factor = run.odds.delivery_factor  # the recommended plan's calibration, as the run's
    exposure = exposure_of(run.portfolio, run.result, chosen=chosen_figures(run.problem, plan))
    low, _, high = sure_ranges(exposure.low, exposure.expected, exposure.high, exposure.confidence)
    closed = factor * futures.delivered(low, high - low) - exposure.mtfs_planned
    return (closed >= exposure.gap - 1e-6).mean(axis=0)


def best_by_brute_force(run: ResetRun, confidence: float) -> tuple[float, np.ndarray]:
    """The best objective over every plan (each project in any mode it may take), first by the
    futures short of the confidence (fewest first), then by the objective."""
    problem, best = run.problem, None
    wanted = np.ceil(confidence * CONFIDENCE_FUTURES - 1e-9)
    choices = [
        [Mode.STOP, *(m for m in modes_of(problem) if allowed(problem, m)[i])]
        for i in range(problem.size)
    ]
    for modes in itertools.product(*choices):
        plan = np.array([int(m) for m in modes])
        judged = evaluate(problem, plan)
        if not judged.feasible:
            continue
        closes = np.round(closes_by_brute_force(run, plan) * CONFIDENCE_FUTURES)
        short = float(np.maximum(wanted - closes, 0).sum())
        key = (-short, judged.objective)
        if best is None or key > best[0]:
            best = (key, plan)
    assert best is not None
    return best[0][1], best[1]


@pytest.mark.parametrize("gap", [300, 450, 560])
def test_the_confidence_plan_is_the_best_plan_that_closes_enough_futures(
    tmp_path: Path, gap: int
) -> None:
    run = reset(tmp_path, gap=gap)
    sure = eighty_percent(run)
    objective, best = best_by_brute_force(run, 0.8)
    assert sure.objective == pytest.approx(objective, abs=1e-6)
    np.testing.assert_allclose(sure.in_sample, closes_by_brute_force(run, sure.plan))
    wanted = np.ceil(0.8 * CONFIDENCE_FUTURES - 1e-9) / CONFIDENCE_FUTURES
    short = np.maximum(wanted - closes_by_brute_force(run, best), 0).sum()
    assert np.maximum(wanted - sure.in_sample, 0).sum() == pytest.approx(short)
    assert sure.price == pytest.approx(run.result.objective - sure.objective)
    assert sure.price >= -1e-9  # the expected plan is the best without the chance rows
    assert set(sure.changed) == {
        run.problem.ids[i] for i in np.flatnonzero(sure.plan != run.result.plan)
    }


def test_the_long_shot_gives_way_to_the_sure_things_for_eighty_percent(tmp_path: Path) -> None:
    run = reset(tmp_path, rows=ROWS[:3])  # without T, the expected plan backs the long shot
    decided = {d.id: d.decision.value for d in run.result.decisions}
    assert decided["SL"] == "continue" and decided["S1"] != "continue"
    sure = eighty_percent(run)
    plan = dict(zip(run.problem.ids, sure.decided, strict=True))
    assert plan["S1"] == plan["S2"] == "continue" and plan["SL"] in {"pause", "terminate"}
    assert sure.price > 0
    # out of sample (the odds' own 10,000 futures) the chance of closing rises every year
    assert (sure.odds.p_closed > run.odds.p_closed).all()


def test_a_year_no_plan_can_close_is_reported_and_the_rest_still_planned(tmp_path: Path) -> None:
    run = reset(tmp_path, gap=20_000)
    sure = eighty_percent(run)
    np.testing.assert_array_equal(sure.reachable, 0.0)
    assert not sure.reached and (sure.in_sample == 0).all()
    assert sure.objective == pytest.approx(run.result.objective)  # nothing to gain: value rules
