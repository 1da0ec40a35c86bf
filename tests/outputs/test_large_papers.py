"""At the size of a large register the papers stay readable: the pack does not draw a graph no
one can read, and the workbook lists a bounded number of findings of each kind."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inputs import load_sample
from optimiser.solve import SolverOptions
from outputs import board_pack, workbook_sheets
from outputs.board_pack import build_board_pack
from outputs.run_tables import RunTables
from outputs.workbook import write_decisions_workbook
from reset.run import ResetRun, run_reset


@pytest.fixture(scope="module")
def sample_run() -> ResetRun:
    register, config = load_sample()
    options = SolverOptions("highs", time_limit=20, gap_rel=0.005)
    return run_reset(register, config, options=options, frontier=False, stability=False, core=False)


def test_the_pack_names_the_graph_instead_of_drawing_it_past_its_limit(
    sample_run: ResetRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = build_board_pack(RunTables(sample_run))
    assert 'id="chart-dependencies"' in drawn
    monkeypatch.setattr(board_pack, "GRAPH_UP_TO", 100)
    named = build_board_pack(RunTables(sample_run))
    assert 'id="chart-dependencies"' not in named
    assert re.search(r"570 projects and [\d,]+ links are too many to draw", named)
    assert "prioritise graph --out graph.html" in named
    monkeypatch.setattr(board_pack, "GRAPH_UP_TO", 3_000)
    monkeypatch.setattr(board_pack, "GRAPH_LINKS_UP_TO", 10)  # a web of clashes, say
    assert 'id="chart-dependencies"' not in build_board_pack(RunTables(sample_run))


def test_the_workbook_lists_a_bounded_number_of_each_kind_of_finding(
    sample_run: ResetRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(workbook_sheets, "FINDINGS_PER_KIND", 3)
    path = write_decisions_workbook(RunTables(sample_run), tmp_path / "d.xlsx")
    rows = list(load_workbook(path, read_only=True)["Findings"].iter_rows(values_only=True))[1:]
    found = Counter(f.kind.value for f in sample_run.checks.findings)
    listed = Counter(row[0] for row in rows if not str(row[3]).startswith("and "))
    assert listed == {kind: min(count, 3) for kind, count in found.items()}
    more = {row[0]: row[3] for row in rows if str(row[3]).startswith("and ")}
    assert more == {kind: f"and {count - 3:,} more" for kind, count in found.items() if count > 3}


def test_the_pack_lists_the_most_severe_findings_of_each_kind(
    sample_run: ResetRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board_pack, "FINDINGS_SHOWN", 2)
    page = build_board_pack(RunTables(sample_run))
    section = page[page.index('id="findings"') : page.index('id="dependencies"')]
    duplicates = sum(f.kind.value == "likely_duplicate" for f in sample_run.checks.findings)
    assert duplicates > 2
    assert f"The 2 most severe of {duplicates:,}; the workbook" in section
    assert section.count('<table class="findings">') == section.count("<h3>")
    assert all(table.count("<tr>") <= 3 for table in section.split('<table class="findings">')[1:])
