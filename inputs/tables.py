"""Reading a CSV file or an Excel sheet into raw rows, keeping the row numbers Excel shows."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from inputs.errors import InputError
from inputs.problems import Problem, Severity
from inputs.sheet_xml import UnaddressedCell, marked_cells, sheet_part
from inputs.values import Raw, as_text

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\x1f\x8b")
_UNREADABLE = (
    CalamineError,
    UnaddressedCell,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ET.ParseError,
    OSError,
)
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 50


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
        delimiter = _delimiter(text)
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _fail(file, f"cannot be read as CSV: {error}", "re-export it as CSV UTF-8") from error
    rows = tuple(RawRow(i, tuple(cells)) for i, cells in enumerate(records, start=1))
    return RawTable(file, None, rows, tuple(notes), decimal_comma=delimiter == ";")


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into rows of one consistent width.

    Counting characters misreads a `;` file whose descriptions are full of commas, so each
    candidate parses the head (quotes respected) and the winner has the most rows sharing its
    commonest width, wider than one field; ties go to more fields, then to `,`. Title rows
    above the header are a few rows of another width, so they cannot decide it.

    Raises:
        csv.Error: the head cannot be parsed at all.
    """
    head = "\n".join(text.split("\n", SNIFF_LINES)[:SNIFF_LINES])
    best, best_score = ",", (0, 0, True)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        widths = Counter(len(cells) for cells in reader if any(cell.strip() for cell in cells))
        if not widths:
            continue
        width, rows = widths.most_common(1)[0]
        score = (rows, width, delimiter == ",")
        if width > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def _read_excel(path: Path, sheet: str | None) -> RawTable:
    """Values through calamine; formula and error cells, which it reads as empty, from the XML."""
    file = path.name
    try:
        with CalamineWorkbook.from_path(path) as book:
            names = book.sheet_names
            if sheet is not None and sheet not in names:
                raise _fail(
                    file, f"has no sheet named '{sheet}'", f"use one of: {', '.join(names)}"
                )
            name = sheet or names[0]
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        with zipfile.ZipFile(path) as archive:
            marked = marked_cells(archive.read(sheet_part(archive, name)))
    except _UNREADABLE as error:
        raise _fail(
            file,
            f"is not a readable .xlsx workbook ({error})",
            "open it in Excel and save as .xlsx",
        ) from error
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
    return RawTable(file, name, _excel_rows(values, marked), tuple(notes))


def _excel_rows(
    values: Sequence[Sequence[Raw]], marked: dict[tuple[int, int], str]
) -> tuple[RawRow, ...]:
    """Rows from A1 (so numbers are Excel's), with calamine's values as openpyxl gave them.

    calamine gives "" for an empty cell and a date for a whole-day date; the rest of the code
    expects None and a datetime. Marked cells may lie outside calamine's range (a formula
    with no result is empty to calamine), so the grid grows to hold them.
    """
    grid = [[_openpyxl_value(value) for value in row] for row in values]
    for (row, column), text in marked.items():
        grid.extend([] for _ in range(row + 1 - len(grid)))
        cells = grid[row]
        cells.extend([None] * (column + 1 - len(cells)))
        cells[column] = text
    return tuple(RawRow(number, tuple(cells)) for number, cells in enumerate(grid, start=1))


def _openpyxl_value(value: Raw) -> Raw:
    if value == "":
        return None
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value
