"""When a project runs: start_year, end_year and duration read and checked cell by cell, the
defaults `portfolio.build.run_years` documents, and capacity given as a table by year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from inputs import ConfigError, read_config, read_register, validate_register
from inputs.config import Config
from inputs.register import ValidationReport
from portfolio.build import build_portfolio

WriteFile = Callable[..., Path]
YEARS = ("2024/25", "2025/26", "2026/27", "2027/28")
HEAD = "id,name,directorate,status,start_year,end_year,duration"
COSTED_HEAD = HEAD + "," + ",".join(f"cost_{y.replace('/', '_')}" for y in YEARS)
YEAR_FIX = "write the financial year like 2025/26"
DURATION_FIX = "enter the whole number of years it runs (1 or more), or leave it blank"


def report_of(write_file: WriteFile, *rows: str, head: str = HEAD) -> ValidationReport:
    return validate_register(write_file("\n".join([head, *rows]) + "\n"))


def refused(write_file: WriteFile, *rows: str, head: str = HEAD) -> ValidationReport:
    report = report_of(write_file, *rows, head=head)
    assert not report.ok
    assert report.register is None
    return report


# --- the register's run-year columns


@pytest.mark.parametrize("written", ["2025/26", "2025-26", "FY2025/26", "fy 2025/26", "2025_2026"])
def test_start_and_end_years_are_read_however_written(write_file: WriteFile, written: str) -> None:
    report = report_of(write_file, f"A1,First,Place,pipeline,{written},{written},")
    assert report.ok and not report.errors
    assert report.register is not None
    project = report.register.projects[0]
    assert (project.start_year, project.end_year, project.duration) == ("2025/26", "2025/26", None)


def test_duration_is_read_as_whole_years(write_file: WriteFile) -> None:
    report = report_of(write_file, "A1,First,Place,pipeline,2025/26,,3")
    assert report.register is not None
    project = report.register.projects[0]
    assert (project.start_year, project.end_year, project.duration) == ("2025/26", None, 3)


def test_end_year_and_duration_that_agree_are_kept(write_file: WriteFile) -> None:
    report = report_of(write_file, "A1,First,Place,pipeline,2024/25,2025/26,2")
    assert report.ok and report.register is not None
    project = report.register.projects[0]
    assert (project.start_year, project.end_year, project.duration) == ("2024/25", "2025/26", 2)


@pytest.mark.parametrize(
    ("column", "letter", "row"),
    [
        ("start_year", "E", "A1,First,Place,pipeline,{bad},,"),
        ("end_year", "F", "A1,First,Place,pipeline,,{bad},"),
    ],
)
@pytest.mark.parametrize("bad", ["2025", "next year", "2025/27", "FY25"])
def test_a_year_that_is_not_a_financial_year_is_refused_at_its_cell(
    write_file: WriteFile, column: str, letter: str, row: str, bad: str
) -> None:
    report = refused(write_file, "A0,Fine,Place,pipeline,2024/25,2025/26,", row.format(bad=bad))
    (problem,) = report.errors
    assert (problem.row, problem.column, problem.cell) == (3, column, f"{letter}3")
    assert problem.value == bad
    assert problem.project_id == "A1"
    assert problem.message == "is not a financial year"
    assert problem.fix == YEAR_FIX


def test_not_known_start_is_a_warning_and_left_blank(write_file: WriteFile) -> None:
    report = report_of(write_file, "A1,First,Place,pipeline,tbc,,")
    assert report.ok and report.register is not None
    assert report.register.projects[0].start_year is None
    (warning,) = report.warnings
    assert (warning.column, warning.cell, warning.value) == ("start_year", "E2", "tbc")


def test_end_before_start_is_refused_at_the_end_year(write_file: WriteFile) -> None:
    report = refused(write_file, "A1,First,Place,pipeline,2025/26,2024/25,")
    (problem,) = report.errors
    assert (problem.row, problem.column, problem.cell) == (2, "end_year", "F2")
    assert problem.value == "2024/25"
    assert problem.message == "is before the start year 2025/26"
    assert problem.fix.startswith("give an end year not before the start year")


def test_end_year_and_duration_that_disagree_are_refused(write_file: WriteFile) -> None:
    # from 2024/25 for two years ends in 2025/26, not 2024/25
    report = refused(write_file, "A1,First,Place,pipeline,2024/25,2024/25,2")
    (problem,) = report.errors
    assert (problem.column, problem.cell, problem.value) == ("duration", "G2", "2")
    assert "does not agree with end_year 2024/25" in problem.message
    assert "give one of the two" in problem.message
    assert problem.fix == DURATION_FIX


@pytest.mark.parametrize(
    ("duration", "message"),
    [("1.5", "is not a whole number of years"), ("0", "is below the minimum of 1")],
)
def test_duration_must_be_a_whole_number_of_years(
    write_file: WriteFile, duration: str, message: str
) -> None:
    report = refused(write_file, f"A1,First,Place,pipeline,2025/26,,{duration}")
    (problem,) = report.errors
    assert (problem.column, problem.cell, problem.value) == ("duration", "G2", duration)
    assert problem.message == message
    assert problem.fix == DURATION_FIX


def test_every_bad_run_year_cell_is_reported_in_one_pass(write_file: WriteFile) -> None:
    report = refused(
        write_file,
        "A1,First,Place,pipeline,2025,,",
        "A2,Second,Place,pipeline,2025/26,2024/25,",
        "A3,Third,Place,pipeline,2025/26,,1.5",
    )
    assert [(p.row, p.column) for p in report.errors] == [
        (2, "start_year"),
        (3, "end_year"),
        (4, "duration"),
    ]


# --- the years each project runs: `run_years`' documented defaults

CONFIG = """name = "Test council"
years = ["2024/25", "2025/26", "2026/27", "2027/28"]
[budget_gap]
"2024/25" = 100
"2025/26" = 100
"2026/27" = 100
"2027/28" = 100
[capacity]
project_manager = 2
{ict}
[budget]
"2024/25" = 500
"2025/26" = 500
"2026/27" = 500
"2027/28" = 500
{extra}
"""
ICT_BY_YEAR = """[capacity.ict]
"2024/25" = 1
"2025-26" = 2
"2026/27" = 3.5
"2027/28" = 4
"""
WHOLE_HORIZON_NOTE = "no start, end or costed year: taken to run the whole horizon"


def config_text(ict: str = ICT_BY_YEAR, extra: str = "") -> str:
    return CONFIG.format(ict=ict, extra=extra)


def config_of(write_file: WriteFile, ict: str = ICT_BY_YEAR, extra: str = "") -> Config:
    return read_config(write_file(config_text(ict, extra), "config.toml"))


# status, start, end, duration, costs by year -> the years it runs (1 = runs)
RUNS = {
    "in flight, from the first year to its last costed year": (
        "in_flight,,,,,10,,",
        [1, 1, 0, 0],
    ),
    "in flight with a later start: from the first year at the latest": (
        "in_flight,2026/27,,,,,,",
        [1, 1, 1, 1],
    ),
    "in flight, started before the horizon, ending in its first year": (
        "in_flight,2022/23,2024/25,,,,,",
        [1, 0, 0, 0],
    ),
    "new, from its first costed year to its last": ("pipeline,,,,,10,20,", [0, 1, 1, 0]),
    "new, a gap in its costs: runs through it": ("pipeline,,,,10,,20,", [1, 1, 1, 0]),
    "new, nothing costed: the whole horizon": ("pipeline,,,,,,,", [1, 1, 1, 1]),
    "new, start and duration": ("pipeline,2025/26,,2,,,,", [0, 1, 1, 0]),
    "new, start and end (a cost before the start does not move it)": (
        "pipeline,2025/26,2026/27,,5,,,",
        [0, 1, 1, 0],
    ),
    "new, start with costs around it: to the last costed year from the start": (
        "pipeline,2025/26,,,10,,20,",
        [0, 1, 1, 0],
    ),
    "new, a start and no cost: to the end of the horizon": ("pipeline,2025/26,,,,,,", [0, 1, 1, 1]),
    "new, end and costs: from its first costed year": ("pipeline,,2026/27,,,10,,", [0, 1, 1, 0]),
    "new, a duration past the horizon is cut at its end": (
        "pipeline,2026/27,,5,,,,",
        [0, 0, 1, 1],
    ),
    "new, starting after the horizon: in none of it": ("pipeline,2029/30,,,,,,", [0, 0, 0, 0]),
}


def test_run_years_follow_the_documented_defaults(write_file: WriteFile) -> None:
    config = config_of(write_file)
    rows = [f'P{k},"{label}",Place,{cells}' for k, (label, (cells, _)) in enumerate(RUNS.items())]
    path = write_file("\n".join([COSTED_HEAD, *rows]) + "\n")
    portfolio = build_portfolio(read_register(path, config=config), config)
    row = portfolio.index()
    got = {label: portfolio.runs[row[f"P{k}"]].astype(int).tolist() for k, label in enumerate(RUNS)}
    assert got == {label: runs for label, (_, runs) in RUNS.items()}
    noted = {
        label
        for k, label in enumerate(RUNS)
        if WHOLE_HORIZON_NOTE in portfolio.assumptions[row[f"P{k}"]]
    }
    assert noted == {"new, nothing costed: the whole horizon"}


def test_an_end_before_the_first_costed_year_is_refused_at_its_cell(
    write_file: WriteFile,
) -> None:
    config = config_of(write_file)
    path = write_file(
        COSTED_HEAD
        + "\nN1,Late costs,Place,pipeline,,2025/26,,,,50,"
        + "\nN2,Under way,Place,in_flight,,2025/26,,,,50,\n"
    )
    report = validate_register(path, config=config)
    (problem,) = report.errors  # in-flight work runs from the first year, so N2 is fine
    assert (problem.row, problem.column, problem.value) == (2, "end_year", "2025/26")
    assert "before the project's first costed year, 2026/27" in problem.message
    assert "give the start_year" in problem.fix


# --- capacity and external FTE as tables by year


def test_capacity_by_year_loads_for_every_year(write_file: WriteFile) -> None:
    config = config_of(write_file)
    assert config.capacity["ict"] == dict(zip(YEARS, (1.0, 2.0, 3.5, 4.0), strict=True))
    assert config.capacity_of("ict") == (1.0, 2.0, 3.5, 4.0)
    assert config.capacity_of("project_manager") == (2.0,) * 4  # one number: every year
    path = write_file(COSTED_HEAD + "\nA1,First,Place,in_flight,,,,,,,\n")
    portfolio = build_portfolio(read_register(path, config=config), config)
    np.testing.assert_array_equal(portfolio.capacity, [[1.0, 2.0, 3.5, 4.0], [2.0, 2.0, 2.0, 2.0]])


def problems_of(write_file: WriteFile, text: str) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(ConfigError) as caught:
        read_config(write_file(text, "config.toml"))
    return [(p.key, p.value, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("year", ["2024/25", "2027/28"])
def test_a_capacity_table_missing_a_year_is_refused(write_file: WriteFile, year: str) -> None:
    ict = "\n".join(line for line in ICT_BY_YEAR.splitlines() if not line.startswith(f'"{year}'))
    ((_, _, message),) = problems_of(write_file, config_text(ict))
    assert f"[capacity.ict] has no FTE for {year}" in message
    assert "give every year, or one number for all" in message


def test_a_capacity_table_with_a_year_outside_the_horizon_is_refused(
    write_file: WriteFile,
) -> None:
    ((_, _, message),) = problems_of(write_file, config_text(ICT_BY_YEAR + '"2028/29" = 5\n'))
    assert "[capacity.ict] names 2028/29, outside years" in message


def test_a_negative_fte_in_a_capacity_table_names_its_year(write_file: WriteFile) -> None:
    ict = ICT_BY_YEAR.replace('"2024/25" = 1', '"2024/25" = -1')
    ((key, value, message),) = problems_of(write_file, config_text(ict))
    assert (key, value) == ("capacity.ict.2024/25", "-1")
    assert "greater than or equal to 0" in message


def test_a_negative_single_number_capacity_names_its_role(write_file: WriteFile) -> None:
    text = config_text().replace("project_manager = 2", "project_manager = -2")
    ((key, value, _),) = problems_of(write_file, text)
    assert (key, value) == ("capacity.project_manager", "-2")


EXTERNAL = "[optimiser.external.ict]\nday_rate = 500\nmax_fte = {{ {table} }}\n"


def test_external_fte_by_year_loads(write_file: WriteFile) -> None:
    table = '"2024/25" = 1, "2025/26" = 0.5, "2026/27" = 2, "2027/28" = 0'
    config = config_of(write_file, extra=EXTERNAL.format(table=table))
    assert config.external_of("ict") == (1.0, 0.5, 2.0, 0.0)
    assert config.external_of("project_manager") == (0.0,) * 4


def test_an_external_table_missing_a_year_is_refused(write_file: WriteFile) -> None:
    table = '"2024/25" = 1, "2025/26" = 1, "2026/27" = 1'
    ((_, _, message),) = problems_of(write_file, config_text(extra=EXTERNAL.format(table=table)))
    assert "[optimiser.external.ict] max_fte has no FTE for 2027/28" in message


def test_a_negative_external_fte_names_its_role_and_year(write_file: WriteFile) -> None:
    table = '"2024/25" = -1, "2025/26" = 1, "2026/27" = 1, "2027/28" = 1'
    ((key, value, _),) = problems_of(write_file, config_text(extra=EXTERNAL.format(table=table)))
    assert (key, value) == ("optimiser.external.ict.max_fte.2024/25", "-1")
