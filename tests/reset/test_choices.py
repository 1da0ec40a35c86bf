"""Choices are refused before any work; user errors are messages, bugs are named as bugs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import cli
from inputs import load_sample
from inputs.decisions import Lock
from inputs.errors import LockError, PortfolioError
from reset import decide, prepare, whatif
from reset.decide import Choices
from reset.run import run_reset
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER


def _no_work(*args: object, **kwargs: object) -> None:
    raise AssertionError("work started before the choices were checked")


@pytest.mark.parametrize(
    ("choices", "named"),
    [
        (Choices(locks={"NOPE": Lock.PAUSE}), "NOPE"),
        (Choices(capacity={"wizard": 2}), "wizard"),
        (Choices(budget={"2031/32": 5}), "2031/32"),
    ],
)
def test_unknown_choices_are_refused_before_scoring_or_solving(
    monkeypatch: pytest.MonkeyPatch, choices: Choices, named: str
) -> None:
    monkeypatch.setattr(prepare, "score_portfolio", _no_work)
    monkeypatch.setattr(decide, "optimise", _no_work)
    with pytest.raises(LockError, match=named):
        run_reset(*load_sample(), choices, core=False)


def test_a_bad_scenario_is_refused_before_the_baseline_is_solved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from inputs.scenarios import Scenario

    monkeypatch.setattr(decide, "optimise", _no_work)
    register, config = load_sample()
    good, bad = Scenario(name="good", pause=("SC1",)), Scenario(name="bad", keep=("SC99",))
    with pytest.raises(LockError, match="SC99"):
        whatif.run_scenarios(register, config, [good, bad], decide.solver_options(config))


def test_the_cli_refuses_a_mistyped_lock_before_solving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decide, "optimise", _no_work)
    args = ["run", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG), "--lock", "DIG9=pause"]
    result = CliRunner().invoke(cli.cli, args)
    assert result.exit_code == 1
    assert "DIG9" in result.output and "Fix:" in result.output


def test_every_user_error_has_one_root() -> None:
    from inputs.errors import (
        ConfigError,
        InfeasibleError,
        InputError,
        OptimiserError,
        RegisterError,
        WorkbookError,
    )

    for error in (ConfigError, InfeasibleError, InputError, OptimiserError, RegisterError):
        assert issubclass(error, PortfolioError)
    assert issubclass(WorkbookError, PortfolioError) and issubclass(PortfolioError, ValueError)


def test_a_plain_value_error_is_reported_as_a_bug_not_as_the_users_fault(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("an internal slip")

    monkeypatch.setattr("reset.run.run_reset", broken)
    monkeypatch.delenv("PRIORITISE_DEBUG", raising=False)
    monkeypatch.setattr(
        "sys.argv", ["prioritise", "run", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG)]
    )
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "unexpected ValueError: an internal slip" in err
    assert "This is a bug in prioritise; rerun with PRIORITISE_DEBUG=1" in err


def test_a_config_setting_naming_an_unknown_project_is_refused_before_scoring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(prepare, "score_portfolio", _no_work)
    register, config = load_sample()
    settings = config.optimiser.model_copy(update={"exit_costs": {"GHOST-1": 25.0}})
    config = config.model_copy(update={"optimiser": settings})
    with pytest.raises(LockError, match=r"\[optimiser.exit_costs\] names 1 project id.*GHOST-1"):
        run_reset(register, config, core=False)
