"""A person's reading of a register's headings, kept in a small TOML file beside it.

Councils head their columns their own way ('Proj Name', 'Cost 24-25 (£m)'). A map says, once,
which register field each heading holds, and in what unit, so the register is read as it is
written instead of being retyped. The map is applied at one place, the meaning of a heading
(`HeaderMap.match`), and a mapped heading wins over the built-in aliases.

    [columns]
    "Proj Name" = "name"
    "Cost 24-25 (£m)" = "cost_2024_25"

    [units]
    "Cost 24-25 (£m)" = "£m"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import process

from inputs.columns import FIELDS, MONEY_UNITS, ColumnRef, match_header
from inputs.errors import PortfolioError
from inputs.files import read_limited
from inputs.problems import Problem, Refused, Severity
from inputs.toml_text import MAX_TOML_BYTES, parse_toml

Unit = Literal["£", "£k", "£m", "fte"]
MONEY_SCALE: dict[str, float] = {unit: scale for _, scale, unit in MONEY_UNITS}
"""A money unit a map may name -> the multiplier to £k."""
FIELD_NAMES = tuple(spec.name for spec in FIELDS)
PATTERNS = "cost_YYYY_YY, benefit_YYYY_YY (or _low / _high), fte_<role>, align_<mission>"


class HeaderMapError(PortfolioError):
    """A map file that cannot be used: one line per problem, naming the file and the entry."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.describe() for p in problems))


class MapFile(BaseModel):
    """The map file as written: a misspelt table or an unknown unit is refused, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    columns: dict[str, str] = Field(
        default_factory=dict, description="heading as the register writes it -> register field"
    )
    units: dict[str, Unit] = Field(
        default_factory=dict, description="heading -> the unit its figures are in"
    )


def fold(heading: str) -> str:
    """A heading as a map matches it: case and runs of spaces or line breaks do not count."""
    return " ".join(heading.split()).casefold()


@dataclass(frozen=True)
class HeaderMap:
    """The checked map: folded heading -> what it holds, and the unit of its figures."""

    file: str
    refs: Mapping[str, ColumnRef]
    units: Mapping[str, Unit]
    written: Mapping[str, str]
    """Folded heading -> the heading as the map writes it, for messages."""

    def match(self, header: str) -> ColumnRef | None:
        """What a heading holds: the map's field when it names the heading, else the built-in
        reading (`match_header`, which may raise ValueError for a malformed year)."""
        return self.refs.get(fold(header)) or match_header(header)

    def unit(self, header: str) -> Unit | None:
        return self.units.get(fold(header))

    def absent_from(self, headers: Iterable[str], register: str, row: int) -> list[Problem]:
        """An error for every heading the map names that the register's header row lacks: a
        map for another file (or a heading since renamed) must not pass unnoticed."""
        present = {fold(text): text for text in headers}
        return [
            Problem(
                severity=Severity.ERROR,
                file=self.file,
                key=f"columns.{written}",
                message=f"maps a heading that the header row (row {row}) of {register} does "
                "not have",
                fix=_nearest_heading(written, present) + "or delete the entry",
            )
            for folded, written in self.written.items()
            if folded not in present
        ]


def read_header_map(path: Path) -> HeaderMap:
    """The map in a TOML file, every entry checked against the register's fields.

    Raises:
        HeaderMapError: the file is missing or not TOML, or an entry names no register field,
            names a heading twice, or gives a unit that its field cannot have.
    """
    file = path.name
    try:
        data = parse_toml(read_limited(path, MAX_TOML_BYTES).decode("utf-8-sig"))
    except (Refused, UnicodeDecodeError) as error:
        message = error.message if isinstance(error, Refused) else f"is not UTF-8 ({error})"
        fix = error.fix if isinstance(error, Refused) else ""
        if message.startswith("file not found"):
            fix = "check the path of --map"
        raise HeaderMapError(
            [
                _problem(
                    file,
                    None,
                    message,
                    fix
                    or 'write each entry as "Heading" = "field" under [columns] '
                    "(`prioritise map REGISTER` writes one to start from)",
                )
            ]
        ) from error
    try:
        written = MapFile.model_validate(data)
    except ValidationError as invalid:
        raise HeaderMapError(
            [
                _problem(
                    file,
                    ".".join(str(part) for part in error["loc"]),
                    error["msg"].lower(),
                    "use only [columns] and [units]; a unit is one of £, £k, £m or fte",
                )
                for error in invalid.errors()
            ]
        ) from invalid
    return _checked(file, written)


def _checked(file: str, written: MapFile) -> HeaderMap:
    """Every entry's field and unit checked before the map reads any register, so a slip in
    the map is reported against the map, not as a puzzling column of the register."""
    problems: list[Problem] = []
    refs: dict[str, ColumnRef] = {}
    headings: dict[str, str] = {}
    for heading, name in written.columns.items():
        key = f"columns.{heading}"
        folded = fold(heading)
        if folded in headings:
            problems.append(
                _problem(
                    file,
                    key,
                    f"names the same heading as '{headings[folded]}'",
                    "keep one entry per heading",
                )
            )
            continue
        headings[folded] = heading
        try:
            refs[folded] = field_ref(name)
        except ValueError as error:
            problems.append(_problem(file, key, f"'{name}' {error}", _field_fix(name)))
    units: dict[str, Unit] = {}
    for heading, unit in written.units.items():
        key = f"units.{heading}"
        ref = refs.get(fold(heading))
        if fold(heading) not in headings:
            problems.append(
                _problem(
                    file,
                    key,
                    "gives a unit for a heading that [columns] does not map",
                    f'add "{heading}" = "<field>" under [columns], or delete the unit',
                )
            )
        elif ref is not None and (why := _unit_mismatch(ref, unit)):
            problems.append(
                _problem(
                    file,
                    key,
                    why,
                    "give £, £k or £m for a cost or benefit column, fte for an fte_ column, "
                    "or delete the unit",
                )
            )
        else:
            units[fold(heading)] = unit
    if problems:
        raise HeaderMapError(problems)
    return HeaderMap(file=file, refs=refs, units=units, written=headings)


def field_ref(name: str) -> ColumnRef:
    """The column a map's field name means; only the name the product writes is accepted, so
    a map reads the same to every person who checks it.

    Raises:
        ValueError: not a register field, or not written as the product writes it.
    """
    try:
        ref = match_header(name)
    except ValueError as error:
        raise ValueError(f"is not a register field: {error}") from error
    if ref is None:
        raise ValueError("is not a register field")
    if ref.canonical != name:
        raise ValueError(f"is not written as the register field is: '{ref.canonical}'")
    return ref


def _field_fix(name: str) -> str:
    try:
        ref = match_header(name)
    except ValueError:
        ref = None
    if ref is not None:
        return f"write '{ref.canonical}'"
    found = process.extractOne(name, FIELD_NAMES, score_cutoff=60)
    nearest = f"'{found[0]}', or " if found else ""
    return f"name a register field: {nearest}one of {', '.join(FIELD_NAMES[:4])} ... or {PATTERNS}"


def _unit_mismatch(ref: ColumnRef, unit: Unit) -> str | None:
    if unit == "fte":
        return None if ref.field == "fte" else f"gives unit fte to a {ref.canonical} column"
    if ref.field in ("cost", "benefit"):
        return None
    return f"gives a money unit ({unit}) to a {ref.canonical} column"


def _nearest_heading(heading: str, present: Mapping[str, str]) -> str:
    found = process.extractOne(fold(heading), list(present), score_cutoff=70)
    if found is None:
        return "write the heading exactly as the register's header row has it, "
    return f"if you meant '{present[found[0]]}', write it so, "


def _problem(file: str, key: str | None, message: str, fix: str) -> Problem:
    return Problem(severity=Severity.ERROR, file=file, key=key, message=message, fix=fix)
