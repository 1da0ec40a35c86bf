"""decisions.csv and summary.json: every row once, in rank order, with the board's numbers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from inputs import read_config, read_register
from optimiser.solve import SolverOptions
from outputs.reset_files import (
    format_run_text,
    write_decisions_csv,
    write_summary_json,
)
from outputs.run_tables import RunTables, build_summary, decisions_frame
from outputs.safe_text import neutralise
from outputs.stamp import new_stamp
from portfolio import build_portfolio
from reset.run import run_reset
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

EXACT = SolverOptions("highs", time_limit=10, gap_rel=0.0)


@pytest.fixture(scope="module")
def small_run():
    config = read_config(SMALL_CONFIG)
    register = read_register(SMALL_REGISTER, config=config)
    return run_reset(register, config, options=EXACT, core=False)


def test_decisions_cover_every_row_once_in_rank_order(small_run, tmp_path: Path) -> None:
    path = write_decisions_csv(RunTables(small_run), tmp_path / "decisions.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["id"] for r in rows) == sorted(small_run.register.ids)
    assert [int(r["rank"]) for r in rows] == sorted(int(r["rank"]) for r in rows)
    assert {r["decision"] for r in rows} <= {"accelerate", "continue", "pause", "terminate"}
    assert all(r["reason"] for r in rows)
    for column in ("mission_alignment_score", "value_score", "risk_score", "capacity_score"):
        assert column in rows[0]


def test_small_register_decisions_are_the_hand_worked_ones(small_run) -> None:
    """INF1 is mandatory; DIG1 outranks its rival DIG2 (they conflict); SC1 fits beside them."""
    frame = decisions_frame(small_run).set_index("id")
    assert frame.loc["INF1", "decision"] == "continue"
    assert frame.loc["INF1", "reason_code"] == "mandatory"
    assert frame.loc["DIG1", "decision"] == "continue"
    assert frame.loc["DIG2", "decision"] in ("pause", "terminate")
    assert frame.loc["DIG2", "reason_code"] == "conflict"
    assert "DIG1" in frame.loc["DIG2", "reason"]


def test_summary_has_the_board_numbers(small_run, tmp_path: Path) -> None:
    path = write_summary_json(RunTables(small_run), tmp_path / "summary.json")
    summary = json.loads(path.read_text(encoding="utf-8"))
    assert summary["solver"]["status"] == "optimal"
    assert summary["solver"]["proven_optimal"] is True
    assert summary["solver"]["optimality_gap"] == pytest.approx(0.0, abs=1e-9)
    assert sum(summary["counts"].values()) == 4
    assert [y["year"] for y in summary["years"]] == ["2024/25", "2025/26"]
    year = summary["years"][1]
    assert year["gap_k"] == 2000
    assert year["benefit_low_k"] <= year["benefit_expected_k"] <= year["benefit_high_k"]
    assert 0 <= year["coverage"] <= 1
    roles = {r["role"]: r for r in summary["roles"]}
    assert set(roles) == {"ict", "project_manager"}
    assert roles["ict"]["used_fte"] <= roles["ict"]["capacity_fte"] + 1e-9
    assert summary["baseline"]["objective"] <= summary["solver"]["objective"] + 1e-9
    assert summary["finding_counts"]["clash"] == 1
    assert any(f["kind"] == "double_counting" for f in summary["findings"])
    assert len(summary["frontier"]) == 5


def test_freed_fte_counts_in_flight_work_that_stops(small_run) -> None:
    summary = build_summary(small_run)
    stopped_in_flight = [
        p
        for p in small_run.register.projects
        if p.status.value == "in_flight"
        and small_run.result.by_id()[p.id].decision.value in ("pause", "terminate")
    ]
    freed = sum(r["freed_fte"] for r in summary["roles"])
    assert freed == pytest.approx(sum(sum(p.fte.values()) for p in stopped_in_flight))


def test_run_text_states_proof_and_gap(small_run) -> None:
    text = format_run_text(RunTables(small_run))
    assert "proven optimal" in text
    assert "2025/26: £" in text
    assert "Greedy spreadsheet baseline" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Plain name", "Plain name"),
        ("Café – naïve", "Café – naïve"),
        (-5.0, -5.0),
    ],
)
def test_formula_text_is_neutralised(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_hostile_names_reach_the_csv_as_text(tmp_path: Path) -> None:
    config = read_config(SMALL_CONFIG)
    text = SMALL_REGISTER.read_text(encoding="utf-8").replace(
        "Network refresh", "=cmd|' /C calc'!A0"
    )
    path = tmp_path / "hostile.csv"
    path.write_text(text, encoding="utf-8")
    register = read_register(path, config=config)
    result = run_reset(register, config, options=EXACT, frontier=False, core=False)
    out = write_decisions_csv(RunTables(result), tmp_path / "decisions.csv")
    with out.open(encoding="utf-8") as handle:
        names = {r["id"]: r["name"] for r in csv.DictReader(handle)}
    assert names["INF1"] == "'=cmd|' /C calc'!A0"


def test_ranking_csv_neutralises_formula_names(tmp_path: Path) -> None:
    from outputs.ranking import write_ranking
    from prioritise import score_portfolio

    config = read_config(SMALL_CONFIG)
    text = SMALL_REGISTER.read_text(encoding="utf-8").replace("Rival case system", "@SUM(A1)")
    path = tmp_path / "hostile.csv"
    path.write_text(text, encoding="utf-8")
    register = read_register(path, config=config)
    stamp = new_stamp(register, config)
    out = write_ranking(
        score_portfolio(build_portfolio(register, config), stability=False),
        tmp_path / "r.csv",
        stamp,
    )
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"]: r["name"] for r in rows}["DIG2"] == "'@SUM(A1)"
    assert {r["run_id"] for r in rows} == {stamp.run_id}
