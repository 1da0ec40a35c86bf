"""A register whose years and the config's do not overlap is refused: nothing would count."""

from __future__ import annotations

from pathlib import Path

from inputs import read_config, validate_register
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.inputs.test_header_units import _renamed


def test_a_register_whose_years_miss_the_configs_is_refused(tmp_path: Path) -> None:
    renames = {
        h: h.replace("2024_25", "2030_31").replace("2025_26", "2031_32")
        for h in SMALL_REGISTER.read_text(encoding="utf-8").splitlines()[0].split(",")
    }
    report = validate_register(_renamed(tmp_path, renames), config=read_config(SMALL_CONFIG))
    assert report.register is None
    (apart,) = [p for p in report.problems if "none of the register's years" in p.message]
    assert "(2030/31, 2031/32) is among the config's (2024/25, 2025/26)" in apart.message
    assert apart.is_error and "set `years` in the config" in apart.fix
