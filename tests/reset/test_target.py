"""The target the Board sets: the gap, reserves to rebuild and a contingency, each its own line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from inputs import read_config
from inputs.errors import ConfigError
from inputs.target_settings import TargetSettings
from outputs.run_tables import RunTables
from tests.reset.registers import config_text, run_rows, yearly

ROWS = [{"id": "A", "name": "Saving"} | yearly(500)]  # 450 a year expected, fits


def test_reserves_and_contingency_add_to_what_the_plan_must_deliver(tmp_path: Path) -> None:
    plain = run_rows(tmp_path, ROWS, config_text(gap=1000)).result
    extra = '[target]\nreserves = { "2024/25" = 100, "2025/26" = 200 }\ndelivery_record = 0.8\n'
    run = run_rows(tmp_path, ROWS, config_text(gap=1000, extra=extra))
    result = run.result
    # contingency 1 / 0.8 - 1 = 25 % of the gap
    assert result.contingency.tolist() == pytest.approx([250, 250])
    assert result.reserves.tolist() == pytest.approx([100, 200])
    assert plain.shortfall.tolist() == pytest.approx([550, 550])
    assert result.shortfall.tolist() == pytest.approx([550 + 100 + 250, 550 + 200 + 250])
    # the gap closed and its coverage are the gap's own: reserves and contingency come after
    assert result.gap_closed == pytest.approx(plain.gap_closed) == pytest.approx(900)
    assert result.coverage().tolist() == pytest.approx([0.45, 0.45])
    years = RunTables(run).summary["years"]
    assert [y["target_k"] for y in years] == pytest.approx([1350, 1450])
    assert [y["reserves_k"] for y in years] == pytest.approx([100, 200])
    assert RunTables(run).summary["target"]["contingency_share"] == pytest.approx(0.25)


def test_a_contingency_share_is_given_directly_or_from_the_record_not_both() -> None:
    assert TargetSettings(contingency=0.1).contingency_share == pytest.approx(0.1)
    assert TargetSettings(delivery_record=0.9).contingency_share == pytest.approx(1 / 0.9 - 1)
    assert TargetSettings().contingency_share == 0
    with pytest.raises(ValidationError, match="not both"):
        TargetSettings(contingency=0.1, delivery_record=0.9)


def test_reserves_outside_the_horizon_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(config_text(extra='[target]\nreserves = { "2030/31" = 5 }\n'), "utf-8")
    with pytest.raises(ConfigError, match=r"\[target.reserves\] names 2030/31"):
        read_config(path)
