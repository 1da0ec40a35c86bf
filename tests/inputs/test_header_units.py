"""A money column's header may name its unit: £k (the register's own), £ or £m are read as the
council meant them and converted to £k, said so; an FTE column in hours is refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from inputs import read_config, validate_register
from inputs.columns import money_unit
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER


def _renamed(tmp_path: Path, renames: dict[str, str], cells: dict[str, str] | None = None) -> Path:
    with SMALL_REGISTER.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for k, (old, new) in enumerate((h, renames.get(h, h)) for h in header):
        if old in (cells or {}):
            rows[1][k] = (cells or {})[old]
        header[k] = new
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path = tmp_path / "register.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def _cost(tmp_path: Path, header: str, cell: str | None = None) -> tuple[float, list[str]]:
    cells = {"cost_2024_25": cell} if cell is not None else None
    report = validate_register(
        _renamed(tmp_path, {"cost_2024_25": header}, cells), config=read_config(SMALL_CONFIG)
    )
    assert report.register is not None, [p.message for p in report.problems]
    first = report.register.projects[0]
    return first.costs["2024/25"], [p.message for p in report.problems if p.column == header]


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Cost 2024/25 (£k)", 1.0),
        ("cost_2024_25", 1.0),
        ("Cost 2024/25 £000s", 1.0),
        ("Cost 2024/25 (£'000)", 1.0),
        ("Cost 2024/25 (£)", 0.001),
        ("Cost 2024/25 (£m)", 1000.0),
        ("Cost 2024/25 (£ million)", 1000.0),
        ("Cost 2024/25 GBP k", 1.0),
    ],
)
def test_each_money_unit_is_read_as_written(header: str, scale: float) -> None:
    assert money_unit(header)[0] == scale


def test_a_cost_in_pounds_or_millions_is_converted_to_thousands_and_said_so(
    tmp_path: Path,
) -> None:
    as_k, said = _cost(tmp_path, "Cost 2024/25 (£k)")
    assert as_k > 0 and said == []
    in_m, said = _cost(tmp_path, "Cost 2024/25 (£m)")
    assert in_m == pytest.approx(as_k * 1000)
    assert any("read in £m and converted to £k (x 1000)" in m for m in said)
    in_pounds, said = _cost(tmp_path, "Cost 2024/25 (£)")
    assert in_pounds == pytest.approx(as_k / 1000)
    assert any("read in £ and converted to £k" in m for m in said)


def test_a_figure_with_its_own_unit_keeps_it_under_a_millions_header(tmp_path: Path) -> None:
    value, _ = _cost(tmp_path, "Cost 2024/25 (£m)", cell="250k")
    assert value == pytest.approx(250)
    value, _ = _cost(tmp_path, "Cost 2024/25 (£m)", cell="1.5")
    assert value == pytest.approx(1500)


def test_an_fte_column_in_hours_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = _renamed(tmp_path, {"fte_ict": "FTE ict (hours per week)"})
    report = validate_register(path, config=read_config(SMALL_CONFIG))
    assert report.register is None
    (problem,) = [p for p in report.problems if p.column == "FTE ict (hours per week)"]
    assert "is in hours, not FTE" in problem.message and "37 hours a week = 1 FTE" in problem.fix


def test_a_figure_within_the_limit_in_millions_but_beyond_it_in_thousands_is_refused(
    tmp_path: Path,
) -> None:
    path = _renamed(tmp_path, {"cost_2024_25": "Cost 2024/25 (£m)"}, {"cost_2024_25": "5e9"})
    report = validate_register(path, config=read_config(SMALL_CONFIG))
    (error,) = report.errors
    assert error.row == 2 and error.column == "Cost 2024/25 (£m)"
    assert "is too large to be a figure (beyond 1,000,000,000,000)" in error.message
