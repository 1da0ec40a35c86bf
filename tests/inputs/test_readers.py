"""The file readers: .xlsx through calamine plus the sheet XML, CSV separators, and figures
whose comma could be a thousands or a decimal mark."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook

from inputs import read_register, validate_register
from inputs.problems import Problem, Severity
from inputs.tables import read_table
from inputs.values import UNCALCULATED, comma_readings, parse_number, proves_decimal_comma
from tests.inputs.workbooks import write_workbook

WriteFile = Callable[..., Path]
HEADER = ["id", "name", "directorate", "status"]


def _rewrite_sheet(path: Path, target: Path, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook with its first sheet's XML changed, as other writers save it."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                changed = change(data)
                assert changed != data
                data = changed
            copy.writestr(item, data)
    return target


# --- .xlsx ---------------------------------------------------------------------------------


def test_cells_read_as_openpyxl_read_them(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["text", 101, 2.5, True, False],
        [date(2025, 4, 1), datetime(2025, 4, 1, 13, 30), time(9, 15), "#N/A", "#REF!"],
        ["=1+1", "  spaced ", None, -3, 1e20],
    ]
    table = read_table(write_workbook(tmp_path / "types.xlsx", {"S": rows}))
    cells = [row.cells for row in table.rows]
    assert cells[0] == ("text", 101, 2.5, True, False)
    assert cells[1] == (
        datetime(2025, 4, 1),  # a whole-day date is a datetime, as openpyxl gave it
        datetime(2025, 4, 1, 13, 30),
        time(9, 15),
        "#N/A",
        "#REF!",
    )
    assert cells[2] == (UNCALCULATED, "  spaced ", None, -3, 1e20)
    assert all(type(value) is bool for value in cells[0][3:])


def test_leading_blank_rows_and_columns_keep_excel_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for offset, values in enumerate([HEADER, ["A1", "One", "Place", "bogus"]]):
        for column, value in enumerate(values):
            sheet.cell(row=4 + offset, column=3 + column, value=value)
    book.save(tmp_path / "offset.xlsx")
    table = read_table(tmp_path / "offset.xlsx")
    assert [row.number for row in table.rows] == [1, 2, 3, 4, 5]
    assert table.rows[3].cells == (None, None, *HEADER)
    report = validate_register(tmp_path / "offset.xlsx")
    assert [(p.row, p.column, p.cell) for p in report.errors] == [(5, "status", "F5")]


def test_formula_saved_without_result_is_refused_at_its_cell(tmp_path: Path) -> None:
    rows = [[*HEADER, "cost_2025_26"], ["A1", "One", "Place", "pipeline", "=1+1"]]
    report = validate_register(write_workbook(tmp_path / "f.xlsx", {"R": rows}))
    (error,) = report.errors
    assert (error.row, error.column, error.cell) == (2, "cost_2025_26", "E2")
    assert "no saved result" in error.message
    assert "save it" in error.fix


def test_formula_outside_the_values_is_still_seen(tmp_path: Path) -> None:
    """calamine's range ends at the last value; a formula with no result lies beyond it."""
    rows: list[list[object]] = [[*HEADER], ["A1", "One", "Place", "pipeline"], [None, "=A2"]]
    report = validate_register(write_workbook(tmp_path / "below.xlsx", {"R": rows}))
    assert any(p.cell == "B3" and "no saved result" in p.message for p in report.errors)


def test_calculated_formulas_and_cached_errors(tmp_path: Path) -> None:
    path = tmp_path / "xw.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Register")
        sheet.write_row(0, 0, [*HEADER, "cost_2025_26", "fte_ict"])
        sheet.write_row(1, 0, ["A1", "One", "Place", "pipeline"])
        sheet.write_formula(1, 4, "=2*3", None, 6)
        sheet.write_formula(1, 5, "=1/0", None, "#DIV/0!")
    report = validate_register(path)
    (error,) = report.errors
    assert (error.cell, error.value) == ("F2", "#DIV/0!")
    assert "Excel error value" in error.message
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Register")
        sheet.write_row(0, 0, [*HEADER, "cost_2025_26"])
        sheet.write_row(1, 0, ["A1", "One", "Place", "pipeline"])
        sheet.write_formula(1, 4, "=2*3", None, 6)
    assert read_register(path).projects[0].costs == {"2025/26": 6}


def test_formula_that_calculated_to_empty_text_is_blank(tmp_path: Path) -> None:
    rows = [[*HEADER, "programme"], ["A1", "One", "Place", "pipeline", "=1+1"]]
    path = write_workbook(tmp_path / "f.xlsx", {"R": rows})
    empty_text = _rewrite_sheet(
        path,
        tmp_path / "text.xlsx",
        lambda xml: xml.replace(b"<f>1+1</f><v />", b'<f>""</f><v></v>').replace(
            b'<c r="E2">', b'<c r="E2" t="str">'
        ),
    )
    assert read_register(empty_text).projects[0].programme is None


def test_namespace_prefixed_sheet_xml(tmp_path: Path) -> None:
    """Some writers (the .NET Open XML SDK) prefix every tag: `<x:c>`, `<x:f>`."""
    rows = [[*HEADER, "cost_2025_26"], ["A1", "One", "Place", "pipeline", "=1+1"]]
    path = write_workbook(tmp_path / "f.xlsx", {"R": rows})

    def prefix(xml: bytes) -> bytes:
        return re.sub(rb"<(/?)(\w+)([\s/>])", rb"<\1x:\2\3", xml).replace(b"xmlns=", b"xmlns:x=")

    report = validate_register(_rewrite_sheet(path, tmp_path / "x.xlsx", prefix))
    assert [(p.cell, p.value) for p in report.errors] == [("E2", UNCALCULATED)]


def test_uncalculated_formula_without_a_cell_reference_is_refused(tmp_path: Path) -> None:
    rows = [[*HEADER, "cost_2025_26"], ["A1", "One", "Place", "pipeline", "=1+1"]]
    path = write_workbook(tmp_path / "f.xlsx", {"R": rows})
    unaddressed = _rewrite_sheet(path, tmp_path / "nor.xlsx", lambda x: x.replace(b' r="E2"', b""))
    (error,) = validate_register(unaddressed).errors
    assert "not a readable .xlsx" in error.message and "no cell reference" in error.message


def test_booleans_dates_and_named_sheet(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [*HEADER, "mandatory", "in_mtfs", "Start date"],
        ["A1", "One", "Place", "pipeline", True, False, date(2025, 4, 1)],
    ]
    path = write_workbook(tmp_path / "b.xlsx", {"Cover": [["Portfolio"]], "Register": rows})
    report = validate_register(path, sheet="Register")
    assert report.register is not None
    assert report.register.sheet == "Register"
    assert not any("sheets" in p.message for p in report.problems)
    project = report.register.projects[0]
    assert (project.mandatory, project.in_mtfs) == (True, False)
    assert project.extra == {"Start date": "2025-04-01T00:00:00"}


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "b.xlsx", {"Cover": [["x"]], "Register": [HEADER]})
    (error,) = validate_register(path, sheet="Projects").errors
    assert error.message == "has no sheet named 'Projects'"
    assert error.fix == "use one of: Cover, Register"


def test_not_a_workbook(write_file: WriteFile) -> None:
    path = write_file(b"PK\x03\x04" + b"\x00" * 64, "fake.xlsx")
    (error,) = validate_register(path).errors
    assert "not a readable .xlsx workbook" in error.message


# --- CSV separators ------------------------------------------------------------------------


def test_semicolon_file_with_comma_heavy_descriptions(write_file: WriteFile) -> None:
    text = (
        "id;name;directorate;status;description\n"
        'A1;One;Place;pipeline;"Roads, bridges, lighting, signs, drains"\n'
        "A2;Two;Place;pipeline;Parks, libraries, leisure, museums, halls, depots\n"
        "A3;Three;Place;pipeline;Waste, recycling\n"
    )
    table = read_table(write_file(text))
    assert table.decimal_comma
    assert {len(row.cells) for row in table.rows} == {5}
    register = read_register(write_file(text))
    assert register.projects[0].description == "Roads, bridges, lighting, signs, drains"
    assert register.projects[1].description == "Parks, libraries, leisure, museums, halls, depots"


def test_tab_separated(write_file: WriteFile) -> None:
    text = "id\tname\tdirectorate\tstatus\tcost_2025_26\nA1\tOne, two\tPlace\tpipeline\t1,500\n"
    register = read_register(write_file(text, "register.tsv"))
    assert register.projects[0].name == "One, two"
    assert register.projects[0].costs == {"2025/26": 1500}


def test_comma_file_with_semicolons_in_text(write_file: WriteFile) -> None:
    text = (
        "id,name,directorate,status,depends_on,description\n"
        "A1,One,Place,pipeline,,Phase 1; phase 2; phase 3\n"
        "A2,Two,Place,pipeline,A1;A3,Needs both; see notes; agreed\n"
        "A3,Three,Place,pipeline,,Plain\n"
    )
    table = read_table(write_file(text))
    assert not table.decimal_comma
    register = read_register(write_file(text))
    assert register.project("A2").depends_on == ("A1", "A3")


def test_semicolon_title_row_above_a_comma_header(write_file: WriteFile) -> None:
    text = (
        "Register; draft; v2; not for circulation; owner PMO\n"
        "id,name,directorate,status\nA1,One,Place,pipeline\nA2,Two,Place,pipeline\n"
    )
    table = read_table(write_file(text))
    assert not table.decimal_comma
    assert read_register(write_file(text)).ids == ("A1", "A2")


# --- `1,200` in decimal-comma files --------------------------------------------------------

SEMI = "id;name;directorate;status;cost_2025_26;fte_ict\n"


def _ambiguity_warnings(problems: tuple[Problem, ...]) -> list[Problem]:
    return [p for p in problems if "could mean" in p.message]


def test_ambiguous_alone_reads_as_thousands_with_a_warning(write_file: WriteFile) -> None:
    report = validate_register(write_file(SEMI + "A1;One;Place;pipeline;£1,200;2\n"))
    assert report.register is not None
    assert report.register.projects[0].costs == {"2025/26": 1200}
    (warning,) = _ambiguity_warnings(report.problems)
    assert warning.severity is Severity.WARNING
    assert (warning.file, warning.row, warning.column, warning.cell) == (
        "register.csv",
        2,
        "cost_2025_26",
        "E2",
    )
    assert (warning.value, warning.project_id) == ("£1,200", "A1")
    assert "read as 1200" in warning.message
    assert "no other figure" in warning.message
    assert warning.fix.startswith("write 1200 or 1,2 so it cannot be misread")
    assert "CSV UTF-8 with . as the decimal mark" in warning.fix


def test_ambiguous_with_proof_of_decimal_comma(write_file: WriteFile) -> None:
    text = SEMI + "A1;One;Place;pipeline;£12,500;2\nA2;Two;Place;pipeline;12,5;0,5\n"
    report = validate_register(write_file(text))
    assert report.register is not None
    assert report.register.project("A1").costs == {"2025/26": 12.5}
    assert report.register.project("A2").costs == {"2025/26": 12.5}
    (warning,) = _ambiguity_warnings(report.problems)
    assert (warning.cell, warning.value) == ("E2", "£12,500")
    assert "read as 12.5" in warning.message and "'12,5' (cell E3)" in warning.message
    assert warning.fix.startswith("write 12500 or 12,5 ")


def test_dot_thousands_with_decimal_comma_is_unambiguous_and_proof(write_file: WriteFile) -> None:
    text = SEMI + "A1;One;Place;pipeline;1.200,50;2\nA2;Two;Place;pipeline;1,200;2\n"
    report = validate_register(write_file(text))
    assert report.register is not None
    assert report.register.project("A1").costs == {"2025/26": 1200.5}
    assert report.register.project("A2").costs == {"2025/26": 1.2}
    assert [p.cell for p in _ambiguity_warnings(report.problems)] == ["E3"]


def test_ambiguous_fte_is_a_decimal_comma(write_file: WriteFile) -> None:
    report = validate_register(write_file(SEMI + "A1;One;Place;pipeline;5;1,500\n"))
    assert report.register is not None
    assert report.register.projects[0].fte == {"ict": 1.5}
    (warning,) = _ambiguity_warnings(report.problems)
    assert warning.cell == "F2" and "never in thousands" in warning.message


def test_comma_file_thousands_untouched(write_file: WriteFile) -> None:
    text = 'id,name,directorate,status,cost_2025_26\nA1,One,Place,pipeline,"£1,200"\n'
    report = validate_register(write_file(text))
    assert report.register is not None
    assert report.register.projects[0].costs == {"2025/26": 1200}
    assert _ambiguity_warnings(report.problems) == []


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("1,200", ("1200", "1.2")),
        ("£12,500", ("12500", "12.5")),
        ("(1,250)", ("1250", "1.25")),
        ("12,000", ("12000", "12")),
        ("0,500", None),
        ("1234,567", None),
        ("1,2", None),
        ("1.200,50", None),
        ("1,200,000", None),
    ],
)
def test_comma_readings(text: str, readings: tuple[str, str] | None) -> None:
    assert comma_readings(text, money=True) == readings


@pytest.mark.parametrize(
    ("text", "proof"),
    [("12,5", True), ("0,250", True), ("1.200,50", True), ("1,200", False), ("1200", False)],
)
def test_proof_of_decimal_comma(text: str, proof: bool) -> None:
    assert proves_decimal_comma(text) is proof


@pytest.mark.parametrize(
    ("text", "proven", "expected"),
    [("1,200", False, 1200.0), ("1,200", True, 1.2), ("1.234.567,5", False, 1234567.5)],
)
def test_parse_number_in_decimal_comma_files(text: str, proven: bool, expected: float) -> None:
    assert parse_number(text, money=True, decimal_comma=True, comma_proven=proven) == expected
