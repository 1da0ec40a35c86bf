"""Funding streams: costs charged to their stream, ring-fenced money paying for nothing else."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from inputs import read_config
from inputs.errors import ConfigError, RegisterError
from inputs.stream_settings import GENERAL_FUND
from outputs.run_tables import build_summary, decisions_frame
from tests.reset.registers import config_text, run_rows, yearly


def costs(amount: float) -> dict[str, float]:
    return {"cost_2024_25": amount, "cost_2025_26": amount}


# The general fund has 100 a year; the schools' DSG 200 a year. D (150 a year of DSG money)
# fits its stream; G needs 120 a year, more than the general fund alone has.
ROWS = [
    {"id": "D", "name": "SEND transport", "funding_stream": "DSG"} | yearly(300) | costs(150),
    {"id": "G", "name": "Libraries", "directorate": "Place"} | yearly(200) | costs(120),
]


def streams(ring_fenced: bool, savings_in_gap: bool = False) -> str:
    return (
        "[streams.dsg]\n"
        f"ring_fenced = {str(ring_fenced).lower()}\n"
        f"savings_in_gap = {str(savings_in_gap).lower()}\n"
        '[streams.dsg.budget]\n"2024/25" = 200\n"2025/26" = 200\n'
    )


def test_ring_fenced_money_never_pays_for_other_work(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(capacity=5, budget=100, extra=streams(True)))
    decided = {d.id: d for d in run.result.decisions}
    assert decided["D"].decision.proceeds
    assert not decided["G"].decision.proceeds  # the 50 DSG leaves cannot pay for it
    assert "budget" in decided["G"].reason
    summary = build_summary(run)
    dsg = [row for row in summary["streams"] if row["stream"] == "dsg"]
    assert [row["spend_k"] for row in dsg] == [150, 150]
    assert all(row["spend_k"] <= row["budget_k"] and row["ring_fenced"] for row in dsg)
    assert [y["spend_k"] for y in summary["years"]] == [0, 0]  # nothing on the general fund


def test_ring_fenced_savings_stay_out_of_the_general_fund_gap(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(capacity=5, budget=100, extra=streams(True)))
    d = run.problem.index()["D"]
    assert run.problem.gain[d].sum() == 0 and run.problem.mtfs[d].sum() == 0
    assert any("ring-fenced dsg stream" in note for note in run.portfolio.assumptions[d])
    counted = run_rows(
        tmp_path, ROWS, config_text(capacity=5, budget=100, extra=streams(True, True))
    )
    assert counted.problem.gain[d].sum() > 0  # savings_in_gap: they close the gap too


def test_a_stream_that_is_not_ring_fenced_pays_for_general_work_with_what_it_leaves(
    tmp_path: Path,
) -> None:
    run = run_rows(tmp_path, ROWS, config_text(capacity=5, budget=100, extra=streams(False)))
    decided = {d.id: d for d in run.result.decisions}
    assert decided["D"].decision.proceeds and decided["G"].decision.proceeds  # 120 <= 100 + 50
    frame = decisions_frame(run).set_index("id")
    assert frame.loc["D", "funding_stream"] == "dsg"
    assert frame.loc["G", "funding_stream"] == GENERAL_FUND


def test_a_streams_own_projects_never_overspend_it(tmp_path: Path) -> None:
    rows = [ROWS[0] | costs(250), ROWS[1] | costs(10)]  # D needs more than the DSG has
    run = run_rows(tmp_path, rows, config_text(capacity=5, budget=1000, extra=streams(False)))
    decided = {d.id: d for d in run.result.decisions}
    assert not decided["D"].decision.proceeds  # the general fund's 1000 cannot top it up
    assert "budget of dsg" in decided["D"].reason


def test_every_stream_and_year_stays_within_its_budget_on_a_random_mix(tmp_path: Path) -> None:
    generator = np.random.default_rng(7)
    rows = []
    for k in range(12):
        stream = ["DSG", "capital", ""][k % 3]
        rows.append(
            {"id": f"P{k}", "name": f"Project {k}", "funding_stream": stream}
            | yearly(float(generator.integers(50, 400)))
            | costs(float(generator.integers(20, 120)))
        )
    extra = streams(True) + '[streams.capital.budget]\n"2024/25" = 150\n"2025/26" = 90\n'
    run = run_rows(tmp_path, rows, config_text(capacity=20, budget=120, extra=extra))
    problem, chosen = run.problem, run.result.chosen
    spend = chosen.cost + chosen.stop_cost
    for s, name in enumerate(problem.streams):
        used = spend[problem.stream == s].sum(axis=0)
        assert (used <= problem.stream_budget[s] + 1e-6).all(), name
    capital = problem.streams.index("capital")
    pooled = (problem.stream < 0) | (problem.stream == capital)  # capital is not ring-fenced
    assert (spend[pooled].sum(axis=0) <= 120 + problem.stream_budget[capital] + 1e-6).all()
    assert len(decisions_frame(run)) == len(rows)  # every row decided


def test_a_stream_the_config_does_not_name_is_refused_at_its_cell(tmp_path: Path) -> None:
    rows = [ROWS[0] | {"funding_stream": "Lottery"}, ROWS[1]]
    with pytest.raises(RegisterError) as raised:
        run_rows(tmp_path, rows, config_text(extra=streams(True)))
    (problem,) = raised.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "funding_stream", "Lottery")
    assert "use one of dsg" in problem.fix and "[streams.lottery]" in problem.fix


def test_a_stream_budget_must_give_every_year(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        config_text(extra='[streams.capital.budget]\n"2024/25" = 150\n'), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"\[streams.capital.budget\] has no amount for 2025/26"):
        read_config(path)
