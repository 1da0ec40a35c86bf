"""Config: documented keys only, every year given, problems named by key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from inputs import ConfigError, read_config
from tests.conftest import SMALL_CONFIG

WriteFile = Callable[..., Path]


def test_small_config_reads(small_config) -> None:
    assert small_config.years == ("2024/25", "2025/26")
    assert small_config.capacity == {"project_manager": 2, "ict": 1.5}
    assert small_config.roles == ("ict", "project_manager")
    assert small_config.weights.value == 0.4


def _broken(write_file: WriteFile, old: str, new: str) -> ConfigError:
    text = SMALL_CONFIG.read_text().replace(old, new)
    assert text != SMALL_CONFIG.read_text()
    with pytest.raises(ConfigError) as caught:
        read_config(write_file(text, "config.toml"))
    return caught.value


def test_misspelt_key_is_an_error(write_file: WriteFile) -> None:
    error = _broken(write_file, "[capacity]", "[capacities]")
    keys = sorted(p.key or "" for p in error.problems)
    assert keys == ["capacities", "capacity"]
    assert "not a config key" in str(error)


def test_misspelt_weight(write_file: WriteFile) -> None:
    error = _broken(write_file, "risk = 0.15", "risks = 0.15")
    assert [p.key for p in error.problems] == ["weights.risks"]


def test_year_missing_from_budget_gap(write_file: WriteFile) -> None:
    error = _broken(write_file, '"2025/26" = 2000', "")
    assert "no amount for 2025/26" in error.problems[0].message


def test_years_must_follow_on(write_file: WriteFile) -> None:
    error = _broken(write_file, '"2025/26"]', '"2026/27"]')
    assert error.problems[0].key == "years"


def test_negative_capacity(write_file: WriteFile) -> None:
    error = _broken(write_file, "ict = 1.5", "ict = -1")
    assert [(p.key, p.value) for p in error.problems] == [("capacity.ict", "-1")]


def test_bad_toml_names_the_line(write_file: WriteFile) -> None:
    error = _broken(write_file, "ict = 1.5", "ict = = 1.5")
    assert "line 10" in error.problems[0].message


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        read_config(tmp_path / "none.toml")


def test_year_spellings_normalised(write_file: WriteFile) -> None:
    text = SMALL_CONFIG.read_text().replace('"2024/25" = 1000', '"2024-25" = 1000')
    config = read_config(write_file(text, "config.toml"))
    assert config.budget_gap == {"2024/25": 1000, "2025/26": 2000}
