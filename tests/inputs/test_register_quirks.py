"""Presentation quirks councils' files carry lose nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from inputs import BenefitRange, Stage, Status, read_register, validate_register
from tests.conftest import SMALL_REGISTER
from tests.inputs.workbooks import write_workbook

WriteFile = Callable[..., Path]

FRIENDLY = (
    "Project ID,Project Name, Directorate ,Status,Stage,Benefit Type,"
    "Benefit 2025/26 Low (£k),Benefit 2025/26 High (£k),Cost 2025-26,FTE ICT,Mandatory,"
    "Dependencies\n"
    'SC5,LD Provision,Adults,In-flight,Business Case,Cashable,"£1,200","£2,000",£50,0.5,Yes,\n'
    "SC6,Reunification,Children,Pipeline,Deep dive,Income,300,400,-,1,No,SC5\n"
    ",,,,,,,,,,,\n"
    ",,,,,,,,,,,\n"
)


def test_friendly_headers_and_values(write_file: WriteFile) -> None:
    register = read_register(write_file(FRIENDLY))
    first, second = register.projects
    assert first.status is Status.IN_FLIGHT
    assert first.stage is Stage.BUSINESS_CASE
    assert first.benefits == {"2025/26": BenefitRange(low=1200, high=2000)}
    assert first.costs == {"2025/26": 50}
    assert first.mandatory is True
    assert second.costs == {"2025/26": 0}
    assert second.depends_on == ("SC5",)
    assert register.years == ("2025/26",)
    assert register.roles == ("ict",)


def test_byte_order_mark(write_file: WriteFile) -> None:
    register = read_register(write_file(b"\xef\xbb\xbf" + FRIENDLY.encode("utf-8")))
    assert register.ids == ("SC5", "SC6")


def test_windows_1252_is_read_with_a_warning(write_file: WriteFile) -> None:
    text = FRIENDLY.replace("LD Provision", "Café provision")
    report = validate_register(write_file(text.encode("cp1252")))
    assert report.register is not None
    assert report.register.projects[0].name == "Café provision"
    assert any("Windows-1252" in p.message for p in report.warnings)


def test_semicolon_separated(write_file: WriteFile) -> None:
    text = "id;name;directorate;status;cost_2025_26\nA1;First;Place;pipeline;1,5\n"
    report = validate_register(write_file(text))
    assert report.errors == []


def test_title_rows_above_the_header(write_file: WriteFile) -> None:
    text = (
        "Cheshire East project log,,,\nAs at 1 June,,,\n\n"
        "id,name,directorate,status\nA1,One,Place,pipeline\n"
    )
    register = read_register(write_file(text))
    assert register.projects[0].source_row == 5


def test_unknown_columns_are_kept_and_warned(write_file: WriteFile) -> None:
    text = "id,name,directorate,status,RAG\nA1,One,Place,pipeline,Amber\n"
    report = validate_register(write_file(text))
    assert report.register is not None
    assert report.register.projects[0].extra == {"RAG": "Amber"}
    assert [p.column for p in report.warnings] == ["RAG"]


def test_tbc_in_a_figure_is_unknown_with_a_warning(write_file: WriteFile) -> None:
    text = "id,name,directorate,status,cost_2025_26\nA1,One,Place,pipeline,TBC\n"
    report = validate_register(write_file(text))
    assert report.register is not None
    assert report.register.projects[0].costs == {}
    assert [(p.row, p.column) for p in report.warnings] == [(2, "cost_2025_26")]


def test_half_a_range_takes_the_other_bound(write_file: WriteFile) -> None:
    text = (
        "id,name,directorate,status,benefit_2025_26_low,benefit_2025_26_high\n"
        "A1,One,P,pipeline,,40\n"
    )
    report = validate_register(write_file(text))
    assert report.register is not None
    assert report.register.projects[0].benefits["2025/26"] == BenefitRange(low=40, high=40)
    assert [(p.row, p.column) for p in report.warnings] == [(2, "benefit_2025_26_high")]


def test_single_benefit_column_means_low_equals_high(write_file: WriteFile) -> None:
    text = "id,name,directorate,status,benefit_2025_26\nA1,One,P,pipeline,75\n"
    register = read_register(write_file(text))
    assert register.projects[0].benefits["2025/26"] == BenefitRange(low=75, high=75)


def test_blank_optional_cells_stay_unknown(write_file: WriteFile) -> None:
    text = (
        "id,name,directorate,status,mandatory,delivery_risk,fte_ict,stage\nA1,One,P,pipeline,,,,\n"
    )
    project = read_register(write_file(text)).projects[0]
    assert project.mandatory is None
    assert project.delivery_risk is None
    assert project.stage is None
    assert project.fte == {}


ROWS: list[list[object]] = [
    ["Ref", "Title", "Directorate", "Status", "Benefit 2025/26", "FTE ICT", "Depends on"],
    [101, "Numeric id", "Place", "In flight", 1200, 0.5, None],
    ["A2", "Second", "Place", "Pipeline", "£300", None, 101],
]


def test_xlsx_first_sheet_by_default(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "reg.xlsx", {"Projects": ROWS, "Lookups": [["x"]]})
    report = validate_register(path)
    assert report.register is not None
    assert report.register.ids == ("101", "A2")
    assert report.register.sheet == "Projects"
    assert report.register.project("A2").depends_on == ("101",)
    assert any("2 sheets" in p.message for p in report.warnings)


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "reg.xlsx", {"Cover": [["Portfolio"]], "Register": ROWS})
    register = read_register(path, sheet="Register")
    assert register.project("101").benefits["2025/26"].high == 1200


def test_xlsx_missing_sheet_lists_sheets(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "reg.xlsx", {"Projects": ROWS})
    report = validate_register(path, sheet="Nope")
    assert "no sheet named 'Nope'" in report.errors[0].message
    assert "Projects" in report.errors[0].fix


def test_xlsx_error_cells_and_uncalculated_formulas(tmp_path: Path) -> None:
    rows = [*ROWS, ["A3", "Third", "Place", "Pipeline", "#N/A", "=1/0", None]]
    path = write_workbook(tmp_path / "reg.xlsx", {"Projects": rows})
    report = validate_register(path)
    assert [(p.row, p.column, p.cell) for p in report.errors] == [
        (4, "Benefit 2025/26", "E4"),
        (4, "FTE ICT", "F4"),
    ]
    assert "no saved result" in report.errors[1].message


def test_corrupt_xlsx(write_file: WriteFile) -> None:
    report = validate_register(write_file(b"PK\x03\x04 not really", "broken.xlsx"))
    assert "not a readable .xlsx" in report.errors[0].message


def test_config_mismatch_is_warned(write_file: WriteFile, small_config) -> None:
    text = SMALL_REGISTER.read_text()
    text = text.replace("fte_ict", "fte_legal").replace("align_fair", "align_green")
    report = validate_register(write_file(text), config=small_config)
    assert report.ok
    keys = sorted(p.key for p in report.warnings if p.key)
    assert keys == ["mission:fair", "mission:green", "role:ict", "role:legal"]


def test_xlsx_with_a_wrong_recorded_size_loses_nothing(tmp_path: Path) -> None:
    import re
    import zipfile

    path = write_workbook(tmp_path / "reg.xlsx", {"Projects": ROWS})
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D2"', data)
                assert b'ref="A1:D2"' in data
            target.writestr(item, data)
    register = read_register(broken)
    assert register.ids == ("101", "A2")
    assert register.project("101").benefits["2025/26"].high == 1200


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,5", 1.5), ("1,500", 1.5), ("0,25", 0.25)],
)
def test_decimal_comma_in_semicolon_files(
    write_file: WriteFile, text: str, expected: float
) -> None:
    path = write_file(f"id;name;directorate;status;fte_ict\nA1;One;Place;pipeline;{text}\n")
    assert read_register(path).projects[0].fte == {"ict": expected}


@pytest.mark.parametrize(("text", "expected"), [('"1,500"', 1500.0), ('"1,5"', 1.5)])
def test_commas_in_comma_files(write_file: WriteFile, text: str, expected: float) -> None:
    path = write_file(f"id,name,directorate,status,cost_2025_26\nA1,One,Place,pipeline,{text}\n")
    assert read_register(path).projects[0].costs == {"2025/26": expected}


def test_ambiguous_commas_are_refused(write_file: WriteFile) -> None:
    path = write_file('id,name,directorate,status,cost_2025_26\nA1,One,Place,pipeline,"1.200,50"\n')
    report = validate_register(path)
    assert [(p.row, p.column) for p in report.errors] == [(2, "cost_2025_26")]


def test_title_row_with_a_semicolon(write_file: WriteFile) -> None:
    text = "Register; draft v2\nid,name,directorate,status\nA1,One,Place,pipeline\n"
    assert read_register(write_file(text)).ids == ("A1",)


def test_excel_errors_in_text_columns(write_file: WriteFile) -> None:
    text = "id,name,directorate,status,benefit_pool\nA1,#NAME?,Place,pipeline,#N/A\n"
    report = validate_register(write_file(text))
    assert [(p.row, p.column) for p in report.errors] == [(2, "name"), (2, "benefit_pool")]


def test_tbc_in_closed_fields_is_unknown(write_file: WriteFile) -> None:
    text = "id,name,directorate,status,stage,mandatory\nA1,One,Place,pipeline,TBC,n/a\n"
    report = validate_register(write_file(text))
    assert report.register is not None
    project = report.register.projects[0]
    assert (project.stage, project.mandatory) == (None, None)
    assert [p.column for p in report.warnings] == ["stage", "mandatory"]


def test_empty_first_sheet_points_at_sheet_option(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "reg.xlsx", {"Cover": [], "Register": ROWS})
    report = validate_register(path)
    assert not report.ok
    assert any("--sheet" in p.fix for p in report.problems)
