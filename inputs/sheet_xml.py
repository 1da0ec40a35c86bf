"""What calamine cannot say about an .xlsx, read from the package itself: formulas saved
without a result and error cells (calamine reads both as empty, so they would vanish
silently), how far the sheet's cells reach, and whether the zip is a bomb.

calamine is only ever given a workbook these checks passed: it aborts the whole process (it
cannot raise) when a stray cell at XFD1048576 makes it allocate its grid, and decompresses
whatever a zip holds. Formulas and errors are found only around each `<f` (formula) or `t="e"`
(error) mark, never cell by cell, so a sheet without them costs a few substring searches.
"""

from __future__ import annotations

import posixpath
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache

from inputs.files import MB
from inputs.problems import Refused
from inputs.values import UNCALCULATED

MAX_UNZIPPED_BYTES = 500 * MB
"""An .xlsx's parts decompressed together: a 200,000-row sheet is about 300 MB of XML."""
MAX_COMPRESSION_RATIO = 100
"""Decompressed to compressed size of any part over RATIO_FLOOR_BYTES, and of the whole
package: sheets compress about 7 times, a zip bomb about 1,000."""
RATIO_FLOOR_BYTES = MB
MAX_PARTS = 10_000
"""Parts in the package; a workbook has a few dozen."""
_CHUNK = MB

_WORKBOOK = "/officeDocument"
_ERROR_MARK = re.compile(rb"""\st\s*=\s*["']e["']""")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})([0-9]+)["']""")
_TYPE = re.compile(rb"""\st\s*=\s*["']([A-Za-z]+)["']""")


class UnaddressedCell(ValueError):
    """A formula or error cell without the `r` attribute that says where it is."""


_BOMB_FIX = "open it in Excel and save it again as .xlsx; if it came by email, ask for it again"


def check_package(archive: zipfile.ZipFile, data: bytes) -> None:
    """Refuse a zip bomb before anything unpacks it, on the sizes the zip declares and on the
    bytes each part really inflates to (declared sizes can lie; inflating stops just past them).

    Raises:
        Refused: too many parts, too large, too compressed, or larger than declared.
        zipfile.BadZipFile, zlib.error: a part's data is damaged.
    """
    parts = archive.infolist()
    if any(part.flag_bits & 0x1 for part in parts):
        raise Refused(
            "is password-protected (its parts are encrypted), so it cannot be read",
            "remove the password (File > Info > Protect Workbook) and save it again",
        )
    if len(parts) > MAX_PARTS:
        raise Refused(f"holds {len(parts):,} parts, over the {MAX_PARTS:,} limit", _BOMB_FIX)
    unzipped = sum(part.file_size for part in parts)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise Refused(
            f"would unzip to {unzipped / MB:,.0f} MB, over the {MAX_UNZIPPED_BYTES // MB} MB limit",
            "delete unused sheets, images and blank formatted rows, or save the register as CSV",
        )
    zipped = sum(part.compress_size for part in parts)
    for name, size, packed in [
        *((f"part {part.filename}", part.file_size, part.compress_size) for part in parts),
        ("the package", unzipped, zipped),
    ]:
        if size > RATIO_FLOOR_BYTES and size > MAX_COMPRESSION_RATIO * max(packed, 1):
            raise Refused(
                f"is a zip bomb: {name} unzips {size / max(packed, 1):,.0f} times larger "
                f"({size / MB:,.0f} MB), over the {MAX_COMPRESSION_RATIO} times a workbook "
                "can be",
                _BOMB_FIX,
            )
    for part in parts:
        _inflate_within(data, part)


def _inflate_within(data: bytes, part: zipfile.ZipInfo) -> None:
    """Inflate a part's raw deflate stream, counting, and refuse it past its declared size."""
    start = part.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"part {part.filename} has no local header")
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    packed = memoryview(data)[begin : begin + part.compress_size]
    if part.compress_type == zipfile.ZIP_STORED:
        return
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(
            f"part {part.filename} uses compression method {part.compress_type}, "
            "which Excel does not write"
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    seen = 0
    for offset in range(0, len(packed), _CHUNK):
        tail: memoryview | bytes = packed[offset : offset + _CHUNK]
        while tail and not inflater.eof:
            seen += len(inflater.decompress(tail, _CHUNK))
            _within(part, seen)
            tail = inflater.unconsumed_tail
    while not inflater.eof and (pending := len(inflater.decompress(b"", _CHUNK))):
        seen += pending
        _within(part, seen)


def _within(part: zipfile.ZipInfo, seen: int) -> None:
    if seen > part.file_size:
        raise Refused(
            f"is a zip bomb: part {part.filename} unzips to more than the {part.file_size:,} "
            "bytes its header declares",
            _BOMB_FIX,
        )


def sheet_part(archive: zipfile.ZipFile, name: str) -> str:
    """The zip path of the named sheet's XML, found as Excel finds it (through the rels files).

    Raises:
        KeyError: the package, workbook or sheet part is missing.
        ET.ParseError: one of those parts is not XML.
    """
    package = _relationships(archive, "")
    workbook = next((path for kind, path in package.values() if kind.endswith(_WORKBOOK)), None)
    if workbook is None:
        raise KeyError("the package names no workbook part")
    for element in ET.fromstring(archive.read(workbook)).iter():
        if _local(element.tag) == "sheet" and element.get("name") == name:
            rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            return _relationships(archive, workbook)[rel_id][1]
    raise KeyError(f"sheet '{name}' is not listed in {workbook}")


def _local(name: str) -> str:
    """An XML name without its namespace: Excel's and ISO strict files use different ones."""
    return name.rsplit("}", 1)[-1]


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, zip path of the target) for one part ('' for the package)."""
    folder, base = posixpath.split(part)
    rels = ET.fromstring(archive.read(posixpath.join(folder, "_rels", f"{base}.rels")))
    found = {}
    for rel in rels:
        target = rel.get("Target", "")
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
    return found


def marked_cells(data: bytes) -> dict[tuple[int, int], str]:
    """(row, column) from 0 -> UNCALCULATED or the error text (`#N/A`), for every such cell.

    A formula whose `<v>` is missing, or empty while the cell is not text (`t="str"` with an
    empty value is a formula that calculated to ""), was saved without its result.

    Raises:
        UnaddressedCell: such a cell carries no cell reference.
    """
    bounds = _sheet_data(data)
    if bounds is None:
        return {}
    name, start, end = bounds
    has_formula = data.find(b"<" + name + b"f", start, end) >= 0
    if not has_formula and data.find(b'"e"', start, end) < 0 and data.find(b"'e'", start, end) < 0:
        return {}
    prefix = re.escape(name)
    cell = re.compile(rb"<" + prefix + rb"c(\s[^>]*?)?(?:/>|>(.*?)</" + prefix + rb"c>)", re.S)
    formula = re.compile(rb"<" + prefix + rb"f[\s/>]")
    value = re.compile(rb"<" + prefix + rb"v(?:\s[^>]*)?>(.*?)</" + prefix + rb"v>", re.S)
    marks = [m.start() for m in formula.finditer(data, start, end)] if has_formula else []
    marks += [m.start() for m in _ERROR_MARK.finditer(data, start, end)]
    found: dict[tuple[int, int], str] = {}
    done = start  # end of the last cell looked at: a cached error is marked twice
    for mark in sorted(marks):
        if mark < done:
            continue
        opening = data.rfind(b"<" + name + b"c", start, mark)
        match = cell.match(data, opening) if opening >= 0 else None
        if match is None or match.end() <= mark:
            continue  # the mark is not inside a cell (e.g. `t="e"` typed in a cell's text)
        done = match.end()
        attributes, body = match.group(1) or b"", match.group(2) or b""
        kind = _TYPE.search(attributes)
        kind_text = kind.group(1) if kind else b"n"
        saved = value.search(body)
        result = saved.group(1) if saved else None
        if kind_text == b"e" and result:
            read = result.decode("utf-8", "replace")
        elif formula.search(body) and (result is None or (not result and kind_text != b"str")):
            read = UNCALCULATED
        else:
            continue
        ref = _REF.search(attributes)
        if ref is None:
            raise UnaddressedCell(f"a formula or error cell (byte {opening}) has no cell reference")
        found[_position(ref.group(1), ref.group(2))] = read
    return found


def _position(letters: bytes, digits: bytes) -> tuple[int, int]:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return int(digits) - 1, column - 1


def _sheet_data(data: bytes) -> tuple[bytes, int, int] | None:
    """The namespace prefix of `<sheetData>` and where its content starts and ends."""
    sheet_data = re.search(rb"<(\w+:)?sheetData\b[^>]*>", data)
    if sheet_data is None or sheet_data.group().endswith(b"/>"):
        return None
    name = sheet_data.group(1) or b""
    start, end = sheet_data.end(), data.rfind(b"</" + name + b"sheetData>")
    return name, start, len(data) if end < start else end


@dataclass(frozen=True)
class Extent:
    """How far a sheet's cells reach, counted from A1 as Excel counts rows and columns."""

    rows: int
    columns: int
    deepest: str = ""
    """A cell in the last row (e.g. `A1048576`), named by the cell-by-cell reading only."""
    widest: str = ""
    """A cell in the last column (e.g. `XFD1`), named by the cell-by-cell reading only."""


_DIMENSION = re.compile(
    rb"""<(?:\w+:)?dimension\s+ref\s*=\s*["'](?:[A-Z]+[0-9]+:)?([A-Z]+)([1-9][0-9]*)["']"""
)
_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_ANY_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]+)["']""")


def claimed_extent(data: bytes) -> Extent | None:
    """The extent the sheet's `<dimension>` claims, if a search finds every cell inside it.

    None (so `sheet_extent` must read cell by cell) when there is no claim, or some cell lies
    outside it, does not start with a plain `r="B7"`, or carries another namespace prefix.
    Cheap: regex searches that stop only at cells, about 0.3 s for a 50,000-row sheet.
    """
    bounds = _sheet_data(data)
    if bounds is None:
        return Extent(0, 0)
    prefix, start, end = bounds
    claim = _DIMENSION.search(data, 0, start)
    if claim is None:
        return None
    letters, digits = claim.groups()
    if any(check.search(data, start, end) for check in _outside(prefix, letters, digits)):
        return None
    return Extent(int(digits), _position(letters, b"1")[1] + 1)


@lru_cache(maxsize=16)
def _outside(prefix: bytes, letters: bytes, digits: bytes) -> tuple[re.Pattern[bytes], ...]:
    """Searches for a cell tag that is not plainly addressed inside the columns and rows
    given, or that carries a namespace prefix other than `<sheetData>`'s (calamine reads
    cells by their local name, whatever the prefix)."""
    inside = _up_to(letters.decode(), "A", "A", "Z") + _up_to(digits.decode(), "1", "0", "9")
    checks = [rb"<" + prefix + rb"c(?! r=\"" + inside.encode() + rb"\")[\s/>]"]
    if prefix:
        own = prefix[:-1]
        checks += [rb"(?<!<" + own + rb")(?<!</" + own + rb"):c[\s/>]", rb"<c[\s/>]"]
    else:
        checks.append(rb":c[\s/>]")
    return tuple(re.compile(check) for check in checks)


def _up_to(limit: str, first: str, low: str, high: str) -> str:
    """A regex for the strings over low..high (not starting below `first`) that count no
    higher than `limit`, where a shorter string counts lower (digits, and column letters)."""
    size = len(limit)
    options = [f"[{first}-{high}][{low}-{high}]{{0,{size - 2}}}"] if size > 1 else []
    for index, char in enumerate(limit):
        lowest = first if index == 0 else low
        if char > lowest:
            below = f"[{lowest}-{chr(ord(char) - 1)}]"
            options.append(f"{limit[:index]}{below}[{low}-{high}]{{{size - index - 1}}}")
    return "(?:" + "|".join([*options, limit]) + ")"


def sheet_extent(data: bytes) -> Extent:
    """How far the cells calamine keeps reach, read cell by cell, naming the farthest cells.

    Each cell is placed as calamine places it: at its `r`, or else after the cell before it in
    its row; a self-closing cell (a styled blank) is skipped, as calamine skips it.
    """
    bounds = _sheet_data(data)
    if bounds is None:
        return Extent(0, 0)
    _, start, end = bounds
    row = column = 0
    deepest = widest = (0, 0)
    for match in _TAG.finditer(data, start, end):
        kind, attributes = match.groups()
        ref = _ANY_REF.search(attributes)
        if kind == b"row":
            row, column = (int(ref.group(2)) if ref else row + 1), 0
            continue
        if ref and ref.group(1):
            cell_row, column = int(ref.group(2)), _position(ref.group(1).upper(), b"1")[1] + 1
        else:
            cell_row, column = max(row, 1), column + 1
        if attributes.endswith(b"/"):
            continue
        deepest = max(deepest, (cell_row, column))
        widest = max(widest, (column, cell_row))
    return Extent(deepest[0], widest[0], _name(*deepest), _name(widest[1], widest[0]))


def _name(row: int, column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}" if row else ""
