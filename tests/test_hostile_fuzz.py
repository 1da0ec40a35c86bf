"""Any register a spreadsheet can hold is decided within every rule or refused with a message:
never a traceback, never a row silently dropped, never a hang."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import cli
from tests.hostile import HEADER, config_toml, project, register_csv

HOSTILE_CELLS = (
    "inf",
    "-inf",
    "NaN",
    "1e308",
    "-1e308",
    "(-5)",
    "((5))",
    "(5)",
    "1.234,5",
    "1 234,5",
    "£1,2,3",
    "12k",
    "2.5m",
    "-0",
    "",
    " ",
    "#REF!",
    "#N/A",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\x1b[31mred\x1b[0m",
    "P1\u200b",
    "Р1",  # Cyrillic Р
    "P\u00a01",
    "line\nbreak",
    "carriage\rreturn",
    "x" * 40_000,
    "yes",
    "no",
    "maybe",
    "2024/25",
    "2030/31",
    "P1;P2;P3",
    "P999",
    "P1",
    "'quoted",
    '"',
    ";",
    ",",
    "\ufeffbom",
)
PROJECTS = 6


@st.composite
def hostile_registers(draw: st.DrawFn) -> tuple[str, set[str]]:
    """A small valid register with a few cells replaced by hostile text; its ids as written."""
    rows = [project(i) for i in range(1, PROJECTS + 1)]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.integers(0, PROJECTS - 1))
        column = draw(st.sampled_from(HEADER))
        rows[row][column] = draw(st.sampled_from(HOSTILE_CELLS))
    delimiter = draw(st.sampled_from([",", ";"]))
    return register_csv(rows, delimiter), {str(r["id"]) for r in rows}


@settings(
    max_examples=30,
    deadline=timedelta(seconds=120),  # a hang guard, not a speed target
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=hostile_registers())
def test_a_hostile_register_is_decided_or_refused_with_a_message(
    tmp_path: Path, case: tuple[str, set[str]]
) -> None:
    text, ids = case
    register, config = tmp_path / "register.csv", tmp_path / "config.toml"
    register.write_text(text, encoding="utf-8")
    config.write_text(config_toml(PROJECTS), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "run",
            str(register),
            "--config",
            str(config),
            "--out",
            str(out),
            "--quiet",
            "--no-frontier",
            "--no-stability",
            "--no-core",
            "--format",
            "json",
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "bug in prioritise" not in result.output
    if result.exit_code:
        assert result.exit_code == 1
        assert result.output.startswith("Error: "), result.output
        assert "Fix:" in result.output, result.output  # every refusal says how to mend it
        return
    summary = json.loads(result.output)
    assert summary["projects"] == PROJECTS
    with (out / "decisions.csv").open(encoding="utf-8-sig", newline="") as handle:
        decided = list(csv.DictReader(handle))
    assert len(decided) == PROJECTS  # every row decided, none dropped
    assert {row["decision"] for row in decided} <= {"accelerate", "continue", "pause", "terminate"}
    assert {row["id"] for row in decided} == {i.strip() for i in ids}  # ids as written


def test_the_hostile_cells_each_alone_never_crash(tmp_path: Path) -> None:
    """Every hostile value in every column once: the same promise, exhaustively."""
    config = tmp_path / "config.toml"
    config.write_text(config_toml(len(HOSTILE_CELLS)), encoding="utf-8")
    crashes = []
    for column in HEADER:
        rows = [project(i) for i in range(1, len(HOSTILE_CELLS) + 1)]
        for row, value in zip(rows, HOSTILE_CELLS, strict=True):
            row[column] = value
        register = tmp_path / f"{column}.csv"
        register.write_text(register_csv(rows), encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", str(register), "--config", str(config)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crashes.append(f"{column}: {result.exception!r}")
        elif "Traceback" in result.output or "bug in prioritise" in result.output:
            crashes.append(f"{column}: {result.output[:200]}")
    assert crashes == []
