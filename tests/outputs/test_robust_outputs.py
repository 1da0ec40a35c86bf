"""The core index where the Board and PMO read decisions: decisions.csv, summary.json, the
workbook, the board pack and the terminal, all from `run.core` as the run computed it."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inputs import Config, load_sample, read_config, read_register
from inputs.decisions import Mode
from optimiser.solve import SolverOptions
from outputs.board_pack import build_board_pack
from outputs.reset_files import format_run_text, write_decisions_csv, write_summary_json
from outputs.run_tables import MOST_PLANS, RunTables, shown_share
from outputs.workbook import write_decisions_workbook
from outputs.workbook_edits import read_decision_locks
from reset.run import ResetRun, run_reset
from risk.robust import label_of
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.outputs.test_board_pack import parse, section, tables_in

EXACT = SolverOptions("highs", time_limit=10, gap_rel=0.0)
FUTURES = 20
HOSTILE = {
    "name": "<script>alert('core')</script>",
    "directorate": "<img src=x onerror=alert(1)>",
    "programme": '=HYPERLINK("http://evil","x") & <b>co</b>',
}


def _small(
    tmp_path: Path | None = None, core: bool = True, dig1: dict[str, str] | None = None
) -> ResetRun:
    """The small register (hand-checkable: DIG1 and DIG2 are rivals, so neither is core), with
    DIG1's text replaced by `dig1` where given."""
    config = read_config(SMALL_CONFIG)
    path = SMALL_REGISTER
    if dig1:
        assert tmp_path is not None
        with SMALL_REGISTER.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row["id"] == "DIG1":
                row |= dig1
        path = tmp_path / "hostile.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    register = read_register(path, config=config)
    return run_reset(register, config, options=EXACT, frontier=False, core=core)


def _few_futures(config: Config) -> Config:
    return config.model_copy(update={"risk": config.risk.model_copy(update={"futures": FUTURES})})


@pytest.fixture(scope="module")
def small_run() -> ResetRun:
    run = _small()
    assert run.core is not None
    return run


@pytest.fixture(scope="module")
def uncomputed_run() -> ResetRun:
    run = _small(core=False)
    assert run.core is None
    return run


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> ResetRun:
    return _small(tmp_path_factory.mktemp("hostile"), dig1=HOSTILE)


@pytest.fixture(scope="module")
def sample_run() -> ResetRun:
    """The 570-project sample, its core index over a few futures."""
    register, config = load_sample()
    return run_reset(
        register, _few_futures(config), options=SolverOptions("highs", 10, 0.005), frontier=False
    )


@pytest.fixture(scope="module")
def sample_page(sample_run: ResetRun) -> str:
    return build_board_pack(RunTables(sample_run))


def _csv(run: ResetRun, folder: Path) -> dict[str, dict[str, str]]:
    path = write_decisions_csv(RunTables(run), folder / "decisions.csv")
    with path.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_decisions_csv_gives_each_projects_core_index_and_label(
    small_run: ResetRun, tmp_path: Path
) -> None:
    rows = _csv(small_run, tmp_path)
    assert small_run.core is not None
    share = dict(zip(small_run.portfolio.ids, small_run.core.share, strict=True))
    for project, row in rows.items():
        value = float(row["core_index"])
        assert 0.0 <= value <= 1.0
        assert value == pytest.approx(round(float(share[project]), 3))
        expected = "core" if value == 1.0 else "exterior" if value == 0.0 else "borderline"
        assert row["robustness"] == expected, project
    assert rows["INF1"]["robustness"] == "core"  # mandatory: in every plan
    assert rows["DIG1"]["robustness"] == rows["DIG2"]["robustness"] == "borderline"  # rivals


def test_without_the_core_index_the_columns_are_blank(
    uncomputed_run: ResetRun, tmp_path: Path
) -> None:
    rows = _csv(uncomputed_run, tmp_path)
    assert {(r["core_index"], r["robustness"]) for r in rows.values()} == {("", "")}
    summary = json.loads(
        write_summary_json(RunTables(uncomputed_run), tmp_path / "summary.json").read_text()
    )
    assert summary["robust"] is None
    assert "Core index" not in format_run_text(RunTables(uncomputed_run))


def test_summary_json_has_the_robust_block(small_run: ResetRun, tmp_path: Path) -> None:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    path = write_summary_json(RunTables(small_run), tmp_path / "summary.json")
    robust = json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)["robust"]
    core = small_run.core
    assert core is not None
    assert robust["futures"] == core.futures == 200 and robust["unsolved"] == 0
    assert robust["seed"] == core.seed and robust["where"] == core.where
    assert robust["counts"] == {kind.value: n for kind, n in core.counts().items()}
    assert sum(robust["counts"].values()) == small_run.problem.size
    in_plan = small_run.result.chosen.mode != Mode.STOP
    assert sum(robust["plan_counts"].values()) == int(in_plan.sum()) == 3
    assert robust["borderline"] == [
        {
            "id": "DIG1",
            "name": "Case management system",
            "decision": "continue",
            "action": "initiate",
            "share": shown_share(float(core.share[small_run.portfolio.index()["DIG1"]])),
        }
    ]
    assert robust["stopped_in_most"] == [
        r for r in robust["stopped_in_most"] if r["share"] >= MOST_PLANS
    ]


def test_shown_shares_never_round_onto_core_or_exterior() -> None:
    assert shown_share(0.9996) == 0.999 and label_of(0.9996).value == "borderline"
    assert shown_share(0.0004) == 0.001
    assert (shown_share(1.0), shown_share(0.0), shown_share(0.4567)) == (1.0, 0.0, 0.457)


def test_the_workbook_shows_the_core_index_and_still_reads_back(
    small_run: ResetRun, tmp_path: Path
) -> None:
    path = write_decisions_workbook(RunTables(small_run), tmp_path / "decisions.xlsx")
    sheet = load_workbook(path)["Decisions"]
    header = [c.value for c in sheet[1]]
    col, label = header.index("Core index") + 1, header.index("Robustness") + 1
    frame = RunTables(small_run).decisions.set_index("id")
    for row in range(2, sheet.max_row + 1):
        project = sheet.cell(row, 1).value
        cell = sheet.cell(row, col)
        assert cell.number_format == "0.0%"
        assert cell.value == pytest.approx(frame.loc[project, "core_index"])
        assert sheet.cell(row, label).value == frame.loc[project, "robustness"]
    decision = header.index("Decision") + 1
    book = load_workbook(path)
    edited = book["Decisions"]
    for row in range(2, edited.max_row + 1):
        if edited.cell(row, 1).value == "DIG1":
            edited.cell(row, decision).value = "pause"
        edited.cell(row, col).value = "a note over the core index"  # a director's scribble
    book.save(path)
    assert read_decision_locks(path) == {"DIG1": "pause"}


def test_the_workbook_leaves_an_uncomputed_core_index_blank(
    uncomputed_run: ResetRun, tmp_path: Path
) -> None:
    path = write_decisions_workbook(RunTables(uncomputed_run), tmp_path / "decisions.xlsx")
    sheet = load_workbook(path)["Decisions"]
    header = [c.value for c in sheet[1]]
    for heading in ("Core index", "Robustness"):
        col = header.index(heading) + 1
        assert {sheet.cell(row, col).value for row in range(2, sheet.max_row + 1)} == {None}
    assert read_decision_locks(path) == {}


def test_the_pack_lists_the_plans_borderline_and_widely_chosen_stopped_projects(
    sample_run: ResetRun, sample_page: str
) -> None:
    robust = RunTables(sample_run).summary["robust"]
    counts = robust["plan_counts"]
    parsed = parse(sample_page)
    assert parsed.titles["robust"] == (
        f"{counts['core']} of the plan's {sum(counts.values())} projects are core (in every "
        f"good plan over {FUTURES} sampled futures), {counts['borderline']} borderline and "
        f"{counts['exterior']} exterior"
    )
    assert '<a href="#robust">Robustness</a>' in sample_page
    text = section(sample_page, "robust")
    assert "under every plausible reading of the figures" in html.unescape(text)
    borderline, stopped = tables_in(text)
    assert borderline[0] == [
        "ID",
        "Project",
        "Decision",
        "Directorate",
        "Programme",
        "In good plans",
    ]
    decided = RunTables(sample_run).decisions.set_index("id")
    core_index = decided["core_index"].to_dict()
    modes = zip(sample_run.portfolio.ids, sample_run.result.chosen.mode, strict=True)
    in_plan = {project for project, mode in modes if mode != Mode.STOP}
    shares = [float(row[5].rstrip("%")) / 100 for row in borderline[1:]]
    assert len(borderline) - 1 == counts["borderline"] > 0
    assert shares == sorted(shares) and all(0 < s < 1 for s in shares)
    for row, share in zip(borderline[1:], shares, strict=True):
        assert row[0] in in_plan
        assert decided.loc[row[0], "robustness"] == "borderline"
        assert share == pytest.approx(decided.loc[row[0], "core_index"])
        assert row[3] == decided.loc[row[0], "directorate"]
    first = borderline[1]
    assert f"<td>{first[0]}</td>" in text and f">{first[5]}</td>" in text
    assert len(stopped) > 1, "the sample stops some projects that most good plans include"
    for row in stopped[1:]:
        share = float(core_index[row[0]])
        assert row[0] not in in_plan
        assert share >= MOST_PLANS and row[5] == f"{share:.1%}"
    headline = html.unescape(section(sample_page, "headline"))
    assert f">{counts['core']:,} of {sum(counts.values()):,}<" in headline
    assert f"in every good plan over {FUTURES} sampled futures" in headline


def test_the_pack_says_how_to_get_an_uncomputed_core_index(uncomputed_run: ResetRun) -> None:
    page = build_board_pack(RunTables(uncomputed_run))
    assert parse(page).titles["robust"] == "The core index was not computed in this run"
    assert "<code>prioritise run --core</code>" in section(page, "robust")
    assert "sampled futures of the figures and weights;" not in section(page, "headline")


def test_hostile_names_in_the_robust_table_stay_text(hostile_run: ResetRun) -> None:
    page = build_board_pack(RunTables(hostile_run))
    text = section(page, "robust")
    for attack in ("<script>alert", "<img src=x", "<b>co</b>"):
        assert attack not in text
    (row,) = [r for r in tables_in(text)[0][1:] if r[0] == "DIG1"]
    assert [row[1], row[3], row[4]] == [HOSTILE[k] for k in ("name", "directorate", "programme")]
    assert html.escape(HOSTILE["name"]) in text


def test_the_terminal_gives_the_core_index_in_one_line(small_run: ResetRun) -> None:
    lines = format_run_text(RunTables(small_run)).splitlines()
    (line,) = [line for line in lines if line.startswith("Core index")]
    counts = RunTables(small_run).summary["robust"]["plan_counts"]
    assert re.fullmatch(
        rf"Core index \(200 futures, \d+ s on \d+ process(es)? on this machine\): of the "
        rf"plan's {sum(counts.values())} projects {counts['core']} core \(in every good plan\), "
        rf"{counts['borderline']} borderline, {counts['exterior']} exterior(; .*)?",
        line,
    )
    assert lines.index(line) > next(i for i, s in enumerate(lines) if s.startswith("Chance of"))
