"""`prioritise serve` refuses bad input before it serves anything."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import cli
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER


def test_a_bad_register_is_one_clear_error_and_nothing_is_served(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text("id,name\nA,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", str(register), "--config", str(SMALL_CONFIG)])
    assert result.exit_code == 1
    assert "register.csv" in result.output and "Traceback" not in result.output
    assert "workspace is at" not in result.output


def test_a_register_without_its_limits_is_told_to_give_a_config(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(SMALL_REGISTER)])
    assert result.exit_code == 2 and "give --config" in result.output


def test_the_port_must_be_a_port() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "--port" in result.output
