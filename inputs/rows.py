"""Turning one register row into a validated Project, or into problems naming its cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from inputs.columns import FIELD_BY_NAME, Bound, ColumnRef
from inputs.layout import MONEY_FIELDS, Layout
from inputs.models import Project
from inputs.problems import Problem, Severity
from inputs.tables import RawRow
from inputs.values import (
    OWN_UNIT,
    CellError,
    Raw,
    UnknownValue,
    as_text,
    check_id,
    check_not_excel_error,
    dot_as_thousands,
    dot_readings,
    parse_choice,
    parse_financial_year,
    parse_id_list,
    parse_number,
    parse_yes_no,
    within_limit,
)

_FIXES = {
    "benefits": "enter the benefit in £k as 0 or more, with low not above high",
    "costs": "enter the investment in £k as 0 or more",
    "fte": "enter the FTE needed as 0 or more",
    "alignment": "use 0 (none), 1, 2 or 3 (strong)",
    "delivery_risk": "use 1 (low) to 5 (high)",
    "complexity": "use 1 (simple) to 5 (very complex)",
    "depends_on": "remove the project's own id from the list",
    "together_with": "remove the project's own id from the list",
    "wards": "enter the number of wards affected, 0 or more",
    "duration": "enter the whole number of years it runs (1 or more), or leave it blank",
    "end_year": "give an end year not before the start year (or its first costed year), or "
    "give the start_year",
    "conflicts_with": "a project cannot need and clash with the same project: keep one link",
}
_NUMERIC = {"benefit": "benefits", "cost": "costs", "fte": "fte", "align": "alignment"}


@dataclass
class ParsedRow:
    """A row's values ready for Project, where each came from, and what went wrong."""

    row: RawRow
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[tuple[str, ...], int] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    """Fields whose cell could not be read; already reported, so not reported again as blank."""
    problems: list[Problem] = field(default_factory=list)
    project: Project | None = None


def parse_row(row: RawRow, layout: Layout, file: str) -> ParsedRow:
    """Every cell of the row parsed; the Project is built only if no cell failed."""
    parsed = ParsedRow(row, {"source_row": row.number})
    benefits: dict[str, dict[str, float]] = {}
    for index, ref in layout.refs.items():
        raw = row.cells[index] if index < len(row.cells) else None
        try:
            value = _scaled(_parse_cell(ref, raw, layout), raw, layout.scales.get(index))
        except CellError as error:
            parsed.failed.add(ref.field)
            parsed.problems.append(
                _cell_problem(parsed, layout, file, index, error.message, error.fix)
            )
            continue
        except UnknownValue:
            parsed.problems.append(
                _cell_problem(
                    parsed,
                    layout,
                    file,
                    index,
                    "read as not known (left blank)",
                    "enter the value when it is known",
                    error=False,
                )
            )
            continue
        if layout.decimal_comma and isinstance(raw, str) and "." in raw:
            _warn_ambiguous_dot(parsed, layout, file, index, ref)
        _store(parsed, ref, index, value, benefits)
    parsed.values["benefits"] = _benefit_ranges(parsed, layout, file, benefits)
    parsed.values["extra"] = {
        header: text
        for index, header in layout.extras.items()
        if index < len(row.cells) and (text := as_text(row.cells[index])) is not None
    }
    _build_project(parsed, layout, file)
    return parsed


def _scaled(value: Any, raw: Raw, scale: float | None) -> Any:
    """A money figure in £k from a column whose header names another unit; a figure that
    carries its own unit ('1.2m', '£500k') was converted by it already."""
    if scale is None or value is None or (isinstance(raw, str) and OWN_UNIT.search(raw)):
        return value
    return within_limit(value * scale)  # £1e10m is beyond the limit in £k, though not in £m


def _parse_cell(ref: ColumnRef, raw: Raw, layout: Layout) -> Any:
    comma, proven = layout.decimal_comma, layout.comma_proven
    if ref.field in _NUMERIC:
        money = ref.field in MONEY_FIELDS
        return parse_number(raw, money=money, decimal_comma=comma, comma_proven=proven)
    spec = FIELD_BY_NAME[ref.field]
    if spec.kind == "choice":
        return parse_choice(raw, spec.choices)
    if spec.kind == "yes_no":
        return parse_yes_no(raw)
    if spec.kind == "id_list":
        return parse_id_list(raw)
    if spec.kind == "year":
        return parse_financial_year(raw)
    if spec.kind in ("rating", "count"):
        return parse_number(raw, decimal_comma=comma, comma_proven=proven)
    text = as_text(raw)
    if text is not None:
        check_not_excel_error(text)
        if ref.field == "id":
            check_id(text)
    return text


def _warn_ambiguous_dot(
    parsed: ParsedRow, layout: Layout, file: str, index: int, ref: ColumnRef
) -> None:
    """Say how `1.234` in a decimal-comma file was read (see `dot_as_thousands`)."""
    readings = dot_readings(parsed.row.cells[index])
    numeric = ref.field in _NUMERIC or FIELD_BY_NAME[ref.field].kind in ("rating", "count")
    if readings is None or not numeric:
        return
    thousands, decimal = readings
    money = ref.field in MONEY_FIELDS
    if dot_as_thousands(money=money, comma_proven=layout.comma_proven):
        read, why = thousands, "other figures in the file have a decimal comma"
    elif money:
        read, why = decimal, "no figure in the file has a decimal comma"
    else:
        read, why = decimal, "FTE, alignment and ratings are never in thousands"
    parsed.problems.append(
        _cell_problem(
            parsed,
            layout,
            file,
            index,
            f"could mean {thousands} (point as thousands mark) or {decimal} (point as decimal "
            f"mark); read as {read}, as {why}",
            f"write {thousands} or {decimal.replace('.', ',')} so it cannot be misread",
            error=False,
        )
    )


def _store(parsed: ParsedRow, ref: ColumnRef, index: int, value: Any, benefits: dict) -> None:
    if value is None:
        return
    if ref.field == "benefit" and ref.year and ref.bound:
        for bound in ("low", "high") if ref.bound == "both" else (ref.bound,):
            benefits.setdefault(ref.year, {})[bound] = value
            parsed.cells[("benefits", ref.year, bound)] = index
        parsed.cells.setdefault(("benefits", ref.year), index)
    elif ref.field in _NUMERIC:
        group = _NUMERIC[ref.field]
        key = ref.year if ref.field == "cost" else ref.key
        parsed.values.setdefault(group, {})[key] = value
        parsed.cells[(group, str(key))] = index
    else:
        parsed.values[ref.field] = value
        parsed.cells[(ref.field,)] = index


def _benefit_ranges(
    parsed: ParsedRow, layout: Layout, file: str, benefits: dict[str, dict[str, float]]
) -> dict[str, dict[str, float]]:
    """Complete half-given ranges (the other bound taken as equal) and say so."""
    for year, bounds in benefits.items():
        pairs: tuple[tuple[Bound, Bound], ...] = (("low", "high"), ("high", "low"))
        for given, missing in pairs:
            if given in bounds and missing not in bounds:
                bounds[missing] = bounds[given]
                if layout.index_of(ColumnRef("benefit", year=year, bound=missing)) is not None:
                    index = parsed.cells[("benefits", year, given)]
                    parsed.problems.append(
                        _cell_problem(
                            parsed,
                            layout,
                            file,
                            index,
                            f"has no {missing} value for {year}: {missing} taken as equal",
                            f"fill in the {missing} benefit too",
                            error=False,
                        )
                    )
    return benefits


def _build_project(parsed: ParsedRow, layout: Layout, file: str) -> None:
    """Validate even after a cell failed, so one pass reports every problem in the row."""
    try:
        project = Project.model_validate(parsed.values)
        if not any(p.is_error for p in parsed.problems):
            parsed.project = project
    except ValidationError as invalid:
        for error in invalid.errors():
            problem = _validation_problem(parsed, layout, file, error)
            if problem is not None:
                parsed.problems.append(problem)


def _validation_problem(parsed: ParsedRow, layout: Layout, file: str, error: Any) -> Problem | None:
    """The pydantic error as a problem at its cell; None where the header already said it."""
    loc = tuple(str(part) for part in error["loc"])
    index = parsed.cells.get(loc, parsed.cells.get(loc[:2], parsed.cells.get(loc[:1])))
    message = _message(error)
    if error["type"] == "missing" or (error["type"] == "string_too_short" and len(loc) == 1):
        column = layout.index_of(ColumnRef(loc[0]))
        if column is None or loc[0] in parsed.failed:
            return None
        fix = f"fill in the project's {loc[0].replace('_', ' ')}"
        return _cell_problem(
            parsed, layout, file, column, "is blank, but every project needs it", fix
        )
    return _cell_problem(
        parsed, layout, file, index, message, _FIXES.get(loc[0], "correct the value")
    )


def _message(error: Any) -> str:
    ctx = error.get("ctx") or {}
    if "ge" in ctx:
        return f"is below the minimum of {ctx['ge']:g}"
    if "le" in ctx:
        return f"is above the maximum of {ctx['le']:g}"
    return str(error["msg"]).removeprefix("Value error, ")


def _cell_problem(
    parsed: ParsedRow,
    layout: Layout,
    file: str,
    index: int | None,
    message: str,
    fix: str,
    *,
    error: bool = True,
) -> Problem:
    row = parsed.row
    value = as_text(row.cells[index]) if index is not None and index < len(row.cells) else None
    project_id = parsed.values.get("id")
    return Problem(
        severity=Severity.ERROR if error else Severity.WARNING,
        file=file,
        row=row.number,
        column=layout.headers.get(index) if index is not None else None,
        cell=f"{layout.letter(index)}{row.number}" if index is not None else None,
        value=value,
        project_id=project_id if isinstance(project_id, str) else None,
        message=message,
        fix=fix,
    )
