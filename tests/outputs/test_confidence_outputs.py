"""The plan for a confidence level where the Board and PMO read it: summary.json, decisions.csv,
the pack's Confidence section, the terminal, and `prioritise run --confidence`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from outputs.board_pack import build_board_pack
from outputs.reset_files import format_run_text
from outputs.run_tables import RunTables
from reset.run import ResetRun
from tests.outputs.test_board_pack import parse, section
from tests.reset.registers import config_text, register_text, run_rows
from tests.risk.test_confident import ROWS

HOSTILE = "<img src=x onerror=alert(1)> Long shot"


@pytest.fixture(scope="module")
def sure_run(tmp_path_factory: pytest.TempPathFactory) -> ResetRun:
    rows = [*ROWS[:2], {**ROWS[2], "name": HOSTILE}]  # the expected plan backs the long shot
    return run_rows(tmp_path_factory.mktemp("sure"), rows, config_text(gap=450), confidence=0.8)


def test_the_summary_sets_the_confidence_plan_beside_the_recommended_one(
    sure_run: ResetRun,
) -> None:
    block = RunTables(sure_run).summary["confidence_plan"]
    sure = sure_run.confident
    assert sure is not None and block["confidence"] == 0.8 and block["futures"] == sure.futures
    assert block["price_points"] == pytest.approx(sure.price) and block["price_points"] > 0
    years = {y["year"]: y for y in block["years"]}
    assert years["2024/25"]["recommended_p_closed"] == pytest.approx(sure_run.odds.p_closed[0])
    assert years["2024/25"]["p_closed"] == pytest.approx(sure.odds.p_closed[0])
    changed = {c["id"]: c for c in block["changed"]}
    assert changed["SL"]["recommended"] == "continue"
    assert changed["SL"]["at_confidence"] in {"pause", "terminate"}
    assert changed["S1"]["at_confidence"] == "continue"
    json.dumps(block)  # plain JSON


def test_decisions_csv_gives_each_projects_decision_at_the_confidence(sure_run: ResetRun) -> None:
    frame = RunTables(sure_run).decisions.set_index("id")
    assert sure_run.confident is not None
    for i, project_id in enumerate(sure_run.portfolio.ids):
        assert frame.loc[project_id, "at_confidence"] == sure_run.confident.decided[i]


def test_the_pack_shows_the_price_of_confidence_and_escapes_names(sure_run: ResetRun) -> None:
    page = build_board_pack(RunTables(sure_run))
    title = parse(page).titles["confidence"]
    assert title.startswith("For 80% confidence: a plan that ")
    assert "objective points and 3 changed decisions" in title
    body = section(page, "confidence")
    assert "Chance closed, 80% plan" in body and "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt; Long shot" in body
    assert '<a href="#confidence">' in page


def test_the_terminal_gives_the_chance_before_and_after(sure_run: ResetRun) -> None:
    text = format_run_text(RunTables(sure_run))
    line = next(line for line in text.splitlines() if line.startswith("For 80% confidence"))
    before, after = sure_run.odds.p_closed[0], sure_run.confident.odds.p_closed[0]  # type: ignore[union-attr]
    assert f"chance closed 2024/25 {before:.0%} -> {after:.0%}" in line


def test_without_a_confidence_there_is_no_section_and_the_column_is_blank(
    tmp_path: Path,
) -> None:
    run = run_rows(tmp_path, ROWS[:3], config_text(gap=450))
    tables = RunTables(run)
    assert tables.summary["confidence_plan"] is None
    assert tables.decisions["at_confidence"].isna().all()
    page = build_board_pack(tables)
    assert 'id="confidence"' not in page and "For 80% confidence" not in format_run_text(tables)


def test_prioritise_run_with_a_confidence(tmp_path: Path) -> None:
    (tmp_path / "register.csv").write_text(register_text(ROWS[:3]), encoding="utf-8")
    (tmp_path / "config.toml").write_text(config_text(gap=450), encoding="utf-8")
    args = ["run", str(tmp_path / "register.csv"), "--config", str(tmp_path / "config.toml")]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, [*args, "--confidence", "0.8", "--no-core", "--gap", "0", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "For 80% confidence: a plan that" in result.output
    with (out / "decisions.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["S1"]["at_confidence"] == "continue"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["confidence_plan"]["confidence"] == 0.8
    refused = CliRunner().invoke(cli, [*args, "--confidence", "1.5", "--out", str(out)])
    assert refused.exit_code == 2 and "--confidence" in refused.output
