"""A solver stopped by its time limit before any plan: the greedy plan stands in, labelled."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import optimiser.solve as solve_module
from cli import cli
from optimiser.evaluate import evaluate
from optimiser.greedy import greedy_plan
from optimiser.problem import Problem
from optimiser.solve import SolverOptions, optimise
from optimiser.solvers import RawSolution, SolveStatus
from outputs.board_text import solver_proof
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.optimiser.tiny import data_problem


def test_no_plan_in_time_gives_the_greedy_plan_honestly_labelled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = data_problem("choice")

    def out_of_time(problem: Problem, model: object, options: object, start: object) -> object:
        return RawSolution(SolveStatus.UNKNOWN, np.zeros(0), 0.0, np.inf, 1.0), None

    monkeypatch.setattr(solve_module, "solve_hard", out_of_time)
    result = optimise(problem, SolverOptions(solver="highs", time_limit=1.0))
    greedy = greedy_plan(problem)
    assert result.status is SolveStatus.GREEDY
    assert evaluate(problem, result.plan).feasible
    assert result.objective == pytest.approx(evaluate(problem, greedy).objective)
    assert result.bound == result.objective  # nothing better is proven
    (warning,) = result.warnings
    assert warning.startswith("the highs solver found no plan in 1 s, so this is the greedy plan")
    assert solver_proof(result.status, result.gap_rel, 0.005) == (
        "no plan from the solver within the time limit: the greedy plan (score per FTE) "
        "stands in, not optimised"
    )


def test_forced_work_over_a_limit_is_named_not_a_greedy_plan_that_breaks_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def out_of_time(problem: Problem, model: object, options: object, start: object) -> object:
        return RawSolution(SolveStatus.UNKNOWN, np.zeros(0), 0.0, np.inf, 1.0), None

    monkeypatch.setattr(solve_module, "solve_hard", out_of_time)
    tight = tmp_path / "tight.toml"
    tight.write_text(
        SMALL_CONFIG.read_text(encoding="utf-8").replace("ict = 1.5", "ict = 0.5"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["run", str(SMALL_REGISTER), "--config", str(tight), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "No plan fits" in result.output and "ict" in result.output and "INF1" in result.output
    assert "internal check failed" not in result.output
