"""A solver whose library or program is missing is a one-line error naming the fix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pulp import PulpSolverError

import optimiser.solvers as solvers
from cli import cli
from inputs.errors import OptimiserError
from optimiser.model import build_model
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.optimiser.tiny import data_problem


def test_a_missing_highs_library_names_the_other_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "highspy", None)  # import highspy now raises ImportError
    result = CliRunner().invoke(
        cli,
        ["run", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG), "--solver", "highs"],
    )
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: the highs solver cannot run here (ModuleNotFoundError")
    assert line.endswith("or use --solver cbc")


def test_a_cbc_program_that_cannot_run_is_an_optimiser_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> object:
        raise PulpSolverError("Pulp: Error while executing /usr/bin/cbc")

    monkeypatch.setattr(solvers, "_solve_cbc", broken)
    with pytest.raises(OptimiserError, match=r"the cbc solver cannot run here \(PulpSolverError"):
        solvers.solve_model(build_model(data_problem("choice")), "cbc")


def test_a_negative_seed_is_refused_where_it_is_written(tmp_path: Path) -> None:
    config = SMALL_CONFIG.read_text(encoding="utf-8") + "\n[stability]\nseed = -3\n"
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(SMALL_REGISTER), "--config", str(path)])
    assert result.exit_code == 1
    assert "key 'stability.seed': value \"-3\" Input should be greater than or equal to 0" in (
        result.output
    )
