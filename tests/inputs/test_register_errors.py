"""Every class of bad register is rejected with the Excel row and column named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from inputs import RegisterError, read_register, validate_register
from inputs.register import ValidationReport

WriteFile = Callable[..., Path]
HEAD = "id,name,directorate,status,benefit_2025_26_low,benefit_2025_26_high,cost_2025_26,fte_ict"


def errors_at(report: ValidationReport) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in report.errors]


def check(write_file: WriteFile, *rows: str, head: str = HEAD) -> ValidationReport:
    report = validate_register(write_file("\n".join([head, *rows]) + "\n"))
    assert not report.ok
    assert report.register is None
    return report


def test_duplicate_ids_name_both_rows(write_file: WriteFile) -> None:
    report = check(
        write_file,
        "A1,First,Place,in_flight,,,,",
        "B1,Second,Place,in_flight,,,,",
        "a1,Third,Place,pipeline,,,,",
    )
    assert errors_at(report) == [(4, "id")]
    assert "row 2" in report.errors[0].message and "'First'" in report.errors[0].message
    assert report.errors[0].cell == "A4"


def test_missing_required_columns_each_named(write_file: WriteFile) -> None:
    report = check(write_file, "A1,First,,,", head="id,name,programme,description,stage")
    missing = sorted(p.column for p in report.errors)
    assert missing == ["directorate", "status"]
    assert all(p.row == 1 for p in report.errors)


@pytest.mark.parametrize(
    ("column", "value"),
    [("status", "on hold"), ("stage", "gateway 3"), ("benefit_type", "efficiency")],
)
def test_unknown_closed_values(write_file: WriteFile, column: str, value: str) -> None:
    head = "id,name,directorate,status,stage,benefit_type"
    values = {"status": "in_flight", "stage": "idea", "benefit_type": "cashable", column: value}
    row = f"A1,First,Place,{values['status']},{values['stage']},{values['benefit_type']}"
    report = check(write_file, "B1,Fine,Place,pipeline,idea,income", row, head=head)
    assert errors_at(report) == [(3, column)]
    problem = report.errors[0]
    assert problem.value == value
    assert problem.fix.startswith("use one of:")


@pytest.mark.parametrize("value", ["#REF!", "#N/A", "lots", "Exempt under Section 43"])
def test_text_and_excel_errors_in_numbers(write_file: WriteFile, value: str) -> None:
    report = check(
        write_file, "A1,First,Place,in_flight,10,20,5,1", f"A2,Two,Place,pipeline,{value},20,5,1"
    )
    assert errors_at(report) == [(3, "benefit_2025_26_low")]
    assert report.errors[0].value == value
    assert report.errors[0].cell == "E3"


def test_low_above_high(write_file: WriteFile) -> None:
    report = check(write_file, "A1,First,Place,in_flight,300,200,,")
    assert errors_at(report) == [(2, "benefit_2025_26_low")]
    assert "above high" in report.errors[0].message


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("A1,First,Place,in_flight,-10,20,,", "benefit_2025_26_low"),
        ("A1,First,Place,in_flight,,,-5,", "cost_2025_26"),
        ("A1,First,Place,in_flight,,,,-0.5", "fte_ict"),
    ],
)
def test_negative_figures(write_file: WriteFile, row: str, column: str) -> None:
    report = check(write_file, row)
    assert errors_at(report) == [(2, column)]
    assert "minimum of 0" in report.errors[0].message


@pytest.mark.parametrize(
    ("column", "value"), [("align_open", "4"), ("delivery_risk", "0"), ("complexity", "6")]
)
def test_scores_out_of_range(write_file: WriteFile, column: str, value: str) -> None:
    head = "id,name,directorate,status,align_open,delivery_risk,complexity"
    values = {"align_open": "2", "delivery_risk": "3", "complexity": "3", column: value}
    row = "A1,First,Place,in_flight," + ",".join(values[c] for c in head.split(",")[4:])
    report = check(write_file, row, head=head)
    assert errors_at(report) == [(2, column)]


def test_unknown_references(write_file: WriteFile) -> None:
    head = "id,name,directorate,status,depends_on,conflicts_with"
    report = check(
        write_file,
        "SC1,First,Place,in_flight,,",
        "SC2,Second,Place,in_flight,SC9;SC1,",
        "SC3,Third,Place,in_flight,,sc1",
        head=head,
    )
    assert errors_at(report) == [(3, "depends_on"), (4, "conflicts_with")]
    assert report.errors[0].value == "SC9"
    assert "'SC1'" in report.errors[1].fix


def test_self_reference(write_file: WriteFile) -> None:
    head = "id,name,directorate,status,depends_on"
    report = check(write_file, "SC1,First,Place,in_flight,SC1", head=head)
    assert errors_at(report) == [(2, "depends_on")]


def test_dependency_cycle_is_named(write_file: WriteFile) -> None:
    head = "id,name,directorate,status,depends_on"
    report = check(
        write_file,
        "A,First,Place,in_flight,B",
        "B,Second,Place,in_flight,C",
        "C,Third,Place,in_flight,A",
        "D,Fourth,Place,in_flight,A",
        head=head,
    )
    assert len(report.errors) == 1
    problem = report.errors[0]
    assert "A -> B -> C -> A" in problem.message
    assert "rows 2, 3, 4" in problem.message
    assert (problem.row, problem.column) == (2, "depends_on")


def test_every_problem_reported_not_just_the_first(write_file: WriteFile) -> None:
    report = check(
        write_file,
        "A1,,Place,in_flight,#REF!,20,-5,x",
        "A1,Two,Place,maybe,10,5,,",
    )
    assert sorted(errors_at(report)) == [
        (2, "benefit_2025_26_low"),
        (2, "cost_2025_26"),
        (2, "fte_ict"),
        (2, "name"),
        (3, "benefit_2025_26_low"),
        (3, "id"),
        (3, "status"),
    ]


def test_empty_file(write_file: WriteFile) -> None:
    report = validate_register(write_file(""))
    assert [p.message for p in report.errors] == ["the file is empty"]


def test_header_only(write_file: WriteFile) -> None:
    report = validate_register(write_file(HEAD + "\n\n,,,\n"))
    assert len(report.errors) == 1
    assert report.errors[0].row == 1
    assert "no project rows" in report.errors[0].message


def test_not_a_register(write_file: WriteFile) -> None:
    report = validate_register(write_file("date,amount,payee\n2024-01-01,12.50,Acme\n"))
    assert len(report.errors) == 1
    assert "does not look like a project register" in report.errors[0].message
    assert report.errors[0].value == "date, amount, payee"


def test_binary_file_is_not_a_register(write_file: WriteFile) -> None:
    report = validate_register(write_file(b"\x89PNG\r\n\x1a\n\x00\x00", "picture.csv"))
    assert "not a text CSV" in report.errors[0].message


def test_missing_file(tmp_path: Path) -> None:
    report = validate_register(tmp_path / "nope.csv")
    assert "not found" in report.errors[0].message


def test_old_excel_format(write_file: WriteFile) -> None:
    report = validate_register(write_file(b"\xd0\xcf\x11\xe0", "old.xls"))
    assert "save it as .xlsx" in report.errors[0].fix


def test_read_register_raises_with_every_problem(write_file: WriteFile) -> None:
    path = write_file(HEAD + "\nA1,,Place,in_flight,,,,\nA2,,Place,in_flight,,,,\n")
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert [p.row for p in caught.value.problems if p.is_error] == [2, 3]
    assert "register.csv, row 2, column 'name' (B2)" in str(caught.value)


def test_same_column_twice(write_file: WriteFile) -> None:
    report = check(write_file, "A1,First,Place,in_flight,X", head="id,name,directorate,status,Ref")
    assert errors_at(report) == [(1, "Ref")]
    assert "same as column A" in report.errors[0].message


def test_benefit_single_and_range_for_one_year(write_file: WriteFile) -> None:
    head = "id,name,directorate,status,benefit_2025_26,benefit_2025_26_low,benefit_2025_26_high"
    report = check(write_file, "A1,First,Place,in_flight,5,1,2", head=head)
    assert errors_at(report) == [(1, "benefit_2025_26")]


def test_not_a_financial_year(write_file: WriteFile) -> None:
    report = check(
        write_file, "A1,First,Place,in_flight,5", head="id,name,directorate,status,cost_2025_27"
    )
    assert errors_at(report) == [(1, "cost_2025_27")]


def test_real_gmpp_data_is_refused_clearly() -> None:
    """UK Government Major Projects data: a real project list, but not in the register format."""
    files = sorted((Path(__file__).parents[1] / "data" / "gmpp").glob("GMPP_*.csv"))
    assert len(files) == 2
    for path in files:
        report = validate_register(path)
        assert [p.column for p in report.errors] == ["id", "status"]
        assert "'GMPP ID Number'" in report.errors[0].fix


def test_governance_columns_are_read_or_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "id,name,directorate,status,wards,service_impact,eqia,together_with\n"
        "A,One,Adults,in_flight,-2,maybe,perhaps,A\n"
        "B,Two,Adults,in_flight,2.5,Y,Done,\n"
        "C,Three,Adults,pipeline,3,no,screened out,B\n",
        encoding="utf-8",
    )
    with pytest.raises(RegisterError) as error:
        read_register(path)
    text = str(error.value)
    assert "column 'wards' (E2), project A: value \"-2\" is below the minimum of 0" in text
    assert "column 'service_impact' (F2)" in text and "is not yes or no" in text
    assert "column 'eqia' (G2)" in text and "use one of: done, needed, not_needed" in text
    assert "cannot proceed together with itself" in text
    assert "column 'wards' (E3), project B" in text and "not a whole number of wards" in text
    assert "project C" not in text
