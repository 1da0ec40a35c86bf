"""What calamine cannot say about an .xlsx sheet: formulas saved without a result, error cells.

calamine reads both as empty cells, so they would vanish silently. The sheet's XML is scanned
for them directly: only around each `<f` (formula) or `t="e"` (error) mark, never cell by cell,
so a sheet without formulas or errors costs a few substring searches.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

from inputs.values import UNCALCULATED

_WORKBOOK = "/officeDocument"
_ERROR_MARK = re.compile(rb"""\st\s*=\s*["']e["']""")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})([0-9]+)["']""")
_TYPE = re.compile(rb"""\st\s*=\s*["']([A-Za-z]+)["']""")


class UnaddressedCell(ValueError):
    """A formula or error cell without the `r` attribute that says where it is."""


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
    sheet_data = re.search(rb"<(\w+:)?sheetData\b[^>]*>", data)
    if sheet_data is None or sheet_data.group().endswith(b"/>"):
        return {}
    name = sheet_data.group(1) or b""
    start, end = sheet_data.end(), data.rfind(b"</" + name + b"sheetData>")
    end = len(data) if end < start else end
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
