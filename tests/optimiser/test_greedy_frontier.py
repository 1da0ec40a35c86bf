"""The spreadsheet baseline keeps every rule and never beats the optimiser; the frontier rises
with capacity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from inputs.decisions import Lock, Mode
from optimiser import frontier as frontier_module
from optimiser import solve as solve_module
from optimiser.evaluate import evaluate
from optimiser.frontier import Scaled, efficient_frontier
from optimiser.greedy import greedy_plan
from optimiser.problem import Problem
from optimiser.result import OptimisationResult
from optimiser.solve import Models, build_models, optimise
from optimiser.solvers import RawSolution, SolveStatus
from tests.optimiser.test_solve import (
    AMPLE,
    CHOICE_CSV,
    CHOICE_TOML,
    CONFLICT,
    EVERY_LOCK,
    LOCKS,
    ONE_YEAR,
    POOL,
    PREREQUISITE,
    TWO_YEARS,
)
from tests.optimiser.tiny import HIGHS, build, config_text, data_problem, edit, solve


def test_greedy_ranks_by_score_per_fte_and_loses_to_the_optimiser() -> None:
    # score per FTE: B 100, C 87.5, A 37.5, D 16.7 -> B + C, then nothing fits the last FTE
    problem = data_problem("choice")
    plan = greedy_plan(problem)
    assert_allclose(plan, [Mode.STOP, Mode.CONTINUE, Mode.CONTINUE, Mode.STOP])  # A, B, C, D
    figures = evaluate(problem, plan)
    assert figures.feasible
    assert figures.objective == pytest.approx(55)  # 550 of the 1000 gap
    assert solve(problem).objective == pytest.approx(80)


def _cases(folder: Path) -> dict[str, Problem]:
    one = config_text(ONE_YEAR, {"project_manager": 3}, ONE_YEAR)
    two = config_text(TWO_YEARS, {"project_manager": 4}, AMPLE)
    weighted = CHOICE_TOML.replace("score_weight = 0", "score_weight = 0.5")
    cases = {
        "choice": data_problem("choice"),
        "choice, scores count": (folder / "w", CHOICE_CSV, weighted),
        "mandatory": (folder / "m", edit(CHOICE_CSV, "C", mandatory="yes"), CHOICE_TOML),
        "prerequisite": (folder / "p", PREREQUISITE, one),
        "conflict": (folder / "c", CONFLICT, one),
        "pool": (folder / "pool", POOL, one),
        "locks": (folder / "l", LOCKS, two, EVERY_LOCK),
        "kept": (folder / "k", CHOICE_CSV, CHOICE_TOML, {"D": Lock.KEEP}),
    }
    built = {}
    for name, case in cases.items():
        if isinstance(case, Problem):
            built[name] = case
            continue
        case[0].mkdir()
        built[name] = build(*case)
    return built


def test_greedy_keeps_every_rule_and_never_beats_the_optimiser(tmp_path: Path) -> None:
    for name, problem in _cases(tmp_path).items():
        plan = greedy_plan(problem)
        figures = evaluate(problem, plan)
        assert figures.violations == (), name
        locked_fast = [i for i, lock in problem.locks.items() if lock is Lock.ACCELERATE]
        assert set(np.flatnonzero(plan == Mode.ACCELERATE)) == set(locked_fast), name
        assert figures.objective <= solve(problem).objective + 1e-9, name


def test_greedy_accelerates_only_what_is_locked_to_accelerate(tmp_path: Path) -> None:
    problem = build(tmp_path, LOCKS, config_text(TWO_YEARS, {"project_manager": 4}, AMPLE))
    assert not np.any(greedy_plan(problem) == Mode.ACCELERATE)
    locked = build(
        tmp_path,
        LOCKS,
        config_text(TWO_YEARS, {"project_manager": 4}, AMPLE),
        locks={"Q2": Lock.ACCELERATE},
    )
    plan = greedy_plan(locked)
    assert plan[1] == Mode.ACCELERATE
    assert evaluate(locked, plan).violations == ()


def solved(problem: Problem) -> tuple[Models, OptimisationResult]:
    """The built model and the plan solved on it, as a run hands them to the frontier."""
    models = build_models(problem)
    return models, optimise(problem, HIGHS, models=models)


def frontier(problem: Problem, scales: tuple[float, ...], of: Scaled = "capacity") -> pd.DataFrame:
    """The frontier as a run computes it: from the plan solved on the same built model."""
    return efficient_frontier(problem, *solved(problem), HIGHS, scales, of)


def test_the_frontier_has_one_row_per_scale_and_rises_with_capacity() -> None:
    # 1.5 FTE: B alone (300); 3: A + B (800); 4.5 and 6: the whole gap
    scales = (0.5, 1.0, 1.5, 2.0)
    frame = frontier(data_problem("choice"), scales)
    assert list(frame["scale"]) == list(scales)
    assert set(frame["of"]) == {"capacity"}
    assert set(frame["status"]) == {"optimal"}
    assert_allclose(frame["objective"], [30, 80, 100, 100])
    assert np.all(np.diff(frame["objective"]) >= -1e-9)
    assert_allclose(frame["gap_closed_k"], [300, 800, 1000, 1000])
    assert_allclose(frame["closed_2024/25"], [0.3, 0.8, 1, 1])
    assert_allclose(frame["gap_k"], 1000)
    assert frame["proceeding"].iloc[0] == 1
    assert frame["proceeding"].iloc[1] == 2


def test_the_frontier_over_budget() -> None:
    # £50k buys one project (D, 700), £100k two (A + B, 800); capacity still 3 FTE
    frame = frontier(data_problem("choice"), (0.05, 0.1, 1.0), of="budget")
    assert set(frame["of"]) == {"budget"}
    assert_allclose(frame["objective"], [70, 80, 80])


def test_the_frontier_reports_a_scale_where_forced_work_cannot_fit(tmp_path: Path) -> None:
    # D is mandatory and needs 3 FTE: half the capacity cannot hold it
    problem = build(tmp_path, edit(CHOICE_CSV, "D", mandatory="yes"), CHOICE_TOML)
    frame = frontier(problem, (0.5, 1.0, 2.0))
    assert len(frame) == 3
    assert list(frame["status"]) == ["infeasible", "optimal", "optimal"]
    assert np.isnan(frame["objective"].iloc[0])
    # 3 FTE: D alone (700); 6 FTE: D + A + B (1500 covers the 1000)
    assert_allclose(frame["objective"].iloc[1:], [70, 100])


def test_the_frontier_reuses_the_built_model_and_computes_no_reasons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = data_problem("choice")
    models, current = solved(problem)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the frontier rebuilt the model or explained its points")

    monkeypatch.setattr(solve_module, "build_model", refuse)
    monkeypatch.setattr(solve_module, "explain", refuse)
    frame = efficient_frontier(problem, models, current, HIGHS, (0.5, 1.5))
    assert list(frame["status"]) == ["optimal", "optimal"]


def test_a_point_out_of_time_is_reported_and_the_others_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = data_problem("choice")
    models, current = solved(problem)
    real = frontier_module.solve_hard

    def slow_at_half(problem: Problem, model: object, options: object, start: object) -> object:
        if problem.capacity.sum() < current.capacity.sum():
            return RawSolution(SolveStatus.UNKNOWN, np.zeros(0), 0.0, np.inf, 10.0), None
        return real(problem, model, options, start)  # type: ignore[arg-type]

    monkeypatch.setattr(frontier_module, "solve_hard", slow_at_half)
    frame = efficient_frontier(problem, models, current, HIGHS, (0.5, 1.0, 2.0))
    assert list(frame["status"]) == ["no plan in 10 s", "optimal", "optimal"]
    assert np.isnan(frame["objective"].iloc[0])
    assert_allclose(frame["objective"].iloc[1:], [80, 100])
