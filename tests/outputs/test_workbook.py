"""decisions.xlsx and group workbooks: formatted for people, never a formula, edits read back."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from inputs import load_sample, read_config, read_register
from inputs.decisions import Lock
from inputs.errors import WorkbookError
from optimiser.solve import SolverOptions
from outputs.board_text import format_date, product_version
from outputs.reset_files import write_decisions_csv
from outputs.run_tables import DECISION_COLUMNS, RunTables, build_summary
from outputs.safe_text import FORMULA_STARTS, neutralise
from outputs.stamp import RUN_COLUMN
from outputs.workbook import (
    BUSINESS_AS_USUAL,
    COLUMN_HEADINGS,
    DECISION_CHOICES,
    REGISTER_MEANING,
    file_stems,
    sheet_names,
    write_decisions_workbook,
    write_group_workbooks,
)
from outputs.workbook_edits import read_decision_locks
from outputs.workbook_sheets import MONEY_FORMAT, SCORE_FORMAT
from reset.run import ResetRun, run_reset
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

EXACT = SolverOptions("highs", time_limit=10, gap_rel=0.0)
HOSTILE_NAMES = {
    "INF1": '=HYPERLINK("http://evil","x")',
    "DIG1": "+cmd",
    "DIG2": "@SUM(1)",
    "SC1": "-1+2",
}
HOSTILE_IDS = {"SC1": "+SC1"}  # nothing depends on SC1, so its id can change alone
HOSTILE_DIRECTORATES = {
    "INF1": "<script>alert(1)</script>",
    "DIG1": "Café – naïve / [Ops]: a directorate with a very long name",
}
REGISTER_EXTRAS = {"RAG status": "amber", "Recommended": "by the directorate"}
"""Register columns the product does not use; one reads like one of the workbook's headings."""
COLUMNS = [*DECISION_COLUMNS[:3], "recommended", "comment", *DECISION_COLUMNS[3:]]
PRODUCT_HEADINGS = [COLUMN_HEADINGS[c][0] for c in COLUMNS]
HEADER = [*PRODUCT_HEADINGS, "RAG status", "register: Recommended"]
RUN_DATE = date(2025, 3, 14)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> ResetRun:
    """The small register with names, an id and directorates a spreadsheet could run."""
    with SMALL_REGISTER.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        old = row["id"]
        row["name"] = HOSTILE_NAMES[old]
        row["directorate"] = HOSTILE_DIRECTORATES.get(old, row["directorate"])
        row["id"] = HOSTILE_IDS.get(old, old)
        row |= REGISTER_EXTRAS
    path = tmp_path_factory.mktemp("hostile") / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    config = read_config(SMALL_CONFIG)
    return run_reset(
        read_register(path, config=config), config, options=EXACT, frontier=False, core=False
    )


@pytest.fixture(scope="module")
def workbook_path(hostile_run: ResetRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_decisions_workbook(
        RunTables(hostile_run), tmp_path_factory.mktemp("book") / "d.xlsx", RUN_DATE
    )


def _rows(sheet: Worksheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    rows = _rows(sheet)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _set_decisions(path: Path, changes: dict[str, str], sheet: str | None = None) -> None:
    """Edit decision cells as a director would, by project id, and save."""
    book = load_workbook(path)
    for ws in [book[sheet]] if sheet else book.worksheets:
        header = [cell.value for cell in ws[1]]
        if "Decision" not in header:
            continue
        id_col, decision_col = header.index("Project ref") + 1, header.index("Decision") + 1
        for row in range(2, ws.max_row + 1):
            project = str(ws.cell(row, id_col).value).removeprefix("'")
            if project in changes:
                ws.cell(row, decision_col).value = changes[project]
    book.save(path)


def test_sheets_headers_and_layout(workbook_path: Path, hostile_run: ResetRun) -> None:
    book = load_workbook(workbook_path)
    assert book.sheetnames == [
        "Instructions",
        "Summary",
        "Decisions",
        "Plan by year",
        "Assumptions",
        "Findings",
    ]
    sheet = book["Decisions"]
    records = _records(sheet)
    assert list(records[0]) == HEADER
    assert len(records) == 4
    assert all(r["Decision"] == r["Recommended"] for r in records)
    assert [r["Rank"] for r in records] == [1, 2, 3, 4]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(HEADER)).column_letter}5"
    for heading, number_format in (
        ("Benefit £k", MONEY_FORMAT),
        ("Cost £k", MONEY_FORMAT),
        ("MTFS savings at risk £k", MONEY_FORMAT),
        ("Score", SCORE_FORMAT),
        ("Value score", SCORE_FORMAT),
    ):
        cells = [sheet.cell(row, HEADER.index(heading) + 1) for row in range(2, 6)]
        assert {c.number_format for c in cells} == {number_format}, heading
        assert all(isinstance(c.value, int | float) for c in cells)
    reason = sheet.cell(2, HEADER.index("Reason") + 1)
    assert reason.alignment.wrap_text
    findings = book["Findings"]
    assert findings.freeze_panes == "A2"
    assert findings.auto_filter.ref is not None


def test_headings_are_plain_words(workbook_path: Path, hostile_run: ResetRun) -> None:
    header = [c.value for c in load_workbook(workbook_path)["Decisions"][1]]
    assert header[:9] == [
        "Project ref",
        "Project",
        "Decision",
        "Recommended",
        "Comment",
        "Action",
        "Rank",
        "Ranked with",
        "Score",
    ]
    for heading in (
        "Mission alignment score",
        "Sponsor",
        "Project manager",
        "Benefit £k",
        "Return on investment",
        "Route",
        "Approvals needed",
        "Why this route",
        "EqIA",
    ):
        assert heading in header
    assert not [h for h in PRODUCT_HEADINGS if "_" in h]  # never mission_alignment_score
    records = {
        str(r["Project ref"]): r for r in _records(load_workbook(workbook_path)["Decisions"])
    }
    frame = RunTables(hostile_run).decisions.set_index("id")
    for project, record in records.items():
        row = frame.loc[project.removeprefix("'")]
        assert record["Route"] == row["route"]
        assert record["Approvals needed"] == row["approvals"]
        assert record["Action"] == row["action"]
        assert record["Sponsor"] == row["sponsor"]


def test_register_columns_follow_the_products_as_written(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Decisions"]
    header = [c.value for c in sheet[1]]
    assert header[len(PRODUCT_HEADINGS) :] == ["RAG status", "register: Recommended"]
    records = _records(sheet)
    assert {r["RAG status"] for r in records} == {"amber"}
    assert {r["register: Recommended"] for r in records} == {"by the directorate"}
    assert {r["Recommended"] for r in records} <= set(DECISION_CHOICES)


def test_the_csv_keeps_its_machine_headings(hostile_run: ResetRun, tmp_path: Path) -> None:
    """decisions.csv is the interchange contract: plain words are for the workbook only."""
    tables = RunTables(hostile_run)
    path = write_decisions_csv(tables, tmp_path / "decisions.csv")
    with path.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == [*DECISION_COLUMNS, "RAG status", "Recommended", RUN_COLUMN]
    book = write_decisions_workbook(tables, tmp_path / "decisions.xlsx", RUN_DATE)
    assert [c.value for c in load_workbook(book)["Decisions"][1]] == HEADER


def test_every_sheet_prints_landscape_one_page_wide(workbook_path: Path) -> None:
    book = load_workbook(workbook_path)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert str(setup.paperSize) == "9", sheet.title  # A4
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title  # 1 is unwritten
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.oddHeader.left.text == "Portfolio reset: Test council"
        assert sheet.oddHeader.right.text == f"Run {format_date(RUN_DATE)}"
        assert sheet.oddFooter.left.text == "&A"
        assert sheet.oddFooter.right.text == "Page &P of &N"


def test_instructions_say_how_to_send_a_decision_back(workbook_path: Path) -> None:
    book = load_workbook(workbook_path)
    sheet = book.worksheets[0]
    assert sheet.title == "Instructions"
    rows = [[v for v in row if v is not None] for row in _rows(sheet)]
    text = "\n".join(str(v) for row in rows for v in row)
    assert rows[0] == ["Portfolio reset: Test council"]
    assert f"run on {format_date(RUN_DATE)} with portfolio-reset {product_version()}" in text
    assert "hostile.csv" in text
    for words in (
        "Pick accelerate, continue, keep, pause or terminate from the drop-down",
        "an edit is a row whose Decision differs from Recommended",
        "prioritise whatif hostile.csv --config <config.toml> --from-workbook",
    ):
        assert words in text
    meanings = {row[0]: row[1] for row in rows if len(row) == 2}
    header = [c.value for c in book["Decisions"][1]]
    assert set(header) <= set(meanings)
    assert meanings["Decision"] == COLUMN_HEADINGS["decision"][1]
    assert meanings["RAG status"] == REGISTER_MEANING
    assert all(meanings[h] for h in header)


def test_decision_column_has_a_drop_down_and_colours(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Decisions"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert str(validation.sqref) == "C2:C5"
    assert validation.formula1.strip('"').split(",") == list(DECISION_CHOICES)
    assert set(DECISION_CHOICES) == {lock.value for lock in Lock}
    ranges = {str(rule_range.sqref) for rule_range in sheet.conditional_formatting}
    assert ranges == {"C2:C5", "D2:D5"}


def test_hostile_text_stays_text(workbook_path: Path) -> None:
    book = load_workbook(workbook_path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), cell.coordinate
    records = {str(r["Project ref"]): r for r in _records(book["Decisions"])}
    assert records["'+SC1"]["Project"] == "'-1+2"
    assert records["INF1"]["Project"] == "'" + HOSTILE_NAMES["INF1"]
    assert {r["Project"] for r in records.values()} == {
        neutralise(n) for n in HOSTILE_NAMES.values()
    }
    assert {r["Directorate"] for r in records.values()} >= set(HOSTILE_DIRECTORATES.values())


def test_summary_has_the_board_numbers(workbook_path: Path, hostile_run: ResetRun) -> None:
    sheet = load_workbook(workbook_path)["Summary"]
    summary = build_summary(hostile_run)
    assert sheet["A1"].value == "Portfolio reset: Test council"
    assert sheet["A1"].font.bold
    rows = {row[0]: row for row in _rows(sheet) if row[0] is not None}
    first: dict[object, list[object]] = {}  # a year heads two tables: the gap's, the odds'
    for row in _rows(sheet):
        first.setdefault(row[0], row)
    year = summary["years"][1]
    assert first["2025/26"][1:6] == [
        year["gap_k"],
        year["benefit_expected_k"],
        year["benefit_low_k"],
        year["benefit_high_k"],
        year["coverage"],
    ]
    assert rows["All years"][1] == summary["gap_k"]
    assert rows["All projects"][1] == 4
    assert rows["ict"][1:5] == ["2025/26", 1.5, 2, 1.5]  # its last year's row
    for decision, count in summary["counts"].items():
        assert rows[decision][1] == count
    assert rows["Status"][1] == "optimal"
    assert rows["Optimality gap"][1] == pytest.approx(0.0)
    assert rows["Gap closed £k"][1:3] == [summary["gap_closed_k"], 180]
    assert rows["clash"][1] == 1
    coverage = next(c for c in sheet["F"] if c.value == year["coverage"])
    assert coverage.number_format == "0%"
    roi = summary["return_on_investment"]
    assert rows["Expected benefits £k"][1] == pytest.approx(roi["benefit_k"])
    assert rows["Investment £k"][1] == pytest.approx(roi["investment_k"])
    assert rows["Benefit per £ invested"][1] == pytest.approx(roi["ratio"])
    assert rows["Committee report expects"][1] == "3:1 to 5:1"
    for body, count in hostile_run.governance.counts().items():
        assert rows[body][1] == count


def test_a_config_without_a_name_is_titled_by_its_register(
    hostile_run: ResetRun, tmp_path: Path
) -> None:
    config = hostile_run.config.model_copy(update={"name": ""})
    run = run_reset(hostile_run.register, config, options=EXACT, frontier=False, core=False)
    path = write_decisions_workbook(RunTables(run), tmp_path / "unnamed.xlsx", RUN_DATE)
    book = load_workbook(path)
    assert book["Summary"]["A1"].value == "Portfolio reset: hostile.csv"
    assert book["Decisions"].oddHeader.left.text == "Portfolio reset: hostile.csv"


def test_assumptions_and_findings(workbook_path: Path, hostile_run: ResetRun) -> None:
    book = load_workbook(workbook_path)
    rows = {row[0]: row for row in _rows(book["Assumptions"]) if row[0] is not None}
    for criterion, weight in hostile_run.scores.weights.weights.items():
        assert rows[criterion][1] == pytest.approx(weight)
    assert rows["score_weight"][1] == pytest.approx(hostile_run.problem.score_weight)
    assert rows["pause_min_score"][1] == pytest.approx(hostile_run.problem.pause_min_score)
    assert rows["solver"][1] == "highs"
    assert rows["gap_rel"][1] == 0
    assert rows["'+SC1"][2] == (
        "benefits already in the MTFS: not new money; stopping it widens the gap"
    )
    assert rows["Project ref"][1:] == ["Project", "Assumption"]
    findings = _records(book["Findings"])
    assert list(findings[0]) == ["Kind", "Severity", "Projects", "Finding", "Fix"]
    assert [f["Kind"] for f in findings] == [f.kind.value for f in hostile_run.checks.findings]
    assert all(f["Finding"] and f["Fix"] for f in findings)


def test_edited_decisions_come_back_as_locks(workbook_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "edited.xlsx"
    path.write_bytes(workbook_path.read_bytes())
    assert read_decision_locks(path) == {}
    _set_decisions(path, {"+SC1": "Pause", "DIG2": "keep"})
    assert read_decision_locks(path) == {"+SC1": "pause", "DIG2": "keep"}


def test_blank_decision_keeps_the_recommendation(workbook_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(workbook_path.read_bytes())
    _set_decisions(path, {"DIG1": None, "INF1": "CONTINUE "})  # type: ignore[dict-item]
    assert read_decision_locks(path) == {}


def test_invalid_decision_names_the_cell_and_the_fix(workbook_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "invalid.xlsx"
    path.write_bytes(workbook_path.read_bytes())
    _set_decisions(path, {"DIG2": "hold", "DIG1": "pause"})
    with pytest.raises(WorkbookError) as caught:
        read_decision_locks(path)
    assert isinstance(caught.value, ValueError)
    (problem,) = caught.value.problems
    message = str(caught.value)
    row = next(
        r for r in range(2, 6) if load_workbook(path)["Decisions"].cell(r, 1).value == "DIG2"
    )
    for part in (
        "invalid.xlsx",
        "sheet 'Decisions'",
        f"row {row}",
        f"column 'Decision' (C{row})",
        '"hold"',
        "project DIG2",
        "Fix: choose one of accelerate, continue, keep, pause, terminate",
    ):
        assert part in message
    assert problem.row == row


def test_files_that_are_not_decision_workbooks_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "decisions.xlsx"
    text.write_text("id,decision\nA,pause\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="cannot be opened as an Excel workbook"):
        read_decision_locks(text)
    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.append(["id", "decision"])
    book.save(other)
    with pytest.raises(WorkbookError, match="no sheet with Project ref, Decision and Recommended"):
        read_decision_locks(other)


def test_one_workbook_per_directorate(hostile_run: ResetRun, tmp_path: Path) -> None:
    paths = write_group_workbooks(RunTables(hostile_run), tmp_path / "groups", by="directorate")
    directorates = {p.directorate for p in hostile_run.register.projects}
    assert len(paths) == len(directorates) == 4
    seen: list[str] = []
    for path in paths:
        assert path.parent == tmp_path / "groups"
        assert path.name.startswith("decisions-")
        assert all(c.isascii() and (c.isalnum() or c in "-.") for c in path.name)
        book = load_workbook(path)
        instructions, sheet = book.worksheets
        assert instructions.title == "Instructions"
        records = _records(sheet)
        assert list(records[0]) == HEADER
        assert len({r["Directorate"] for r in records}) == 1
        assert sheet.freeze_panes == "C2"
        assert sheet.auto_filter.ref is not None
        assert sheet.data_validations.dataValidation
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
        seen += [str(r["Project ref"]) for r in records]
    assert sorted(seen) == sorted(neutralise(i) for i in hostile_run.register.ids)
    first = str(_records(load_workbook(paths[0]).worksheets[1])[0]["Project ref"])
    _set_decisions(paths[0], {first.removeprefix("'"): "keep"})
    assert len(read_decision_locks(paths[0])) == 1


def test_one_sheet_per_programme(hostile_run: ResetRun, tmp_path: Path) -> None:
    (path,) = write_group_workbooks(
        RunTables(hostile_run), tmp_path, by="programme", single_file=True
    )
    book = load_workbook(path)
    assert book.sheetnames == ["Instructions", BUSINESS_AS_USUAL, "Digital", "Social Care"]
    counts = {sheet.title: len(_records(sheet)) for sheet in book.worksheets[1:]}
    assert counts == {BUSINESS_AS_USUAL: 1, "Digital": 2, "Social Care": 1}
    _set_decisions(path, {"DIG2": "pause"}, sheet=BUSINESS_AS_USUAL)
    assert read_decision_locks(path) == {"DIG2": "pause"}


def test_group_by_must_be_directorate_or_programme(hostile_run: ResetRun, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="directorate"):
        write_group_workbooks(RunTables(hostile_run), tmp_path, by="sponsor")  # type: ignore[arg-type]


def test_sheet_names_are_valid_and_unique(tmp_path: Path) -> None:
    long = "Adults, Health and Integration Commissioning"
    labels = [long, long + " 2", "a/b: [c]*?\\", "History", "'quoted'", "ADULTS", "adults", ""]
    names = sheet_names(labels)
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 1 <= len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")
    assert names[0] == long[:31].strip()
    book = Workbook()
    for name in names:
        book.create_sheet(name)
    book.save(tmp_path / "names.xlsx")
    stems = file_stems(["Café – naïve", "cafe naive", "../../etc/passwd", "CON", ""])
    assert stems[:3] == ["cafe-naive", "cafe-naive-2", "etc-passwd"]
    assert len(set(stems)) == len(stems)


def test_sample_portfolio_every_row_in_one_group(tmp_path: Path) -> None:
    run = run_reset(
        *load_sample(), options=SolverOptions("highs", 10, 0.005), frontier=False, core=False
    )
    main = write_decisions_workbook(RunTables(run), tmp_path / "decisions.xlsx")
    assert len(_records(load_workbook(main, read_only=True)["Decisions"])) == run.problem.size
    (path,) = write_group_workbooks(RunTables(run), tmp_path, by="directorate", single_file=True)
    book = load_workbook(path, read_only=True)
    groups = book.worksheets[1:]
    ids = [str(r["Project ref"]) for sheet in groups for r in _records(sheet)]
    assert len(groups) == len({p.directorate for p in run.register.projects})
    assert sorted(ids) == sorted(neutralise(i) for i in run.register.ids)
    assert read_decision_locks(path) == {}


def test_plan_by_year_shows_when_each_project_runs(workbook_path: Path, hostile_run) -> None:
    sheet = load_workbook(workbook_path)["Plan by year"]
    rows = list(sheet.iter_rows(values_only=True))
    years = list(hostile_run.result.years)
    assert list(rows[0]) == ["Project ref", "Project", "Directorate", "Decision", "Action", *years]
    by_id = {str(row[0]).removeprefix("'"): row for row in rows[1:]}
    assert len(by_id) == hostile_run.result.size
    index = hostile_run.problem.index()
    for decision in hostile_run.result.decisions:
        cells = by_id[decision.id][5:]
        runs = hostile_run.result.chosen.runs[index[decision.id]]
        if decision.decision.value in ("continue", "accelerate"):
            assert [c is not None for c in cells] == runs.tolist(), decision.id
        if decision.decision.value == "terminate":
            assert set(cells) == {None}, decision.id
        if decision.resume_year:
            assert cells[years.index(decision.resume_year)] == "resumes", decision.id
    row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, 4).value == "continue" and sheet.cell(r, 6).value
    )
    assert sheet.cell(row, 6).fill.fgColor.rgb == sheet.cell(row, 4).fill.fgColor.rgb
