"""Finding the header row and what each column of a register means."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from inputs.columns import (
    FIELD_BY_NAME,
    FIELDS,
    PATTERN_MEANINGS,
    ColumnRef,
    match_header,
    money_unit,
    normalise_header,
    time_unit,
)
from inputs.errors import InputError
from inputs.header_map import MONEY_SCALE, HeaderMap
from inputs.problems import Problem, Severity
from inputs.tables import RawRow, RawTable
from inputs.values import ambiguous_as_thousands, as_text, comma_readings, proves_decimal_comma
from inputs.years import year_slug

HEADER_SEARCH_ROWS = 20
Matcher = Callable[[str], ColumnRef | None]
"""What a heading holds: the built-in reading, or a header map's."""
REQUIRED = tuple(spec.name for spec in FIELDS if spec.required)
MONEY_FIELDS = frozenset({"benefit", "cost"})
"""Columns in £k, where `£1,200` is an ordinary way to write a figure."""


@dataclass
class Layout:
    """Which column holds what. Indices are 0-based positions in a row."""

    header_row: int
    decimal_comma: bool = False
    comma_proven: bool = False
    """In a decimal-comma file, some figure can only be read with the comma as decimal mark."""
    headers: dict[int, str] = field(default_factory=dict)
    refs: dict[int, ColumnRef] = field(default_factory=dict)
    extras: dict[int, str] = field(default_factory=dict)
    scales: dict[int, float] = field(default_factory=dict)
    """Money columns whose header names a unit other than £k: the multiplier to £k."""
    problems: list[Problem] = field(default_factory=list)

    def letter(self, index: int) -> str:
        return get_column_letter(index + 1)

    def index_of(self, ref: ColumnRef) -> int | None:
        return next((i for i, r in self.refs.items() if r == ref), None)

    def keys(self, kind: str) -> tuple[str, ...]:
        """Sorted years (benefit/cost), roles (fte) or missions (align) the columns name."""
        if kind == "year":
            found = {r.year for r in self.refs.values() if r.year}
        else:
            found = {r.key for r in self.refs.values() if r.field == kind and r.key}
        return tuple(sorted(found))


def find_layout(
    table: RawTable, header_map: HeaderMap | None = None
) -> tuple[Layout, list[RawRow]]:
    """The layout and the rows below the header; `header_map` (a person's reading of the
    headings, see `inputs.header_map`) is consulted before the built-in aliases.

    Raises:
        InputError: no header row with the required columns, or no rows under it.
    """
    match = header_map.match if header_map is not None else match_header
    header = _find_header(table, match)
    layout = Layout(header_row=header.number, decimal_comma=table.decimal_comma)
    for index, cell in enumerate(header.cells):
        _place_column(layout, index, as_text(cell), table.file, match, header_map)
    if header_map is not None:
        layout.problems += header_map.absent_from(
            layout.headers.values(), table.file, header.number
        )
    _check_columns(layout, table.file)
    body = [row for row in table.rows if row.number > header.number]
    _check_headerless_data(layout, body, table.file)
    if layout.decimal_comma:
        _settle_ambiguous_commas(layout, body, table.file)
    if not any(not row.is_blank for row in body):
        raise InputError(
            [
                *layout.problems,
                Problem(
                    severity=Severity.ERROR,
                    file=table.file,
                    row=header.number,
                    message="has a header row but no project rows",
                    fix="add one row per project under the header",
                ),
            ]
        )
    return layout, body


def _find_header(table: RawTable, match: Matcher) -> RawRow:
    """The first row naming at least two required columns (title rows above it are allowed)."""
    for row in table.rows[:HEADER_SEARCH_ROWS]:
        names = {_field_of(as_text(cell), match) for cell in row.cells}
        if len(names & set(REQUIRED)) >= 2:
            return row
    first = next((row for row in table.rows if not row.is_blank), None)
    if first is None:
        message, value = "has no rows at all (every row is blank)", None
    else:
        seen = [text for cell in first.cells if (text := as_text(cell))]
        message = "does not look like a project register: no header row names the columns " + (
            ", ".join(REQUIRED)
        )
        value = ", ".join(seen[:12]) + (" ..." if len(seen) > 12 else "")
    raise InputError(
        [
            Problem(
                severity=Severity.ERROR,
                file=table.file,
                row=first.number if first else None,
                value=value,
                message=message,
                fix="give the register a header row with at least id, name, directorate and "
                "status (run `prioritise template` for a blank register with every column)",
            )
        ]
    )


def _field_of(text: str | None, match: Matcher) -> str | None:
    try:
        ref = match(text) if text else None
    except ValueError:
        return None
    return ref.field if ref else None


def _place_column(
    layout: Layout,
    index: int,
    text: str | None,
    file: str,
    match: Matcher,
    header_map: HeaderMap | None,
) -> None:
    if text is None:
        return
    layout.headers[index] = text
    try:
        ref = match(text)
    except ValueError as error:
        layout.problems.append(
            _header_problem(
                layout, index, file, str(error), "name the year like 2025/26 or 2025_26"
            )
        )
        return
    if ref is None:
        layout.extras[index] = text
        return
    clash = layout.index_of(ref)
    if clash is not None:
        layout.problems.append(
            _header_problem(
                layout,
                index,
                file,
                f"means the same as column {layout.letter(clash)} ('{layout.headers[clash]}')",
                "delete or rename one of the two columns",
            )
        )
        return
    layout.refs[index] = ref
    mapped = header_map.unit(text) if header_map is not None else None
    _read_unit(layout, index, ref, text, file, mapped)


def _read_unit(
    layout: Layout, index: int, ref: ColumnRef, text: str, file: str, mapped: str | None
) -> None:
    """Honour the unit a header names, or the map gives (`mapped`, which wins): money in £ or
    £m is converted to £k (and said so); an FTE column in hours or days is refused, never read
    as FTE, unless the map says its figures are FTE."""
    if ref.field in MONEY_FIELDS:
        scale, unit = (MONEY_SCALE[mapped], mapped) if mapped else money_unit(text)
        said = "the map gives its unit as" if mapped else "names its unit as"
        if scale != 1.0:
            layout.scales[index] = scale
            layout.problems.append(
                _header_problem(
                    layout,
                    index,
                    file,
                    f"{said} {unit}: its figures are read in {unit} and converted to "
                    f"£k (x {scale:g}); a figure with its own unit (e.g. 1.2m) keeps that",
                    "nothing, if that is the unit; otherwise correct the "
                    + ("unit in the map" if mapped else "header"),
                    error=False,
                )
            )
    elif ref.field == "fte" and mapped != "fte" and (time := time_unit(text)) is not None:
        layout.problems.append(
            _header_problem(
                layout,
                index,
                file,
                f"is in {time}, not FTE (full-time equivalents)",
                "convert to FTE (e.g. 37 hours a week = 1 FTE) and name the column in FTE",
            )
        )


def _header_problem(
    layout: Layout, index: int, file: str, message: str, fix: str, *, error: bool = True
) -> Problem:
    return Problem(
        severity=Severity.ERROR if error else Severity.WARNING,
        file=file,
        row=layout.header_row,
        column=layout.headers.get(index),
        cell=f"{layout.letter(index)}{layout.header_row}",
        message=message,
        fix=fix,
    )


def _check_columns(layout: Layout, file: str) -> None:
    present = {ref.field for ref in layout.refs.values()}
    for name in REQUIRED:
        if name not in present:
            spec = next(s for s in FIELDS if s.name == name)
            layout.problems.append(
                Problem(
                    severity=Severity.ERROR,
                    file=file,
                    row=layout.header_row,
                    column=name,
                    message=f"required column '{name}' is missing",
                    fix=_missing_fix(layout, name, spec.aliases),
                )
            )
    for index, text in layout.extras.items():
        layout.problems.append(
            _header_problem(
                layout,
                index,
                file,
                "is not a column the product uses; its values are kept but not scored",
                f"ignore this if intended; else rename it to a register column "
                f"(normalised name: '{normalise_header(text)}')",
                error=False,
            )
        )
    _check_benefit_columns(layout, file)


def _missing_fix(layout: Layout, name: str, aliases: tuple[str, ...]) -> str:
    """Point at an unused column that looks like the missing one (e.g. 'GMPP ID Number')."""
    for text in layout.extras.values():
        words = set(normalise_header(text).split("_"))
        if name in words or any(alias in words for alias in aliases):
            return (
                f"if column '{text}' holds it, rename that column to '{name}', or map it "
                f'("{text}" = "{name}" under [columns] of a --map file; `prioritise map` '
                "proposes one)"
            )
    return f"add a column headed '{name}' (also read as: {', '.join(aliases[:4]) or name})"


def _check_benefit_columns(layout: Layout, file: str) -> None:
    """A year needs either one benefit column or a low and a high one, not a mixture."""
    bounds: dict[str, dict[str, int]] = defaultdict(dict)
    for index, ref in layout.refs.items():
        if ref.field == "benefit" and ref.year and ref.bound:
            bounds[ref.year][ref.bound] = index
    for year, found in sorted(bounds.items()):
        if "both" in found and len(found) > 1:
            layout.problems.append(
                _header_problem(
                    layout,
                    found["both"],
                    file,
                    f"gives one benefit for {year} while low/high columns give a range too",
                    "keep either the single column or the low and high pair",
                )
            )
        elif "both" not in found and len(found) == 1:
            ((bound, index),) = found.items()
            other = "high" if bound == "low" else "low"
            layout.problems.append(
                _header_problem(
                    layout,
                    index,
                    file,
                    f"has no matching {other} column for {year}: {other} is taken as equal",
                    f"add a benefit_{year_slug(year)}_{other} column",
                    error=False,
                )
            )


def _check_headerless_data(layout: Layout, body: list[RawRow], file: str) -> None:
    width = max((len(row.cells) for row in body), default=0)
    for index in range(width):
        if index in layout.headers:
            continue
        filled = [r.number for r in body if index < len(r.cells) and as_text(r.cells[index])]
        if filled:
            layout.problems.append(
                _header_problem(
                    layout,
                    index,
                    file,
                    f"has values in {len(filled)} row(s) (first row {filled[0]}) but no header; "
                    "they are not read",
                    "give the column a header, or delete its values",
                    error=False,
                )
            )


def _settle_ambiguous_commas(layout: Layout, body: list[RawRow], file: str) -> None:
    """Decide how `1,200` reads in a decimal-comma file, and warn at every such cell.

    The whole file is the evidence: one figure like `12,5` or `1.200,50` proves the comma
    is the decimal mark (see `ambiguous_as_thousands` for the rule).
    """
    numeric = [
        (index, ref.field in MONEY_FIELDS)
        for index, ref in layout.refs.items()
        if ref.field in PATTERN_MEANINGS or FIELD_BY_NAME[ref.field].kind in ("rating", "count")
    ]
    proof: tuple[RawRow, int] | None = None
    ambiguous: list[tuple[RawRow, int, bool, tuple[str, str]]] = []
    for row in body:
        for index, money in numeric:
            raw = row.cells[index] if index < len(row.cells) else None
            if not isinstance(raw, str) or "," not in raw:
                continue
            if readings := comma_readings(raw, money=money):
                ambiguous.append((row, index, money, readings))
            elif proof is None and proves_decimal_comma(raw):
                proof = (row, index)
    layout.comma_proven = proof is not None
    id_index = layout.index_of(ColumnRef("id"))
    for row, index, money, (thousands, decimal) in ambiguous:
        if ambiguous_as_thousands(money=money, comma_proven=layout.comma_proven):
            read, why = thousands, "no other figure in the file has a decimal comma"
        elif proof is not None:
            cell = f"{layout.letter(proof[1])}{proof[0].number}"
            seen = as_text(proof[0].cells[proof[1]])
            read, why = decimal, f"figures such as '{seen}' (cell {cell}) have a decimal comma"
        else:
            read, why = decimal, "FTE, alignment and ratings are never in thousands"
        project = as_text(row.cells[id_index]) if id_index is not None else None
        layout.problems.append(
            Problem(
                severity=Severity.WARNING,
                file=file,
                row=row.number,
                column=layout.headers.get(index),
                cell=f"{layout.letter(index)}{row.number}",
                value=as_text(row.cells[index]),
                project_id=project,
                message=f"could mean {thousands} (comma as thousands mark) or {decimal} "
                f"(comma as decimal mark); read as {read}, as {why}",
                fix=f"write {thousands} or {decimal.replace('.', ',')} so it cannot be misread, "
                "or save as CSV UTF-8 with . as the decimal mark",
            )
        )
