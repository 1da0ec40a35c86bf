"""Reading a CSV file or an Excel sheet into raw rows, keeping the row numbers Excel shows.

Whatever a file holds, it is read exactly or refused with a line per problem: the limits
below are checked before the work they bound (README, Limits), so a huge, hostile or
special file (a FIFO, /dev/zero, a zip bomb, a sheet reaching XFD1048576) costs a moment.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import io
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from inputs.csv_text import decode_lines, mixes_encodings
from inputs.errors import InputError
from inputs.files import MB, read_limited
from inputs.problems import Problem, Refused, Severity
from inputs.sheet_xml import (
    Extent,
    UnaddressedCell,
    check_package,
    claimed_extent,
    marked_cells,
    sheet_extent,
    sheet_part,
)
from inputs.values import Raw, as_text

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
MAX_FILE_BYTES = 100 * MB
"""A register file's size; councils' registers are a few MB (50,000 rows: 11 MB as .xlsx)."""
MAX_ROWS = 200_000
"""Rows of a register, as Excel numbers them (title and blank rows included)."""
MAX_COLUMNS = 1_000
"""Columns of a register; a ten-year register has about 80."""
MAX_CELLS = 20_000_000
"""Rows x columns of a sheet's grid, which calamine builds whole, blanks included."""
MAX_CELL_CHARS = 100_000
"""Characters in one cell; more is not a register's text."""
EXCEL_CELL_CHARS = 32_767
"""Excel's own limit for a cell: a longer one is read, but the workbook output would cut it."""
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\x1f\x8b")
_UNREADABLE = (
    CalamineError,
    UnaddressedCell,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ET.ParseError,
    OSError,
    struct.error,
    RuntimeError,  # zipfile: a part encrypted or needing a password
    NotImplementedError,  # zipfile: a compression method it does not know
)
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 50
_UTF8_FIX = "in Excel use Save As > CSV UTF-8 so names with £, é or ’ survive"


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


def _fail(file: str, message: str, fix: str, row: int | None = None) -> InputError:
    return InputError(
        [Problem(severity=Severity.ERROR, file=file, row=row, message=message, fix=fix)]
    )


def read_table(path: Path, sheet: str | None = None) -> RawTable:
    """All rows of a register file, blank ones included, numbered as Excel numbers them.

    Raises:
        InputError: the file is missing, not a regular file, too large, empty, not a CSV or
            .xlsx, over a limit, or the sheet is absent.
    """
    file = path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _fail(file, "is an old-style .xls workbook", "save it as .xlsx or CSV UTF-8 in Excel")
    if suffix in {".ods", ".numbers", ".json", ".xml"}:
        raise _fail(file, f"{suffix} files are not read", "save the register as .xlsx or CSV")
    if sheet is not None and suffix not in EXCEL_SUFFIXES:
        raise _fail(file, "--sheet applies only to .xlsx workbooks", "drop --sheet for a CSV")
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except Refused as refused:
        raise _fail(file, refused.message, refused.fix) from refused
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(file, data, sheet)
    return _read_csv(file, data)


def _read_csv(file: str, data: bytes) -> RawTable:
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _fail(file, "the file is empty", "export the register with its header row and rows")
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise _fail(
            file,
            "is not a text CSV file (it looks like a binary or Excel file)",
            "save the register as CSV UTF-8, or give the .xlsx workbook with an .xlsx name",
        )
    text, legacy, bad = decode_lines(data)
    try:
        delimiter = _delimiter(text)
    except csv.Error as error:
        raise _unparseable(file, text, ",", error) from error
    rows = _csv_rows(file, text, delimiter)
    ends = _record_ends(text, delimiter) if legacy or bad else []
    if bad:
        bad_rows = sorted({bisect.bisect_left(ends, line) + 1 for line in bad})
        raise InputError([_bad_bytes(file, rows[number - 1]) for number in bad_rows])
    numbers = sorted({bisect.bisect_left(ends, line) + 1 for line in legacy})
    notes = _encoding_notes(file, data, rows, numbers, mixed=mixes_encodings(data, legacy))
    _check_cell_lengths(file, rows, notes)
    return RawTable(file, None, rows, tuple(notes), decimal_comma=delimiter == ";")


def _encoding_notes(
    file: str, data: bytes, rows: tuple[RawRow, ...], numbers: list[int], *, mixed: bool
) -> list[Problem]:
    """One warning for a Windows-1252 file; one per row for the odd rows of a UTF-8 file."""
    if not numbers:
        return []
    if not mixed:
        first = next(i for i, byte in enumerate(data) if byte >= 0x80)
        return [
            Problem(
                severity=Severity.WARNING,
                file=file,
                message=f"is not UTF-8 (byte {first}); read as Windows-1252",
                fix=_UTF8_FIX,
            )
        ]
    return [
        _row_problem(
            file,
            rows[number - 1],
            "is not UTF-8 like the rest of the file: this row was read as Windows-1252",
            f"check the text reads as meant; {_UTF8_FIX}",
            Severity.WARNING,
        )
        for number in numbers
    ]


def _bad_bytes(file: str, row: RawRow) -> Problem:
    return _row_problem(
        file,
        row,
        "holds bytes that are neither UTF-8 nor Windows-1252, so its text cannot be read",
        f"retype the text of this row; {_UTF8_FIX}",
        Severity.ERROR,
    )


def _row_problem(file: str, row: RawRow, message: str, fix: str, severity: Severity) -> Problem:
    """A problem at the row's first cell beyond plain ASCII (where the odd bytes are)."""
    index = next(
        (i for i, cell in enumerate(row.cells) if isinstance(cell, str) and not cell.isascii()),
        None,
    )
    return Problem(
        severity=severity,
        file=file,
        row=row.number,
        cell=None if index is None else f"{get_column_letter(index + 1)}{row.number}",
        value=None if index is None else as_text(row.cells[index]),
        message=message,
        fix=fix,
    )


def _csv_rows(file: str, text: str, delimiter: str) -> tuple[RawRow, ...]:
    """The records, numbered from 1 as Excel numbers a CSV's rows.

    Raises:
        InputError: more than MAX_ROWS records, one wider than MAX_COLUMNS, or unparseable.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(islice(reader, MAX_ROWS + 1))
    except csv.Error as error:
        raise _unparseable(file, text, delimiter, error) from error
    if records and records[-1] and "\n" in records[-1][-1] and _quote_left_open(text, delimiter):
        raise _fail(
            file,
            f'has a quote (") opened in row {len(records)} and never closed, so every line '
            "after it would be read into one cell",
            "close the quote in that row, or save the register again from Excel as CSV",
            len(records),
        )
    if len(records) > MAX_ROWS:
        raise _fail(
            file,
            f"has more than {MAX_ROWS:,} rows, the limit for a register",
            "delete blank rows at the end, or split the register",
            MAX_ROWS + 1,
        )
    if max(map(len, records), default=0) > MAX_COLUMNS:
        number, cells = next((n, r) for n, r in enumerate(records, 1) if len(r) > MAX_COLUMNS)
        raise _fail(
            file,
            f"has {len(cells):,} cells, over the {MAX_COLUMNS:,} columns a register may have",
            "delete the unused columns to the right of the register",
            number,
        )
    return tuple(RawRow(number, tuple(cells)) for number, cells in enumerate(records, start=1))


def _quote_left_open(text: str, delimiter: str) -> bool:
    """Whether the file ends inside a quoted cell: the csv module then reads every line after
    the quote into that cell without a word; strict parsing says so (Excel never writes one)."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _record_ends(text: str, delimiter: str) -> list[int]:
    """The physical line each record ends on (a quoted cell may hold line breaks)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [reader.line_num for _ in reader]


def _unparseable(file: str, text: str, delimiter: str, error: csv.Error) -> InputError:
    """The parse error at its record, found by parsing again up to it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 1
    with contextlib.suppress(csv.Error):
        for _ in reader:
            number += 1
    if "field larger than field limit" in str(error):
        return _too_long(file, number, None, None)
    return _fail(file, f"cannot be read as CSV: {error}", "re-export it as CSV UTF-8", number)


def _too_long(file: str, number: int, cell: str | None, value: str | None) -> InputError:
    return InputError(
        [
            Problem(
                severity=Severity.ERROR,
                file=file,
                row=number,
                cell=cell,
                value=value,
                message=f"holds more than {MAX_CELL_CHARS:,} characters in one cell, which no "
                "register field needs",
                fix="shorten the cell (keep long notes in another document and link to it)",
            )
        ]
    )


def _check_cell_lengths(file: str, rows: Sequence[RawRow], notes: list[Problem]) -> None:
    """Refuse a cell over MAX_CELL_CHARS; warn at one Excel could not hold, since the
    workbook output would cut it. Cells are looked at one by one only if some text is long.

    Raises:
        InputError: a cell over MAX_CELL_CHARS (the first one).
    """
    cells: Iterator[Any] = chain.from_iterable(row.cells for row in rows)
    if max(map(len, filter(str.__instancecheck__, cells)), default=0) <= EXCEL_CELL_CHARS:
        return
    for row in rows:
        for index, cell in enumerate(row.cells):
            if not isinstance(cell, str) or len(cell) <= EXCEL_CELL_CHARS:
                continue
            ref, shown = f"{get_column_letter(index + 1)}{row.number}", cell[:40] + "..."
            if len(cell) > MAX_CELL_CHARS:
                raise _too_long(file, row.number, ref, shown)
            notes.append(
                Problem(
                    severity=Severity.WARNING,
                    file=file,
                    row=row.number,
                    cell=ref,
                    value=shown,
                    message=f"holds {len(cell):,} characters, more than the {EXCEL_CELL_CHARS:,} "
                    "an Excel cell can: it is read whole, but the decisions workbook would cut it",
                    fix="shorten the cell to 32,767 characters or fewer",
                )
            )


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


def _read_excel(file: str, data: bytes, sheet: str | None) -> RawTable:
    """Values through calamine; formula and error cells, which it reads as empty, from the XML.

    calamine is given the very bytes the package and extent checks passed, never the path.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_package(archive, data)
            with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
                name, notes = _choose_sheet(file, book, sheet)
                xml = archive.read(sheet_part(archive, name))
                marked = marked_cells(xml)
                _check_extent(file, name, xml, marked)
                del xml
                values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Refused as refused:
        raise _fail(file, refused.message, refused.fix) from refused
    except _UNREADABLE as error:
        raise _fail(
            file,
            f"is not a readable .xlsx workbook ({error})",
            "open it in Excel and save as .xlsx",
        ) from error
    rows = _excel_rows(values, marked)
    _check_cell_lengths(file, rows, notes)
    return RawTable(file, name, rows, tuple(notes))


def _choose_sheet(
    file: str, book: CalamineWorkbook, sheet: str | None
) -> tuple[str, list[Problem]]:
    """The sheet asked for, else the first visible worksheet, and a note saying which.

    A hidden (or very hidden) first sheet is usually an old copy or a lookup table, never
    the register the council sees when it opens the file.

    Raises:
        InputError: the sheet asked for is absent, or no worksheet is visible.
    """
    names = book.sheet_names
    if sheet is not None:
        if sheet not in names:
            raise _fail(file, f"has no sheet named '{sheet}'", f"use one of: {', '.join(names)}")
        return sheet, []
    hidden = [s.name for s in book.sheets_metadata if s.visible != SheetVisibleEnum.Visible]
    shown = [
        s.name
        for s in book.sheets_metadata
        if s.visible == SheetVisibleEnum.Visible and s.typ == SheetTypeEnum.WorkSheet
    ]
    listed = ", ".join(f"'{name}'" for name in hidden)
    if not names:
        raise _fail(file, "has no worksheets", "open it in Excel and save as .xlsx")
    if not shown:
        raise _fail(
            file,
            f"has no visible worksheet (hidden: {listed})",
            "unhide the register's sheet in Excel (right-click a sheet tab > Unhide), "
            "or pass --sheet NAME",
        )
    name = shown[0]
    if len(names) == 1:
        return name, []
    if name == names[0]:
        message = f"has {len(names)} sheets; read the first, '{name}'"
    else:
        message = f"has {len(names)} sheets; read the first visible worksheet, '{name}'"
    if hidden:
        message += f" (hidden, not read: {listed})"
    note = Problem(
        severity=Severity.WARNING,
        file=file,
        message=message,
        fix="pass --sheet NAME to read another sheet",
    )
    return name, [note]


def _check_extent(file: str, name: str, xml: bytes, marked: dict[tuple[int, int], str]) -> None:
    """Refuse a sheet whose grid would be too large, before calamine builds it (it aborts the
    process, not raises, when it cannot): the dimension's claim if the cells keep to it, else
    the cells themselves, and the formula and error cells the grid grows to hold.

    Raises:
        InputError: the grid passes MAX_ROWS, MAX_COLUMNS or MAX_CELLS.
    """
    extent = claimed_extent(xml)
    if extent is None or not _fits(extent):
        extent = sheet_extent(xml)
    far = max(marked, default=(0, 0)), max(marked, key=lambda at: at[1], default=(0, 0))
    rows, columns = max(extent.rows, far[0][0] + 1), max(extent.columns, far[1][1] + 1)
    if _fits(Extent(rows, columns)):
        return
    where = f"sheet '{name}'"
    if rows > MAX_ROWS:
        cell = f" (cell {extent.deepest} is not empty)" if extent.rows == rows else ""
        message = (
            f"{where} reaches row {rows:,}{cell}, over the {MAX_ROWS:,} rows a register may have"
        )
        fix = "delete the unused rows below the register (select them, right-click > Delete)"
    elif columns > MAX_COLUMNS:
        cell = f" (cell {extent.widest} is not empty)" if extent.columns == columns else ""
        message = (
            f"{where} reaches column {get_column_letter(min(columns, 16384))}{cell}, "
            f"over the {MAX_COLUMNS:,} columns a register may have"
        )
        fix = "delete the unused columns to the right of the register (a stray value far "
        fix += "to the right makes the sheet that wide)"
    else:
        message = (
            f"{where} spans {rows:,} rows by {columns:,} columns ({rows * columns:,} cells), "
            f"over the {MAX_CELLS:,} cells a register may have"
        )
        fix = "delete unused rows and columns around the register, or split it"
    raise _fail(file, message, fix)


def _fits(extent: Extent) -> bool:
    rows, columns = extent.rows, extent.columns
    return rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS


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
