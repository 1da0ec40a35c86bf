"""Reading a CSV file or an Excel sheet into raw rows, keeping the row numbers Excel shows."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from inputs.errors import InputError
from inputs.problems import Problem, Severity
from inputs.values import UNCALCULATED, Raw, as_text

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\x1f\x8b")


@dataclass(frozen=True)
class RawRow:
    number: int
    """Row number as Excel shows it."""
    cells: tuple[Raw, ...]

    @property
    def is_blank(self) -> bool:
        return all(as_text(cell) is None for cell in self.cells)


@dataclass(frozen=True)
class RawTable:
    file: str
    sheet: str | None
    rows: tuple[RawRow, ...]
    notes: tuple[Problem, ...] = ()
    """Warnings about how the file was read (encoding, sheet choice)."""
    decimal_comma: bool = False
    """`;`-separated CSV, as Excel writes where the comma is the decimal mark."""


def _fail(file: str, message: str, fix: str) -> InputError:
    return InputError([Problem(severity=Severity.ERROR, file=file, message=message, fix=fix)])


def read_table(path: Path, sheet: str | None = None) -> RawTable:
    """All rows of a register file, blank ones included, numbered as Excel numbers them.

    Raises:
        InputError: the file is missing, empty, not a CSV or .xlsx, or the sheet is absent.
    """
    file = path.name
    if not path.exists():
        raise _fail(file, f"file not found at {path}", "check the path and file name")
    if path.is_dir():
        raise _fail(file, "is a folder, not a register file", "give the path of a .csv or .xlsx")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, sheet)
    if suffix == ".xls":
        raise _fail(file, "is an old-style .xls workbook", "save it as .xlsx or CSV UTF-8 in Excel")
    if suffix in {".ods", ".numbers", ".json", ".xml"}:
        raise _fail(file, f"{suffix} files are not read", "save the register as .xlsx or CSV")
    if sheet is not None and suffix in CSV_SUFFIXES:
        raise _fail(file, "--sheet applies only to .xlsx workbooks", "drop --sheet for a CSV")
    return _read_csv(path)


def _read_csv(path: Path) -> RawTable:
    file = path.name
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _fail(file, "the file is empty", "export the register with its header row and rows")
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise _fail(
            file,
            "is not a text CSV file (it looks like a binary or Excel file)",
            "save the register as CSV UTF-8, or give the .xlsx workbook with an .xlsx name",
        )
    notes: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = data.decode("cp1252", errors="replace")
        notes.append(
            Problem(
                severity=Severity.WARNING,
                file=file,
                message=f"is not UTF-8 (byte {error.start}); read as Windows-1252",
                fix="in Excel use Save As > CSV UTF-8 so names with £, é or ’ survive",
            )
        )
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), _dialect(text)))
    except csv.Error as error:
        raise _fail(file, f"cannot be read as CSV: {error}", "re-export it as CSV UTF-8") from error
    rows = tuple(RawRow(i, tuple(cells)) for i, cells in enumerate(records, start=1))
    decimal_comma = _dialect(text).delimiter == ";"
    return RawTable(file, None, rows, tuple(notes), decimal_comma)


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel writes `;` or tab separated files in some locales: follow the first 20 lines.

    Twenty lines, not one, so a title row like 'Register; draft v2' cannot decide it.
    """
    head = "\n".join(text.split("\n", 20)[:20])
    counts = {",": head.count(","), ";": head.count(";"), "\t": head.count("\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def _read_excel(path: Path, sheet: str | None) -> RawTable:
    file = path.name
    try:
        values_book = load_workbook(path, read_only=True, data_only=True)
        formula_book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise _fail(
            file,
            f"is not a readable .xlsx workbook ({error})",
            "open it in Excel and save as .xlsx",
        ) from error
    names = values_book.sheetnames
    if sheet is not None and sheet not in names:
        raise _fail(file, f"has no sheet named '{sheet}'", f"use one of: {', '.join(names)}")
    name = sheet or names[0]
    notes = []
    if sheet is None and len(names) > 1:
        notes.append(
            Problem(
                severity=Severity.WARNING,
                file=file,
                message=f"has {len(names)} sheets; read the first, '{name}'",
                fix="pass --sheet NAME to read another sheet",
            )
        )
    rows = []
    for book in (values_book, formula_book):
        book[name].reset_dimensions()  # some exporters record a wrong size: read every cell
    formula_rows = formula_book[name].iter_rows(values_only=True)
    for number, values in enumerate(values_book[name].iter_rows(values_only=True), start=1):
        formulas = next(formula_rows, ())
        cells = tuple(
            _cached(value, formulas[i] if i < len(formulas) else None)
            for i, value in enumerate(values)
        )
        rows.append(RawRow(number, cells))
    values_book.close()
    formula_book.close()
    return RawTable(file, name, tuple(rows), tuple(notes))


def _cached(value: Raw, formula: object) -> Raw:
    """A formula cell with no saved result reads as empty: flag it instead of losing it."""
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return UNCALCULATED
    return value
