"""Reading a register file into a validated Register, collecting every problem on the way."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inputs.config import Config
from inputs.config_match import match_to_config, stream_problems
from inputs.errors import InputError, RegisterError
from inputs.header_map import HeaderMap
from inputs.layout import Layout, find_layout
from inputs.models import Project, Register, Status
from inputs.problems import Problem, Severity, errors_in
from inputs.references import find_reference_problems
from inputs.rows import ParsedRow, parse_row
from inputs.tables import read_table


@dataclass(frozen=True)
class ValidationReport:
    """What reading a register found: the register if usable, and every problem."""

    file: str
    problems: tuple[Problem, ...]
    register: Register | None
    rows_read: int

    @property
    def ok(self) -> bool:
        return self.register is not None

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "usable": self.ok,
            "projects": len(self.register.projects) if self.register else 0,
            "rows_read": self.rows_read,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.model_dump(mode="json") for p in self.problems],
        }


def validate_register(
    path: Path | str,
    *,
    sheet: str | None = None,
    config: Config | None = None,
    header_map: HeaderMap | None = None,
) -> ValidationReport:
    """Read and check a register, its headings read through `header_map` if given; never
    raises for a bad file, it reports."""
    with _collector_paused():
        return _validate(Path(path), sheet, config, header_map)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading builds millions of objects and frees almost none, so the cyclic garbage
    collector would only rescan them, a dozen times (about 3 s of 8 at 50,000 rows). What
    survives is the long-lived register: it is moved out of the collector's sight (gc.freeze),
    so later work is not slowed by rescanning it either (reference counting still frees it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _validate(
    path: Path, sheet: str | None, config: Config | None, header_map: HeaderMap | None
) -> ValidationReport:
    table = None
    try:
        table = read_table(path, sheet)
        layout, body = find_layout(table, header_map)
    except InputError as failed:
        notes = table.notes if table is not None else ()
        return ValidationReport(path.name, (*notes, *failed.problems), None, 0)
    parsed = [parse_row(row, layout, table.file) for row in body if not row.is_blank]
    problems = [*table.notes, *layout.problems]
    for row in parsed:
        problems += row.problems
    problems += find_reference_problems(
        [_stand_in(row) for row in parsed if row.values.get("id")], table.file, _headers(layout)
    )
    years, roles, missions = layout.keys("year"), layout.keys("fte"), layout.keys("align")
    if config is not None:
        problems += match_to_config(table.file, years, roles, missions, config)
        problems += stream_problems(
            tuple(row.project for row in parsed if row.project is not None), table.file, config
        )
    problems.sort(key=lambda p: p.row or 0)
    register = None
    if not any(p.is_error for p in problems):
        register = Register(
            source=table.file,
            sheet=table.sheet,
            years=years,
            roles=roles,
            missions=missions,
            projects=tuple(row.project for row in parsed if row.project is not None),
            warnings=tuple(problems),
        )
    return ValidationReport(table.file, tuple(problems), register, len(parsed))


def read_register(
    path: Path | str,
    *,
    sheet: str | None = None,
    config: Config | None = None,
    header_map: HeaderMap | None = None,
) -> Register:
    """The validated register in a CSV or .xlsx file (headings read through `header_map`).

    Raises:
        RegisterError: the register is not usable; `problems` lists every reason.
    """
    report = validate_register(path, sheet=sheet, config=config, header_map=header_map)
    if report.register is None:
        raise RegisterError(list(report.problems))
    return report.register


def _stand_in(row: ParsedRow) -> Project:
    """The row's project, or enough of it (id, links) to check references from rows that failed."""
    if row.project is not None:
        return row.project
    values = row.values
    return Project.model_construct(
        id=str(values.get("id", "")),
        name=str(values.get("name", "")),
        directorate=str(values.get("directorate", "")),
        status=values.get("status", Status.PIPELINE),
        depends_on=values.get("depends_on", ()),
        conflicts_with=values.get("conflicts_with", ()),
        source_row=row.row.number,
    )


def _headers(layout: Layout) -> dict[str, tuple[str, str | None]]:
    return {
        ref.field: (layout.headers[index], layout.letter(index))
        for index, ref in layout.refs.items()
        if ref.year is None and ref.key is None
    }
