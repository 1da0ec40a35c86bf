"""Hostile values: each is read exactly as the council meant it, or refused at its cell."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from inputs import ConfigError, read_config, validate_register
from inputs.errors import InputError
from inputs.problems import Problem
from inputs.tables import read_table
from inputs.values import CellError, dot_readings, parse_number
from tests.conftest import SMALL_CONFIG

WriteFile = Callable[..., Path]
HEADER = "id,name,directorate,status,cost_2025_26\n"
SEMI = "id;name;directorate;status;cost_2025_26;fte_ict\n"


def _cell_error(write_file: WriteFile, cost: str) -> Problem:
    report = validate_register(write_file(f'{HEADER}A1,One,Place,pipeline,"{cost}"\n'))
    (error,) = report.errors
    assert (error.row, error.column, error.cell, error.value) == (2, "cost_2025_26", "E2", cost)
    return error


# --- figures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("(-5)", "has a minus sign inside accounting brackets: (-5) is a double negative"),
        ("((5))", "has brackets that do not enclose one figure"),
        ("(5", "has brackets that do not enclose one figure"),
        ("-(5)", "has brackets that do not enclose one figure"),
        ("1e308", "is too large to be a figure (beyond 1,000,000,000,000)"),
        ("9999999999999", "is too large to be a figure (beyond 1,000,000,000,000)"),
        ("2000000bn", "is too large to be a figure (beyond 1,000,000,000,000)"),
        ("1e999", "is infinite, not a figure"),
        ("inf", "is not a number"),
        ("nan", "is not a number"),
        ("10 20", "has spaces inside the figure that do not group thousands"),
    ],
)
def test_figures_refused_at_their_cell(write_file: WriteFile, cost: str, message: str) -> None:
    assert _cell_error(write_file, cost).message == message


def test_accounting_brackets_are_a_negative(write_file: WriteFile) -> None:
    assert parse_number("(5)", money=True) == -5.0
    assert parse_number("£(1,200)", money=True) == -1200.0


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), -float("inf"), 1e13, 10**400])
def test_non_finite_and_huge_excel_numbers_are_refused(raw: float) -> None:
    with pytest.raises(CellError):
        parse_number(raw, money=True)


def test_xlsx_figure_too_large_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Register")
        sheet.write_row(0, 0, HEADER.strip().split(","))
        sheet.write_row(1, 0, ["A1", "One", "Place", "pipeline", 1e300])
    (error,) = validate_register(path).errors
    assert (error.cell, error.value) == ("E2", "1e+300")
    assert error.message == "is too large to be a figure (beyond 1,000,000,000,000)"


@pytest.mark.parametrize(
    ("cost", "expected"),
    [
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),  # no-break space, as French Excel writes
        ("1\u202f234\u202f567,5", 1234567.5),  # narrow no-break space
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567.0),
        ("£ 12 500", 12500.0),
    ],
)
def test_continental_figures_in_semicolon_files(
    write_file: WriteFile, cost: str, expected: float
) -> None:
    report = validate_register(write_file(f"{SEMI}A1;One;Place;pipeline;{cost};1\n"))
    assert report.register is not None
    assert report.register.projects[0].costs == {"2025/26": expected}
    assert not [p for p in report.problems if "could mean" in p.message]


def test_point_in_a_proven_decimal_comma_file_groups_thousands(write_file: WriteFile) -> None:
    text = SEMI + "A1;One;Place;pipeline;1.234;1.500\nA2;Two;Place;pipeline;12,5;0,5\n"
    report = validate_register(write_file(text))
    assert report.register is not None
    assert report.register.project("A1").costs == {"2025/26": 1234}
    assert report.register.project("A1").fte == {"ict": 1.5}
    money, fte = [p for p in report.warnings if "could mean" in p.message]
    assert (money.cell, money.value, money.project_id) == ("E2", "1.234", "A1")
    assert money.message == (
        "could mean 1234 (point as thousands mark) or 1.234 (point as decimal mark); read as "
        "1234, as other figures in the file have a decimal comma"
    )
    assert money.fix == "write 1234 or 1,234 so it cannot be misread"
    assert fte.cell == "F2" and "read as 1.500, as FTE, alignment and ratings" in fte.message


def test_point_without_proof_is_the_decimal_mark(write_file: WriteFile) -> None:
    report = validate_register(write_file(SEMI + "A1;One;Place;pipeline;1.234;1\n"))
    assert report.register is not None
    assert report.register.projects[0].costs == {"2025/26": 1.234}
    (warning,) = [p for p in report.warnings if "could mean" in p.message]
    assert "read as 1.234, as no figure in the file has a decimal comma" in warning.message


def test_dot_readings() -> None:
    assert dot_readings("1.234") == ("1234", "1.234")
    assert dot_readings("£(12.500)") == ("12500", "12.500")
    assert [dot_readings(t) for t in ("0.500", "1.23", "1.234,5", "1.2345", 1.234)] == [None] * 5


# --- config figures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ("value = 0.4", "value = inf", "weights.value", "is not a finite number"),
        ("value = 0.4", "value = nan", "weights.value", "is not a finite number"),
        (
            "risk = 0.15",
            "risk = 1e308",
            "weights.risk",
            "is too large to be a figure (beyond 1,000,000,000,000)",
        ),
        ('"2025/26" = 2000', '"2025/26" = -inf', "budget_gap.2025/26", "is not a finite number"),
        (
            "ict = 1.5",
            "ict = 100000000000000000000",
            "capacity.ict",
            "is too large to be a figure (beyond 1,000,000,000,000)",
        ),
    ],
)
def test_config_figures_must_be_finite_and_sane(
    write_file: WriteFile, old: str, new: str, key: str, message: str
) -> None:
    text = SMALL_CONFIG.read_text()
    assert old in text
    with pytest.raises(ConfigError) as caught:
        read_config(write_file(text.replace(old, new, 1), "config.toml"))
    (problem,) = caught.value.problems
    assert (problem.key, problem.message) == (key, message)
    assert problem.fix == "enter the figure as meant (money is in £k: 1000000 is £1bn)"


# --- encodings ----------------------------------------------------------------------------

MIXED = [
    "id,name,directorate,status,description\n",
    "A1,Café provision,Adults,pipeline,£1m saving\n",
    "A2,Crèche review,Children,pipeline,plain\n",
    "A3,Zoë’s plan,Place,pipeline,“quoted”\n",
]


def test_mixed_encodings_are_decoded_row_by_row(write_file: WriteFile) -> None:
    """Most rows UTF-8, one pasted from a Windows-1252 file: no row turns to mojibake."""
    data = b"".join(
        line.encode("cp1252" if number == 2 else "utf-8") for number, line in enumerate(MIXED)
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = validate_register(write_file(data))
    assert report.register is not None
    names = [p.name for p in report.register.projects]
    assert names == ["Café provision", "Crèche review", "Zoë’s plan"]
    assert report.register.project("A3").description == "“quoted”"
    (warning,) = [p for p in report.warnings if "Windows-1252" in p.message]
    assert (warning.row, warning.cell, warning.value) == (3, "B3", "Crèche review")
    assert warning.message == (
        "is not UTF-8 like the rest of the file: this row was read as Windows-1252"
    )
    assert warning.describe().startswith('register.csv, row 3, cell B3: value "Crèche review"')


def test_rows_after_a_quoted_line_break_are_numbered_as_excel_numbers_them(
    write_file: WriteFile,
) -> None:
    lines = [MIXED[0], 'A1,"Two\nlines é",Adults,pipeline,x\n', "A2,Crèche,Place,pipeline,y\n"]
    data = lines[0].encode() + lines[1].encode() + lines[2].encode("cp1252")
    report = validate_register(write_file(data))
    (warning,) = [p for p in report.warnings if "Windows-1252" in p.message]
    assert (warning.row, warning.value) == (3, "Crèche")


def test_bytes_neither_utf8_nor_windows_1252_are_refused(write_file: WriteFile) -> None:
    data = "".join(MIXED[:2]).encode() + b"A2,Bad \x81 byte,Place,pipeline,x\n"
    (error,) = validate_register(write_file(data)).errors
    assert (error.row, error.cell, error.value) == (3, "B3", "Bad \ufffd byte")
    assert error.message == (
        "holds bytes that are neither UTF-8 nor Windows-1252, so its text cannot be read"
    )


def test_wholly_windows_1252_file_has_one_warning(write_file: WriteFile) -> None:
    report = validate_register(write_file("".join(MIXED).encode("cp1252")))
    assert report.register is not None
    assert report.register.project("A3").name == "Zoë’s plan"
    (warning,) = [p for p in report.warnings if "Windows-1252" in p.message]
    assert warning.message == "is not UTF-8 (byte 45); read as Windows-1252"
    assert warning.row is None


# --- sheets -------------------------------------------------------------------------------

REGISTER = [["id", "name", "directorate", "status"], ["A1", "One", "Place", "pipeline"]]


def _hidden_first(path: Path, state: str = "hidden") -> Path:
    with xlsxwriter.Workbook(path) as book:
        old = book.add_worksheet("Old copy")
        old.write_row(0, 0, ["id", "name", "directorate", "status"])
        old.write_row(1, 0, ["OLD1", "Stale", "Place", "pipeline"])
        old.hide()
        sheet = book.add_worksheet("Register")
        for number, row in enumerate(REGISTER):
            sheet.write_row(number, 0, row)
        sheet.activate()
    if state != "hidden":
        _rewrite(
            path, "xl/workbook.xml", lambda xml: xml.replace(b'"hidden"', f'"{state}"'.encode())
        )
    return path


def _rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    changed = change(parts[part])
    assert changed != parts[part]
    parts[part] = changed
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_first_sheet_is_skipped_and_named(tmp_path: Path, state: str) -> None:
    report = validate_register(_hidden_first(tmp_path / "h.xlsx", state))
    assert report.register is not None
    assert (report.register.sheet, report.register.ids) == ("Register", ("A1",))
    (note,) = [p for p in report.warnings if "sheets" in p.message]
    assert note.message == (
        "has 2 sheets; read the first visible worksheet, 'Register' (hidden, not read: 'Old copy')"
    )
    assert note.fix == "pass --sheet NAME to read another sheet"


def test_hidden_sheet_is_read_when_asked_for(tmp_path: Path) -> None:
    report = validate_register(_hidden_first(tmp_path / "h.xlsx"), sheet="Old copy")
    assert report.register is not None and report.register.ids == ("OLD1",)


def test_no_visible_worksheet_is_refused(tmp_path: Path) -> None:
    path = _hidden_first(tmp_path / "h.xlsx")
    _rewrite(
        path,
        "xl/workbook.xml",
        lambda xml: xml.replace(b'name="Register"', b'name="Register" state="hidden"'),
    )
    (error,) = validate_register(path).errors
    assert error.message == "has no visible worksheet (hidden: 'Old copy', 'Register')"
    assert "Unhide" in error.fix


@pytest.mark.parametrize(
    ("part", "change", "message"),
    [
        (
            "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace(b"</sheetData>", b"<row>"),
            r"is not a readable \.xlsx workbook \(.+\)",
        ),
        (
            "xl/sharedStrings.xml",
            lambda xml: xml[: len(xml) // 2],
            r"is not a readable \.xlsx workbook \(.+\)",
        ),
        (
            "xl/workbook.xml",
            lambda xml: xml.replace(b"<sheets>", b"<sheets><"),
            "has no worksheets",
        ),
    ],
    ids=["sheet", "shared strings", "workbook"],
)
def test_malformed_xml_is_one_line(
    tmp_path: Path, part: str, change: Callable[[bytes], bytes], message: str
) -> None:
    path = tmp_path / "bad.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Register")
        for number, row in enumerate(REGISTER):
            sheet.write_row(number, 0, row)
    _rewrite(path, part, change)
    (error,) = validate_register(path).errors
    assert re.fullmatch(message, error.message)
    assert error.fix == "open it in Excel and save as .xlsx"
    assert "\n" not in error.describe()


def test_a_quote_never_closed_is_refused_not_swallowing_the_rows_after_it(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        'id,name,directorate,status\nA1,"Unclosed,Place,pipeline\nA2,Two,Place,pipeline\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        read_table(path)
    (problem,) = refused.value.problems
    assert problem.row == 2
    assert problem.message.startswith('has a quote (") opened in row 2 and never closed')
