"""Proposing a header map for a register headed in the council's own words.

The proposal is a starting point for a person, never a reading of the register: each heading
is matched to the nearest register field by fuzzy matching (rapidfuzz), its unit is read from
the heading, and a match is only written as an entry when the heading is close *and* the
column's values are what the field holds. Weaker matches are written as comments with their
score and the reason they are doubtful; what no column holds is listed, never invented.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl.utils import get_column_letter
from rapidfuzz import fuzz

from inputs.columns import (
    FIELD_BY_NAME,
    FIELDS,
    MONEY_UNITS,
    PATTERN_MEANINGS,
    Bound,
    ColumnRef,
    match_header,
    normalise_header,
    time_unit,
)
from inputs.errors import InputError
from inputs.header_map import fold
from inputs.layout import HEADER_SEARCH_ROWS, MONEY_FIELDS, REQUIRED
from inputs.problems import Problem, Severity
from inputs.tables import RawRow, read_table
from inputs.values import (
    CellError,
    Raw,
    UnknownValue,
    as_text,
    parse_choice,
    parse_financial_year,
    parse_number,
    parse_yes_no,
)
from inputs.years import parse_year

ACCEPT = 80
"""A heading this close to a field, with values that fit it, is proposed as an entry."""
SUGGEST = 60
"""Below ACCEPT but this close: written as a comment for a person to judge."""
SAMPLE_ROWS = 200
"""Rows whose values are checked against a proposed field."""
_YEAR_IN_HEADING = re.compile(
    r"(?<![\d£$])(?:fy\s*)?((?:20)?\d{2})\s*[/_\-–]\s*(\d{2}|20\d{2})(?!\d)", re.IGNORECASE
)
_MONEY_WORDS = {
    "cost": ("cost", "costs", "investment", "spend", "expenditure"),
    "benefit": ("benefit", "benefits", "saving", "savings"),
}
_BOUNDS: dict[str, Bound] = {
    **dict.fromkeys(("low", "min", "minimum", "lower"), "low"),
    **dict.fromkeys(("high", "max", "maximum", "upper"), "high"),
}
_YEAR_NOISE = frozenset({"fy", "financial", "year", "in", "for", "of", "the", "k", "m"})
_FTE_NOISE = frozenset({"fte", "hours", "hrs", "days", "per", "week", "required", "needed"})
_ALIGN_WORDS = ("align", "alignment", "aligned")
_ALIGN_NOISE = frozenset({"to", "with", "mission", "score", "the", "of"})
RELATED = {
    "delivery_risk": (
        ("delivery", "confidence"),
        "a delivery confidence rating is related to delivery risk (1 low to 5 high) but is not "
        "the same measure",
    ),
}
"""Headings that name something near a field, offered only as a comment: field -> the words
that show it, and what a person must know before using it."""
_NOT_CONTAINED = frozenset({"name", "project"})
"""Aliases too common in longer headings ('Sponsor Name') to count as found inside one."""


@dataclass(frozen=True)
class Proposed:
    """What the proposal says of one column."""

    column: str
    heading: str
    field: str | None
    """The register field, as the product writes it (cost_2024_25); None: no field found."""
    score: int
    sure: bool
    """Written as an entry; otherwise as a comment for a person to judge."""
    unit: str | None = None
    """The unit the heading names: £, £k or £m for money, hours or days for FTE."""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """The proposed map of one register: every column, and what no column holds."""

    register: str
    header_row: int
    columns: tuple[Proposed, ...]
    missing: tuple[str, ...]

    def to_toml(self) -> str:
        """The map file: entries for the sure matches, comments for everything else."""
        lines = [
            f"# Column map for {self.register} (header row {self.header_row}), proposed by "
            "`prioritise map`.",
            "# Check every line: a person, not the proposal, decides what a column holds.",
            '# An entry is "Heading as written" = "register field"; a commented line is a '
            "suggestion",
            "# to check before removing its #, or a column the product does not use.",
            "",
        ]
        if self.missing:
            lines.append("# Not found in the register, so not mapped (nothing is invented):")
            lines += [f"# - {_one_line(text)}" for text in self.missing]
            lines.append("")
        lines.append("[columns]")
        for found in self.columns:
            entry = _toml_string(found.heading)
            if found.field is not None:
                entry += f" = {_toml_string(found.field)}"
            lines.append(
                f"{'' if found.sure else '# '}{entry}  # {found.column}: {_one_line(_why(found))}"
            )
        units = [f for f in self.columns if f.sure and f.unit in ("£", "£k", "£m")]
        if units:
            lines += ["", "[units]"]
            lines += [
                f"{_toml_string(f.heading)} = {_toml_string(f.unit or '')}  # {f.column}: "
                "as its heading says"
                for f in units
            ]
        return "\n".join(lines) + "\n"

    def describe(self) -> str:
        """What a person reads at the terminal: the matches, the doubts and what is missing."""
        sure = [f for f in self.columns if f.sure]
        doubtful = [f for f in self.columns if f.field is not None and not f.sure]
        unused = len(self.columns) - len(sure) - len(doubtful)
        lines = [
            f"{self.register}, header row {self.header_row}: {len(sure)} of "
            f"{len(self.columns)} columns mapped, {len(doubtful)} suggestion(s) left as "
            f"comments to check, {unused} with no register field."
        ]
        for found in (f for f in self.columns if f.field is not None):
            mark = "" if found.sure else "  (suggestion, commented out)"
            heading = _one_line(found.heading)
            shown = heading if len(heading) <= 50 else heading[:47] + "..."
            lines.append(f"  {found.column}  {shown} -> {found.field} (score {found.score}){mark}")
        if self.missing:
            lines.append("Not found in the register (not invented):")
            lines += [f"  - {_one_line(text)}" for text in self.missing]
        return "\n".join(lines)


def propose_mapping(path: Path, sheet: str | None = None) -> Proposal:
    """A proposed map for the register at `path`.

    Raises:
        InputError: the file cannot be read as a table, or has no row of headings.
    """
    table = read_table(path, sheet)
    header = _header_row(table.rows[:HEADER_SEARCH_ROWS])
    if header is None:
        raise InputError(
            [
                Problem(
                    severity=Severity.ERROR,
                    file=table.file,
                    message="has no row of headings to map (every row is blank)",
                    fix="give the register a header row above its projects",
                )
            ]
        )
    body = [row for row in table.rows if row.number > header.number and not row.is_blank]
    sample = body[:SAMPLE_ROWS]
    columns: list[Proposed] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(header.cells):
        heading = as_text(cell)
        if heading is None:
            continue
        letter = get_column_letter(index + 1)
        values = [row.cells[index] for row in sample if index < len(row.cells)]
        found = _propose(letter, heading, values, table.decimal_comma)
        if (twin := seen.setdefault(fold(heading), letter)) != letter:
            found = _doubt(found, f"same heading as column {twin}: a map cannot tell them apart")
        columns.append(found)
    settled = _one_column_per_field(columns)
    return Proposal(table.file, header.number, settled, _missing(settled))


def _header_row(rows: Sequence[RawRow]) -> RawRow | None:
    """The row whose cells look most like register headings (the first non-blank row when
    none does): title rows above the headings are skipped, as the reader skips them."""
    best: tuple[int, RawRow] | None = None
    for row in rows:
        if row.is_blank:
            continue
        texts = [text for cell in row.cells if (text := as_text(cell))]
        count = sum(1 for text in texts if _candidate(text).score >= ACCEPT)
        if best is None or count > best[0]:
            best = (count, row)
    return best[1] if best else None


@dataclass(frozen=True)
class Candidate:
    """A heading's likeliest field, how close it is (0-100), and notes on why."""

    ref: ColumnRef | None
    score: int
    notes: tuple[str, ...] = ()
    related: bool = False
    """Near the field in meaning but not the same measure: never more than a comment."""
    others: tuple[tuple[str, int], ...] = ()
    """Other fixed fields as close ('EqIA status': eqia as well as status), best first: the
    column's values choose between them."""


def _propose(letter: str, heading: str, values: list[Raw], comma: bool = False) -> Proposed:
    """`comma`: a `;` file, where the comma is the decimal mark."""
    candidate = _candidate(heading)
    misfit = _misfit(candidate.ref, values, comma) if candidate.ref is not None else None
    if misfit is not None:
        fitting = (o for o in candidate.others if _misfit(ColumnRef(o[0]), values, comma) is None)
        if (other := next(fitting, None)) is not None:
            candidate, misfit = Candidate(ColumnRef(other[0]), other[1]), None
    ref, score, notes = candidate.ref, candidate.score, candidate.notes
    if ref is None or (misfit is not None and score < ACCEPT and not candidate.related):
        notes = notes if ref is None else ()  # a weak match its values contradict: dropped
        money = _named_money_unit(heading)
        if money is not None:
            notes += (
                f"money in {money}, but the heading names no financial year: the register "
                "takes costs and benefits per year (cost_YYYY_YY, benefit_YYYY_YY); if it is "
                "one year's figure, map it to that year's column",
            )
        return Proposed(letter, heading, None, 0, False, None, notes or ("no register field",))
    unit = _unit(heading, ref)
    if misfit is not None:
        notes += (misfit,)
    elif ref.field == "id" and any(as_text(value) for value in values):
        notes += ("every value read is different",)
    if ref.field in MONEY_FIELDS and unit is None:
        notes += ("its heading names no unit: figures are read in £k (else set [units])",)
    if unit in ("hours", "days"):
        notes += (
            f"in {unit}, not FTE: refused until converted to FTE (37 hours a week = 1 FTE); "
            'if its figures are FTE after all, give it "fte" under [units]',
        )
    sure = score >= ACCEPT and misfit is None and not candidate.related
    return Proposed(letter, heading, ref.canonical, score, sure, unit, notes)


def _candidate(heading: str) -> Candidate:
    """The field a heading most likely names, how close (0-100), and why."""
    try:
        ref = match_header(heading)
    except ValueError:
        ref = None
    if ref is not None:
        return Candidate(ref, 100, ("read by its heading alone",))
    if (year := _year_in(heading)) is not None and (found := _money_column(*year)) is not None:
        return found
    words = [w for w in normalise_header(heading).split("_") if w]
    (fixed, fixed_score), *others = _fixed_fields(" ".join(words), set(words))
    if fixed_score >= ACCEPT:
        close = tuple(other for other in others if other[1] >= ACCEPT)
        return Candidate(ColumnRef(fixed), fixed_score, others=close)
    for pattern in (_fte_column, _align_column):
        if (role := pattern(heading, words)) is not None:
            return role
    for name, (shown_by, caution) in RELATED.items():
        if set(shown_by) <= set(words):
            return Candidate(ColumnRef(name), 30, (caution,), related=True)
    if fixed_score >= SUGGEST:
        return Candidate(ColumnRef(fixed), fixed_score, ("a weak match: check what it holds",))
    return Candidate(None, 0)


def _year_in(heading: str) -> tuple[str, str] | None:
    """The financial year a heading names ('24-25', 'FY2024/25'), and the heading without it."""
    for match in _YEAR_IN_HEADING.finditer(heading):
        start, end = match.group(1), match.group(2)
        try:
            year = parse_year(f"{start if len(start) == 4 else '20' + start}/{end}")
        except ValueError:
            continue
        return year, heading[: match.start()] + " " + heading[match.end() :]
    return None


def _money_column(year: str, rest: str) -> Candidate | None:
    """A cost or benefit column of that year ('Cost 24-25 (£m)', 'Savings 2025/26 high');
    `rest` is the heading without its year."""
    words = [w for w in normalise_header(rest).split("_") if w and w not in _YEAR_NOISE]
    best: tuple[float, str] | None = None
    for kind, vocabulary in _MONEY_WORDS.items():
        for word in words:
            score = max(fuzz.ratio(word, known) for known in vocabulary)
            if best is None or score > best[0]:
                best = (score, kind)
    if best is None or best[0] < ACCEPT:
        return None
    score, kind = best
    bounds = [_BOUNDS[w] for w in words if w in _BOUNDS]
    closeness = int(score) - 5 * (len(words) - 1 - len(bounds))
    if kind == "cost":
        return Candidate(ColumnRef("cost", year=year), closeness)
    bound: Bound = bounds[0] if len(set(bounds)) == 1 else "both"
    return Candidate(ColumnRef("benefit", year=year, bound=bound), closeness)


def _fixed_fields(phrase: str, words: set[str]) -> list[tuple[str, int]]:
    """Every fixed field (id, name, status ...) by how near it is to the heading's words,
    nearest first (ties in the register's column order)."""
    scores: dict[str, float] = {}
    for spec in FIELDS:
        for alias in (spec.name, *spec.aliases):
            known = alias.replace("_", " ")
            score = max(fuzz.ratio(phrase, known), fuzz.token_sort_ratio(phrase, known))
            inside = set(alias.split("_"))
            if alias not in _NOT_CONTAINED and inside <= words:
                score = max(score, 100.0 - 10 * len(words - inside))
            scores[spec.name] = max(score, scores.get(spec.name, 0.0))
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return [(name, int(score)) for name, score in ranked]


def _fte_column(heading: str, words: list[str]) -> Candidate | None:
    """An FTE column of a role ('ICT FTE', 'Business analyst (hours)'); None if not one."""
    said = "fte" in words or time_unit(heading) is not None
    if not said:
        return None
    role = "_".join(w for w in words if w not in _FTE_NOISE)
    if not role:
        return Candidate(None, 0, ("FTE, but its heading names no role: name it fte_<role>",))
    return Candidate(ColumnRef("fte", key=role), 90 if "fte" in words else ACCEPT)


def _align_column(heading: str, words: list[str]) -> Candidate | None:
    """An alignment column of a mission ('Alignment to Green Council'); None if not one."""
    if not any(fuzz.ratio(w, known) >= 85 for w in words for known in _ALIGN_WORDS):
        return None
    mission = "_".join(
        w
        for w in words
        if w not in _ALIGN_NOISE and all(fuzz.ratio(w, k) < 85 for k in _ALIGN_WORDS)
    )
    if not mission:
        return Candidate(None, 0, ("alignment, but its heading names no mission: align_<key>",))
    return Candidate(ColumnRef("align", key=mission), 85)


def _named_money_unit(heading: str) -> str | None:
    text = heading.lower()
    return next((unit for pattern, _, unit in MONEY_UNITS if pattern.search(text)), None)


def _unit(heading: str, ref: ColumnRef | None) -> str | None:
    if ref is not None and ref.field in MONEY_FIELDS:
        return _named_money_unit(heading)
    if ref is not None and ref.field == "fte" and (found := time_unit(heading)) is not None:
        return "days" if found.startswith(("day", "person")) else "hours"
    return None


def _misfit(ref: ColumnRef, values: list[Raw], comma: bool = False) -> str | None:
    """Why the column's values do not look like the field's, or None if they do (or if the
    field is free text, which any value fits)."""
    texts = [text for value in values if (text := as_text(value)) is not None]
    if not texts:
        return None
    if ref.field == "id":
        repeated = [text for text, n in Counter(t.casefold() for t in texts).items() if n > 1]
        return (
            f"repeats values (e.g. '{repeated[0]}'): not one id per project" if repeated else None
        )
    reader = _reader(ref, comma)
    if reader is None:
        return None
    bad = [text for text in texts if not _fits(reader[0], text)]
    if len(bad) * 5 <= len(texts):
        return None
    shown = ", ".join(f"'{_one_line(t)[:24].rstrip()}'" for t in list(dict.fromkeys(bad))[:3])
    return f"{len(bad)} of {len(texts)} values read are not {reader[1]} (e.g. {shown})"


def _reader(ref: ColumnRef, comma: bool = False) -> tuple[Callable[[str], bool], str] | None:
    """How to tell a value fits the field, and what the field holds, as a person says it
    (figures read with the file's decimal mark)."""

    def number(text: str, money: bool = False) -> float | None:
        return parse_number(text, money=money, decimal_comma=comma)

    if ref.field in MONEY_FIELDS:
        return lambda text: number(text, money=True) is not None, "figures in £k"
    if ref.field == "fte":
        return lambda text: (number(text) or 0) >= 0, "FTE figures"
    if ref.field == "align":
        return lambda text: 0 <= (number(text) or 0) <= 3, "alignments 0 to 3"
    spec = FIELD_BY_NAME[ref.field]
    if spec.kind == "choice":
        return lambda text: parse_choice(text, spec.choices) is not None, (
            f"one of {', '.join(spec.allowed)}"
        )
    if spec.kind == "yes_no":
        return lambda text: parse_yes_no(text) is not None, "yes or no"
    if spec.kind == "rating":
        return lambda text: 1 <= (number(text) or 0) <= 5, "ratings 1 to 5"
    if spec.kind == "count":
        return lambda text: (number(text) or 0) >= 0, "counts"
    if spec.kind == "year":
        return lambda text: parse_financial_year(text) is not None, "financial years (2025/26)"
    return None


def _fits(read: Callable[[str], bool], text: str) -> bool:
    try:
        return read(text)
    except UnknownValue:
        return True  # 'TBC' fits any field: it says the value is not known
    except CellError:
        return False


def _doubt(found: Proposed, why: str) -> Proposed:
    return replace(found, sure=False, notes=(*found.notes, why))


def _one_column_per_field(columns: list[Proposed]) -> tuple[Proposed, ...]:
    """Two columns proposed for one field: the closer keeps it, the other becomes a comment."""
    best: dict[str, Proposed] = {}
    for found in columns:
        if found.sure and found.field is not None:
            held = best.get(found.field)
            if held is None or found.score > held.score:
                best[found.field] = found
    return tuple(
        found
        if not found.sure or found.field is None or best[found.field] is found
        else _doubt(found, f"column {best[found.field].column} is a closer match")
        for found in columns
    )


def _missing(columns: tuple[Proposed, ...]) -> tuple[str, ...]:
    """What the product reads that no column was proposed for: required fields first."""
    fields = {found.field for found in columns if found.sure}
    suggested = {found.field: found.column for found in columns if not found.sure}
    notes = []
    for name in REQUIRED:
        if name not in fields:
            spec = FIELD_BY_NAME[name]
            hint = (
                f" (column {suggested[name]} is a suggestion to check)" if name in suggested else ""
            )
            notes.append(
                f"{name} (required): no column holds it{hint}, so validate refuses the register "
                f"until one does ({spec.meaning.rstrip('.')})"
            )
    for kind, pattern in (
        ("cost", "cost_YYYY_YY"),
        ("benefit", "benefit_YYYY_YY_low / _high"),
        ("fte", "fte_<role>"),
        ("align", "align_<mission>"),
    ):
        if not any(f and f.startswith(f"{kind}_") for f in fields):
            notes.append(f"{pattern}: no column gives it ({PATTERN_MEANINGS[kind].rstrip('.')})")
    return tuple(notes)


def _why(found: Proposed) -> str:
    if found.field is None:
        return "; ".join(found.notes) + "; kept as an extra column, not scored"
    closeness = "" if found.score == 100 else f"score {found.score}; "
    return closeness + ("; ".join(found.notes) or "a close match")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, bar DEL, which TOML wants escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
