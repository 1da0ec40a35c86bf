"""Bounded resources: every hostile file is refused at once, in one line, before the work."""

from __future__ import annotations

import os
import re
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from inputs import ConfigError, tables, toml_text, validate_register
from inputs.config import read_config
from inputs.problems import Problem
from tests.conftest import SMALL_CONFIG
from tests.hostile import zip_bomb

WriteFile = Callable[..., Path]
HEADER = ["id", "name", "directorate", "status"]


def _only_error(path: Path) -> Problem:
    (error,) = validate_register(path).errors
    return error


def _config_problem(path: Path) -> Problem:
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    (problem,) = caught.value.problems
    return problem


# --- files that are not files --------------------------------------------------------------

NOT_REGULAR = "is not a regular file (it is a pipe, device or socket), so it is not read"


def test_fifo_register_and_config_are_refused_without_waiting(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the check must come first."""
    for name in ("register.csv", "config.toml"):
        os.mkfifo(tmp_path / name)
    done: list[Problem] = []
    worker = threading.Thread(
        target=lambda: done.extend(
            [_only_error(tmp_path / "register.csv"), _config_problem(tmp_path / "config.toml")]
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    register, config = done
    assert (register.file, register.message) == ("register.csv", NOT_REGULAR)
    assert register.fix == "save the data to a file and give that file's path"
    assert (config.file, config.message) == ("config.toml", NOT_REGULAR)


def test_dev_zero_is_refused() -> None:
    start = time.perf_counter()
    assert _only_error(Path("/dev/zero")).message == NOT_REGULAR
    assert _config_problem(Path("/dev/zero")).message == NOT_REGULAR
    assert time.perf_counter() - start < 1


def test_folder_is_refused(tmp_path: Path) -> None:
    error = _only_error(tmp_path)
    assert (error.message, error.fix) == (
        "is a folder, not a file",
        "give the path of the file itself",
    )


def test_register_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: 101 MB on paper, nothing on disk
        handle.truncate(101 * 1024 * 1024)
    tracemalloc.start()
    error = _only_error(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.message == "is 101.0 MB, over the 100 MB limit"
    assert peak < 5_000_000


def test_config_over_the_size_limit(write_file: WriteFile) -> None:
    text = SMALL_CONFIG.read_text() + "# padding\n" * 110_000
    problem = _config_problem(write_file(text, "config.toml"))
    assert problem.message == "is 1.0 MB, over the 1 MB limit"


# --- zip bombs ----------------------------------------------------------------------------

BOMB_FIX = "open it in Excel and save it again as .xlsx; if it came by email, ask for it again"


def _refused_quickly(path: Path) -> tuple[Problem, float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    error = _only_error(path)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return error, elapsed, peak


def test_zip_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """2.6 MB on disk, 248 MB of sheet XML: refused from the zip's sizes, nothing unpacked."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb(10_000_000))
    assert 2_000_000 < path.stat().st_size < 3_000_000
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 250_000_000
    error, elapsed, peak = _refused_quickly(path)
    assert error.message == (
        "is a zip bomb: part xl/worksheets/sheet1.xml unzips 412 times larger (248 MB), "
        "over the 100 times a workbook can be"
    )
    assert error.fix == BOMB_FIX
    assert elapsed < 0.5
    assert peak < 10_000_000  # the file itself, not its contents


def test_zip_bomb_whose_headers_lie_is_refused_while_inflating(tmp_path: Path) -> None:
    path = tmp_path / "liar.xlsx"
    path.write_bytes(zip_bomb(10_000_000, declared=5_000))
    error, elapsed, peak = _refused_quickly(path)
    assert error.message == (
        "is a zip bomb: part xl/worksheets/sheet1.xml unzips to more than the 5,000 bytes its "
        "header declares"
    )
    assert elapsed < 0.5
    assert peak < 10_000_000


def test_honest_workbook_over_the_unzipped_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("inputs.sheet_xml.MAX_UNZIPPED_BYTES", 1024 * 1024)
    path = tmp_path / "r.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("R")
        sheet.write_row(0, 0, HEADER)
        for row in range(1, 20_000):
            sheet.write_row(row, 0, [os.urandom(16).hex(), "One", "Place", "pipeline"])
    error = _only_error(path)
    assert re.fullmatch(r"would unzip to [2-9] MB, over the 1 MB limit", error.message)


# --- sheets that reach too far ------------------------------------------------------------


def _workbook(path: Path, cells: dict[tuple[int, int], object]) -> Path:
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Register")
        sheet.write_row(0, 0, HEADER)
        sheet.write_row(1, 0, ["A1", "One", "Place", "pipeline"])
        for (row, column), value in cells.items():
            sheet.write(row, column, value)
    return path


def test_stray_cell_at_the_last_cell_is_refused_before_calamine(tmp_path: Path) -> None:
    """calamine would try to allocate 17 billion cells and abort the whole process."""
    path = _workbook(tmp_path / "corner.xlsx", {(1048575, 16383): "x"})
    error = _only_error(path)
    assert error.message == (
        "sheet 'Register' reaches row 1,048,576 (cell XFD1048576 is not empty), over the "
        "200,000 rows a register may have"
    )
    assert (
        error.fix == "delete the unused rows below the register (select them, right-click > Delete)"
    )


def test_stray_cell_far_to_the_right_is_refused(tmp_path: Path) -> None:
    error = _only_error(_workbook(tmp_path / "wide.xlsx", {(0, 16383): "note"}))
    assert error.message == (
        "sheet 'Register' reaches column XFD (cell XFD1 is not empty), over the 1,000 "
        "columns a register may have"
    )
    assert "a stray value far to the right" in error.fix


def test_grid_over_the_cell_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tables, "MAX_CELLS", 100)
    error = _only_error(_workbook(tmp_path / "area.xlsx", {(99, 9): 1}))
    assert error.message == (
        "sheet 'Register' spans 100 rows by 10 columns (1,000 cells), over the 100 cells a "
        "register may have"
    )


def test_formatted_blanks_and_a_lying_dimension_are_read(tmp_path: Path) -> None:
    """Styled empty cells at XFD1048576 (and the dimension A1:XFD1048576 they cause) are
    nothing to calamine, so the register is read."""
    path = tmp_path / "formatted.xlsx"
    with xlsxwriter.Workbook(path) as book:
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet("Register")
        sheet.write_row(0, 0, HEADER)
        sheet.write_row(1, 0, ["A1", "One", "Place", "pipeline"])
        sheet.write_blank(1048575, 16383, None, bold)
    with zipfile.ZipFile(path) as archive:
        assert b'ref="A1:XFD1048576"' in archive.read("xl/worksheets/sheet1.xml")
    report = validate_register(path)
    assert report.register is not None and report.register.ids == ("A1",)


def test_formula_far_away_is_refused(tmp_path: Path) -> None:
    """A formula saved without its result is empty to calamine, but the grid grows for it."""
    path = _workbook(tmp_path / "f.xlsx", {})
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</sheetData>", b'<row r="900000"><c r="B900000"><f>1+1</f></c></row></sheetData>'
    )
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert _only_error(path).message == (
        "sheet 'Register' reaches row 900,000 (cell B900000 is not empty), over the 200,000 "
        "rows a register may have"
    )


# --- CSV rows, columns and cells ----------------------------------------------------------


def test_csv_with_too_many_rows(write_file: WriteFile, monkeypatch) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    text = "id,name,directorate,status\n" + "".join(f"A{i},n,Place,pipeline\n" for i in range(9))
    error = _only_error(write_file(text))
    assert (error.row, error.message) == (6, "has more than 5 rows, the limit for a register")


def test_csv_row_too_wide(write_file: WriteFile) -> None:
    text = "id,name,directorate,status\nA1,One,Place,pipeline" + "," * 1_000 + "\n"
    error = _only_error(write_file(text))
    assert (error.row, error.message) == (
        2,
        "has 1,004 cells, over the 1,000 columns a register may have",
    )


def test_absurdly_long_cell_is_refused(write_file: WriteFile) -> None:
    text = f"id,name,directorate,status\nA1,{'x' * 100_001},Place,pipeline\n"
    error = _only_error(write_file(text))
    assert (error.row, error.cell, error.value) == (2, "B2", "x" * 40 + "...")
    assert error.message == (
        "holds more than 100,000 characters in one cell, which no register field needs"
    )


def test_cell_beyond_the_csv_parser_limit_is_refused_at_its_row(write_file: WriteFile) -> None:
    text = f'id,name,directorate,status\nA1,One,Place,pipeline\nA2,"{"y" * 200_000}",P,p\n'
    error = _only_error(write_file(text))
    assert error.row == 3
    assert error.message.startswith("holds more than 100,000 characters in one cell")


def test_cell_longer_than_excel_allows_is_read_with_a_warning(write_file: WriteFile) -> None:
    long = "z" * 40_000
    report = validate_register(write_file(f"id,name,directorate,status\nA1,{long},P,pipeline\n"))
    assert report.register is not None
    assert report.register.projects[0].name == long  # read whole, never cut
    (warning,) = [p for p in report.warnings if p.cell == "B2"]
    assert warning.message == (
        "holds 40,000 characters, more than the 32,767 an Excel cell can: it is read whole, but "
        "the decisions workbook would cut it"
    )


# --- TOML nesting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nested", "depth"),
    [
        ("deep = " + "[" * 5_000 + "]" * 5_000, 5_000),
        ("deep = " + "{a = " * 3_000 + "1" + "}" * 3_000, 3_000),
        ("a" + ".a" * 200_000 + " = 1", 200_001),
    ],
    ids=["arrays", "inline tables", "dotted key"],
)
def test_deep_toml_is_refused_before_parsing(
    write_file: WriteFile, nested: str, depth: int
) -> None:
    start = time.perf_counter()
    problem = _config_problem(write_file(nested + "\n", "config.toml"))
    assert problem.message == f"nests arrays, tables or key parts {depth} deep, over the 32 limit"
    assert time.perf_counter() - start < 1


def test_strings_comments_and_figures_do_not_count_as_nesting(write_file: WriteFile) -> None:
    text = SMALL_CONFIG.read_text().replace(
        'name = "Test council"',
        'name = "[[[[ a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g ]]]]"\n'
        "# " + "[" * 40 + " and " + "." * 40,
    )
    text += "\n[optimiser]\nfrontier = [" + ", ".join(["1.0"] * 40) + "]\n"
    config = read_config(write_file(text, "config.toml"))
    assert config.name.startswith("[[[[ a.b.c")
    assert config.optimiser.frontier == (1.0,) * 40


def test_recursion_in_the_parser_is_caught(write_file: WriteFile, monkeypatch) -> None:
    monkeypatch.setattr(toml_text, "MAX_TOML_DEPTH", 10**9)
    problem = _config_problem(write_file("deep = " + "[" * 5_000 + "]" * 5_000, "c.toml"))
    assert problem.message == "is not valid TOML: it nests too deeply"


def test_limits_are_documented() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    limits = readme[readme.index("### Limits") :]
    for figure in (
        "100 MB",
        "500 MB",
        "100 times",
        "200,000 rows",
        "1,000 columns",
        "20,000,000 cells",
        "100,000 characters",
        "32,767",
        "1 MB",
        "32 levels",
        "1,000,000,000,000",
    ):
        assert figure in limits, figure


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    plain = _workbook(tmp_path / "plain.xlsx", {(0, 0): "id"})
    data = bytearray(plain.read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set "encrypted"
        at = data.find(signature)
        while at >= 0:
            data[at + flags] |= 0x1
            at = data.find(signature, at + 4)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(bytes(data))
    problem = _only_error(locked)
    assert problem.message == (
        "is password-protected (its parts are encrypted), so it cannot be read"
    )
